//! Spreadsheet imports: the preview (a dry run that counts and lists
//! problems) and the job that applies a confirmed import, for the web and
//! the CLI alike.
//!
//! Live progress is kept in memory ([`Registry`]): the job's writes are one
//! transaction, which on SQLite holds the database's write lock, so progress
//! cannot be written to the database while it runs. The progress endpoint
//! reads the registry first and the import's row second; on a node that is
//! not running the job (several web nodes on PostgreSQL) the page shows the
//! status without the bar, and the result once it is stored.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use partsportal_importers::pipeline::{self, Analysis};
use partsportal_importers::records::{Problem, Scope, Severity};
use partsportal_importers::{Field, ReadError};
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;

use crate::db::{self, Db, imports::ImportRow};
use crate::domain::catalog_import::{self, Choices, Defaults, ModelMatcher, Plan};
use crate::domain::money;
use crate::files::FileStore;

/// What a running import is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Reading and checking the file.
    Reading,
    /// Writing the catalog.
    Writing,
}

/// A running import's progress.
#[derive(Debug, Clone)]
pub struct Live {
    pub phase: Phase,
    pub done: u64,
    pub total: u64,
    pub started: Instant,
    /// When the writing phase began, for the time-left estimate.
    pub writing_since: Option<Instant>,
}

impl Live {
    /// Seconds left at the current writing rate, once there is one.
    pub fn eta_seconds(&self) -> Option<u64> {
        let since = self.writing_since?;
        if self.done == 0 || self.total <= self.done {
            return None;
        }
        let per_row = since.elapsed().as_secs_f64() / self.done as f64;
        Some((per_row * (self.total - self.done) as f64).ceil() as u64)
    }
}

/// Progress of the imports running in this process, and the analyses of
/// their previews.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    live: Arc<Mutex<HashMap<String, Live>>>,
    analyses: Arc<Mutex<Vec<Kept>>>,
}

/// A preview's analysis, kept for the job that follows.
#[derive(Debug)]
struct Kept {
    key: AnalysisKey,
    at: Instant,
    analysis: Arc<Analysis>,
}

/// What an analysis was made with: the import and the choices that change
/// what is read. The file itself never changes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct AnalysisKey {
    import_id: String,
    sheet: String,
    header_row: u32,
    mapping: String,
    scope: Scope,
}

/// Previews kept at once, and for how long: an analysis of 100,000 rows
/// takes about 20 MB, and the job usually follows within minutes.
const KEPT_ANALYSES: usize = 3;
const KEEP_ANALYSIS: Duration = Duration::from_secs(30 * 60);

impl Registry {
    /// The progress of import `id`, while it runs here.
    pub fn get(&self, id: &str) -> Option<Live> {
        self.live.lock().ok()?.get(id).cloned()
    }

    fn set(&self, id: &str, f: impl FnOnce(&mut Live)) {
        if let Ok(mut map) = self.live.lock() {
            let live = map.entry(id.to_owned()).or_insert_with(|| Live {
                phase: Phase::Reading,
                done: 0,
                total: 0,
                started: Instant::now(),
                writing_since: None,
            });
            f(live);
        }
    }

    fn remove(&self, id: &str) {
        if let Ok(mut map) = self.live.lock() {
            map.remove(id);
        }
    }

    /// Keeps a preview's analysis, replacing the import's earlier one.
    fn keep(&self, key: AnalysisKey, analysis: Arc<Analysis>) {
        if let Ok(mut kept) = self.analyses.lock() {
            kept.retain(|k| k.key.import_id != key.import_id && k.at.elapsed() < KEEP_ANALYSIS);
            if kept.len() == KEPT_ANALYSES {
                kept.remove(0);
            }
            kept.push(Kept {
                key,
                at: Instant::now(),
                analysis,
            });
        }
    }

