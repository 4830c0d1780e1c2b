//! The tax rate table: sales tax and VAT by destination for sales not taxed
//! under Indian GST (`domain::tax::TaxTable`). Platform administrators
//! change it; checkout and cart estimates read it on every request, so a
//! change applies to the next checkout. Each change writes its audit row in
//! the same transaction, and applies only if the row still holds what the
//! administrator saw, so the audit row says exactly what changed.

use rust_decimal::Decimal;

use super::Db;
use super::audit::Entry;
use crate::domain::tax::{TableError, TaxKind, TaxRateRow, TaxTable};
use crate::on_db;

/// A stored rate, as the admin page lists it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredRate {
    pub country: String,
    /// '' for the whole country.
    pub region: String,
    /// `TaxKind::as_str`: `sales_tax` or `vat`.
    pub kind: String,
    /// Millionths of the taxable value: 7.25 % is 72500.
    pub rate_ppm: i64,
    /// `None` on a starter row no administrator has changed.
    pub updated_at: Option<i64>,
    /// The email of the administrator who changed it last.
    pub updated_by: Option<String>,
}

impl StoredRate {
    /// The rate in percent, such as 7.25.
    pub fn rate(&self) -> Decimal {
        Decimal::new(self.rate_ppm, 4).normalize()
    }

    /// As the domain reads it. A kind the table cannot hold is an error
    /// naming the row, never a row left out.
    pub fn row(&self) -> Result<TaxRateRow, LoadError> {
        let kind = TaxKind::parse(&self.kind).ok_or_else(|| LoadError::Kind {
            country: self.country.clone(),
            region: self.region.clone(),
            kind: self.kind.clone(),
        })?;
        Ok(TaxRateRow {
            country: self.country.clone(),
            region: Some(self.region.clone()).filter(|r| !r.is_empty()),
            kind,
            rate: Decimal::new(self.rate_ppm, 4),
        })
    }
}

/// Why the stored table could not be read. Checkout refuses to work out
/// tax rather than leave a row out: a missing rate would charge no tax.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error("the stored tax rate for {country}/{region} has kind “{kind}”, not sales tax or VAT")]
    Kind {
        country: String,
        region: String,
        kind: String,
    },
    #[error("the stored tax rate table is refused: {0}")]
    Table(#[from] TableError),
}

/// Every stored rate, by country then region (the country-wide row first).
pub async fn list(db: &Db) -> sqlx::Result<Vec<StoredRate>> {
    on_db!(db, |p| sqlx::query_as::<_, StoredRate>(
        "SELECT t.country, t.region, t.kind, t.rate_ppm, t.updated_at, u.email AS updated_by \
         FROM tax_rates t LEFT JOIN users u ON u.id = t.updated_by \
         ORDER BY t.country, t.region"
    )
    .fetch_all(p)
    .await)
}

/// The table checked as `TaxTable::from_rows` checks it.
pub fn to_table(rows: &[StoredRate]) -> Result<TaxTable, LoadError> {
    let rows = rows
        .iter()
        .map(StoredRate::row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(TaxTable::from_rows(rows)?)
}

/// The table checkout and cart estimates tax with.
pub async fn table(db: &Db) -> Result<TaxTable, LoadError> {
    to_table(&list(db).await?)
}

/// The stored rate of a place (`region` '' for the whole country).
pub async fn get(db: &Db, country: &str, region: &str) -> sqlx::Result<Option<StoredRate>> {
    on_db!(db, |p| sqlx::query_as::<_, StoredRate>(
        "SELECT t.country, t.region, t.kind, t.rate_ppm, t.updated_at, u.email AS updated_by \
         FROM tax_rates t LEFT JOIN users u ON u.id = t.updated_by \
         WHERE t.country = $1 AND t.region = $2"
    )
    .bind(country)
    .bind(region)
    .fetch_optional(p)
    .await)
}

/// A checked row's columns: (country, region or '', kind, rate in ppm).
fn columns(row: &TaxRateRow) -> sqlx::Result<(&str, &str, &'static str, i64)> {
    // `TaxRateRow::checked` allows at most 4 decimals of a percent, which
    // ppm hold exactly; anything finer is refused rather than rounded.
    let ppm = (row.rate * Decimal::from(10_000)).normalize();
    let ppm = i64::try_from(ppm)
        .ok()
        .filter(|_| ppm.scale() == 0)
        .ok_or_else(|| sqlx::Error::Encode(Box::new(TableError::Rate(row.place()))))?;
    Ok((
        &row.country,
        row.region.as_deref().unwrap_or(""),
        row.kind.as_str(),
        ppm,
    ))
}

/// Adds `row` (checked with `TaxRateRow::checked`). Returns `false`,
/// writing nothing, when its place already has a rate.
pub async fn insert(
    db: &Db,
    row: &TaxRateRow,
    by: &str,
    now: i64,
    audit: &Entry<'_>,
) -> sqlx::Result<bool> {
    let (country, region, kind, ppm) = columns(row)?;
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let n = sqlx::query(
            "INSERT INTO tax_rates (country, region, kind, rate_ppm, updated_at, updated_by) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (country, region) DO NOTHING",
        )
        .bind(country)
        .bind(region)
        .bind(kind)
        .bind(ppm)
        .bind(now)
        .bind(by)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        let t = &mut tx;
        crate::audit_push!(t, now, audit);
        tx.commit().await?;
        Ok(true)
    })
}

/// Changes the kind and rate of `from`'s place to `to`'s (both checked, same
/// place). Returns `false`, writing nothing, when the stored row no longer
/// holds `from` (changed or deleted meanwhile).
pub async fn update(
    db: &Db,
    from: &TaxRateRow,
    to: &TaxRateRow,
    by: &str,
    now: i64,
    audit: &Entry<'_>,
) -> sqlx::Result<bool> {
    let (country, region, old_kind, old_ppm) = columns(from)?;
    let (_, _, kind, ppm) = columns(to)?;
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let n = sqlx::query(
            "UPDATE tax_rates SET kind = $1, rate_ppm = $2, updated_at = $3, updated_by = $4 \
             WHERE country = $5 AND region = $6 AND kind = $7 AND rate_ppm = $8",
        )
        .bind(kind)
        .bind(ppm)
        .bind(now)
        .bind(by)
        .bind(country)
        .bind(region)
        .bind(old_kind)
        .bind(old_ppm)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        let t = &mut tx;
        crate::audit_push!(t, now, audit);
        tx.commit().await?;
        Ok(true)
    })
}

/// Deletes the rate `from` (checked). Returns `false`, writing nothing, when
/// the stored row no longer holds it.
pub async fn delete(db: &Db, from: &TaxRateRow, now: i64, audit: &Entry<'_>) -> sqlx::Result<bool> {
    let (country, region, kind, ppm) = columns(from)?;
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let n = sqlx::query(
            "DELETE FROM tax_rates \
             WHERE country = $1 AND region = $2 AND kind = $3 AND rate_ppm = $4",
        )
        .bind(country)
        .bind(region)
        .bind(kind)
        .bind(ppm)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        let t = &mut tx;
        crate::audit_push!(t, now, audit);
        tx.commit().await?;
        Ok(true)
    })
}
