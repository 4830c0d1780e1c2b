//! A buying organization's purchasing rules: the order total above which an
//! order waits for an approver. Each change writes its audit row in the same
//! transaction.

use super::Db;
use super::audit::Entry;
use crate::on_db;

/// The stored settings of one buying organization.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BuyerSettingsRow {
    /// Orders above this total (minor units) wait for an approver; `None`:
    /// no approval needed.
    pub approval_threshold_minor: Option<i64>,
    pub currency: String,
    pub updated_at: i64,
}

/// The organization's settings; `None` before the first save (no approval
/// needed).
pub async fn get(db: &Db, org_id: &str) -> sqlx::Result<Option<BuyerSettingsRow>> {
    on_db!(db, |p| {
        sqlx::query_as::<_, BuyerSettingsRow>(
        "SELECT approval_threshold_minor, currency, updated_at FROM buyer_settings WHERE org_id = $1"
    )
    .bind(org_id)
    .fetch_optional(p)
    .await
    })
}

/// Sets (or, with `None`, clears) the approval threshold, in `currency`.
pub async fn save_threshold(
    db: &Db,
    org_id: &str,
    threshold_minor: Option<i64>,
    currency: &str,
    now: i64,
    audit: &Entry<'_>,
) -> sqlx::Result<()> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        sqlx::query(
            "INSERT INTO buyer_settings (org_id, approval_threshold_minor, currency, updated_at) \
             VALUES ($1, $2, $3, $4) \
             ON CONFLICT (org_id) DO UPDATE SET \
             approval_threshold_minor = excluded.approval_threshold_minor, \
             currency = excluded.currency, updated_at = excluded.updated_at",
        )
        .bind(org_id)
        .bind(threshold_minor)
        .bind(currency)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let t = &mut tx;
        crate::audit_push!(t, now, audit);
        tx.commit().await
    })
}