    /// Takes the import's kept analysis when it was made with these choices.
    fn take(&self, key: &AnalysisKey) -> Option<Arc<Analysis>> {
        let mut kept = self.analyses.lock().ok()?;
        let at = kept.iter().position(|k| k.key.import_id == key.import_id)?;
        let k = kept.remove(at);
        (k.key == *key && k.at.elapsed() < KEEP_ANALYSIS).then_some(k.analysis)
    }
}

/// A column as the preview shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ColumnInfo {
    pub index: usize,
    pub letter: String,
    pub header: String,
    /// The field key, or `None` for "not imported".
    pub field: Option<String>,
    /// The first few values under it.
    pub samples: Vec<String>,
}

/// A row as it will be stored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SampleRow {
    pub row: u32,
    /// `new` or `update`.
    pub action: String,
    pub part_number: String,
    pub name: String,
    pub price: String,
    pub stock: i64,
    pub category: String,
    pub models: usize,
}

/// What the preview shows besides the counts (stored as JSON).
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct PreviewInfo {
    pub format: String,
    pub sheet_names: Vec<String>,
    pub sheet: String,
    pub header_row: u32,
    pub columns: Vec<ColumnInfo>,
    pub blocking: Vec<String>,
    pub samples: Vec<SampleRow>,
    pub new_manufacturers: Vec<String>,
    pub new_models: Vec<String>,
    pub defaults: Vec<(String, String)>,
    /// Parts that "archive missing parts" would archive.
    pub would_archive: usize,
    pub archive_refused: Option<String>,
    pub scope: String,
    pub create_models: bool,
    pub problems_total: usize,
    pub errors_total: usize,
}

/// The preview's choices that change what is read.
#[derive(Debug, Clone, Default)]
pub struct PreviewChoices {
    pub sheet: Option<String>,
    pub header_row: Option<u32>,
    /// Column choices made on the page; `None` to use the saved profile and
    /// the synonyms.
    pub columns: Option<Vec<(usize, Option<Field>)>>,
    pub scope: Scope,
    pub create_models: bool,
}

/// Why a file cannot be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file itself is unreadable.
    #[error("{0}")]
    Unreadable(#[from] ReadError),
    /// Anything else (database, disk).
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Other(e.into())
    }
}

fn analyse_blocking(
    bytes: Vec<u8>,
    file_name: String,
    sheet: Option<String>,
    header_row: Option<u32>,
    columns: Vec<(usize, Option<Field>)>,
    profile: Vec<(String, Option<Field>)>,
    scope: Scope,
) -> Result<Analysis, ReadError> {
    pipeline::analyse(
        &bytes,
        &file_name,
        &pipeline::Request {
            sheet: sheet.as_deref(),
            header_row,
            columns: &columns,
            profile: &profile,
            scope,
            normalize: &partsportal_index::normalize_code,
        },
    )
}

/// Reads and validates an import's file off the async threads.
async fn analyse(
    files: &FileStore,
    file: &db::files::FileRow,
    sheet: Option<String>,
    header_row: Option<u32>,
    columns: Vec<(usize, Option<Field>)>,
    profile: Vec<(String, Option<Field>)>,
    scope: Scope,
) -> Result<Analysis, ImportError> {
    let bytes = files
        .read(&file.stored_name)
        .await
        .with_context(|| format!("reading the uploaded file {}", file.stored_name))?;
    let name = file.original_name.clone();
    let analysis = tokio::task::spawn_blocking(move || {
        analyse_blocking(bytes, name, sheet, header_row, columns, profile, scope)
    })
    .await
    .context("the file reader stopped")??;
    Ok(analysis)
}

/// All problems of a run or preview, in row order: the sheet's, then the
/// ones the plan found.
fn all_problems(a: &Analysis, plan: &Plan) -> Vec<Problem> {
    let mut problems: Vec<Problem> = a.validated.blocking.clone();
    problems.extend(a.validated.problems.iter().cloned());
    problems.extend(plan.problems.iter().cloned());
    problems.sort_by_key(|p| (p.row, p.column.unwrap_or(usize::MAX), p.severity));
    problems
}

