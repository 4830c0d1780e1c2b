//! Log in, log out, sign up, and the account page (password, sessions).

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use serde::Deserialize;

use super::error::Error;
use super::extract::{Form, Path, RawQuery};
use super::session::{self, CurrentUser, SESSION_COOKIE, Visit};
use super::{chrome, limits, links};
use crate::app::AppState;
use crate::auth::{password, token};
use crate::db::email_tokens::Purpose;
use crate::db::{self, audit::Entry};
use crate::domain::access::{OrgClass, Role};
use crate::mail::OutgoingMail;
use crate::views::account::{self as view, FormState};

/// Where to go after login: a local path only, never another site.
fn safe_next(next: &str) -> Option<&str> {
    crate::domain::site_path::local_link(next)
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
        &visit.audit(&v, "logout", &v.org_id, "logged out"),
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

/// Whether an email address is worth sending mail to.
pub(crate) fn plausible_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && e.len() <= 254
        && !e.chars().any(|c| c.is_whitespace() || c.is_control())
        // What the mailer will accept, so a link can always be sent to it.
        && e.parse::<lettre::Address>().is_ok()
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
    let link = links::new(&state, "/verify", links::VERIFY_TTL)?;
    let Ok(mail) = OutgoingMail::new(
        format!("verify:{}", link.hash),
        &email,
        name,
        crate::views::mail::verify_email(name, &link.url, links::VERIFY_TTL),
    ) else {
        form.fail("name", "Use letters, spaces and punctuation only.");
        return Ok(render(&form));
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
            ip: &visit.ip,
            request_id: &visit.request_id,
        },
        &link.hash,
        link.expires_at,
        &mail,
        now,
    )
    .await?;
    state.mail_wakeup.notify_one();
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
        &visit.audit(
            &v,
            "password_changed",
            &v.org_id,
            "changed their password; other sessions ended",
        ),
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

/// `GET /verify?token=…`: uses a verification link.
pub async fn verify(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(q): RawQuery,
) -> Result<Markup, Error> {
    let hash = links::hash_from_query(q.as_deref());
    let used =
        db::email_tokens::consume(&state.db, Purpose::VerifyEmail, &hash, state.clock.now_ms())
            .await?;
    let c = chrome(&state, &visit);
    Ok(match used {
        Ok(t) => {
            if let Some(uid) = &t.user_id {
                db::users::mark_verified(&state.db, uid).await?;
            }
            view::link_result(
                &c,
                "Email verified",
                &format!("Thank you: {} is verified.", t.email),
                Some(("/", "Continue to the catalog")),
            )
        }
        Err(p) => {
            let action = if visit.viewer.is_some() {
                Some(("/account", "Send a new link from your account page"))
            } else {
                Some(("/login?next=%2Faccount", "Log in to get a new link"))
            };
            view::link_result(
                &c,
                "Verification link not usable",
                links::problem_text(p),
                action,
            )
        }
    })
}

/// `POST /account/verify/resend`.
pub async fn resend_verification(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
) -> Result<Markup, Error> {
    let now = state.clock.now_ms();
    limits::check(&state, limits::MAIL_PER_ACCOUNT, &v.email, now).await?;
    let mut form = FormState::default();
    if v.email_verified {
        form.notice = Some("Your email is already verified.".into());
        return render_profile(&state, &visit, &form).await;
    }
    links::send(
        &state,
        &links::Mailed {
            purpose: Purpose::VerifyEmail,
            ttl: links::VERIFY_TTL,
            user_id: Some(&v.user_id),
            org_id: Some(&v.org_id),
            to_addr: &v.email,
            to_name: &v.name,
            role: None,
            created_by: Some(&v.user_id),
            audit: visit.audit(
                &v,
                "verification_sent",
                &v.org_id,
                "asked for a new verification link",
            ),
        },
        |url| crate::views::mail::verify_email(&v.name, url, links::VERIFY_TTL),
    )
    .await?;
    form.notice = Some(format!("We sent a new verification link to {}.", v.email));
    render_profile(&state, &visit, &form).await
}

/// `GET /password/forgot`.
pub async fn forgot_form(State(state): State<AppState>, visit: Visit) -> Markup {
    view::forgot(&chrome(&state, &visit), &FormState::default())
}

#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

