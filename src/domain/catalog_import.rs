//! What an import will do to a seller's catalog, decided before anything is
//! written: which rows create parts, which update them, which change
//! nothing, which parts leave the catalog, and which manufacturers and
//! equipment models are new.
//!
//! The same plan serves the preview (a dry run that only counts) and the job
//! (which writes it in one transaction), so the preview's counts are the
//! job's counts for an unchanged catalog.
//!
//! Rules:
//! - A row updates the seller's part with the same normalized part number,
//!   archived ones included (the import lists them again); otherwise it
//!   creates one, which needs a name, a price, a manufacturer and a category.
//! - An empty cell, or a column the file does not have, leaves the field as
//!   it is; a new part takes the defaults in [`Defaults`].
//! - A price-only or stock-only import never creates parts: a row for a part
//!   the seller does not list is an error.
//! - Compatible models are matched by name, "maker name" label or alias,
//!   ignoring case and punctuation. An unknown model is a warning naming the
//!   closest known models; the row is imported without it, unless the
//!   uploader chose to create unknown models.
//! - A part's minimum order is kept a whole number of packs. A row with
//!   both is checked by the importer; a row that gives only a pack size
//!   rounds the minimum it keeps (or the default) up to whole packs, which
//!   is the smallest quantity buyers could order anyway; a row that gives
//!   only a minimum that is not a whole number of the part's current packs
//!   is an error on the minimum.
//! - "Archive parts missing from the file" archives the seller's active
//!   parts whose part number is on no row of the file.

use std::collections::{BTreeSet, HashMap};

use partsportal_importers::records::{Omitted, PartRecord, Scope, Severity, Validated};
use partsportal_importers::{Field, Problem};

/// The columns an import sets on a part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartValues {
    pub part_number: String,
    pub name: String,
    pub description: String,
    pub category: String,
    pub manufacturer_id: String,
    pub price_minor: i64,
    pub currency: String,
    pub stock: i64,
    pub lead_time_days: i64,
    pub moq: i64,
    pub order_multiple: i64,
    pub warranty_months: i64,
    pub weight_grams: i64,
    pub hsn_code: String,
    pub gst_rate: i64,
    pub condition: String,
    pub brand: String,
    pub oem_part_number: String,
}

/// One of the seller's parts as it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing {
    pub id: String,
    pub values: PartValues,
    /// `active` or `archived`.
    pub status: String,
    /// Ids of the models it fits.
    pub models: BTreeSet<String>,
    /// Normalized old part numbers it replaces.
    pub supersedes: BTreeSet<String>,
}

/// What a new part gets for a field the file leaves empty.
#[derive(Debug, Clone)]
pub struct Defaults {
    pub currency: &'static str,
    pub stock: i64,
    pub lead_time_days: i64,
    pub moq: i64,
    pub order_multiple: i64,
    pub warranty_months: i64,
    pub gst_rate: i64,
    pub condition: &'static str,
}

impl Default for Defaults {
    fn default() -> Self {
        Defaults {
            currency: "INR",
            stock: 0,
            lead_time_days: 0,
            moq: 1,
            order_multiple: 1,
            warranty_months: 0,
            gst_rate: 18,
            condition: "new",
        }
    }
}

impl Defaults {
    /// The defaults as "field: value" phrases for the preview page.
    pub fn describe(&self) -> Vec<(Field, String)> {
        vec![
            (Field::Currency, self.currency.to_owned()),
            (Field::Stock, self.stock.to_string()),
            (Field::LeadTime, format!("{} days", self.lead_time_days)),
            (Field::Moq, self.moq.to_string()),
            (Field::OrderMultiple, self.order_multiple.to_string()),
            (Field::WarrantyMonths, self.warranty_months.to_string()),
            (Field::GstRate, format!("{}%", self.gst_rate)),
            (Field::Condition, self.condition.to_owned()),
        ]
    }
}

