//! Adding, editing and duplicating a part.
//!
//! A part typed into the form is checked exactly as a spreadsheet row is:
//! the form becomes a one-row [`Sheet`] (a header of field labels and a row
//! of what was typed) and goes through the importer's validator, so every
//! rule and message is the import's. Each problem is mapped back to its
//! form field. On top of that come the checks a row gets against the
//! catalog: the fields a part needs, the seller's other part numbers, and
//! the equipment models (matched as imports match them, unknown ones
//! answered with the closest names).

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use partsportal_importers::records::{Options, PartRecord, Scope, Severity, split_list, validate};
use partsportal_importers::{Cell, Field, Row, Sheet};
use serde::Deserialize;

use super::chrome;
use super::error::Error;
use super::extract::{Form, Path};
use super::seller::{capitalized, own_part};
use super::session::{CurrentUser, Viewer, Visit};
use crate::app::AppState;
use crate::db;
use crate::db::catalog::PartRow;
use crate::db::seller_parts::{PartInput, Saved};
use crate::domain::catalog_import::{Defaults, KnownModel, ModelMatcher};
use crate::views::account::FormState;
use crate::views::seller_form::{self as view, Mode};

/// The form's fields that the importer reads, by form name. The form names
/// are the importer's field keys.
const FIELDS: [Field; 20] = [
    Field::PartNumber,
    Field::Name,
    Field::Description,
    Field::Manufacturer,
    Field::Category,
    Field::Brand,
    Field::OemPartNumber,
    Field::UnitPrice,
    Field::Currency,
    Field::GstRate,
    Field::Stock,
    Field::Moq,
    Field::OrderMultiple,
    Field::LeadTime,
    Field::WarrantyMonths,
    Field::Condition,
    Field::WeightKg,
    Field::Hsn,
    Field::CompatibleModels,
    Field::Supersedes,
];

/// The longest lead time accepted, in days (ten years).
const MAX_LEAD_DAYS: u32 = 3650;
/// The largest minimum order accepted.
const MAX_MOQ: i64 = 1_000_000;

/// What the part form sends.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct PartForm {
    #[serde(default)]
    part_number: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    manufacturer: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    brand: String,
    #[serde(default)]
    oem_part_number: String,
    #[serde(default)]
    unit_price: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    gst_rate: String,
    #[serde(default)]
    stock: String,
    #[serde(default)]
    moq: String,
    #[serde(default)]
    order_multiple: String,
    #[serde(default)]
    lead_time: String,
    #[serde(default)]
    warranty_months: String,
    #[serde(default)]
    condition: String,
    #[serde(default)]
    weight: String,
    #[serde(default)]
    hsn: String,
    #[serde(default)]
    low_stock_threshold: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    compatible_models: String,
    #[serde(default)]
    supersedes: String,
}

impl PartForm {
    /// The typed value of an importer field.
    fn value(&self, field: Field) -> &str {
        match field {
            Field::PartNumber => &self.part_number,
            Field::Name => &self.name,
            Field::Description => &self.description,
            Field::Manufacturer => &self.manufacturer,
            Field::Category => &self.category,
            Field::Brand => &self.brand,
            Field::OemPartNumber => &self.oem_part_number,
            Field::UnitPrice => &self.unit_price,
            Field::Currency => &self.currency,
            Field::GstRate => &self.gst_rate,
            Field::Stock => &self.stock,
            Field::Moq => &self.moq,
            Field::OrderMultiple => &self.order_multiple,
            Field::LeadTime => &self.lead_time,
            Field::WarrantyMonths => &self.warranty_months,
            Field::Condition => &self.condition,
            Field::WeightKg => &self.weight,
            Field::Hsn => &self.hsn,
            Field::CompatibleModels => &self.compatible_models,
            Field::Supersedes => &self.supersedes,
            Field::ImageUrl => "",
        }
    }