fn skipped_json(a: &Analysis) -> String {
    let s = a.validated.skipped;
    serde_json::json!({
        "blank": s.blank,
        "repeated_header": s.repeated_header,
        "section_title": s.section_title,
        "total": s.total,
    })
    .to_string()
}

fn outcome(
    a: &Analysis,
    plan: &Plan,
    problems: &[Problem],
    preview: String,
) -> db::imports::Outcome {
    let mapping: Vec<(usize, Option<Field>)> = a
        .validated
        .mapping
        .columns()
        .iter()
        .map(|c| (c.index, c.field))
        .collect();
    db::imports::Outcome {
        sheet: a.validated.sheet.clone(),
        header_row: i64::from(a.validated.header_row),
        mapping: db::imports::encode_mapping(&mapping),
        total_rows: i64::from(a.validated.data_rows()),
        new_count: plan.new_count() as i64,
        updated_count: plan.updated_count() as i64,
        unchanged_count: i64::from(plan.unchanged),
        invalid_count: i64::from(a.validated.invalid_rows) + plan.rejected_rows.len() as i64,
        skipped_count: i64::from(a.validated.skipped.all()),
        archived_count: plan.archive.len() as i64,
        warning_count: problems
            .iter()
            .filter(|p| p.severity == Severity::Warning)
            .count() as i64
            + i64::from(a.validated.omitted.warnings)
            + i64::from(plan.omitted.warnings),
        skipped_detail: skipped_json(a),
        preview,
    }
}

/// Lookups the plan needs, read from the database.
struct Lookups {
    manufacturers: HashMap<String, String>,
    models: Vec<catalog_import::KnownModel>,
}

async fn lookups(db: &Db) -> sqlx::Result<Lookups> {
    Ok(Lookups {
        manufacturers: db::imports::manufacturers(db).await?,
        models: db::imports::known_models(db).await?,
    })
}

fn make_plan(
    a: &Analysis,
    l: &Lookups,
    existing: &HashMap<String, catalog_import::Existing>,
    choices: Choices,
) -> Plan {
    let matcher = ModelMatcher::new(&l.models);
    let defaults = Defaults::default();
    let mut validated = a.validated.clone();
    if !validated.blocking.is_empty() {
        validated.records.clear();
    }
    catalog_import::plan(
        &validated,
        &catalog_import::Catalog {
            existing,
            manufacturers: &l.manufacturers,
            models: &matcher,
            defaults: &defaults,
        },
        choices,
        &mut db::new_id,
    )
}

/// Runs the dry run for an import and stores what the preview page shows.
pub async fn preview(
    db: &Db,
    files: &FileStore,
    registry: &Registry,
    import: &ImportRow,
    choices: &PreviewChoices,
) -> Result<PreviewInfo, ImportError> {
    let file = db::files::get(db, &import.seller_id, &import.file_id)
        .await?
        .context("the import's file record is missing")?;
    let profile = db::imports::profile(db, &import.seller_id).await?;
    let a = analyse(
        files,
        &file,
        choices.sheet.clone(),
        choices.header_row,
        choices.columns.clone().unwrap_or_default(),
        profile,
        choices.scope,
    )
    .await?;
    let l = lookups(db).await?;
    let existing = db::imports::existing(db, &import.seller_id).await?;
    let plan_choices = Choices {
        scope: choices.scope,
        archive_missing: true,
        create_models: choices.create_models,
    };
    let plan = make_plan(&a, &l, &existing, plan_choices);
    let problems = all_problems(&a, &plan);
    let info = preview_info(&a, &plan, &problems, choices);
    let preview_json = serde_json::to_string(&info).context("encoding the preview")?;
    let mut o = outcome(&a, &plan, &problems, preview_json);
    // The archive count is shown as an option, not as something that will
    // happen unless chosen.
    o.archived_count = 0;
    db::imports::save_preview(db, &import.seller_id, &import.id, &o, &problems).await?;
    if a.validated.blocking.is_empty() {
        // The job reads the file again only if the choices change.
        let key = AnalysisKey {
            import_id: import.id.clone(),
            sheet: o.sheet,
            header_row: a.validated.header_row,
            mapping: o.mapping,
            scope: choices.scope,
        };
        registry.keep(key, Arc::new(a));
    }
    Ok(info)
}