/// A known equipment model, for matching names in the file.
#[derive(Debug, Clone)]
pub struct KnownModel {
    pub id: String,
    pub manufacturer: String,
    pub name: String,
    pub aliases: Vec<String>,
}

impl KnownModel {
    /// "Maker Name", as pages show it.
    pub fn label(&self) -> String {
        format!("{} {}", self.manufacturer, self.name)
    }
}

/// Matching keys: lower case, letters and digits only, so "Signa
/// Explorer", "signa-explorer" and "SIGNAEXPLORER" compare equal.
pub fn key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Finds equipment models by the names suppliers write.
pub struct ModelMatcher<'a> {
    models: &'a [KnownModel],
    by_key: HashMap<String, usize>,
    keys: Vec<(String, usize)>,
}

impl<'a> ModelMatcher<'a> {
    /// Indexes `models` by name, label and aliases.
    pub fn new(models: &'a [KnownModel]) -> ModelMatcher<'a> {
        let mut by_key = HashMap::new();
        let mut keys = Vec::new();
        for (i, m) in models.iter().enumerate() {
            let mut names = vec![m.name.clone(), m.label()];
            names.extend(m.aliases.iter().cloned());
            for name in names {
                let k = key(&name);
                if k.is_empty() {
                    continue;
                }
                by_key.entry(k.clone()).or_insert(i);
                keys.push((k, i));
            }
        }
        ModelMatcher {
            models,
            by_key,
            keys,
        }
    }

    /// The model a name means, if it matches exactly (up to case and
    /// punctuation).
    pub fn find(&self, name: &str) -> Option<&'a KnownModel> {
        self.by_key.get(&key(name)).map(|&i| &self.models[i])
    }

    /// Up to `n` models closest to `name`, best first: those whose key
    /// contains it or is contained in it, then by edit-distance similarity,
    /// keeping only reasonably close ones.
    pub fn closest(&self, name: &str, n: usize) -> Vec<&'a KnownModel> {
        let k = key(name);
        if k.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(f64, usize)> = Vec::new();
        for (candidate, i) in &self.keys {
            let mut score = strsim::normalized_levenshtein(&k, candidate);
            if candidate.len() >= 3 && (candidate.contains(&k) || k.contains(candidate.as_str())) {
                score = score.max(0.75);
            }
            if score >= 0.5 {
                scored.push((score, *i));
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut out: Vec<&KnownModel> = Vec::new();
        for (_, i) in scored {
            let m = &self.models[i];
            if !out.iter().any(|o| o.id == m.id) {
                out.push(m);
            }
            if out.len() == n {
                break;
            }
        }
        out
    }
}

/// The choices made on the preview page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choices {
    pub scope: Scope,
    /// Archive the seller's active parts that are on no row of the file.
    pub archive_missing: bool,
    /// Create equipment models the file names and the catalog lacks.
    pub create_models: bool,
}

/// A part to insert or update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    /// The row it comes from.
    pub row: u32,
    /// The part's id (new or existing).
    pub id: String,
    pub norm: String,
    pub is_new: bool,
    pub values: PartValues,
    /// The price before, for the price history; `None` for a new part.
    pub old_price: Option<(i64, String)>,
    /// The stock before, for the stock history; `None` for a new part.
    pub old_stock: Option<i64>,
    /// The models it fits after the import, when the file says.
    pub models: Option<Vec<String>>,
    /// Old part numbers (as written, normalized) to record as replaced.
    pub supersedes: Vec<(String, String)>,
    /// An archived part listed again.
    pub reactivate: bool,
    /// The part's status after the import.
    pub status: String,
}

/// An equipment manufacturer the import adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewManufacturer {
    pub id: String,
    pub name: String,
}

/// An equipment model the import adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewModel {
    pub id: String,
    pub manufacturer_id: String,
    pub name: String,
}

