//! A seller's own catalog: the dashboard figures, the parts list with its
//! filters, bulk changes, creating and editing parts, stock adjustments and
//! the price and stock histories.
//!
//! Every query takes the seller's organization id and filters by it, so a
//! part id of another seller finds nothing and changes nothing. Every write
//! queues the parts it changed for the index and appends its audit row in
//! the same transaction; the caller wakes the index sync task after commit.
//!
//! Writes start by taking the rows they change: a no-op `UPDATE` locks
//! them on PostgreSQL and takes SQLite's write lock, so the values read
//! next cannot change before the transaction commits.

use std::collections::HashMap;

use super::Db;
use super::audit::Entry;
use super::outbox::Op;
use crate::domain::catalog_import::manufacturer_key;
use crate::domain::price_adjust::{AdjustError, Percent};
use crate::domain::stock::{Change, Refused};
use crate::on_db;

/// The dashboard's figures. Stock figures count parts that are not
/// archived.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct Figures {
    /// Active and public.
    pub active: i64,
    /// Active but hidden from buyers.
    pub hidden: i64,
    pub archived: i64,
    /// Stock 0.
    pub out_of_stock: i64,
    /// At or below its low-stock threshold (a threshold of 0 is off); out of
    /// stock parts with a threshold are counted here too.
    pub low_stock: i64,
    /// In stock and at or below the threshold: the chart's middle bar.
    pub low_in_stock: i64,
}

impl Figures {
    /// Parts that are not archived.
    pub fn current(&self) -> i64 {
        self.active + self.hidden
    }

    /// Parts in stock above their threshold.
    pub fn healthy(&self) -> i64 {
        (self.current() - self.out_of_stock - self.low_in_stock).max(0)
    }
}

/// Counts for the dashboard.
pub async fn figures(db: &Db, seller_id: &str) -> sqlx::Result<Figures> {
    // COUNT(CASE ...) rather than SUM: SUM of integers is NUMERIC on PostgreSQL.
    let sql = "SELECT \
        COUNT(CASE WHEN status = 'active' AND visibility = 'public' THEN 1 END) AS active, \
        COUNT(CASE WHEN status = 'active' AND visibility = 'hidden' THEN 1 END) AS hidden, \
        COUNT(CASE WHEN status = 'archived' THEN 1 END) AS archived, \
        COUNT(CASE WHEN status = 'active' AND stock = 0 THEN 1 END) AS out_of_stock, \
        COUNT(CASE WHEN status = 'active' AND low_stock_threshold > 0 AND stock <= low_stock_threshold THEN 1 END) AS low_stock, \
        COUNT(CASE WHEN status = 'active' AND stock > 0 AND stock <= low_stock_threshold THEN 1 END) AS low_in_stock \
        FROM parts WHERE seller_id = $1";
    on_db!(db, |p| sqlx::query_as::<_, Figures>(sql)
        .bind(seller_id)
        .fetch_one(p)
        .await)
}

/// A part low on stock.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LowRow {
    pub id: String,
    pub part_number: String,
    pub name: String,
    pub stock: i64,
    pub low_stock_threshold: i64,
}

/// Active parts at or below their low-stock threshold, emptiest first.
pub async fn low_stock(db: &Db, seller_id: &str, limit: i64) -> sqlx::Result<Vec<LowRow>> {
    on_db!(db, |p| sqlx::query_as::<_, LowRow>(
        "SELECT id, part_number, name, stock, low_stock_threshold FROM parts \
         WHERE seller_id = $1 AND status = 'active' AND low_stock_threshold > 0 \
         AND stock <= low_stock_threshold \
         ORDER BY stock, part_number, id LIMIT $2"
    )
    .bind(seller_id)
    .bind(limit)
    .fetch_all(p)
    .await)
}

/// The newest import, as the dashboard shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LastImport {
    pub id: String,
    pub file_name: String,
    pub status: String,
    pub created_at: i64,
    pub finished_at: Option<i64>,
    pub total_rows: i64,
    pub new_count: i64,
    pub updated_count: i64,
    pub unchanged_count: i64,
    pub invalid_count: i64,
}

