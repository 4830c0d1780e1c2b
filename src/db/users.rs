//! Organizations' users: sign-up, lookup, passwords, status.

use super::Db;
use crate::on_db;

/// A user with their organization, as the session and pages need them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: String,
    pub org_id: String,
    pub email: String,
    pub name: String,
    pub role: String,
    pub password_hash: String,
    pub email_verified: bool,
    pub status: String,
    pub password_changed_at: i64,
    pub org_name: String,
    pub org_kind: String,
    pub org_status: String,
    pub org_verified: bool,
}

macro_rules! user_select {
    () => {
        "SELECT u.id, u.org_id, u.email, u.name, u.role, u.password_hash, u.email_verified, \
         u.status, u.password_changed_at, o.name AS org_name, o.kind AS org_kind, \
         o.status AS org_status, o.verified AS org_verified \
         FROM users u JOIN organizations o ON o.id = u.org_id"
    };
}
pub(crate) use user_select;

/// What sign-up needs.
#[derive(Debug, Clone)]
pub struct NewOrgAdmin<'a> {
    pub org_name: &'a str,
    pub org_kind: &'a str,
    pub org_status: &'a str,
    pub city: &'a str,
    pub name: &'a str,
    pub email: &'a str,
    pub role: &'a str,
    pub password_hash: &'a str,
    pub ip: &'a str,
    pub request_id: &'a str,
}

/// Why sign-up failed on a unique constraint: the form names the field.
#[derive(Debug, PartialEq, Eq)]
pub enum Taken {
    OrgName,
    Email,
}

/// Creates an organization and its first user in one transaction (with
/// whatever else `also` writes in it: audit rows, mail). Returns the ids.
///
/// The verification link's token (`verify_hash`, valid until `verify_until`)
/// and its mail are written in the same transaction.
pub async fn create_org_with_admin(
    db: &Db,
    n: &NewOrgAdmin<'_>,
    verify_hash: &str,
    verify_until: i64,
    verify_mail: &crate::mail::OutgoingMail,
    now: i64,
) -> anyhow::Result<Result<(String, String), Taken>> {
    let org_id = super::new_id();
    let user_id = super::new_id();
    let email = n.email.to_lowercase();
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let org_taken: Option<String> =
            sqlx::query_scalar("SELECT id FROM organizations WHERE lower(name) = lower($1)")
                .bind(n.org_name)
                .fetch_optional(&mut *tx)
                .await?;
        if org_taken.is_some() {
            return Ok(Err(Taken::OrgName));
        }
        let email_taken: Option<String> =
            sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
                .bind(&email)
                .fetch_optional(&mut *tx)
                .await?;
        if email_taken.is_some() {
            return Ok(Err(Taken::Email));
        }
        sqlx::query(
            "INSERT INTO organizations (id, name, kind, city, status, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&org_id)
        .bind(n.org_name)
        .bind(n.org_kind)
        .bind(n.city)
        .bind(n.org_status)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO users (id, org_id, email, name, role, password_hash, created_at, password_changed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        )
        .bind(&user_id)
        .bind(&org_id)
        .bind(&email)
        .bind(n.name)
        .bind(n.role)
        .bind(n.password_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO email_tokens (token_hash, purpose, user_id, org_id, email, created_at, expires_at) \
             VALUES ($1, 'verify_email', $2, $3, $4, $5, $6)",
        )
        .bind(verify_hash)
        .bind(&user_id)
        .bind(&org_id)
        .bind(&email)
        .bind(now)
        .bind(verify_until)
        .execute(&mut *tx)
        .await?;
        let t = &mut tx;
        let _queued = crate::mail_enqueue!(t, verify_mail, now);
        crate::audit_push!(
            t,
            now,
            "signup",
            Some(&user_id),
            &email,
            Some(&org_id),
            n.ip,
            n.request_id,
            &format!("signed up organization {} ({})", n.org_name, n.org_kind)
        );
        tx.commit().await?;
        Ok(Ok((org_id, user_id)))
    })
}

/// A user by email (case-insensitive).
pub async fn by_email(db: &Db, email: &str) -> sqlx::Result<Option<UserRow>> {
    let sql = concat!(user_select!(), " WHERE u.email = $1");
    on_db!(db, |p| sqlx::query_as::<_, UserRow>(sql)
        .bind(email.trim().to_lowercase())
        .fetch_optional(p)
        .await)
}

/// A user by id.
pub async fn by_id(db: &Db, id: &str) -> sqlx::Result<Option<UserRow>> {
    let sql = concat!(user_select!(), " WHERE u.id = $1");
    on_db!(db, |p| sqlx::query_as::<_, UserRow>(sql)
        .bind(id)
        .fetch_optional(p)
        .await)
}

