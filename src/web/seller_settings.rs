//! `GET /seller/settings` for everyone in a selling organization;
//! `POST /seller/settings` (GST and bank details) and
//! `POST /seller/settings/shipping` (shipping rules) for its administrators
//! only (the routes need `ManageOrg`, and the handlers refuse
//! organizations that do not sell).

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use partsportal_importers::Cell;
use partsportal_importers::values::parse_whole_number;
use serde::Deserialize;

use super::chrome;
use super::error::Error;
use super::extract::{Form, RawQuery};
use super::purchasing::parse_amount;
use super::session::{CurrentUser, Viewer, Visit};
use crate::app::AppState;
use crate::db;
use crate::db::seller_settings::SellerSettingsRow;
use crate::domain::access::{OrgClass, Permission};
use crate::domain::bank::{self, Raw};
use crate::domain::gstin::State as GstState;
use crate::domain::shipping::{Rate, Service, ShipOption, ShippingRules, Slab, Zone};
use crate::views::account::FormState;
use crate::views::purchasing::amount_input;
use crate::views::seller_settings::{self as view, RulesForm, SLAB_ROWS};

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
    let mut form = settings_form(&saved);
    if q.as_deref() == Some("saved=1") {
        form.notice = Some("Settings saved.".into());
    }
    let rules = saved_rules(&saved);
    let mut rules_form = rules_form(&rules);
    if q.as_deref() == Some("shipping=1") {
        rules_form.notice = Some("Shipping rules saved.".into());
    }
    Ok(render(
        &state,
        &v,
        &visit,
        &saved,
        &form,
        &rules,
        &rules_form,
    ))
}

/// The page, with the forms' states.
fn render(
    state: &AppState,
    v: &Viewer,
    visit: &Visit,
    saved: &SellerSettingsRow,
    form: &FormState,
    rules: &ShippingRules,
    rules_form: &RulesForm,
) -> Response {
    let can_edit = v.can(Permission::ManageOrg) && v.class == OrgClass::Seller;
    view::page(
        &chrome(state, visit),
        saved,
        form,
        rules,
        rules_form,
        can_edit,
    )
    .into_response()
}

/// The GST and bank form filled with what is saved.
fn settings_form(saved: &SellerSettingsRow) -> FormState {
    SettingsForm {
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
    .state()
}

/// The saved shipping rules; the defaults when none are saved or the
/// stored JSON cannot be read (logged: only a hand edit causes that).
fn saved_rules(saved: &SellerSettingsRow) -> ShippingRules {
    db::seller_settings::rules_of(&saved.shipping_rules).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "unreadable shipping rules; showing the defaults");
        ShippingRules::default()
    })
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
            let rules = saved_rules(&saved);
            Ok(render(
                &state,
                &v,
                &visit,
                &saved,
                &form,
                &rules,
                &rules_form(&rules),
            ))
        }
    }
}

/// The shipping form filled with `rules`: amounts in major units, slab
/// rows for a weight table, ticked boxes as `on`.
fn rules_form(rules: &ShippingRules) -> RulesForm {
    let mut values = BTreeMap::new();
    let mut put = |k: String, v: String| {
        values.insert(k, v);
    };
    let on = |b: bool| if b { "on" } else { "" }.to_owned();
    put("currency".into(), rules.currency.clone());
    put("standard_enabled".into(), on(rules.standard_enabled));
    put("express_enabled".into(), on(rules.express_enabled));
    put(
        "free_standard_threshold_minor".into(),
        rules
            .free_standard_threshold_minor
            .map(amount_input)
            .unwrap_or_default(),
    );
    for zone in Zone::ALL {
        let z = zone_rules(rules, zone);
        put(format!("{}.enabled", zone.key()), on(z.enabled));
        put(
            format!("{}.express.offered", zone.key()),
            on(z.express.is_some()),
        );
        let services = [
            (ShipOption::Standard, Some(&z.standard)),
            (ShipOption::Express, z.express.as_ref()),
        ];
        for (option, service) in services {
            let p = format!("{}.{}", zone.key(), option.key());
            let Some(service) = service else {
                put(format!("{p}.rate.mode"), "flat".into());
                continue;
            };
            put(
                format!("{p}.transit_days"),
                service.transit_days.to_string(),
            );
            match &service.rate {
                Rate::Flat { fee_minor } => {
                    put(format!("{p}.rate.mode"), "flat".into());
                    put(format!("{p}.rate.fee_minor"), amount_input(*fee_minor));
                }
                Rate::Slabs {
                    slabs,
                    extra_kg_fee_minor,
                } => {
                    put(format!("{p}.rate.mode"), "slabs".into());
                    for (i, slab) in slabs.iter().enumerate() {
                        put(
                            format!("{p}.rate.slabs.{i}.up_to_grams"),
                            slab.up_to_grams.to_string(),
                        );
                        put(
                            format!("{p}.rate.slabs.{i}.fee_minor"),
                            amount_input(slab.fee_minor),
                        );
                    }
                    put(
                        format!("{p}.rate.extra_kg_fee_minor"),
                        amount_input(*extra_kg_fee_minor),
                    );
                }
            }
        }
    }
    RulesForm {
        values,
        ..RulesForm::default()
    }
}

