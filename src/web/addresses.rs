//! The address book of a buying organization (`Permission::Buy`): list,
//! add, change, make default, delete. Another organization's address id is
//! not found (404). A refused form re-renders with each error next to its
//! field and what was typed.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::chrome;
use super::error::Error;
use super::extract::{Form, Path, RawQuery};
use super::session::CurrentUser;
use crate::app::AppState;
use crate::db::{self, addresses::AddressRow};
use crate::domain::address::{self, Raw};
use crate::views::account::FormState;
use crate::views::addresses as view;

/// The address form's fields; checkout's "new shipping address" posts the
/// same ones.
#[derive(Deserialize, Default)]
pub struct AddressForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    contact_name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    line1: String,
    #[serde(default)]
    line2: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    postal_code: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    gstin: String,
}

impl AddressForm {
    /// An empty shipping address in India, the form's starting point.
    pub fn blank_shipping() -> AddressForm {
        AddressForm {
            kind: "shipping".into(),
            country: "IN".into(),
            ..AddressForm::default()
        }
    }

    /// The fields as the address rules take them.
    pub fn raw(&self) -> Raw {
        Raw {
            kind: self.kind.clone(),
            label: self.label.clone(),
            contact_name: self.contact_name.clone(),
            phone: self.phone.clone(),
            line1: self.line1.clone(),
            line2: self.line2.clone(),
            city: self.city.clone(),
            state: self.state.clone(),
            postal_code: self.postal_code.clone(),
            country: self.country.clone(),
            gstin: self.gstin.clone(),
        }
    }

    /// The fields as typed, for re-rendering the form.
    pub fn state(&self) -> FormState {
        FormState {
            values: vec![
                ("kind", self.kind.clone()),
                ("label", self.label.clone()),
                ("contact_name", self.contact_name.clone()),
                ("phone", self.phone.clone()),
                ("line1", self.line1.clone()),
                ("line2", self.line2.clone()),
                ("city", self.city.clone()),
                ("state", self.state.clone()),
                ("postal_code", self.postal_code.clone()),
                ("country", self.country.clone()),
                ("gstin", self.gstin.clone()),
            ],
            ..FormState::default()
        }
    }

    fn of(a: &AddressRow) -> AddressForm {
        AddressForm {
            kind: a.kind.clone(),
            label: a.label.clone(),
            contact_name: a.contact_name.clone(),
            phone: a.phone.clone(),
            line1: a.line1.clone(),
            line2: a.line2.clone(),
            city: a.city.clone(),
            state: address::state_name(&a.country, &a.state_code),
            postal_code: a.postal_code.clone(),
            country: a.country.clone(),
            gstin: a.gstin.clone(),
        }
    }
}

/// `GET /org/addresses`.
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    RawQuery(q): RawQuery,
) -> Result<Response, Error> {
    let addresses = db::addresses::list(&state.db, &v.org_id).await?;
    let mut form = AddressForm::blank_shipping().state();
    form.notice = match q.as_deref() {
        Some("saved=1") => Some("Address saved.".into()),
        Some("deleted=1") => Some("Address deleted.".into()),
        Some("default=1") => Some("Default address changed.".into()),
        _ => None,
    };
    Ok(view::page(&chrome(&state, &visit), &addresses, &form).into_response())
}

/// `POST /org/addresses`.
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Form(f): Form<AddressForm>,
) -> Result<Response, Error> {
    match address::check(&f.raw()) {
        Ok(a) => {
            let summary = format!("added a {} address in {}", a.kind.as_str(), a.city);
            let audit = visit.audit(&v, "address.create", &v.org_id, &summary);
            db::addresses::create(&state.db, &v.org_id, &a, state.clock.now_ms(), &audit).await?;
            Ok(Redirect::to("/org/addresses?saved=1").into_response())
        }
        Err(errors) => {
            let mut form = f.state();
            for (field, message) in errors {
                form.fail(field, message);
            }
            let addresses = db::addresses::list(&state.db, &v.org_id).await?;
            Ok(view::page(&chrome(&state, &visit), &addresses, &form).into_response())
        }
    }
}

/// `GET /org/addresses/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let a = db::addresses::get(&state.db, &v.org_id, &id)
        .await?
        .ok_or(Error::NotFound)?;
    let form = AddressForm::of(&a).state();
    Ok(view::edit(&chrome(&state, &visit), &a, &form).into_response())
}

/// `POST /org/addresses/{id}/edit`. The kind stays what it was.
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(mut f): Form<AddressForm>,
) -> Result<Response, Error> {
    let existing = db::addresses::get(&state.db, &v.org_id, &id)
        .await?
        .ok_or(Error::NotFound)?;
    f.kind = existing.kind.clone();
    match address::check(&f.raw()) {
        Ok(a) => {
            let summary = format!("changed a {} address in {}", a.kind.as_str(), a.city);
            let audit = visit.audit(&v, "address.update", &v.org_id, &summary);
            db::addresses::update(&state.db, &v.org_id, &id, &a, state.clock.now_ms(), &audit)
                .await?;
            Ok(Redirect::to("/org/addresses?saved=1").into_response())
        }
        Err(errors) => {
            let mut form = f.state();
            for (field, message) in errors {
                form.fail(field, message);
            }
            Ok(view::edit(&chrome(&state, &visit), &existing, &form).into_response())
        }
    }
}

/// `POST /org/addresses/{id}/default`.
pub async fn make_default(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let audit = visit.audit(
        &v,
        "address.default",
        &v.org_id,
        "changed a default address",
    );
    if !db::addresses::make_default(&state.db, &v.org_id, &id, state.clock.now_ms(), &audit).await?
    {
        return Err(Error::NotFound);
    }
    Ok(Redirect::to("/org/addresses?default=1").into_response())
}

/// `POST /org/addresses/{id}/delete`.
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let audit = visit.audit(&v, "address.delete", &v.org_id, "deleted an address");
    if !db::addresses::delete(&state.db, &v.org_id, &id, state.clock.now_ms(), &audit).await? {
        return Err(Error::NotFound);
    }
    Ok(Redirect::to("/org/addresses?deleted=1").into_response())
}
