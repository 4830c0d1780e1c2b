//! `GET /seller/settings` for everyone in a selling organization;
//! `POST /seller/settings` for its administrators only (the route needs
//! `ManageOrg`, and the handler refuses organizations that do not sell).

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::chrome;
use super::error::Error;
use super::extract::{Form, RawQuery};
use super::session::CurrentUser;
use crate::app::AppState;
use crate::db;
use crate::domain::access::{OrgClass, Permission};
use crate::domain::bank::{self, Raw};
use crate::domain::gstin::State as GstState;
use crate::views::account::FormState;
use crate::views::seller_settings as view;

#[derive(Deserialize, Default)]
pub struct SettingsForm {
    #[serde(default)]
    state: String,
    #[serde(default)]
    gstin: String,
    #[serde(default)]
    account_name: String,
    #[serde(default)]
    account_number: String,
    #[serde(default)]
    ifsc: String,
    #[serde(default)]
    swift: String,
    #[serde(default)]
    bank_name: String,
}

impl SettingsForm {
    fn state(&self) -> FormState {
        FormState {
            values: vec![
                ("state", self.state.clone()),
                ("gstin", self.gstin.clone()),
                ("account_name", self.account_name.clone()),
                ("account_number", self.account_number.clone()),
                ("ifsc", self.ifsc.clone()),
                ("swift", self.swift.clone()),
                ("bank_name", self.bank_name.clone()),
            ],
            ..FormState::default()
        }
    }
}

/// `GET /seller/settings`.
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    RawQuery(q): RawQuery,
) -> Result<Response, Error> {
    let saved = db::seller_settings::get(&state.db, &v.org_id).await?;
    let mut form = SettingsForm {
        state: GstState::find(&saved.state_code)
            .map(|s| s.name().to_owned())
            .unwrap_or_default(),
        gstin: saved.gstin.clone(),
        account_name: saved.bank_account_name.clone(),
        account_number: saved.bank_account_number.clone(),
        ifsc: saved.bank_ifsc.clone(),
        swift: saved.bank_swift.clone(),
        bank_name: saved.bank_name.clone(),
    }
    .state();
    if q.as_deref() == Some("saved=1") {
        form.notice = Some("Settings saved.".into());
    }
    let can_edit = v.can(Permission::ManageOrg);
    Ok(view::page(&chrome(&state, &visit), &saved, &form, can_edit).into_response())
}

/// `POST /seller/settings`.
pub async fn save(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Form(f): Form<SettingsForm>,
) -> Result<Response, Error> {
    if v.class != OrgClass::Seller {
        return Err(Error::Forbidden);
    }
    let raw = Raw {
        state: f.state.clone(),
        gstin: f.gstin.clone(),
        account_name: f.account_name.clone(),
        account_number: f.account_number.clone(),
        ifsc: f.ifsc.clone(),
        swift: f.swift.clone(),
        bank_name: f.bank_name.clone(),
    };
    match bank::check(&raw) {
        Ok(s) => {
            // The audit row names what changed, never the full number.
            let summary = format!(
                "saved GST and bank settings (GSTIN {}, account {})",
                if s.gstin.is_empty() { "none" } else { &s.gstin },
                bank::masked(&s.account_number)
            );
            let audit = visit.audit(&v, "seller.settings", &v.org_id, &summary);
            db::seller_settings::save(&state.db, &v.org_id, &s, state.clock.now_ms(), &audit)
                .await?;
            Ok(Redirect::to("/seller/settings?saved=1").into_response())
        }
        Err(errors) => {
            let mut form = f.state();
            for (field, message) in errors {
                form.fail(field, message);
            }
            let saved = db::seller_settings::get(&state.db, &v.org_id).await?;
            Ok(view::page(&chrome(&state, &visit), &saved, &form, true).into_response())
        }
    }
}