fn zone_rules(rules: &ShippingRules, zone: Zone) -> &crate::domain::shipping::ZoneRules {
    match zone {
        Zone::SameState => &rules.same_state,
        Zone::OtherState => &rules.other_state,
        Zone::International => &rules.international,
    }
}

/// An amount field of the shipping form; a refused or missing one fails
/// the field and reads as 0 so the rest can still be checked.
fn rule_amount(f: &mut RulesForm, name: String, currency: &str, missing: &str) -> i64 {
    match parse_amount(f.value(&name), currency) {
        Ok(Some(minor)) => minor,
        Ok(None) => {
            f.fail(name, missing);
            0
        }
        Err(message) => {
            f.fail(name, message);
            0
        }
    }
}

/// A whole-number field of the shipping form (days, grams); refused ones
/// fail the field and read as 0.
fn rule_whole(f: &mut RulesForm, name: String, message: &str) -> u64 {
    match parse_whole_number(&Cell::Text(f.value(&name).to_owned())) {
        Ok(Some(n)) if n >= 0 => n.unsigned_abs(),
        _ => {
            f.fail(name, message);
            0
        }
    }
}

/// One service of the form. Slab rows left empty are skipped; the form
/// row of each slab kept is pushed on `rows`, to put the validator's slab
/// errors (which count kept slabs) back on the rows typed.
fn service_of(f: &mut RulesForm, prefix: &str, currency: &str, rows: &mut Vec<usize>) -> Service {
    let days = rule_whole(
        f,
        format!("{prefix}.transit_days"),
        "Expected a whole number of business days, such as 4.",
    );
    let transit_days = u32::try_from(days).unwrap_or(u32::MAX);
    let rate = match f.value(&format!("{prefix}.rate.mode")) {
        "slabs" => {
            let mut slabs = Vec::new();
            for i in 0..SLAB_ROWS {
                let up = format!("{prefix}.rate.slabs.{i}.up_to_grams");
                let fee = format!("{prefix}.rate.slabs.{i}.fee_minor");
                if f.value(&up).trim().is_empty() && f.value(&fee).trim().is_empty() {
                    continue;
                }
                let up_to_grams = rule_whole(f, up, "Expected a weight in grams, such as 1000.");
                let fee_minor =
                    rule_amount(f, fee, currency, "Enter this slab's fee; 0 ships free.");
                slabs.push(Slab {
                    up_to_grams,
                    fee_minor,
                });
                rows.push(i);
            }
            let extra_kg_fee_minor = rule_amount(
                f,
                format!("{prefix}.rate.extra_kg_fee_minor"),
                currency,
                "Enter the fee per extra kg; 0 charges nothing more.",
            );
            Rate::Slabs {
                slabs,
                extra_kg_fee_minor,
            }
        }
        "flat" => Rate::Flat {
            fee_minor: rule_amount(
                f,
                format!("{prefix}.rate.fee_minor"),
                currency,
                "Enter a fee; 0 ships free.",
            ),
        },
        _ => {
            f.fail(
                format!("{prefix}.rate.mode"),
                "Choose a flat fee or by weight.",
            );
            Rate::Flat { fee_minor: 0 }
        }
    };
    Service { transit_days, rate }
}

