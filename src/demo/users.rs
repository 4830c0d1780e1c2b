//! Demo users: in the first organization of each kind, one user for each
//! role that kind allows. Created only in demo mode, and listed at startup
//! and on the login and home pages.

use crate::db::Db;
use crate::domain::access::OrgClass;
use crate::on_db;

/// The password of every demo user. Demo mode refuses a non-loopback
/// address, so it is never reachable from another machine.
pub const DEMO_PASSWORD: &str = "demo-parts-portal-2026";

/// The organization kinds that get demo users, in the order logins are listed.
const KINDS: [&str; 8] = [
    "hospital",
    "clinic",
    "service_provider",
    "manufacturer",
    "supplier",
    "distributor",
    "dealer",
    "platform",
];

/// One demo login: (email, name, role label, organization name).
pub type Login = (String, String, String, String);

fn email(role: &str, kind: &str) -> String {
    format!(
        "{}@{}.example.com",
        role.replace('_', "-"),
        kind.replace('_', "-")
    )
}

/// Creates the demo users that are missing (idempotent) and returns every
/// demo login.
pub async fn ensure(db: &Db, now: i64) -> anyhow::Result<Vec<Login>> {
    let mut hash: Option<String> = None;
    let mut out = Vec::new();
    for kind in KINDS {
        let org: Option<(String, String)> = on_db!(db, |p| sqlx::query_as(
            "SELECT id, name FROM organizations WHERE kind = $1 ORDER BY created_at, id LIMIT 1"
        )
        .bind(kind)
        .fetch_optional(p)
        .await)?;
        let (Some((org_id, org_name)), Some(class)) = (org, OrgClass::of_kind(kind)) else {
            continue;
        };
        for role in class.roles() {
            let email = email(role.as_str(), kind);
            let name = format!("Demo {}", role.label());
            // One hash for all: argon2 costs ~30 ms a call, and these users
            // share a published password anyway.
            let h = match &hash {
                Some(h) => h.clone(),
                None => {
                    let h = crate::auth::password::hash(DEMO_PASSWORD).await?;
                    hash = Some(h.clone());
                    h
                }
            };
            on_db!(db, |p| {
                sqlx::query(
                "INSERT INTO users (id, org_id, email, name, role, password_hash, email_verified, created_at, password_changed_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7, $7) ON CONFLICT (email) DO NOTHING"
            )
            .bind(crate::db::new_id())
            .bind(&org_id)
            .bind(&email)
            .bind(&name)
            .bind(role.as_str())
            .bind(&h)
            .bind(now)
            .execute(p)
            .await
            .map(|r| r.rows_affected())
            })?;
            out.push((email, name, role.label().to_string(), org_name.clone()));
        }
    }
    Ok(out)
}