/// The seller's newest import, if any.
pub async fn last_import(db: &Db, seller_id: &str) -> sqlx::Result<Option<LastImport>> {
    on_db!(db, |p| sqlx::query_as::<_, LastImport>(
        "SELECT id, file_name, status, created_at, finished_at, total_rows, new_count, \
         updated_count, unchanged_count, invalid_count FROM imports \
         WHERE seller_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1"
    )
    .bind(seller_id)
    .fetch_optional(p)
    .await)
}

/// Which parts the list shows, by stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StockFilter {
    In,
    Out,
    Low,
}

impl StockFilter {
    /// Every choice with its key and label.
    pub const ALL: [(StockFilter, &'static str, &'static str); 3] = [
        (StockFilter::In, "in", "In stock"),
        (StockFilter::Out, "out", "Out of stock"),
        (StockFilter::Low, "low", "Low stock"),
    ];

    /// The query-string key.
    pub fn key(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(s, ..)| *s == self)
            .map_or("", |(_, k, _)| k)
    }

    /// The choice whose key is `key`.
    pub fn from_key(key: &str) -> Option<StockFilter> {
        Self::ALL
            .iter()
            .find(|(_, k, _)| *k == key)
            .map(|(s, ..)| *s)
    }
}

/// The order of the parts list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    PartNumber,
    Name,
    PriceAsc,
    PriceDesc,
    StockAsc,
    StockDesc,
    Updated,
}

impl Sort {
    /// Every order with its key and label.
    pub const ALL: [(Sort, &'static str, &'static str); 7] = [
        (Sort::PartNumber, "part_number", "Part number"),
        (Sort::Name, "name", "Name"),
        (Sort::PriceAsc, "price_asc", "Price: low to high"),
        (Sort::PriceDesc, "price_desc", "Price: high to low"),
        (Sort::StockAsc, "stock_asc", "Stock: low to high"),
        (Sort::StockDesc, "stock_desc", "Stock: high to low"),
        (Sort::Updated, "updated", "Recently changed"),
    ];

    /// The query-string key.
    pub fn key(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(s, ..)| *s == self)
            .map_or("", |(_, k, _)| k)
    }

    /// The order whose key is `key`.
    pub fn from_key(key: &str) -> Option<Sort> {
        Self::ALL
            .iter()
            .find(|(_, k, _)| *k == key)
            .map(|(s, ..)| *s)
    }

    fn order_by(self) -> &'static str {
        // Every order ends on the id, so pages never overlap or skip.
        match self {
            Sort::PartNumber => "p.part_number_norm, p.id",
            Sort::Name => "lower(p.name), p.id",
            Sort::PriceAsc => "p.price_minor, p.id",
            Sort::PriceDesc => "p.price_minor DESC, p.id",
            Sort::StockAsc => "p.stock, p.id",
            Sort::StockDesc => "p.stock DESC, p.id",
            Sort::Updated => "p.updated_at DESC, p.id",
        }
    }
}

/// What the parts list is narrowed to; `None` is "any".
#[derive(Debug, Clone, Default)]
pub struct Filter<'a> {
    /// Part number or name contains this (wildcards taken literally); the
    /// part number also in its normalized form, so `ab1234` finds `AB-123/4`.
    pub q: Option<&'a str>,
    /// `active` or `archived`.
    pub status: Option<&'a str>,
    /// `public` or `hidden`.
    pub visibility: Option<&'a str>,
    pub stock: Option<StockFilter>,
    /// A category path: the category and everything below it.
    pub category: Option<&'a str>,
}

/// A row of the parts list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ListRow {
    pub id: String,
    pub part_number: String,
    pub name: String,
    pub category: String,
    pub price_minor: i64,
    pub currency: String,
    pub stock: i64,
    pub low_stock_threshold: i64,
    pub status: String,
    pub visibility: String,
    pub updated_at: i64,
}

/// The WHERE clause of the list; each filter is bound or disabled by a NULL,
/// so the SQL text is fixed.
const LIST_WHERE: &str = "WHERE p.seller_id = $1 \
    AND ($2 IS NULL OR lower(p.part_number) LIKE $2 ESCAPE '\\' OR lower(p.name) LIKE $2 ESCAPE '\\' \
         OR lower(p.part_number_norm) LIKE $3 ESCAPE '\\') \
    AND ($4 IS NULL OR p.status = $4) \
    AND ($5 IS NULL OR p.visibility = $5) \
    AND ($6 IS NULL OR ($6 = 'in' AND p.stock > 0) OR ($6 = 'out' AND p.stock = 0) \
         OR ($6 = 'low' AND p.low_stock_threshold > 0 AND p.stock <= p.low_stock_threshold)) \
    AND ($7 IS NULL OR p.category = $7 OR p.category LIKE $8 ESCAPE '\\')";

