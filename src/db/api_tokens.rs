//! Organizations' API tokens. Rows hold the SHA-256 of the token, never the
//! token itself, so a copy of the database hands out no API access. Every
//! query that starts from a signed-in user filters by that user's
//! organization; the lookup by hash is how a token finds its organization.

use super::Db;
use super::audit::Entry;
use crate::on_db;

/// A token to store. The caller made `token_hash` and `prefix` from a fresh
/// random token and shows the token once.
#[derive(Debug, Clone, Copy)]
pub struct NewToken<'a> {
    pub org_id: &'a str,
    pub name: &'a str,
    /// Space-separated scope names (`domain::api_tokens::to_stored`).
    pub scopes: &'a str,
    pub token_hash: &'a str,
    pub prefix: &'a str,
    pub created_by: &'a str,
}

/// Stores a token and its audit row in one transaction. Returns its id.
pub async fn create(
    db: &Db,
    t: &NewToken<'_>,
    now: i64,
    audit: &Entry<'_>,
) -> sqlx::Result<String> {
    let id = super::new_id();
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        sqlx::query(
            "INSERT INTO api_tokens (id, org_id, name, scopes, token_hash, prefix, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(t.org_id)
        .bind(t.name)
        .bind(t.scopes)
        .bind(t.token_hash)
        .bind(t.prefix)
        .bind(t.created_by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let tx_ref = &mut tx;
        crate::audit_push!(tx_ref, now, audit);
        tx.commit().await?;
        Ok(id)
    })
}

/// A token as the organization's token list shows it: no hash.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Listed {
    pub id: String,
    pub name: String,
    pub scopes: String,
    pub prefix: String,
    pub created_by_name: String,
    pub created_by_email: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

macro_rules! listed_select {
    () => {
        "SELECT t.id, t.name, t.scopes, t.prefix, u.name AS created_by_name, \
         u.email AS created_by_email, t.created_at, t.last_used_at, t.revoked_at \
         FROM api_tokens t JOIN users u ON u.id = t.created_by"
    };
}

/// The organization's tokens: live ones first, newest first.
pub async fn list(db: &Db, org_id: &str) -> sqlx::Result<Vec<Listed>> {
    let sql = concat!(
        listed_select!(),
        " WHERE t.org_id = $1 \
         ORDER BY CASE WHEN t.revoked_at IS NULL THEN 0 ELSE 1 END, t.created_at DESC, t.id DESC"
    );
    on_db!(db, |p| sqlx::query_as::<_, Listed>(sql)
        .bind(org_id)
        .fetch_all(p)
        .await)
}

/// One of the organization's tokens; another organization's id finds nothing.
pub async fn get(db: &Db, org_id: &str, id: &str) -> sqlx::Result<Option<Listed>> {
    let sql = concat!(listed_select!(), " WHERE t.org_id = $1 AND t.id = $2");
    on_db!(db, |p| sqlx::query_as::<_, Listed>(sql)
        .bind(org_id)
        .bind(id)
        .fetch_optional(p)
        .await)
}

/// Revokes one of the organization's live tokens and writes its audit row,
/// in one transaction. Returns whether a token was revoked: another
/// organization's token, or one already revoked, changes nothing.
pub async fn revoke(
    db: &Db,
    org_id: &str,
    id: &str,
    now: i64,
    audit: &Entry<'_>,
) -> sqlx::Result<bool> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let n = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 \
             WHERE id = $2 AND org_id = $3 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .bind(org_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            // Dropping the transaction rolls it back; nothing was written.
            return Ok(false);
        }
        let tx_ref = &mut tx;
        crate::audit_push!(tx_ref, now, audit);
        tx.commit().await?;
        Ok(true)
    })
}

/// A live (not revoked) token with its organization, found by hash.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Active {
    pub id: String,
    pub org_id: String,
    pub name: String,
    pub scopes: String,
    pub prefix: String,
    pub last_used_at: Option<i64>,
    pub org_name: String,
    pub org_kind: String,
    pub org_status: String,
}

/// The live token with this hash, if any. The caller checks the
/// organization's status.
pub async fn active_by_hash(db: &Db, token_hash: &str) -> sqlx::Result<Option<Active>> {
    on_db!(db, |p| sqlx::query_as::<_, Active>(
        "SELECT t.id, t.org_id, t.name, t.scopes, t.prefix, t.last_used_at, \
         o.name AS org_name, o.kind AS org_kind, o.status AS org_status \
         FROM api_tokens t JOIN organizations o ON o.id = t.org_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL"
    )
    .bind(token_hash)
    .fetch_optional(p)
    .await)
}

/// Records a use at `now` unless one was recorded after `stale_before`:
/// a busy integration writes at most once per interval, and the condition
/// keeps parallel requests (on any node) from writing it twice.
pub async fn touch(db: &Db, id: &str, now: i64, stale_before: i64) -> sqlx::Result<()> {
    on_db!(db, |p| sqlx::query(
        "UPDATE api_tokens SET last_used_at = $1 \
         WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)"
    )
    .bind(now)
    .bind(id)
    .bind(stale_before)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
