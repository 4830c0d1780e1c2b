//! Who is asking: the session cookie resolved once per request, the
//! anonymous CSRF cookie, and the extractors handlers use.
//!
//! The cookie holds a random 256-bit id; the database holds its SHA-256.
//! A session ends after the idle timeout without requests, at the absolute
//! timeout after login, at logout, and (other sessions) at a password change.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use super::error::Error;
use crate::app::AppState;
use crate::auth::token;
use crate::db::{self, sessions::SessionRow};
use crate::domain::access::{OrgClass, Permission, Role, allows};

/// The session cookie.
pub const SESSION_COOKIE: &str = "pp_session";
/// The anonymous CSRF cookie (double submit), for forms shown before login.
pub const ANON_CSRF_COOKIE: &str = "pp_csrf";
/// Activity is written at most this often, not on every request.
const TOUCH_EVERY_MS: i64 = 60_000;

/// A signed-in user, as handlers and views see them.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub org_id: String,
    pub org_name: String,
    pub org_kind: String,
    pub class: OrgClass,
    pub org_status: String,
    pub email_verified: bool,
    /// Hash of the session id (to keep this session on password change).
    pub session_hash: String,
    pub session_public_id: String,
    pub csrf: String,
    /// Lines in the cart, for the header's cart link.
    pub cart_count: i64,
    /// Unread notifications, for the header's notifications link.
    pub unread_count: i64,
}

impl Viewer {
    /// Whether this user has `perm`.
    pub fn can(&self, perm: Permission) -> bool {
        allows(self.class, self.role, perm)
    }
}

/// What the session layer found, in the request's extensions.
#[derive(Debug, Clone, Default)]
pub struct Visit {
    pub viewer: Option<Arc<Viewer>>,
    /// The CSRF token forms on this page must carry: the session's, or the
    /// anonymous cookie's.
    pub csrf: String,
    /// Client address, for the audit log and rate limits.
    pub ip: String,
    pub request_id: String,
}

impl Visit {
    /// An audit row for something `v` did in this request, concerning
    /// organization `org_id`.
    pub fn audit<'a>(
        &'a self,
        v: &'a Viewer,
        kind: &'a str,
        org_id: &'a str,
        summary: &'a str,
    ) -> crate::db::audit::Entry<'a> {
        crate::db::audit::Entry {
            kind,
            actor_id: Some(&v.user_id),
            actor_label: &v.email,
            org_id: Some(org_id),
            ip: &self.ip,
            request_id: &self.request_id,
            summary,
        }
    }
}

/// Reads a cookie from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Secure under TLS.
pub fn set_cookie(
    state: &AppState,
    name: &str,
    value: &str,
    max_age_s: Option<i64>,
) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(s) = max_age_s {
        c.push_str(&format!("; Max-Age={s}"));
    }
    if state.config.tls {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn client_ip(req: &Request) -> String {
    req.extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "127.0.0.1".into())
}

fn to_viewer(s: SessionRow) -> Option<Viewer> {
    let role: Role = s.user.role.parse().ok()?;
    let class = OrgClass::of_kind(&s.user.org_kind)?;
    Some(Viewer {
        user_id: s.user.id,
        name: s.user.name,
        email: s.user.email,
        role,
        org_id: s.user.org_id,
        org_name: s.user.org_name,
        org_kind: s.user.org_kind,
        class,
        org_status: s.user.org_status,
        email_verified: s.user.email_verified,
        session_hash: s.id_hash,
        session_public_id: s.public_id,
        csrf: s.csrf_token,
        cart_count: s.cart_count,
        unread_count: s.unread_count,
    })
}

/// Resolves the session cookie (ending expired sessions) and puts a
/// [`Visit`] in the request. Requests without a session get an anonymous
/// CSRF cookie, so the login and sign-up forms can be protected too.
pub async fn layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let now = state.clock.now_ms();
    let mut visit = Visit {
        ip: client_ip(&req),
        request_id: req
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string(),
        ..Visit::default()
    };
    let mut clear_session_cookie = false;
    // The JSON API authenticates with bearer tokens only, never the cookie.
    let is_api = req.uri().path().starts_with("/api/");
    if !is_api && let Some(id) = cookie(req.headers(), SESSION_COOKIE) {
        match resolve(&state, id, now).await {
            Ok(Some(v)) => {
                visit.csrf = v.csrf.clone();
                visit.viewer = Some(Arc::new(v));
            }
            Ok(None) => clear_session_cookie = true,
            Err(e) => {
                tracing::error!(error = format!("{e:#}"), "resolving the session");
                return Error::Internal(e).into_response_now();
            }
        }
    }
    let mut new_anon = None;
    if visit.viewer.is_none() && !is_api {
        match cookie(req.headers(), ANON_CSRF_COOKIE) {
            Some(t) if t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()) => {
                visit.csrf = t.to_string()
            }
            _ => match token::random() {
                Ok(t) => {
                    visit.csrf = t.clone();
                    new_anon = Some(t);
                }
                Err(e) => return Error::Internal(e).into_response_now(),
            },
        }
    }
    req.extensions_mut().insert(visit);
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    // A handler that set its own session cookie (login, logout) wins.
    let handler_set = h
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.to_str().is_ok_and(|s| s.starts_with(SESSION_COOKIE)));
    if clear_session_cookie && !handler_set {
        h.append(
            header::SET_COOKIE,
            set_cookie(&state, SESSION_COOKIE, "", Some(0)),
        );
    }
    if let Some(t) = new_anon {
        h.append(
            header::SET_COOKIE,
            set_cookie(&state, ANON_CSRF_COOKIE, &t, None),
        );
    }
    resp
}

async fn resolve(state: &AppState, id: &str, now: i64) -> anyhow::Result<Option<Viewer>> {
    if id.len() != 64 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let hash = token::digest(id);
    let Some(s) = db::sessions::get(&state.db, &hash).await? else {
        return Ok(None);
    };
    let idle = state.config.session_idle.as_millis() as i64;
    let absolute = state.config.session_absolute.as_millis() as i64;
    let usable = s.user.status == "active" && s.user.org_status != "suspended";
    if now - s.last_seen_at > idle || now - s.created_at > absolute || !usable {
        db::sessions::delete(&state.db, &hash).await?;
        return Ok(None);
    }
    if now - s.last_seen_at > TOUCH_EVERY_MS {
        db::sessions::touch(&state.db, &hash, now).await?;
    }
    Ok(to_viewer(s))
}

impl Error {
    fn into_response_now(self) -> Response {
        axum::response::IntoResponse::into_response(self)
    }
}

/// The visit, for any handler (signed in or not).
impl<S: Send + Sync> FromRequestParts<S> for Visit {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Error> {
        parts
            .extensions
            .get::<Visit>()
            .cloned()
            .ok_or_else(|| Error::Internal(anyhow::anyhow!("session layer missing")))
    }
}

/// A signed-in user; anyone else is sent to the login page.
pub struct CurrentUser(pub Arc<Viewer>, pub Visit);

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Error> {
        let visit = Visit::from_request_parts(parts, s).await?;
        match visit.viewer.clone() {
            Some(v) => Ok(CurrentUser(v, visit)),
            None => Err(Error::SignInRequired {
                next: parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_else(|| "/".into()),
            }),
        }
    }
}