/// `LIKE` pattern for "starts with `s`", wildcards taken literally.
fn prefix_pattern(s: &str) -> String {
    let escaped = s
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("{escaped}%")
}

struct Binds {
    q: Option<String>,
    q_norm: Option<String>,
    category_below: Option<String>,
}

fn binds(f: &Filter<'_>) -> Binds {
    let q = f.q.map(super::admin::contains_pattern);
    let q_norm =
        f.q.map(partsportal_index::normalize_code)
            .filter(|n| !n.is_empty())
            .map(|n| super::admin::contains_pattern(&n));
    let category_below = f.category.map(|c| prefix_pattern(&format!("{c} > ")));
    Binds {
        q,
        q_norm,
        category_below,
    }
}

/// One page of the seller's parts.
pub async fn list(
    db: &Db,
    seller_id: &str,
    f: &Filter<'_>,
    sort: Sort,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<ListRow>> {
    // Only fixed texts are spliced in: the WHERE clause and the sort's ORDER BY.
    let sql = format!(
        "SELECT p.id, p.part_number, p.name, p.category, p.price_minor, p.currency, p.stock, \
         p.low_stock_threshold, p.status, p.visibility, p.updated_at FROM parts p {LIST_WHERE} \
         ORDER BY {} LIMIT $9 OFFSET $10",
        sort.order_by()
    );
    let b = binds(f);
    on_db!(db, |p| sqlx::query_as::<_, ListRow>(sqlx::AssertSqlSafe(
        sql.clone()
    ))
    .bind(seller_id)
    .bind(b.q.as_deref())
    .bind(b.q_norm.as_deref())
    .bind(f.status)
    .bind(f.visibility)
    .bind(f.stock.map(StockFilter::key))
    .bind(f.category)
    .bind(b.category_below.as_deref())
    .bind(limit)
    .bind(offset)
    .fetch_all(p)
    .await)
}

/// How many of the seller's parts pass the filter.
pub async fn count(db: &Db, seller_id: &str, f: &Filter<'_>) -> sqlx::Result<i64> {
    let sql = format!("SELECT COUNT(*) FROM parts p {LIST_WHERE}");
    let b = binds(f);
    on_db!(db, |p| sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
        .bind(seller_id)
        .bind(b.q.as_deref())
        .bind(b.q_norm.as_deref())
        .bind(f.status)
        .bind(f.visibility)
        .bind(f.stock.map(StockFilter::key))
        .bind(f.category)
        .bind(b.category_below.as_deref())
        .fetch_one(p)
        .await)
}

/// The categories the seller's parts are in, by path.
pub async fn categories(db: &Db, seller_id: &str) -> sqlx::Result<Vec<String>> {
    on_db!(db, |p| sqlx::query_scalar(
        "SELECT DISTINCT category FROM parts WHERE seller_id = $1 ORDER BY category"
    )
    .bind(seller_id)
    .fetch_all(p)
    .await)
}

/// Up to `n` placeholders `$from, $from+1, …` for an IN list.
fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// The most ids one bulk request may name.
pub const MAX_BULK: usize = 500;

/// A change to many parts at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkAction {
    Archive,
    Unarchive,
    Hide,
    Show,
    Price(Percent),
}

impl BulkAction {
    /// The past tense for notices and the audit log: "archived".
    pub fn done_word(self) -> &'static str {
        match self {
            BulkAction::Archive => "archived",
            BulkAction::Unarchive => "restored",
            BulkAction::Hide => "hidden from buyers",
            BulkAction::Show => "shown to buyers",
            BulkAction::Price(_) => "repriced",
        }
    }

    fn audit_kind(self) -> &'static str {
        match self {
            BulkAction::Archive => "parts_archived",
            BulkAction::Unarchive => "parts_unarchived",
            BulkAction::Hide => "parts_hidden",
            BulkAction::Show => "parts_shown",
            BulkAction::Price(_) => "parts_repriced",
        }
    }

    /// The column change, for the actions that set one column.
    fn set(self) -> Option<(&'static str, &'static str)> {
        match self {
            BulkAction::Archive => Some(("status", "archived")),
            BulkAction::Unarchive => Some(("status", "active")),
            BulkAction::Hide => Some(("visibility", "hidden")),
            BulkAction::Show => Some(("visibility", "public")),
            BulkAction::Price(_) => None,
        }
    }
}

