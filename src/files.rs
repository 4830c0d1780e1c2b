//! Uploaded files on disk: `<data-dir>/files/<stored name>`, with generated
//! names so nothing the uploader typed reaches a path. The database keeps the
//! original name, the size, the type read from the content and a SHA-256
//! digest (see `db::files`).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Where uploaded files are kept.
#[derive(Debug, Clone)]
pub struct FileStore {
    dir: PathBuf,
}

/// A file written to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The generated file name inside the store.
    pub stored_name: String,
    /// Hex SHA-256 of the content.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
}

impl FileStore {
    /// The store under `data_dir`.
    pub fn new(data_dir: &Path) -> FileStore {
        FileStore {
            dir: data_dir.join("files"),
        }
    }

    /// Writes `bytes` under a new name ending in `.ext` (letters and digits
    /// only) and returns it. The write goes to a temporary name first and is
    /// renamed into place, so a crash never leaves a half-written file under
    /// a name the database points at.
    pub async fn save(&self, bytes: &[u8], ext: &str) -> std::io::Result<Stored> {
        tokio::fs::create_dir_all(&self.dir).await?;
        let ext: String = ext
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(8)
            .collect();
        let stored_name = format!(
            "{}.{}",
            uuid::Uuid::now_v7().simple(),
            ext.to_ascii_lowercase()
        );
        let tmp = self.dir.join(format!(".{stored_name}.part"));
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(&tmp, self.dir.join(&stored_name)).await?;
        Ok(Stored {
            stored_name,
            sha256: hex::encode(Sha256::digest(bytes)),
            size: bytes.len() as u64,
        })
    }

    /// The path of a stored file, or `None` for a name the store never
    /// generates (anything with a path separator or a leading dot).
    pub fn path(&self, stored_name: &str) -> Option<PathBuf> {
        let safe = !stored_name.is_empty()
            && !stored_name.starts_with('.')
            && stored_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_');
        safe.then(|| self.dir.join(stored_name))
    }

    /// Removes a stored file; one already gone is not an error.
    pub async fn remove(&self, stored_name: &str) -> std::io::Result<()> {
        let Some(path) = self.path(stored_name) else {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a stored file name",
            ));
        };
        match tokio::fs::remove_file(path).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Reads a stored file.
    pub async fn read(&self, stored_name: &str) -> std::io::Result<Vec<u8>> {
        match self.path(stored_name) {
            Some(path) => tokio::fs::read(path).await,
            None => Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "not a stored file name",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn saves_under_a_generated_name_and_refuses_paths() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = FileStore::new(dir.path());
        let stored = store.save(b"hello", "../x l s x").await.expect("save");
        assert!(
            stored.stored_name.ends_with(".xlsx"),
            "{}",
            stored.stored_name
        );
        assert_eq!(stored.size, 5);
        assert_eq!(
            stored.sha256,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        assert_eq!(
            store.read(&stored.stored_name).await.expect("read"),
            b"hello"
        );
        assert!(store.path("../partsportal.db").is_none());
        assert!(store.path(".hidden").is_none());
        assert!(store.path("a/b").is_none());
    }
}