    /// Every value, for re-showing the form as typed.
    fn values(&self) -> Vec<(&'static str, String)> {
        let mut out: Vec<(&'static str, String)> = FIELDS
            .iter()
            .map(|f| (f.key(), self.value(*f).to_owned()))
            .collect();
        out.push(("low_stock_threshold", self.low_stock_threshold.clone()));
        out.push(("visibility", self.visibility.clone()));
        out
    }

    /// The form filled from a stored part.
    fn from_part(p: &PartRow, models: &[String], replaces: &[String]) -> PartForm {
        PartForm {
            part_number: p.part_number.clone(),
            name: p.name.clone(),
            description: p.description.clone(),
            manufacturer: p.manufacturer_name.clone(),
            category: p.category.clone(),
            brand: p.brand.clone(),
            oem_part_number: p.oem_part_number.clone(),
            unit_price: plain_amount(p.price_minor),
            currency: p.currency.clone(),
            gst_rate: p.gst_rate.to_string(),
            stock: p.stock.to_string(),
            moq: p.moq.to_string(),
            order_multiple: p.order_multiple.to_string(),
            lead_time: p.lead_time_days.to_string(),
            warranty_months: p.warranty_months.to_string(),
            condition: p.condition.clone(),
            weight: if p.weight_grams > 0 {
                format!("{} g", p.weight_grams)
            } else {
                String::new()
            },
            hsn: p.hsn_code.clone(),
            low_stock_threshold: p.low_stock_threshold.to_string(),
            visibility: p.visibility.clone(),
            compatible_models: models.join("\n"),
            supersedes: replaces.join("\n"),
        }
    }

    /// A new part's form, with the import defaults filled in.
    fn blank() -> PartForm {
        let d = Defaults::default();
        PartForm {
            currency: d.currency.to_owned(),
            gst_rate: d.gst_rate.to_string(),
            stock: d.stock.to_string(),
            moq: d.moq.to_string(),
            order_multiple: d.order_multiple.to_string(),
            lead_time: d.lead_time_days.to_string(),
            warranty_months: d.warranty_months.to_string(),
            condition: d.condition.to_owned(),
            low_stock_threshold: "0".into(),
            visibility: "public".into(),
            ..PartForm::default()
        }
    }
}

/// Minor units as a plain amount the price parser reads back: `1234.50`.
fn plain_amount(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, (minor % 100).abs())
}

/// What goes into a field's cell. A cell's white space is folded, line
/// breaks included, so the lines of the list fields are joined with the
/// separator an import's list cell uses.
fn cell_text(f: &PartForm, field: Field) -> String {
    let typed = f.value(field).trim();
    if matches!(field, Field::CompatibleModels | Field::Supersedes) {
        typed.lines().collect::<Vec<_>>().join("; ")
    } else {
        typed.to_owned()
    }
}

/// A list field's items as an import reads them, even when the row was
/// refused for another field.
fn list(f: &PartForm, field: Field) -> Vec<String> {
    split_list(Some(&cell_text(f, field)))
}

/// What a new part needs, said for the form.
fn required_message(field: Field) -> &'static str {
    match field {
        Field::Name => "Enter the part's name, such as “SpO2 sensor, adult, reusable”.",
        Field::UnitPrice => "Enter the unit price, such as 1,234.50.",
        Field::Manufacturer => "Enter the manufacturer, such as GE HealthCare.",
        Field::Category => "Enter a category path, such as Imaging > MRI > Coils.",
        _ => "Enter a value.",
    }
}

/// The form checked: its state (values and errors) and, when nothing is
/// wrong, the part to save.
struct Checked {
    form: FormState,
    input: Option<PartInput>,
}

