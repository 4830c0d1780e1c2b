//! Writes the generated demo catalog into the database in large batches.
//!
//! Ids are derived from the generator's indexes, so the same `--parts N`
//! gives the same URLs on every machine.

use anyhow::Context;

use super::Db;
use crate::demo::{self, DemoCatalog};
use crate::on_db;

/// 2026-01-01T00:00:00Z: demo timestamps count back from here so the data
/// set does not depend on when it was built.
pub const DEMO_EPOCH_MS: i64 = 1_767_225_600_000;

fn demo_id(kind: u8, i: u64) -> String {
    let mut rand = [0u8; 10];
    rand[0] = kind;
    rand[2..10].copy_from_slice(&i.to_be_bytes());
    uuid::Builder::from_unix_timestamp_millis(DEMO_EPOCH_MS as u64, &rand)
        .into_uuid()
        .to_string()
}

/// Id of the demo organization at `i`.
pub fn org_id(i: usize) -> String {
    demo_id(1, i as u64)
}
fn maker_id(i: usize) -> String {
    demo_id(2, i as u64)
}
fn model_id(i: usize) -> String {
    demo_id(3, i as u64)
}
/// Id of the demo part at `i`.
pub fn part_id(i: usize) -> String {
    demo_id(4, i as u64)
}

/// Parts per transaction; each multi-row INSERT holds `ROWS` of them.
const BATCH: usize = 10_000;
const ROWS: usize = 400;

/// Loads organizations, makers, models and `n` parts. `progress` is called
/// with the number of parts written so far.
pub async fn load(db: &Db, n: usize, progress: impl Fn(usize)) -> anyhow::Result<()> {
    let cat = demo::catalog();
    load_reference(db, &cat)
        .await
        .context("loading organizations and equipment")?;
    let mut parts = demo::parts(&cat, n).enumerate().peekable();
    let mut done = 0;
    while parts.peek().is_some() {
        let batch: Vec<(usize, demo::DemoPart)> = parts.by_ref().take(BATCH).collect();
        insert_parts(db, &batch)
            .await
            .context("inserting demo parts")?;
        done += batch.len();
        progress(done);
    }
    Ok(())
}

async fn load_reference(db: &Db, cat: &DemoCatalog) -> anyhow::Result<()> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        for (i, o) in cat.orgs.iter().enumerate() {
            sqlx::query("INSERT INTO organizations (id, name, kind, city, state, country, verified, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8)")
                .bind(org_id(i))
                .bind(&o.name)
                .bind(o.kind)
                .bind(o.city)
                .bind(o.state)
                .bind(o.country)
                .bind(o.verified)
                .bind(DEMO_EPOCH_MS)
                .execute(&mut *tx)
                .await?;
        }
        for (i, m) in cat.makers.iter().enumerate() {
            sqlx::query(
                "INSERT INTO equipment_manufacturers (id, name, country) VALUES ($1, $2, $3)",
            )
            .bind(maker_id(i))
            .bind(&m.name)
            .bind(m.country)
            .execute(&mut *tx)
            .await?;
        }
        for (i, m) in cat.models.iter().enumerate() {
            sqlx::query("INSERT INTO equipment_models (id, manufacturer_id, modality, name, aliases) VALUES ($1, $2, $3, $4, $5)")
                .bind(model_id(i))
                .bind(maker_id(m.maker))
                .bind(m.modality)
                .bind(&m.name)
                .bind(serde_json::to_string(&m.aliases)?)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        anyhow::Ok(())
    })
}