/// Reads the shipping form into rules and checks them with
/// `ShippingRules::validate`; `None` when any field failed (each error is
/// on its field in `f`).
fn parse_rules(f: &mut RulesForm) -> Option<ShippingRules> {
    let currency = f.value("currency").trim().to_owned();
    let free_standard_threshold_minor =
        match parse_amount(f.value("free_standard_threshold_minor"), &currency) {
            Ok(t) => t,
            Err(message) => {
                f.fail("free_standard_threshold_minor".into(), message);
                None
            }
        };
    // The form rows of each service's kept slabs, by the service's prefix.
    let mut slab_rows: Vec<(String, Vec<usize>)> = Vec::new();
    let mut zones = Vec::new();
    for zone in Zone::ALL {
        let key = zone.key();
        let enabled = f.checked(&format!("{key}.enabled"));
        let mut rows = Vec::new();
        let standard = service_of(f, &format!("{key}.standard"), &currency, &mut rows);
        slab_rows.push((format!("{key}.standard"), rows));
        let express = if f.checked(&format!("{key}.express.offered")) {
            let mut rows = Vec::new();
            let service = service_of(f, &format!("{key}.express"), &currency, &mut rows);
            slab_rows.push((format!("{key}.express"), rows));
            Some(service)
        } else {
            None
        };
        zones.push(crate::domain::shipping::ZoneRules {
            enabled,
            standard,
            express,
        });
    }
    let [same_state, other_state, international]: [crate::domain::shipping::ZoneRules; 3] =
        zones.try_into().ok()?;
    let rules = ShippingRules {
        currency,
        standard_enabled: f.checked("standard_enabled"),
        express_enabled: f.checked("express_enabled"),
        same_state,
        other_state,
        international,
        free_standard_threshold_minor,
    };
    if let Err(errors) = rules.validate() {
        for e in errors {
            // A field already refused as typed keeps that message.
            f.fail(form_field(&e.field, &slab_rows), e.message);
        }
    }
    f.errors.is_empty().then_some(rules)
}

/// The form field of a validator field: slab indexes count the slabs kept,
/// the form's count its rows.
fn form_field(field: &str, slab_rows: &[(String, Vec<usize>)]) -> String {
    for (prefix, rows) in slab_rows {
        let head = format!("{prefix}.rate.slabs.");
        if let Some(rest) = field.strip_prefix(&head)
            && let Some((index, tail)) = rest.split_once('.')
            && let Some(row) = index.parse::<usize>().ok().and_then(|i| rows.get(i))
        {
            return format!("{head}{row}.{tail}");
        }
    }
    field.to_owned()
}

/// `POST /seller/settings/shipping`.
pub async fn save_shipping(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Error> {
    if v.class != OrgClass::Seller {
        return Err(Error::Forbidden);
    }
    let mut f = RulesForm {
        values: pairs.into_iter().filter(|(k, _)| k != "_csrf").collect(),
        ..RulesForm::default()
    };
    match parse_rules(&mut f) {
        Some(rules) => {
            let zones: Vec<&str> = Zone::ALL
                .into_iter()
                .filter(|z| zone_rules(&rules, *z).enabled)
                .map(Zone::label)
                .collect();
            let summary = format!(
                "saved shipping rules in {} (standard {}, express {}; ships: {})",
                rules.currency,
                if rules.standard_enabled { "on" } else { "off" },
                if rules.express_enabled { "on" } else { "off" },
                zones.join(", ")
            );
            let audit = visit.audit(&v, "seller.shipping_rules", &v.org_id, &summary);
            db::seller_settings::save_shipping_rules(
                &state.db,
                &v.org_id,
                &rules,
                state.clock.now_ms(),
                &audit,
            )
            .await?;
            Ok(Redirect::to("/seller/settings?shipping=1#shipping").into_response())
        }
        None => {
            let saved = db::seller_settings::get(&state.db, &v.org_id).await?;
            let rules = saved_rules(&saved);
            Ok(render(
                &state,
                &v,
                &visit,
                &saved,
                &settings_form(&saved),
                &rules,
                &f,
            ))
        }
    }
}
