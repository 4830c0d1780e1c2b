//! Catalog reads: parts, equipment models, manufacturers, organizations, and
//! the documents the search index is built from.

use std::collections::HashMap;

use partsportal_index::{ModelRef, PartDoc};

use super::Db;
use crate::domain::money;
use crate::on_db;

/// A part with its seller and manufacturer names.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PartRow {
    pub id: String,
    pub seller_id: String,
    pub seller_name: String,
    pub seller_verified: bool,
    /// The seller's `organizations.status`: only an active seller's parts
    /// are searchable or shown.
    pub seller_status: String,
    pub seller_city: String,
    pub seller_state: String,
    pub part_number: String,
    pub part_number_norm: String,
    pub name: String,
    pub description: String,
    pub category: String,
    pub manufacturer_id: String,
    pub manufacturer_name: String,
    pub price_minor: i64,
    pub currency: String,
    pub stock: i64,
    pub lead_time_days: i32,
    pub moq: i32,
    pub order_multiple: i32,
    pub warranty_months: i32,
    pub weight_grams: i64,
    pub dimensions: String,
    pub hsn_code: String,
    pub gst_rate: i32,
    pub condition: String,
    pub status: String,
    /// `public` or `hidden`: a hidden part stays in the seller's catalog but
    /// is not searchable, shown to buyers or orderable.
    pub visibility: String,
    pub low_stock_threshold: i64,
    pub brand: String,
    pub oem_part_number: String,
    pub sales: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// Stored names of the first picture's 160 px and 640 px renditions.
    pub image_small: Option<String>,
    pub image_large: Option<String>,
    /// The first picture's size (its full rendition's) and description.
    pub image_width: Option<i64>,
    pub image_height: Option<i64>,
    pub image_alt: Option<String>,
}

impl PartRow {
    /// Whether buyers may see and order the part.
    pub fn is_listed(&self) -> bool {
        self.status == "active" && self.visibility == "public" && self.seller_status == "active"
    }
}

/// The part columns and joins every part query starts with.
macro_rules! part_select {
    () => {
        "SELECT p.id, p.seller_id, o.name AS seller_name, o.verified AS seller_verified, \
    o.status AS seller_status, o.city AS seller_city, o.state AS seller_state, p.part_number, p.part_number_norm, p.name, p.description, \
    p.category, p.manufacturer_id, m.name AS manufacturer_name, p.price_minor, p.currency, p.stock, \
    p.lead_time_days, p.moq, p.order_multiple, p.warranty_months, p.weight_grams, p.dimensions, p.hsn_code, p.gst_rate, \
    p.condition, p.status, p.visibility, p.low_stock_threshold, p.brand, p.oem_part_number, \
    p.sales, p.created_at, p.updated_at, \
    i.small_name AS image_small, i.large_name AS image_large, i.width AS image_width, \
    i.height AS image_height, i.alt_text AS image_alt \
    FROM parts p JOIN organizations o ON o.id = p.seller_id \
    JOIN equipment_manufacturers m ON m.id = p.manufacturer_id \
    LEFT JOIN part_images i ON i.id = \
    (SELECT i1.id FROM part_images i1 WHERE i1.part_id = p.id ORDER BY i1.position, i1.id LIMIT 1)"
    };
}

/// An equipment model with its maker.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ModelRow {
    pub id: String,
    pub manufacturer_id: String,
    pub manufacturer_name: String,
    pub modality: String,
    pub name: String,
    pub aliases: String,
}

impl ModelRow {
    /// "GE HealthCare Signa Explorer".
    pub fn label(&self) -> String {
        format!("{} {}", self.manufacturer_name, self.name)
    }

    /// Other spellings, decoded from the JSON column.
    pub fn alias_list(&self) -> Vec<String> {
        serde_json::from_str(&self.aliases).unwrap_or_default()
    }