fn preview_info(
    a: &Analysis,
    plan: &Plan,
    problems: &[Problem],
    choices: &PreviewChoices,
) -> PreviewInfo {
    let v = &a.validated;
    let columns = v
        .mapping
        .columns()
        .iter()
        .map(|c| ColumnInfo {
            index: c.index,
            letter: partsportal_importers::column_letter(c.index),
            header: c.header.clone(),
            field: c.field.map(|f| f.key().to_owned()),
            samples: v
                .sample_rows
                .iter()
                .filter_map(|r| r.cells.get(c.index))
                .filter_map(|cell| match cell {
                    partsportal_importers::Cell::Empty => None,
                    partsportal_importers::Cell::Error(e) => Some(e.clone()),
                    other => partsportal_importers::values::parse_text(other)
                        .ok()
                        .flatten(),
                })
                .take(3)
                .collect(),
        })
        .collect();
    let samples = plan
        .writes
        .iter()
        .take(10)
        .map(|w| SampleRow {
            row: w.row,
            action: if w.is_new { "new" } else { "update" }.to_owned(),
            part_number: w.values.part_number.clone(),
            name: w.values.name.clone(),
            price: money::format(w.values.price_minor, &w.values.currency),
            stock: w.values.stock,
            category: w.values.category.clone(),
            models: w.models.as_ref().map_or(0, Vec::len),
        })
        .collect();
    PreviewInfo {
        format: a.format.label().to_owned(),
        sheet_names: a.sheet_names.clone(),
        sheet: v.sheet.clone(),
        header_row: v.header_row,
        columns,
        blocking: v.blocking.iter().map(ToString::to_string).collect(),
        samples,
        new_manufacturers: plan
            .new_manufacturers
            .iter()
            .map(|m| m.name.clone())
            .collect(),
        new_models: plan.new_models.iter().map(|m| m.name.clone()).collect(),
        defaults: Defaults::default()
            .describe()
            .into_iter()
            .filter(|(f, _)| v.mapping.column_of(*f).is_none())
            .map(|(f, value)| (f.label().to_owned(), value))
            .collect(),
        would_archive: plan.archive.len(),
        archive_refused: plan.archive_refused.clone(),
        scope: choices.scope.key().to_owned(),
        create_models: choices.create_models,
        problems_total: problems.len() + (v.omitted.total() + plan.omitted.total()) as usize,
        errors_total: problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
            + v.omitted.errors as usize
            + plan.omitted.errors as usize,
    }
}

/// What the job needs from the application.
#[derive(Clone)]
pub struct JobContext {
    pub db: Db,
    pub files: FileStore,
    pub registry: Registry,
    pub index_wakeup: Arc<Notify>,
    /// Sleep between written chunks: zero except in the crash test.
    pub pause: Duration,
}

/// The result of a run.
#[derive(Debug, Clone)]
pub struct RunSummary {
    pub new: usize,
    pub updated: usize,
    pub unchanged: u32,
    pub invalid: u64,
    pub skipped: u32,
    pub archived: usize,
    pub warnings: usize,
}

impl RunSummary {
    /// Valid rows (written or unchanged).
    pub fn valid(&self) -> u64 {
        (self.new + self.updated) as u64 + u64::from(self.unchanged)
    }
}

