//! Who is calling the JSON API: an organization, through one of its API
//! tokens in `Authorization: Bearer <token>`. The API never reads the
//! session cookie (the session layer skips `/api/`), so a signed-in browser
//! has no API access of its own and cross-site requests carry no credentials.
//!
//! [`layer`] checks the header on every `/api/` request: a missing header is
//! fine (the catalog is public), a present one must name a live token, so a
//! client with a mistyped or revoked token notices at once instead of
//! silently getting anonymous answers. Handlers that need a token take
//! [`ApiCaller`] and call [`ApiCaller::require`] for the scope they need.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::{ApiError, Error};
use crate::app::AppState;
use crate::auth::token;
use crate::db;
use crate::domain::access::OrgClass;
use crate::domain::api_tokens::{self, Scope};

/// Use is recorded at most this often per token, not on every request.
const TOUCH_EVERY_MS: i64 = 60_000;

/// An authenticated API caller.
#[derive(Debug, Clone)]
pub struct ApiCaller {
    pub org_id: String,
    pub org_name: String,
    pub org_kind: String,
    pub org_class: OrgClass,
    /// The token's scopes that its organization's class may hold.
    pub scopes: Vec<Scope>,
    pub token_id: String,
    pub token_name: String,
    /// The token's non-secret prefix (`pp_` + 8 hex characters).
    pub token_prefix: String,
}

impl ApiCaller {
    /// Refuses (403, `insufficient_scope`) unless the token holds `scope`.
    pub fn require(&self, scope: Scope) -> Result<(), Refused> {
        if self.scopes.contains(&scope) {
            Ok(())
        } else {
            Err(Refused::InsufficientScope(scope))
        }
    }
}

/// Why an API request was refused. Answers with the API's JSON error and a
/// `WWW-Authenticate` challenge (RFC 6750) that says which case it is.
#[derive(Debug)]
pub enum Refused {
    /// No token on a route that needs one: 401.
    Missing,
    /// Not a bearer token, malformed, unknown or revoked: 401.
    InvalidToken,
    /// The token's organization is suspended: 401.
    Suspended,
    /// A live token without the scope the route needs: 403.
    InsufficientScope(Scope),
    /// The lookup failed.
    Internal(Error),
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        const REALM: &str = "Bearer realm=\"partsportal\"";
        let unauthenticated = || Error::SignInRequired {
            next: String::new(),
        };
        let (error, challenge) = match self {
            Refused::Missing => (unauthenticated(), REALM.to_string()),
            Refused::InvalidToken => (
                unauthenticated(),
                format!(
                    "{REALM}, error=\"invalid_token\", error_description=\"the token is malformed, unknown or revoked\""
                ),
            ),
            Refused::Suspended => (
                unauthenticated(),
                format!(
                    "{REALM}, error=\"invalid_token\", error_description=\"the organization is suspended\""
                ),
            ),
            Refused::InsufficientScope(s) => (
                Error::Forbidden,
                format!("{REALM}, error=\"insufficient_scope\", scope=\"{s}\""),
            ),
            Refused::Internal(e) => return ApiError(e).into_response(),
        };
        let mut resp = ApiError(error).into_response();
        if let Ok(v) = HeaderValue::from_str(&challenge) {
            resp.headers_mut().insert(header::WWW_AUTHENTICATE, v);
        }
        resp
    }
}

/// The token of an `Authorization: Bearer <token>` header; `None` when the
/// header is absent, `Err` when it is present but is not one bearer token.
fn bearer_token(headers: &HeaderMap) -> Result<Option<&str>, Refused> {
    let mut values = headers.get_all(header::AUTHORIZATION).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(Refused::InvalidToken);
    }
    let (scheme, rest) = value
        .to_str()
        .ok()
        .and_then(|v| v.trim().split_once(' '))
        .ok_or(Refused::InvalidToken)?;
    // The scheme is case-insensitive (RFC 7235); the token is not.
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(Refused::InvalidToken);
    }
    Ok(Some(rest.trim_start()))
}