    /// The form the index stores.
    pub fn to_ref(&self) -> ModelRef {
        ModelRef {
            id: self.id.clone(),
            label: self.label(),
            name: self.name.clone(),
            aliases: self.alias_list(),
        }
    }
}

/// The model columns and joins every model query starts with.
macro_rules! model_select {
    () => {
        "SELECT em.id, em.manufacturer_id, mf.name AS manufacturer_name, em.modality, em.name, em.aliases \
    FROM equipment_models em JOIN equipment_manufacturers mf ON mf.id = em.manufacturer_id"
    };
}

/// An equipment manufacturer.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ManufacturerRow {
    pub id: String,
    pub name: String,
    pub country: String,
}

/// An organization.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrgRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub city: String,
    pub state: String,
    pub country: String,
    pub verified: bool,
    pub status: String,
    pub created_at: i64,
}

/// An old part number replaced by a part.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SupersessionRow {
    pub old_part_number: String,
    pub new_part_id: String,
}

/// A part by id, archived or not.
pub async fn part(db: &Db, id: &str) -> sqlx::Result<Option<PartRow>> {
    let sql = concat!(part_select!(), " WHERE p.id = $1");
    on_db!(db, |p| sqlx::query_as::<_, PartRow>(sql)
        .bind(id)
        .fetch_optional(p)
        .await)
}

/// Several parts by id, in no particular order.
pub async fn parts_by_ids(db: &Db, ids: &[String]) -> sqlx::Result<Vec<PartRow>> {
    let mut out = Vec::with_capacity(ids.len());
    // Chunks keep the bind count well under both engines' limits.
    for chunk in ids.chunks(500) {
        let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        // Only generated placeholders are spliced in.
        let sql = format!(
            concat!(part_select!(), " WHERE p.id IN ({})"),
            placeholders.join(",")
        );
        let rows = on_db!(db, |p| {
            let mut q = sqlx::query_as::<_, PartRow>(sqlx::AssertSqlSafe(sql.clone()));
            for id in chunk {
                q = q.bind(id);
            }
            q.fetch_all(p).await
        })?;
        out.extend(rows);
    }
    Ok(out)
}

/// Active parts with the same normalized part number from other sellers.
pub async fn other_sellers(db: &Db, part: &PartRow) -> sqlx::Result<Vec<PartRow>> {
    let sql = concat!(
        part_select!(),
        " WHERE p.part_number_norm = $1 AND p.id <> $2 AND p.status = 'active' AND p.visibility = 'public' AND o.status = 'active' ORDER BY p.price_minor"
    );
    on_db!(db, |p| sqlx::query_as::<_, PartRow>(sql)
        .bind(&part.part_number_norm)
        .bind(&part.id)
        .fetch_all(p)
        .await)
}

/// Models a part fits.
pub async fn part_models(db: &Db, part_id: &str) -> sqlx::Result<Vec<ModelRow>> {
    let sql = concat!(
        model_select!(),
        " JOIN part_compatibility c ON c.model_id = em.id WHERE c.part_id = $1 ORDER BY mf.name, em.name"
    );
    on_db!(db, |p| sqlx::query_as::<_, ModelRow>(sql)
        .bind(part_id)
        .fetch_all(p)
        .await)
}

/// Old numbers this part replaces.
pub async fn replaces(db: &Db, part_id: &str) -> sqlx::Result<Vec<String>> {
    on_db!(db, |p| {
        sqlx::query_scalar("SELECT old_part_number FROM part_supersessions WHERE new_part_id = $1 ORDER BY old_part_number")
        .bind(part_id)
        .fetch_all(p)
        .await
    })
}

/// Parts that replace this part's number (this part is superseded by them).
pub async fn replaced_by(db: &Db, part_number_norm: &str) -> sqlx::Result<Vec<PartRow>> {
    let sql = concat!(
        part_select!(),
        " JOIN part_supersessions s ON s.new_part_id = p.id WHERE s.old_part_number_norm = $1 AND p.status = 'active' AND p.visibility = 'public' AND o.status = 'active'"
    );
    on_db!(db, |p| sqlx::query_as::<_, PartRow>(sql)
        .bind(part_number_norm)
        .fetch_all(p)
        .await)
}

