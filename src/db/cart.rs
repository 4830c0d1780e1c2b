//! A user's cart: its lines with the parts as they are now. Every query is
//! scoped to the user (and the organization the line was added under), so a
//! line id from another cart finds nothing.

use super::Db;
use crate::on_db;

/// A cart line joined with its part, its seller and its first picture.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CartLine {
    pub id: String,
    pub part_id: String,
    pub quantity: i32,
    pub saved_for_later: bool,
    pub price_minor_at_add: i64,
    pub currency_at_add: String,
    pub added_at: i64,
    pub part_number: String,
    pub name: String,
    pub price_minor: i64,
    pub currency: String,
    pub stock: i64,
    pub moq: i32,
    pub order_multiple: i32,
    pub lead_time_days: i32,
    pub gst_rate: i32,
    pub hsn_code: String,
    pub weight_grams: i64,
    pub status: String,
    pub visibility: String,
    pub seller_id: String,
    pub seller_name: String,
    pub seller_status: String,
    pub seller_state: String,
    pub seller_country: String,
    pub image_small: Option<String>,
}

impl CartLine {
    /// What changed on the line since it was added (`domain::cart` rules).
    pub fn notices(&self) -> Vec<crate::domain::cart::Notice> {
        use crate::domain::cart::{LineState, Orderable, notices};
        notices(&LineState {
            quantity: i64::from(self.quantity),
            price_at_add: self.price_minor_at_add,
            currency_at_add: &self.currency_at_add,
            price_now: self.price_minor,
            currency_now: &self.currency,
            part: Orderable {
                status: &self.status,
                visibility: &self.visibility,
                seller_status: &self.seller_status,
                stock: self.stock,
                moq: i64::from(self.moq),
                order_multiple: i64::from(self.order_multiple),
            },
        })
    }
}

macro_rules! line_select {
    () => {
        "SELECT c.id, c.part_id, c.quantity, c.saved_for_later, c.price_minor_at_add, \
         c.currency_at_add, c.added_at, p.part_number, p.name, p.price_minor, p.currency, \
         p.stock, p.moq, p.order_multiple, p.lead_time_days, p.gst_rate, p.hsn_code, p.weight_grams, p.status, p.visibility, \
         p.seller_id, o.name AS seller_name, o.status AS seller_status, o.state AS seller_state, \
         o.country AS seller_country, \
         (SELECT i.small_name FROM part_images i WHERE i.part_id = p.id \
            ORDER BY i.position, i.id LIMIT 1) AS image_small \
         FROM cart_lines c JOIN parts p ON p.id = c.part_id \
         JOIN organizations o ON o.id = p.seller_id"
    };
}

/// Every line of the user's cart (active and saved for later), grouped by
/// seller, oldest first within a seller.
pub async fn lines(db: &Db, user_id: &str, org_id: &str) -> sqlx::Result<Vec<CartLine>> {
    let sql = concat!(
        line_select!(),
        " WHERE c.user_id = $1 AND c.org_id = $2 ORDER BY o.name, o.id, c.added_at, c.id"
    );
    on_db!(db, |p| sqlx::query_as::<_, CartLine>(sql)
        .bind(user_id)
        .bind(org_id)
        .fetch_all(p)
        .await)
}

/// One line of the user's cart.
pub async fn line(
    db: &Db,
    user_id: &str,
    org_id: &str,
    line_id: &str,
) -> sqlx::Result<Option<CartLine>> {
    let sql = concat!(
        line_select!(),
        " WHERE c.user_id = $1 AND c.org_id = $2 AND c.id = $3"
    );
    on_db!(db, |p| sqlx::query_as::<_, CartLine>(sql)
        .bind(user_id)
        .bind(org_id)
        .bind(line_id)
        .fetch_optional(p)
        .await)
}