/// Checks the form as the importer checks a row, then against the
/// catalog's models. The seller's other part numbers are checked by the
/// caller, which has the database.
fn check(f: &PartForm, is_new: bool, models: &[KnownModel]) -> Checked {
    let mut form = FormState {
        values: f.values(),
        ..FormState::default()
    };
    let used: Vec<Field> = FIELDS
        .iter()
        .copied()
        .filter(|field| is_new || *field != Field::Stock)
        .collect();
    // Column A carries a marker so the row is always read as data: a row
    // with one filled cell would be taken for a section title, and one
    // starting with "Total" for a total row.
    let mut header = vec![Cell::Empty];
    let mut data = vec![Cell::Text("form".into())];
    for field in &used {
        header.push(Cell::Text(field.label().into()));
        let typed = cell_text(f, *field);
        data.push(if typed.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(typed)
        });
    }
    let sheet = Sheet {
        name: "Part".into(),
        rows: vec![
            Row {
                number: 1,
                cells: header,
            },
            Row {
                number: 2,
                cells: data,
            },
        ],
    };
    let columns: Vec<(usize, Option<Field>)> = used
        .iter()
        .enumerate()
        .map(|(i, field)| (i + 1, Some(*field)))
        .collect();
    let normalize = |s: &str| partsportal_index::normalize_code(s);
    let validated = validate(
        &sheet,
        &Options {
            scope: Scope::Everything,
            profile: &[],
            header_row: Some(1),
            columns: &columns,
            normalize: &normalize,
        },
    );
    for p in validated
        .blocking
        .iter()
        .chain(&validated.problems)
        .filter(|p| p.severity == Severity::Error)
    {
        let message = format!("{}.", capitalized(&p.message));
        match p
            .column
            .and_then(|c| c.checked_sub(1))
            .and_then(|c| used.get(c))
        {
            Some(field) if form.error(field.key()).is_none() => form.fail(field.key(), message),
            Some(_) => {}
            None => form.banner = Some(message),
        }
    }
    let record = validated.records.first();
    // Nothing typed at all, or only a marker: no record and no problem.
    let empty = PartRecord::default();
    let rec = record.as_ref().unwrap_or(&empty);
    if record.is_none() && f.part_number.trim().is_empty() && form.error("part_number").is_none() {
        form.fail("part_number", "Enter the part number, such as AB-123/4.");
    }
    // A row with an error yields no record: then the required fields left
    // blank are the ones to name.
    let missing = match &record {
        Some(r) => r.missing_for_new(),
        None => empty
            .missing_for_new()
            .into_iter()
            .filter(|field| partsportal_importers::values::is_placeholder(f.value(*field)))
            .collect(),
    };
    for field in missing {
        if form.error(field.key()).is_none() {
            form.fail(field.key(), required_message(field));
        }
    }

    // What the importer does not know: the threshold and visibility.
    let threshold = match partsportal_importers::values::parse_whole_number(&Cell::Text(
        f.low_stock_threshold.trim().to_owned(),
    )) {
        Ok(None) => 0,
        Ok(Some(n)) if n >= 0 => n,
        _ => {
            form.fail(
                "low_stock_threshold",
                "Expected a whole number of 0 or more (0 turns the warning off).",
            );
            0
        }
    };
    let visibility = match f.visibility.as_str() {
        "public" | "hidden" => f.visibility.clone(),
        _ => {
            form.fail("visibility", "Choose whether buyers can see the part.");
            String::new()
        }
    };
    if rec.lead_time_days.is_some_and(|d| d > MAX_LEAD_DAYS) {
        form.fail("lead_time", "Expected a lead time of at most 3650 days.");
    }
    if rec.moq.is_some_and(|m| m > MAX_MOQ) {
        form.fail(
            "moq",
            "Expected a minimum order quantity of at most 1,000,000.",
        );
    }

    // Models, as an import matches them.
    let matcher = ModelMatcher::new(models);
    let mut model_ids = Vec::new();
    let mut unknown = Vec::new();
    for name in &list(f, Field::CompatibleModels) {
        match matcher.find(name) {
            Some(m) => model_ids.push(m.id.clone()),
            None => {
                let closest: Vec<String> =
                    matcher.closest(name, 3).iter().map(|m| m.label()).collect();
                unknown.push(if closest.is_empty() {
                    format!("“{name}” is not a known equipment model.")
                } else {
                    format!(
                        "“{name}” is not a known equipment model. Closest: {}.",
                        closest.join("; ")
                    )
                });
            }
        }
    }
    if !unknown.is_empty() && form.error("compatible_models").is_none() {
        form.fail(
            "compatible_models",
            format!(
                "{} Write one model per line as listed, such as GE HealthCare Signa Explorer.",
                unknown.join(" ")
            ),
        );
    }
    let mut supersedes = Vec::new();
    let own = partsportal_index::normalize_code(&f.part_number);
    for old in &list(f, Field::Supersedes) {
        let norm = partsportal_index::normalize_code(old);
        if norm.is_empty() {
            form.fail(
                "supersedes",
                format!(
                    "“{old}” has no letters or digits: expected old part numbers, one per line."
                ),
            );
        } else if norm == own {
            form.fail(
                "supersedes",
                format!("{old} is this part's own number: a part cannot replace itself."),
            );
        } else if !supersedes.iter().any(|(_, n)| *n == norm) {
            supersedes.push((old.clone(), norm));
        }
    }
    if form.failed() {
        return Checked { form, input: None };
    }
    let Some(rec) = record else {
        return Checked { form, input: None };
    };
    let d = Defaults::default();
    let order_multiple = rec.order_multiple.map_or(d.order_multiple, i64::from);
    // A blank minimum is the default in whole packs; a typed one was
    // checked against the packs by the importer.
    let moq = rec
        .moq
        .unwrap_or_else(|| crate::domain::cart::smallest_quantity(d.moq, order_multiple));
    let input = PartInput {
        part_number: rec.part_number.clone(),
        part_number_norm: rec.part_number_norm.clone(),
        name: rec.name.clone().unwrap_or_default(),
        description: rec.description.clone().unwrap_or_default(),
        manufacturer: rec.manufacturer.clone().unwrap_or_default(),
        category: rec.category.clone().unwrap_or_default(),
        brand: rec.brand.clone().unwrap_or_default(),
        oem_part_number: rec.oem_part_number.clone().unwrap_or_default(),
        price_minor: rec.price_minor.unwrap_or(0),
        currency: rec.currency.map_or(d.currency, |c| c.code()).to_owned(),
        gst_rate: rec.gst_rate.map_or(d.gst_rate as i32, i32::from),
        stock: rec.stock.unwrap_or(d.stock),
        moq: moq as i32,
        order_multiple: order_multiple as i32,
        lead_time_days: rec
            .lead_time_days
            .map_or(d.lead_time_days as i32, |x| x as i32),
        warranty_months: rec
            .warranty_months
            .map_or(d.warranty_months as i32, |x| x as i32),
        condition: rec.condition.map_or(d.condition, |c| c.key()).to_owned(),
        weight_grams: rec
            .weight_grams
            .map_or(0, |g| i64::try_from(g).unwrap_or(i64::MAX)),
        hsn_code: rec.hsn.clone().unwrap_or_default(),
        low_stock_threshold: threshold,
        visibility,
        models: model_ids,
        supersedes,
    };
    Checked {
        form,
        input: Some(input),
    }
}

