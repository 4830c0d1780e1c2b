//! Deterministic demo data for the catalog: organisations, equipment makers,
//! models and a reproducible stream of spare parts. Pure computation: no
//! database, no I/O, no clock.
//!
//! [`parts`] yields the same sequence for every `n` (it is a prefix of one
//! endless stream), so part `i` never depends on `n`. Each base part draws
//! from its own RNG seeded from its index; a popular base part (about one in
//! seven) is listed by 2-4 sellers under the same part number.
//!
//! `(seller, normalize_code(part_number))` is unique across the whole stream:
//! every generated number embeds a per-template serial, and the normalized
//! shapes of all templates and fixture numbers are pairwise disjoint.
//!
//! # Fixtures
//!
//! The first parts (indexes 0..16, present whenever `n >= 16`) are fixed and
//! tests rely on them:
//!
//! | # | Part number | Name | Seller |
//! |---|-------------|------|--------|
//! | 0 | `AB-123/4` | SpO2 Sensor, adult finger clip, reusable (Mindray) | Meditek Spares Pvt Ltd |
//! | 1 | `AB-123/4` | same part, second seller | Apex Medical Distributors |
//! | 2 | `AB-123/4` | same part, third seller, out of stock | Sai Biomedical Dealers |
//! | 3 | `00451223` | Flow Sensor, neonatal (Dräger Babylog VN500, Evita V500) | Dräger Medical India Pvt Ltd |
//! | 4 | `5381542-2` | Cold Head Compressor Adsorber; supersedes `5381542-1` | GE HealthCare India Pvt Ltd |
//! | 5 | `5771000-2` | 8-Channel Head Coil, 1.5T HD Brain Array (Signa Explorer) | GE HealthCare India Pvt Ltd |
//! | 6 | `5772004` | Body Coil, 16-channel anterior array, 1.5T (Signa Explorer), refurbished | Imaging Spares India |
//! | 7 | `M1191B` | SpO2 Sensor, adult, reusable (M1191B), Philips IntelliVue | Philips India Ltd |
//! | 8 | `M1191B` | same part, second seller | Northstar Healthcare Distributors |
//! | 9 | `H40472LT` | C1-6-D Convex Transducer, XDclear (LOGIQ E10s) | GE HealthCare India Pvt Ltd |
//! | 10 | `7563916` | X-ray Tube, CT, 5.0 MHU (SOMATOM), exchange | Siemens Healthineers India |
//! | 11 | `0020-10-12157` | NIBP Cuff, adult, reusable, 25-35 cm | Lifeline Biomedical Supplies |
//! | 12 | `M1668A` | ECG Trunk Cable, 5-lead, AAMI (description says "EKG") | Apex Medical Distributors |
//! | 13 | `801-6800-00045-00` | Power Supply Unit, 100-240 VAC (BeneView T8 monitor) | Mindray Medical India Pvt Ltd |
//! | 14 | `281637` | Flow Sensor, adult/paediatric, single-patient: ₹1,650, in stock | Criticare Parts Co. |
//! | 15 | `8019-0535-01` | Battery Pack, SLA 12V, R Series (Zoll) | Vardhman Medicare |

mod data;
pub mod purchasing;
pub mod users;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use data::{AFTERMARKET, CATS, Cat, FIXTURES, MAKERS, MODELS, MakerDef, ORGS, SELLER_KINDS};

/// Display names of the equipment modalities, in a fixed order.
pub const MODALITIES: &[&str] = &[
    "MRI",
    "CT",
    "X-ray",
    "Ultrasound",
    "Patient Monitoring",
    "Ventilators",
    "Infusion Pumps",
    "Anaesthesia",
    "Dialysis",
    "Defibrillators",
    "Mammography",
    "C-arm",
];

/// An organisation: a seller (manufacturer, supplier, distributor, dealer)
/// or a buyer (hospital, clinic, service provider) or the platform itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOrg {
    pub name: String,
    /// One of "hospital", "clinic", "manufacturer", "supplier",
    /// "distributor", "dealer", "service_provider", "platform".
    pub kind: &'static str,
    pub city: &'static str,
    pub state: &'static str,
    pub country: &'static str,
    pub verified: bool,
}

/// An equipment maker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoMaker {
    pub name: String,
    pub country: &'static str,
}

/// An equipment model that parts fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoModel {
    /// Index into [`DemoCatalog::makers`].
    pub maker: usize,
    /// One of [`MODALITIES`].
    pub modality: &'static str,
    pub name: String,
    /// Other spellings buyers type ("MX 450", "SignaExplorer").
    pub aliases: Vec<String>,
}