/// The user's line for a part, if any.
pub async fn line_for_part(
    db: &Db,
    user_id: &str,
    org_id: &str,
    part_id: &str,
) -> sqlx::Result<Option<CartLine>> {
    let sql = concat!(
        line_select!(),
        " WHERE c.user_id = $1 AND c.org_id = $2 AND c.part_id = $3"
    );
    on_db!(db, |p| sqlx::query_as::<_, CartLine>(sql)
        .bind(user_id)
        .bind(org_id)
        .bind(part_id)
        .fetch_optional(p)
        .await)
}

/// Lines in the user's cart, saved ones included (for the line limit).
pub async fn count_all(db: &Db, user_id: &str, org_id: &str) -> sqlx::Result<i64> {
    on_db!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM cart_lines WHERE user_id = $1 AND org_id = $2"
    )
    .bind(user_id)
    .bind(org_id)
    .fetch_one(p)
    .await)
}

/// What a new line records about the part.
pub struct NewLine<'a> {
    pub user_id: &'a str,
    pub org_id: &'a str,
    pub part_id: &'a str,
    pub quantity: i32,
    pub price_minor: i64,
    pub currency: &'a str,
}

/// Puts a part in the cart, or sets the quantity of the line already there
/// (moving it out of "saved for later"). The caller has checked the
/// quantity; returns the line's id.
pub async fn put(db: &Db, l: &NewLine<'_>, now: i64) -> sqlx::Result<String> {
    let id = super::new_id();
    on_db!(db, |p| {
        sqlx::query_scalar(
        "INSERT INTO cart_lines (id, user_id, org_id, part_id, quantity, saved_for_later, \
         price_minor_at_add, currency_at_add, added_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, FALSE, $6, $7, $8, $8) \
         ON CONFLICT (user_id, part_id) DO UPDATE SET quantity = excluded.quantity, \
         price_minor_at_add = excluded.price_minor_at_add, currency_at_add = excluded.currency_at_add, \
         saved_for_later = FALSE, updated_at = excluded.updated_at \
         RETURNING id"
    )
    .bind(&id)
    .bind(l.user_id)
    .bind(l.org_id)
    .bind(l.part_id)
    .bind(l.quantity)
    .bind(l.price_minor)
    .bind(l.currency)
    .bind(now)
    .fetch_one(p)
    .await
    })
}

/// Sets a line's quantity. False when the user has no such line.
pub async fn set_quantity(
    db: &Db,
    user_id: &str,
    line_id: &str,
    quantity: i32,
    now: i64,
) -> sqlx::Result<bool> {
    on_db!(db, |p| sqlx::query(
        "UPDATE cart_lines SET quantity = $1, updated_at = $2 WHERE id = $3 AND user_id = $4"
    )
    .bind(quantity)
    .bind(now)
    .bind(line_id)
    .bind(user_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected() == 1))
}

/// Moves a line to "saved for later" or back. False when the user has no
/// such line.
pub async fn set_saved(
    db: &Db,
    user_id: &str,
    line_id: &str,
    saved: bool,
    now: i64,
) -> sqlx::Result<bool> {
    on_db!(db, |p| sqlx::query(
        "UPDATE cart_lines SET saved_for_later = $1, updated_at = $2 WHERE id = $3 AND user_id = $4"
    )
    .bind(saved)
    .bind(now)
    .bind(line_id)
    .bind(user_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected() == 1))
}

/// Takes a line out of the cart. False when the user has no such line.
pub async fn remove(db: &Db, user_id: &str, line_id: &str) -> sqlx::Result<bool> {
    on_db!(db, |p| sqlx::query(
        "DELETE FROM cart_lines WHERE id = $1 AND user_id = $2"
    )
    .bind(line_id)
    .bind(user_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected() == 1))
}

/// Empties the cart, leaving the lines saved for later. Returns how many
/// lines went.
pub async fn clear(db: &Db, user_id: &str) -> sqlx::Result<u64> {
    on_db!(db, |p| sqlx::query(
        "DELETE FROM cart_lines WHERE user_id = $1 AND saved_for_later = FALSE"
    )
    .bind(user_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))
}

