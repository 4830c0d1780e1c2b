//! Platform administration: organizations and users as the admin pages list
//! them, the moves on them (each with its audit row, index outbox rows and
//! mail in one transaction), and the choices the audit filters offer.

use super::Db;
use super::audit::Entry;
use crate::domain::moderation::OrgState;
use crate::mail::OutgoingMail;
use crate::on_db;

/// `LIKE` pattern for "contains `s`", case-insensitive, with the wildcards
/// a user types taken literally (used with `ESCAPE '\'`).
pub(crate) fn contains_pattern(s: &str) -> String {
    let escaped = s
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// What the organizations list is narrowed to; `None` is "any".
#[derive(Debug, Clone, Default)]
pub struct OrgFilter<'a> {
    pub kind: Option<&'a str>,
    pub status: Option<&'a str>,
    /// Name contains, case-insensitive.
    pub name: Option<&'a str>,
}

/// An organization in the admin list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrgListRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub city: String,
    pub status: String,
    pub verified: bool,
    pub created_at: i64,
    pub users: i64,
    pub parts: i64,
}

/// Organizations, those awaiting approval first, then suspended ones, then
/// by name; `limit` rows from `offset`.
pub async fn list_orgs(
    db: &Db,
    f: &OrgFilter<'_>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<OrgListRow>> {
    // Each filter is bound or disabled by a NULL, so the SQL text is fixed.
    let sql = "SELECT o.id, o.name, o.kind, o.city, o.status, o.verified, o.created_at, \
               (SELECT COUNT(*) FROM users u WHERE u.org_id = o.id) AS users, \
               (SELECT COUNT(*) FROM parts p WHERE p.seller_id = o.id) AS parts \
               FROM organizations o \
               WHERE ($1 IS NULL OR o.kind = $1) AND ($2 IS NULL OR o.status = $2) \
               AND ($3 IS NULL OR lower(o.name) LIKE $3 ESCAPE '\\') \
               ORDER BY CASE o.status WHEN 'pending' THEN 0 WHEN 'suspended' THEN 1 ELSE 2 END, \
               lower(o.name), o.id LIMIT $4 OFFSET $5";
    let name = f.name.map(contains_pattern);
    on_db!(db, |p| sqlx::query_as::<_, OrgListRow>(sql)
        .bind(f.kind)
        .bind(f.status)
        .bind(name.as_deref())
        .bind(limit)
        .bind(offset)
        .fetch_all(p)
        .await)
}

/// Every organization as (id, name), by name: the audit log's filter.
pub async fn org_names(db: &Db) -> sqlx::Result<Vec<(String, String)>> {
    on_db!(db, |p| sqlx::query_as(
        "SELECT id, name FROM organizations ORDER BY lower(name), id"
    )
    .fetch_all(p)
    .await)
}

/// A user mail can be sent to.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Recipient {
    pub id: String,
    pub email: String,
    pub name: String,
}

/// The active seller admins of an organization, the earliest first (the one
/// who signed it up).
pub async fn seller_admins(db: &Db, org_id: &str) -> sqlx::Result<Vec<Recipient>> {
    on_db!(db, |p| sqlx::query_as::<_, Recipient>(
        "SELECT id, email, name FROM users \
         WHERE org_id = $1 AND role = 'seller_admin' AND status = 'active' \
         ORDER BY created_at, id"
    )
    .bind(org_id)
    .fetch_all(p)
    .await)
}

/// What else a move on an organization does in its transaction.
#[derive(Debug, Clone, Copy, Default)]
pub struct OrgEffects<'a> {
    /// Queue every part of the organization for the index (its status or
    /// badge changed what the index shows).
    pub reindex_parts: bool,
    /// End the sessions of every user of the organization.
    pub end_sessions: bool,
    /// Mail to queue.
    pub mails: &'a [OutgoingMail],
}

