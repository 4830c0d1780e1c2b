//! An organization's admins manage its users: invite, change role,
//! deactivate. Every query is limited to the caller's organization, so an id
//! from another organization finds nothing (404) and changes nothing.

use axum::extract::State;
use maud::Markup;
use serde::Deserialize;

use super::error::Error;
use super::extract::{Form, Path};
use super::session::{CurrentUser, Visit};
use super::{chrome, limits, links};
use crate::app::AppState;
use crate::db;
use crate::db::email_tokens::Purpose;
use crate::db::users::Refused;
use crate::domain::access::Role;
use crate::views::account::FormState;

async fn render(state: &AppState, visit: &Visit, form: &FormState) -> Result<Markup, Error> {
    let Some(v) = &visit.viewer else {
        return Err(Error::SignInRequired {
            next: "/org/users".into(),
        });
    };
    let users = db::users::list_org(&state.db, &v.org_id).await?;
    let invitations =
        db::email_tokens::open_invitations(&state.db, &v.org_id, state.clock.now_ms()).await?;
    Ok(crate::views::org::users(
        &chrome(state, visit),
        form,
        &users,
        &invitations,
        v.class.roles(),
    ))
}

/// `GET /org/users`.
pub async fn users(
    State(state): State<AppState>,
    CurrentUser(_, visit): CurrentUser,
) -> Result<Markup, Error> {
    render(&state, &visit, &FormState::default()).await
}

#[derive(Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

/// `POST /org/users/invite`.
pub async fn invite(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Form(f): Form<InviteForm>,
) -> Result<Markup, Error> {
    let email = f.email.trim().to_lowercase();
    let mut form = FormState {
        values: vec![("email", f.email.clone()), ("role", f.role.clone())],
        ..FormState::default()
    };
    let role = f
        .role
        .parse::<Role>()
        .ok()
        .filter(|r| v.class.roles().contains(r));
    if role.is_none() {
        form.fail(
            "role",
            "Choose one of the roles this organization can hold.",
        );
    }
    if !super::account::plausible_email(&email) {
        form.fail("email", "Enter an email address like name@hospital.in.");
    } else if db::users::by_email(&state.db, &email).await?.is_some() {
        form.fail(
            "email",
            "This email already has an account. An account belongs to one organization.",
        );
    }
    let Some(role) = role.filter(|_| !form.failed()) else {
        return render(&state, &visit, &form).await;
    };
    let now = state.clock.now_ms();
    limits::check(
        &state,
        limits::MAIL_PER_ACCOUNT,
        &format!("invite:{}", v.user_id),
        now,
    )
    .await?;
    let summary = format!("invited {email} as {}", role.label());
    links::send(
        &state,
        &links::Mailed {
            purpose: Purpose::Invitation,
            ttl: links::INVITE_TTL,
            user_id: None,
            org_id: Some(&v.org_id),
            to_addr: &email,
            to_name: "",
            role: Some(role.as_str()),
            created_by: Some(&v.user_id),
            audit: visit.audit(&v, "invitation_sent", &v.org_id, &summary),
        },
        |url| {
            crate::views::mail::invitation(
                &v.name,
                &v.org_name,
                role.label(),
                url,
                links::INVITE_TTL,
            )
        },
    )
    .await?;
    let form = FormState {
        notice: Some(format!("Invitation sent to {email}.")),
        ..FormState::default()
    };
    render(&state, &visit, &form).await
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

async fn change(
    state: &AppState,
    v: &super::session::Viewer,
    visit: &Visit,
    user_id: &str,
    role: Option<&str>,
    status: Option<&str>,
) -> Result<Markup, Error> {
    let Some(target) = db::users::by_id(&state.db, user_id)
        .await?
        .filter(|u| u.org_id == v.org_id)
    else {
        return Err(Error::NotFound);
    };
    // A lock is the platform's: an organization admin can neither lift it
    // nor turn it into a deactivation.
    if target.status == "locked" {
        let form = FormState {
            banner: Some(format!(
                "Nothing changed: {} is locked by the platform administrators.",
                target.email
            )),
            ..FormState::default()
        };
        return render(state, visit, &form).await;
    }
    let role = role.unwrap_or(&target.role);
    let status = status.unwrap_or(&target.status);
    let (kind, summary) = if status != target.status {
        (
            if status == "active" {
                "user_reactivated"
            } else {
                "user_deactivated"
            },
            format!(
                "{} {}",
                if status == "active" {
                    "reactivated"
                } else {
                    "deactivated"
                },
                target.email
            ),
        )
    } else {
        let label = role
            .parse::<Role>()
            .map_or(role.to_string(), |r| r.label().to_string());
        (
            "role_changed",
            format!("changed the role of {} to {label}", target.email),
        )
    };
    let done = db::users::update_member(
        &state.db,
        &v.org_id,
        user_id,
        role,
        status,
        v.class.admin_role().as_str(),
        state.clock.now_ms(),
        &visit.audit(v, kind, &v.org_id, &summary),
    )
    .await?;
    let mut form = FormState::default();
    match done {
        Ok(()) => form.notice = Some(format!("Done: {summary}.")),
        Err(Refused::NotFound) => return Err(Error::NotFound),
        Err(Refused::LastAdmin) => {
            form.banner = Some(
                "Nothing changed: the organization needs at least one active administrator.".into(),
            )
        }
    }
    render(state, visit, &form).await
}

/// `POST /org/users/{id}/role`.
pub async fn set_role(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<RoleForm>,
) -> Result<Markup, Error> {
    // A user of another organization is not found, whatever the role.
    if db::users::by_id(&state.db, &id)
        .await?
        .is_none_or(|u| u.org_id != v.org_id)
    {
        return Err(Error::NotFound);
    }
    let Some(role) = f
        .role
        .parse::<Role>()
        .ok()
        .filter(|r| v.class.roles().contains(r))
    else {
        let form = FormState {
            banner: Some(
                "Nothing changed: choose one of the roles this organization can hold.".into(),
            ),
            ..FormState::default()
        };
        return render(&state, &visit, &form).await;
    };
    change(&state, &v, &visit, &id, Some(role.as_str()), None).await
}

/// `POST /org/users/{id}/deactivate`.
pub async fn deactivate(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Markup, Error> {
    change(&state, &v, &visit, &id, None, Some("deactivated")).await
}

/// `POST /org/users/{id}/reactivate`.
pub async fn reactivate(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Markup, Error> {
    change(&state, &v, &visit, &id, None, Some("active")).await
}