/// What a bulk change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkOutcome {
    /// `changed` parts changed; the others already were as asked.
    Done { changed: usize, unchanged: usize },
    /// At least one id is not one of the seller's parts: nothing changed.
    NotFound,
    /// A new price was refused: nothing changed.
    PriceRefused {
        part_number: String,
        error: AdjustError,
    },
}

/// Applies `action` to the seller's parts `ids` in one transaction: the
/// change, a price-history row per repriced part, an outbox row per changed
/// part and one audit row (`audit` gives who and where; its kind and
/// summary are written here from what changed).
pub async fn bulk(
    db: &Db,
    seller_id: &str,
    user_id: &str,
    ids: &[String],
    action: BulkAction,
    now: i64,
    audit: &Entry<'_>,
) -> anyhow::Result<BulkOutcome> {
    let mut ids: Vec<String> = ids.to_vec();
    ids.sort();
    ids.dedup();
    anyhow::ensure!(ids.len() <= MAX_BULK, "too many parts in one bulk change");
    if ids.is_empty() {
        return Ok(BulkOutcome::Done {
            changed: 0,
            unchanged: 0,
        });
    }
    let list = placeholders(2, ids.len());
    let lock_sql =
        format!("UPDATE parts SET updated_at = updated_at WHERE seller_id = $1 AND id IN ({list})");
    let read_sql = format!(
        "SELECT id, part_number, price_minor, currency FROM parts WHERE seller_id = $1 AND id IN ({list}) ORDER BY part_number_norm, id"
    );
    let set_sql = action.set().map(|(column, value)| {
        // Only the fixed column and value of the action are spliced in.
        format!(
            "UPDATE parts SET {column} = '{value}', updated_at = ${n} \
             WHERE seller_id = $1 AND id IN ({list}) AND {column} <> '{value}' RETURNING id, part_number",
            n = ids.len() + 2
        )
    });
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let mut q = sqlx::query(sqlx::AssertSqlSafe(lock_sql.clone())).bind(seller_id);
        for id in &ids {
            q = q.bind(id);
        }
        if q.execute(&mut *tx).await?.rows_affected() as usize != ids.len() {
            return Ok(BulkOutcome::NotFound);
        }
        let changed: Vec<(String, String)> = match (&set_sql, action) {
            (Some(sql), _) => {
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(seller_id);
                for id in &ids {
                    q = q.bind(id);
                }
                q.bind(now).fetch_all(&mut *tx).await?
            }
            (None, BulkAction::Price(pct)) => {
                let mut q = sqlx::query_as::<_, (String, String, i64, String)>(
                    sqlx::AssertSqlSafe(read_sql.clone()),
                )
                .bind(seller_id);
                for id in &ids {
                    q = q.bind(id);
                }
                let rows = q.fetch_all(&mut *tx).await?;
                let mut planned = Vec::with_capacity(rows.len());
                for (id, part_number, old, currency) in rows {
                    match pct.apply(old) {
                        Ok(new) if new != old => {
                            planned.push((id, part_number, old, new, currency))
                        }
                        Ok(_) => {}
                        Err(error) => {
                            return Ok(BulkOutcome::PriceRefused { part_number, error });
                        }
                    }
                }
                let mut changed = Vec::with_capacity(planned.len());
                for (id, part_number, old, new, currency) in planned {
                    sqlx::query(
                        "UPDATE parts SET price_minor = $1, updated_at = $2 WHERE id = $3 AND seller_id = $4",
                    )
                    .bind(new)
                    .bind(now)
                    .bind(&id)
                    .bind(seller_id)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query(
                        "INSERT INTO price_history (id, part_id, seller_id, old_minor, new_minor, currency, source, changed_by, changed_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, 'bulk', $7, $8)",
                    )
                    .bind(super::new_id())
                    .bind(&id)
                    .bind(seller_id)
                    .bind(old)
                    .bind(new)
                    .bind(&currency)
                    .bind(user_id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    changed.push((id, part_number));
                }
                changed
            }
            (None, _) => Vec::new(),
        };
        let t = &mut tx;
        for (id, _) in &changed {
            crate::outbox_push!(t, id, Op::Upsert, now);
        }
        let numbers: Vec<&str> = changed.iter().map(|(_, n)| n.as_str()).collect();
        let summary = bulk_summary(action, &numbers);
        let entry = Entry {
            kind: action.audit_kind(),
            summary: &summary,
            ..*audit
        };
        if !changed.is_empty() {
            crate::audit_push!(t, now, &entry);
        }
        tx.commit().await?;
        Ok(BulkOutcome::Done {
            changed: changed.len(),
            unchanged: ids.len() - changed.len(),
        })
    })
}

