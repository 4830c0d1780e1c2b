//! Storage: one SQL text for SQLite (default) and PostgreSQL (production).
//!
//! `Db` holds either pool and `on_db!` runs the same code against whichever
//! it holds, so each query is written once. SQL lives in this module's
//! submodules, one per aggregate.

pub mod addresses;
pub mod admin;
pub mod api_tokens;
pub mod audit;
pub mod buyer_settings;
pub mod cart;
pub mod catalog;
pub mod catalog_export;
pub mod checkouts;
pub mod checkpoint;
pub mod credit_terms;
pub mod demo_load;
pub mod email_tokens;
pub mod files;
pub mod imports;
pub mod mail_outbox;
pub mod migrate;
pub mod notifications;
pub mod order_pages;
pub mod orders;
pub mod outbox;
pub mod part_images;
pub mod placing;
pub mod platform;
pub mod rate_limits;
pub mod seller_parts;
pub mod seller_settings;
pub mod sessions;
pub mod tax_rates;
pub mod users;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

/// A connection pool to one of the two engines.
#[derive(Clone, Debug)]
pub enum Db {
    /// The embedded default.
    Sqlite(SqlitePool),
    /// The production engine.
    Postgres(PgPool),
}

/// Runs `$body` with `$p` bound to whichever pool `$db` holds.
#[macro_export]
macro_rules! on_db {
    ($db:expr, |$p:ident| $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($p) => $body,
            $crate::db::Db::Postgres($p) => $body,
        }
    };
}

impl Db {
    /// Connects to `url` (`sqlite:` path or `postgres://`).
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await
                .context("connecting to PostgreSQL")?;
            Ok(Db::Postgres(pool))
        } else {
            let opts = SqliteConnectOptions::from_str(url)
                .context("parsing the SQLite URL")?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                // Pages are read through a memory map rather than a read()
                // call each: a connection's page cache goes stale whenever
                // another connection writes, and re-reading through calls
                // was most of the time a write transaction took here.
                .pragma("mmap_size", "268435456");
            // A file database does not drop connections, so the ping before
            // each checkout would only add a round trip to every query.
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .test_before_acquire(false)
                .connect_with(checkpoint::pool_options(opts.clone()))
                .await
                .context("opening the SQLite database")?;
            checkpoint::spawn(opts, pool.clone());
            Ok(Db::Sqlite(pool))
        }
    }

    /// The SQLite URL of the default database in `data_dir`.
    pub fn sqlite_url(data_dir: &Path) -> String {
        format!("sqlite://{}", data_dir.join("partsportal.db").display())
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        on_db!(self, |p| sqlx::query("SELECT 1").execute(p).await.is_ok())
    }

    /// Closes the pool.
    pub async fn close(&self) {
        on_db!(self, |p| p.close().await)
    }
}

/// SQLite allows one writer at a time, and a writer that finds the lock
/// taken sleeps in SQLite's busy handler in growing steps (1, 2, 5, 10 ms…),
/// so under contention most of the time goes to sleeping. The write
/// transactions that contend most (placing orders, moving them) queue here
/// in process instead and take the lock the moment it is free. `None` on
/// PostgreSQL, whose row locks do this job.
pub async fn sqlite_write_turn(db: &Db) -> Option<tokio::sync::MutexGuard<'static, ()>> {
    static GATE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    match db {
        Db::Sqlite(_) => Some(GATE.lock().await),
        Db::Postgres(_) => None,
    }
}

/// Current time in Unix milliseconds.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A new UUIDv7 as text.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
