//! Shared application state, handed to handlers with `State`.

use std::sync::Arc;

use partsportal_index::Catalog;
use tokio::sync::Notify;

use crate::assets::Assets;
use crate::db::Db;

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
}

impl AppState {
    /// Builds the state.
    pub fn new(db: Db, catalog: Arc<Catalog>, index_wakeup: Arc<Notify>) -> AppState {
        AppState(Arc::new(Inner {
            db,
            catalog,
            index_wakeup,
            assets: Assets::new(),
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
