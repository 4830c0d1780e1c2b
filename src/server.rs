//! Startup and the commands: serve, demo, reindex, migrate.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use partsportal_index::Catalog;
use tokio::sync::Notify;

use crate::app::{AppState, WebConfig};
use crate::cli::{Cli, Command, Global, Serve};
use crate::clock::Clock;
use crate::db::{self, Db};
use crate::jobs::{index_sync, mail_sender};
use crate::mail::Mailer;

/// Sets up structured logs (`RUST_LOG` filters, default info).
pub fn init_tracing(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,tantivy=warn,sqlx=warn".into());
    let b = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    if format == "json" {
        b.json().init();
    } else {
        b.init();
    }
}

/// Runs the chosen command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let g = cli.global;
    match cli.command.unwrap_or(Command::Serve(Serve::default())) {
        Command::Serve(s) => serve(&g, &s).await,
        Command::Demo { parts } => demo(&g, parts).await,
        Command::Reindex => reindex(&g).await,
        Command::Import(i) => {
            let db = open_db(&g).await?;
            crate::import_cli::run(&db, &g.data_dir, &i).await
        }
        Command::Migrate => {
            let db = open_db(&g).await?;
            let n = db::migrate::run(&db).await?;
            println!("{n} migration(s) applied");
            Ok(())
        }
    }
}

async fn open_db(g: &Global) -> anyhow::Result<Db> {
    std::fs::create_dir_all(&g.data_dir)
        .with_context(|| format!("creating the data dir {}", g.data_dir.display()))?;
    let db = Db::connect(&g.database_url()).await?;
    db::migrate::run(&db).await.context("running migrations")?;
    Ok(db)
}

