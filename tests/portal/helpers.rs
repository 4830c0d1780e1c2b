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
    pub demo_logins: Vec<partsportal::demo::users::Login>,
    pub dir: tempfile::TempDir,
    /// The database URL, for running the binary against the same database.
    pub url: String,
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
    spawn_app_with(engine, |_| {}).await
}

/// `spawn_app` with changed web settings (TLS, timeouts).
pub async fn spawn_app_with(engine: Engine, configure: impl FnOnce(&mut WebConfig)) -> TestApp {
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
    let demo_logins = partsportal::demo::users::ensure(&db, clock.now_ms())
        .await
        .expect("demo users");
    let mut config = WebConfig {
        demo_users: true,
        demo_logins: demo_logins.clone(),
        data_dir: dir.path().to_path_buf(),
        ..WebConfig::default()
    };
    configure(&mut config);
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
        demo_logins,
        dir,
        url,
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
    /// The demo logins: (email, name, role, organization).
    pub fn config_logins(&self) -> Vec<partsportal::demo::users::Login> {
        self.demo_logins.clone()
    }

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

/// A browser-like client: keeps cookies, sends the site's Origin, and
/// fills in the CSRF token of the last page it saw.
pub struct Client<'a> {
    pub app: &'a TestApp,
    pub cookies: std::collections::BTreeMap<String, String>,
    pub csrf: String,
}

/// The site's own origin, as a browser on the portal sends it.
pub const ORIGIN: &str = "http://127.0.0.1:8080";

impl<'a> Client<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Client {
            app,
            cookies: Default::default(),
            csrf: String::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn send(&mut self, req: Request<Body>) -> Resp {
        let resp = self
            .app
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("response");
        for v in resp.headers().get_all("set-cookie") {
            let v = v.to_str().expect("cookie");
            let (kv, attrs) = v.split_once(';').unwrap_or((v, ""));
            let (k, val) = kv.split_once('=').expect("cookie kv");
            if val.is_empty() || attrs.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), val.to_string());
            }
        }
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        let r = Resp {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        };
        if let Some(t) = attrs(&r.html(), "input[name=_csrf]", "value")
            .into_iter()
            .next()
        {
            self.csrf = t;
        }
        r
    }

    pub async fn get(&mut self, uri: &str) -> Resp {
        let req = Request::builder()
            .uri(uri)
            .header("cookie", self.cookie_header())
            .body(Body::empty())
            .expect("request");
        self.send(req).await
    }

    /// Posts a form with the current CSRF token and the site's Origin.
    pub async fn post(&mut self, uri: &str, fields: &[(&str, &str)]) -> Resp {
        let mut all: Vec<(&str, &str)> = vec![("_csrf", &self.csrf)];
        all.extend_from_slice(fields);
        let body = serde_urlencoded::to_string(&all).expect("form");
        self.post_raw(uri, &body, Some(ORIGIN)).await
    }

    /// Posts a raw form body with the given Origin (or none).
    pub async fn post_raw(&mut self, uri: &str, body: &str, origin: Option<&str>) -> Resp {
        let mut b = Request::builder()
            .method("POST")
            .uri(uri)
            .header("cookie", self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded");
        if let Some(o) = origin {
            b = b.header("origin", o);
        }
        self.send(b.body(Body::from(body.to_string())).expect("request"))
            .await
    }

    /// Posts a multipart form as a browser does: the CSRF token in the URL
    /// (the CSRF layer does not read multipart bodies), the site's Origin.
    /// Each part is (name, file name if a file, bytes).
    pub async fn post_multipart(
        &mut self,
        uri: &str,
        parts: &[(&str, Option<&str>, &[u8])],
    ) -> Resp {
        let boundary = "----partsportal-test-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (name, file_name, bytes) in parts {
            let disposition = match file_name {
                Some(f) => format!(
                    "form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream"
                ),
                None => format!("form-data; name=\"{name}\""),
            };
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n").as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let sep = if uri.contains('?') { '&' } else { '?' };
        let req = Request::builder()
            .method("POST")
            .uri(format!(
                "{uri}{sep}{}",
                serde_urlencoded::to_string([("_csrf", &self.csrf)]).expect("query")
            ))
            .header("cookie", self.cookie_header())
            .header("origin", ORIGIN)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .expect("request");
        self.send(req).await
    }

    /// Logs in through the login form; panics unless it redirects.
    pub async fn login(&mut self, email: &str, password: &str) -> Resp {
        self.get("/login").await;
        let r = self
            .post("/login", &[("email", email), ("password", password)])
            .await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "login of {email} failed: {}",
            r.body
        );
        r
    }
}

/// A client signed in as `email` (a demo login), with a page loaded for the
/// new session's CSRF token.
pub async fn signed_in<'a>(app: &'a TestApp, email: &str) -> Client<'a> {
    let mut c = Client::new(app);
    c.login(email, partsportal::demo::users::DEMO_PASSWORD)
        .await;
    c.get("/").await;
    c
}

/// The organization of the user `email`.
pub async fn org_of(app: &TestApp, email: &str) -> String {
    partsportal::db::users::by_email(&app.db, email)
        .await
        .expect("user lookup")
        .expect("a user with this email")
        .org_id
}