/// Everything the form page needs besides the form itself.
async fn render(
    state: &AppState,
    visit: &Visit,
    v: &Viewer,
    mode: Mode<'_>,
    form: &FormState,
    taken: Option<(&str, &str)>,
) -> Result<Markup, Error> {
    let manufacturers = db::catalog::manufacturers(&state.db).await?;
    let categories = db::seller_parts::categories(&state.db, &v.org_id).await?;
    let names: Vec<&str> = manufacturers.iter().map(|m| m.name.as_str()).collect();
    Ok(view::page(
        &chrome(state, visit),
        &view::FormPage {
            mode,
            form,
            taken,
            manufacturers: &names,
            categories: &categories,
        },
    ))
}

/// `GET /seller/parts/new`.
pub async fn new_form(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
) -> Result<Markup, Error> {
    let form = FormState {
        values: PartForm::blank().values(),
        ..FormState::default()
    };
    render(&state, &visit, &v, Mode::New, &form, None).await
}

/// The models' labels and the old numbers of a stored part, as the form
/// shows them.
async fn links_of(state: &AppState, id: &str) -> Result<(Vec<String>, Vec<String>), Error> {
    let models = db::catalog::part_models(&state.db, id)
        .await?
        .iter()
        .map(|m| m.label())
        .collect();
    let replaces = db::catalog::replaces(&state.db, id).await?;
    Ok((models, replaces))
}

/// `GET /seller/parts/{id}/duplicate`: a new part's form filled from this
/// one, with an empty part number (and no old numbers: those belong to the
/// part they are on).
pub async fn duplicate_form(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Markup, Error> {
    let part = own_part(&state, &v, &id).await?;
    let (models, _) = links_of(&state, &id).await?;
    let mut f = PartForm::from_part(&part, &models, &[]);
    f.part_number.clear();
    f.stock = "0".into();
    let form = FormState {
        values: f.values(),
        ..FormState::default()
    };
    render(
        &state,
        &visit,
        &v,
        Mode::Duplicate {
            from: &part.part_number,
        },
        &form,
        None,
    )
    .await
}

/// `GET /seller/parts/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Markup, Error> {
    let part = own_part(&state, &v, &id).await?;
    let (models, replaces) = links_of(&state, &id).await?;
    let form = FormState {
        values: PartForm::from_part(&part, &models, &replaces).values(),
        ..FormState::default()
    };
    render(&state, &visit, &v, Mode::Edit { part: &part }, &form, None).await
}

