//! An organization's address book. Every query names the organization, so
//! another organization's address id finds nothing; each change writes its
//! audit row in the same transaction. One default per kind: the first
//! address of a kind becomes it, and deleting the default promotes the
//! newest remaining one.

use super::Db;
use super::audit::Entry;
use crate::domain::address::{Address, Kind};
use crate::on_db;

/// A stored address.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AddressRow {
    pub id: String,
    pub kind: String,
    pub label: String,
    pub contact_name: String,
    pub phone: String,
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub state_code: String,
    pub postal_code: String,
    pub country: String,
    pub gstin: String,
    pub is_default: bool,
    pub created_at: i64,
}

macro_rules! address_select {
    () => {
        "SELECT id, kind, label, contact_name, phone, line1, line2, city, state_code, \
         postal_code, country, gstin, is_default, created_at FROM addresses"
    };
}

/// The organization's addresses, billing first, defaults first, then newest.
pub async fn list(db: &Db, org_id: &str) -> sqlx::Result<Vec<AddressRow>> {
    let sql = concat!(
        address_select!(),
        " WHERE org_id = $1 ORDER BY kind, is_default DESC, created_at DESC, id"
    );
    on_db!(db, |p| sqlx::query_as::<_, AddressRow>(sql)
        .bind(org_id)
        .fetch_all(p)
        .await)
}

/// One of the organization's addresses.
pub async fn get(db: &Db, org_id: &str, id: &str) -> sqlx::Result<Option<AddressRow>> {
    let sql = concat!(address_select!(), " WHERE org_id = $1 AND id = $2");
    on_db!(db, |p| sqlx::query_as::<_, AddressRow>(sql)
        .bind(org_id)
        .bind(id)
        .fetch_optional(p)
        .await)
}

/// Adds an address; the first of its kind becomes the default. Returns its id.
pub async fn create(
    db: &Db,
    org_id: &str,
    a: &Address,
    now: i64,
    audit: &Entry<'_>,
) -> sqlx::Result<String> {
    let id = super::new_id();
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let others: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM addresses WHERE org_id = $1 AND kind = $2")
                .bind(org_id)
                .bind(a.kind.as_str())
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO addresses (id, org_id, kind, label, contact_name, phone, line1, line2, \
             city, state_code, postal_code, country, gstin, is_default, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)",
        )
        .bind(&id)
        .bind(org_id)
        .bind(a.kind.as_str())
        .bind(&a.label)
        .bind(&a.contact_name)
        .bind(&a.phone)
        .bind(&a.line1)
        .bind(&a.line2)
        .bind(&a.city)
        .bind(&a.state_code)
        .bind(&a.postal_code)
        .bind(&a.country)
        .bind(&a.gstin)
        .bind(others == 0)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let tx_ref = &mut tx;
        crate::audit_push!(tx_ref, now, audit);
        tx.commit().await?;
        Ok(id)
    })
}

/// Changes an address (its kind stays). False when the organization has no
/// such address.
pub async fn update(
    db: &Db,
    org_id: &str,
    id: &str,
    a: &Address,
    now: i64,
    audit: &Entry<'_>,
) -> sqlx::Result<bool> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let n = sqlx::query(
            "UPDATE addresses SET label = $1, contact_name = $2, phone = $3, line1 = $4, \
             line2 = $5, city = $6, state_code = $7, postal_code = $8, country = $9, gstin = $10, \
             updated_at = $11 WHERE org_id = $12 AND id = $13",
        )
        .bind(&a.label)
        .bind(&a.contact_name)
        .bind(&a.phone)
        .bind(&a.line1)
        .bind(&a.line2)
        .bind(&a.city)
        .bind(&a.state_code)
        .bind(&a.postal_code)
        .bind(&a.country)
        .bind(&a.gstin)
        .bind(now)
        .bind(org_id)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 1 {
            let tx_ref = &mut tx;
            crate::audit_push!(tx_ref, now, audit);
        }
        tx.commit().await?;
        Ok(n == 1)
    })
}

/// Makes an address the default of its kind. False when the organization
/// has no such address.
pub async fn make_default(
    db: &Db,
    org_id: &str,
    id: &str,
    now: i64,
    audit: &Entry<'_>,
) -> sqlx::Result<bool> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let kind: Option<String> =
            sqlx::query_scalar("SELECT kind FROM addresses WHERE org_id = $1 AND id = $2")
                .bind(org_id)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(kind) = kind else {
            return Ok(false);
        };
        // The old default goes first: one default per kind is a unique index.
        sqlx::query(
            "UPDATE addresses SET is_default = FALSE WHERE org_id = $1 AND kind = $2 AND is_default",
        )
        .bind(org_id)
        .bind(&kind)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE addresses SET is_default = TRUE, updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let tx_ref = &mut tx;
        crate::audit_push!(tx_ref, now, audit);
        tx.commit().await?;
        Ok(true)
    })
}

/// Deletes an address, promoting the newest other one of its kind when it
/// was the default. Orders keep their own copies. False when the
/// organization has no such address.
pub async fn delete(
    db: &Db,
    org_id: &str,
    id: &str,
    now: i64,
    audit: &Entry<'_>,
) -> sqlx::Result<bool> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let row: Option<(String, bool)> =
            sqlx::query_as("SELECT kind, is_default FROM addresses WHERE org_id = $1 AND id = $2")
                .bind(org_id)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((kind, was_default)) = row else {
            return Ok(false);
        };
        sqlx::query("DELETE FROM addresses WHERE org_id = $1 AND id = $2")
            .bind(org_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if was_default {
            let next: Option<String> = sqlx::query_scalar(
                "SELECT id FROM addresses WHERE org_id = $1 AND kind = $2 \
                 ORDER BY created_at DESC, id DESC LIMIT 1",
            )
            .bind(org_id)
            .bind(&kind)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(next) = next {
                sqlx::query("UPDATE addresses SET is_default = TRUE WHERE id = $1")
                    .bind(&next)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let tx_ref = &mut tx;
        crate::audit_push!(tx_ref, now, audit);
        tx.commit().await?;
        Ok(true)
    })
}

/// The kind of a stored address.
pub fn kind_of(row: &AddressRow) -> Kind {
    Kind::parse(&row.kind).unwrap_or(Kind::Shipping)
}