/// `POST /password/forgot`: answers the same whether or not the email has
/// an account, so the form cannot be used to find out who has one.
pub async fn forgot(
    State(state): State<AppState>,
    visit: Visit,
    Form(f): Form<ForgotForm>,
) -> Result<Markup, Error> {
    let email = f.email.trim().to_lowercase();
    let mut form = FormState {
        values: vec![("email", f.email.clone())],
        ..FormState::default()
    };
    if !plausible_email(&email) {
        form.fail("email", "Enter the email you log in with.");
        return Ok(view::forgot(&chrome(&state, &visit), &form));
    }
    let now = state.clock.now_ms();
    limits::check(&state, limits::RESET_PER_IP, &visit.ip, now).await?;
    if let Some(u) = db::users::by_email(&state.db, &email).await?
        && u.status == "active"
    {
        links::send(
            &state,
            &links::Mailed {
                purpose: Purpose::ResetPassword,
                ttl: links::RESET_TTL,
                user_id: Some(&u.id),
                org_id: Some(&u.org_id),
                to_addr: &u.email,
                to_name: &u.name,
                role: None,
                created_by: None,
                audit: Entry {
                    kind: "password_reset_requested",
                    actor_id: Some(&u.id),
                    actor_label: &u.email,
                    org_id: Some(&u.org_id),
                    ip: &visit.ip,
                    request_id: &visit.request_id,
                    summary: "asked for a password reset link",
                },
            },
            |url| crate::views::mail::password_reset(&u.name, url, links::RESET_TTL),
        )
        .await?;
    }
    Ok(view::link_result(
        &chrome(&state, &visit),
        "Check your mail",
        &format!(
            "If {email} has an account, a link to reset its password is on its way. It works for one hour."
        ),
        Some(("/login", "Back to log in")),
    ))
}

fn token_from_query(q: Option<&str>) -> String {
    q.and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .and_then(|kv| kv.into_iter().find(|(k, _)| k == "token").map(|(_, v)| v))
        .unwrap_or_default()
}

fn reset_problem(state: &AppState, visit: &Visit, p: db::email_tokens::Problem) -> Markup {
    view::link_result(
        &chrome(state, visit),
        "Reset link not usable",
        links::problem_text(p),
        Some(("/password/forgot", "Ask for a new link")),
    )
}

