//! One-time tokens sent by mail: email verification, password reset and
//! invitations. The table keeps the SHA-256 of each token; the token is
//! issued in the same transaction as the mail that carries it, and used up
//! by one atomic UPDATE, so a link works once even when clicked twice at
//! the same moment.

use super::Db;
use crate::mail::OutgoingMail;
use crate::on_db;

/// What a token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
    Invitation,
}

impl Purpose {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::ResetPassword => "reset_password",
            Purpose::Invitation => "invitation",
        }
    }
}

/// A token to issue.
#[derive(Debug, Clone)]
pub struct NewToken<'a> {
    pub hash: &'a str,
    pub purpose: Purpose,
    pub user_id: Option<&'a str>,
    pub org_id: Option<&'a str>,
    pub email: &'a str,
    pub role: Option<&'a str>,
    pub created_by: Option<&'a str>,
    pub expires_at: i64,
}

/// A stored token.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenRow {
    pub token_hash: String,
    pub purpose: String,
    pub user_id: Option<String>,
    pub org_id: Option<String>,
    pub email: String,
    pub role: Option<String>,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

/// Why a token cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// No such token (mistyped, or for another purpose).
    Unknown,
    /// Past its expiry.
    Expired,
    /// Already used.
    Used,
}

macro_rules! cols {
    () => {
        "token_hash, purpose, user_id, org_id, email, role, created_by, created_at, expires_at, used_at"
    };
}

/// Issues a token and queues the mail carrying it, with an audit row, in
/// one transaction: either all three happen or none.
pub async fn issue(
    db: &Db,
    t: &NewToken<'_>,
    mail: &OutgoingMail,
    now: i64,
    audit: &super::audit::Entry<'_>,
) -> sqlx::Result<()> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        sqlx::query(
            "INSERT INTO email_tokens (token_hash, purpose, user_id, org_id, email, role, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(t.hash)
        .bind(t.purpose.as_str())
        .bind(t.user_id)
        .bind(t.org_id)
        .bind(t.email)
        .bind(t.role)
        .bind(t.created_by)
        .bind(now)
        .bind(t.expires_at)
        .execute(&mut *tx)
        .await?;
        let c = &mut tx;
        let _queued = crate::mail_enqueue!(c, mail, now);
        crate::audit_push!(c, now, audit);
        tx.commit().await
    })
}

/// Looks a token up without using it (to show the form behind a link).
pub async fn peek(
    db: &Db,
    purpose: Purpose,
    hash: &str,
    now: i64,
) -> sqlx::Result<Result<TokenRow, Problem>> {
    let sql = concat!(
        "SELECT ",
        cols!(),
        " FROM email_tokens WHERE token_hash = $1 AND purpose = $2"
    );
    let row = on_db!(db, |p| sqlx::query_as::<_, TokenRow>(sql)
        .bind(hash)
        .bind(purpose.as_str())
        .fetch_optional(p)
        .await)?;
    Ok(match row {
        None => Err(Problem::Unknown),
        Some(r) if r.used_at.is_some() => Err(Problem::Used),
        Some(r) if r.expires_at <= now => Err(Problem::Expired),
        Some(r) => Ok(r),
    })
}

/// Uses a token up, atomically: of two simultaneous uses, one wins.
pub async fn consume(
    db: &Db,
    purpose: Purpose,
    hash: &str,
    now: i64,
) -> sqlx::Result<Result<TokenRow, Problem>> {
    let sql = concat!(
        "UPDATE email_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 \
         AND used_at IS NULL AND expires_at > $1 RETURNING ",
        cols!()
    );
    let row = on_db!(db, |p| sqlx::query_as::<_, TokenRow>(sql)
        .bind(now)
        .bind(hash)
        .bind(purpose.as_str())
        .fetch_optional(p)
        .await)?;
    match row {
        Some(r) => Ok(Ok(r)),
        None => Ok(peek(db, purpose, hash, now)
            .await?
            .and(Err(Problem::Unknown))),
    }
}

/// Invitations of an organization not yet accepted and not expired.
pub async fn open_invitations(db: &Db, org_id: &str, now: i64) -> sqlx::Result<Vec<TokenRow>> {
    let sql = concat!(
        "SELECT ",
        cols!(),
        " FROM email_tokens WHERE org_id = $1 AND purpose = 'invitation' \
         AND used_at IS NULL AND expires_at > $2 ORDER BY created_at DESC"
    );
    on_db!(db, |p| sqlx::query_as::<_, TokenRow>(sql)
        .bind(org_id)
        .bind(now)
        .fetch_all(p)
        .await)
}