async fn authenticate(state: &AppState, token: &str) -> Result<ApiCaller, Refused> {
    if !api_tokens::well_formed(token) {
        return Err(Refused::InvalidToken);
    }
    // Looked up by digest: the database has no tokens to compare against,
    // and timing reveals nothing about a hash the caller cannot choose.
    let row = db::api_tokens::active_by_hash(&state.db, &token::digest(token))
        .await
        .map_err(|e| Refused::Internal(e.into()))?
        .ok_or(Refused::InvalidToken)?;
    if row.org_status == "suspended" {
        return Err(Refused::Suspended);
    }
    let org_class = OrgClass::of_kind(&row.org_kind).ok_or(Refused::InvalidToken)?;
    let now = state.clock.now_ms();
    if row.last_used_at.is_none_or(|t| now - t > TOUCH_EVERY_MS) {
        db::api_tokens::touch(&state.db, &row.id, now, now - TOUCH_EVERY_MS)
            .await
            .map_err(|e| Refused::Internal(e.into()))?;
    }
    Ok(ApiCaller {
        // Scopes were checked against the class at creation; checking again
        // here means a token can never act beyond what its class may do.
        scopes: api_tokens::from_stored(&row.scopes)
            .into_iter()
            .filter(|s| s.allowed_for(org_class))
            .collect(),
        org_id: row.org_id,
        org_name: row.org_name,
        org_kind: row.org_kind,
        org_class,
        token_id: row.id,
        token_name: row.name,
        token_prefix: row.prefix,
    })
}

/// The caller a request's `Authorization` header names, if it has one.
async fn caller(state: &AppState, headers: &HeaderMap) -> Result<Option<ApiCaller>, Refused> {
    match bearer_token(headers)? {
        None => Ok(None),
        Some(t) => authenticate(state, t).await.map(Some),
    }
}

/// Resolves the bearer token of `/api/` requests into an [`ApiCaller`] in
/// the request's extensions, and refuses a request whose token is bad.
pub async fn layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    match caller(&state, req.headers()).await {
        Ok(Some(c)) => {
            req.extensions_mut().insert(c);
        }
        Ok(None) => {}
        Err(r) => return r.into_response(),
    }
    next.run(req).await
}

/// An API route that needs a token; without one it answers 401.
impl<S: Send + Sync> FromRequestParts<S> for ApiCaller {
    type Rejection = Refused;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Refused> {
        parts
            .extensions
            .get::<ApiCaller>()
            .cloned()
            .ok_or(Refused::Missing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(header::AUTHORIZATION, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn only_one_bearer_header_carries_a_token() {
        assert!(matches!(bearer_token(&headers(&[])), Ok(None)));
        assert!(matches!(
            bearer_token(&headers(&["Bearer pp_abc"])),
            Ok(Some("pp_abc"))
        ));
        assert!(matches!(
            bearer_token(&headers(&["bearer   pp_abc"])),
            Ok(Some("pp_abc"))
        ));
        for bad in [
            &["Basic dXNlcjpwYXNz"][..],
            &["Bearer"],
            &["pp_abc"],
            &["Bearer pp_a", "Bearer pp_b"],
        ] {
            assert!(
                matches!(bearer_token(&headers(bad)), Err(Refused::InvalidToken)),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_missing_scope_is_refused_with_403_naming_it() {
        let caller = ApiCaller {
            org_id: "o".into(),
            org_name: "Org".into(),
            org_kind: "hospital".into(),
            org_class: OrgClass::Buyer,
            scopes: vec![Scope::CatalogRead],
            token_id: "t".into(),
            token_name: "ERP".into(),
            token_prefix: "pp_00000000".into(),
        };
        assert!(caller.require(Scope::CatalogRead).is_ok());
        let resp = caller
            .require(Scope::OrdersRead)
            .unwrap_err()
            .into_response();
        assert_eq!(resp.status(), axum::http::StatusCode::FORBIDDEN);
        let challenge = resp.headers()[header::WWW_AUTHENTICATE].to_str().unwrap();
        assert!(
            challenge.contains("insufficient_scope") && challenge.contains("orders:read"),
            "{challenge}"
        );
    }
}
