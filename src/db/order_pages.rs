//! Orders as the order pages read them: lists, one order with its lines,
//! history, proofs and messages, and the message thread's writes. Every
//! query names the viewer's organization (the order's buyer or its seller),
//! so another organization's order is simply not found.

use super::Db;
use crate::on_db;

/// Which side of its orders an organization looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListSide {
    /// Orders the organization placed.
    Buyer,
    /// Orders placed with the organization.
    Seller,
}

/// What a list is narrowed to; `None` is "any".
#[derive(Debug, Clone, Default)]
pub struct ListFilter<'a> {
    /// Stored statuses to keep.
    pub statuses: Option<&'a [&'a str]>,
    /// Placed at or after (Unix ms).
    pub placed_from: Option<i64>,
    /// Placed before (Unix ms).
    pub placed_before: Option<i64>,
    /// The selling organization.
    pub seller_id: Option<&'a str>,
    /// The service ticket reference, exactly (case-insensitive).
    pub ticket: Option<&'a str>,
    /// Contained in the number or PO (and, for sellers, the buyer's name).
    pub search: Option<&'a str>,
}

/// An order in a list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ListRow {
    pub id: String,
    pub number: String,
    pub placed_at: i64,
    pub status: String,
    pub payment_method: String,
    pub currency: String,
    pub total_minor: i64,
    pub po_number: String,
    pub ticket_ref: String,
    pub seller_name: String,
    pub buyer_name: String,
    pub placed_by_name: String,
}

/// `,a,b,`: the statuses as one bound text, so the SQL text stays fixed.
fn status_set(statuses: Option<&[&str]>) -> Option<String> {
    statuses.map(|s| format!(",{},", s.join(",")))
}

/// Orders of `org_id` on `side`, newest first; `limit` rows from `offset`.
pub async fn list(
    db: &Db,
    org_id: &str,
    side: ListSide,
    f: &ListFilter<'_>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<ListRow>> {
    // Each filter is bound or disabled by a NULL. A seller never sees an
    // order still waiting for the buyer's approval: it hears of it on
    // approval.
    let sql = "SELECT o.id, o.number, o.placed_at, o.status, o.payment_method, o.currency, \
               o.total_minor, o.po_number, o.ticket_ref, s.name AS seller_name, b.name AS buyer_name, \
               u.name AS placed_by_name \
               FROM orders o JOIN organizations s ON s.id = o.seller_org_id \
               JOIN organizations b ON b.id = o.buyer_org_id JOIN users u ON u.id = o.placed_by \
               WHERE ((NOT $1 AND o.buyer_org_id = $2) \
                      OR ($1 AND o.seller_org_id = $2 AND o.status <> 'awaiting_approval')) \
               AND ($3 IS NULL OR $3 LIKE ('%,' || o.status || ',%')) \
               AND ($4 IS NULL OR o.placed_at >= $4) AND ($5 IS NULL OR o.placed_at < $5) \
               AND ($6 IS NULL OR o.seller_org_id = $6) \
               AND ($7 IS NULL OR lower(o.ticket_ref) = $7) \
               AND ($8 IS NULL OR lower(o.number) LIKE $8 ESCAPE '\\' \
                    OR lower(o.po_number) LIKE $8 ESCAPE '\\' \
                    OR ($1 AND lower(b.name) LIKE $8 ESCAPE '\\')) \
               ORDER BY o.placed_at DESC, o.id DESC LIMIT $9 OFFSET $10";
    let seller = side == ListSide::Seller;
    let statuses = status_set(f.statuses);
    let ticket = f.ticket.map(str::to_lowercase);
    let search = f.search.map(super::admin::contains_pattern);
    on_db!(db, |p| sqlx::query_as::<_, ListRow>(sql)
        .bind(seller)
        .bind(org_id)
        .bind(&statuses)
        .bind(f.placed_from)
        .bind(f.placed_before)
        .bind(f.seller_id)
        .bind(&ticket)
        .bind(&search)
        .bind(limit)
        .bind(offset)
        .fetch_all(p)
        .await)
}

/// How many of the seller's orders are in each status (orders waiting for
/// the buyer's approval left out).
pub async fn seller_status_counts(db: &Db, seller_id: &str) -> sqlx::Result<Vec<(String, i64)>> {
    on_db!(db, |p| sqlx::query_as(
        "SELECT status, COUNT(*) FROM orders WHERE seller_org_id = $1 \
         AND status <> 'awaiting_approval' GROUP BY status"
    )
    .bind(seller_id)
    .fetch_all(p)
    .await)
}

