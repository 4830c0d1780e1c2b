//! Fixed-window counters for rate limits, shared by every node through the
//! database. The upsert increments atomically on both engines, so 50
//! parallel attempts see 50 distinct counts and no more than the limit pass.

use super::Db;
use crate::on_db;

/// Counts one event under `key` in the window of `window_ms` that contains
/// `now`, and returns the count so far in that window and when it ends.
pub async fn hit(db: &Db, key: &str, window_ms: i64, now: i64) -> sqlx::Result<(i64, i64)> {
    let fresh_before = now - window_ms;
    let sql = "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1) \
               ON CONFLICT (key) DO UPDATE SET \
               count = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.count + 1 END, \
               window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END \
               RETURNING count, window_start";
    let (count, start): (i32, i64) = on_db!(db, |p| sqlx::query_as(sql)
        .bind(key)
        .bind(now)
        .bind(fresh_before)
        .fetch_one(p)
        .await)?;
    Ok((i64::from(count), start + window_ms))
}

/// Forgets a key (a successful login clears the account's failures).
pub async fn clear(db: &Db, key: &str) -> sqlx::Result<()> {
    on_db!(db, |p| sqlx::query(
        "DELETE FROM rate_limits WHERE key = $1"
    )
    .bind(key)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
