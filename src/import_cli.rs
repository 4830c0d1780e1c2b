//! `partsportal import FILE --seller SELLER`: the portal's import from the
//! command line, with the same preview, checks, mapping profile and job.
//!
//! Exits non-zero when the file is unreadable, and (without `--dry-run`)
//! when nothing valid could be applied. The index is brought up to date by
//! the running portal from the outbox, or by the next start.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use partsportal_importers::records::Scope;
use partsportal_importers::{Field, Problem, Severity};

use crate::cli::Import;
use crate::db::{self, Db};
use crate::files::FileStore;
use crate::jobs::import::{self, ImportError, JobContext, PreviewChoices, Registry};

/// How many problems the summary prints.
const PROBLEMS_PRINTED: i64 = 20;

async fn seller_id(db: &Db, seller: &str) -> anyhow::Result<(String, String)> {
    let orgs = db::admin::org_names(db).await?;
    let wanted = seller.trim();
    let found = orgs.iter().find(|(id, _)| id == wanted).or_else(|| {
        orgs.iter()
            .find(|(_, name)| name.eq_ignore_ascii_case(wanted))
    });
    let Some((id, name)) = found else {
        bail!("no organization has the id or name “{wanted}”");
    };
    let org = db::catalog::org(db, id)
        .await?
        .context("organization vanished")?;
    if !crate::domain::is_seller_kind(&org.kind) {
        bail!("“{name}” is a {} and does not sell parts", org.kind);
    }
    Ok((id.clone(), name.clone()))
}

fn print_problems(problems: &[Problem], total: i64) {
    for p in problems {
        let tag = if p.severity == Severity::Error {
            "error  "
        } else {
            "warning"
        };
        println!("  {tag} {p}");
    }
    let more = total - problems.len() as i64;
    if total > db::imports::MAX_STORED_PROBLEMS as i64 {
        println!(
            "  … and {more} more (the report holds the first {})",
            db::imports::MAX_STORED_PROBLEMS
        );
    } else if more > 0 {
        println!("  … and {more} more (see --report)");
    }
}

