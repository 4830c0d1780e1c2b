//! The index outbox: every catalog write queues its part here in the same
//! transaction; the sync task applies the rows in sequence order.

use super::Db;
use crate::on_db;

/// What happened to a part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Added or changed.
    Upsert,
    /// Removed.
    Delete,
}

impl Op {
    /// The stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Upsert => "upsert",
            Op::Delete => "delete",
        }
    }
}

/// Queues a part for the index inside the caller's transaction (`$tx` is a
/// `&mut Transaction` of either engine; a macro so one text serves both). The
/// sequence comes from the counters row, whose row lock serializes writers, so
/// sequence order is commit order and the sync task never skips a row.
#[macro_export]
macro_rules! outbox_push {
    ($tx:expr, $part_id:expr, $op:expr, $now:expr) => {{
        let seq: i64 = sqlx::query_scalar(
            "UPDATE counters SET value = value + 1 WHERE name = 'index_outbox' RETURNING value",
        )
        .fetch_one(&mut **$tx)
        .await?;
        sqlx::query(
            "INSERT INTO index_outbox (seq, part_id, op, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(seq)
        .bind($part_id)
        .bind($op.as_str())
        .bind($now)
        .execute(&mut **$tx)
        .await?;
        seq
    }};
}

/// Queues every part of the seller `$seller_id` inside the caller's
/// transaction, for changes to the seller that alter all of its index
/// documents (its status decides whether they are searchable, its badge is on
/// each card). Three statements however large the catalog, where
/// `outbox_push!` per part would hold the counter lock for one round trip per
/// part. Evaluates to the number of rows queued.
#[macro_export]
macro_rules! outbox_push_seller {
    ($tx:expr, $seller_id:expr, $op:expr, $now:expr) => {{
        // The no-op update takes the counter row's lock first, so no other
        // writer draws sequence numbers until this transaction ends.
        let base: i64 = sqlx::query_scalar(
            "UPDATE counters SET value = value WHERE name = 'index_outbox' RETURNING value",
        )
        .fetch_one(&mut **$tx)
        .await?;
        let n = sqlx::query(
            "INSERT INTO index_outbox (seq, part_id, op, created_at) \
             SELECT $1 + ROW_NUMBER() OVER (ORDER BY id), id, $2, $3 FROM parts WHERE seller_id = $4",
        )
        .bind(base)
        .bind($op.as_str())
        .bind($now)
        .bind($seller_id)
        .execute(&mut **$tx)
        .await?
        .rows_affected() as i64;
        sqlx::query("UPDATE counters SET value = $1 WHERE name = 'index_outbox'")
            .bind(base + n)
            .execute(&mut **$tx)
            .await?;
        n
    }};
}

/// An outbox row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Entry {
    pub seq: i64,
    pub part_id: String,
    pub op: String,
}

/// Rows after `after`, oldest first.
pub async fn after(db: &Db, after: i64, limit: i64) -> sqlx::Result<Vec<Entry>> {
    on_db!(db, |p| sqlx::query_as::<_, Entry>(
        "SELECT seq, part_id, op FROM index_outbox WHERE seq > $1 ORDER BY seq LIMIT $2"
    )
    .bind(after)
    .bind(limit)
    .fetch_all(p)
    .await)
}

/// The newest sequence number written.
pub async fn head(db: &Db) -> sqlx::Result<i64> {
    on_db!(db, |p| sqlx::query_scalar(
        "SELECT value FROM counters WHERE name = 'index_outbox'"
    )
    .fetch_one(p)
    .await)
}

/// Drops rows the index has applied, keeping the table small.
pub async fn prune(db: &Db, upto: i64) -> sqlx::Result<u64> {
    on_db!(db, |p| Ok(sqlx::query(
        "DELETE FROM index_outbox WHERE seq <= $1"
    )
    .bind(upto)
    .execute(p)
    .await?
    .rows_affected()))
}
