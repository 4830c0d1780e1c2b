//! Net payment terms a seller grants a buying organization: how many days
//! the buyer has to pay and how much it may owe at once. Keyed by
//! (seller, buyer): each seller's terms are its own, and every query here
//! is bound to the caller's seller organization. Each change writes its
//! audit row in the same transaction.

use super::Db;
use super::audit::Entry;
use crate::on_db;

/// The columns of a [`CustomerRow`]: an organization that buys (the kinds
/// of `OrgClass::Buyer`), active, joined with the terms of the seller bound
/// as `$1`. A macro so `concat!` can build each query's text.
macro_rules! customer_select {
    () => {
        "SELECT o.id, o.name, o.kind, o.city, t.net_days, t.credit_limit_minor, t.currency \
         FROM organizations o \
         LEFT JOIN credit_terms t ON t.buyer_id = o.id AND t.seller_id = $1 \
         WHERE o.kind IN ('hospital', 'clinic') AND o.status = 'active' "
    };
}

/// A buying organization as a seller's customer list shows it, with the
/// terms this seller grants it, if any.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CustomerRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub city: String,
    pub net_days: Option<i32>,
    pub credit_limit_minor: Option<i64>,
    pub currency: Option<String>,
}

/// Active buying organizations by name, each with `seller_id`'s terms.
pub async fn customers(
    db: &Db,
    seller_id: &str,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<CustomerRow>> {
    let sql = concat!(
        customer_select!(),
        "ORDER BY o.name, o.id LIMIT $2 OFFSET $3"
    );
    on_db!(db, |p| sqlx::query_as::<_, CustomerRow>(sql)
        .bind(seller_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(p)
        .await)
}

/// The active buying organization `buyer_id` with `seller_id`'s terms, or
/// `None` when the id names no such organization.
pub async fn customer(
    db: &Db,
    seller_id: &str,
    buyer_id: &str,
) -> sqlx::Result<Option<CustomerRow>> {
    let sql = concat!(customer_select!(), "AND o.id = $2");
    on_db!(db, |p| sqlx::query_as::<_, CustomerRow>(sql)
        .bind(seller_id)
        .bind(buyer_id)
        .fetch_optional(p)
        .await)
}

/// Terms to grant, already checked (`net_days` 1 to 180, limit ≥ 0).
#[derive(Debug, Clone)]
pub struct Grant<'a> {
    pub net_days: i32,
    pub credit_limit_minor: i64,
    pub currency: &'a str,
    pub granted_by: &'a str,
}

/// Grants `buyer_id` terms from `seller_id`, replacing any it had.
pub async fn grant(
    db: &Db,
    seller_id: &str,
    buyer_id: &str,
    g: &Grant<'_>,
    now: i64,
    audit: &Entry<'_>,
) -> sqlx::Result<()> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        sqlx::query(
            "INSERT INTO credit_terms (seller_id, buyer_id, net_days, credit_limit_minor, currency, \
             granted_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
             ON CONFLICT (seller_id, buyer_id) DO UPDATE SET net_days = excluded.net_days, \
             credit_limit_minor = excluded.credit_limit_minor, currency = excluded.currency, \
             granted_by = excluded.granted_by, updated_at = excluded.updated_at",
        )
        .bind(seller_id)
        .bind(buyer_id)
        .bind(g.net_days)
        .bind(g.credit_limit_minor)
        .bind(g.currency)
        .bind(g.granted_by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let t = &mut tx;
        crate::audit_push!(t, now, audit);
        tx.commit().await
    })
}

/// Withdraws `seller_id`'s terms for `buyer_id`. Returns whether there were
/// any; without them nothing is written, not even the audit row.
pub async fn revoke(
    db: &Db,
    seller_id: &str,
    buyer_id: &str,
    now: i64,
    audit: &Entry<'_>,
) -> sqlx::Result<bool> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let n = sqlx::query("DELETE FROM credit_terms WHERE seller_id = $1 AND buyer_id = $2")
            .bind(seller_id)
            .bind(buyer_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        let t = &mut tx;
        crate::audit_push!(t, now, audit);
        tx.commit().await?;
        Ok(true)
    })
}
