//! Orders: the types of placing a checkout (one transaction for all of its
//! sellers; the transaction itself, with group commit, is in
//! `db::placing`) and moving an order through the status machine (one
//! transaction per move).
//!
//! Both follow ARCHITECTURE.md's rules. Placing starts with the checkout's
//! conditional `draft → placed` update, which is the idempotency key: of
//! any number of submits of one checkout, one places it and the rest find
//! it placed. Stock is taken with `stock >= $n` conditional updates, each
//! checkout's parts in id order, and before any counter row is touched. A
//! move updates the order only if it still has the status the move was
//! decided from, so of two conflicting moves exactly one applies.

use super::Db;
use crate::db::outbox::Op;
use crate::domain::checkout::{self, PricedOrder, Terms};
use crate::domain::order_status::{Effect, Move, OrderStatus, PaymentMethod};
use crate::mail::OutgoingMail;
use crate::on_db;

/// Writes notification rows and queues their mails, in the caller's
/// transaction (`$t` is a `&mut Transaction` of either engine; a macro, like
/// `mail_enqueue!`, so one text serves both). `$rows` are `(order id, time,
/// notice)`. A few statements however many recipients: the transaction
/// holds the write lock meanwhile. Evaluates to `()`.
macro_rules! notices_push {
    ($t:expr, $rows:expr) => {{
        use $crate::db::placing::Args;
        let rows: &[(String, i64, Notice)] = $rows;
        // 500 rows of 8 values stay far below either engine's limit on
        // values in one statement.
        for chunk in rows.chunks(500) {
            let mut a = Args::default();
            let values: Vec<String> = chunk
                .iter()
                .map(|(order_id, now, n)| {
                    a.row(vec![
                        super::new_id().into(),
                        (&n.user_id).into(),
                        order_id.into(),
                        (&n.title).into(),
                        (&n.body).into(),
                        (&n.link).into(),
                        (*now).into(),
                    ])
                })
                .collect();
            let sql = format!(
                "INSERT INTO notifications (id, user_id, order_id, title, body, link, created_at) VALUES {}",
                values.join(", ")
            );
            $crate::db::placing::bound!(sqlx::query(sqlx::AssertSqlSafe(sql)), a)
                .execute(&mut **$t)
                .await?;
            let mails: Vec<(&$crate::mail::OutgoingMail, i64)> = chunk
                .iter()
                .filter_map(|(_, now, n)| n.mail.as_ref().map(|m| (m, *now)))
                .collect();
            for (m, _) in &mails {
                m.validate()
                    .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
            }
            if !mails.is_empty() {
                let mut a = Args::default();
                let values: Vec<String> = mails
                    .iter()
                    .map(|(m, now)| {
                        a.row(vec![
                            super::new_id().into(),
                            (&m.dedup_key).into(),
                            (&m.to_addr).into(),
                            (&m.to_name).into(),
                            (&m.subject).into(),
                            (&m.text_body).into(),
                            (&m.html_body).into(),
                            (*now).into(),
                            0_i32.into(),
                            (*now).into(),
                            "".into(),
                        ])
                    })
                    .collect();
                let sql = format!(
                    "INSERT INTO mail_outbox (id, dedup_key, to_addr, to_name, subject, text_body, html_body, \
                     created_at, attempts, next_attempt_at, last_error) VALUES {} ON CONFLICT (dedup_key) DO NOTHING",
                    values.join(", ")
                );
                $crate::db::placing::bound!(sqlx::query(sqlx::AssertSqlSafe(sql)), a)
                    .execute(&mut **$t)
                    .await?;
            }
        }
    }};
}
pub(crate) use notices_push;

/// Someone to tell, in the transaction that caused it: an in-app
/// notification and, optionally, a mail through the outbox.
#[derive(Debug, Clone)]
pub struct Notice {
    pub user_id: String,
    pub title: String,
    pub body: String,
    pub link: String,
    pub mail: Option<OutgoingMail>,
}

