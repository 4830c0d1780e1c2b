//! Keeps the tantivy index in step with the database.
//!
//! The database is the source of truth. Every catalog write adds an
//! `index_outbox` row in its own transaction; this task applies the rows in
//! sequence order, in batches, commits with the last applied sequence as the
//! commit payload, and reloads the reader, so a committed change is
//! searchable well within a second. On startup it catches up from the
//! recorded position, or rebuilds the whole index when it is missing,
//! unreadable or out of step with the database.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use partsportal_index::{Catalog, Opened};
use tokio::sync::Notify;

use crate::db::{self, Db};

/// How often the task looks for work when nobody wakes it.
const POLL: Duration = Duration::from_millis(200);
/// Outbox rows applied per commit, at most. A single edit still commits on
/// its own; a 100,000-row import is applied in 10 commits instead of 50,
/// each commit costing a reader reload and the facet-array warm-up (with
/// 2,000 the catch-up after such an import took 11.5 s, half the budget).
const BATCH: i64 = 10_000;
/// Parts read from the database per step of a rebuild.
const REBUILD_BATCH: i64 = 5_000;

/// Rebuilds the index from the database. `progress(done, total)` is called
/// after each batch. Returns the number of parts indexed.
///
/// Parts are read by category, then maker (`db::catalog::index_batch`),
/// and the index keeps them in that order: parts matched together sit
/// together, which made the 1M-part search mix about 1.6 times as fast as
/// reading them by id. Later edits are appended, so the order wears off
/// slowly until the next rebuild.
pub async fn rebuild(
    db: &Db,
    catalog: &Arc<Catalog>,
    progress: impl Fn(u64, u64),
) -> anyhow::Result<u64> {
    // Changes committed after this point are applied by the sync loop, which
    // resumes from here; applying a change twice is harmless.
    let head = db::outbox::head(db)
        .await
        .context("reading the outbox head")?;
    let total = db::catalog::count_parts(db).await? as u64;
    let models = db::catalog::model_refs(db).await?;
    let c = catalog.clone();
    tokio::task::spawn_blocking(move || c.clear()).await??;
    // Reading the next batch overlaps with indexing the last one.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<(Vec<partsportal_index::PartDoc>, usize)>(2);
    let read = async move {
        let mut after = db::catalog::RebuildCursor::default();
        loop {
            let (docs, removed, last) =
                db::catalog::index_batch(db, &models, &after, REBUILD_BATCH)
                    .await
                    .context("reading parts")?;
            let Some(last) = last else { break };
            let n = docs.len() + removed.len();
            if tx.send((docs, n)).await.is_err() {
                break;
            }
            after = last;
        }
        anyhow::Ok(())
    };
    let write = async {
        let mut done = 0u64;
        while let Some((docs, n)) = rx.recv().await {
            let c = catalog.clone();
            tokio::task::spawn_blocking(move || c.add_new(&docs)).await??;
            done += n as u64;
            progress(done, total);
        }
        anyhow::Ok(())
    };
    tokio::try_join!(read, write)?;
    let c = catalog.clone();
    tokio::task::spawn_blocking(move || c.commit(head.max(0) as u64)).await??;
    Ok(catalog.num_parts())
}

/// Decides at startup whether the index can be caught up or must be rebuilt,
/// and does it.
pub async fn prepare(db: &Db, catalog: &Arc<Catalog>, opened: Opened) -> anyhow::Result<()> {
    let head = db::outbox::head(db).await?;
    let position = catalog.position()?;
    let parts = db::catalog::count_parts(db).await?;
    let reason = match (opened, position) {
        (Opened::Created, _) => {
            Some("the index was missing, unreadable or built with other settings")
        }
        (_, None) => Some("the index has no recorded position"),
        (_, Some(p)) if p as i64 > head => {
            Some("the index is ahead of the database (database replaced?)")
        }
        (_, Some(_)) if catalog.num_parts() == 0 && parts > 0 => Some("the index is empty"),
        _ => None,
    };
    if let Some(reason) = reason {
        tracing::warn!(
            reason,
            parts,
            "rebuilding the search index from the database"
        );
        let started = std::time::Instant::now();
        let n = rebuild(db, catalog, |_, _| {}).await?;
        tracing::info!(
            parts = n,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "search index rebuilt"
        );
    } else {
        let applied = catch_up(db, catalog).await?;
        tracing::info!(applied, position = ?catalog.position()?, "search index caught up");
    }
    Ok(())
}