/// "repriced 3 parts by +5%: AB-1, AB-2, AB-3"; long lists are cut.
fn bulk_summary(action: BulkAction, numbers: &[&str]) -> String {
    const SHOWN: usize = 20;
    let mut s = format!(
        "{} {} part{}",
        action.done_word(),
        numbers.len(),
        if numbers.len() == 1 { "" } else { "s" }
    );
    if let BulkAction::Price(p) = action {
        s.push_str(&format!(" by {}", p.label()));
    }
    s.push_str(": ");
    s.push_str(
        &numbers
            .iter()
            .take(SHOWN)
            .copied()
            .collect::<Vec<_>>()
            .join(", "),
    );
    if numbers.len() > SHOWN {
        s.push_str(&format!(" and {} more", numbers.len() - SHOWN));
    }
    s
}

/// A part's fields as the form saves them. `stock` is used on create only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartInput {
    pub part_number: String,
    pub part_number_norm: String,
    pub name: String,
    pub description: String,
    /// As typed: an existing manufacturer (matched as imports match them)
    /// or a new one.
    pub manufacturer: String,
    pub category: String,
    pub brand: String,
    pub oem_part_number: String,
    pub price_minor: i64,
    pub currency: String,
    pub gst_rate: i32,
    pub stock: i64,
    pub moq: i32,
    pub order_multiple: i32,
    pub lead_time_days: i32,
    pub warranty_months: i32,
    pub condition: String,
    pub weight_grams: i64,
    pub hsn_code: String,
    pub low_stock_threshold: i64,
    pub visibility: String,
    /// Ids of the models the part fits.
    pub models: Vec<String>,
    /// Old part numbers it replaces: (as written, normalized).
    pub supersedes: Vec<(String, String)>,
}

/// What saving a part did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Created or updated: the part's id.
    Ok(String),
    /// The seller already lists this part number: that part's id and number.
    Taken { id: String, part_number: String },
    /// No such part of this seller.
    NotFound,
}

/// The seller's part with this normalized number, other than `except`.
pub async fn same_number(
    db: &Db,
    seller_id: &str,
    norm: &str,
    except: &str,
) -> sqlx::Result<Option<(String, String)>> {
    on_db!(db, |p| {
        sqlx::query_as(
        "SELECT id, part_number FROM parts WHERE seller_id = $1 AND part_number_norm = $2 AND id <> $3"
    )
    .bind(seller_id)
    .bind(norm)
    .bind(except)
    .fetch_optional(p)
    .await
    })
}

fn is_unique_violation(e: &anyhow::Error) -> bool {
    e.downcast_ref::<sqlx::Error>()
        .and_then(|e| e.as_database_error())
        .is_some_and(|d| d.is_unique_violation())
}

/// Creates a part with its price and stock history, models, supersessions,
/// outbox and audit rows in one transaction.
pub async fn create(
    db: &Db,
    seller_id: &str,
    user_id: &str,
    input: &PartInput,
    now: i64,
    audit: &Entry<'_>,
) -> anyhow::Result<Saved> {
    let result = save(db, seller_id, user_id, None, input, now, audit).await;
    match result {
        // Two saves of one number at once: the second meets the constraint.
        Err(e) if is_unique_violation(&e) => {
            match same_number(db, seller_id, &input.part_number_norm, "").await? {
                Some((id, part_number)) => Ok(Saved::Taken { id, part_number }),
                None => Err(e),
            }
        }
        other => other,
    }
}

