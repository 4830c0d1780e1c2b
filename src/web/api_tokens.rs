//! The organization's API tokens (`/org/api-tokens`, Permission::ManageOrg):
//! list, create (the token is shown once), revoke. Everything is scoped to
//! the signed-in administrator's own organization.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;

use super::chrome;
use super::error::Error;
use super::extract::{Form, Path};
use super::session::{CurrentUser, Viewer, Visit};
use crate::app::AppState;
use crate::auth::token;
use crate::db;
use crate::domain::api_tokens::{self, Scope};
use crate::views::account::FormState;
use crate::views::api_tokens::{self as view, Created, TokensPage};

/// Longest token name, in characters.
const NAME_MAX: usize = 80;
/// What the create form ticks before anyone chose: the least a token can do.
const DEFAULT_SCOPES: &[Scope] = &[Scope::CatalogRead];

async fn render(
    state: &AppState,
    visit: &Visit,
    v: &Viewer,
    form: &FormState,
    checked: &[Scope],
    created: Option<Created<'_>>,
) -> Result<Markup, Error> {
    let tokens = db::api_tokens::list(&state.db, &v.org_id).await?;
    Ok(view::page(
        &chrome(state, visit),
        &TokensPage {
            tokens: &tokens,
            allowed: &Scope::allowed(v.class),
            checked,
            form,
            created,
        },
    ))
}

/// `GET /org/api-tokens`.
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
) -> Result<Markup, Error> {
    render(
        &state,
        &visit,
        &v,
        &FormState::default(),
        DEFAULT_SCOPES,
        None,
    )
    .await
}

/// `POST /org/api-tokens`: on success the answer is the page with the new
/// token, not a redirect, since the token exists nowhere else to show after
/// one; it is marked `no-store` so no cache keeps it.
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    // Pairs, because the scope checkboxes repeat one field name.
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Error> {
    let raw_name = fields
        .iter()
        .find(|(k, _)| k == "name")
        .map_or("", |(_, v)| v.as_str());
    let mut form = FormState {
        values: vec![("name", raw_name.to_string())],
        ..FormState::default()
    };
    let name = raw_name.trim();
    let len = name.chars().count();
    if len == 0 || len > NAME_MAX || name.chars().any(char::is_control) {
        form.fail(
            "name",
            format!("Enter a name of 1 to {NAME_MAX} characters, such as the system that will use the token."),
        );
    }
    let allowed = Scope::allowed(v.class);
    let mut scopes = Vec::new();
    let mut refused = None;
    for (_, value) in fields.iter().filter(|(k, _)| k == "scope") {
        match value.parse::<Scope>() {
            Ok(s) if allowed.contains(&s) => scopes.push(s),
            Ok(s) => refused = Some(format!("{s} is not available to your organization.")),
            Err(()) => refused = Some("Choose scopes from the list.".to_string()),
        }
    }
    if let Some(msg) = refused {
        form.fail("scopes", msg);
    } else if scopes.is_empty() {
        form.fail("scopes", "Choose at least one scope.");
    }
    if form.failed() {
        return Ok(render(&state, &visit, &v, &form, &scopes, None)
            .await?
            .into_response());
    }

    let plain = api_tokens::from_secret(&token::random()?);
    let prefix = api_tokens::shown_prefix(&plain);
    let stored = api_tokens::to_stored(&scopes);
    let summary = format!("created API token \"{name}\" ({prefix}) with scopes {stored}");
    db::api_tokens::create(
        &state.db,
        &db::api_tokens::NewToken {
            org_id: &v.org_id,
            name,
            scopes: &stored,
            token_hash: &token::digest(&plain),
            prefix: &prefix,
            created_by: &v.user_id,
        },
        state.clock.now_ms(),
        &visit.audit(&v, "api_token_created", &v.org_id, &summary),
    )
    .await?;
    let page = render(
        &state,
        &visit,
        &v,
        &FormState::default(),
        DEFAULT_SCOPES,
        Some(Created {
            name,
            token: &plain,
        }),
    )
    .await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], page).into_response())
}

/// `POST /org/api-tokens/{id}/revoke`. Another organization's token id is a
/// 404 and changes nothing.
pub async fn revoke(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let t = db::api_tokens::get(&state.db, &v.org_id, &id)
        .await?
        .ok_or(Error::NotFound)?;
    let summary = format!("revoked API token \"{}\" ({})", t.name, t.prefix);
    // A token already revoked stays as it was, without a second audit row.
    db::api_tokens::revoke(
        &state.db,
        &v.org_id,
        &id,
        state.clock.now_ms(),
        &visit.audit(&v, "api_token_revoked", &v.org_id, &summary),
    )
    .await?;
    Ok(Redirect::to("/org/api-tokens").into_response())
}
