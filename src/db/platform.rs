//! Figures for the platform admin panel and the seller dashboard.

use super::Db;
use crate::on_db;

/// Organizations per kind.
pub async fn orgs_by_kind(db: &Db) -> sqlx::Result<Vec<(String, i64)>> {
    on_db!(db, |p| sqlx::query_as(
        "SELECT kind, COUNT(*) FROM organizations GROUP BY kind ORDER BY kind"
    )
    .fetch_all(p)
    .await)
}

/// Seller organizations waiting for approval: (id, name, kind, created_at).
pub async fn pending_sellers(db: &Db) -> sqlx::Result<Vec<(String, String, String, i64)>> {
    on_db!(db, |p| {
        sqlx::query_as(
        "SELECT id, name, kind, created_at FROM organizations WHERE status = 'pending' ORDER BY created_at"
    )
    .fetch_all(p)
    .await
    })
}

/// Parts an organization lists, and how many are in stock.
pub async fn seller_part_counts(db: &Db, org_id: &str) -> sqlx::Result<(i64, i64)> {
    on_db!(db, |p| {
        sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN stock > 0 THEN 1 ELSE 0 END), 0) FROM parts WHERE seller_id = $1"
    )
    .bind(org_id)
    .fetch_one(p)
    .await
    })
}
