//! Orders: placing a checkout (one transaction for all of its sellers) and
//! moving an order through the status machine (one transaction per move).
//!
//! Both follow ARCHITECTURE.md's rules. Placing starts with the checkout's
//! conditional `draft → placed` update, which is the idempotency key: of
//! any number of submits of one checkout, one places it and the rest find
//! it placed. Stock is taken with `stock >= $n` conditional updates, parts
//! in id order (so two checkouts never wait on each other in a cycle), and
//! before any counter row is touched. A move updates the order only if it
//! still has the status the move was decided from, so of two conflicting
//! moves exactly one applies.

use std::collections::BTreeMap;

use super::Db;
use crate::db::outbox::Op;
use crate::domain::checkout::{self, PricedOrder, Terms};
use crate::domain::order_status::{Effect, Move, OrderStatus, PaymentMethod};
use crate::mail::OutgoingMail;
use crate::on_db;

/// Writes notification rows and queues their mails, in the caller's
/// transaction (`$t` is a `&mut Transaction` of either engine; a macro, like
/// `mail_enqueue!`, so one text serves both). One statement for the
/// notifications and one for the mails, however many recipients: the
/// transaction holds the write lock meanwhile. Evaluates to `()`.
macro_rules! notices_push {
    ($t:expr, $notices:expr, $order_id:expr, $now:expr) => {{
        let notices: &[Notice] = $notices;
        let now: i64 = $now;
        if !notices.is_empty() {
            let sql = format!(
                "INSERT INTO notifications (id, user_id, order_id, title, body, link, created_at) VALUES {}",
                values(notices.len(), 7, |i| format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, ${})",
                    i + 1, i + 2, i + 3, i + 4, i + 5, i + 6, i + 7
                ))
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for n in notices {
                q = q
                    .bind(super::new_id())
                    .bind(&n.user_id)
                    .bind($order_id)
                    .bind(&n.title)
                    .bind(&n.body)
                    .bind(&n.link)
                    .bind(now);
            }
            q.execute(&mut **$t).await?;
        }
        let mails: Vec<&OutgoingMail> = notices.iter().filter_map(|n| n.mail.as_ref()).collect();
        for m in &mails {
            m.validate()
                .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        }
        if !mails.is_empty() {
            let sql = format!(
                "INSERT INTO mail_outbox (id, dedup_key, to_addr, to_name, subject, text_body, html_body, \
                 created_at, attempts, next_attempt_at, last_error) VALUES {} ON CONFLICT (dedup_key) DO NOTHING",
                values(mails.len(), 8, |i| format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, 0, ${}, '')",
                    i + 1, i + 2, i + 3, i + 4, i + 5, i + 6, i + 7, i + 8, i + 8
                ))
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for m in &mails {
                q = q
                    .bind(super::new_id())
                    .bind(&m.dedup_key)
                    .bind(&m.to_addr)
                    .bind(&m.to_name)
                    .bind(&m.subject)
                    .bind(&m.text_body)
                    .bind(&m.html_body)
                    .bind(now);
            }
            q.execute(&mut **$t).await?;
        }
    }};
}

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

