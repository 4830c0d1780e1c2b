//! Test harness: a fresh database (SQLite temp file, or a fresh PostgreSQL
//! database when `PARTSPORTAL_TEST_POSTGRES_URL` is set), a temp data dir, a
//! small demo catalog, the index sync task and the router.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use partsportal::app::{AppState, WebConfig};
use partsportal::clock::Clock;
use partsportal::db::Db;
use partsportal_index::Catalog;
use tokio::sync::Notify;
use tower::ServiceExt;

/// Parts in the test catalog: enough for facets and paging, quick to build.
pub const TEST_PARTS: usize = 400;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The engines to run on: SQLite always, PostgreSQL when configured. Under
/// CI=true a missing PostgreSQL URL is a failure, never a silent skip.
pub fn engines() -> Vec<Engine> {
    let mut out = vec![Engine::Sqlite];
    match std::env::var("PARTSPORTAL_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => out.push(Engine::Postgres),
        _ if std::env::var("CI").as_deref() == Ok("true") => panic!(
            "CI=true but PARTSPORTAL_TEST_POSTGRES_URL is not set: the suite must run on PostgreSQL too"
        ),
        _ => eprintln!("PARTSPORTAL_TEST_POSTGRES_URL not set: running on SQLite only"),
    }
    out
}

pub struct TestApp {
    pub router: Router,
    pub db: Db,
    pub catalog: Arc<Catalog>,
    pub wakeup: Arc<Notify>,
    pub clock: Clock,
    pub mail_wakeup: Arc<Notify>,
    pub dir: tempfile::TempDir,
    stop: tokio::sync::watch::Sender<bool>,
    pg_admin: Option<(String, String)>,
}

async fn fresh_postgres() -> (String, String, String) {
    let base = std::env::var("PARTSPORTAL_TEST_POSTGRES_URL").expect("postgres url");
    let name = format!("pp_test_{}", uuid::Uuid::new_v4().simple());
    let admin = sqlx::PgPool::connect(&base)
        .await
        .expect("connect to postgres");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin)
        .await
        .expect("create database");
    admin.close().await;
    let (prefix, _) = base.rsplit_once('/').expect("database url has a path");
    (format!("{prefix}/{name}"), base, name)
}

pub async fn spawn_app(engine: Engine) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, pg_admin) = match engine {
        Engine::Sqlite => (Db::sqlite_url(dir.path()), None),
        Engine::Postgres => {
            let (url, base, name) = fresh_postgres().await;
            (url, Some((base, name)))
        }
    };
    let db = Db::connect(&url).await.expect("connect");
    partsportal::db::migrate::run(&db).await.expect("migrate");
    let catalog = partsportal::server::prepare(&db, dir.path(), Some(TEST_PARTS))
        .await
        .expect("prepare");
    let wakeup = Arc::new(Notify::new());
    let (stop, stop_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(partsportal::jobs::index_sync::run(
        db.clone(),
        catalog.clone(),
        wakeup.clone(),
        stop_rx,
    ));
    let clock = Clock::default();
    let mail_wakeup = Arc::new(Notify::new());
    let config = WebConfig {
        demo_users: true,
        ..WebConfig::default()
    };
    let router = partsportal::build_router(AppState::new(
        db.clone(),
        catalog.clone(),
        wakeup.clone(),
        config,
        clock.clone(),
        mail_wakeup.clone(),
    ));
    TestApp {
        router,
        db,
        catalog,
        wakeup,
        clock,
        mail_wakeup,
        dir,
        stop,
        pg_admin,
    }
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn html(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.body)
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// Texts of the elements matching a CSS selector.
pub fn texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// An attribute of the elements matching a CSS selector.
pub fn attrs(doc: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

impl TestApp {
    pub async fn get(&self, uri: &str) -> Resp {
        let req = Request::builder()
            .uri(uri)
            .body(Body::empty())
            .expect("request");
        let resp = self.router.clone().oneshot(req).await.expect("response");
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        Resp {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// Polls `check` until it holds or `timeout` passes; returns whether it held.
    pub async fn eventually<F, Fut>(&self, timeout: Duration, mut check: F) -> bool
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if check().await {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        false
    }

    pub async fn cleanup(self) {
        let _ = self.stop.send(true);
        self.db.close().await;
        if let Some((base, name)) = self.pg_admin
            && let Ok(admin) = sqlx::PgPool::connect(&base).await
        {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&admin)
            .await;
            admin.close().await;
        }
    }
}