async fn insert_parts(db: &Db, batch: &[(usize, demo::DemoPart)]) -> anyhow::Result<()> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        for chunk in batch.chunks(ROWS) {
            let mut qb = sqlx::QueryBuilder::new(
                "INSERT INTO parts (id, seller_id, part_number, part_number_norm, name, description, category, manufacturer_id, \
                 price_minor, currency, stock, lead_time_days, moq, warranty_months, weight_grams, dimensions, hsn_code, gst_rate, \
                 condition, status, sales, created_at, updated_at, order_multiple) ",
            );
            qb.push_values(chunk, |mut b, (i, part)| {
                let created = DEMO_EPOCH_MS - i64::from(part.created_days_ago) * 86_400_000;
                b.push_bind(part_id(*i))
                    .push_bind(org_id(part.seller))
                    .push_bind(part.part_number.clone())
                    .push_bind(partsportal_index::normalize_code(&part.part_number))
                    .push_bind(part.name.clone())
                    .push_bind(part.description.clone())
                    .push_bind(part.category.clone())
                    .push_bind(maker_id(part.manufacturer))
                    .push_bind(part.price_minor)
                    .push_bind(part.currency)
                    .push_bind(part.stock)
                    .push_bind(part.lead_time_days)
                    .push_bind(part.moq)
                    .push_bind(part.warranty_months)
                    .push_bind(part.weight_grams)
                    .push_bind(part.dimensions.clone())
                    .push_bind(part.hsn_code.clone())
                    .push_bind(part.gst_rate)
                    .push_bind(part.condition)
                    .push_bind("active")
                    .push_bind(part.sales)
                    .push_bind(created)
                    .push_bind(created)
                    .push_bind(part.order_multiple);
            });
            qb.build().execute(&mut *tx).await?;
            let compat: Vec<(usize, usize)> = chunk
                .iter()
                .flat_map(|(i, part)| part.compatible_models.iter().map(move |m| (*i, *m)))
                .collect();
            for c in compat.chunks(2_000) {
                let mut qb =
                    sqlx::QueryBuilder::new("INSERT INTO part_compatibility (part_id, model_id) ");
                qb.push_values(c, |mut b, (i, m)| {
                    b.push_bind(part_id(*i)).push_bind(model_id(*m));
                });
                qb.push(" ON CONFLICT DO NOTHING");
                qb.build().execute(&mut *tx).await?;
            }
            let sup: Vec<(usize, &String)> = chunk
                .iter()
                .flat_map(|(i, part)| part.supersedes.iter().map(move |s| (*i, s)))
                .collect();
            if !sup.is_empty() {
                let mut qb = sqlx::QueryBuilder::new(
                    "INSERT INTO part_supersessions (old_part_number, old_part_number_norm, new_part_id) ",
                );
                qb.push_values(sup, |mut b, (i, old)| {
                    b.push_bind(old.clone())
                        .push_bind(partsportal_index::normalize_code(old))
                        .push_bind(part_id(i));
                });
                qb.push(" ON CONFLICT DO NOTHING");
                qb.build().execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        anyhow::Ok(())
    })
}

/// Organizations the demo purchasing set-up covers, oldest first: (id,
/// name, kind, city, state).
pub async fn purchasing_orgs(
    db: &Db,
) -> sqlx::Result<Vec<(String, String, String, String, String)>> {
    on_db!(db, |p| sqlx::query_as(
        "SELECT id, name, kind, city, state FROM organizations \
         WHERE kind IN ('hospital', 'clinic', 'manufacturer', 'supplier', 'distributor', 'dealer') \
         ORDER BY created_at, id"
    )
    .fetch_all(p)
    .await)
}

/// A seller's GST registration and bank details, unless it has settings.
pub async fn seller_settings(
    db: &Db,
    org_id: &str,
    state_code: &str,
    gstin: &str,
    account_name: &str,
    account_number: &str,
    now: i64,
) -> sqlx::Result<()> {
    on_db!(db, |p| {
        sqlx::query(
        "INSERT INTO seller_settings (org_id, state_code, gstin, bank_account_name, bank_account_number, \
         bank_ifsc, bank_name, updated_at) VALUES ($1, $2, $3, $4, $5, 'HDFC0001234', 'HDFC Bank', $6) \
         ON CONFLICT (org_id) DO NOTHING"
    )
    .bind(org_id)
    .bind(state_code)
    .bind(gstin)
    .bind(account_name)
    .bind(account_number)
    .bind(now)
    .execute(p)
    .await
    .map(|_| ())
    })
}

/// A buyer's approval threshold, unless it has settings.
pub async fn buyer_threshold(db: &Db, org_id: &str, minor: i64, now: i64) -> sqlx::Result<()> {
    on_db!(db, |p| sqlx::query(
        "INSERT INTO buyer_settings (org_id, approval_threshold_minor, currency, updated_at) \
         VALUES ($1, $2, 'INR', $3) ON CONFLICT (org_id) DO NOTHING"
    )
    .bind(org_id)
    .bind(minor)
    .bind(now)
    .execute(p)
    .await
    .map(|_| ()))
}

/// Net terms from a seller to a buyer, unless some exist.
pub async fn credit_terms(
    db: &Db,
    seller_id: &str,
    buyer_id: &str,
    net_days: i32,
    limit_minor: i64,
    now: i64,
) -> sqlx::Result<()> {
    on_db!(db, |p| {
        sqlx::query(
        "INSERT INTO credit_terms (seller_id, buyer_id, net_days, credit_limit_minor, currency, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'INR', $5, $5) ON CONFLICT (seller_id, buyer_id) DO NOTHING"
    )
    .bind(seller_id)
    .bind(buyer_id)
    .bind(net_days)
    .bind(limit_minor)
    .bind(now)
    .execute(p)
    .await
    .map(|_| ())
    })
}
