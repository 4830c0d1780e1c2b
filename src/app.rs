//! Shared application state, handed to handlers with `State`.

use std::sync::Arc;
use std::time::Duration;

use partsportal_index::Catalog;
use tokio::sync::Notify;

use crate::assets::Assets;
use crate::clock::Clock;
use crate::db::Db;

/// How the web layer behaves: read once at startup from the CLI.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The address users reach the portal at, for links in mail
    /// ("http://127.0.0.1:8080").
    pub public_url: String,
    /// Served over TLS (directly or behind a proxy): cookies get `Secure`
    /// and responses get HSTS.
    pub tls: bool,
    /// A session ends after this long without a request.
    pub session_idle: Duration,
    /// A session ends this long after login, however active.
    pub session_absolute: Duration,
    /// The demo users exist and are listed on the home page.
    pub demo_users: bool,
    /// The demo logins (email, name, role, organization) to list.
    pub demo_logins: Vec<crate::demo::users::Login>,
    /// The data directory: uploaded files live in its `files/`.
    pub data_dir: std::path::PathBuf,
    /// A pause between the chunks an import writes: zero in production;
    /// tests that watch the progress bar slow imports down with it.
    pub import_pause: Duration,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            public_url: "http://127.0.0.1:8080".into(),
            tls: false,
            session_idle: Duration::from_secs(30 * 60),
            session_absolute: Duration::from_secs(12 * 3600),
            demo_users: false,
            demo_logins: Vec::new(),
            data_dir: std::path::PathBuf::from("data"),
            import_pause: Duration::ZERO,
        }
    }
}

/// Everything a request handler may use. Cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// The state behind the `Arc`.
pub struct Inner {
    /// The database.
    pub db: Db,
    /// The search index.
    pub catalog: Arc<Catalog>,
    /// Wakes the index sync task after a local catalog write.
    pub index_wakeup: Arc<Notify>,
    /// Embedded, content-hashed static files.
    pub assets: Assets,
    /// Web settings.
    pub config: WebConfig,
    /// The time; tests move it forward.
    pub clock: Clock,
    /// Wakes the mail sender after a transaction queued mail.
    pub mail_wakeup: Arc<Notify>,
    /// Uploaded files.
    pub files: crate::files::FileStore,
    /// Progress of the imports running in this process.
    pub imports: crate::jobs::import::Registry,
    /// Picture uploads decoded at once: each may take a few hundred MB
    /// while it is processed, so uploads beyond this wait their turn.
    pub image_permits: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// Builds the state.
    pub fn new(
        db: Db,
        catalog: Arc<Catalog>,
        index_wakeup: Arc<Notify>,
        config: WebConfig,
        clock: Clock,
        mail_wakeup: Arc<Notify>,
    ) -> AppState {
        AppState(Arc::new(Inner {
            db,
            catalog,
            index_wakeup,
            assets: Assets::new(),
            files: crate::files::FileStore::new(&config.data_dir),
            imports: crate::jobs::import::Registry::default(),
            image_permits: Arc::new(tokio::sync::Semaphore::new(2)),
            config,
            clock,
            mail_wakeup,
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