/// One seller's order to place.
#[derive(Debug, Clone)]
pub struct NewOrder {
    pub seller_id: String,
    pub seller_name: String,
    pub seller_gstin: String,
    pub payment: PaymentMethod,
    pub priced: PricedOrder,
    pub needs_approval: bool,
    /// The seller's terms for this buyer; checked again inside the
    /// transaction for net-terms orders, against what is owed then.
    pub terms: Option<Terms>,
}

/// A checkout to place.
#[derive(Debug, Clone)]
pub struct PlaceRequest {
    pub checkout_id: String,
    pub user_id: String,
    pub org_id: String,
    pub ship_to: String,
    pub ship_to_state: String,
    pub ship_to_country: String,
    pub bill_to: String,
    pub buyer_gstin: String,
    pub details: checkout::DetailsInput,
    pub orders: Vec<NewOrder>,
    pub now: i64,
}

/// An order as placing it made it, for notices and the confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub id: String,
    pub number: String,
    pub seller_id: String,
    pub seller_name: String,
    pub status: OrderStatus,
    pub payment: PaymentMethod,
    pub currency: String,
    pub total_minor: i64,
    pub due_date: String,
}

/// A line the stock could not cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    pub part_number: String,
    pub name: String,
    pub seller_name: String,
    pub wanted: i64,
    /// What is in stock now (0 for a part no longer on sale).
    pub available: i64,
}

/// How placing went. Anything but `Placed` changed nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceOutcome {
    /// The checkout's reference and its orders.
    Placed {
        reference: String,
        orders: Vec<Placed>,
    },
    /// Someone (another tab, a double click) placed this checkout already.
    AlreadyPlaced,
    /// No draft checkout with this id belongs to this user.
    NotFound,
    /// The stock does not cover these lines.
    Short(Vec<Shortfall>),
    /// Net terms are no longer open with this seller (the reason).
    CreditRefused { seller_name: String, reason: String },
}

pub use super::placing::place;

/// What a buyer owes a seller on net-terms orders still open (not
/// cancelled, rejected or refunded). Payments against invoices arrive with
/// Step 5's invoices; until then every open net-terms order counts.
pub(crate) const OWED_SQL: &str = "SELECT CAST(COALESCE(SUM(total_minor), 0) AS BIGINT) FROM orders \
     WHERE seller_org_id = $1 AND buyer_org_id = $2 AND payment_method = 'net_terms' \
     AND status NOT IN ('cancelled', 'rejected', 'refunded')";

/// What the buyer owes the seller on open net-terms orders now.
pub async fn owed(db: &Db, seller_id: &str, buyer_id: &str) -> sqlx::Result<i64> {
    on_db!(db, |p| sqlx::query_scalar(OWED_SQL)
        .bind(seller_id)
        .bind(buyer_id)
        .fetch_one(p)
        .await)
}

/// What a move needs besides the decided [`Move`].
#[derive(Debug, Clone, Default)]
pub struct MoveExtra {
    /// The payment proof file just stored, for proof moves.
    pub proof_file_id: Option<String>,
    /// For [`Effect::SetDueDate`]: the due date (today plus the terms' days).
    pub due_date: Option<String>,
}

/// How a move went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveOutcome {
    /// Applied; the order is now in the move's `to` status.
    Applied,
    /// The order no longer has the move's `from` status (someone else moved
    /// it first): nothing changed.
    Conflict,
}

