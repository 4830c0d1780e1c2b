//! Part pictures: their rows in `part_images`, the `files` rows of their
//! renditions, and the moves a seller makes on them. Every write checks the
//! seller owns the part, writes its audit row and queues the part for the
//! index (the first picture is on the search card) in one transaction.

use super::Db;
use super::audit::Entry;
use super::outbox::Op;
use crate::on_db;

/// The most pictures one part may have.
pub const MAX_PER_PART: i64 = 8;

/// One picture of a part.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ImageRow {
    pub id: String,
    pub part_id: String,
    pub position: i64,
    /// Size of the full rendition; the others follow from it
    /// (`media::images::fit`).
    pub width: i64,
    pub height: i64,
    pub full_name: String,
    pub large_name: String,
    pub small_name: String,
    pub alt_text: String,
    pub original_name: String,
    pub created_at: i64,
}

/// The columns of [`ImageRow`], from `part_images`.
macro_rules! image_select {
    () => {
        "SELECT id, part_id, position, width, height, full_name, large_name, small_name, \
         alt_text, original_name, created_at FROM part_images"
    };
}

/// The part a seller manages pictures of.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OwnPart {
    pub id: String,
    pub part_number: String,
    pub name: String,
    pub status: String,
    pub visibility: String,
}

/// Part `part_id` if seller `seller_id` owns it.
pub async fn own_part(db: &Db, seller_id: &str, part_id: &str) -> sqlx::Result<Option<OwnPart>> {
    on_db!(db, |p| {
        sqlx::query_as::<_, OwnPart>(
        "SELECT id, part_number, name, status, visibility FROM parts WHERE id = $1 AND seller_id = $2"
    )
    .bind(part_id)
    .bind(seller_id)
    .fetch_optional(p)
    .await
    })
}

/// The pictures of a part, first (primary) first. Callers that show them
/// publicly have already checked the part is listed.
pub async fn for_part(db: &Db, part_id: &str) -> sqlx::Result<Vec<ImageRow>> {
    let sql = concat!(image_select!(), " WHERE part_id = $1 ORDER BY position, id");
    on_db!(db, |p| sqlx::query_as::<_, ImageRow>(sql)
        .bind(part_id)
        .fetch_all(p)
        .await)
}

/// The pictures of a part of seller `seller_id` (none when another seller
/// owns the part).
pub async fn for_own_part(db: &Db, seller_id: &str, part_id: &str) -> sqlx::Result<Vec<ImageRow>> {
    let sql = concat!(
        image_select!(),
        " WHERE part_id = $1 AND seller_id = $2 ORDER BY position, id"
    );
    on_db!(db, |p| sqlx::query_as::<_, ImageRow>(sql)
        .bind(part_id)
        .bind(seller_id)
        .fetch_all(p)
        .await)
}

/// One stored rendition of a new picture.
#[derive(Debug, Clone)]
pub struct NewRendition<'a> {
    pub stored: &'a crate::files::Stored,
    pub content_type: &'a str,
}

/// A new picture, its renditions already in the file store.
#[derive(Debug, Clone)]
pub struct NewImage<'a> {
    pub seller_id: &'a str,
    pub part_id: &'a str,
    pub width: u32,
    pub height: u32,
    pub full: NewRendition<'a>,
    pub large: NewRendition<'a>,
    pub small: NewRendition<'a>,
    pub alt_text: &'a str,
    pub original_name: &'a str,
    pub created_by: Option<&'a str>,
}

/// Why a picture was not added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddRefused {
    /// The part is not the seller's (or does not exist).
    NoPart,
    /// The part already has [`MAX_PER_PART`] pictures.
    Full,
}

/// How many pictures a part of the seller has.
pub async fn count(db: &Db, seller_id: &str, part_id: &str) -> sqlx::Result<i64> {
    on_db!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM part_images WHERE part_id = $1 AND seller_id = $2"
    )
    .bind(part_id)
    .bind(seller_id)
    .fetch_one(p)
    .await)
}

