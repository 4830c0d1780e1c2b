//! Spreadsheet imports: the import rows and their problems, the sellers'
//! mapping profiles, and applying a planned import in one transaction.

use std::collections::{BTreeSet, HashMap};

use partsportal_importers::{Field, Problem};

use super::Db;
use crate::domain::catalog_import::{Existing, KnownModel, PartValues, Plan};
use crate::on_db;

/// One import as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ImportRow {
    pub id: String,
    pub seller_id: String,
    pub created_by: Option<String>,
    /// The uploader's name, for the history.
    pub created_by_name: Option<String>,
    pub file_id: String,
    pub file_name: String,
    pub format: String,
    pub sheet: String,
    pub header_row: i64,
    pub mapping: String,
    pub scope: String,
    pub missing_parts: String,
    pub create_models: bool,
    pub status: String,
    pub total_rows: i64,
    pub rows_done: i64,
    pub new_count: i64,
    pub updated_count: i64,
    pub unchanged_count: i64,
    pub invalid_count: i64,
    pub skipped_count: i64,
    pub archived_count: i64,
    pub warning_count: i64,
    pub skipped_detail: String,
    pub preview: String,
    pub error: String,
    pub created_at: i64,
    pub queued_at: Option<i64>,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
}

impl ImportRow {
    /// The confirmed column mapping: (zero-based column, field).
    pub fn columns(&self) -> Vec<(usize, Option<Field>)> {
        decode_mapping(&self.mapping)
    }

    /// Whether the job has not ended.
    pub fn is_active(&self) -> bool {
        matches!(self.status.as_str(), "queued" | "running")
    }
}

/// Encodes a column mapping as stored in `imports.mapping`.
pub fn encode_mapping(columns: &[(usize, Option<Field>)]) -> String {
    let list: Vec<(usize, Option<&str>)> = columns
        .iter()
        .map(|(i, f)| (*i, f.map(Field::key)))
        .collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".into())
}

/// Decodes `imports.mapping`; unknown field keys read as "ignore".
pub fn decode_mapping(text: &str) -> Vec<(usize, Option<Field>)> {
    let list: Vec<(usize, Option<String>)> = serde_json::from_str(text).unwrap_or_default();
    list.into_iter()
        .map(|(i, key)| (i, key.as_deref().and_then(Field::from_key)))
        .collect()
}

macro_rules! import_select {
    () => {
        "SELECT i.id, i.seller_id, i.created_by, u.name AS created_by_name, i.file_id, i.file_name, i.format, \
         i.sheet, i.header_row, i.mapping, i.scope, i.missing_parts, i.create_models, i.status, i.total_rows, \
         i.rows_done, i.new_count, i.updated_count, i.unchanged_count, i.invalid_count, i.skipped_count, \
         i.archived_count, i.warning_count, i.skipped_detail, i.preview, i.error, i.created_at, i.queued_at, \
         i.started_at, i.finished_at \
         FROM imports i LEFT JOIN users u ON u.id = i.created_by"
    };
}

/// A new import for an uploaded file.
pub struct NewImport<'a> {
    pub seller_id: &'a str,
    pub created_by: Option<&'a str>,
    pub file_id: &'a str,
    pub file_name: &'a str,
    pub format: &'a str,
}

/// Creates an import in status `previewed` (its preview is saved next).
pub async fn create(db: &Db, n: &NewImport<'_>, now: i64) -> sqlx::Result<String> {
    let id = super::new_id();
    on_db!(db, |p| sqlx::query(
        "INSERT INTO imports (id, seller_id, created_by, file_id, file_name, format, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)"
    )
    .bind(&id)
    .bind(n.seller_id)
    .bind(n.created_by)
    .bind(n.file_id)
    .bind(n.file_name)
    .bind(n.format)
    .bind(now)
    .execute(p)
    .await
    .map(|_| ()))?;
    Ok(id)
}

/// The import `id` of seller `seller_id`.
pub async fn get(db: &Db, seller_id: &str, id: &str) -> sqlx::Result<Option<ImportRow>> {
    let sql = concat!(import_select!(), " WHERE i.id = $1 AND i.seller_id = $2");
    on_db!(db, |p| sqlx::query_as(sql)
        .bind(id)
        .bind(seller_id)
        .fetch_optional(p)
        .await)
}