/// Applies `mv` to the order `order_id` (whose buyer or seller is
/// `actor_org`) in one transaction: the conditional status update, the
/// history row, the effects that touch the database, and `notices`.
/// Effects of later steps (invoices, credit notes, ticket events) are not
/// applied here yet.
#[allow(clippy::too_many_arguments)]
pub async fn apply_move(
    db: &Db,
    order_id: &str,
    mv: &Move<'_>,
    actor_id: &str,
    actor_org: &str,
    extra: &MoveExtra,
    notices: &[Notice],
    now: i64,
) -> sqlx::Result<MoveOutcome> {
    let tracking = mv.tracking;
    let fx = |e: Effect| mv.effects.contains(&e);
    let _turn = super::sqlite_write_turn(db).await;
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let n = sqlx::query(
            "UPDATE orders SET status = $1, version = version + 1, updated_at = $2, \
             carrier = CASE WHEN $3 THEN $4 ELSE carrier END, \
             tracking_number = CASE WHEN $3 THEN $5 ELSE tracking_number END, \
             tracking_link = CASE WHEN $3 THEN $6 ELSE tracking_link END, \
             due_date = CASE WHEN $7 THEN $8 ELSE due_date END, \
             payment_verified_by = CASE WHEN $9 THEN $10 ELSE payment_verified_by END, \
             payment_verified_at = CASE WHEN $9 THEN $2 ELSE payment_verified_at END, \
             refund_due_minor = CASE WHEN $11 THEN total_minor ELSE refund_due_minor END \
             WHERE id = $12 AND status = $13 AND (buyer_org_id = $14 OR seller_org_id = $14)",
        )
        .bind(mv.to.as_str())
        .bind(now)
        .bind(tracking.is_some())
        .bind(tracking.map(|t| t.carrier).unwrap_or_default())
        .bind(tracking.map(|t| t.number).unwrap_or_default())
        .bind(tracking.map(|t| t.link).unwrap_or_default())
        .bind(fx(Effect::SetDueDate) && extra.due_date.is_some())
        .bind(extra.due_date.clone().unwrap_or_default())
        .bind(fx(Effect::RecordPaymentVerified))
        .bind(actor_id)
        .bind(fx(Effect::RefundDue))
        .bind(order_id)
        .bind(mv.from.as_str())
        .bind(actor_org)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            tx.rollback().await?;
            return Ok(MoveOutcome::Conflict);
        }
        sqlx::query(
            "INSERT INTO order_status_history (id, order_id, from_status, to_status, action, actor_id, actor_org_id, note, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(super::new_id())
        .bind(order_id)
        .bind(mv.from.as_str())
        .bind(mv.to.as_str())
        .bind(mv.action.as_str())
        .bind(actor_id)
        .bind(actor_org)
        .bind(mv.note.unwrap_or(""))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if let Some(file_id) = &extra.proof_file_id {
            sqlx::query(
                "INSERT INTO payment_proofs (id, order_id, file_id, uploaded_by, uploaded_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(super::new_id())
            .bind(order_id)
            .bind(file_id)
            .bind(actor_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        let t = &mut tx;
        if fx(Effect::ReleaseStock) {
            let lines: Vec<(String, String, i64)> = sqlx::query_as(
                "SELECT l.part_id, o.seller_org_id, CAST(SUM(l.quantity) AS BIGINT) FROM order_lines l \
                 JOIN orders o ON o.id = l.order_id WHERE l.order_id = $1 \
                 GROUP BY l.part_id, o.seller_org_id ORDER BY l.part_id",
            )
            .bind(order_id)
            .fetch_all(&mut **t)
            .await?;
            for (part_id, seller_id, qty) in &lines {
                let new: i64 = sqlx::query_scalar(
                    "UPDATE parts SET stock = stock + $1, updated_at = $2 WHERE id = $3 RETURNING stock",
                )
                .bind(*qty)
                .bind(now)
                .bind(part_id)
                .fetch_one(&mut **t)
                .await?;
                sqlx::query(
                    "INSERT INTO stock_history (id, part_id, seller_id, old_stock, new_stock, reason, source, changed_by, changed_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, 'order', $7, $8)",
                )
                .bind(super::new_id())
                .bind(part_id)
                .bind(seller_id)
                .bind(new - qty)
                .bind(new)
                .bind(format!("Order {}", mv.to.label().to_lowercase()))
                .bind(actor_id)
                .bind(now)
                .execute(&mut **t)
                .await?;
                crate::outbox_push!(t, part_id.as_str(), Op::Upsert, now);
            }
        }
        let rows: Vec<(String, i64, Notice)> = notices
            .iter()
            .map(|n| (order_id.to_owned(), now, n.clone()))
            .collect();
        notices_push!(t, &rows);
        tx.commit().await?;
        Ok(MoveOutcome::Applied)
    })
}

/// Someone an order event may be told to.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Recipient {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: String,
}

