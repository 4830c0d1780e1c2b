//! Errors of the index crate.

/// What can go wrong in the index.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// tantivy failed.
    #[error("index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// A file could not be read or written.
    #[error("index i/o: {0}")]
    Io(#[from] std::io::Error),
    /// The index directory could not be opened.
    #[error("cannot open index directory: {0}")]
    Open(String),
    /// A stored document could not be decoded.
    #[error("corrupt stored document: {0}")]
    Corrupt(String),
    /// A writer thread panicked while holding the lock.
    #[error("index writer lock poisoned")]
    Poisoned,
}

/// Result with the index crate's error.
pub type Result<T> = std::result::Result<T, Error>;