/// Checks the form and the seller's other part numbers; the form state to
/// re-show (with the clashing part, if any) or the part to save.
async fn checked(
    state: &AppState,
    v: &Viewer,
    f: &PartForm,
    except: Option<&str>,
) -> Result<(FormState, Option<(String, String)>, Option<PartInput>), Error> {
    let models = db::imports::known_models(&state.db).await?;
    let Checked { mut form, input } = check(f, except.is_none(), &models);
    let norm = partsportal_index::normalize_code(f.part_number.trim());
    let mut taken = None;
    if !norm.is_empty() && form.error("part_number").is_none() {
        taken = db::seller_parts::same_number(&state.db, &v.org_id, &norm, except.unwrap_or(""))
            .await?;
        if let Some((_, pn)) = &taken {
            form.fail("part_number", taken_message(pn));
        }
    }
    let input = if form.failed() { None } else { input };
    Ok((form, taken, input))
}

fn taken_message(existing: &str) -> String {
    format!("You already list this part number as {existing}: each part number once per seller.")
}

/// `POST /seller/parts/new`.
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Form(f): Form<PartForm>,
) -> Result<Response, Error> {
    let (mut form, mut taken, input) = checked(&state, &v, &f, None).await?;
    if let Some(input) = input {
        let summary = format!("added part {} ({})", input.part_number, input.name);
        let audit = visit.audit(&v, "part_created", &v.org_id, &summary);
        match db::seller_parts::create(
            &state.db,
            &v.org_id,
            &v.user_id,
            &input,
            state.clock.now_ms(),
            &audit,
        )
        .await?
        {
            Saved::Ok(id) => {
                state.index_wakeup.notify_one();
                return Ok(
                    Redirect::to(&format!("/seller/parts/{id}?done=created")).into_response()
                );
            }
            Saved::Taken { id, part_number } => {
                form.fail("part_number", taken_message(&part_number));
                taken = Some((id, part_number));
            }
            Saved::NotFound => return Err(Error::NotFound),
        }
    }
    let taken = taken.as_ref().map(|(i, p)| (i.as_str(), p.as_str()));
    Ok(render(&state, &visit, &v, Mode::New, &form, taken)
        .await?
        .into_response())
}