/// One seller's listing of a part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPart {
    /// Index into [`DemoCatalog::orgs`]; always a seller kind.
    pub seller: usize,
    /// As the maker writes it.
    pub part_number: String,
    pub name: String,
    pub description: String,
    /// Path like "Imaging > MRI > Coils" (2 or 3 levels, " > " separated).
    pub category: String,
    /// Index into [`DemoCatalog::makers`].
    pub manufacturer: usize,
    /// Minor units (paise, cents).
    pub price_minor: i64,
    /// "INR", "USD" or "EUR".
    pub currency: &'static str,
    pub stock: i64,
    pub lead_time_days: i32,
    pub moq: i32,
    /// The pack size; the minimum is a whole number of packs.
    pub order_multiple: i32,
    pub warranty_months: i32,
    pub weight_grams: i64,
    pub dimensions: String,
    /// Indian HSN code.
    pub hsn_code: String,
    /// GST percent: 5, 12 or 18.
    pub gst_rate: i32,
    /// "new", "refurbished" or "exchange".
    pub condition: &'static str,
    /// Indexes into [`DemoCatalog::models`], all of the part's modality.
    pub compatible_models: Vec<usize>,
    /// Old part numbers this part replaces.
    pub supersedes: Vec<String>,
    /// Units sold (popularity).
    pub sales: i64,
    pub created_days_ago: i32,
}

/// Organisations, makers and models that demo parts refer to by index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoCatalog {
    pub orgs: Vec<DemoOrg>,
    pub makers: Vec<DemoMaker>,
    pub models: Vec<DemoModel>,
}

/// The fixed organisations, makers and models of the demo catalog.
pub fn catalog() -> DemoCatalog {
    let orgs = ORGS
        .iter()
        .map(|&(name, kind, city, state, verified)| DemoOrg {
            name: name.to_string(),
            kind,
            city,
            state,
            country: "India",
            verified,
        })
        .collect();
    let makers = MAKERS
        .iter()
        .map(|m| DemoMaker {
            name: m.name.to_string(),
            country: m.country,
        })
        .collect();
    let models = MODELS
        .iter()
        .map(|&(maker, modality, name, aliases)| {
            let mut aliases: Vec<String> = aliases
                .split('|')
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect();
            let compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
            if compact != name && !aliases.contains(&compact) {
                aliases.push(compact);
            }
            DemoModel {
                maker,
                modality: MODALITIES.get(modality).copied().unwrap_or("MRI"),
                name: name.to_string(),
                aliases,
            }
        })
        .collect();
    DemoCatalog {
        orgs,
        makers,
        models,
    }
}

/// The first `n` parts of the demo stream: the fixtures (see the module
/// docs), then generated parts. Deterministic: part `i` is the same whatever
/// `n` is. `catalog` should come from [`catalog`].
pub fn parts(catalog: &DemoCatalog, n: usize) -> impl Iterator<Item = DemoPart> + '_ {
    Parts::new(catalog).take(n)
}

const SEED: u64 = 0x5eed_0f9a_275f_0001;

/// Number template for makers that are not in the static table; its shape
/// is disjoint from every other template.
const GENERIC: MakerDef = MakerDef {
    name: "",
    country: "",
    templates: &["DP-########"],
    wide: "DPX-###########",
};

/// Multiplier that scrambles serials; a prime, so coprime to every template
/// capacity (whose only factors are 2, 3 and 5).
const SCRAMBLE: u128 = 2_654_435_761;

/// Price points with a realistic look (₹4,500, ₹12,000, ₹1,80,000), in tenths
/// of the decade.
const NICE_MANTISSAS: &[i64] = &[
    10, 12, 15, 18, 20, 25, 30, 35, 40, 45, 50, 60, 70, 75, 80, 90,
];

const NAME_EXTRAS: &[&str] = &[
    "OEM",
    "genuine",
    "service kit",
    "Rev. B",
    "new style",
    "with mounting hardware",
];

/// State shared by all base parts: lookup tables plus the serial counters
/// that make part numbers unique.
struct Generator<'a> {
    catalog: &'a DemoCatalog,
    /// Category indexes, consumables listed twice (they are sold more often).
    cat_pick: Vec<usize>,
    /// Price points (whole rupees) per category.
    ladders: Vec<Vec<i64>>,
    by_modality: Vec<Vec<usize>>,
    /// `[maker][modality]` → models.
    by_maker_modality: Vec<Vec<Vec<usize>>>,
    /// The maker's own Indian subsidiary, if it sells.
    oem_seller: Vec<Option<usize>>,
    /// Suppliers, distributors and dealers.
    independents: Vec<usize>,
    /// Catalog maker → template definition.
    maker_def: Vec<&'static MakerDef>,
    /// Catalog maker → index of its definition (counters are per definition).
    maker_def_id: Vec<usize>,
    /// `[definition][template]` serials used so far; the last slot is `wide`.
    serials: Vec<Vec<u64>>,
    aftermarket: Vec<usize>,
}

struct Parts<'a> {
    fixtures: std::vec::IntoIter<DemoPart>,
    /// Offers of the current base part, in reverse order.
    pending: Vec<DemoPart>,
    next_base: u64,
    generator: Option<Generator<'a>>,
}

impl<'a> Parts<'a> {
    fn new(catalog: &'a DemoCatalog) -> Self {
        Parts {
            fixtures: fixtures(catalog).into_iter(),
            pending: Vec::new(),
            next_base: 0,
            generator: Generator::new(catalog),
        }
    }
}

