//! A seller's catalog as the importer's records, a page at a time, for the
//! catalog export: what the seller downloads is what they could upload again
//! to get the same catalog.

use std::collections::HashMap;

use partsportal_importers::PartRecord;
use partsportal_importers::records::{Condition, parse_currency};

use super::Db;
use crate::on_db;

/// Letters and digits, lower case: the key the import's model matcher
/// compares names by (`domain::catalog_import`).
fn key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// How each equipment model is written in an export, by model id: its name
/// as stored in `equipment_models` ("Signa Explorer"), which the import
/// resolves back to the model; or, when another model claims the same name
/// (two makers' "Vista 300"), its full label ("Mindray Vista 300"), which
/// the import resolves unambiguously.
pub async fn model_names(db: &Db) -> sqlx::Result<HashMap<String, String>> {
    let rows: Vec<(String, String, String, String)> = on_db!(db, |p| sqlx::query_as(
        "SELECT em.id, em.name, mf.name, em.aliases FROM equipment_models em \
         JOIN equipment_manufacturers mf ON mf.id = em.manufacturer_id"
    )
    .fetch_all(p)
    .await)?;
    // Which models answer to each key: name, label and aliases alike.
    let mut claims: HashMap<String, Vec<&str>> = HashMap::new();
    for (id, name, maker, aliases) in &rows {
        let aliases: Vec<String> = serde_json::from_str(aliases).unwrap_or_default();
        let mut keys: Vec<String> = aliases.iter().map(|a| key(a)).collect();
        keys.push(key(name));
        keys.push(key(&format!("{maker} {name}")));
        keys.sort();
        keys.dedup();
        for k in keys {
            claims.entry(k).or_default().push(id);
        }
    }
    Ok(rows
        .iter()
        .map(|(id, name, maker, _)| {
            let unique = claims.get(&key(name)).is_some_and(|ids| ids.len() == 1);
            let written = if unique {
                name.clone()
            } else {
                format!("{maker} {name}")
            };
            (id.clone(), written)
        })
        .collect())
}

/// A part's columns as the export needs them.
#[derive(Debug, sqlx::FromRow)]
struct Row {
    id: String,
    part_number: String,
    part_number_norm: String,
    name: String,
    description: String,
    manufacturer_name: String,
    brand: String,
    oem_part_number: String,
    category: String,
    price_minor: i64,
    currency: String,
    gst_rate: i32,
    stock: i64,
    moq: i32,
    order_multiple: i32,
    lead_time_days: i32,
    warranty_months: i32,
    condition: String,
    weight_grams: i64,
    hsn_code: String,
}

fn non_empty(s: String) -> Option<String> {
    if s.trim().is_empty() { None } else { Some(s) }
}

/// One page of the export: up to `limit` parts of seller `seller_id` whose
/// normalized part number sorts after `after` ("" for the first page), in
/// that order, with their compatible models (as [`model_names`] writes
/// them) and superseded numbers. Active parts, public and hidden; archived
/// ones too when `archived`. Returns the records and the cursor of the next
/// page (`None` after the last). Each record's `row` is 0: the writer
/// numbers rows.
pub async fn page(
    db: &Db,
    seller_id: &str,
    archived: bool,
    after: &str,
    limit: i64,
    models: &HashMap<String, String>,
) -> sqlx::Result<(Vec<PartRecord>, Option<String>)> {
    let rows: Vec<Row> = on_db!(db, |p| {
        sqlx::query_as::<_, Row>(
        "SELECT p.id, p.part_number, p.part_number_norm, p.name, p.description, \
         m.name AS manufacturer_name, p.brand, p.oem_part_number, p.category, p.price_minor, \
         p.currency, p.gst_rate, p.stock, p.moq, p.order_multiple, p.lead_time_days, p.warranty_months, \
         p.condition, p.weight_grams, p.hsn_code \
         FROM parts p JOIN equipment_manufacturers m ON m.id = p.manufacturer_id \
         WHERE p.seller_id = $1 AND ($2 OR p.status = 'active') AND p.part_number_norm > $3 \
         ORDER BY p.part_number_norm LIMIT $4"
    )
    .bind(seller_id)
    .bind(archived)
    .bind(after)
    .bind(limit)
    .fetch_all(p)
    .await
    })?;
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return Ok((Vec::new(), None));
    };
    let (first, last) = (
        first.part_number_norm.clone(),
        last.part_number_norm.clone(),
    );
    // The page's parts are a range of the (seller, number) index: ranges
    // keep the bind count fixed however large the page.
    let compat: Vec<(String, String)> = on_db!(db, |p| {
        sqlx::query_as(
        "SELECT c.part_id, c.model_id FROM part_compatibility c JOIN parts p ON p.id = c.part_id \
         WHERE p.seller_id = $1 AND p.part_number_norm >= $2 AND p.part_number_norm <= $3"
    )
    .bind(seller_id)
    .bind(&first)
    .bind(&last)
    .fetch_all(p)
    .await
    })?;
    let sup: Vec<(String, String)> = on_db!(db, |p| sqlx::query_as(
        "SELECT s.new_part_id, s.old_part_number FROM part_supersessions s \
         JOIN parts p ON p.id = s.new_part_id \
         WHERE p.seller_id = $1 AND p.part_number_norm >= $2 AND p.part_number_norm <= $3 \
         ORDER BY s.old_part_number"
    )
    .bind(seller_id)
    .bind(&first)
    .bind(&last)
    .fetch_all(p)
    .await)?;
    let mut fits: HashMap<String, Vec<String>> = HashMap::new();
    for (part, model) in compat {
        if let Some(name) = models.get(&model) {
            fits.entry(part).or_default().push(name.clone());
        }
    }
    let mut replaces: HashMap<String, Vec<String>> = HashMap::new();
    for (part, old) in sup {
        replaces.entry(part).or_default().push(old);
    }
    let next = (rows.len() as i64 >= limit).then_some(last);
    let records = rows
        .into_iter()
        .map(|r| {
            let mut compatible_models = fits.remove(&r.id).unwrap_or_default();
            compatible_models.sort_by_key(|m| m.to_lowercase());
            compatible_models.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
            PartRecord {
                row: 0,
                part_number: r.part_number,
                part_number_norm: r.part_number_norm,
                name: non_empty(r.name),
                description: non_empty(r.description),
                manufacturer: non_empty(r.manufacturer_name),
                brand: non_empty(r.brand),
                oem_part_number: non_empty(r.oem_part_number),
                category: non_empty(r.category),
                compatible_models,
                price_minor: Some(r.price_minor),
                currency: parse_currency(&r.currency),
                gst_rate: u8::try_from(r.gst_rate).ok(),
                stock: Some(r.stock),
                moq: Some(i64::from(r.moq)),
                order_multiple: u32::try_from(r.order_multiple).ok(),
                lead_time_days: u32::try_from(r.lead_time_days).ok(),
                warranty_months: u32::try_from(r.warranty_months).ok(),
                condition: Condition::parse(&r.condition),
                // 0 is "not given": the column stays empty, and an upload of
                // the file leaves the weight as it is.
                weight_grams: u64::try_from(r.weight_grams).ok().filter(|g| *g > 0),
                hsn: non_empty(r.hsn_code),
                image_url: None,
                supersedes: replaces.remove(&r.id).unwrap_or_default(),
            }
        })
        .collect();
    Ok((records, next))
}