/// The import `id`, whoever's it is (the job and the CLI).
pub async fn get_any(db: &Db, id: &str) -> sqlx::Result<Option<ImportRow>> {
    let sql = concat!(import_select!(), " WHERE i.id = $1");
    on_db!(db, |p| sqlx::query_as(sql).bind(id).fetch_optional(p).await)
}

/// The seller's imports, newest first.
pub async fn list(db: &Db, seller_id: &str, limit: i64) -> sqlx::Result<Vec<ImportRow>> {
    let sql = concat!(
        import_select!(),
        " WHERE i.seller_id = $1 AND i.status <> 'previewed' ORDER BY i.created_at DESC, i.id DESC LIMIT $2"
    );
    on_db!(db, |p| sqlx::query_as(sql)
        .bind(seller_id)
        .bind(limit)
        .fetch_all(p)
        .await)
}

/// The seller's most recent import that was confirmed, for the dashboard.
pub async fn latest(db: &Db, seller_id: &str) -> sqlx::Result<Option<ImportRow>> {
    Ok(list(db, seller_id, 1).await?.into_iter().next())
}

/// The counts and details a preview or a run produced.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub sheet: String,
    pub header_row: i64,
    pub mapping: String,
    pub total_rows: i64,
    pub new_count: i64,
    pub updated_count: i64,
    pub unchanged_count: i64,
    pub invalid_count: i64,
    pub skipped_count: i64,
    pub archived_count: i64,
    pub warning_count: i64,
    pub skipped_detail: String,
    pub preview: String,
}

/// Replaces an import's stored problems inside the caller's transaction
/// (one text for both engines, hence a macro).
macro_rules! replace_problems {
    ($tx:ident, $id:expr, $problems:expr) => {{
        let problems: &[Problem] = $problems;
        sqlx::query("DELETE FROM import_problems WHERE import_id = $1")
            .bind($id)
            .execute(&mut *$tx)
            .await?;
        for (chunk_index, chunk) in problems[..problems.len().min(MAX_STORED_PROBLEMS)]
            .chunks(500)
            .enumerate()
        {
            let mut qb = sqlx::QueryBuilder::new(
                "INSERT INTO import_problems (import_id, seq, sheet, row_number, column_index, header, value, message, severity) ",
            );
            qb.push_values(chunk.iter().enumerate(), |mut b, (i, pr)| {
                b.push_bind($id)
                    .push_bind((chunk_index * 500 + i) as i64)
                    .push_bind(&pr.sheet)
                    .push_bind(i64::from(pr.row))
                    .push_bind(pr.column.map(|c| c as i64))
                    .push_bind(pr.header.clone().unwrap_or_default())
                    .push_bind(pr.value.clone().unwrap_or_default())
                    .push_bind(&pr.message)
                    .push_bind(pr.severity.key());
            });
            qb.build().execute(&mut *$tx).await?;
        }
    }};
}

/// Most problems kept per import; the rest are counted.
pub const MAX_STORED_PROBLEMS: usize = 100_000;

/// Saves a preview's outcome and replaces the import's problems. Only an
/// import still in preview (or one that failed) can be re-previewed.
pub async fn save_preview(
    db: &Db,
    seller_id: &str,
    id: &str,
    o: &Outcome,
    problems: &[Problem],
) -> sqlx::Result<bool> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let n = sqlx::query(
            "UPDATE imports SET sheet = $1, header_row = $2, mapping = $3, total_rows = $4, new_count = $5, \
             updated_count = $6, unchanged_count = $7, invalid_count = $8, skipped_count = $9, archived_count = $10, \
             warning_count = $11, skipped_detail = $12, preview = $13, status = 'previewed', error = '' \
             WHERE id = $14 AND seller_id = $15 AND status IN ('previewed', 'failed')",
        )
        .bind(&o.sheet)
        .bind(o.header_row)
        .bind(&o.mapping)
        .bind(o.total_rows)
        .bind(o.new_count)
        .bind(o.updated_count)
        .bind(o.unchanged_count)
        .bind(o.invalid_count)
        .bind(o.skipped_count)
        .bind(o.archived_count)
        .bind(o.warning_count)
        .bind(&o.skipped_detail)
        .bind(&o.preview)
        .bind(id)
        .bind(seller_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Ok(false);
        }
        replace_problems!(tx, id, problems);
        tx.commit().await?;
        Ok(true)
    })
}