impl Iterator for Parts<'_> {
    type Item = DemoPart;

    fn next(&mut self) -> Option<DemoPart> {
        if let Some(part) = self.fixtures.next() {
            return Some(part);
        }
        let generator = self.generator.as_mut()?;
        while self.pending.is_empty() {
            generator.base(self.next_base, &mut self.pending);
            self.next_base += 1;
        }
        self.pending.pop()
    }
}

fn fixtures(catalog: &DemoCatalog) -> Vec<DemoPart> {
    FIXTURES
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let seller = catalog.orgs.iter().position(|o| o.name == f.seller)?;
            let manufacturer = catalog.makers.iter().position(|m| m.name == f.maker)?;
            let compatible_models: Vec<usize> = f
                .models
                .iter()
                .filter_map(|name| catalog.models.iter().position(|m| m.name == *name))
                .collect();
            if compatible_models.is_empty() {
                return None;
            }
            Some(DemoPart {
                seller,
                part_number: f.part_number.to_string(),
                name: f.name.to_string(),
                description: f.description.to_string(),
                category: f.category.to_string(),
                manufacturer,
                price_minor: f.price_minor,
                currency: f.currency,
                stock: f.stock,
                lead_time_days: f.lead_time_days,
                moq: 1,
                order_multiple: 1,
                warranty_months: f.warranty_months,
                weight_grams: f.grams,
                dimensions: f.dimensions.to_string(),
                hsn_code: f.hsn.to_string(),
                gst_rate: f.gst,
                condition: f.condition,
                compatible_models,
                supersedes: f.supersedes.iter().map(|s| s.to_string()).collect(),
                sales: f.sales,
                created_days_ago: 120 + 53 * i as i32,
            })
        })
        .collect()
}

impl<'a> Generator<'a> {
    /// `None` when the catalog has nothing to generate from (no independent
    /// sellers or no models).
    fn new(catalog: &'a DemoCatalog) -> Option<Self> {
        let is_seller = |o: &DemoOrg| SELLER_KINDS.contains(&o.kind);
        let independents: Vec<usize> = (0..catalog.orgs.len())
            .filter(|&i| is_seller(&catalog.orgs[i]) && catalog.orgs[i].kind != "manufacturer")
            .collect();
        if independents.is_empty() {
            return None;
        }
        let oem_seller = catalog
            .makers
            .iter()
            .map(|m| {
                catalog
                    .orgs
                    .iter()
                    .position(|o| o.kind == "manufacturer" && o.name.starts_with(m.name.as_str()))
            })
            .collect();

        let mut by_modality = vec![Vec::new(); MODALITIES.len()];
        let mut by_maker_modality = vec![vec![Vec::new(); MODALITIES.len()]; catalog.makers.len()];
        for (i, model) in catalog.models.iter().enumerate() {
            let Some(modality) = MODALITIES.iter().position(|&m| m == model.modality) else {
                continue;
            };
            if let Some(per_maker) = by_maker_modality.get_mut(model.maker) {
                by_modality[modality].push(i);
                per_maker[modality].push(i);
            }
        }

        let mut cat_pick = Vec::new();
        for (i, cat) in CATS.iter().enumerate() {
            if by_modality[cat.modality].is_empty() {
                continue;
            }
            cat_pick.push(i);
            if cat.consumable {
                cat_pick.push(i);
            }
        }
        if cat_pick.is_empty() {
            return None;
        }
        let ladders = CATS
            .iter()
            .map(|c| price_ladder(c.rupees.0, c.rupees.1))
            .collect();

        let maker_def_id: Vec<usize> = catalog
            .makers
            .iter()
            .map(|m| {
                MAKERS
                    .iter()
                    .position(|d| d.name == m.name)
                    .unwrap_or(MAKERS.len())
            })
            .collect();
        let maker_def = maker_def_id
            .iter()
            .map(|&id| MAKERS.get(id).unwrap_or(&GENERIC))
            .collect();
        let serials = MAKERS
            .iter()
            .chain(std::iter::once(&GENERIC))
            .map(|d| vec![0; d.templates.len() + 1])
            .collect();
        let aftermarket = AFTERMARKET
            .iter()
            .filter_map(|&d| catalog.makers.iter().position(|m| m.name == MAKERS[d].name))
            .collect();

        Some(Generator {
            catalog,
            cat_pick,
            ladders,
            by_modality,
            by_maker_modality,
            oem_seller,
            independents,
            maker_def,
            maker_def_id,
            serials,
            aftermarket,
        })
    }

