//! Checkout drafts: what the buyer chose on each step, kept until the
//! checkout is placed. The id is the one-time key the steps carry; every
//! query names the user and organization, so another user's key finds
//! nothing.

use super::Db;
use crate::on_db;

/// How long a draft stays the one `GET /checkout` resumes.
pub const RESUME_MS: i64 = 24 * 60 * 60 * 1000;

/// A stored checkout.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CheckoutRow {
    pub id: String,
    pub status: String,
    pub reference: Option<String>,
    pub shipping_address_id: Option<String>,
    pub billing_address_id: Option<String>,
    /// JSON of `ordering::Choices`.
    pub choices: String,
    pub po_number: String,
    pub notes: String,
    pub required_by: String,
    pub ticket_ref: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub placed_at: Option<i64>,
}

macro_rules! checkout_select {
    () => {
        "SELECT id, status, reference, shipping_address_id, billing_address_id, choices, \
         po_number, notes, required_by, ticket_ref, created_at, updated_at, placed_at \
         FROM checkouts"
    };
}

/// The user's draft touched within [`RESUME_MS`], if any, else a new one.
/// Returns its id. Two tabs opening checkout get the same draft, so they
/// place the same orders once.
pub async fn current_or_new(
    db: &Db,
    user_id: &str,
    org_id: &str,
    now: i64,
) -> sqlx::Result<String> {
    let existing: Option<String> = on_db!(db, |p| sqlx::query_scalar(
        "SELECT id FROM checkouts WHERE user_id = $1 AND org_id = $2 AND status = 'draft' \
         AND updated_at >= $3 ORDER BY updated_at DESC, id DESC LIMIT 1"
    )
    .bind(user_id)
    .bind(org_id)
    .bind(now - RESUME_MS)
    .fetch_optional(p)
    .await)?;
    if let Some(id) = existing {
        return Ok(id);
    }
    create(db, user_id, org_id, now).await
}

/// A new draft. Returns its id.
pub async fn create(db: &Db, user_id: &str, org_id: &str, now: i64) -> sqlx::Result<String> {
    let id = super::new_id();
    on_db!(db, |p| sqlx::query(
        "INSERT INTO checkouts (id, user_id, org_id, status, created_at, updated_at) \
         VALUES ($1, $2, $3, 'draft', $4, $4)"
    )
    .bind(&id)
    .bind(user_id)
    .bind(org_id)
    .bind(now)
    .execute(p)
    .await
    .map(|_| ()))?;
    Ok(id)
}

/// The user's checkout `id`, draft or placed.
pub async fn get(
    db: &Db,
    user_id: &str,
    org_id: &str,
    id: &str,
) -> sqlx::Result<Option<CheckoutRow>> {
    let sql = concat!(
        checkout_select!(),
        " WHERE id = $1 AND user_id = $2 AND org_id = $3"
    );
    on_db!(db, |p| sqlx::query_as::<_, CheckoutRow>(sql)
        .bind(id)
        .bind(user_id)
        .bind(org_id)
        .fetch_optional(p)
        .await)
}

/// Saves the addresses of a draft. `false`: no such draft (placed already,
/// or not the user's).
pub async fn set_addresses(
    db: &Db,
    user_id: &str,
    id: &str,
    shipping_address_id: &str,
    billing_address_id: Option<&str>,
    now: i64,
) -> sqlx::Result<bool> {
    let n = on_db!(db, |p| {
        sqlx::query(
        "UPDATE checkouts SET shipping_address_id = $1, billing_address_id = $2, updated_at = $3 \
         WHERE id = $4 AND user_id = $5 AND status = 'draft'"
    )
    .bind(shipping_address_id)
    .bind(billing_address_id)
    .bind(now)
    .bind(id)
    .bind(user_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// Saves the per-seller choices (JSON) of a draft.
pub async fn set_choices(
    db: &Db,
    user_id: &str,
    id: &str,
    choices_json: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let n = on_db!(db, |p| sqlx::query(
        "UPDATE checkouts SET choices = $1, updated_at = $2 \
         WHERE id = $3 AND user_id = $4 AND status = 'draft'"
    )
    .bind(choices_json)
    .bind(now)
    .bind(id)
    .bind(user_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Saves the PO number, notes, required-by date and ticket of a draft
/// (already checked by `domain::checkout::check_details`).
pub async fn set_details(
    db: &Db,
    user_id: &str,
    id: &str,
    d: &crate::domain::checkout::DetailsInput,
    now: i64,
) -> sqlx::Result<bool> {
    let n = on_db!(db, |p| sqlx::query(
        "UPDATE checkouts SET po_number = $1, notes = $2, required_by = $3, ticket_ref = $4, \
         updated_at = $5 WHERE id = $6 AND user_id = $7 AND status = 'draft'"
    )
    .bind(&d.po_number)
    .bind(&d.notes)
    .bind(&d.required_by)
    .bind(&d.ticket_ref)
    .bind(now)
    .bind(id)
    .bind(user_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The orders a placed checkout made: (id, number, seller name, status,
/// currency, total).
pub async fn orders_of(
    db: &Db,
    org_id: &str,
    checkout_id: &str,
) -> sqlx::Result<Vec<(String, String, String, String, String, i64)>> {
    on_db!(db, |p| sqlx::query_as(
        "SELECT o.id, o.number, s.name, o.status, o.currency, o.total_minor FROM orders o \
         JOIN organizations s ON s.id = o.seller_org_id \
         WHERE o.checkout_id = $1 AND o.buyer_org_id = $2 ORDER BY s.name, o.id"
    )
    .bind(checkout_id)
    .bind(org_id)
    .fetch_all(p)
    .await)
}