/// The problems of an import in order, at most `limit`.
pub async fn problems(db: &Db, id: &str, limit: i64) -> sqlx::Result<Vec<Problem>> {
    #[derive(sqlx::FromRow)]
    struct P {
        sheet: String,
        row_number: i64,
        column_index: Option<i64>,
        header: String,
        value: String,
        message: String,
        severity: String,
    }
    let rows: Vec<P> = on_db!(db, |p| {
        sqlx::query_as(
        "SELECT sheet, row_number, column_index, header, value, message, severity FROM import_problems \
         WHERE import_id = $1 ORDER BY seq LIMIT $2"
    )
    .bind(id)
    .bind(limit)
    .fetch_all(p)
    .await
    })?;
    Ok(rows
        .into_iter()
        .map(|r| Problem {
            sheet: r.sheet,
            row: r.row_number as u32,
            column: r.column_index.map(|c| c as usize),
            header: Some(r.header).filter(|h| !h.is_empty()),
            value: Some(r.value).filter(|v| !v.is_empty()),
            message: r.message,
            severity: if r.severity == "warning" {
                partsportal_importers::Severity::Warning
            } else {
                partsportal_importers::Severity::Error
            },
        })
        .collect())
}

/// How many problems an import has stored.
pub async fn problem_count(db: &Db, id: &str) -> sqlx::Result<i64> {
    on_db!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM import_problems WHERE import_id = $1"
    )
    .bind(id)
    .fetch_one(p)
    .await)
}

/// Why an import could not be queued.
#[derive(Debug, PartialEq, Eq)]
pub enum QueueRefused {
    /// Another import of this seller is queued or running.
    AnotherRunning,
    /// This import is not waiting for confirmation (already run, or gone).
    NotPreviewed,
}

/// The options chosen at confirmation.
pub struct Confirm<'a> {
    pub scope: &'a str,
    pub missing_parts: &'a str,
    pub create_models: bool,
}