/// The active users of `org_id` holding one of `roles`.
pub async fn recipients(db: &Db, org_id: &str, roles: &[&str]) -> sqlx::Result<Vec<Recipient>> {
    let all: Vec<Recipient> = on_db!(db, |p| {
        sqlx::query_as::<_, Recipient>(
        "SELECT id, name, email, role FROM users WHERE org_id = $1 AND status = 'active' ORDER BY name, id"
    )
    .bind(org_id)
    .fetch_all(p)
    .await
    })?;
    Ok(all
        .into_iter()
        .filter(|u| roles.contains(&u.role.as_str()))
        .collect())
}

/// The buying organization's approval threshold and its currency, if set.
pub async fn approval_threshold(db: &Db, org_id: &str) -> sqlx::Result<Option<(i64, String)>> {
    let row: Option<(Option<i64>, String)> = on_db!(db, |p| sqlx::query_as(
        "SELECT approval_threshold_minor, currency FROM buyer_settings WHERE org_id = $1"
    )
    .bind(org_id)
    .fetch_optional(p)
    .await)?;
    Ok(row.and_then(|(t, c)| t.map(|t| (t, c))))
}

/// The net terms `seller_id` granted `buyer_id`, if any.
pub async fn terms(db: &Db, seller_id: &str, buyer_id: &str) -> sqlx::Result<Option<Terms>> {
    let row: Option<(i32, i64, String)> = on_db!(db, |p| sqlx::query_as(
        "SELECT net_days, credit_limit_minor, currency FROM credit_terms \
         WHERE seller_id = $1 AND buyer_id = $2"
    )
    .bind(seller_id)
    .bind(buyer_id)
    .fetch_optional(p)
    .await)?;
    Ok(row.map(|(net_days, credit_limit_minor, currency)| Terms {
        net_days,
        credit_limit_minor,
        currency,
    }))
}

/// What deciding a move needs to know about an order.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderHeader {
    pub id: String,
    pub number: String,
    pub status: String,
    pub payment_method: String,
    pub buyer_org_id: String,
    pub seller_org_id: String,
    pub placed_by: String,
    pub currency: String,
    pub total_minor: i64,
    pub net_days: Option<i32>,
    pub seller_name: String,
    pub buyer_name: String,
}

/// The order `id`, if `org_id` is its buyer or its seller.
pub async fn header(db: &Db, id: &str, org_id: &str) -> sqlx::Result<Option<OrderHeader>> {
    on_db!(db, |p| {
        sqlx::query_as::<_, OrderHeader>(
        "SELECT o.id, o.number, o.status, o.payment_method, o.buyer_org_id, o.seller_org_id, \
         o.placed_by, o.currency, o.total_minor, o.net_days, s.name AS seller_name, b.name AS buyer_name \
         FROM orders o JOIN organizations s ON s.id = o.seller_org_id \
         JOIN organizations b ON b.id = o.buyer_org_id \
         WHERE o.id = $1 AND (o.buyer_org_id = $2 OR o.seller_org_id = $2)"
    )
    .bind(id)
    .bind(org_id)
    .fetch_optional(p)
    .await
    })
}

/// The user `id` if active: (name, email).
pub async fn user_contact(db: &Db, id: &str) -> sqlx::Result<Option<Recipient>> {
    on_db!(db, |p| sqlx::query_as::<_, Recipient>(
        "SELECT id, name, email, role FROM users WHERE id = $1 AND status = 'active'"
    )
    .bind(id)
    .fetch_optional(p)
    .await)
}

/// An organization's name.
pub async fn org_name(db: &Db, org_id: &str) -> sqlx::Result<String> {
    let name: Option<String> = on_db!(db, |p| sqlx::query_scalar(
        "SELECT name FROM organizations WHERE id = $1"
    )
    .bind(org_id)
    .fetch_optional(p)
    .await)?;
    Ok(name.unwrap_or_default())
}