/// Updates the seller's part `id` (everything but its stock), writing a
/// price-history row when the price or currency changed; one transaction.
pub async fn update(
    db: &Db,
    seller_id: &str,
    user_id: &str,
    id: &str,
    input: &PartInput,
    now: i64,
    audit: &Entry<'_>,
) -> anyhow::Result<Saved> {
    let result = save(db, seller_id, user_id, Some(id), input, now, audit).await;
    match result {
        Err(e) if is_unique_violation(&e) => {
            match same_number(db, seller_id, &input.part_number_norm, id).await? {
                Some((id, part_number)) => Ok(Saved::Taken { id, part_number }),
                None => Err(e),
            }
        }
        other => other,
    }
}

async fn save(
    db: &Db,
    seller_id: &str,
    user_id: &str,
    existing: Option<&str>,
    input: &PartInput,
    now: i64,
    audit: &Entry<'_>,
) -> anyhow::Result<Saved> {
    let id = existing.map_or_else(super::new_id, str::to_owned);
    let wanted_maker = manufacturer_key(&input.manufacturer);
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        // A new part has no row to lock: take the outbox counter's row, which
        // the outbox push takes anyway, so two saves of one part number
        // queue up behind each other instead of both passing the check below.
        if existing.is_none() {
            sqlx::query("UPDATE counters SET value = value WHERE name = 'index_outbox'")
                .execute(&mut *tx)
                .await?;
        }
        let old_price: Option<(i64, String)> = match existing {
            Some(id) => {
                let n = sqlx::query(
                    "UPDATE parts SET updated_at = updated_at WHERE id = $1 AND seller_id = $2",
                )
                .bind(id)
                .bind(seller_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n != 1 {
                    return Ok(Saved::NotFound);
                }
                Some(
                    sqlx::query_as("SELECT price_minor, currency FROM parts WHERE id = $1")
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await?,
                )
            }
            None => None,
        };
        let taken: Option<(String, String)> = sqlx::query_as(
            "SELECT id, part_number FROM parts WHERE seller_id = $1 AND part_number_norm = $2 AND id <> $3",
        )
        .bind(seller_id)
        .bind(&input.part_number_norm)
        .bind(&id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((id, part_number)) = taken {
            return Ok(Saved::Taken { id, part_number });
        }
        // The manufacturer: matched as imports match it, or added.
        let makers: Vec<(String, String)> =
            sqlx::query_as("SELECT id, name FROM equipment_manufacturers")
                .fetch_all(&mut *tx)
                .await?;
        let manufacturer_id = match makers
            .iter()
            .find(|(_, name)| manufacturer_key(name) == wanted_maker)
        {
            Some((mid, _)) => mid.clone(),
            None => {
                let mid = super::new_id();
                let name = input
                    .manufacturer
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                sqlx::query(
                    "INSERT INTO equipment_manufacturers (id, name, country) VALUES ($1, $2, '')",
                )
                .bind(&mid)
                .bind(&name)
                .execute(&mut *tx)
                .await?;
                mid
            }
        };
        if existing.is_none() {
            sqlx::query(
                "INSERT INTO parts (id, seller_id, part_number, part_number_norm, name, description, category, \
                 manufacturer_id, price_minor, currency, stock, lead_time_days, moq, warranty_months, weight_grams, \
                 hsn_code, gst_rate, condition, status, visibility, low_stock_threshold, brand, oem_part_number, \
                 created_at, updated_at, order_multiple) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 'active', \
                 $19, $20, $21, $22, $23, $23, $24)",
            )
            .bind(&id)
            .bind(seller_id)
            .bind(&input.part_number)
            .bind(&input.part_number_norm)
            .bind(&input.name)
            .bind(&input.description)
            .bind(&input.category)
            .bind(&manufacturer_id)
            .bind(input.price_minor)
            .bind(&input.currency)
            .bind(input.stock)
            .bind(input.lead_time_days)
            .bind(input.moq)
            .bind(input.warranty_months)
            .bind(input.weight_grams)
            .bind(&input.hsn_code)
            .bind(input.gst_rate)
            .bind(&input.condition)
            .bind(&input.visibility)
            .bind(input.low_stock_threshold)
            .bind(&input.brand)
            .bind(&input.oem_part_number)
            .bind(now)
            .bind(input.order_multiple)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO stock_history (id, part_id, seller_id, old_stock, new_stock, reason, source, changed_by, changed_at) \
                 VALUES ($1, $2, $3, NULL, $4, 'Initial stock', 'create', $5, $6)",
            )
            .bind(super::new_id())
            .bind(&id)
            .bind(seller_id)
            .bind(input.stock)
            .bind(user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query(
                "UPDATE parts SET part_number = $1, part_number_norm = $2, name = $3, description = $4, \
                 category = $5, manufacturer_id = $6, price_minor = $7, currency = $8, lead_time_days = $9, \
                 moq = $10, warranty_months = $11, weight_grams = $12, hsn_code = $13, gst_rate = $14, \
                 condition = $15, visibility = $16, low_stock_threshold = $17, brand = $18, \
                 oem_part_number = $19, updated_at = $20, order_multiple = $23 WHERE id = $21 AND seller_id = $22",
            )
            .bind(&input.part_number)
            .bind(&input.part_number_norm)
            .bind(&input.name)
            .bind(&input.description)
            .bind(&input.category)
            .bind(&manufacturer_id)
            .bind(input.price_minor)
            .bind(&input.currency)
            .bind(input.lead_time_days)
            .bind(input.moq)
            .bind(input.warranty_months)
            .bind(input.weight_grams)
            .bind(&input.hsn_code)
            .bind(input.gst_rate)
            .bind(&input.condition)
            .bind(&input.visibility)
            .bind(input.low_stock_threshold)
            .bind(&input.brand)
            .bind(&input.oem_part_number)
            .bind(now)
            .bind(&id)
            .bind(seller_id)
            .bind(input.order_multiple)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM part_compatibility WHERE part_id = $1")
                .bind(&id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM part_supersessions WHERE new_part_id = $1")
                .bind(&id)
                .execute(&mut *tx)
                .await?;
        }
        let price_changed = old_price
            .as_ref()
            .is_none_or(|(minor, cur)| *minor != input.price_minor || *cur != input.currency);
        if price_changed {
            sqlx::query(
                "INSERT INTO price_history (id, part_id, seller_id, old_minor, new_minor, currency, source, changed_by, changed_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(super::new_id())
            .bind(&id)
            .bind(seller_id)
            .bind(old_price.as_ref().map(|(m, _)| *m))
            .bind(input.price_minor)
            .bind(&input.currency)
            .bind(if existing.is_some() { "edit" } else { "create" })
            .bind(user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        let mut models = input.models.clone();
        models.sort();
        models.dedup();
        for model_id in &models {
            sqlx::query("INSERT INTO part_compatibility (part_id, model_id) VALUES ($1, $2)")
                .bind(&id)
                .bind(model_id)
                .execute(&mut *tx)
                .await?;
        }
        let mut seen: HashMap<&str, ()> = HashMap::new();
        for (old, norm) in &input.supersedes {
            if seen.insert(norm.as_str(), ()).is_some() {
                continue;
            }
            sqlx::query(
                "INSERT INTO part_supersessions (old_part_number, old_part_number_norm, new_part_id) VALUES ($1, $2, $3)",
            )
            .bind(old)
            .bind(norm)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        }
        let t = &mut tx;
        crate::outbox_push!(t, &id, Op::Upsert, now);
        crate::audit_push!(t, now, audit);
        tx.commit().await?;
        Ok(Saved::Ok(id))
    })
}

/// What a stock adjustment did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Adjusted {
    Done { old: i64, new: i64 },
    NotFound,
    Refused(Refused),
}

/// Changes the stock of the seller's part `id` by `change`, with a
/// stock-history row, an outbox row and an audit row (`summary_of` words
/// it from the old and new stock), in one transaction. The update is
/// conditional, so the stock never goes below zero.
#[allow(clippy::too_many_arguments)]
pub async fn adjust_stock(
    db: &Db,
    seller_id: &str,
    user_id: &str,
    id: &str,
    change: Change,
    reason: &str,
    now: i64,
    audit: &Entry<'_>,
    summary_of: impl Fn(i64, i64) -> String,
) -> anyhow::Result<Adjusted> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let n = sqlx::query(
            "UPDATE parts SET updated_at = updated_at WHERE id = $1 AND seller_id = $2",
        )
        .bind(id)
        .bind(seller_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Ok(Adjusted::NotFound);
        }
        let old: i64 = sqlx::query_scalar("SELECT stock FROM parts WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let new = match change.apply(old) {
            Ok(new) => new,
            Err(r) => return Ok(Adjusted::Refused(r)),
        };
        let delta = new - old;
        let stored: Option<i64> = sqlx::query_scalar(
            "UPDATE parts SET stock = stock + $1, updated_at = $2 \
             WHERE id = $3 AND seller_id = $4 AND stock + $1 >= 0 RETURNING stock",
        )
        .bind(delta)
        .bind(now)
        .bind(id)
        .bind(seller_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(new) = stored else {
            return Ok(Adjusted::Refused(Refused::BelowZero {
                have: old,
                take: -delta,
            }));
        };
        sqlx::query(
            "INSERT INTO stock_history (id, part_id, seller_id, old_stock, new_stock, reason, source, changed_by, changed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'adjustment', $7, $8)",
        )
        .bind(super::new_id())
        .bind(id)
        .bind(seller_id)
        .bind(old)
        .bind(new)
        .bind(reason)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let summary = summary_of(old, new);
        let entry = Entry {
            summary: &summary,
            ..*audit
        };
        let t = &mut tx;
        crate::outbox_push!(t, id, Op::Upsert, now);
        crate::audit_push!(t, now, &entry);
        tx.commit().await?;
        Ok(Adjusted::Done { old, new })
    })
}

/// One price change.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PriceChange {
    pub changed_at: i64,
    /// The user's name and email then; empty for changes without a user.
    pub by_name: Option<String>,
    pub by_email: Option<String>,
    pub old_minor: Option<i64>,
    pub new_minor: i64,
    pub currency: String,
    pub source: String,
}

