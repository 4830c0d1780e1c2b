//! The audit log: append-only. This module inserts and reads; nothing
//! updates or deletes a row.

use super::Db;
use crate::on_db;

/// One audit row to write.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub kind: &'a str,
    pub actor_id: Option<&'a str>,
    /// The actor's email at the time (kept if the user is renamed).
    pub actor_label: &'a str,
    pub org_id: Option<&'a str>,
    pub ip: &'a str,
    pub request_id: &'a str,
    pub summary: &'a str,
}

/// Appends an audit row inside the caller's transaction, on either engine.
#[macro_export]
macro_rules! audit_push {
    ($tx:expr, $now:expr, $entry:expr) => {{
        let e: &$crate::db::audit::Entry<'_> = $entry;
        $crate::audit_push!(
            $tx,
            $now,
            e.kind,
            e.actor_id,
            e.actor_label,
            e.org_id,
            e.ip,
            e.request_id,
            e.summary
        );
    }};
    ($tx:expr, $now:expr, $kind:expr, $actor_id:expr, $actor_label:expr, $org_id:expr, $ip:expr, $request_id:expr, $summary:expr) => {{
        sqlx::query(
            "INSERT INTO audit_log (id, at, kind, actor_id, actor_label, org_id, ip, request_id, summary) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind($crate::db::new_id())
        .bind($now)
        .bind($kind)
        .bind($actor_id)
        .bind($actor_label)
        .bind($org_id)
        .bind($ip)
        .bind($request_id)
        .bind($summary)
        .execute(&mut **$tx)
        .await?;
    }};
}

/// Appends an audit row on its own (events with no other write, such as a
/// failed login).
pub async fn record(db: &Db, now: i64, e: &Entry<'_>) -> sqlx::Result<()> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let t = &mut tx;
        crate::audit_push!(t, now, e);
        tx.commit().await
    })
}

/// A stored audit row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Row {
    pub id: String,
    pub at: i64,
    pub kind: String,
    pub actor_id: Option<String>,
    pub actor_label: String,
    pub org_id: Option<String>,
    pub org_name: Option<String>,
    pub ip: String,
    pub request_id: String,
    pub summary: String,
}

/// Filters for the audit views. `org_id` is forced to the caller's own
/// organization for org admins.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub org_id: Option<String>,
    pub actor: Option<String>,
    pub kind: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
}

/// Newest first, at most `limit` rows.
pub async fn list(db: &Db, f: &Filter, limit: i64) -> sqlx::Result<Vec<Row>> {
    // Each filter is either bound or disabled by a NULL, so the SQL text is fixed.
    let sql = "SELECT a.id, a.at, a.kind, a.actor_id, a.actor_label, a.org_id, o.name AS org_name, \
               a.ip, a.request_id, a.summary \
               FROM audit_log a LEFT JOIN organizations o ON o.id = a.org_id \
               WHERE ($1 IS NULL OR a.org_id = $1) \
               AND ($2 IS NULL OR lower(a.actor_label) LIKE $2 ESCAPE '\\') \
               AND ($3 IS NULL OR a.kind = $3) \
               AND ($4 IS NULL OR a.at >= $4) \
               AND ($5 IS NULL OR a.at < $5) \
               ORDER BY a.at DESC, a.id DESC LIMIT $6";
    let actor = f.actor.as_ref().map(|a| super::admin::contains_pattern(a));
    on_db!(db, |p| sqlx::query_as::<_, Row>(sql)
        .bind(f.org_id.as_deref())
        .bind(actor.as_deref())
        .bind(f.kind.as_deref())
        .bind(f.from_ms)
        .bind(f.to_ms)
        .bind(limit)
        .fetch_all(p)
        .await)
}