/// The sellers the buyer has ordered from: (id, name), by name.
pub async fn sellers_of_buyer(db: &Db, buyer_id: &str) -> sqlx::Result<Vec<(String, String)>> {
    on_db!(db, |p| sqlx::query_as(
        "SELECT DISTINCT s.id, s.name FROM orders o JOIN organizations s ON s.id = o.seller_org_id \
         WHERE o.buyer_org_id = $1 ORDER BY s.name, s.id"
    )
    .bind(buyer_id)
    .fetch_all(p)
    .await)
}

/// One order, everything its page shows above the lines.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Detail {
    pub id: String,
    pub number: String,
    pub checkout_reference: Option<String>,
    pub buyer_org_id: String,
    pub seller_org_id: String,
    pub buyer_name: String,
    pub seller_name: String,
    pub placed_by_name: String,
    pub status: String,
    pub payment_method: String,
    pub currency: String,
    pub subtotal_minor: i64,
    pub shipping_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub tax_note: String,
    pub tax_breakdown: String,
    pub shipping_option: String,
    pub estimated_delivery: String,
    pub ship_to: String,
    pub bill_to: String,
    pub buyer_gstin: String,
    pub seller_gstin: String,
    pub po_number: String,
    pub notes: String,
    pub required_by: String,
    pub ticket_ref: String,
    pub due_date: String,
    pub carrier: String,
    pub tracking_number: String,
    pub tracking_link: String,
    pub refund_due_minor: i64,
    pub placed_at: i64,
}

/// The order `id`, if `org_id` is its buyer or its seller.
pub async fn detail(db: &Db, id: &str, org_id: &str) -> sqlx::Result<Option<Detail>> {
    on_db!(db, |p| {
        sqlx::query_as::<_, Detail>(
        "SELECT o.id, o.number, c.reference AS checkout_reference, o.buyer_org_id, o.seller_org_id, \
         b.name AS buyer_name, s.name AS seller_name, u.name AS placed_by_name, o.status, \
         o.payment_method, o.currency, o.subtotal_minor, o.shipping_minor, o.tax_minor, o.total_minor, \
         o.tax_note, o.tax_breakdown, o.shipping_option, o.estimated_delivery, o.ship_to, o.bill_to, \
         o.buyer_gstin, o.seller_gstin, o.po_number, o.notes, o.required_by, o.ticket_ref, o.due_date, \
         o.carrier, o.tracking_number, o.tracking_link, o.refund_due_minor, o.placed_at \
         FROM orders o JOIN organizations s ON s.id = o.seller_org_id \
         JOIN organizations b ON b.id = o.buyer_org_id JOIN users u ON u.id = o.placed_by \
         JOIN checkouts c ON c.id = o.checkout_id \
         WHERE o.id = $1 AND (o.buyer_org_id = $2 OR o.seller_org_id = $2)"
    )
    .bind(id)
    .bind(org_id)
    .fetch_optional(p)
    .await
    })
}

/// One line of an order.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Line {
    pub line_no: i32,
    pub part_id: String,
    pub part_number: String,
    pub name: String,
    pub hsn_code: String,
    pub quantity: i32,
    pub unit_price_minor: i64,
    pub taxable_minor: i64,
    pub tax_label: String,
    pub tax_minor: i64,
    pub total_minor: i64,
}

/// The lines of order `id`, if `org_id` is its buyer or its seller.
pub async fn lines(db: &Db, id: &str, org_id: &str) -> sqlx::Result<Vec<Line>> {
    on_db!(db, |p| sqlx::query_as::<_, Line>(
        "SELECT l.line_no, l.part_id, l.part_number, l.name, l.hsn_code, l.quantity, \
         l.unit_price_minor, l.taxable_minor, l.tax_label, l.tax_minor, l.total_minor \
         FROM order_lines l JOIN orders o ON o.id = l.order_id \
         WHERE l.order_id = $1 AND (o.buyer_org_id = $2 OR o.seller_org_id = $2) \
         ORDER BY l.line_no"
    )
    .bind(id)
    .bind(org_id)
    .fetch_all(p)
    .await)
}

/// One status change.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HistoryRow {
    pub to_status: String,
    pub action: String,
    pub actor_name: Option<String>,
    pub actor_org: Option<String>,
    pub note: String,
    pub at: i64,
}