/// Everything the import will do.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub writes: Vec<Write>,
    pub unchanged: u32,
    /// Ids of active parts to archive.
    pub archive: Vec<String>,
    pub new_manufacturers: Vec<NewManufacturer>,
    pub new_models: Vec<NewModel>,
    /// Problems found against the catalog (rows needing fields, unknown
    /// parts, unknown models), the first `records::MAX_PROBLEMS` of them;
    /// rows with an error are in `rejected_rows`.
    pub problems: Vec<Problem>,
    /// Problems past the first `records::MAX_PROBLEMS`, counted, not kept.
    pub omitted: Omitted,
    pub rejected_rows: Vec<u32>,
    /// Why archiving missing parts cannot be done, when it was chosen but
    /// would be unsafe.
    pub archive_refused: Option<String>,
}

impl Plan {
    /// Keeps a problem, or counts it once `records::MAX_PROBLEMS` are kept:
    /// a file of a million new parts without a Manufacturer column has a
    /// problem on every row, which kept whole took over a gigabyte.
    fn report(&mut self, problem: Problem) {
        self.omitted.keep_or_count(&mut self.problems, problem);
    }

    /// Rows that create a part.
    pub fn new_count(&self) -> usize {
        self.writes.iter().filter(|w| w.is_new).count()
    }

    /// Rows that change an existing part.
    pub fn updated_count(&self) -> usize {
        self.writes.len() - self.new_count()
    }
}

/// What the plan needs to know about the catalog.
pub struct Catalog<'a> {
    /// The seller's parts by normalized part number.
    pub existing: &'a HashMap<String, Existing>,
    /// Equipment manufacturers: lower-cased, white-space-folded name → id.
    pub manufacturers: &'a HashMap<String, String>,
    pub models: &'a ModelMatcher<'a>,
    pub defaults: &'a Defaults,
}

