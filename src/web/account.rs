//! Log in, log out, sign up, and the account page (password, sessions).

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use serde::Deserialize;

use super::error::Error;
use super::extract::{Form, Path, RawQuery};
use super::session::{self, CurrentUser, SESSION_COOKIE, Visit};
use super::{chrome, limits};
use crate::app::AppState;
use crate::auth::{password, token};
use crate::db::{self, audit::Entry};
use crate::domain::access::{OrgClass, Role};
use crate::views::account::{self as view, FormState};

/// Where to go after login: a local path only, never another site.
fn safe_next(next: &str) -> Option<&str> {
    (next.starts_with('/') && !next.starts_with("//") && !next.contains('\\')).then_some(next)
}

/// `GET /login`.
pub async fn login_form(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(q): RawQuery,
) -> Response {
    if let Some(v) = &visit.viewer {
        return Redirect::to(v.role.landing()).into_response();
    }
    let next = q
        .as_deref()
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .and_then(|kv| kv.into_iter().find(|(k, _)| k == "next").map(|(_, v)| v))
        .unwrap_or_default();
    view::login(
        &chrome(&state, &visit),
        &FormState::default(),
        &next,
        &state.config.demo_logins,
    )
    .into_response()
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Starts a session for `user_id`, ending the one the request came with
/// (the id changes at login), and returns the Set-Cookie header.
async fn start_session(
    state: &AppState,
    visit: &Visit,
    headers: &HeaderMap,
    user_id: &str,
) -> Result<HeaderValue, Error> {
    if let Some(old) = session::cookie(headers, SESSION_COOKIE) {
        db::sessions::delete(&state.db, &token::digest(old)).await?;
    }
    let id = token::random()?;
    let public_id = token::random()?;
    let csrf = token::random()?;
    let ua: String = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect();
    db::sessions::create(
        &state.db,
        &token::digest(&id),
        &public_id[..16],
        user_id,
        &csrf,
        state.clock.now_ms(),
        &visit.ip,
        &ua,
    )
    .await?;
    let max_age = state.config.session_absolute.as_secs() as i64;
    Ok(session::set_cookie(
        state,
        SESSION_COOKIE,
        &id,
        Some(max_age),
    ))
}

/// `POST /login`.
pub async fn login(
    State(state): State<AppState>,
    visit: Visit,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, Error> {
    let email = f.email.trim().to_lowercase();
    let mut form = FormState {
        values: vec![("email", f.email.clone())],
        ..FormState::default()
    };
    if email.is_empty() {
        form.fail("email", "Enter your email.");
    }
    if f.password.is_empty() {
        form.fail("password", "Enter your password.");
    }
    let render = |form: &FormState| {
        view::login(
            &chrome(&state, &visit),
            form,
            &f.next,
            &state.config.demo_logins,
        )
        .into_response()
    };
    if form.failed() {
        return Ok(render(&form));
    }
    let now = state.clock.now_ms();
    // Count the attempt before checking the password, so parallel guesses
    // cannot get more tries than the limit; a success clears the count.
    limits::check(&state, limits::LOGIN_PER_ACCOUNT, &email, now).await?;
    limits::check(&state, limits::LOGIN_PER_IP, &visit.ip, now).await?;
    let user = db::users::by_email(&state.db, &email).await?;
    let stored = user
        .as_ref()
        .map_or(password::decoy_hash(), |u| u.password_hash.as_str());
    let ok = password::verify(stored, &f.password).await? && user.is_some();
    let Some(user) = user.filter(|_| ok) else {
        db::audit::record(
            &state.db,
            now,
            &Entry {
                kind: "login_failed",
                actor_id: None,
                actor_label: &email,
                org_id: None,
                ip: &visit.ip,
                request_id: &visit.request_id,
                summary: "wrong email or password",
            },
        )
        .await?;
        form.banner = Some("That email and password do not match an account.".into());
        return Ok(render(&form));
    };
    if user.status != "active" || user.org_status == "suspended" {
        form.banner = Some(if user.org_status == "suspended" {
            "Your organization is suspended. Contact the platform administrators.".into()
        } else {
            "This account is locked or deactivated. Ask your organization's administrator.".into()
        });
        return Ok(render(&form));
    }
    limits::clear(&state, limits::LOGIN_PER_ACCOUNT, &email).await?;
    let cookie = start_session(&state, &visit, &headers, &user.id).await?;
    db::audit::record(
        &state.db,
        now,
        &Entry {
            kind: "login",
            actor_id: Some(&user.id),
            actor_label: &user.email,
            org_id: Some(&user.org_id),
            ip: &visit.ip,
            request_id: &visit.request_id,
            summary: "logged in",
        },
    )
    .await?;
    let landing = user.role.parse::<Role>().map_or("/", |r| r.landing());
    let to = safe_next(&f.next).unwrap_or(landing);
    let mut resp = Redirect::to(to).into_response();
    resp.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(resp)
}

/// `POST /logout`.
pub async fn logout(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
) -> Result<Response, Error> {
    db::sessions::delete(&state.db, &v.session_hash).await?;
    db::audit::record(
        &state.db,
        state.clock.now_ms(),
        &Entry {
            kind: "logout",
            actor_id: Some(&v.user_id),
            actor_label: &v.email,
            org_id: Some(&v.org_id),
            ip: &visit.ip,
            request_id: &visit.request_id,
            summary: "logged out",
        },
    )
    .await?;
    let mut resp = Redirect::to("/").into_response();
    resp.headers_mut().append(
        header::SET_COOKIE,
        session::set_cookie(&state, SESSION_COOKIE, "", Some(0)),
    );
    Ok(resp)
}

/// `GET /signup`.
pub async fn signup_form(State(state): State<AppState>, visit: Visit) -> Markup {
    view::signup(&chrome(&state, &visit), &FormState::default())
}

#[derive(Deserialize)]
pub struct SignupForm {
    #[serde(default)]
    org_name: String,
    #[serde(default)]
    org_kind: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

fn plausible_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && e.len() <= 254
        && !e.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// `POST /signup`: creates the organization and its admin, then signs in.
pub async fn signup(
    State(state): State<AppState>,
    visit: Visit,
    headers: HeaderMap,
    Form(f): Form<SignupForm>,
) -> Result<Response, Error> {
    let mut form = FormState {
        values: vec![
            ("org_name", f.org_name.clone()),
            ("org_kind", f.org_kind.clone()),
            ("city", f.city.clone()),
            ("name", f.name.clone()),
            ("email", f.email.clone()),
        ],
        ..FormState::default()
    };
    let org_name = f.org_name.trim();
    let name = f.name.trim();
    let email = f.email.trim().to_lowercase();
    if org_name.chars().count() < 2 || org_name.chars().count() > 120 {
        form.fail(
            "org_name",
            "Enter the organization's name (2 to 120 characters).",
        );
    }
    let class = OrgClass::of_kind(&f.org_kind).filter(|c| *c != OrgClass::Platform);
    if class.is_none() {
        form.fail("org_kind", "Choose what kind of organization this is.");
    }
    if name.is_empty() || name.chars().count() > 120 {
        form.fail("name", "Enter your name.");
    }
    if !plausible_email(&email) {
        form.fail("email", "Enter an email address like name@hospital.in.");
    }
    if let Err(e) = password::check_strength(&f.password, &[&email, name, org_name]) {
        form.fail("password", e);
    }
    let render = |form: &FormState| view::signup(&chrome(&state, &visit), form).into_response();
    let Some(class) = class.filter(|_| !form.failed()) else {
        return Ok(render(&form));
    };
    let now = state.clock.now_ms();
    limits::check(&state, limits::SIGNUP_PER_IP, &visit.ip, now).await?;
    let hash = password::hash(&f.password).await?;
    let status = if class == OrgClass::Seller {
        "pending"
    } else {
        "active"
    };
    let created = db::users::create_org_with_admin(
        &state.db,
        &db::users::NewOrgAdmin {
            org_name,
            org_kind: &f.org_kind,
            org_status: status,
            city: f.city.trim(),
            name,
            email: &email,
            role: class.admin_role().as_str(),
            password_hash: &hash,
        },
        now,
    )
    .await?;
    let user_id = match created {
        Ok((_, user_id)) => user_id,
        Err(db::users::Taken::OrgName) => {
            form.fail("org_name", "An organization with this name already has an account. Ask its administrator to invite you.");
            return Ok(render(&form));
        }
        Err(db::users::Taken::Email) => {
            form.fail(
                "email",
                "This email already has an account. Log in, or reset the password.",
            );
            return Ok(render(&form));
        }
    };
    let cookie = start_session(&state, &visit, &headers, &user_id).await?;
    let mut resp = Redirect::to(class.admin_role().landing()).into_response();
    resp.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(resp)
}

async fn render_profile(
    state: &AppState,
    visit: &Visit,
    form: &FormState,
) -> Result<Markup, Error> {
    let Some(v) = &visit.viewer else {
        return Err(Error::SignInRequired {
            next: "/account".into(),
        });
    };
    let sessions = db::sessions::list(&state.db, &v.user_id).await?;
    Ok(view::profile(
        &chrome(state, visit),
        form,
        &sessions,
        &v.session_public_id,
    ))
}

/// `GET /account`.
pub async fn profile(
    State(state): State<AppState>,
    CurrentUser(_, visit): CurrentUser,
) -> Result<Markup, Error> {
    render_profile(&state, &visit, &FormState::default()).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /account/password`: ends every other session of the user.
pub async fn change_password(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Form(f): Form<PasswordForm>,
) -> Result<Markup, Error> {
    let mut form = FormState::default();
    let user = db::users::by_id(&state.db, &v.user_id)
        .await?
        .ok_or(Error::NotFound)?;
    let now = state.clock.now_ms();
    limits::check(&state, limits::LOGIN_PER_ACCOUNT, &user.email, now).await?;
    if !password::verify(&user.password_hash, &f.current).await? {
        form.fail("current", "That is not your current password.");
    } else {
        limits::clear(&state, limits::LOGIN_PER_ACCOUNT, &user.email).await?;
    }
    if let Err(e) = password::check_strength(&f.new, &[&user.email, &user.name]) {
        form.fail("new", e);
    } else if f.new != f.confirm {
        form.fail("confirm", "The two new passwords differ.");
    } else if f.new == f.current {
        form.fail("new", "Choose a password different from the current one.");
    }
    if form.failed() {
        return render_profile(&state, &visit, &form).await;
    }
    let hash = password::hash(&f.new).await?;
    db::users::change_password(
        &state.db,
        &v.user_id,
        &hash,
        Some(&v.session_hash),
        now,
        &Entry {
            kind: "password_changed",
            actor_id: Some(&v.user_id),
            actor_label: &v.email,
            org_id: Some(&v.org_id),
            ip: &visit.ip,
            request_id: &visit.request_id,
            summary: "changed their password; other sessions ended",
        },
    )
    .await?;
    form.notice = Some("Password changed. Your other sessions have been signed out.".into());
    render_profile(&state, &visit, &form).await
}

/// `POST /account/sessions/{id}/revoke`.
pub async fn revoke_session(
    State(state): State<AppState>,
    CurrentUser(v, _): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    if !db::sessions::revoke(&state.db, &v.user_id, &id).await? {
        return Err(Error::NotFound);
    }
    let mut resp = Redirect::to(if id == v.session_public_id {
        "/"
    } else {
        "/account"
    })
    .into_response();
    if id == v.session_public_id {
        resp.headers_mut().append(
            header::SET_COOKIE,
            session::set_cookie(&state, SESSION_COOKIE, "", Some(0)),
        );
    }
    Ok(resp)
}

/// `GET /tickets`: engineers land here; tickets arrive in Step 6.
pub async fn tickets_placeholder(State(state): State<AppState>, visit: Visit) -> Markup {
    view::placeholder(
        &chrome(&state, &visit),
        "My tickets",
        "No service tickets yet. Tickets assigned to you will appear here.",
    )
}

/// `GET /invoices`: finance lands here; invoices arrive in Step 5.
pub async fn invoices_placeholder(State(state): State<AppState>, visit: Visit) -> Markup {
    view::placeholder(
        &chrome(&state, &visit),
        "Invoices",
        "No invoices yet. Invoices for your organization's orders will appear here.",
    )
}

/// `GET /seller`: where seller users land.
pub async fn seller_home(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
) -> Result<Markup, Error> {
    let (parts, in_stock) = db::platform::seller_part_counts(&state.db, &v.org_id).await?;
    Ok(view::seller_home(&chrome(&state, &visit), parts, in_stock))
}

/// `GET /admin`: the platform figures.
pub async fn admin_home(State(state): State<AppState>, visit: Visit) -> Result<Markup, Error> {
    let by_kind = db::platform::orgs_by_kind(&state.db).await?;
    let users = db::users::count(&state.db).await?;
    let parts = db::catalog::count_parts(&state.db).await?;
    let pending = db::platform::pending_sellers(&state.db).await?;
    Ok(view::admin_home(
        &chrome(&state, &visit),
        &by_kind,
        users,
        parts,
        &pending,
    ))
}