/// One stock change.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StockChange {
    pub changed_at: i64,
    pub by_name: Option<String>,
    pub by_email: Option<String>,
    pub old_stock: Option<i64>,
    pub new_stock: i64,
    pub reason: String,
    pub source: String,
}

/// The newest `limit` price changes of the seller's part.
pub async fn price_history(
    db: &Db,
    seller_id: &str,
    part_id: &str,
    limit: i64,
) -> sqlx::Result<Vec<PriceChange>> {
    on_db!(db, |p| sqlx::query_as::<_, PriceChange>(
        "SELECT h.changed_at, u.name AS by_name, u.email AS by_email, h.old_minor, h.new_minor, \
         h.currency, h.source FROM price_history h LEFT JOIN users u ON u.id = h.changed_by \
         WHERE h.part_id = $1 AND h.seller_id = $2 ORDER BY h.changed_at DESC, h.id DESC LIMIT $3"
    )
    .bind(part_id)
    .bind(seller_id)
    .bind(limit)
    .fetch_all(p)
    .await)
}

/// The newest `limit` stock changes of the seller's part.
pub async fn stock_history(
    db: &Db,
    seller_id: &str,
    part_id: &str,
    limit: i64,
) -> sqlx::Result<Vec<StockChange>> {
    on_db!(db, |p| sqlx::query_as::<_, StockChange>(
        "SELECT h.changed_at, u.name AS by_name, u.email AS by_email, h.old_stock, h.new_stock, \
         h.reason, h.source FROM stock_history h LEFT JOIN users u ON u.id = h.changed_by \
         WHERE h.part_id = $1 AND h.seller_id = $2 ORDER BY h.changed_at DESC, h.id DESC LIMIT $3"
    )
    .bind(part_id)
    .bind(seller_id)
    .bind(limit)
    .fetch_all(p)
    .await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_name_the_parts_and_cut_long_lists() {
        let pct = Percent::parse("+5").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            bulk_summary(BulkAction::Price(pct), &["AB-1", "AB-2"]),
            "repriced 2 parts by +5%: AB-1, AB-2"
        );
        let many: Vec<String> = (0..25).map(|i| format!("P{i}")).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        let s = bulk_summary(BulkAction::Archive, &refs);
        assert!(s.starts_with("archived 25 parts: P0, P1"), "{s}");
        assert!(s.ends_with("P19 and 5 more"), "{s}");
        assert_eq!(prefix_pattern("a_b%"), "a\\_b\\%%");
    }
}