/// A model by id.
pub async fn model(db: &Db, id: &str) -> sqlx::Result<Option<ModelRow>> {
    let sql = concat!(model_select!(), " WHERE em.id = $1");
    on_db!(db, |p| sqlx::query_as::<_, ModelRow>(sql)
        .bind(id)
        .fetch_optional(p)
        .await)
}

/// Every model, by maker and name.
pub async fn all_models(db: &Db) -> sqlx::Result<Vec<ModelRow>> {
    let sql = concat!(model_select!(), " ORDER BY mf.name, em.name");
    on_db!(db, |p| sqlx::query_as::<_, ModelRow>(sql)
        .fetch_all(p)
        .await)
}

/// A manufacturer's models.
pub async fn models_of(db: &Db, manufacturer_id: &str) -> sqlx::Result<Vec<ModelRow>> {
    let sql = concat!(
        model_select!(),
        " WHERE em.manufacturer_id = $1 ORDER BY em.modality, em.name"
    );
    on_db!(db, |p| sqlx::query_as::<_, ModelRow>(sql)
        .bind(manufacturer_id)
        .fetch_all(p)
        .await)
}

/// A manufacturer by id.
pub async fn manufacturer(db: &Db, id: &str) -> sqlx::Result<Option<ManufacturerRow>> {
    on_db!(db, |p| sqlx::query_as::<_, ManufacturerRow>(
        "SELECT id, name, country FROM equipment_manufacturers WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(p)
    .await)
}

/// Every manufacturer by name.
pub async fn manufacturers(db: &Db) -> sqlx::Result<Vec<ManufacturerRow>> {
    on_db!(db, |p| sqlx::query_as::<_, ManufacturerRow>(
        "SELECT id, name, country FROM equipment_manufacturers ORDER BY name"
    )
    .fetch_all(p)
    .await)
}

/// An organization by id.
pub async fn org(db: &Db, id: &str) -> sqlx::Result<Option<OrgRow>> {
    on_db!(db, |p| {
        sqlx::query_as::<_, OrgRow>("SELECT id, name, kind, city, state, country, verified, status, created_at FROM organizations WHERE id = $1")
        .bind(id)
        .fetch_optional(p)
        .await
    })
}

/// Number of parts in the database.
pub async fn count_parts(db: &Db) -> sqlx::Result<i64> {
    on_db!(db, |p| sqlx::query_scalar("SELECT COUNT(*) FROM parts")
        .fetch_one(p)
        .await)
}

/// Changes a part's price and stock, and queues it for the index, in one
/// transaction.
pub async fn update_price_stock(
    db: &Db,
    id: &str,
    price_minor: i64,
    stock: i64,
) -> anyhow::Result<bool> {
    let now = super::now_ms();
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let n = sqlx::query(
            "UPDATE parts SET price_minor = $1, stock = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(price_minor)
        .bind(stock)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 1 {
            let tx = &mut tx;
            crate::outbox_push!(tx, id, super::outbox::Op::Upsert, now);
        }
        tx.commit().await?;
        Ok(n == 1)
    })
}

/// Where a rebuild has read up to: the last part read, by the keys of the
/// order it reads in (see migration 0008). The default is the start.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct RebuildCursor {
    category: String,
    manufacturer_id: String,
    id: String,
}

/// The columns of the order a rebuild reads parts in.
macro_rules! rebuild_columns {
    () => {
        "p.category, p.manufacturer_id, p.id"
    };
}

/// The same, as a row value to compare with a cursor, on both engines.
macro_rules! rebuild_key {
    () => {
        concat!("(", rebuild_columns!(), ")")
    };
}