/// The manufacturer-table key of a name.
pub fn manufacturer_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Plans the import of `validated` (whose invalid rows are already left out)
/// into the seller's catalog. `new_id` makes ids for new rows.
pub fn plan(
    validated: &Validated,
    catalog: &Catalog<'_>,
    choices: Choices,
    new_id: &mut dyn FnMut() -> String,
) -> Plan {
    let mut out = Plan::default();
    let mut created_makers: HashMap<String, String> = HashMap::new();
    let mut created_models: HashMap<(String, String), String> = HashMap::new();
    let mut warned_models: HashMap<String, String> = HashMap::new();
    for record in &validated.records {
        let existing = catalog.existing.get(&record.part_number_norm);
        let mut errors: Vec<Problem> = Vec::new();
        if existing.is_none() && choices.scope != Scope::Everything {
            errors.push(validated.problem_at(
                record.row,
                Field::PartNumber,
                Some(record.part_number.clone()),
                format!(
                    "this part is not in your catalog; a {} import only updates listed parts",
                    if choices.scope == Scope::PricesOnly {
                        "price-only"
                    } else {
                        "stock-only"
                    }
                ),
                Severity::Error,
            ));
        }
        if existing.is_none() && choices.scope == Scope::Everything {
            for field in record.missing_for_new() {
                let why = if validated.mapping.column_of(field).is_some() {
                    format!("{field} is required for a new part; the cell is empty")
                } else {
                    format!("{field} is required for a new part; the file has no {field} column")
                };
                errors.push(validated.problem_at(record.row, field, None, why, Severity::Error));
            }
        }
        if !errors.is_empty() {
            for problem in errors {
                out.report(problem);
            }
            out.rejected_rows.push(record.row);
            continue;
        }
        // The manufacturer: an existing one by name, or a new one.
        let manufacturer_id = match &record.manufacturer {
            Some(name) if choices.scope == Scope::Everything => {
                let k = manufacturer_key(name);
                Some(match catalog.manufacturers.get(&k) {
                    Some(id) => id.clone(),
                    None => created_makers
                        .entry(k)
                        .or_insert_with(|| {
                            let id = new_id();
                            out.new_manufacturers.push(NewManufacturer {
                                id: id.clone(),
                                name: name.clone(),
                            });
                            id
                        })
                        .clone(),
                })
            }
            _ => None,
        };
        let values = merge(
            &record,
            existing.map(|e| &e.values),
            manufacturer_id,
            catalog.defaults,
        );
        // A minimum alone, against the pack size the part already has.
        if record.moq.is_some()
            && record.order_multiple.is_none()
            && values.order_multiple > 1
            && values.moq % values.order_multiple != 0
        {
            let (moq, multiple) = (values.moq, values.order_multiple);
            let below = moq / multiple * multiple;
            let nearest = if below > 0 {
                format!("{below} or {}", below + multiple)
            } else {
                multiple.to_string()
            };
            out.report(validated.problem_at(
                record.row,
                Field::Moq,
                Some(moq.to_string()),
                format!(
                    "minimum order {moq} is not a multiple of the part's pack size {multiple}; \
                     expected a whole number of packs, such as {nearest}, or an order multiple \
                     column that changes the pack size"
                ),
                Severity::Error,
            ));
            out.rejected_rows.push(record.row);
            continue;
        }
        // Compatible models, matched or created or warned about.
        let models = if choices.scope == Scope::Everything && !record.compatible_models.is_empty() {
            let mut ids: Vec<String> = Vec::new();
            for name in &record.compatible_models {
                let id = match catalog.models.find(name) {
                    Some(m) => Some(m.id.clone()),
                    None if choices.create_models => {
                        let model_key = (values.manufacturer_id.clone(), key(name));
                        Some(
                            created_models
                                .entry(model_key)
                                .or_insert_with(|| {
                                    let id = new_id();
                                    out.new_models.push(NewModel {
                                        id: id.clone(),
                                        manufacturer_id: values.manufacturer_id.clone(),
                                        name: name.clone(),
                                    });
                                    id
                                })
                                .clone(),
                        )
                    }
                    None => {
                        let message = warned_models
                            .entry(key(name))
                            .or_insert_with(|| unknown_model_message(catalog.models, name))
                            .clone();
                        out.report(validated.problem_at(
                            record.row,
                            Field::CompatibleModels,
                            Some(name.clone()),
                            message,
                            Severity::Warning,
                        ));
                        None
                    }
                };
                if let Some(id) = id
                    && !ids.contains(&id)
                {
                    ids.push(id);
                }
            }
            Some(ids)
        } else {
            None
        };
        let supersedes: Vec<(String, String)> = if choices.scope == Scope::Everything {
            record
                .supersedes
                .iter()
                .map(|old| (old.clone(), partsportal_index::normalize_code(old)))
                .filter(|(_, norm)| !norm.is_empty() && *norm != record.part_number_norm)
                .collect()
        } else {
            Vec::new()
        };
        match existing {
            Some(e) => {
                let reactivate = e.status != "active" && choices.scope == Scope::Everything;
                let models_change = models
                    .as_ref()
                    .is_some_and(|m| m.iter().cloned().collect::<BTreeSet<_>>() != e.models);
                let supersedes_change = supersedes.iter().any(|(_, n)| !e.supersedes.contains(n));
                if values == e.values && !reactivate && !models_change && !supersedes_change {
                    out.unchanged += 1;
                    continue;
                }
                out.writes.push(Write {
                    row: record.row,
                    id: e.id.clone(),
                    norm: record.part_number_norm.clone(),
                    is_new: false,
                    old_price: Some((e.values.price_minor, e.values.currency.clone())),
                    old_stock: Some(e.values.stock),
                    values,
                    models: if models_change { models } else { None },
                    supersedes,
                    reactivate,
                    status: if reactivate {
                        "active".to_owned()
                    } else {
                        e.status.clone()
                    },
                });
            }
            None => out.writes.push(Write {
                row: record.row,
                id: new_id(),
                norm: record.part_number_norm.clone(),
                is_new: true,
                values,
                old_price: None,
                old_stock: None,
                models,
                supersedes,
                reactivate: false,
                status: "active".to_owned(),
            }),
        }
    }
    if choices.archive_missing {
        if choices.scope != Scope::Everything {
            out.archive_refused = Some(
                "missing parts can only be archived by a full import, not a price-only or \
                 stock-only one"
                    .to_owned(),
            );
        } else if validated.unreadable_part_numbers > 0 {
            out.archive_refused = Some(format!(
                "{} row{} of the file ha{} no readable part number, so the parts missing from the \
                 file cannot be told apart; fix {} or leave missing parts alone",
                validated.unreadable_part_numbers,
                if validated.unreadable_part_numbers == 1 {
                    ""
                } else {
                    "s"
                },
                if validated.unreadable_part_numbers == 1 {
                    "s"
                } else {
                    "ve"
                },
                if validated.unreadable_part_numbers == 1 {
                    "it"
                } else {
                    "them"
                },
            ));
        } else {
            let mut archive: Vec<String> = catalog
                .existing
                .iter()
                .filter(|(norm, e)| e.status == "active" && !validated.saw_part(norm))
                .map(|(_, e)| e.id.clone())
                .collect();
            archive.sort();
            out.archive = archive;
        }
    }
    out
}

