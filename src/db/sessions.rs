//! Sessions, kept in the database so any node can serve any request. Rows
//! hold the SHA-256 of the cookie's id, never the id itself.

use super::Db;
use super::users::{UserRow, user_select};
use crate::on_db;

/// A live session and its user.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub id_hash: String,
    pub public_id: String,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    /// Lines in the user's cart (not saved for later), for the header.
    pub cart_count: i64,
    /// The user's unread notifications, for the header.
    pub unread_count: i64,
    pub user: UserRow,
}

#[derive(sqlx::FromRow)]
struct Joined {
    s_id_hash: String,
    s_public_id: String,
    s_csrf_token: String,
    s_created_at: i64,
    s_last_seen_at: i64,
    s_cart_count: i64,
    s_unread_count: i64,
    #[sqlx(flatten)]
    user: UserRow,
}

/// Starts a session. The caller made `id_hash` from a fresh random id.
#[allow(clippy::too_many_arguments)]
pub async fn create(
    db: &Db,
    id_hash: &str,
    public_id: &str,
    user_id: &str,
    csrf_token: &str,
    now: i64,
    ip: &str,
    user_agent: &str,
) -> sqlx::Result<()> {
    on_db!(db, |p| {
        sqlx::query(
        "INSERT INTO sessions (id_hash, public_id, user_id, csrf_token, created_at, last_seen_at, ip, user_agent) \
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7)"
    )
    .bind(id_hash)
    .bind(public_id)
    .bind(user_id)
    .bind(csrf_token)
    .bind(now)
    .bind(ip)
    .bind(user_agent)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// The session with this id hash and its user, if any.
pub async fn get(db: &Db, id_hash: &str) -> sqlx::Result<Option<SessionRow>> {
    let sql = concat!(
        "SELECT s.id_hash AS s_id_hash, s.public_id AS s_public_id, s.csrf_token AS s_csrf_token, \
         s.created_at AS s_created_at, s.last_seen_at AS s_last_seen_at, \
         (SELECT COUNT(*) FROM cart_lines c WHERE c.user_id = s.user_id AND c.org_id = q.org_id \
            AND c.saved_for_later = FALSE) AS s_cart_count, \
         (SELECT COUNT(*) FROM notifications n WHERE n.user_id = s.user_id \
            AND n.read_at IS NULL) AS s_unread_count, \
         q.* FROM sessions s JOIN (",
        user_select!(),
        ") q ON q.id = s.user_id WHERE s.id_hash = $1"
    );
    let row = on_db!(db, |p| sqlx::query_as::<_, Joined>(sql)
        .bind(id_hash)
        .fetch_optional(p)
        .await)?;
    Ok(row.map(|j| SessionRow {
        id_hash: j.s_id_hash,
        public_id: j.s_public_id,
        csrf_token: j.s_csrf_token,
        created_at: j.s_created_at,
        last_seen_at: j.s_last_seen_at,
        cart_count: j.s_cart_count,
        unread_count: j.s_unread_count,
        user: j.user,
    }))
}

/// Records activity.
pub async fn touch(db: &Db, id_hash: &str, now: i64) -> sqlx::Result<()> {
    on_db!(db, |p| sqlx::query(
        "UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2"
    )
    .bind(now)
    .bind(id_hash)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Ends one session.
pub async fn delete(db: &Db, id_hash: &str) -> sqlx::Result<()> {
    on_db!(db, |p| sqlx::query(
        "DELETE FROM sessions WHERE id_hash = $1"
    )
    .bind(id_hash)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Ends one of the user's own sessions by its public id. Returns whether
/// there was one: another user's session id changes nothing.
pub async fn revoke(db: &Db, user_id: &str, public_id: &str) -> sqlx::Result<bool> {
    let n = on_db!(db, |p| sqlx::query(
        "DELETE FROM sessions WHERE user_id = $1 AND public_id = $2"
    )
    .bind(user_id)
    .bind(public_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

/// A session as the "your sessions" list shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Listed {
    pub public_id: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub ip: String,
    pub user_agent: String,
}

/// The user's sessions, most recently active first.
pub async fn list(db: &Db, user_id: &str) -> sqlx::Result<Vec<Listed>> {
    on_db!(db, |p| sqlx::query_as::<_, Listed>(
        "SELECT public_id, created_at, last_seen_at, ip, user_agent FROM sessions \
         WHERE user_id = $1 ORDER BY last_seen_at DESC"
    )
    .bind(user_id)
    .fetch_all(p)
    .await)
}

/// Removes sessions idle since before `idle_before` or started before
/// `started_before`.
pub async fn purge_expired(db: &Db, idle_before: i64, started_before: i64) -> sqlx::Result<u64> {
    on_db!(db, |p| sqlx::query(
        "DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2"
    )
    .bind(idle_before)
    .bind(started_before)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))
}