/// Runs the command.
pub async fn run(db: &Db, data_dir: &Path, args: &Import) -> anyhow::Result<()> {
    let (seller, seller_name) = seller_id(db, &args.seller).await?;
    let bytes = tokio::fs::read(&args.file)
        .await
        .with_context(|| format!("reading {}", args.file.display()))?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "import".into());
    if bytes.len() > partsportal_importers::MAX_FILE_BYTES {
        bail!(
            "{name} is {:.1} MB; files can be up to {} MB",
            bytes.len() as f64 / (1024.0 * 1024.0),
            partsportal_importers::MAX_FILE_BYTES / (1024 * 1024)
        );
    }
    let format = partsportal_importers::detect_format(&bytes, &name)
        .map_err(|e| anyhow::anyhow!("{name} cannot be imported: {e}"))?;
    let scope = Scope::from_key(&args.scope).unwrap_or_default();
    let files = FileStore::new(data_dir);
    let now = db::now_ms();
    let stored = files
        .save(&bytes, format.extension())
        .await
        .context("storing the file")?;
    let file_id = db::files::insert(
        db,
        &db::files::NewFile {
            org_id: &seller,
            purpose: "import",
            original_name: &name,
            content_type: format.mime(),
            stored: &stored,
            created_by: None,
        },
        now,
    )
    .await?;
    let id = db::imports::create(
        db,
        &db::imports::NewImport {
            seller_id: &seller,
            created_by: None,
            file_id: &file_id,
            file_name: &name,
            format: format.label(),
        },
        now,
    )
    .await?;
    let row = db::imports::get(db, &seller, &id)
        .await?
        .context("import vanished")?;
    let started = Instant::now();
    let registry = Registry::default();
    let info = match import::preview(
        db,
        &files,
        &registry,
        &row,
        &PreviewChoices {
            sheet: args.sheet.clone(),
            scope,
            create_models: args.create_models,
            ..PreviewChoices::default()
        },
    )
    .await
    {
        Ok(info) => info,
        Err(ImportError::Unreadable(e)) => bail!("{name} cannot be read: {e}"),
        Err(ImportError::Other(e)) => return Err(e),
    };
    let row = db::imports::get(db, &seller, &id)
        .await?
        .context("import vanished")?;
    println!("{name}: {} for {seller_name}", info.format);
    println!(
        "sheet “{}”, header on row {} ({:.1} s to read and check)",
        info.sheet,
        info.header_row,
        started.elapsed().as_secs_f64()
    );
    for c in &info.columns {
        let field = c
            .field
            .as_deref()
            .and_then(Field::from_key)
            .map_or("(not imported)", Field::label);
        println!("  {:>3} {:<28} → {field}", c.letter, c.header);
    }
    println!(
        "{} rows: {} new, {} updated, {} unchanged, {} invalid, {} skipped, {} warnings",
        row.total_rows,
        row.new_count,
        row.updated_count,
        row.unchanged_count,
        row.invalid_count,
        row.skipped_count,
        row.warning_count
    );
    // Counted in the preview, past the problems the import keeps.
    let total_problems = i64::try_from(info.problems_total).unwrap_or(i64::MAX);
    let problems = db::imports::problems(db, &id, PROBLEMS_PRINTED).await?;
    print_problems(&problems, total_problems);
    if let Some(out) = &args.report {
        write_report(db, &files, &row, out).await?;
        println!("report written to {}", out.display());
    }
    if let Some(first) = info.blocking.first() {
        bail!("the file cannot be imported: {first}");
    }
    if args.dry_run {
        println!("dry run: nothing was changed");
        return Ok(());
    }
    if row.new_count + row.updated_count == 0 {
        if row.unchanged_count > 0 {
            println!("nothing to change: every valid row matches the catalog");
            return Ok(());
        }
        bail!("no valid row to apply");
    }
    if args.archive_missing
        && let Some(reason) = &info.archive_refused
    {
        bail!("parts cannot be archived: {reason}");
    }
    let confirm = db::imports::Confirm {
        scope: scope.key(),
        missing_parts: if args.archive_missing {
            "archive"
        } else {
            "keep"
        },
        create_models: args.create_models,
    };
    match db::imports::queue(db, &seller, &id, &confirm, db::now_ms()).await? {
        Ok(()) => {}
        Err(db::imports::QueueRefused::AnotherRunning) => {
            bail!("another import is running for {seller_name}; wait for it to finish")
        }
        Err(db::imports::QueueRefused::NotPreviewed) => bail!("the import is no longer waiting"),
    }
    let ctx = JobContext {
        db: db.clone(),
        files: files.clone(),
        registry: registry.clone(),
        index_wakeup: std::sync::Arc::new(tokio::sync::Notify::new()),
        pause: Duration::from_millis(args.pause_ms),
    };
    let pb = indicatif::ProgressBar::new(0);
    pb.set_style(
        indicatif::ProgressStyle::with_template(
            "{msg:10} [{bar:40}] {pos}/{len} rows ({per_sec}, {eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    pb.set_message("importing");
    let watch = {
        let pb = pb.clone();
        let registry = registry.clone();
        let id = id.clone();
        tokio::spawn(async move {
            loop {
                if let Some(live) = registry.get(&id) {
                    pb.set_length(live.total);
                    pb.set_position(live.done);
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
    };
    let actor = db::imports::Actor {
        user_id: None,
        label: "command line",
        ip: "",
        request_id: "cli",
    };
    let started = Instant::now();
    let result = import::run(&ctx, &id, &actor, db::now_ms).await;
    watch.abort();
    pb.finish_and_clear();
    let summary = result?;
    println!(
        "imported in {:.1} s: {} new, {} updated, {} unchanged, {} archived, {} invalid rows left out",
        started.elapsed().as_secs_f64(),
        summary.new,
        summary.updated,
        summary.unchanged,
        summary.archived,
        summary.invalid
    );
    println!(
        "the running portal makes the changes searchable within seconds; a stopped one catches up when it starts"
    );
    if summary.valid() == 0 {
        bail!("nothing valid could be applied");
    }
    Ok(())
}

async fn write_report(
    db: &Db,
    files: &FileStore,
    row: &db::imports::ImportRow,
    out: &Path,
) -> anyhow::Result<()> {
    let xlsx = !out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let body = import::error_report(db, files, row, xlsx).await?;
    tokio::fs::write(out, body)
        .await
        .with_context(|| format!("writing {}", out.display()))
}
