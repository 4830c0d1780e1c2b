//! WAL checkpoints for SQLite, run by a background task instead of by the
//! writer that happens to cross SQLite's 1,000-page mark.
//!
//! With SQLite's automatic checkpoint, every so often one committing
//! transaction also copies the whole WAL back into the database file and
//! syncs it, and every writer queued behind it waits. Placing orders in a
//! burst was about 15% faster with the checkpoint taken off that path
//! (README, Performance). Here a dedicated connection, outside the pool so
//! it never takes a request's connection, runs a passive checkpoint a few
//! times a second. A passive checkpoint never blocks writers or readers: it
//! copies what no reader still needs and leaves the rest for the next round,
//! and SQLite starts the WAL over from the beginning once it is all copied.
//! When the pool closes, the task makes one last checkpoint and stops.

use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};
use sqlx::{ConnectOptions, Connection};

/// How often the WAL is copied back. At the fastest burst measured (about
/// 1,400 orders/s) the WAL grows by a few MB in this time.
pub const INTERVAL: Duration = Duration::from_millis(250);

/// Connection options for pool connections: they leave checkpoints to the
/// background task. `journal_size_limit` truncates a WAL that a long burst
/// grew, once it has been copied back.
pub fn pool_options(opts: SqliteConnectOptions) -> SqliteConnectOptions {
    opts.pragma("wal_autocheckpoint", "0")
        .pragma("journal_size_limit", "67108864")
}

/// Starts the checkpointer for `pool`, whose connections were made from
/// `opts` (before `pool_options`). It runs until the pool is closed or the
/// runtime stops.
pub fn spawn(opts: SqliteConnectOptions, pool: SqlitePool) {
    tokio::spawn(async move {
        let mut conn = match opts.connect().await {
            Ok(c) => c,
            Err(e) => {
                // Without it the WAL would grow without bound, so say so;
                // SQLite still checkpoints when the last connection closes.
                tracing::error!(error = %e, "the WAL checkpointer could not connect");
                return;
            }
        };
        let mut tick = tokio::time::interval(INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let closed = pool.is_closed();
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(&mut conn)
                .await
            {
                tracing::warn!(error = %e, "WAL checkpoint failed; trying again shortly");
            }
            if closed {
                break;
            }
        }
        let _ = conn.close().await;
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::sqlite::SqlitePoolOptions;
    use std::str::FromStr;

    /// Writes go to the WAL and the background task, not the writers, copies
    /// them back: after a burst of commits and a moment's wait the database
    /// file holds them, and the WAL has been started over.
    #[tokio::test]
    async fn the_background_task_copies_the_wal_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let opts = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
            .unwrap()
            .create_if_missing(true)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal);
        let pool = SqlitePoolOptions::new()
            .max_connections(2)
            .connect_with(pool_options(opts.clone()))
            .await
            .unwrap();
        let auto: i64 = sqlx::query_scalar("PRAGMA wal_autocheckpoint")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(auto, 0, "pool connections leave checkpoints to the task");
        sqlx::query("CREATE TABLE t (x BLOB)")
            .execute(&pool)
            .await
            .unwrap();
        // Well past SQLite's own 1,000-page mark, which is now off.
        for _ in 0..300 {
            sqlx::query("INSERT INTO t VALUES (zeroblob(16000))")
                .execute(&pool)
                .await
                .unwrap();
        }
        let wal = path.with_extension("db-wal");
        let grown = std::fs::metadata(&wal).unwrap().len();
        assert!(grown > 4_000_000, "the WAL holds the burst: {grown} bytes");
        let before = std::fs::metadata(&path).unwrap().len();
        assert!(
            before < 1_000_000,
            "nothing copied back yet: {before} bytes"
        );
        spawn(opts, pool.clone());
        let mut copied = false;
        for _ in 0..40 {
            tokio::time::sleep(INTERVAL).await;
            // Only a checkpoint moves pages into the database file.
            if std::fs::metadata(&path).unwrap().len() > 4_000_000 {
                copied = true;
                break;
            }
        }
        assert!(copied, "the database file never received the WAL's pages");
        pool.close().await;
    }
}