/// A part as the cart needs it to add a line: found by id (from a form)
/// or by part number (quick order).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Buyable {
    pub id: String,
    pub part_number: String,
    pub name: String,
    pub price_minor: i64,
    pub currency: String,
    pub stock: i64,
    pub moq: i32,
    pub order_multiple: i32,
    pub status: String,
    pub visibility: String,
    pub seller_id: String,
    pub seller_name: String,
    pub seller_status: String,
}

macro_rules! buyable_select {
    () => {
        "SELECT p.id, p.part_number, p.name, p.price_minor, p.currency, p.stock, p.moq, \
         p.order_multiple, p.status, p.visibility, p.seller_id, o.name AS seller_name, o.status AS seller_status \
         FROM parts p JOIN organizations o ON o.id = p.seller_id"
    };
}

/// The part with this id.
pub async fn buyable(db: &Db, part_id: &str) -> sqlx::Result<Option<Buyable>> {
    let sql = concat!(buyable_select!(), " WHERE p.id = $1");
    on_db!(db, |p| sqlx::query_as::<_, Buyable>(sql)
        .bind(part_id)
        .fetch_optional(p)
        .await)
}

/// Listed parts with this normalized part number, from sellers taking
/// orders, cheapest first (in-stock ones before the rest).
pub async fn buyable_by_number(db: &Db, norm: &str) -> sqlx::Result<Vec<Buyable>> {
    let sql = concat!(
        buyable_select!(),
        " WHERE p.part_number_norm = $1 AND p.status = 'active' AND p.visibility = 'public' \
          AND o.status = 'active' ORDER BY (p.stock > 0) DESC, p.price_minor, p.id"
    );
    on_db!(db, |p| sqlx::query_as::<_, Buyable>(sql)
        .bind(norm)
        .fetch_all(p)
        .await)
}

/// Where a buying organization receives parts, as far as it is known: its
/// default shipping address, else its own state and country. The flag says
/// which.
pub async fn buyer_place(db: &Db, org_id: &str) -> sqlx::Result<(String, String, bool)> {
    let address: Option<(String, String)> = on_db!(db, |p| sqlx::query_as(
        "SELECT state_code, country FROM addresses \
         WHERE org_id = $1 AND kind = 'shipping' AND is_default"
    )
    .bind(org_id)
    .fetch_optional(p)
    .await)?;
    if let Some((state, country)) = address {
        return Ok((state, country, true));
    }
    let org: Option<(String, String)> = on_db!(db, |p| sqlx::query_as(
        "SELECT state, country FROM organizations WHERE id = $1"
    )
    .bind(org_id)
    .fetch_optional(p)
    .await)?;
    let (state, country) = org.unwrap_or_default();
    Ok((state, country, false))
}

/// A seller's place and shipping rules, for estimates.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SellerShipping {
    pub id: String,
    /// The GST state code from its settings, else its state as written.
    pub state: String,
    pub country: String,
    /// `domain::shipping::ShippingRules` as JSON; empty for the defaults.
    pub shipping_rules: String,
}

/// The places and shipping rules of these sellers.
pub async fn seller_shipping(db: &Db, seller_ids: &[&str]) -> sqlx::Result<Vec<SellerShipping>> {
    if seller_ids.is_empty() {
        return Ok(Vec::new());
    }
    // A cart has at most 100 lines, so at most 100 sellers: one list.
    let placeholders: Vec<String> = (1..=seller_ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT o.id, CASE WHEN COALESCE(s.state_code, '') = '' THEN o.state ELSE s.state_code END \
         AS state, o.country, COALESCE(s.shipping_rules, '') AS shipping_rules \
         FROM organizations o LEFT JOIN seller_settings s ON s.org_id = o.id WHERE o.id IN ({})",
        placeholders.join(", ")
    );
    on_db!(db, |p| {
        // Only generated placeholders are spliced in.
        let mut q = sqlx::query_as::<_, SellerShipping>(sqlx::AssertSqlSafe(sql.clone()));
        for id in seller_ids {
            q = q.bind(*id);
        }
        q.fetch_all(p).await
    })
}