/// Applies a queued import: reads the file again with the confirmed sheet,
/// header and mapping, then writes everything in one transaction (see
/// `db::imports::apply`). On failure the import is marked failed with the
/// reason and the catalog is unchanged.
pub async fn run(
    ctx: &JobContext,
    import_id: &str,
    actor: &db::imports::Actor<'_>,
    now: impl Fn() -> i64,
) -> anyhow::Result<RunSummary> {
    let result = run_inner(ctx, import_id, actor, &now).await;
    ctx.registry.remove(import_id);
    match result {
        Ok(summary) => {
            ctx.index_wakeup.notify_one();
            Ok(summary)
        }
        Err(e) => {
            tracing::warn!(import_id, error = %e, "import failed");
            let message = match e.downcast_ref::<ImportError>() {
                Some(ImportError::Unreadable(r)) => format!("the file could not be read: {r}"),
                _ => format!("the import stopped and nothing was changed: {e:#}"),
            };
            db::imports::fail(&ctx.db, import_id, &message, now()).await?;
            Err(e)
        }
    }
}

async fn run_inner(
    ctx: &JobContext,
    import_id: &str,
    actor: &db::imports::Actor<'_>,
    now: &impl Fn() -> i64,
) -> anyhow::Result<RunSummary> {
    let import = db::imports::get_any(&ctx.db, import_id)
        .await?
        .context("no such import")?;
    ctx.registry.set(import_id, |_| {});
    if !db::imports::start(&ctx.db, import_id, import.total_rows, now()).await? {
        anyhow::bail!("the import is not queued");
    }
    let file = db::files::get(&ctx.db, &import.seller_id, &import.file_id)
        .await?
        .context("the import's file record is missing")?;
    let scope = Scope::from_key(&import.scope).unwrap_or_default();
    let sheet = Some(import.sheet.clone()).filter(|s| !s.is_empty());
    let header_row = u32::try_from(import.header_row).ok().filter(|r| *r > 0);
    let key = AnalysisKey {
        import_id: import.id.clone(),
        sheet: import.sheet.clone(),
        header_row: header_row.unwrap_or(0),
        mapping: import.mapping.clone(),
        scope,
    };
    let a = match ctx.registry.take(&key) {
        Some(kept) => kept,
        None => Arc::new(
            analyse(
                &ctx.files,
                &file,
                sheet,
                header_row,
                import.columns(),
                Vec::new(),
                scope,
            )
            .await
            .map_err(anyhow::Error::from)?,
        ),
    };
    if let Some(first) = a.validated.blocking.first() {
        anyhow::bail!("{first}");
    }
    let l = lookups(&ctx.db).await?;
    let choices = Choices {
        scope,
        archive_missing: import.missing_parts == "archive",
        create_models: import.create_models,
    };
    let registry = ctx.registry.clone();
    let id = import_id.to_owned();
    let progress = move |done: u64, total: u64| {
        registry.set(&id, |live| {
            if live.phase != Phase::Writing {
                live.phase = Phase::Writing;
                live.writing_since = Some(Instant::now());
            }
            live.done = done;
            live.total = total;
        });
    };
    let mut refused: Option<String> = None;
    let plan = db::imports::apply(
        &ctx.db,
        import_id,
        &import.seller_id,
        actor,
        |existing| {
            let plan = make_plan(&a, &l, existing, choices);
            if choices.archive_missing {
                refused = plan.archive_refused.clone();
            }
            plan
        },
        &db::imports::Pace {
            report: &progress,
            pause: ctx.pause,
        },
        now(),
    )
    .await?;
    let mut problems = all_problems(&a, &plan);
    if let Some(reason) = refused {
        // The plan archived nothing; the result says why.
        problems.insert(
            0,
            Problem {
                sheet: a.validated.sheet.clone(),
                row: a.validated.header_row,
                column: None,
                header: None,
                value: None,
                message: format!("parts missing from the file were not archived: {reason}"),
                severity: Severity::Warning,
            },
        );
    }
    let o = outcome(&a, &plan, &problems, import.preview.clone());
    db::imports::finish(&ctx.db, import_id, &o, &problems, now()).await?;
    Ok(RunSummary {
        new: plan.new_count(),
        updated: plan.updated_count(),
        unchanged: plan.unchanged,
        invalid: o.invalid_count as u64,
        skipped: a.validated.skipped.all(),
        archived: plan.archive.len(),
        warnings: o.warning_count as usize,
    })
}

