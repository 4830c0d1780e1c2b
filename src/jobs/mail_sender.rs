//! Sends the mail outbox.
//!
//! Mail is queued in the transaction of the event that causes it; this task
//! delivers it oldest first. A failed attempt is recorded on the row (attempt
//! count, error, next attempt) and retried with exponential backoff capped at
//! 15 minutes, for as long as it takes: a down SMTP server delays mail, loses
//! none, and blocks no request. Delivery is at least once: if a send succeeds
//! but cannot be recorded, the mail goes again after its claim lapses, with
//! the same Message-ID.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::sync::{Notify, watch};

use crate::clock::Clock;
use crate::db::{Db, mail_outbox};
use crate::mail::Mailer;

/// How often the task looks for due mail when nobody wakes it; retries
/// become due with nobody to wake the task.
const POLL: Duration = Duration::from_secs(5);
/// Rows read per query.
const BATCH: i64 = 50;
/// How long a claimed mail stays ours: well past a full SMTP conversation at
/// the transport's per-command timeout.
const CLAIM_MS: i64 = 5 * 60 * 1000;
/// The first retry waits this long; each further one twice as long.
const FIRST_RETRY: Duration = Duration::from_secs(5);
/// No retry waits longer than this.
const MAX_RETRY: Duration = Duration::from_secs(15 * 60);
/// Stored error text is cut here: a server's reply can be long.
const MAX_ERROR_CHARS: usize = 1000;
/// At shutdown, how long the mail in flight may take to finish and be
/// recorded; one that takes longer is abandoned and retried after its claim
/// lapses.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// The wait before the next attempt after `attempts` failed ones: 5 s, 10 s,
/// 20 s … up to 15 minutes, then 15 minutes for ever.
pub fn retry_delay(attempts: i32) -> Duration {
    let doublings = attempts.saturating_sub(1).clamp(0, 16) as u32;
    FIRST_RETRY.saturating_mul(1 << doublings).min(MAX_RETRY)
}

/// One pass: sends every mail due now, oldest first. Returns how many were
/// sent. Stops early when the backend is unavailable (the rest stays due for
/// the next pass); errors only when the database fails.
pub async fn send_due(db: &Db, mailer: &Mailer, clock: &Clock) -> anyhow::Result<usize> {
    pass(db, mailer, clock, None).await
}

/// `send_due`, ending early (between two mails) once `stop` is set.
async fn pass(
    db: &Db,
    mailer: &Mailer,
    clock: &Clock,
    stop: Option<&watch::Receiver<bool>>,
) -> anyhow::Result<usize> {
    let mut sent = 0;
    loop {
        let batch = mail_outbox::due(db, clock.now_ms(), BATCH)
            .await
            .context("reading due mail")?;
        if batch.is_empty() {
            return Ok(sent);
        }
        // Every row of the batch is either sent or moved into the future
        // (claimed, retried later, or taken by another sender), so the next
        // query makes progress and the loop ends.
        for row in batch {
            if stop.is_some_and(|s| *s.borrow()) {
                return Ok(sent);
            }
            let now = clock.now_ms();
            if !mail_outbox::claim(db, &row.id, now, now + CLAIM_MS)
                .await
                .context("claiming a mail")?
            {
                continue;
            }
            match mailer.send(&row.id, &row.mail()).await {
                Ok(()) => {
                    mail_outbox::mark_sent(db, &row.id, clock.now_ms())
                        .await
                        .context("recording a sent mail")?;
                    sent += 1;
                }
                Err(e) => {
                    let attempts = row.attempts.saturating_add(1);
                    let delay = retry_delay(attempts);
                    let next = clock.now_ms() + delay.as_millis() as i64;
                    let error = error_text(&e);
                    mail_outbox::mark_failed(db, &row.id, attempts, next, &error)
                        .await
                        .context("recording a failed mail")?;
                    tracing::warn!(
                        mail_id = %row.id,
                        dedup_key = %row.dedup_key,
                        attempts,
                        retry_in_s = delay.as_secs(),
                        error = %error,
                        "mail not sent; will retry"
                    );
                    if e.is_backend_unavailable() {
                        return Ok(sent);
                    }
                }
            }
        }
    }
}

/// The error and its causes on one line, for the row's `last_error`.
fn error_text(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    match text.char_indices().nth(MAX_ERROR_CHARS) {
        Some((cut, _)) => text[..cut].to_string(),
        None => text,
    }
}

/// The sender loop: a pass at start, then on every `wakeup` and every few
/// seconds. Database errors are logged and retried at the next poll. Ends
/// when `stop` changes (or its sender is gone), after letting the mail in
/// flight finish, so a delivered mail is recorded and not sent again.
pub async fn run(
    db: Db,
    mailer: Mailer,
    clock: Clock,
    wakeup: Arc<Notify>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        if *stop.borrow() {
            return;
        }
        let pass_stop = stop.clone();
        let running = pass(&db, &mailer, &clock, Some(&pass_stop));
        tokio::pin!(running);
        tokio::select! {
            r = &mut running => log_pass(r),
            _ = stop.changed() => {
                if let Ok(r) = tokio::time::timeout(SHUTDOWN_GRACE, running).await {
                    log_pass(r);
                }
                return;
            }
        }
        tokio::select! {
            _ = wakeup.notified() => {}
            _ = tokio::time::sleep(POLL) => {}
            _ = stop.changed() => return,
        }
    }
}

fn log_pass(r: anyhow::Result<usize>) {
    match r {
        Ok(0) => {}
        Ok(n) => tracing::info!(sent = n, "mail sent"),
        Err(e) => tracing::error!(error = format!("{e:#}"), "mail sender failed; retrying"),
    }
}
