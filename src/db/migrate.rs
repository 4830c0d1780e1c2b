//! Runs the numbered migrations in `migrations/`, embedded in the binary.
//!
//! The same SQL text runs on both engines; applied versions are recorded in
//! `schema_migrations`, and each migration runs in its own transaction.

use anyhow::Context;

use super::Db;
use crate::on_db;

/// The migrations, in order.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "catalog",
        include_str!("../../migrations/0001_catalog.sql"),
    ),
    (
        2,
        "accounts",
        include_str!("../../migrations/0002_accounts.sql"),
    ),
    (
        3,
        "seller_catalog",
        include_str!("../../migrations/0003_seller_catalog.sql"),
    ),
    (4, "cart", include_str!("../../migrations/0004_cart.sql")),
    (
        5,
        "orders",
        include_str!("../../migrations/0005_orders.sql"),
    ),
    (
        6,
        "order_multiple",
        include_str!("../../migrations/0006_order_multiple.sql"),
    ),
    (
        7,
        "tax_rates",
        include_str!("../../migrations/0007_tax_rates.sql"),
    ),
    (
        8,
        "index_order",
        include_str!("../../migrations/0008_index_order.sql"),
    ),
];

/// Applies every migration not yet applied. Returns how many ran.
pub async fn run(db: &Db) -> anyhow::Result<usize> {
    on_db!(db, |p| {
        sqlx::raw_sql("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)")
            .execute(p)
            .await
            .context("creating schema_migrations")?;
        let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM schema_migrations")
            .fetch_all(p)
            .await?;
        let mut ran = 0;
        for (version, name, sql) in MIGRATIONS {
            if applied.contains(version) {
                continue;
            }
            let mut tx = p.begin().await?;
            sqlx::raw_sql(*sql)
                .execute(&mut *tx)
                .await
                .with_context(|| format!("migration {version} {name}"))?;
            sqlx::query(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
            )
            .bind(version)
            .bind(name)
            .bind(super::now_ms())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            tracing::info!(version, name, "applied migration");
            ran += 1;
        }
        Ok(ran)
    })
}