/// Sets a new password and ends every other session of the user, in one
/// transaction. `keep` is the session (by id hash) that stays signed in.
pub async fn change_password(
    db: &Db,
    user_id: &str,
    new_hash: &str,
    keep: Option<&str>,
    now: i64,
    audit: &super::audit::Entry<'_>,
) -> sqlx::Result<()> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
            .bind(new_hash)
            .bind(now)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
            .bind(user_id)
            .bind(keep.unwrap_or(""))
            .execute(&mut *tx)
            .await?;
        let t = &mut tx;
        crate::audit_push!(t, now, audit);
        tx.commit().await?;
        Ok(())
    })
}

/// Number of users.
pub async fn count(db: &Db) -> sqlx::Result<i64> {
    on_db!(db, |p| sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(p)
        .await)
}

/// The users of one organization, admins first.
pub async fn list_org(db: &Db, org_id: &str) -> sqlx::Result<Vec<UserRow>> {
    let sql = concat!(
        user_select!(),
        " WHERE u.org_id = $1 ORDER BY u.status, u.name, u.email"
    );
    on_db!(db, |p| sqlx::query_as::<_, UserRow>(sql)
        .bind(org_id)
        .fetch_all(p)
        .await)
}

/// Why a change to a user was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// No such user in the caller's organization.
    NotFound,
    /// It would leave the organization without an active administrator.
    LastAdmin,
}

/// Changes a user's role or status within `org_id`, refusing to leave the
/// organization without an active administrator. Deactivating ends the
/// user's sessions. One transaction with its audit row.
#[allow(clippy::too_many_arguments)]
pub async fn update_member(
    db: &Db,
    org_id: &str,
    user_id: &str,
    role: &str,
    status: &str,
    admin_role: &str,
    now: i64,
    audit: &super::audit::Entry<'_>,
) -> sqlx::Result<Result<(), Refused>> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let found: Option<(String, String)> =
            sqlx::query_as("SELECT role, status FROM users WHERE id = $1 AND org_id = $2")
                .bind(user_id)
                .bind(org_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((old_role, old_status)) = found else {
            return Ok(Err(Refused::NotFound));
        };
        let was_admin = old_role == admin_role && old_status == "active";
        let stays_admin = role == admin_role && status == "active";
        if was_admin && !stays_admin {
            let admins: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM users WHERE org_id = $1 AND role = $2 AND status = 'active'",
            )
            .bind(org_id)
            .bind(admin_role)
            .fetch_one(&mut *tx)
            .await?;
            if admins <= 1 {
                return Ok(Err(Refused::LastAdmin));
            }
        }
        sqlx::query("UPDATE users SET role = $1, status = $2 WHERE id = $3 AND org_id = $4")
            .bind(role)
            .bind(status)
            .bind(user_id)
            .bind(org_id)
            .execute(&mut *tx)
            .await?;
        if status != "active" {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        let t = &mut tx;
        crate::audit_push!(t, now, audit);
        tx.commit().await?;
        Ok(Ok(()))
    })
}

/// Creates the user an invitation names (email verified: the link proved
/// it), with its audit row. `Err(Taken::Email)` when the email already has
/// an account.
#[allow(clippy::too_many_arguments)]
pub async fn create_member(
    db: &Db,
    org_id: &str,
    email: &str,
    name: &str,
    role: &str,
    password_hash: &str,
    now: i64,
    audit: &super::audit::Entry<'_>,
) -> sqlx::Result<Result<String, Taken>> {
    let id = super::new_id();
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let taken: Option<String> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Ok(Err(Taken::Email));
        }
        sqlx::query(
            "INSERT INTO users (id, org_id, email, name, role, password_hash, email_verified, created_at, password_changed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7, $7)",
        )
        .bind(&id)
        .bind(org_id)
        .bind(email)
        .bind(name)
        .bind(role)
        .bind(password_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let t = &mut tx;
        crate::audit_push!(
            t,
            now,
            audit.kind,
            Some(id.as_str()),
            audit.actor_label,
            audit.org_id,
            audit.ip,
            audit.request_id,
            audit.summary
        );
        tx.commit().await?;
        Ok(Ok(id))
    })
}

/// Sets a password from a reset link: the email is proven, and every
/// session ends (whoever had the old password is signed out).
pub async fn reset_password(
    db: &Db,
    user_id: &str,
    new_hash: &str,
    now: i64,
    audit: &super::audit::Entry<'_>,
) -> sqlx::Result<()> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        sqlx::query(
            "UPDATE users SET password_hash = $1, password_changed_at = $2, email_verified = TRUE WHERE id = $3",
        )
        .bind(new_hash)
        .bind(now)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let t = &mut tx;
        crate::audit_push!(t, now, audit);
        tx.commit().await?;
        Ok(())
    })
}

/// Marks a user's email verified.
pub async fn mark_verified(db: &Db, user_id: &str) -> sqlx::Result<()> {
    on_db!(db, |p| sqlx::query(
        "UPDATE users SET email_verified = TRUE WHERE id = $1"
    )
    .bind(user_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