/// Applies every pending outbox row. Returns how many rows were applied.
pub async fn catch_up(db: &Db, catalog: &Arc<Catalog>) -> anyhow::Result<usize> {
    apply_pending(db, catalog).await
}

/// Outbox rows read and turned into index changes, ready to apply.
struct Batch {
    /// Outbox rows it covers.
    rows: usize,
    /// The last outbox sequence number it covers.
    last: i64,
    docs: Vec<partsportal_index::PartDoc>,
    deletes: Vec<String>,
}

/// Reads the outbox rows after `position` (up to [`BATCH`]) and the current
/// rows of the parts they name. `None` when nothing is pending.
async fn read_batch(db: &Db, position: i64) -> anyhow::Result<Option<Batch>> {
    let rows = db::outbox::after(db, position, BATCH).await?;
    let Some(last) = rows.last().map(|r| r.seq) else {
        return Ok(None);
    };
    // The last operation on a part wins; an upsert reads the part's current row.
    let mut latest: HashMap<&str, &str> = HashMap::new();
    for r in &rows {
        latest.insert(r.part_id.as_str(), r.op.as_str());
    }
    let upserts: Vec<String> = latest
        .iter()
        .filter(|(_, op)| **op == "upsert")
        .map(|(id, _)| (*id).to_string())
        .collect();
    let mut deletes: Vec<String> = latest
        .iter()
        .filter(|(_, op)| **op == "delete")
        .map(|(id, _)| (*id).to_string())
        .collect();
    let (docs, removed) = if upserts.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        // Read per batch: models may have been added, and the table is small.
        let models = db::catalog::model_refs(db).await?;
        db::catalog::index_docs_for(db, &models, &upserts).await?
    };
    deletes.extend(removed);
    Ok(Some(Batch {
        rows: rows.len(),
        last,
        docs,
        deletes,
    }))
}

/// Applies one batch to the index and commits it with its position.
async fn apply(catalog: &Arc<Catalog>, batch: Batch) -> anyhow::Result<()> {
    let c = catalog.clone();
    tokio::task::spawn_blocking(move || -> partsportal_index::Result<()> {
        c.delete(&batch.deletes)?;
        c.upsert(&batch.docs)?;
        c.commit(batch.last as u64)
    })
    .await??;
    Ok(())
}

/// Applies pending outbox rows until there are none, reading each batch
/// from the database while the one before it is being indexed: after a
/// large import, reading and indexing take about as long as each other.
/// Returns how many outbox rows were applied.
async fn apply_pending(db: &Db, catalog: &Arc<Catalog>) -> anyhow::Result<usize> {
    let position = catalog.position()?.unwrap_or(0) as i64;
    let mut next = read_batch(db, position).await?;
    let mut applied = 0;
    while let Some(batch) = next {
        let (rows, last) = (batch.rows, batch.last);
        let (done, following) = tokio::join!(apply(catalog, batch), read_batch(db, last));
        done?;
        db::outbox::prune(db, last).await?;
        applied += rows;
        next = following?;
    }
    Ok(applied)
}

/// The sync loop: wakes on `wakeup` or every 200 ms, applies what is pending.
/// Errors are logged and retried after a pause; the loop ends with `shutdown`.
pub async fn run(
    db: Db,
    catalog: Arc<Catalog>,
    wakeup: Arc<Notify>,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        match apply_pending(&db, &catalog).await {
            Ok(_) => {}
            Err(e) => {
                tracing::error!(error = format!("{e:#}"), "index sync failed; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
        tokio::select! {
            _ = wakeup.notified() => {}
            _ = tokio::time::sleep(POLL) => {}
            _ = shutdown.changed() => return,
        }
    }
}