fn bar(len: u64, what: &str) -> ProgressBar {
    let pb = ProgressBar::new(len);
    let style =
        ProgressStyle::with_template("{msg:10} [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
    pb.set_style(style);
    pb.set_message(what.to_string());
    pb
}

async fn demo(g: &Global, parts: usize) -> anyhow::Result<()> {
    let db = open_db(g).await?;
    if db::catalog::count_parts(&db).await? > 0 {
        bail!(
            "the database already holds parts; use an empty --data-dir (or database) for a demo data set"
        );
    }
    let started = Instant::now();
    let pb = bar(parts as u64, "parts");
    db::demo_load::load(&db, parts, |n| pb.set_position(n as u64)).await?;
    pb.finish();
    println!(
        "loaded {parts} demo parts in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    let (catalog, _) = Catalog::open(&g.data_dir.join("index"))?;
    let catalog = Arc::new(catalog);
    reindex_with_bar(&db, &catalog).await?;
    db.close().await;
    Ok(())
}

async fn reindex_with_bar(db: &Db, catalog: &Arc<Catalog>) -> anyhow::Result<()> {
    let started = Instant::now();
    let pb = bar(db::catalog::count_parts(db).await? as u64, "indexing");
    let n = index_sync::rebuild(db, catalog, |done, _| pb.set_position(done)).await?;
    pb.finish();
    println!(
        "indexed {n} parts in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn reindex(g: &Global) -> anyhow::Result<()> {
    let db = open_db(g).await?;
    let (catalog, _) = Catalog::open(&g.data_dir.join("index"))
        .context("opening the index (is the server running? stop it first)")?;
    reindex_with_bar(&db, &Arc::new(catalog)).await?;
    db.close().await;
    Ok(())
}

/// Opens the database and index, seeds demo data into an empty database
/// (unless disabled) and brings the index up to date. Used by `serve` and by
/// tests.
pub async fn prepare(
    db: &Db,
    data_dir: &std::path::Path,
    demo_parts: Option<usize>,
) -> anyhow::Result<Arc<Catalog>> {
    if let Some(n) = demo_parts
        && db::catalog::count_parts(db).await? == 0
    {
        let started = Instant::now();
        tracing::info!(parts = n, "empty database: loading the demo catalog");
        db::demo_load::load(db, n, |_| {}).await?;
        tracing::info!(
            parts = n,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "demo catalog loaded"
        );
    }
    let (catalog, opened) =
        Catalog::open(&data_dir.join("index")).context("opening the search index")?;
    let catalog = Arc::new(catalog);
    index_sync::prepare(db, &catalog, opened).await?;
    Ok(catalog)
}

/// Work a stopped process left unfinished: imports that were queued or
/// running are failed (their transaction never committed, so the catalog is
/// as it was). Called by `serve` at startup, before any job starts.
pub async fn recover(db: &Db) -> anyhow::Result<()> {
    let failed = db::imports::fail_interrupted(db, db::now_ms()).await?;
    if failed > 0 {
        tracing::warn!(
            failed,
            "imports interrupted by the last shutdown were marked failed"
        );
    }
    Ok(())
}

async fn serve(g: &Global, s: &Serve) -> anyhow::Result<()> {
    // Before anything slow: a bad mail setting stops startup at once.
    let mailer = Mailer::from_config(&s.mail_config(), &g.data_dir).context("configuring mail")?;
    let demo_users = !s.no_demo && !s.no_demo_users;
    if demo_users && !s.listen.ip().is_loopback() {
        bail!(
            "demo users have a published password, so demo mode listens only on a loopback address; \
             pass --no-demo-users (or --no-demo) to listen on {}",
            s.listen
        );
    }
    let db = open_db(g).await?;
    recover(&db).await?;
    let catalog = prepare(&db, &g.data_dir, (!s.no_demo).then_some(s.demo_parts)).await?;
    let wakeup = Arc::new(Notify::new());
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let sync = tokio::spawn(index_sync::run(
        db.clone(),
        catalog.clone(),
        wakeup.clone(),
        stop_rx.clone(),
    ));
    let demo_logins = if demo_users {
        crate::demo::users::ensure(&db, db::now_ms()).await?
    } else {
        Vec::new()
    };
    if !s.no_demo {
        crate::demo::purchasing::ensure(&db, db::now_ms())
            .await
            .context("setting up demo addresses, seller settings and terms")?;
    }
    let config = WebConfig {
        public_url: s
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", s.listen)),
        tls: s.tls,
        session_idle: Duration::from_secs(s.session_idle_minutes.max(1) * 60),
        session_absolute: Duration::from_secs(s.session_absolute_hours.max(1) * 3600),
        demo_users,
        demo_logins,
        data_dir: g.data_dir.clone(),
        import_pause: Duration::ZERO,
    };
    let config_logins = config.demo_logins.clone();
    let mail_wakeup = Arc::new(Notify::new());
    let clock = Clock::default();
    tracing::info!(backend = %mailer.describe(), "outgoing mail");
    let mail_job = tokio::spawn(mail_sender::run(
        db.clone(),
        mailer,
        clock.clone(),
        mail_wakeup.clone(),
        stop_rx.clone(),
    ));
    let purge_job = tokio::spawn(crate::jobs::session_purge::run(
        db.clone(),
        clock.clone(),
        config.session_idle,
        config.session_absolute,
        stop_rx,
    ));
    let state = AppState::new(db.clone(), catalog, wakeup, config, clock, mail_wakeup);
    let app = crate::build_router(state);
    let listener = tokio::net::TcpListener::bind(s.listen)
        .await
        .with_context(|| format!("listening on {}", s.listen))?;
    println!(
        "partsportal is running on http://{}",
        listener.local_addr()?
    );
    if !config_logins.is_empty() {
        println!(
            "  demo logins (password {}):",
            crate::demo::users::DEMO_PASSWORD
        );
        for (email, _, role, org) in &config_logins {
            println!("    {email:<42} {role:<20} {org}");
        }
    }
    println!(
        "  {} parts searchable; press Ctrl-C to stop",
        db::catalog::count_parts(&db).await?
    );
    // With the peer address, so per-address rate limits and the audit log
    // see the client (without it every request would share one address).
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down");
    })
    .await?;
    let _ = stop_tx.send(true);
    let _ = sync.await;
    let _ = mail_job.await;
    let _ = purge_job.await;
    db.close().await;
    Ok(())
}