/// The error report of an import: the original rows that have problems,
/// with a "Problems" column, as .xlsx or .csv. The file is read again, so
/// the rows are exactly as uploaded.
pub async fn error_report(
    db: &Db,
    files: &FileStore,
    row: &ImportRow,
    xlsx: bool,
) -> anyhow::Result<Vec<u8>> {
    let file = db::files::get(db, &row.seller_id, &row.file_id)
        .await?
        .context("the import's file record is missing")?;
    let bytes = files.read(&file.stored_name).await?;
    let problems =
        db::imports::problems(db, &row.id, db::imports::MAX_STORED_PROBLEMS as i64).await?;
    let sheet_name = row.sheet.clone();
    let header_row = u32::try_from(row.header_row).unwrap_or(0);
    let name = file.original_name;
    tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<u8>> {
        let mut book = partsportal_importers::Workbook::open(&bytes, &name)?;
        let index = book
            .sheet_names()
            .iter()
            .position(|n| *n == sheet_name)
            .unwrap_or(0);
        // Only the header and the rows with problems are kept.
        let rows: std::collections::HashSet<u32> = problems.iter().map(|p| p.row).collect();
        let sheet = book.read_sheet_rows(index, |n| n == header_row || rows.contains(&n))?;
        Ok(if xlsx {
            partsportal_importers::report::report_xlsx(&sheet, header_row, &problems)?
        } else {
            partsportal_importers::report::report_csv(&sheet, header_row, &problems)
        })
    })
    .await
    .context("the report writer stopped")?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analysis() -> Arc<Analysis> {
        let csv = b"Part No.,Price\nA-1,10\n";
        Arc::new(
            analyse_blocking(
                csv.to_vec(),
                "a.csv".into(),
                None,
                None,
                Vec::new(),
                Vec::new(),
                Scope::Everything,
            )
            .unwrap(),
        )
    }

    fn key(import: &str, scope: Scope) -> AnalysisKey {
        AnalysisKey {
            import_id: import.into(),
            sheet: "a".into(),
            header_row: 1,
            mapping: "[[0,\"part_number\"],[1,\"unit_price\"]]".into(),
            scope,
        }
    }

    #[test]
    fn a_kept_analysis_serves_the_same_choices_once() {
        let registry = Registry::default();
        registry.keep(key("i1", Scope::Everything), analysis());
        assert!(registry.take(&key("i2", Scope::Everything)).is_none());
        assert!(registry.take(&key("i1", Scope::Everything)).is_some());
        assert!(
            registry.take(&key("i1", Scope::Everything)).is_none(),
            "taken once"
        );
    }

    #[test]
    fn other_choices_read_the_file_again() {
        let registry = Registry::default();
        registry.keep(key("i1", Scope::Everything), analysis());
        assert!(registry.take(&key("i1", Scope::PricesOnly)).is_none());
        assert!(
            registry.take(&key("i1", Scope::Everything)).is_none(),
            "a mismatch drops the kept analysis"
        );
    }

    #[test]
    fn only_the_latest_previews_are_kept() {
        let registry = Registry::default();
        for i in 0..=KEPT_ANALYSES {
            registry.keep(key(&format!("i{i}"), Scope::Everything), analysis());
        }
        assert!(registry.take(&key("i0", Scope::Everything)).is_none());
        assert!(
            registry
                .take(&key(&format!("i{KEPT_ANALYSES}"), Scope::Everything))
                .is_some()
        );
    }
}