    /// Generates base part `b` and pushes its offers (one per seller) onto
    /// `out` in reverse order.
    fn base(&mut self, b: u64, out: &mut Vec<DemoPart>) {
        let mut rng = SmallRng::seed_from_u64(SEED ^ b.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let ci = self.cat_pick[rng.random_range(0..self.cat_pick.len())];
        let cat = &CATS[ci];
        let pool = &self.by_modality[cat.modality];
        let primary = pool[rng.random_range(0..pool.len())];
        let oem = self.catalog.models[primary].maker;
        let aftermarket = cat.consumable && !self.aftermarket.is_empty() && rng.random_bool(0.12);
        let manufacturer = if aftermarket {
            self.aftermarket[rng.random_range(0..self.aftermarket.len())]
        } else {
            oem
        };
        let compatible_models = self.compatible(&mut rng, cat.modality, oem, primary);
        let part_number = self.part_number(&mut rng, manufacturer);

        let item = pick(&mut rng, cat.items);
        let name = self.name(&mut rng, cat, item, primary, aftermarket);
        let description = self.description(item, cat, oem, manufacturer, &compatible_models);
        let ladder = &self.ladders[ci];
        let list_rupees = ladder[rng.random_range(0..ladder.len())];
        let weight_grams = log_uniform(&mut rng, cat.grams.0, cat.grams.1);
        let (l, w, h) = cat.dims;
        let dimensions = format!(
            "{} x {} x {} cm",
            scale(&mut rng, l),
            scale(&mut rng, w),
            scale(&mut rng, h)
        );
        let supersedes = if rng.random_bool(0.03) {
            vec![older(&part_number)]
        } else {
            Vec::new()
        };
        let offers = if rng.random_ratio(1, 7) {
            rng.random_range(2..=4)
        } else {
            1
        };
        let sellers = self.sellers(&mut rng, manufacturer, offers);
        let popularity = sales(&mut rng) * if sellers.len() > 1 { 3 } else { 1 };

        let start = out.len();
        for (k, &seller) in sellers.iter().enumerate() {
            let condition = if cat.consumable {
                "new"
            } else {
                match rng.random_range(0..100) {
                    0..=60 => "new",
                    61..=87 => "refurbished",
                    _ => "exchange",
                }
            };
            // Each seller prices a little differently around the list price.
            let mut rupees = list_rupees * rng.random_range(92..=108) / 100;
            rupees = match condition {
                "refurbished" => rupees * rng.random_range(55..=75) / 100,
                "exchange" => rupees * rng.random_range(40..=60) / 100,
                _ => rupees,
            };
            let (price_minor, currency) = price(&mut rng, round_rupees(rupees));

            let stock = if rng.random_bool(0.30) {
                0
            } else if cat.consumable {
                skewed(&mut rng, 5, 400)
            } else if list_rupees >= 300_000 {
                rng.random_range(1..=3)
            } else {
                skewed(&mut rng, 1, 40)
            };
            let lead_time_days = match (stock > 0, rng.random_range(0..100)) {
                (true, 0..=84) => rng.random_range(1..=5),
                (true, _) => rng.random_range(6..=10),
                (false, 0..=89) => rng.random_range(7..=60),
                (false, _) => rng.random_range(61..=90),
            };
            let moq = if cat.consumable {
                pick(&mut rng, &[1, 1, 1, 1, 1, 2, 5, 5, 10, 10])
            } else {
                1
            };
            // Disposables come in boxes: one box at least, two when the
            // seller wants larger orders; stock is whole boxes. Decided
            // from the item, not drawn, so the rest of the catalog stays as
            // it was generated before packs existed.
            let order_multiple = pack_size(item);
            let (moq, stock) = if order_multiple > 1 {
                let boxes = if moq >= 10 { 2 } else { 1 };
                let stock = (stock + i64::from(order_multiple) - 1) / i64::from(order_multiple)
                    * i64::from(order_multiple);
                (order_multiple * boxes, stock)
            } else {
                (moq, stock)
            };
            let warranty_months = match condition {
                "refurbished" => pick(&mut rng, &[3, 6, 6, 12]),
                "exchange" => pick(&mut rng, &[6, 12]),
                _ if cat.consumable => pick(&mut rng, &[0, 0, 3]),
                _ if list_rupees >= 500_000 => pick(&mut rng, &[12, 12, 24, 36]),
                _ => pick(&mut rng, &[6, 12, 12, 12, 24]),
            };
            let sales = if k == 0 {
                popularity
            } else {
                popularity * rng.random_range(20..=90) / 100
            };

            let mut offer_description = String::with_capacity(description.len() + 80);
            offer_description.push_str(&description);
            match condition {
                "refurbished" => offer_description
                    .push_str(" Refurbished and bench-tested, supplied with a test report."),
                "exchange" => offer_description.push_str(
                    " Supplied on exchange basis: return the defective unit within 15 days.",
                ),
                _ if rng.random_bool(0.4) => {
                    offer_description.push_str(" Supplied new in original packaging.")
                }
                _ => {}
            }

            out.push(DemoPart {
                seller,
                part_number: part_number.clone(),
                name: name.clone(),
                description: offer_description,
                category: cat.path.to_string(),
                manufacturer,
                price_minor,
                currency,
                stock,
                lead_time_days,
                moq,
                order_multiple,
                warranty_months,
                weight_grams,
                dimensions: dimensions.clone(),
                hsn_code: cat.hsn.to_string(),
                gst_rate: cat.gst,
                condition,
                compatible_models: compatible_models.clone(),
                supersedes: supersedes.clone(),
                sales,
                created_days_ago: rng.random_range(0..=1500),
            });
        }
        out[start..].reverse();
    }

    /// The primary model plus more of the same maker and modality, and now
    /// and then one of another maker's (third-party fit).
    fn compatible(
        &self,
        rng: &mut SmallRng,
        modality: usize,
        maker: usize,
        primary: usize,
    ) -> Vec<usize> {
        let want = match rng.random_range(0..100) {
            0..=29 => 1,
            30..=54 => 2,
            55..=74 => 3,
            75..=87 => 4,
            88..=95 => 5,
            _ => 6,
        };
        let mut out = Vec::with_capacity(want);
        out.push(primary);
        let same = &self.by_maker_modality[maker][modality];
        let start = rng.random_range(0..same.len().max(1));
        for j in 0..same.len() {
            if out.len() >= want {
                break;
            }
            let m = same[(start + j) % same.len()];
            if m != primary {
                out.push(m);
            }
        }
        if out.len() < 6 && rng.random_bool(0.1) {
            let pool = &self.by_modality[modality];
            let m = pool[rng.random_range(0..pool.len())];
            if !out.contains(&m) {
                out.push(m);
            }
        }
        out
    }

    fn part_number(&mut self, rng: &mut SmallRng, maker: usize) -> String {
        let def = self.maker_def[maker];
        let id = self.maker_def_id[maker];
        let t = rng.random_range(0..def.templates.len());
        let counters = &mut self.serials[id];
        // Each everyday template has a fixed number of serials; past that the
        // maker's wide template takes over so numbers stay unique.
        let (slot, template) = if counters[t] < capacity(def.templates[t]) {
            (t, def.templates[t])
        } else {
            (def.templates.len(), def.wide)
        };
        let serial = counters[slot];
        counters[slot] += 1;
        render(template, serial, (id * 8 + slot) as u64, rng)
    }

    fn name(
        &self,
        rng: &mut SmallRng,
        cat: &Cat,
        item: &str,
        primary: usize,
        aftermarket: bool,
    ) -> String {
        let variant = pick(rng, cat.variants);
        let model = self.catalog.models[primary].name.as_str();
        let mut name = String::with_capacity(item.len() + variant.len() + model.len() + 24);
        name.push_str(item);
        match rng.random_range(0..20) {
            0..=8 => {
                name.push_str(", ");
                name.push_str(variant);
            }
            9..=13 => {
                name.push_str(", ");
                name.push_str(variant);
                name.push_str(" (");
                name.push_str(model);
                name.push(')');
            }
            14..=15 => {
                name.push_str(" for ");
                name.push_str(model);
            }
            16..=17 => {
                name.push_str(", ");
                name.push_str(variant);
                let second = pick(rng, cat.variants);
                if second != variant {
                    name.push_str(", ");
                    name.push_str(second);
                }
            }
            _ => {
                name.push_str(", ");
                name.push_str(variant);
                name.push_str(", ");
                name.push_str(pick(rng, NAME_EXTRAS));
            }
        }
        if aftermarket {
            name.push_str(", compatible");
        }
        name
    }

    fn description(
        &self,
        item: &str,
        cat: &Cat,
        oem: usize,
        manufacturer: usize,
        models: &[usize],
    ) -> String {
        let makers = &self.catalog.makers;
        let mut d = String::with_capacity(200);
        if oem == manufacturer {
            d.push_str(item);
        } else {
            d.push_str("Compatible ");
            d.push_str(item);
            d.push_str(" made by ");
            d.push_str(&makers[manufacturer].name);
        }
        d.push_str(" for ");
        d.push_str(&makers[oem].name);
        d.push(' ');
        let shown = &models[..models.len().min(3)];
        for (i, &m) in shown.iter().enumerate() {
            if i > 0 {
                d.push_str(if i + 1 == shown.len() { " and " } else { ", " });
            }
            let model = &self.catalog.models[m];
            if model.maker != oem {
                d.push_str(&makers[model.maker].name);
                d.push(' ');
            }
            d.push_str(&model.name);
        }
        if models.len() > shown.len() {
            d.push_str(" and other ");
            d.push_str(MODALITIES[cat.modality]);
            d.push_str(" systems");
        }
        d.push_str(". ");
        d.push_str(cat.blurb);
        d
    }

    /// Distinct sellers for a base part: sometimes the maker's own subsidiary,
    /// otherwise independents.
    fn sellers(&self, rng: &mut SmallRng, maker: usize, count: usize) -> Vec<usize> {
        let mut out = Vec::with_capacity(count);
        if let Some(oem) = self.oem_seller[maker]
            && rng.random_bool(0.4)
        {
            out.push(oem);
        }
        // Bounded so a catalog with few sellers still terminates.
        for _ in 0..32 {
            if out.len() >= count {
                break;
            }
            let s = self.independents[rng.random_range(0..self.independents.len())];
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }
}

/// Price points between `lo` and `hi` rupees, log-spaced, so a uniform pick
/// favours neither end of the range.
fn price_ladder(lo: i64, hi: i64) -> Vec<i64> {
    let mut ladder = Vec::new();
    let mut decade = 1;
    while decade <= hi {
        for &m in NICE_MANTISSAS {
            let p = m * decade;
            if p >= lo * 10 && p <= hi * 10 {
                ladder.push(p / 10);
            }
        }
        decade *= 10;
    }
    if ladder.is_empty() {
        ladder.push(lo.max(1));
    }
    ladder
}

/// Rounds to what a price list shows: tens below ₹10,000, hundreds below
/// ₹1 lakh, thousands above.
fn round_rupees(r: i64) -> i64 {
    let step = match r {
        ..10_000 => 10,
        10_000..100_000 => 100,
        _ => 1_000,
    };
    ((r + step / 2) / step * step).max(step)
}

/// Converts a rupee price to the offer's currency (mostly INR), in minor units.
fn price(rng: &mut SmallRng, rupees: i64) -> (i64, &'static str) {
    match rng.random_range(0..100) {
        0..=84 => (rupees * 100, "INR"),
        85..=94 => (((rupees + 42) / 84).max(1) * 100, "USD"),
        _ => (((rupees + 45) / 91).max(1) * 100, "EUR"),
    }
}

/// `lo..=hi` with most values near `lo` (stock levels).
fn skewed(rng: &mut SmallRng, lo: i64, hi: i64) -> i64 {
    let u: f64 = rng.random();
    lo + ((hi - lo) as f64 * u * u * u) as i64
}

fn log_uniform(rng: &mut SmallRng, lo: i64, hi: i64) -> i64 {
    let u: f64 = rng.random();
    let v = lo as f64 * (hi as f64 / lo as f64).powf(u);
    (v as i64).max(1)
}

/// Units sold: heavy-tailed (many parts sell little, a few sell thousands).
fn sales(rng: &mut SmallRng) -> i64 {
    let u: f64 = rng.random();
    let v = ((1.0 - u).powf(-1.5) - 1.0) * 3.0;
    (v as i64).min(50_000)
}

fn scale(rng: &mut SmallRng, cm: u32) -> u32 {
    (cm * rng.random_range(80..=125) / 100).max(1)
}

/// The box a disposable item is sold in (1: sold singly). Filters, traps,
/// circuits, pads, absorbent and disposable sensors come in boxes;
/// everything else, including the "box of 100" probe covers already priced
/// per box, is sold singly.
fn pack_size(item: &str) -> i32 {
    match item {
        "Bacterial/Viral Filter" => 50,
        "HME Filter" => 25,
        "Breathing Circuit" | "Water Trap" | "Skin Temperature Sensor" => 10,
        "Defibrillation Pads" | "Multifunction Electrode Pads" | "Soda Lime Canister" => 5,
        _ => 1,
    }
}

fn pick<T: Copy>(rng: &mut SmallRng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// The previous revision of a part number (`5381542-2` → `5381542-1`).
fn older(part_number: &str) -> String {
    let mut chars: Vec<char> = part_number.chars().collect();
    if let Some(c) = chars.iter_mut().rev().find(|c| c.is_ascii_digit()) {
        *c = match *c {
            '0' => '9',
            d => char::from(d as u8 - 1),
        };
        chars.into_iter().collect()
    } else {
        format!("{part_number}-1")
    }
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Number of distinct serials a template can render.
fn capacity(template: &str) -> u64 {
    template.bytes().fold(1u64, |cap, c| match c {
        b'#' => cap.saturating_mul(10),
        b'@' => cap.saturating_mul(data::SERIAL_LETTERS.len() as u64),
        _ => cap,
    })
}

/// Renders `serial` into `template`. The serial is scrambled by a bijection
/// of `0..capacity` so consecutive parts do not get consecutive numbers.
fn render(template: &str, serial: u64, salt: u64, rng: &mut SmallRng) -> String {
    let cap = u128::from(capacity(template));
    let offset = u128::from(splitmix64(salt));
    let mut v = (u128::from(serial) * SCRAMBLE + offset) % cap;
    let letters = data::SERIAL_LETTERS;
    let mut rev: Vec<char> = Vec::with_capacity(template.len());
    for c in template.chars().rev() {
        rev.push(match c {
            '#' => {
                let d = (v % 10) as u8;
                v /= 10;
                char::from(b'0' + d)
            }
            '@' => {
                let i = (v % letters.len() as u128) as usize;
                v /= letters.len() as u128;
                char::from(letters[i])
            }
            '?' => char::from(b'0' + rng.random_range(0..10u8)),
            other => other,
        });
    }
    rev.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use partsportal_index::normalize_code;

    use super::*;

    fn org(c: &DemoCatalog, name: &str) -> usize {
        c.orgs
            .iter()
            .position(|o| o.name == name)
            .expect("org exists")
    }

    #[test]
    fn same_prefix_whatever_n() {
        let c = catalog();
        let a: Vec<DemoPart> = parts(&c, 1000).collect();
        let b: Vec<DemoPart> = parts(&c, 5000).take(1000).collect();
        assert_eq!(a.len(), 1000);
        assert_eq!(a, b);
        assert_eq!(parts(&c, 5000).count(), 5000);
    }

    #[test]
    fn about_thirty_percent_out_of_stock() {
        let c = catalog();
        let zero = parts(&c, 10_000).filter(|p| p.stock == 0).count();
        assert!(
            (2_500..=3_500).contains(&zero),
            "{zero} of 10000 out of stock"
        );
    }

    #[test]
    fn seller_and_normalized_number_are_unique() {
        let c = catalog();
        let mut seen = HashSet::new();
        for (i, p) in parts(&c, 200_000).enumerate() {
            let key = (p.seller, normalize_code(&p.part_number));
            assert!(
                seen.insert(key),
                "part {i} duplicates {} at seller {}",
                p.part_number,
                p.seller
            );
        }
    }

    /// One position of a normalized template.
    #[derive(Clone, Copy, PartialEq)]
    enum Slot {
        Literal(char),
        Digit,
        Letter,
    }

    fn shape(template: &str) -> Vec<Slot> {
        template
            .chars()
            .filter_map(|c| match c {
                '#' | '?' => Some(Slot::Digit),
                '@' => Some(Slot::Letter),
                c if c.is_ascii_alphanumeric() => Some(Slot::Literal(c.to_ascii_uppercase())),
                _ => None,
            })
            .collect()
    }

    fn can_match(a: Slot, b: Slot) -> bool {
        match (a, b) {
            (Slot::Literal(x), Slot::Literal(y)) => x == y,
            (Slot::Literal(x), Slot::Digit) | (Slot::Digit, Slot::Literal(x)) => x.is_ascii_digit(),
            (Slot::Literal(x), Slot::Letter) | (Slot::Letter, Slot::Literal(x)) => {
                x.is_ascii_alphabetic()
            }
            (Slot::Digit, Slot::Digit) | (Slot::Letter, Slot::Letter) => true,
            (Slot::Digit, Slot::Letter) | (Slot::Letter, Slot::Digit) => false,
        }
    }

    /// Uniqueness beyond what a sampled test can reach: no two templates (or
    /// a template and a fixture number) can normalize to the same code.
    #[test]
    fn number_shapes_are_disjoint() {
        let mut patterns: Vec<&str> = MAKERS
            .iter()
            .chain(std::iter::once(&GENERIC))
            .flat_map(|d| d.templates.iter().copied().chain(std::iter::once(d.wide)))
            .collect();
        let mut fixture_numbers: Vec<&str> = FIXTURES.iter().map(|f| f.part_number).collect();
        fixture_numbers.sort_unstable();
        fixture_numbers.dedup();
        patterns.extend(fixture_numbers);
        for (i, a) in patterns.iter().enumerate() {
            for b in &patterns[i + 1..] {
                let (sa, sb) = (shape(a), shape(b));
                let overlap =
                    sa.len() == sb.len() && sa.iter().zip(&sb).all(|(&x, &y)| can_match(x, y));
                assert!(!overlap, "{a} and {b} can produce the same normalized code");
            }
        }
    }

    #[test]
    fn every_fixture_is_present() {
        let c = catalog();
        let ps: Vec<DemoPart> = parts(&c, 50).collect();
        assert_eq!(ps.len(), 50);
        let find = |pn: &str| {
            ps.iter()
                .filter(|p| p.part_number == pn)
                .collect::<Vec<_>>()
        };

        let spo2 = find("AB-123/4");
        assert!(spo2.len() >= 2);
        assert!(spo2.iter().all(|p| p.name.contains("SpO2 Sensor")));
        let sellers: HashSet<usize> = spo2.iter().map(|p| p.seller).collect();
        assert_eq!(sellers.len(), spo2.len());

        let neonatal = find("00451223");
        assert_eq!(neonatal[0].name, "Flow Sensor, neonatal");
        assert_eq!(c.makers[neonatal[0].manufacturer].name, "Dräger");

        let head = ps
            .iter()
            .find(|p| p.name.to_lowercase().contains("8-channel head coil"))
            .expect("head coil");
        let body = ps
            .iter()
            .find(|p| p.name.contains("Body Coil") && p.category == "Imaging > MRI > Coils")
            .expect("body coil");
        for coil in [head, body] {
            assert!(
                coil.compatible_models
                    .iter()
                    .any(|&m| c.models[m].name == "Signa Explorer")
            );
        }

        let m1191b = find("M1191B");
        assert!(m1191b[0].name.contains("SpO2 Sensor"));
        assert!(
            c.models[m1191b[0].compatible_models[0]]
                .name
                .starts_with("IntelliVue")
        );

        let probe = ps
            .iter()
            .find(|p| p.name.contains("Transducer"))
            .expect("transducer");
        assert!(
            probe
                .compatible_models
                .iter()
                .any(|&m| c.models[m].name == "LOGIQ E10s")
        );

        assert!(ps.iter().any(|p| p.name.contains("X-ray Tube")));
        assert!(ps.iter().any(|p| p.name.contains("NIBP Cuff")));
        let ecg = find("M1668A");
        assert!(ecg[0].name.contains("ECG") && ecg[0].description.contains("EKG"));
        let psu = ps
            .iter()
            .find(|p| p.name.contains("Power Supply Unit"))
            .expect("psu");
        assert_eq!(
            c.models[psu.compatible_models[0]].modality,
            "Patient Monitoring"
        );

        assert!(ps.iter().any(
            |p| p.category == "Critical Care > Ventilators > Flow Sensors"
                && p.price_minor < 200_000
                && p.currency == "INR"
                && p.stock > 0
        ));

        let adsorber = find("5381542-2");
        assert_eq!(adsorber[0].supersedes, vec!["5381542-1".to_string()]);

        assert_eq!(
            find("AB-123/4")[0].seller,
            org(&c, "Meditek Spares Pvt Ltd")
        );
    }

    #[test]
    fn parts_are_well_formed() {
        let c = catalog();
        let mut currencies: HashMap<&str, usize> = HashMap::new();
        let mut new = 0;
        let mut supersedes = 0;
        let mut in_packs = 0;
        let mut names = HashSet::new();
        let n = 20_000;
        for p in parts(&c, n) {
            assert!(
                SELLER_KINDS.contains(&c.orgs[p.seller].kind),
                "{}",
                c.orgs[p.seller].kind
            );
            assert!((1..=6).contains(&p.compatible_models.len()));
            let modality = c.models[p.compatible_models[0]].modality;
            assert!(
                p.compatible_models
                    .iter()
                    .all(|&m| c.models[m].modality == modality)
            );
            let distinct: HashSet<_> = p.compatible_models.iter().collect();
            assert_eq!(distinct.len(), p.compatible_models.len());
            assert!(p.manufacturer < c.makers.len());
            let levels = p.category.split(" > ").count();
            assert!((2..=3).contains(&levels), "{}", p.category);
            assert!(p.price_minor > 0);
            assert!((0..=90).contains(&p.lead_time_days));
            assert!([0, 3, 6, 12, 24, 36].contains(&p.warranty_months));
            assert!([5, 12, 18].contains(&p.gst_rate));
            assert!(["new", "refurbished", "exchange"].contains(&p.condition));
            if p.order_multiple > 1 {
                assert!([5, 10, 25, 50].contains(&p.order_multiple), "{}", p.name);
                assert_eq!(p.moq % p.order_multiple, 0, "{}", p.name);
                assert_eq!(p.stock % i64::from(p.order_multiple), 0, "{}", p.name);
                in_packs += 1;
            } else {
                assert!([1, 2, 5, 10].contains(&p.moq));
            }
            assert!((0..=1500).contains(&p.created_days_ago));
            assert_eq!(p.hsn_code.len(), 8);
            assert!(!normalize_code(&p.part_number).is_empty());
            *currencies.entry(p.currency).or_default() += 1;
            new += usize::from(p.condition == "new");
            supersedes += usize::from(!p.supersedes.is_empty());
            names.insert(p.name);
        }
        let inr = currencies.get("INR").copied().unwrap_or(0);
        assert!(
            (80 * n / 100..=90 * n / 100).contains(&inr),
            "{currencies:?}"
        );
        assert!(currencies.get("USD").copied().unwrap_or(0) > n / 20);
        assert!(currencies.get("EUR").copied().unwrap_or(0) > n / 50);
        assert!((70 * n / 100..=82 * n / 100).contains(&new), "{new} new");
        assert!(
            (n / 100..=n / 20).contains(&supersedes),
            "{supersedes} supersede"
        );
        assert!(names.len() > n / 4, "{} distinct names", names.len());
        // Sold in packs: some disposables, a minority of the catalog.
        assert!((n / 50..=n / 10).contains(&in_packs), "{in_packs} in packs");
    }

    #[test]
    fn every_modality_has_models_and_categories() {
        let c = catalog();
        for (i, m) in MODALITIES.iter().enumerate() {
            assert!(
                c.models.iter().any(|model| model.modality == *m),
                "{m} has no models"
            );
            let cats = CATS.iter().filter(|cat| cat.modality == i).count();
            assert!((3..=8).contains(&cats), "{m} has {cats} categories");
        }
        for kind in [
            "hospital",
            "clinic",
            "manufacturer",
            "supplier",
            "distributor",
            "dealer",
            "service_provider",
            "platform",
        ] {
            assert!(c.orgs.iter().any(|o| o.kind == kind), "no {kind}");
        }
    }

    #[test]
    fn popular_parts_have_several_sellers() {
        let c = catalog();
        let mut sellers: HashMap<String, usize> = HashMap::new();
        for p in parts(&c, 10_000) {
            *sellers.entry(p.part_number).or_default() += 1;
        }
        let multi = sellers.values().filter(|&&s| s >= 2).count();
        assert!(
            multi > sellers.len() / 12,
            "{multi} of {} listed more than once",
            sellers.len()
        );
    }
}
