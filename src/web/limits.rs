//! Rate limits: which actions are limited, how much, and the check that
//! answers 429 with Retry-After.

use super::error::Error;
use crate::app::AppState;
use crate::db;

/// A limit: key prefix, events per window, window length.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub name: &'static str,
    pub max: i64,
    pub window_ms: i64,
}

/// Failed logins (and password checks) per account.
pub const LOGIN_PER_ACCOUNT: Limit = Limit {
    name: "login-account",
    max: 5,
    window_ms: 15 * 60_000,
};
/// Failed logins per client address.
pub const LOGIN_PER_IP: Limit = Limit {
    name: "login-ip",
    max: 30,
    window_ms: 15 * 60_000,
};
/// Password-reset requests per client address.
pub const RESET_PER_IP: Limit = Limit {
    name: "reset-ip",
    max: 5,
    window_ms: 60 * 60_000,
};
/// Mails a user can ask for (verification links) per account.
pub const MAIL_PER_ACCOUNT: Limit = Limit {
    name: "mail-account",
    max: 5,
    window_ms: 60 * 60_000,
};
/// Sign-ups per client address.
pub const SIGNUP_PER_IP: Limit = Limit {
    name: "signup-ip",
    max: 10,
    window_ms: 60 * 60_000,
};

/// Spreadsheet uploads per organization: each is stored and parsed.
pub const IMPORTS_PER_ORG: Limit = Limit {
    name: "imports-org",
    max: 60,
    window_ms: 60 * 60_000,
};

fn key(l: Limit, subject: &str) -> String {
    format!("{}:{}", l.name, subject.to_lowercase())
}

/// Counts one event; past the limit, a 429 that says when to retry.
pub async fn check(state: &AppState, l: Limit, subject: &str, now: i64) -> Result<(), Error> {
    let (count, window_end) =
        db::rate_limits::hit(&state.db, &key(l, subject), l.window_ms, now).await?;
    if count > l.max {
        return Err(Error::TooMany {
            retry_after_s: ((window_end - now) / 1000).max(1),
        });
    }
    Ok(())
}

/// Forgets the events of a subject (a successful login).
pub async fn clear(state: &AppState, l: Limit, subject: &str) -> Result<(), Error> {
    db::rate_limits::clear(&state.db, &key(l, subject)).await?;
    Ok(())
}