/// Queues a previewed import. The partial unique index `imports_one_active`
/// lets only one import per seller be queued or running; a second is
/// refused, also when two confirmations race.
pub async fn queue(
    db: &Db,
    seller_id: &str,
    id: &str,
    c: &Confirm<'_>,
    now: i64,
) -> sqlx::Result<Result<(), QueueRefused>> {
    // Looked up first: on SQLite a running import holds the write lock
    // until it commits, so the UPDATE below would wait for the whole run
    // instead of being refused at once. The unique index still decides a
    // race between two confirms.
    if active(db, seller_id).await?.is_some_and(|a| a.id != id) {
        return Ok(Err(QueueRefused::AnotherRunning));
    }
    let res = on_db!(db, |p| {
        sqlx::query(
        "UPDATE imports SET status = 'queued', scope = $1, missing_parts = $2, create_models = $3, queued_at = $4, \
         rows_done = 0, error = '' WHERE id = $5 AND seller_id = $6 AND status = 'previewed'"
    )
    .bind(c.scope)
    .bind(c.missing_parts)
    .bind(c.create_models)
    .bind(now)
    .bind(id)
    .bind(seller_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    });
    match res {
        Ok(1) => Ok(Ok(())),
        Ok(_) => Ok(Err(QueueRefused::NotPreviewed)),
        Err(e)
            if e.as_database_error()
                .is_some_and(|d| d.is_unique_violation()) =>
        {
            Ok(Err(QueueRefused::AnotherRunning))
        }
        Err(e) => Err(e),
    }
}

/// The seller's import that is queued or running, if any.
pub async fn active(db: &Db, seller_id: &str) -> sqlx::Result<Option<ImportRow>> {
    let sql = concat!(
        import_select!(),
        " WHERE i.seller_id = $1 AND i.status IN ('queued', 'running')"
    );
    on_db!(db, |p| sqlx::query_as(sql)
        .bind(seller_id)
        .fetch_optional(p)
        .await)
}

/// Marks a queued import as running; false when it was not queued.
pub async fn start(db: &Db, id: &str, total_rows: i64, now: i64) -> sqlx::Result<bool> {
    let n = on_db!(db, |p| {
        sqlx::query(
        "UPDATE imports SET status = 'running', started_at = $1, heartbeat_at = $1, total_rows = $2 \
         WHERE id = $3 AND status = 'queued'"
    )
    .bind(now)
    .bind(total_rows)
    .bind(id)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// Marks an import as failed with a message for the seller.
pub async fn fail(db: &Db, id: &str, error: &str, now: i64) -> sqlx::Result<()> {
    on_db!(db, |p| {
        sqlx::query(
        "UPDATE imports SET status = 'failed', error = $1, finished_at = $2 WHERE id = $3 AND status IN ('queued', 'running')"
    )
    .bind(error)
    .bind(now)
    .bind(id)
    .execute(p)
    .await
    .map(|_| ())
    })
}

/// At startup: imports left queued or running by a process that stopped
/// are failed. Their transaction never committed, so the catalog is as it
/// was before them. Returns how many were failed.
pub async fn fail_interrupted(db: &Db, now: i64) -> sqlx::Result<u64> {
    on_db!(db, |p| {
        sqlx::query(
        "UPDATE imports SET status = 'failed', finished_at = $1, \
         error = 'interrupted: the server stopped while this import ran; nothing was changed, you can run it again' \
         WHERE status IN ('queued', 'running')"
    )
    .bind(now)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })
}

/// The seller's saved mapping profile: normalized header → field (`None`:
/// ignore the column).
pub async fn profile(db: &Db, seller_id: &str) -> sqlx::Result<Vec<(String, Option<Field>)>> {
    let rows: Vec<(String, String)> = on_db!(db, |p| sqlx::query_as(
        "SELECT header, field FROM mapping_profiles WHERE seller_id = $1 ORDER BY header"
    )
    .bind(seller_id)
    .fetch_all(p)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(h, f)| (h, Field::from_key(&f)))
        .collect())
}

/// Saves (merges) entries into the seller's mapping profile.
pub async fn save_profile(
    db: &Db,
    seller_id: &str,
    entries: &[(String, Option<Field>)],
    user_id: &str,
    now: i64,
) -> sqlx::Result<()> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        for (header, field) in entries {
            sqlx::query(
                "INSERT INTO mapping_profiles (seller_id, header, field, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (seller_id, header) DO UPDATE SET field = excluded.field, updated_by = excluded.updated_by, \
                 updated_at = excluded.updated_at",
            )
            .bind(seller_id)
            .bind(header)
            .bind(field.map_or("", Field::key))
            .bind(user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    })
}

/// Equipment manufacturers by [`crate::domain::catalog_import::manufacturer_key`].
pub async fn manufacturers(db: &Db) -> sqlx::Result<HashMap<String, String>> {
    let rows: Vec<(String, String)> = on_db!(db, |p| sqlx::query_as(
        "SELECT id, name FROM equipment_manufacturers"
    )
    .fetch_all(p)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| (crate::domain::catalog_import::manufacturer_key(&name), id))
        .collect())
}

/// Every equipment model, for matching the names in a file.
pub async fn known_models(db: &Db) -> sqlx::Result<Vec<KnownModel>> {
    let rows: Vec<(String, String, String, String)> = on_db!(db, |p| sqlx::query_as(
        "SELECT m.id, e.name, m.name, m.aliases FROM equipment_models m \
         JOIN equipment_manufacturers e ON e.id = m.manufacturer_id ORDER BY e.name, m.name"
    )
    .fetch_all(p)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(id, manufacturer, name, aliases)| KnownModel {
            id,
            manufacturer,
            name,
            aliases: serde_json::from_str(&aliases).unwrap_or_default(),
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct ExistingRow {
    id: String,
    part_number: String,
    part_number_norm: String,
    name: String,
    description: String,
    category: String,
    manufacturer_id: String,
    price_minor: i64,
    currency: String,
    stock: i64,
    lead_time_days: i32,
    moq: i32,
    order_multiple: i32,
    warranty_months: i32,
    weight_grams: i64,
    hsn_code: String,
    gst_rate: i32,
    condition: String,
    status: String,
    brand: String,
    oem_part_number: String,
}

const EXISTING_SQL: &str = "SELECT id, part_number, part_number_norm, name, description, category, manufacturer_id, \
     price_minor, currency, stock, lead_time_days, moq, order_multiple, warranty_months, weight_grams, hsn_code, gst_rate, \
     condition, status, brand, oem_part_number FROM parts WHERE seller_id = $1";

fn to_existing(
    rows: Vec<ExistingRow>,
    compat: Vec<(String, String)>,
    sup: Vec<(String, String)>,
) -> HashMap<String, Existing> {
    let mut models: HashMap<String, BTreeSet<String>> = HashMap::new();
    for (part, model) in compat {
        models.entry(part).or_default().insert(model);
    }
    let mut supersedes: HashMap<String, BTreeSet<String>> = HashMap::new();
    for (part, old) in sup {
        supersedes.entry(part).or_default().insert(old);
    }
    rows.into_iter()
        .map(|r| {
            let existing = Existing {
                models: models.remove(&r.id).unwrap_or_default(),
                supersedes: supersedes.remove(&r.id).unwrap_or_default(),
                values: PartValues {
                    part_number: r.part_number,
                    name: r.name,
                    description: r.description,
                    category: r.category,
                    manufacturer_id: r.manufacturer_id,
                    price_minor: r.price_minor,
                    currency: r.currency,
                    stock: r.stock,
                    lead_time_days: i64::from(r.lead_time_days),
                    moq: i64::from(r.moq),
                    order_multiple: i64::from(r.order_multiple),
                    warranty_months: i64::from(r.warranty_months),
                    weight_grams: r.weight_grams,
                    hsn_code: r.hsn_code,
                    gst_rate: i64::from(r.gst_rate),
                    condition: r.condition,
                    brand: r.brand,
                    oem_part_number: r.oem_part_number,
                },
                id: r.id,
                status: r.status,
            };
            (r.part_number_norm, existing)
        })
        .collect()
}

const COMPAT_SQL: &str = "SELECT c.part_id, c.model_id FROM part_compatibility c JOIN parts p ON p.id = c.part_id WHERE p.seller_id = $1";
const SUP_SQL: &str = "SELECT s.new_part_id, s.old_part_number_norm FROM part_supersessions s JOIN parts p ON p.id = s.new_part_id WHERE p.seller_id = $1";

/// The seller's parts as they are now, for a preview.
pub async fn existing(db: &Db, seller_id: &str) -> sqlx::Result<HashMap<String, Existing>> {
    on_db!(db, |p| {
        let rows: Vec<ExistingRow> = sqlx::query_as(EXISTING_SQL)
            .bind(seller_id)
            .fetch_all(p)
            .await?;
        let compat: Vec<(String, String)> = sqlx::query_as(COMPAT_SQL)
            .bind(seller_id)
            .fetch_all(p)
            .await?;
        let sup: Vec<(String, String)> =
            sqlx::query_as(SUP_SQL).bind(seller_id).fetch_all(p).await?;
        Ok(to_existing(rows, compat, sup))
    })
}

/// Who runs an import, for the history rows and the audit log.
pub struct Actor<'a> {
    pub user_id: Option<&'a str>,
    pub label: &'a str,
    pub ip: &'a str,
    pub request_id: &'a str,
}

/// How an import reports progress, and how fast it goes.
pub struct Pace<'a> {
    /// Called with (rows done, rows in all) between chunks.
    pub report: &'a (dyn Fn(u64, u64) + Sync),
    /// Slept between chunks.
    pub pause: std::time::Duration,
}

/// Rows per multi-row statement: 24 binds each stays far below both
/// engines' parameter limits.
const CHUNK: usize = 200;

/// Applies an import in ONE transaction: the seller's parts are read again
/// inside it (row-locked on PostgreSQL; SQLite's `BEGIN IMMEDIATE` already
/// holds the write lock), `make_plan` plans against that state, and every
/// write (manufacturers, models, parts, compatibility, supersessions, price
/// and stock history, archive, index outbox, the import's counts and the
/// audit row) commits together or not at all. A crash or kill anywhere
/// before the commit leaves the catalog exactly as it was.
///
/// `pace.report(done, total)` is called between chunks; `pace.pause` is
/// slept between chunks (zero in production; the crash test uses it to kill
/// the process mid-way).
pub async fn apply<F>(
    db: &Db,
    import_id: &str,
    seller_id: &str,
    actor: &Actor<'_>,
    make_plan: F,
    pace: &Pace<'_>,
    now: i64,
) -> anyhow::Result<Plan>
where
    F: FnOnce(&HashMap<String, Existing>) -> Plan,
{
    macro_rules! body {
        ($tx:ident, $lock_suffix:expr) => {{
            let rows: Vec<ExistingRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{EXISTING_SQL}{}", $lock_suffix)))
                .bind(seller_id)
                .fetch_all(&mut *$tx)
                .await?;
            let compat: Vec<(String, String)> = sqlx::query_as(COMPAT_SQL).bind(seller_id).fetch_all(&mut *$tx).await?;
            let sup: Vec<(String, String)> = sqlx::query_as(SUP_SQL).bind(seller_id).fetch_all(&mut *$tx).await?;
            let existing = to_existing(rows, compat, sup);
            let plan = make_plan(&existing);
            let total = (plan.writes.len() + plan.archive.len()) as u64;
            (pace.report)(0, total);

            for m in &plan.new_manufacturers {
                sqlx::query("INSERT INTO equipment_manufacturers (id, name, country) VALUES ($1, $2, '')")
                    .bind(&m.id)
                    .bind(&m.name)
                    .execute(&mut *$tx)
                    .await?;
            }
            for m in &plan.new_models {
                sqlx::query("INSERT INTO equipment_models (id, manufacturer_id, modality, name, aliases) VALUES ($1, $2, 'Other', $3, '[]')")
                    .bind(&m.id)
                    .bind(&m.manufacturer_id)
                    .bind(&m.name)
                    .execute(&mut *$tx)
                    .await?;
            }

            // The outbox sequence: the no-op update takes the counter row's
            // lock, so this transaction's sequence numbers are contiguous.
            let base: i64 = sqlx::query_scalar(
                "UPDATE counters SET value = value WHERE name = 'index_outbox' RETURNING value",
            )
            .fetch_one(&mut *$tx)
            .await?;
            let mut seq = base;
            let mut done: u64 = 0;
            for chunk in plan.writes.chunks(CHUNK) {
                let mut qb = sqlx::QueryBuilder::new(
                    "INSERT INTO parts (id, seller_id, part_number, part_number_norm, name, description, category, \
                     manufacturer_id, price_minor, currency, stock, lead_time_days, moq, warranty_months, weight_grams, \
                     hsn_code, gst_rate, condition, status, brand, oem_part_number, created_at, updated_at, order_multiple) ",
                );
                qb.push_values(chunk, |mut b, w| {
                    let v = &w.values;
                    b.push_bind(&w.id)
                        .push_bind(seller_id)
                        .push_bind(&v.part_number)
                        .push_bind(&w.norm)
                        .push_bind(&v.name)
                        .push_bind(&v.description)
                        .push_bind(&v.category)
                        .push_bind(&v.manufacturer_id)
                        .push_bind(v.price_minor)
                        .push_bind(&v.currency)
                        .push_bind(v.stock)
                        .push_bind(v.lead_time_days as i32)
                        .push_bind(v.moq as i32)
                        .push_bind(v.warranty_months as i32)
                        .push_bind(v.weight_grams)
                        .push_bind(&v.hsn_code)
                        .push_bind(v.gst_rate as i32)
                        .push_bind(&v.condition)
                        .push_bind(&w.status)
                        .push_bind(&v.brand)
                        .push_bind(&v.oem_part_number)
                        .push_bind(now)
                        .push_bind(now)
                        .push_bind(v.order_multiple as i32);
                });
                qb.push(
                    " ON CONFLICT (seller_id, part_number_norm) DO UPDATE SET part_number = excluded.part_number, \
                     name = excluded.name, description = excluded.description, category = excluded.category, \
                     manufacturer_id = excluded.manufacturer_id, price_minor = excluded.price_minor, \
                     currency = excluded.currency, stock = excluded.stock, lead_time_days = excluded.lead_time_days, \
                     moq = excluded.moq, warranty_months = excluded.warranty_months, weight_grams = excluded.weight_grams, \
                     hsn_code = excluded.hsn_code, gst_rate = excluded.gst_rate, condition = excluded.condition, \
                     status = excluded.status, brand = excluded.brand, oem_part_number = excluded.oem_part_number, \
                     updated_at = excluded.updated_at, order_multiple = excluded.order_multiple",
                );
                qb.build().execute(&mut *$tx).await?;

                // Compatibility: the file's list replaces the part's.
                let relinked: Vec<&crate::domain::catalog_import::Write> =
                    chunk.iter().filter(|w| w.models.is_some()).collect();
                for group in relinked.chunks(CHUNK) {
                    let mut del = sqlx::QueryBuilder::new("DELETE FROM part_compatibility WHERE part_id IN (");
                    let mut list = del.separated(", ");
                    for w in group {
                        list.push_bind(&w.id);
                    }
                    del.push(")");
                    del.build().execute(&mut *$tx).await?;
                    let links: Vec<(&str, &str)> = group
                        .iter()
                        .flat_map(|w| {
                            w.models
                                .iter()
                                .flatten()
                                .map(move |m| (w.id.as_str(), m.as_str()))
                        })
                        .collect();
                    for links in links.chunks(CHUNK * 2) {
                        let mut ins = sqlx::QueryBuilder::new("INSERT INTO part_compatibility (part_id, model_id) ");
                        ins.push_values(links, |mut b, (part, model)| {
                            b.push_bind(*part).push_bind(*model);
                        });
                        ins.build().execute(&mut *$tx).await?;
                    }
                }
                let sups: Vec<(&str, &str, &str)> = chunk
                    .iter()
                    .flat_map(|w| {
                        w.supersedes
                            .iter()
                            .map(move |(old, norm)| (w.id.as_str(), old.as_str(), norm.as_str()))
                    })
                    .collect();
                for sups in sups.chunks(CHUNK) {
                    let mut ins = sqlx::QueryBuilder::new(
                        "INSERT INTO part_supersessions (old_part_number, old_part_number_norm, new_part_id) ",
                    );
                    ins.push_values(sups, |mut b, (id, old, norm)| {
                        b.push_bind(*old).push_bind(*norm).push_bind(*id);
                    });
                    ins.push(" ON CONFLICT (old_part_number_norm, new_part_id) DO NOTHING");
                    ins.build().execute(&mut *$tx).await?;
                }

                // Price and stock history for what changed.
                let prices: Vec<&crate::domain::catalog_import::Write> = chunk
                    .iter()
                    .filter(|w| w.old_price.as_ref() != Some(&(w.values.price_minor, w.values.currency.clone())))
                    .collect();
                if !prices.is_empty() {
                    let mut ins = sqlx::QueryBuilder::new(
                        "INSERT INTO price_history (id, part_id, seller_id, old_minor, new_minor, currency, source, import_id, changed_by, changed_at) ",
                    );
                    ins.push_values(&prices, |mut b, w| {
                        b.push_bind(super::new_id())
                            .push_bind(&w.id)
                            .push_bind(seller_id)
                            .push_bind(w.old_price.as_ref().map(|(m, _)| *m))
                            .push_bind(w.values.price_minor)
                            .push_bind(&w.values.currency)
                            .push_bind("import")
                            .push_bind(import_id)
                            .push_bind(actor.user_id)
                            .push_bind(now);
                    });
                    ins.build().execute(&mut *$tx).await?;
                }
                let stocks: Vec<&crate::domain::catalog_import::Write> = chunk
                    .iter()
                    .filter(|w| w.old_stock != Some(w.values.stock))
                    .collect();
                if !stocks.is_empty() {
                    let reason = "import";
                    let mut ins = sqlx::QueryBuilder::new(
                        "INSERT INTO stock_history (id, part_id, seller_id, old_stock, new_stock, reason, source, import_id, changed_by, changed_at) ",
                    );
                    ins.push_values(&stocks, |mut b, w| {
                        b.push_bind(super::new_id())
                            .push_bind(&w.id)
                            .push_bind(seller_id)
                            .push_bind(w.old_stock)
                            .push_bind(w.values.stock)
                            .push_bind(reason)
                            .push_bind(if w.is_new { "create" } else { "import" })
                            .push_bind(import_id)
                            .push_bind(actor.user_id)
                            .push_bind(now);
                    });
                    ins.build().execute(&mut *$tx).await?;
                }

                let mut out = sqlx::QueryBuilder::new("INSERT INTO index_outbox (seq, part_id, op, created_at) ");
                out.push_values(chunk, |mut b, w| {
                    seq += 1;
                    b.push_bind(seq).push_bind(&w.id).push_bind("upsert").push_bind(now);
                });
                out.build().execute(&mut *$tx).await?;

                done += chunk.len() as u64;
                (pace.report)(done, total);
                if !pace.pause.is_zero() {
                    tokio::time::sleep(pace.pause).await;
                }
            }
            for chunk in plan.archive.chunks(CHUNK) {
                let mut up = sqlx::QueryBuilder::new("UPDATE parts SET status = 'archived', updated_at = ");
                up.push_bind(now);
                up.push(" WHERE seller_id = ");
                up.push_bind(seller_id);
                up.push(" AND id IN (");
                let mut list = up.separated(", ");
                for id in chunk {
                    list.push_bind(id);
                }
                up.push(")");
                up.build().execute(&mut *$tx).await?;
                let mut out = sqlx::QueryBuilder::new("INSERT INTO index_outbox (seq, part_id, op, created_at) ");
                out.push_values(chunk, |mut b, id| {
                    seq += 1;
                    b.push_bind(seq).push_bind(id).push_bind("upsert").push_bind(now);
                });
                out.build().execute(&mut *$tx).await?;
                done += chunk.len() as u64;
                (pace.report)(done, total);
            }
            sqlx::query("UPDATE counters SET value = $1 WHERE name = 'index_outbox'")
                .bind(seq)
                .execute(&mut *$tx)
                .await?;

            let summary = format!(
                "import {import_id}: {} new, {} updated, {} archived",
                plan.new_count(),
                plan.updated_count(),
                plan.archive.len()
            );
            crate::audit_push!(
                &mut $tx,
                now,
                "catalog.import",
                actor.user_id,
                actor.label,
                Some(seller_id),
                actor.ip,
                actor.request_id,
                summary.as_str()
            );
            plan
        }};
    }
    let plan = match db {
        Db::Sqlite(p) => {
            let mut tx = p.begin_with("BEGIN IMMEDIATE").await?;
            let plan = body!(tx, "");
            tx.commit().await?;
            plan
        }
        Db::Postgres(p) => {
            let mut tx = p.begin().await?;
            // Row locks: a form edit of one of these parts waits for the
            // import instead of being overwritten by values read before it.
            let plan = body!(tx, " FOR UPDATE");
            tx.commit().await?;
            plan
        }
    };
    Ok(plan)
}

/// Records the run's final counts and problems and marks it succeeded.
pub async fn finish(
    db: &Db,
    id: &str,
    o: &Outcome,
    problems: &[Problem],
    now: i64,
) -> sqlx::Result<()> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        sqlx::query(
            "UPDATE imports SET status = 'succeeded', finished_at = $1, rows_done = total_rows, new_count = $2, \
             updated_count = $3, unchanged_count = $4, invalid_count = $5, skipped_count = $6, archived_count = $7, \
             warning_count = $8, skipped_detail = $9 WHERE id = $10",
        )
        .bind(now)
        .bind(o.new_count)
        .bind(o.updated_count)
        .bind(o.unchanged_count)
        .bind(o.invalid_count)
        .bind(o.skipped_count)
        .bind(o.archived_count)
        .bind(o.warning_count)
        .bind(&o.skipped_detail)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        replace_problems!(tx, id, problems);
        tx.commit().await?;
        Ok(())
    })
}