/// Builds index documents for the `limit` parts after `after`, in the order
/// of migration 0008 (category, maker, id), so the index holds parts that
/// match together side by side. Archived parts and parts of inactive
/// sellers are returned in `removed` so the caller can delete them from
/// the index. The cursor returned is `None` at the end.
pub async fn index_batch(
    db: &Db,
    models: &HashMap<String, (ModelRef, String)>,
    after: &RebuildCursor,
    limit: i64,
) -> sqlx::Result<(Vec<PartDoc>, Vec<String>, Option<RebuildCursor>)> {
    let sql = concat!(
        part_select!(),
        " WHERE ",
        rebuild_key!(),
        " > ($1, $2, $3) ORDER BY ",
        rebuild_columns!(),
        " LIMIT $4"
    );
    let rows = on_db!(db, |p| sqlx::query_as::<_, PartRow>(sql)
        .bind(&after.category)
        .bind(&after.manufacturer_id)
        .bind(&after.id)
        .bind(limit)
        .fetch_all(p)
        .await)?;
    let cursor = |r: &PartRow| RebuildCursor {
        category: r.category.clone(),
        manufacturer_id: r.manufacturer_id.clone(),
        id: r.id.clone(),
    };
    let (Some(first), Some(last)) = (rows.first().map(cursor), rows.last().map(cursor)) else {
        return Ok((Vec::new(), Vec::new(), None));
    };
    // The batch's compatibility and supersession rows, by the same key range.
    macro_rules! in_batch {
        () => {
            concat!(
                rebuild_key!(),
                " >= ($1, $2, $3) AND ",
                rebuild_key!(),
                " <= ($4, $5, $6)"
            )
        };
    }
    let compat_sql = concat!(
        "SELECT c.part_id, c.model_id FROM part_compatibility c ",
        "JOIN parts p ON p.id = c.part_id WHERE ",
        in_batch!()
    );
    let sup_sql = concat!(
        "SELECT s.old_part_number, s.new_part_id FROM part_supersessions s ",
        "JOIN parts p ON p.id = s.new_part_id WHERE ",
        in_batch!()
    );
    // Binds the batch's first and last keys, in `in_batch!` order.
    macro_rules! bound {
        ($q:expr) => {
            $q.bind(&first.category)
                .bind(&first.manufacturer_id)
                .bind(&first.id)
                .bind(&last.category)
                .bind(&last.manufacturer_id)
                .bind(&last.id)
        };
    }
    let compat: Vec<(String, String)> = on_db!(db, |p| bound!(sqlx::query_as(compat_sql))
        .fetch_all(p)
        .await)?;
    let sup: Vec<SupersessionRow> =
        on_db!(db, |p| bound!(sqlx::query_as(sup_sql)).fetch_all(p).await)?;
    let (docs, removed) = to_docs(rows, &compat, &sup, models).await;
    Ok((docs, removed, Some(last)))
}

/// Index documents for the given part ids (the outbox path).
pub async fn index_docs_for(
    db: &Db,
    models: &HashMap<String, (ModelRef, String)>,
    ids: &[String],
) -> sqlx::Result<(Vec<PartDoc>, Vec<String>)> {
    let rows = parts_by_ids(db, ids).await?;
    let mut compat = Vec::new();
    let mut sup = Vec::new();
    for chunk in ids.chunks(500) {
        let ph: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let csql = format!(
            "SELECT part_id, model_id FROM part_compatibility WHERE part_id IN ({})",
            ph.join(",")
        );
        let ssql = format!(
            "SELECT old_part_number, new_part_id FROM part_supersessions WHERE new_part_id IN ({})",
            ph.join(",")
        );
        let c: Vec<(String, String)> = on_db!(db, |p| {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(csql.clone()));
            for id in chunk {
                q = q.bind(id);
            }
            q.fetch_all(p).await
        })?;
        let s: Vec<SupersessionRow> = on_db!(db, |p| {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(ssql.clone()));
            for id in chunk {
                q = q.bind(id);
            }
            q.fetch_all(p).await
        })?;
        compat.extend(c);
        sup.extend(s);
    }
    let found: std::collections::HashSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let mut missing: Vec<String> = ids
        .iter()
        .filter(|i| !found.contains(i.as_str()))
        .cloned()
        .collect();
    let (docs, removed) = to_docs(rows, &compat, &sup, models).await;
    missing.extend(removed);
    Ok((docs, missing))
}

