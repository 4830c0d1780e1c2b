//! In-app notifications: a user's list, the unread count the header shows,
//! and marking them read. Every query is bound to the user, so another
//! user's notification id finds nothing.

use super::Db;
use crate::domain::site_path::local_link;
use crate::on_db;

/// One stored notification.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: String,
    pub order_id: Option<String>,
    pub title: String,
    pub body: String,
    /// A path on this site (see [`local_link`]), or empty.
    pub link: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// The user's notifications, newest first: `limit` of them after `offset`.
pub async fn list(
    db: &Db,
    user_id: &str,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<NotificationRow>> {
    on_db!(db, |p| sqlx::query_as::<_, NotificationRow>(
        "SELECT id, order_id, title, body, link, created_at, read_at FROM notifications \
         WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3"
    )
    .bind(user_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(p)
    .await)
}

/// How many of the user's notifications are unread.
pub async fn unread_count(db: &Db, user_id: &str) -> sqlx::Result<i64> {
    on_db!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL"
    )
    .bind(user_id)
    .fetch_one(p)
    .await)
}

/// Marks one of the user's notifications read (the first reading's time
/// is kept) and returns its link; `None` when the user has no such
/// notification.
pub async fn mark_read(db: &Db, user_id: &str, id: &str, now: i64) -> sqlx::Result<Option<String>> {
    on_db!(db, |p| sqlx::query_scalar(
        "UPDATE notifications SET read_at = COALESCE(read_at, $3) \
         WHERE id = $1 AND user_id = $2 RETURNING link"
    )
    .bind(id)
    .bind(user_id)
    .bind(now)
    .fetch_optional(p)
    .await)
}

/// Marks all of the user's unread notifications read; returns how many.
pub async fn mark_all_read(db: &Db, user_id: &str, now: i64) -> sqlx::Result<u64> {
    on_db!(db, |p| sqlx::query(
        "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL"
    )
    .bind(user_id)
    .bind(now)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))
}

/// A notification to store on its own (one not caused inside an order's
/// transaction, which writes its own).
#[derive(Debug, Clone)]
pub struct NewNotification<'a> {
    pub user_id: &'a str,
    pub order_id: Option<&'a str>,
    pub title: &'a str,
    pub body: &'a str,
    pub link: &'a str,
}

/// Stores a notification and returns its id. A link that is not a local
/// path (see [`local_link`]) is stored as none.
pub async fn create(db: &Db, n: &NewNotification<'_>, now: i64) -> sqlx::Result<String> {
    let id = super::new_id();
    let link = local_link(n.link).unwrap_or("");
    on_db!(db, |p| sqlx::query(
        "INSERT INTO notifications (id, user_id, order_id, title, body, link, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)"
    )
    .bind(&id)
    .bind(n.user_id)
    .bind(n.order_id)
    .bind(n.title)
    .bind(n.body)
    .bind(link)
    .bind(now)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(id)
}