/// Records a new picture as the part's last: its three `files` rows, its
/// `part_images` row, the audit row and the index outbox row, in one
/// transaction. Returns the picture's id.
pub async fn add(
    db: &Db,
    img: &NewImage<'_>,
    now: i64,
    audit: &Entry<'_>,
) -> sqlx::Result<Result<String, AddRefused>> {
    let id = super::new_id();
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        // Touching the part first takes its row lock (PostgreSQL) or the
        // write lock (SQLite), so two uploads at once cannot both pass the
        // count below; and the part did change.
        let owned =
            sqlx::query("UPDATE parts SET updated_at = $1 WHERE id = $2 AND seller_id = $3")
                .bind(now)
                .bind(img.part_id)
                .bind(img.seller_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if owned != 1 {
            return Ok(Err(AddRefused::NoPart));
        }
        let (n, last): (i64, Option<i64>) =
            sqlx::query_as("SELECT COUNT(*), MAX(position) FROM part_images WHERE part_id = $1")
                .bind(img.part_id)
                .fetch_one(&mut *tx)
                .await?;
        if n >= MAX_PER_PART {
            return Ok(Err(AddRefused::Full));
        }
        for r in [&img.full, &img.large, &img.small] {
            sqlx::query(
                "INSERT INTO files (id, org_id, purpose, original_name, content_type, size_bytes, sha256, stored_name, created_by, created_at) \
                 VALUES ($1, $2, 'image', $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(super::new_id())
            .bind(img.seller_id)
            .bind(img.original_name)
            .bind(r.content_type)
            .bind(r.stored.size as i64)
            .bind(&r.stored.sha256)
            .bind(&r.stored.stored_name)
            .bind(img.created_by)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO part_images (id, part_id, seller_id, position, width, height, full_name, large_name, small_name, alt_text, original_name, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(&id)
        .bind(img.part_id)
        .bind(img.seller_id)
        .bind(last.map_or(0, |l| l + 1))
        .bind(i64::from(img.width))
        .bind(i64::from(img.height))
        .bind(&img.full.stored.stored_name)
        .bind(&img.large.stored.stored_name)
        .bind(&img.small.stored.stored_name)
        .bind(img.alt_text)
        .bind(img.original_name)
        .bind(img.created_by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let t = &mut tx;
        crate::audit_push!(t, now, audit);
        crate::outbox_push!(t, img.part_id, Op::Upsert, now);
        tx.commit().await?;
        Ok(Ok(id))
    })
}

/// Sets a picture's alternative text. Returns `false`, changing nothing,
/// when the picture is not one of the seller's pictures of the part.
pub async fn set_alt(
    db: &Db,
    seller_id: &str,
    part_id: &str,
    image_id: &str,
    alt: &str,
    now: i64,
    audit: &Entry<'_>,
) -> sqlx::Result<bool> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let n = sqlx::query(
            "UPDATE part_images SET alt_text = $1 WHERE id = $2 AND part_id = $3 AND seller_id = $4",
        )
        .bind(alt)
        .bind(image_id)
        .bind(part_id)
        .bind(seller_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Ok(false);
        }
        let t = &mut tx;
        crate::audit_push!(t, now, audit);
        // The first picture's text is the card image's alt.
        crate::outbox_push!(t, part_id, Op::Upsert, now);
        tx.commit().await?;
        Ok(true)
    })
}

/// Where a picture moves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// To the front: the primary picture, shown on cards.
    First,
    /// One place earlier.
    Earlier,
    /// One place later.
    Later,
}

/// Moves a picture and renumbers the part's pictures 0, 1, 2, … Returns
/// `false`, changing nothing, when the picture is not one of the seller's
/// pictures of the part.
pub async fn reorder(
    db: &Db,
    seller_id: &str,
    part_id: &str,
    image_id: &str,
    to: Move,
    now: i64,
    audit: &Entry<'_>,
) -> sqlx::Result<bool> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        // Lock the part first, as `add` does, so the order read below is the
        // one this transaction rewrites.
        let owned =
            sqlx::query("UPDATE parts SET updated_at = $1 WHERE id = $2 AND seller_id = $3")
                .bind(now)
                .bind(part_id)
                .bind(seller_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if owned != 1 {
            return Ok(false);
        }
        let mut ids: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM part_images WHERE part_id = $1 AND seller_id = $2 ORDER BY position, id",
        )
        .bind(part_id)
        .bind(seller_id)
        .fetch_all(&mut *tx)
        .await?;
        let Some(at) = ids.iter().position(|i| i == image_id) else {
            return Ok(false);
        };
        let target = match to {
            Move::First => 0,
            Move::Earlier => at.saturating_sub(1),
            Move::Later => (at + 1).min(ids.len() - 1),
        };
        let moved = ids.remove(at);
        ids.insert(target, moved);
        for (position, id) in ids.iter().enumerate() {
            sqlx::query("UPDATE part_images SET position = $1 WHERE id = $2")
                .bind(position as i64)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        let t = &mut tx;
        crate::audit_push!(t, now, audit);
        crate::outbox_push!(t, part_id, Op::Upsert, now);
        tx.commit().await?;
        Ok(true)
    })
}

/// Deletes a picture with its `files` rows. Returns the stored names of its
/// renditions, for the caller to remove from the store once committed, or
/// `None`, changing nothing, when the picture is not one of the seller's
/// pictures of the part.
pub async fn delete(
    db: &Db,
    seller_id: &str,
    part_id: &str,
    image_id: &str,
    now: i64,
    audit: &Entry<'_>,
) -> sqlx::Result<Option<[String; 3]>> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let names: Option<(String, String, String)> = sqlx::query_as(
            "DELETE FROM part_images WHERE id = $1 AND part_id = $2 AND seller_id = $3 \
             RETURNING full_name, large_name, small_name",
        )
        .bind(image_id)
        .bind(part_id)
        .bind(seller_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((full, large, small)) = names else {
            return Ok(None);
        };
        sqlx::query(
            "DELETE FROM files WHERE org_id = $1 AND purpose = 'image' AND stored_name IN ($2, $3, $4)",
        )
        .bind(seller_id)
        .bind(&full)
        .bind(&large)
        .bind(&small)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE parts SET updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(part_id)
            .execute(&mut *tx)
            .await?;
        let t = &mut tx;
        crate::audit_push!(t, now, audit);
        crate::outbox_push!(t, part_id, Op::Upsert, now);
        tx.commit().await?;
        Ok(Some([full, large, small]))
    })
}