async fn to_docs(
    rows: Vec<PartRow>,
    compat: &[(String, String)],
    sup: &[SupersessionRow],
    models: &HashMap<String, (ModelRef, String)>,
) -> (Vec<PartDoc>, Vec<String>) {
    let mut by_part: HashMap<&str, Vec<&str>> = HashMap::new();
    for (part, model) in compat {
        by_part
            .entry(part.as_str())
            .or_default()
            .push(model.as_str());
    }
    let mut replaces: HashMap<&str, Vec<String>> = HashMap::new();
    for s in sup {
        replaces
            .entry(s.new_part_id.as_str())
            .or_default()
            .push(s.old_part_number.clone());
    }
    let mut docs = Vec::with_capacity(rows.len());
    let mut removed = Vec::new();
    for r in rows {
        // A pending or suspended seller's parts leave search with it.
        if !r.is_listed() {
            removed.push(r.id);
            continue;
        }
        // Sorted, so a document is the same whatever order the database
        // returned the rows in (a rebuild and the outbox read them apart).
        let mut fits: Vec<&(ModelRef, String)> = by_part
            .get(r.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|mid| models.get(*mid))
            .collect();
        fits.sort_by(|a, b| a.0.label.cmp(&b.0.label));
        let mut modalities: Vec<String> = Vec::new();
        for (_, modality) in &fits {
            if !modalities.contains(modality) {
                modalities.push(modality.clone());
            }
        }
        let part_models = fits.into_iter().map(|(m, _)| m.clone()).collect();
        let mut replaced = replaces.remove(r.id.as_str()).unwrap_or_default();
        replaced.sort();
        let price_inr_minor = money::to_inr_minor(r.price_minor, &r.currency).max(0) as u64;
        docs.push(PartDoc {
            replaces: replaced,
            id: r.id,
            part_number: r.part_number,
            name: r.name,
            description: r.description,
            category: r.category,
            manufacturer: r.manufacturer_name,
            manufacturer_id: r.manufacturer_id,
            modalities,
            seller_id: r.seller_id,
            seller: r.seller_name,
            seller_verified: r.seller_verified,
            price_minor: r.price_minor,
            currency: r.currency,
            price_inr_minor,
            stock: r.stock,
            lead_time_days: r.lead_time_days.max(0) as u32,
            moq: r.moq.max(1) as u32,
            order_multiple: r.order_multiple.max(1) as u32,
            warranty_months: r.warranty_months.max(0) as u32,
            condition: r.condition,
            models: part_models,
            sales: r.sales.max(0) as u64,
            created_at_ms: r.created_at,
            image: r.image_small.as_deref().map(crate::web::files::image_path),
            image_size: match (r.image_small.as_ref(), r.image_width, r.image_height) {
                (Some(_), Some(w), Some(h)) => Some(crate::media::images::fit(
                    u32::try_from(w).unwrap_or(1),
                    u32::try_from(h).unwrap_or(1),
                    crate::media::images::SMALL_SIDE,
                )),
                _ => None,
            },
            image_alt: r.image_alt.unwrap_or_default(),
        });
    }
    (docs, removed)
}

/// Every model keyed by id, with its modality, as the index stores it.
pub async fn model_refs(db: &Db) -> sqlx::Result<HashMap<String, (ModelRef, String)>> {
    Ok(all_models(db)
        .await?
        .into_iter()
        .map(|m| (m.id.clone(), (m.to_ref(), m.modality.clone())))
        .collect())
}
