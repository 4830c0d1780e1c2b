//! Figures for the platform admin panel.

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