/// Places `req` in one transaction. `notices` says who to tell about each
/// placed order (it is called once the order has its number).
pub async fn place(
    db: &Db,
    req: &PlaceRequest,
    notices: impl Fn(&Placed) -> Vec<Notice>,
) -> sqlx::Result<PlaceOutcome> {
    if req.orders.iter().any(|o| o.priced.lines.is_empty()) || req.orders.is_empty() {
        return Err(sqlx::Error::Protocol(
            "an order to place has no lines".into(),
        ));
    }
    let _turn = super::sqlite_write_turn(db).await;
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        // Locks are taken in one order everywhere: this checkout's row,
        // then parts (in id order), then the terms row,
        // then the counters, last and held the shortest. Attempts that fail
        // on stock never touch a counter, so a rush on one part does not
        // queue behind the placings that succeed.
        // The idempotency key.
        let claimed = sqlx::query(
            "UPDATE checkouts SET status = 'placed', placed_at = $1, updated_at = $1 \
             WHERE id = $2 AND user_id = $3 AND org_id = $4 AND status = 'draft'",
        )
        .bind(req.now)
        .bind(&req.checkout_id)
        .bind(&req.user_id)
        .bind(&req.org_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if claimed == 0 {
            let placed: Option<String> = sqlx::query_scalar(
                "SELECT status FROM checkouts WHERE id = $1 AND user_id = $2 AND org_id = $3",
            )
            .bind(&req.checkout_id)
            .bind(&req.user_id)
            .bind(&req.org_id)
            .fetch_optional(&mut *tx)
            .await?;
            tx.rollback().await?;
            return Ok(match placed.as_deref() {
                Some("placed") => PlaceOutcome::AlreadyPlaced,
                _ => PlaceOutcome::NotFound,
            });
        }
        // Stock, all sellers' parts in id order; a part on two lines counts
        // once with their sum.
        let mut wanted: BTreeMap<&str, (i64, &str, &str, &str, &str)> = BTreeMap::new();
        for o in &req.orders {
            for l in &o.priced.lines {
                let e = wanted.entry(l.part_id.as_str()).or_insert((
                    0,
                    o.seller_id.as_str(),
                    l.part_number.as_str(),
                    l.name.as_str(),
                    o.seller_name.as_str(),
                ));
                e.0 += i64::from(l.quantity);
            }
        }
        let mut short = Vec::new();
        let mut taken: Vec<(&str, &str, i64, i64)> = Vec::new();
        // One conditional update per part, in id order: every placing locks
        // parts in the same order, so two never wait on each other in a
        // cycle. (One UPDATE for all parts would lock them in the order the
        // rows lie on disk, which PostgreSQL changes as rows are updated:
        // the orders bench deadlocked that way.)
        for (part_id, (qty, seller_id, number, name, seller_name)) in &wanted {
            let left: Option<i64> = sqlx::query_scalar(
                "UPDATE parts SET stock = stock - $1, updated_at = $2 \
                 WHERE id = $3 AND seller_id = $4 AND status = 'active' AND stock >= $1 \
                 RETURNING stock",
            )
            .bind(*qty)
            .bind(req.now)
            .bind(*part_id)
            .bind(*seller_id)
            .fetch_optional(&mut *tx)
            .await?;
            match left {
                Some(left) => taken.push((part_id, seller_id, left + qty, left)),
                None => {
                    let available: Option<i64> = sqlx::query_scalar(
                        "SELECT CASE WHEN status = 'active' THEN stock ELSE 0 END FROM parts WHERE id = $1",
                    )
                    .bind(*part_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                    short.push(Shortfall {
                        part_number: (*number).to_owned(),
                        name: (*name).to_owned(),
                        seller_name: (*seller_name).to_owned(),
                        wanted: *qty,
                        available: available.unwrap_or(0),
                    });
                }
            }
        }
        if !short.is_empty() {
            tx.rollback().await?;
            return Ok(PlaceOutcome::Short(short));
        }
        // Net terms: the terms row's lock makes concurrent checkouts with
        // the same seller take turns, so two cannot both fit in the credit
        // left.
        for o in req
            .orders
            .iter()
            .filter(|o| o.payment == PaymentMethod::NetTerms)
        {
            let terms: Option<(i32, i64, String)> = sqlx::query_as(
                "UPDATE credit_terms SET updated_at = updated_at \
                 WHERE seller_id = $1 AND buyer_id = $2 \
                 RETURNING net_days, credit_limit_minor, currency",
            )
            .bind(&o.seller_id)
            .bind(&req.org_id)
            .fetch_optional(&mut *tx)
            .await?;
            let terms = terms.map(|(net_days, credit_limit_minor, currency)| Terms {
                net_days,
                credit_limit_minor,
                currency,
            });
            let owed: i64 = sqlx::query_scalar(OWED_SQL)
                .bind(&o.seller_id)
                .bind(&req.org_id)
                .fetch_one(&mut *tx)
                .await?;
            if let Err(reason) = checkout::net_terms_open(
                terms.as_ref(),
                owed,
                o.priced.total_minor,
                &o.priced.currency,
            ) {
                tx.rollback().await?;
                return Ok(PlaceOutcome::CreditRefused {
                    seller_name: o.seller_name.clone(),
                    reason,
                });
            }
        }
        let t = &mut tx;
        // One statement for the stock history however many parts (on
        // SQLite this transaction holds the write lock throughout).
        let sql = format!(
            "INSERT INTO stock_history (id, part_id, seller_id, old_stock, new_stock, reason, source, changed_by, changed_at) VALUES {}",
            values(taken.len(), 7, |i| format!(
                "(${}, ${}, ${}, ${}, ${}, 'Ordered', 'order', ${}, ${})",
                i + 1,
                i + 2,
                i + 3,
                i + 4,
                i + 5,
                i + 6,
                i + 7
            ))
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (part_id, seller_id, old, new) in &taken {
            q = q
                .bind(super::new_id())
                .bind(*part_id)
                .bind(*seller_id)
                .bind(*old)
                .bind(*new)
                .bind(&req.user_id)
                .bind(req.now);
        }
        q.execute(&mut **t).await?;
        // The ordered parts leave the cart; saved-for-later lines stay.
        let sql = format!(
            "DELETE FROM cart_lines WHERE user_id = $1 AND NOT saved_for_later AND part_id IN ({})",
            (2..wanted.len() + 2)
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&req.user_id);
        for part_id in wanted.keys() {
            q = q.bind(*part_id);
        }
        q.execute(&mut **t).await?;
        let year = checkout::year_of(req.now);
        let today = req.now.div_euclid(crate::domain::dates::DAY_MS);
        let mut placed = Vec::with_capacity(req.orders.len());
        for o in &req.orders {
            let seq: i64 = sqlx::query_scalar(NEXT_SQL)
                .bind(format!("order:{}:{year}", o.seller_id))
                .fetch_one(&mut **t)
                .await?;
            let number = checkout::order_number(year, seq);
            let start = crate::domain::order_status::placement(o.needs_approval, o.payment);
            let net_days = o.terms.as_ref().map(|t| t.net_days);
            let due_date = match net_days {
                Some(days) if start.effects.contains(&Effect::SetDueDate) => {
                    checkout::ymd(today + i64::from(days))
                }
                _ => String::new(),
            };
            let id = super::new_id();
            let pr = &o.priced;
            sqlx::query(
                "INSERT INTO orders (id, number, checkout_id, buyer_org_id, seller_org_id, placed_by, status, \
                 payment_method, currency, subtotal_minor, shipping_minor, tax_minor, total_minor, tax_note, \
                 tax_breakdown, shipping_option, transit_days, estimated_delivery, ship_to, ship_to_state, \
                 ship_to_country, bill_to, buyer_gstin, seller_gstin, po_number, notes, required_by, ticket_ref, \
                 net_days, due_date, placed_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, \
                 $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $31)",
            )
            .bind(&id)
            .bind(&number)
            .bind(&req.checkout_id)
            .bind(&req.org_id)
            .bind(&o.seller_id)
            .bind(&req.user_id)
            .bind(start.status.as_str())
            .bind(o.payment.as_str())
            .bind(&pr.currency)
            .bind(pr.subtotal_minor)
            .bind(pr.shipping.fee_minor)
            .bind(pr.tax_minor)
            .bind(pr.total_minor)
            .bind(&pr.tax_note)
            .bind(serde_json::to_string(&pr.tax_rows).unwrap_or_else(|_| "[]".into()))
            .bind(pr.option.key())
            .bind(i32::try_from(pr.shipping.transit_days).unwrap_or(i32::MAX))
            .bind(checkout::ymd(pr.delivery_day))
            .bind(&req.ship_to)
            .bind(&req.ship_to_state)
            .bind(&req.ship_to_country)
            .bind(&req.bill_to)
            .bind(&req.buyer_gstin)
            .bind(&o.seller_gstin)
            .bind(&req.details.po_number)
            .bind(&req.details.notes)
            .bind(&req.details.required_by)
            .bind(&req.details.ticket_ref)
            .bind(net_days)
            .bind(&due_date)
            .bind(req.now)
            .execute(&mut **t)
            .await?;
            let sql = format!(
                "INSERT INTO order_lines (id, order_id, line_no, part_id, part_number, name, hsn_code, quantity, \
                 unit_price_minor, taxable_minor, gst_rate, tax_minor, tax_label, total_minor) VALUES {}",
                values(pr.lines.len(), 14, |i| {
                    let cols: Vec<String> = (1..=14).map(|c| format!("${}", i + c)).collect();
                    format!("({})", cols.join(", "))
                })
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (i, l) in pr.lines.iter().enumerate() {
                q = q
                    .bind(super::new_id())
                    .bind(&id)
                    .bind(i as i32 + 1)
                    .bind(&l.part_id)
                    .bind(&l.part_number)
                    .bind(&l.name)
                    .bind(&l.hsn_code)
                    .bind(i32::try_from(l.quantity).unwrap_or(i32::MAX))
                    .bind(l.unit_minor)
                    .bind(l.taxable_minor)
                    .bind(l.gst_rate)
                    .bind(l.tax_minor)
                    .bind(&l.tax_label)
                    .bind(l.total_minor);
            }
            q.execute(&mut **t).await?;
            sqlx::query(
                "INSERT INTO order_status_history (id, order_id, from_status, to_status, action, actor_id, actor_org_id, note, at) \
                 VALUES ($1, $2, NULL, $3, 'place', $4, $5, '', $6)",
            )
            .bind(super::new_id())
            .bind(&id)
            .bind(start.status.as_str())
            .bind(&req.user_id)
            .bind(&req.org_id)
            .bind(req.now)
            .execute(&mut **t)
            .await?;
            let p = Placed {
                id,
                number,
                seller_id: o.seller_id.clone(),
                seller_name: o.seller_name.clone(),
                status: start.status,
                payment: o.payment,
                currency: pr.currency.clone(),
                total_minor: pr.total_minor,
                due_date,
            };
            let list = notices(&p);
            notices_push!(t, &list, &p.id, req.now);
            placed.push(p);
        }
        // The shared counters last: the checkout reference and the index
        // outbox's sequence.
        let seq: i64 = sqlx::query_scalar(NEXT_SQL)
            .bind(format!("checkout:{year}"))
            .fetch_one(&mut **t)
            .await?;
        let reference = checkout::checkout_reference(year, seq);
        sqlx::query("UPDATE checkouts SET reference = $1 WHERE id = $2")
            .bind(&reference)
            .bind(&req.checkout_id)
            .execute(&mut **t)
            .await?;
        let last: i64 = sqlx::query_scalar(
            "UPDATE counters SET value = value + $1 WHERE name = 'index_outbox' RETURNING value",
        )
        .bind(taken.len() as i64)
        .fetch_one(&mut **t)
        .await?;
        let first = last - taken.len() as i64 + 1;
        let sql = format!(
            "INSERT INTO index_outbox (seq, part_id, op, created_at) VALUES {}",
            values(taken.len(), 4, |i| format!(
                "(${}, ${}, ${}, ${})",
                i + 1,
                i + 2,
                i + 3,
                i + 4
            ))
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (n, (part_id, ..)) in taken.iter().enumerate() {
            q = q
                .bind(first + n as i64)
                .bind(*part_id)
                .bind(Op::Upsert.as_str())
                .bind(req.now);
        }
        q.execute(&mut **t).await?;
        tx.commit().await?;
        Ok(PlaceOutcome::Placed {
            reference,
            orders: placed,
        })
    })
}

/// `n` rows of VALUES, each from `row(first placeholder index - 1)`, for
/// rows of `width` columns. Only generated placeholders go into SQL.
fn values(n: usize, width: usize, row: impl Fn(usize) -> String) -> String {
    (0..n)
        .map(|r| row(r * width))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The next value of a named counter, created at 1.
const NEXT_SQL: &str = "INSERT INTO counters (name, value) VALUES ($1, 1) \
     ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value";

/// What a buyer owes a seller on net-terms orders still open (not
/// cancelled, rejected or refunded). Payments against invoices arrive with
/// Step 5's invoices; until then every open net-terms order counts.
const OWED_SQL: &str = "SELECT CAST(COALESCE(SUM(total_minor), 0) AS BIGINT) FROM orders \
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
        notices_push!(t, notices, order_id, now);
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