fn unknown_model_message(models: &ModelMatcher<'_>, name: &str) -> String {
    let closest = models.closest(name, 3);
    if closest.is_empty() {
        "unknown equipment model; it is not linked (choose \"create unknown models\" to add it)"
            .to_owned()
    } else {
        let names: Vec<String> = closest
            .iter()
            .map(|m| format!("\"{}\"", m.label()))
            .collect();
        format!(
            "unknown equipment model; closest known: {}. It is not linked (correct the name, or \
             choose \"create unknown models\" to add it)",
            names.join(", ")
        )
    }
}

/// The part's values after the import: the record's fields where it has
/// them, else the part's current values, else the defaults.
fn merge(
    r: &PartRecord,
    old: Option<&PartValues>,
    manufacturer_id: Option<String>,
    d: &Defaults,
) -> PartValues {
    let text = |new: &Option<String>, old: Option<&String>| -> String {
        new.clone().or_else(|| old.cloned()).unwrap_or_default()
    };
    let num = |new: Option<i64>, old: Option<i64>, default: i64| new.or(old).unwrap_or(default);
    let order_multiple = num(
        r.order_multiple.map(i64::from),
        old.map(|o| o.order_multiple),
        d.order_multiple,
    )
    .max(1);
    let mut moq = num(r.moq, old.map(|o| o.moq), d.moq);
    // A new pack size without a minimum: the minimum kept rounds up to whole
    // packs, the smallest quantity buyers could order anyway. (A row with
    // both was checked by the importer.)
    if r.moq.is_none() && r.order_multiple.is_some() && moq % order_multiple != 0 {
        moq = (moq / order_multiple + 1) * order_multiple;
    }
    PartValues {
        part_number: r.part_number.clone(),
        name: text(&r.name, old.map(|o| &o.name)),
        description: text(&r.description, old.map(|o| &o.description)),
        category: text(&r.category, old.map(|o| &o.category)),
        manufacturer_id: manufacturer_id
            .or_else(|| old.map(|o| o.manufacturer_id.clone()))
            .unwrap_or_default(),
        price_minor: num(r.price_minor, old.map(|o| o.price_minor), 0),
        currency: r
            .currency
            .map(|c| c.code().to_owned())
            .or_else(|| old.map(|o| o.currency.clone()))
            .unwrap_or_else(|| d.currency.to_owned()),
        stock: num(r.stock, old.map(|o| o.stock), d.stock),
        lead_time_days: num(
            r.lead_time_days.map(i64::from),
            old.map(|o| o.lead_time_days),
            d.lead_time_days,
        ),
        moq,
        order_multiple,
        warranty_months: num(
            r.warranty_months.map(i64::from),
            old.map(|o| o.warranty_months),
            d.warranty_months,
        ),
        weight_grams: num(
            r.weight_grams.and_then(|g| i64::try_from(g).ok()),
            old.map(|o| o.weight_grams),
            0,
        ),
        hsn_code: text(&r.hsn, old.map(|o| &o.hsn_code)),
        gst_rate: num(
            r.gst_rate.map(i64::from),
            old.map(|o| o.gst_rate),
            d.gst_rate,
        ),
        condition: r
            .condition
            .map(|c| c.key().to_owned())
            .or_else(|| old.map(|o| o.condition.clone()))
            .unwrap_or_else(|| d.condition.to_owned()),
        brand: text(&r.brand, old.map(|o| &o.brand)),
        oem_part_number: text(&r.oem_part_number, old.map(|o| &o.oem_part_number)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use partsportal_importers::records::{MAX_PROBLEMS, Options, validate};
    use partsportal_importers::{Cell, Row, Sheet};

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "Parts".into(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, cells)| Row {
                    number: i as u32 + 1,
                    cells: cells
                        .iter()
                        .map(|c| {
                            if c.is_empty() {
                                Cell::Empty
                            } else {
                                Cell::Text((*c).into())
                            }
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn validated(s: &Sheet, scope: Scope) -> Validated {
        validate(
            s,
            &Options {
                scope,
                profile: &[],
                header_row: None,
                columns: &[],
                normalize: &partsportal_index::normalize_code,
            },
        )
    }

    fn existing_part() -> Existing {
        Existing {
            id: "p1".into(),
            values: PartValues {
                part_number: "AB-1".into(),
                name: "Coil".into(),
                description: String::new(),
                category: "Imaging > MRI".into(),
                manufacturer_id: "m-ge".into(),
                price_minor: 10_000,
                currency: "INR".into(),
                stock: 3,
                lead_time_days: 0,
                moq: 1,
                order_multiple: 1,
                warranty_months: 0,
                weight_grams: 0,
                hsn_code: String::new(),
                gst_rate: 18,
                condition: "new".into(),
                brand: String::new(),
                oem_part_number: String::new(),
            },
            status: "active".into(),
            models: BTreeSet::new(),
            supersedes: BTreeSet::new(),
        }
    }

    fn models() -> Vec<KnownModel> {
        vec![
            KnownModel {
                id: "mod-1".into(),
                manufacturer: "GE".into(),
                name: "Signa HDxt".into(),
                aliases: vec!["HDxt".into()],
            },
            KnownModel {
                id: "mod-2".into(),
                manufacturer: "Philips".into(),
                name: "Achieva 1.5T".into(),
                aliases: vec![],
            },
        ]
    }

    fn run(s: &Sheet, choices: Choices, existing: &HashMap<String, Existing>) -> Plan {
        let v = validated(s, choices.scope);
        let known = models();
        let matcher = ModelMatcher::new(&known);
        let makers: HashMap<String, String> = [("ge".to_owned(), "m-ge".to_owned())].into();
        let mut n = 0;
        plan(
            &v,
            &Catalog {
                existing,
                manufacturers: &makers,
                models: &matcher,
                defaults: &Defaults::default(),
            },
            choices,
            &mut || {
                n += 1;
                format!("new-{n}")
            },
        )
    }

    const ALL: Choices = Choices {
        scope: Scope::Everything,
        archive_missing: false,
        create_models: false,
    };

    #[test]
    fn new_updated_and_unchanged_rows_are_told_apart() {
        let existing: HashMap<String, Existing> = [("AB1".to_owned(), existing_part())].into();
        let s = sheet(&[
            &[
                "Part No",
                "Name",
                "Price",
                "Manufacturer",
                "Category",
                "Stock",
            ],
            &["AB-1", "Coil", "100", "GE", "Imaging > MRI", "3"],
            &[
                "XY-2",
                "Probe",
                "50",
                "Acme Medical",
                "Ultrasound > Probes",
                "",
            ],
        ]);
        let p = run(&s, ALL, &existing);
        assert_eq!(p.unchanged, 1);
        assert_eq!(p.new_count(), 1);
        let w = &p.writes[0];
        assert_eq!(w.values.manufacturer_id, "new-1");
        assert_eq!(
            w.values.stock, 0,
            "a new part without stock gets the default"
        );
        assert_eq!(
            p.new_manufacturers,
            [NewManufacturer {
                id: "new-1".into(),
                name: "Acme Medical".into()
            }]
        );
        // A price change is an update that keeps the other fields.
        let s = sheet(&[&["Part No", "Price"], &["ab 1", "₹120"]]);
        let p = run(&s, ALL, &existing);
        assert_eq!(p.updated_count(), 1);
        assert_eq!(p.writes[0].values.price_minor, 12_000);
        assert_eq!(p.writes[0].values.name, "Coil");
        assert_eq!(p.writes[0].old_price, Some((10_000, "INR".into())));
    }

    #[test]
    fn problems_past_the_limit_are_counted_not_kept() {
        // Two errors a row (no Manufacturer, no Category column), ten past
        // the limit.
        let rows = MAX_PROBLEMS / 2 + 5;
        let numbers: Vec<String> = (0..rows).map(|i| format!("NP-{i}")).collect();
        let mut cells: Vec<[&str; 3]> = vec![["Part No", "Name", "Price"]];
        cells.extend(numbers.iter().map(|n| [n.as_str(), "Valve", "₹10"]));
        let cells: Vec<&[&str]> = cells.iter().map(|r| &r[..]).collect();
        let p = run(&sheet(&cells), ALL, &HashMap::new());
        assert_eq!(p.rejected_rows.len(), rows);
        assert_eq!(p.problems.len(), MAX_PROBLEMS);
        assert_eq!(
            p.omitted,
            Omitted {
                errors: 10,
                warnings: 0
            }
        );
        // The first rows' problems are the ones kept.
        assert_eq!(p.problems[0].row, 2);
        assert_eq!(
            p.problems[MAX_PROBLEMS - 1].row,
            MAX_PROBLEMS as u32 / 2 + 1
        );
    }

    #[test]
    fn a_new_part_without_required_fields_is_refused_naming_them() {
        let s = sheet(&[&["Part No", "Name", "Price"], &["ZZ-9", "Valve", ""]]);
        let p = run(&s, ALL, &HashMap::new());
        assert_eq!(p.rejected_rows, [2]);
        let messages: Vec<String> = p.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "Sheet \"Parts\", row 2, column C (Price): Unit price is required for a new part; the cell is empty",
                "Sheet \"Parts\", row 2: Manufacturer is required for a new part; the file has no Manufacturer column",
                "Sheet \"Parts\", row 2: Category is required for a new part; the file has no Category column",
            ]
        );
    }

    #[test]
    fn minimums_stay_whole_packs() {
        let mut packed = existing_part();
        packed.values.order_multiple = 10;
        packed.values.moq = 10;
        let existing: HashMap<String, Existing> = [("AB1".to_owned(), packed)].into();
        // A pack size alone rounds the minimum kept (or the default) up.
        let s = sheet(&[
            &[
                "Part No",
                "Name",
                "Price",
                "Manufacturer",
                "Category",
                "Pack Size",
            ],
            &["NEW-1", "Fuse", "5", "GE", "Imaging > MRI", "25"],
        ]);
        let p = run(&s, ALL, &existing);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(
            (p.writes[0].values.moq, p.writes[0].values.order_multiple),
            (25, 25)
        );
        // A minimum alone is checked against the part's packs of 10.
        let s = sheet(&[&["Part No", "MOQ"], &["AB-1", "15"]]);
        let p = run(&s, ALL, &existing);
        assert_eq!(p.rejected_rows, [2]);
        assert_eq!(
            p.problems[0].to_string(),
            "Sheet \"Parts\", row 2, column B (MOQ): found \"15\": minimum order 15 is not a \
             multiple of the part's pack size 10; expected a whole number of packs, such as 10 or \
             20, or an order multiple column that changes the pack size"
        );
        let s = sheet(&[&["Part No", "MOQ"], &["AB-1", "30"]]);
        let p = run(&s, ALL, &existing);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(
            (p.writes[0].values.moq, p.writes[0].values.order_multiple),
            (30, 10)
        );
    }

    #[test]
    fn price_only_imports_never_create_parts() {
        let existing: HashMap<String, Existing> = [("AB1".to_owned(), existing_part())].into();
        let s = sheet(&[
            &["Part No", "Price", "Name"],
            &["AB-1", "99", "Renamed"],
            &["NEW-1", "5", "x"],
        ]);
        let p = run(
            &s,
            Choices {
                scope: Scope::PricesOnly,
                ..ALL
            },
            &existing,
        );
        assert_eq!(p.writes.len(), 1);
        assert_eq!(
            p.writes[0].values.name, "Coil",
            "price-only ignores the name column"
        );
        assert_eq!(p.rejected_rows, [3]);
        assert!(p.problems[0].message.contains("not in your catalog"));
    }

    #[test]
    fn unknown_models_warn_with_the_closest_or_are_created_on_request() {
        let existing: HashMap<String, Existing> = [("AB1".to_owned(), existing_part())].into();
        let s = sheet(&[
            &["Part No", "Fits"],
            &["AB-1", "signa-hdxt; Signa HDx; Achieva 1.5 T"],
        ]);
        let p = run(&s, ALL, &existing);
        assert_eq!(
            p.writes[0].models,
            Some(vec!["mod-1".to_owned(), "mod-2".to_owned()])
        );
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].severity, Severity::Warning);
        assert!(
            p.problems[0]
                .message
                .contains("closest known: \"GE Signa HDxt\""),
            "{}",
            p.problems[0]
        );
        let p = run(
            &s,
            Choices {
                create_models: true,
                ..ALL
            },
            &existing,
        );
        assert!(p.problems.is_empty());
        assert_eq!(p.new_models.len(), 1);
        assert_eq!(p.new_models[0].name, "Signa HDx");
        assert_eq!(p.new_models[0].manufacturer_id, "m-ge");
    }

    #[test]
    fn archiving_missing_parts_spares_rows_that_are_invalid_and_needs_readable_numbers() {
        let mut other = existing_part();
        other.id = "p2".into();
        other.values.part_number = "CD-2".into();
        let existing: HashMap<String, Existing> = [
            ("AB1".to_owned(), existing_part()),
            ("CD2".to_owned(), other),
        ]
        .into();
        // AB-1's row is invalid (bad price) but AB-1 is in the file: not archived.
        let s = sheet(&[&["Part No", "Price"], &["AB-1", "abc"]]);
        let choices = Choices {
            archive_missing: true,
            ..ALL
        };
        let p = run(&s, choices, &existing);
        assert_eq!(p.archive, ["p2"]);
        let mut s = sheet(&[&["Part No", "Price"], &["AB-1", "1"], &["x", "2"]]);
        s.rows[2].cells[0] = Cell::Error("#REF!".into());
        let p = run(&s, choices, &existing);
        assert!(p.archive.is_empty());
        assert!(
            p.archive_refused
                .as_deref()
                .is_some_and(|m| m.contains("1 row of the file has no readable part number"))
        );
    }
}
