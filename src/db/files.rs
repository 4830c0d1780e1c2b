//! Records of uploaded files (the bytes are in `crate::files::FileStore`).

use super::Db;
use crate::on_db;

/// A new file record.
#[derive(Debug, Clone)]
pub struct NewFile<'a> {
    pub org_id: &'a str,
    /// `import`, `image`, `payment_proof` or `document`.
    pub purpose: &'a str,
    pub original_name: &'a str,
    /// The type read from the content.
    pub content_type: &'a str,
    pub stored: &'a crate::files::Stored,
    pub created_by: Option<&'a str>,
}

/// Records a stored file; returns its id.
pub async fn insert(db: &Db, f: &NewFile<'_>, now: i64) -> sqlx::Result<String> {
    let id = super::new_id();
    on_db!(db, |p| {
        sqlx::query(
        "INSERT INTO files (id, org_id, purpose, original_name, content_type, size_bytes, sha256, stored_name, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    )
    .bind(&id)
    .bind(f.org_id)
    .bind(f.purpose)
    .bind(f.original_name)
    .bind(f.content_type)
    .bind(f.stored.size as i64)
    .bind(&f.stored.sha256)
    .bind(&f.stored.stored_name)
    .bind(f.created_by)
    .bind(now)
    .execute(p)
    .await
    .map(|_| ())
    })?;
    Ok(id)
}

/// A stored file's record.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FileRow {
    pub id: String,
    pub org_id: String,
    pub purpose: String,
    pub original_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub stored_name: String,
    pub created_at: i64,
}

/// The file `id` if it belongs to `org_id`.
pub async fn get(db: &Db, org_id: &str, id: &str) -> sqlx::Result<Option<FileRow>> {
    on_db!(db, |p| {
        sqlx::query_as(
        "SELECT id, org_id, purpose, original_name, content_type, size_bytes, sha256, stored_name, created_at \
         FROM files WHERE id = $1 AND org_id = $2"
    )
    .bind(id)
    .bind(org_id)
    .fetch_optional(p)
    .await
    })
}

/// Whether `stored_name` is a rendition of a part picture.
pub async fn is_part_image(db: &Db, stored_name: &str) -> sqlx::Result<bool> {
    let n: i64 = on_db!(db, |p| {
        sqlx::query_scalar(
        "SELECT COUNT(*) FROM part_images WHERE small_name = $1 OR large_name = $1 OR full_name = $1"
    )
    .bind(stored_name)
    .fetch_one(p)
    .await
    })?;
    Ok(n > 0)
}