/// `POST /seller/parts/{id}/edit`: everything but the stock, which changes
/// through a stock adjustment.
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<PartForm>,
) -> Result<Response, Error> {
    let part = own_part(&state, &v, &id).await?;
    let (mut form, mut taken, input) = checked(&state, &v, &f, Some(&id)).await?;
    if let Some(input) = input {
        let mut summary = format!("edited part {}", input.part_number);
        if input.price_minor != part.price_minor || input.currency != part.currency {
            summary.push_str(&format!(
                ": price {} → {}",
                crate::domain::money::format(part.price_minor, &part.currency),
                crate::domain::money::format(input.price_minor, &input.currency)
            ));
        }
        let audit = visit.audit(&v, "part_updated", &v.org_id, &summary);
        match db::seller_parts::update(
            &state.db,
            &v.org_id,
            &v.user_id,
            &id,
            &input,
            state.clock.now_ms(),
            &audit,
        )
        .await?
        {
            Saved::Ok(id) => {
                state.index_wakeup.notify_one();
                return Ok(Redirect::to(&format!("/seller/parts/{id}?done=saved")).into_response());
            }
            Saved::Taken { id, part_number } => {
                form.fail("part_number", taken_message(&part_number));
                taken = Some((id, part_number));
            }
            Saved::NotFound => return Err(Error::NotFound),
        }
    }
    let taken = taken.as_ref().map(|(i, p)| (i.as_str(), p.as_str()));
    Ok(
        render(&state, &visit, &v, Mode::Edit { part: &part }, &form, taken)
            .await?
            .into_response(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn models() -> Vec<KnownModel> {
        vec![KnownModel {
            id: "m1".into(),
            manufacturer: "GE HealthCare".into(),
            name: "Signa Explorer".into(),
            aliases: vec![],
        }]
    }

    fn valid() -> PartForm {
        PartForm {
            part_number: "AB-123/9".into(),
            name: "Head coil".into(),
            manufacturer: "GE HealthCare".into(),
            category: "imaging > mri > coils".into(),
            unit_price: "₹1,23,456.50".into(),
            compatible_models: "GE HealthCare Signa Explorer\n".into(),
            supersedes: "AB-123/8\nab 1238".into(),
            ..PartForm::blank()
        }
    }

    #[test]
    fn a_valid_form_reads_as_an_import_row_would() {
        let c = check(&valid(), true, &models());
        assert!(!c.form.failed(), "{:?}", c.form.errors);
        let input = c.input.unwrap_or_else(|| panic!("no input"));
        assert_eq!(input.part_number_norm, "AB1239");
        assert_eq!(input.price_minor, 12_345_650);
        assert_eq!(input.currency, "INR");
        assert_eq!(input.category, "Imaging > Mri > Coils");
        assert_eq!(input.models, vec!["m1".to_string()]);
        // The same old number written twice is one supersession.
        assert_eq!(
            input.supersedes,
            vec![("AB-123/8".to_string(), "AB1238".to_string())]
        );
        assert_eq!(
            (input.gst_rate, input.moq, input.visibility.as_str()),
            (18, 1, "public")
        );
    }

    #[test]
    fn problems_land_on_their_fields_with_the_importers_words() {
        let f = PartForm {
            unit_price: "twelve".into(),
            gst_rate: "7".into(),
            compatible_models: "Signa Explorr".into(),
            low_stock_threshold: "-1".into(),
            name: String::new(),
            ..valid()
        };
        let c = check(&f, true, &models());
        assert!(c.input.is_none());
        let err = |k: &str| c.form.error(k).unwrap_or("").to_owned();
        assert!(
            err("unit_price").starts_with("Expected a price such as"),
            "{}",
            err("unit_price")
        );
        assert!(
            err("gst_rate").contains("0, 5, 12, 18 or 28"),
            "{}",
            err("gst_rate")
        );
        assert!(err("name").contains("part's name"), "{}", err("name"));
        assert!(
            err("compatible_models").contains("GE HealthCare Signa Explorer"),
            "{}",
            err("compatible_models")
        );
        assert!(err("low_stock_threshold").contains("0 or more"));
        // What was typed is kept.
        assert_eq!(c.form.value("unit_price"), "twelve");
    }

    #[test]
    fn an_empty_form_names_every_required_field() {
        let c = check(&PartForm::blank(), true, &models());
        for k in [
            "part_number",
            "name",
            "unit_price",
            "manufacturer",
            "category",
        ] {
            assert!(c.form.error(k).is_some(), "{k}: {:?}", c.form.errors);
        }
        // A part number alone, even one the importer would read as a title.
        let only = PartForm {
            part_number: "Total-7".into(),
            ..PartForm::blank()
        };
        let c = check(&only, true, &models());
        assert!(c.form.error("part_number").is_none(), "{:?}", c.form.errors);
        assert!(c.form.error("name").is_some());
    }

    #[test]
    fn the_order_multiple_is_whole_packs_from_1_to_999() {
        let with = |moq: &str, multiple: &str| {
            check(
                &PartForm {
                    moq: moq.into(),
                    order_multiple: multiple.into(),
                    ..valid()
                },
                true,
                &models(),
            )
        };
        let c = with("20", "10");
        assert!(!c.form.failed(), "{:?}", c.form.errors);
        let input = c.input.unwrap_or_else(|| panic!("no input"));
        assert_eq!((input.moq, input.order_multiple), (20, 10));
        // A blank minimum is one pack.
        let input = with("", "25").input.unwrap_or_else(|| panic!("no input"));
        assert_eq!((input.moq, input.order_multiple), (25, 25));
        for bad in ["0", "1000", "ten", "2.5"] {
            let c = with("1", bad);
            assert!(c.input.is_none(), "{bad}");
            assert!(
                c.form
                    .error("order_multiple")
                    .is_some_and(|e| e.starts_with("Expected")),
                "{bad}: {:?}",
                c.form.errors
            );
            assert_eq!(c.form.value("order_multiple"), bad);
        }
        let c = with("12", "5");
        assert_eq!(
            c.form.error("moq"),
            Some(
                "Minimum order 12 is not a multiple of the pack size 5; expected a whole number \
                 of packs, such as 10 or 15."
            )
        );
        assert_eq!(c.form.error("order_multiple"), None);
    }

    #[test]
    fn a_part_cannot_replace_its_own_number() {
        let f = PartForm {
            supersedes: "ab 123 9".into(),
            ..valid()
        };
        let c = check(&f, true, &models());
        assert!(
            c.form
                .error("supersedes")
                .unwrap_or("")
                .contains("own number")
        );
        assert_eq!(plain_amount(12_345_650), "123456.50");
        assert_eq!(plain_amount(5), "0.05");
    }
}