/// Moves organization `id` from `from` to `to` (status and badge), with its
/// effects and audit row, in one transaction. Returns `false`, changing
/// nothing, when the row no longer holds `from` (another administrator got
/// there first).
pub async fn change_org(
    db: &Db,
    id: &str,
    from: &OrgState<'_>,
    to: &OrgState<'_>,
    effects: &OrgEffects<'_>,
    now: i64,
    audit: &Entry<'_>,
) -> sqlx::Result<bool> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let n = sqlx::query(
            "UPDATE organizations SET status = $1, verified = $2 \
             WHERE id = $3 AND status = $4 AND verified = $5",
        )
        .bind(to.status)
        .bind(to.verified)
        .bind(id)
        .bind(from.status)
        .bind(from.verified)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Ok(false);
        }
        if effects.end_sessions {
            sqlx::query(
                "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE org_id = $1)",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        let t = &mut tx;
        if effects.reindex_parts {
            crate::outbox_push_seller!(t, id, super::outbox::Op::Upsert, now);
        }
        for mail in effects.mails {
            // `false` (the key was taken) leaves the earlier mail the only one.
            let _queued = crate::mail_enqueue!(t, mail, now);
        }
        crate::audit_push!(t, now, audit);
        tx.commit().await?;
        Ok(true)
    })
}

/// What the users list is narrowed to; `None` is "any".
#[derive(Debug, Clone, Default)]
pub struct UserFilter<'a> {
    /// Email or name contains, case-insensitive.
    pub q: Option<&'a str>,
    pub org_id: Option<&'a str>,
}

/// A user in the admin list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserListRow {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: String,
    pub status: String,
    pub org_id: String,
    pub org_name: String,
    pub org_status: String,
    pub created_at: i64,
    /// The latest activity of any of their live sessions.
    pub last_seen_at: Option<i64>,
    pub sessions: i64,
}

/// Users by email; `limit` rows from `offset`.
pub async fn list_users(
    db: &Db,
    f: &UserFilter<'_>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<UserListRow>> {
    let sql = "SELECT u.id, u.email, u.name, u.role, u.status, u.org_id, o.name AS org_name, \
               o.status AS org_status, u.created_at, \
               (SELECT MAX(s.last_seen_at) FROM sessions s WHERE s.user_id = u.id) AS last_seen_at, \
               (SELECT COUNT(*) FROM sessions s WHERE s.user_id = u.id) AS sessions \
               FROM users u JOIN organizations o ON o.id = u.org_id \
               WHERE ($1 IS NULL OR u.email LIKE $1 ESCAPE '\\' OR lower(u.name) LIKE $1 ESCAPE '\\') \
               AND ($2 IS NULL OR u.org_id = $2) \
               ORDER BY u.email LIMIT $3 OFFSET $4";
    let q = f.q.map(contains_pattern);
    on_db!(db, |p| sqlx::query_as::<_, UserListRow>(sql)
        .bind(q.as_deref())
        .bind(f.org_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(p)
        .await)
}

/// Moves user `id` from status `from` to `to` with its audit row, ending
/// every session of the user when `end_sessions`, in one transaction.
/// Returns `false`, changing nothing, when the status is no longer `from`.
pub async fn change_user_status(
    db: &Db,
    id: &str,
    from: &str,
    to: &str,
    end_sessions: bool,
    now: i64,
    audit: &Entry<'_>,
) -> sqlx::Result<bool> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let n = sqlx::query("UPDATE users SET status = $1 WHERE id = $2 AND status = $3")
            .bind(to)
            .bind(id)
            .bind(from)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n != 1 {
            return Ok(false);
        }
        if end_sessions {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        let t = &mut tx;
        crate::audit_push!(t, now, audit);
        tx.commit().await?;
        Ok(true)
    })
}

/// Audit kinds seen among the newest rows (of one organization, or all),
/// for the kind filter. Bounded so the page never scans the whole log.
pub async fn recent_audit_kinds(db: &Db, org_id: Option<&str>) -> sqlx::Result<Vec<String>> {
    on_db!(db, |p| sqlx::query_scalar(
        "SELECT DISTINCT kind FROM (SELECT kind FROM audit_log \
         WHERE ($1 IS NULL OR org_id = $1) ORDER BY at DESC LIMIT 5000) recent ORDER BY kind"
    )
    .bind(org_id)
    .fetch_all(p)
    .await)
}
