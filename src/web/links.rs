//! Links sent by mail: a one-time token, its lifetime, the URL.

use std::time::Duration;

use super::error::Error;
use crate::app::AppState;
use crate::auth::token;
use crate::db;
use crate::db::audit::Entry;
use crate::db::email_tokens::{NewToken, Problem, Purpose};
use crate::mail::{MailContent, OutgoingMail};

/// How long a verification link works.
pub const VERIFY_TTL: Duration = Duration::from_secs(24 * 3600);
/// How long a password-reset link works.
pub const RESET_TTL: Duration = Duration::from_secs(3600);
/// How long an invitation works.
pub const INVITE_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

/// A fresh link: the secret for the URL, and its hash for the database.
pub struct Link {
    pub url: String,
    pub hash: String,
    pub expires_at: i64,
}

/// Makes a link to `path` valid for `ttl` from now.
pub fn new(state: &AppState, path: &str, ttl: Duration) -> Result<Link, Error> {
    let secret = token::random()?;
    Ok(Link {
        url: format!(
            "{}{path}?token={secret}",
            state.config.public_url.trim_end_matches('/')
        ),
        hash: token::digest(&secret),
        expires_at: state.clock.now_ms() + ttl.as_millis() as i64,
    })
}

/// The token of a link's query string, hashed; a malformed one hashes to
/// something that matches nothing.
pub fn hash_from_query(query: Option<&str>) -> String {
    let t = query
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .and_then(|kv| kv.into_iter().find(|(k, _)| k == "token").map(|(_, v)| v))
        .unwrap_or_default();
    token::digest(t.trim())
}

/// What the page says about an unusable link.
pub fn problem_text(p: Problem) -> &'static str {
    match p {
        Problem::Unknown => {
            "This link is not valid. It may have been mistyped or cut short by your mail program."
        }
        Problem::Expired => "This link has expired.",
        Problem::Used => "This link has already been used.",
    }
}

/// A link to mail: what it is for, whom it goes to, and the audit row.
pub struct Mailed<'a> {
    pub purpose: Purpose,
    pub ttl: Duration,
    pub user_id: Option<&'a str>,
    pub org_id: Option<&'a str>,
    pub to_addr: &'a str,
    pub to_name: &'a str,
    pub role: Option<&'a str>,
    pub created_by: Option<&'a str>,
    pub audit: Entry<'a>,
}

impl Purpose {
    fn path(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "/verify",
            Purpose::ResetPassword => "/password/reset",
            Purpose::Invitation => "/invite",
        }
    }
}

/// Issues a one-time link and queues the mail carrying it (with `content`
/// written around the URL) and the audit row, in one transaction; then
/// wakes the mail sender. Each link is its own event, so its own mail.
pub async fn send(
    state: &AppState,
    m: &Mailed<'_>,
    content: impl FnOnce(&str) -> MailContent,
) -> Result<(), Error> {
    let link = new(state, m.purpose.path(), m.ttl)?;
    let mail = OutgoingMail::new(
        format!("{}:{}", m.purpose.as_str(), link.hash),
        m.to_addr,
        m.to_name,
        content(&link.url),
    )
    .map_err(|e| Error::Internal(e.into()))?;
    db::email_tokens::issue(
        &state.db,
        &NewToken {
            hash: &link.hash,
            purpose: m.purpose,
            user_id: m.user_id,
            org_id: m.org_id,
            email: m.to_addr,
            role: m.role,
            created_by: m.created_by,
            expires_at: link.expires_at,
        },
        &mail,
        state.clock.now_ms(),
        &m.audit,
    )
    .await?;
    state.mail_wakeup.notify_one();
    Ok(())
}
