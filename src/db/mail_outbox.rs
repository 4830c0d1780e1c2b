//! The mail outbox: mail is queued in the transaction of the event that
//! causes it and sent later by `jobs::mail_sender`, which records each attempt
//! here.

use super::Db;
use crate::mail::OutgoingMail;
use crate::on_db;

/// The insert behind `mail_enqueue!`. A second mail with the same dedup key
/// is dropped, so each event queues exactly one mail however often it runs.
pub const INSERT_SQL: &str = "INSERT INTO mail_outbox \
    (id, dedup_key, to_addr, to_name, subject, text_body, html_body, created_at, attempts, next_attempt_at, last_error) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, '') \
    ON CONFLICT (dedup_key) DO NOTHING";

/// Queues `$mail` (an `&OutgoingMail`) inside the caller's transaction, due
/// at `$now` (Unix ms). `$tx` is a `&mut Transaction` (or `&mut
/// PoolConnection`) of either engine; a macro, like `outbox_push!`, so one
/// text serves both. Evaluates to `true` when queued, `false` when a mail
/// with the same dedup key already was. Uses `?`: the enclosing function's
/// error type must accept `sqlx::Error`. A mail that fails
/// [`OutgoingMail::validate`] is refused as `sqlx::Error::Encode`, with the
/// `MailError` as its source.
#[macro_export]
macro_rules! mail_enqueue {
    ($tx:expr, $mail:expr, $now:expr) => {{
        let mail: &$crate::mail::OutgoingMail = $mail;
        let now: i64 = $now;
        mail.validate()
            .map_err(|e| sqlx::Error::Encode(::std::boxed::Box::new(e)))?;
        sqlx::query($crate::db::mail_outbox::INSERT_SQL)
            .bind($crate::db::new_id())
            .bind(&mail.dedup_key)
            .bind(&mail.to_addr)
            .bind(&mail.to_name)
            .bind(&mail.subject)
            .bind(&mail.text_body)
            .bind(&mail.html_body)
            .bind(now)
            .bind(now)
            .execute(&mut **$tx)
            .await?
            .rows_affected()
            == 1
    }};
}

/// Queues a mail outside any transaction; see `mail_enqueue!` for the rules.
/// Returns whether it was queued (`false`: the dedup key was taken).
pub async fn enqueue(db: &Db, mail: &OutgoingMail, now: i64) -> sqlx::Result<bool> {
    on_db!(db, |p| {
        let mut conn = p.acquire().await?;
        let conn = &mut conn;
        Ok(crate::mail_enqueue!(conn, mail, now))
    })
}

/// An outbox row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueuedMail {
    /// The row id (UUIDv7); also names the message (Message-ID, file name).
    pub id: String,
    /// The event the mail belongs to.
    pub dedup_key: String,
    /// Recipient address.
    pub to_addr: String,
    /// Recipient display name.
    pub to_name: String,
    /// Subject.
    pub subject: String,
    /// Plain-text body.
    pub text_body: String,
    /// HTML body.
    pub html_body: String,
    /// When it was queued (Unix ms).
    pub created_at: i64,
    /// Delivery attempts so far, failed or not.
    pub attempts: i32,
    /// Not sent before this time (Unix ms).
    pub next_attempt_at: i64,
    /// When it was sent, once it was.
    pub sent_at: Option<i64>,
    /// The error of the last failed attempt; empty if none failed.
    pub last_error: String,
}

impl QueuedMail {
    /// The mail to send.
    pub fn mail(&self) -> OutgoingMail {
        OutgoingMail {
            dedup_key: self.dedup_key.clone(),
            to_addr: self.to_addr.clone(),
            to_name: self.to_name.clone(),
            subject: self.subject.clone(),
            text_body: self.text_body.clone(),
            html_body: self.html_body.clone(),
        }
    }
}

macro_rules! mail_select {
    () => {
        "SELECT id, dedup_key, to_addr, to_name, subject, text_body, html_body, \
         created_at, attempts, next_attempt_at, sent_at, last_error FROM mail_outbox"
    };
}

/// Unsent mail due at `now`, oldest first.
pub async fn due(db: &Db, now: i64, limit: i64) -> sqlx::Result<Vec<QueuedMail>> {
    let sql = concat!(
        mail_select!(),
        " WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY created_at, id LIMIT $2"
    );
    on_db!(db, |p| sqlx::query_as::<_, QueuedMail>(sql)
        .bind(now)
        .bind(limit)
        .fetch_all(p)
        .await)
}

/// The mail queued under `dedup_key`, sent or not.
pub async fn by_dedup_key(db: &Db, dedup_key: &str) -> sqlx::Result<Option<QueuedMail>> {
    let sql = concat!(mail_select!(), " WHERE dedup_key = $1");
    on_db!(db, |p| sqlx::query_as::<_, QueuedMail>(sql)
        .bind(dedup_key)
        .fetch_optional(p)
        .await)
}

/// Takes a due mail for sending by moving its next attempt to `until`.
/// Returns `false` when it is no longer due (sent, or taken by another
/// sender): only one sender, on any node, gets `true`. If the taker dies
/// mid-send, the mail is due again at `until`.
pub async fn claim(db: &Db, id: &str, now: i64, until: i64) -> sqlx::Result<bool> {
    on_db!(db, |p| Ok(sqlx::query(
        "UPDATE mail_outbox SET next_attempt_at = $1 \
         WHERE id = $2 AND sent_at IS NULL AND next_attempt_at <= $3"
    )
    .bind(until)
    .bind(id)
    .bind(now)
    .execute(p)
    .await?
    .rows_affected()
        == 1))
}

/// Records a delivery.
pub async fn mark_sent(db: &Db, id: &str, now: i64) -> sqlx::Result<()> {
    on_db!(db, |p| sqlx::query(
        "UPDATE mail_outbox SET sent_at = $1, attempts = attempts + 1 WHERE id = $2"
    )
    .bind(now)
    .bind(id)
    .execute(p)
    .await
    .map(|_| ()))
}

/// Records a failed attempt: the attempt count, when to try next, and why.
pub async fn mark_failed(
    db: &Db,
    id: &str,
    attempts: i32,
    next_attempt_at: i64,
    error: &str,
) -> sqlx::Result<()> {
    on_db!(db, |p| sqlx::query(
        "UPDATE mail_outbox SET attempts = $1, next_attempt_at = $2, last_error = $3 \
         WHERE id = $4 AND sent_at IS NULL"
    )
    .bind(attempts)
    .bind(next_attempt_at)
    .bind(error)
    .bind(id)
    .execute(p)
    .await
    .map(|_| ()))
}

/// Mail not yet sent, due or waiting for a retry.
pub async fn pending_count(db: &Db) -> sqlx::Result<i64> {
    on_db!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL"
    )
    .fetch_one(p)
    .await)
}