/// `GET /password/reset?token=…`.
pub async fn reset_form(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(q): RawQuery,
) -> Result<Markup, Error> {
    let token = token_from_query(q.as_deref());
    match db::email_tokens::peek(
        &state.db,
        Purpose::ResetPassword,
        &token::digest(&token),
        state.clock.now_ms(),
    )
    .await?
    {
        Ok(t) => Ok(view::reset(
            &chrome(&state, &visit),
            &FormState::default(),
            &token,
            &t.email,
        )),
        Err(p) => Ok(reset_problem(&state, &visit, p)),
    }
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /password/reset`: sets the password and ends every session.
pub async fn reset(
    State(state): State<AppState>,
    visit: Visit,
    Form(f): Form<ResetForm>,
) -> Result<Markup, Error> {
    let now = state.clock.now_ms();
    let hash = token::digest(&f.token);
    let t = match db::email_tokens::peek(&state.db, Purpose::ResetPassword, &hash, now).await? {
        Ok(t) => t,
        Err(p) => return Ok(reset_problem(&state, &visit, p)),
    };
    let mut form = FormState::default();
    if let Err(e) = password::check_strength(&f.new, &[&t.email]) {
        form.fail("new", e);
    } else if f.new != f.confirm {
        form.fail("confirm", "The two passwords differ.");
    }
    if form.failed() {
        return Ok(view::reset(
            &chrome(&state, &visit),
            &form,
            &f.token,
            &t.email,
        ));
    }
    let new_hash = password::hash(&f.new).await?;
    // Used up only now, so a weak first try does not burn the link.
    let t = match db::email_tokens::consume(&state.db, Purpose::ResetPassword, &hash, now).await? {
        Ok(t) => t,
        Err(p) => return Ok(reset_problem(&state, &visit, p)),
    };
    let Some(user_id) = t.user_id.as_deref() else {
        return Ok(reset_problem(
            &state,
            &visit,
            db::email_tokens::Problem::Unknown,
        ));
    };
    db::users::reset_password(
        &state.db,
        user_id,
        &new_hash,
        now,
        &Entry {
            kind: "password_reset",
            actor_id: Some(user_id),
            actor_label: &t.email,
            org_id: t.org_id.as_deref(),
            ip: &visit.ip,
            request_id: &visit.request_id,
            summary: "set a new password from a reset link; all sessions ended",
        },
    )
    .await?;
    limits::clear(&state, limits::LOGIN_PER_ACCOUNT, &t.email).await?;
    let form = FormState {
        values: vec![("email", t.email.clone())],
        notice: Some("Password set. Log in with your new password.".into()),
        ..FormState::default()
    };
    Ok(view::login(
        &chrome(&state, &visit),
        &form,
        "",
        &state.config.demo_logins,
    ))
}

fn invite_problem(state: &AppState, visit: &Visit, p: db::email_tokens::Problem) -> Markup {
    view::link_result(
        &chrome(state, visit),
        "Invitation not usable",
        &format!(
            "{} Ask the person who invited you to send a new invitation.",
            links::problem_text(p)
        ),
        Some(("/", "Go to the catalog")),
    )
}

async fn invitation_labels(
    state: &AppState,
    t: &db::email_tokens::TokenRow,
) -> Result<(String, String), Error> {
    let org = match &t.org_id {
        Some(id) => db::catalog::org(&state.db, id)
            .await?
            .map(|o| o.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    let role = t
        .role
        .as_deref()
        .and_then(|r| r.parse::<Role>().ok())
        .map_or("", |r| r.label());
    Ok((org, role.to_string()))
}

/// `GET /invite?token=…`.
pub async fn invite_form(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(q): RawQuery,
) -> Result<Markup, Error> {
    let token = token_from_query(q.as_deref());
    match db::email_tokens::peek(
        &state.db,
        Purpose::Invitation,
        &token::digest(&token),
        state.clock.now_ms(),
    )
    .await?
    {
        Ok(t) => {
            let (org, role) = invitation_labels(&state, &t).await?;
            Ok(view::accept_invitation(
                &chrome(&state, &visit),
                &FormState::default(),
                &token,
                &t.email,
                &org,
                &role,
            ))
        }
        Err(p) => Ok(invite_problem(&state, &visit, p)),
    }
}

#[derive(Deserialize)]
pub struct AcceptForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

/// `POST /invite`: creates the account in the inviter's organization with
/// the chosen role, and signs it in.
pub async fn accept_invite(
    State(state): State<AppState>,
    visit: Visit,
    headers: HeaderMap,
    Form(f): Form<AcceptForm>,
) -> Result<Response, Error> {
    let now = state.clock.now_ms();
    let hash = token::digest(&f.token);
    let t = match db::email_tokens::peek(&state.db, Purpose::Invitation, &hash, now).await? {
        Ok(t) => t,
        Err(p) => return Ok(invite_problem(&state, &visit, p).into_response()),
    };
    let (org, role_label) = invitation_labels(&state, &t).await?;
    let mut form = FormState {
        values: vec![("name", f.name.clone())],
        ..FormState::default()
    };
    let name = f.name.trim();
    if name.is_empty() || name.chars().count() > 120 || name.chars().any(char::is_control) {
        form.fail("name", "Enter your name.");
    }
    if let Err(e) = password::check_strength(&f.password, &[&t.email, name, &org]) {
        form.fail("password", e);
    }
    let (Some(org_id), Some(role)) = (t.org_id.clone(), t.role.clone()) else {
        return Ok(
            invite_problem(&state, &visit, db::email_tokens::Problem::Unknown).into_response(),
        );
    };
    if form.failed() {
        return Ok(view::accept_invitation(
            &chrome(&state, &visit),
            &form,
            &f.token,
            &t.email,
            &org,
            &role_label,
        )
        .into_response());
    }
    let pw = password::hash(&f.password).await?;
    let t = match db::email_tokens::consume(&state.db, Purpose::Invitation, &hash, now).await? {
        Ok(t) => t,
        Err(p) => return Ok(invite_problem(&state, &visit, p).into_response()),
    };
    let summary = format!("accepted an invitation as {role_label}");
    let created = db::users::create_member(
        &state.db,
        &org_id,
        &t.email,
        name,
        &role,
        &pw,
        now,
        &Entry {
            kind: "invitation_accepted",
            actor_id: None,
            actor_label: &t.email,
            org_id: Some(&org_id),
            ip: &visit.ip,
            request_id: &visit.request_id,
            summary: &summary,
        },
    )
    .await?;
    let Ok(user_id) = created else {
        return Ok(view::link_result(&chrome(&state, &visit), "You already have an account", &format!("{} already has an account. Log in with it; an account belongs to one organization.", t.email), Some(("/login", "Log in"))).into_response());
    };
    let cookie = start_session(&state, &visit, &headers, &user_id).await?;
    let landing = role.parse::<Role>().map_or("/", |r| r.landing());
    let mut resp = Redirect::to(landing).into_response();
    resp.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(resp)
}