/// The status history of order `id`, oldest first.
pub async fn history(db: &Db, id: &str, org_id: &str) -> sqlx::Result<Vec<HistoryRow>> {
    on_db!(db, |p| sqlx::query_as::<_, HistoryRow>(
        "SELECT h.to_status, h.action, u.name AS actor_name, g.name AS actor_org, h.note, h.at \
         FROM order_status_history h JOIN orders o ON o.id = h.order_id \
         LEFT JOIN users u ON u.id = h.actor_id LEFT JOIN organizations g ON g.id = h.actor_org_id \
         WHERE h.order_id = $1 AND (o.buyer_org_id = $2 OR o.seller_org_id = $2) \
         ORDER BY h.at, h.id"
    )
    .bind(id)
    .bind(org_id)
    .fetch_all(p)
    .await)
}

/// A payment proof on an order.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Proof {
    pub id: String,
    pub original_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub stored_name: String,
    pub uploaded_by: String,
    pub uploaded_at: i64,
}

macro_rules! proof_select {
    () => {
        "SELECT pp.id, f.original_name, f.content_type, f.size_bytes, f.stored_name, \
     u.name AS uploaded_by, pp.uploaded_at \
     FROM payment_proofs pp JOIN orders o ON o.id = pp.order_id \
     JOIN files f ON f.id = pp.file_id JOIN users u ON u.id = pp.uploaded_by \
         WHERE pp.order_id = $1 AND (o.buyer_org_id = $2 OR o.seller_org_id = $2)"
    };
}

/// The payment proofs of order `id`, newest (the current one) first.
pub async fn proofs(db: &Db, id: &str, org_id: &str) -> sqlx::Result<Vec<Proof>> {
    let sql = concat!(proof_select!(), " ORDER BY pp.uploaded_at DESC, pp.id DESC");
    on_db!(db, |p| sqlx::query_as::<_, Proof>(sql)
        .bind(id)
        .bind(org_id)
        .fetch_all(p)
        .await)
}

/// The proof `proof_id` of order `id`.
pub async fn proof(db: &Db, id: &str, org_id: &str, proof_id: &str) -> sqlx::Result<Option<Proof>> {
    let sql = concat!(proof_select!(), " AND pp.id = $3");
    on_db!(db, |p| sqlx::query_as::<_, Proof>(sql)
        .bind(id)
        .bind(org_id)
        .bind(proof_id)
        .fetch_optional(p)
        .await)
}

/// A message on an order's thread.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Message {
    pub author_name: String,
    pub org_name: String,
    pub body: String,
    pub created_at: i64,
}

/// The thread of order `id`, oldest first.
pub async fn messages(db: &Db, id: &str, org_id: &str) -> sqlx::Result<Vec<Message>> {
    on_db!(db, |p| sqlx::query_as::<_, Message>(
        "SELECT u.name AS author_name, g.name AS org_name, m.body, m.created_at \
         FROM order_messages m JOIN orders o ON o.id = m.order_id \
         JOIN users u ON u.id = m.author_id JOIN organizations g ON g.id = m.org_id \
         WHERE m.order_id = $1 AND (o.buyer_org_id = $2 OR o.seller_org_id = $2) \
         ORDER BY m.created_at, m.id"
    )
    .bind(id)
    .bind(org_id)
    .fetch_all(p)
    .await)
}

/// A new message and who to tell of it.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    pub order_id: &'a str,
    pub author_id: &'a str,
    pub org_id: &'a str,
    pub body: &'a str,
    /// (user id, title, body) of each in-app notification.
    pub notify: &'a [(String, String, String)],
}

/// Adds a message to the thread of an order `m.org_id` is party to, with
/// its notifications, in one transaction. False when the order is not
/// that organization's.
pub async fn add_message(db: &Db, m: &NewMessage<'_>, now: i64) -> sqlx::Result<bool> {
    let link = format!("/orders/{}", m.order_id);
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let n = sqlx::query(
            "INSERT INTO order_messages (id, order_id, author_id, org_id, body, created_at) \
             SELECT $1, o.id, $2, $3, $4, $5 FROM orders o \
             WHERE o.id = $6 AND (o.buyer_org_id = $3 OR o.seller_org_id = $3)",
        )
        .bind(super::new_id())
        .bind(m.author_id)
        .bind(m.org_id)
        .bind(m.body)
        .bind(now)
        .bind(m.order_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        for (user_id, title, body) in m.notify {
            sqlx::query(
                "INSERT INTO notifications (id, user_id, order_id, title, body, link, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(super::new_id())
            .bind(user_id)
            .bind(m.order_id)
            .bind(title)
            .bind(body)
            .bind(&link)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    })
}
