//! Deletes sessions past their idle or absolute timeout. A session that is
//! presented again is ended by the session layer anyway; this removes the
//! ones nobody comes back to, so the table does not grow for ever.

use std::time::Duration;

use tokio::sync::watch;

use crate::clock::Clock;
use crate::db::{self, Db};

/// How often expired sessions are removed.
const EVERY: Duration = Duration::from_secs(10 * 60);

/// Runs until `stop` turns true.
pub async fn run(
    db: Db,
    clock: Clock,
    idle: Duration,
    absolute: Duration,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        let now = clock.now_ms();
        match db::sessions::purge_expired(
            &db,
            now - idle.as_millis() as i64,
            now - absolute.as_millis() as i64,
        )
        .await
        {
            Ok(n) if n > 0 => tracing::info!(sessions = n, "removed expired sessions"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "removing expired sessions"),
        }
        tokio::select! {
            _ = tokio::time::sleep(EVERY) => {}
            _ = stop.changed() => return,
        }
    }
}
