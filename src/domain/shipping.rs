//! A seller's shipping rules: what a parcel costs, how long it takes, and
//! when it arrives. Pure: no I/O, no clock (dates are passed in).
//!
//! # The model
//!
//! A seller ships to three [`Zone`]s — its own state, other states of its
//! country, and other countries — and offers two [`ShipOption`]s, standard
//! and express. Each zone has its own [`ZoneRules`]: whether it is served at
//! all, and for each option the transit days and a [`Rate`]. A rate is
//! either a flat fee per order or a table of weight [`Slab`]s, so a seller
//! can charge by weight for one zone and a flat fee for another. Express may
//! be left out of a zone (by default it is not offered internationally).
//!
//! # Money
//!
//! Fees are integer minor units (paise, cents) in the rules' currency; the
//! only arithmetic is integer addition and multiplication, checked, so there
//! is no rounding rule to state and no float anywhere. A subtotal passed to
//! [`ShippingRules::quote`] must be in the same currency: the caller quotes
//! a seller's cart, whose prices share the seller's currency.
//!
//! # Free shipping
//!
//! [`ShippingRules::free_standard_threshold_minor`] applies to **domestic**
//! zones only (same state and other states) and to **standard** shipping
//! only: an order whose subtotal is at least the threshold ships standard
//! for nothing. Express is never free, and neither is international
//! shipping, whose cost does not shrink with the seller's margin.
//!
//! # Weight
//!
//! Parts without a recorded weight (0 grams) count as
//! [`DEFAULT_UNIT_WEIGHT_GRAMS`] per unit, so a cart of them still lands in
//! a sensible slab; the quote says so with
//! [`Quote::weight_estimated`]. See [`ParcelWeight`].
//!
//! # Delivery dates
//!
//! See [`estimated_delivery`]: business days are Monday to Saturday, public
//! holidays are not modelled.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::money;

/// The weight assumed for one unit of a part whose weight is unknown
/// (stored as 0 grams): a typical boxed spare part, heavy enough that a
/// cart of them is not quoted as an envelope.
pub const DEFAULT_UNIT_WEIGHT_GRAMS: u64 = 500;

/// The most transit days a seller may set: beyond two months an estimate
/// is a guess, and a typo (600 for 6) is more likely than a real route.
pub const MAX_TRANSIT_DAYS: u32 = 60;

/// Grams in a kilogram, the unit of the per-extra-kg charge.
const GRAMS_PER_KG: u64 = 1_000;

/// Where a parcel goes, relative to the seller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    /// The seller's own state.
    SameState,
    /// Another state of the seller's country.
    OtherState,
    /// Another country.
    International,
}

impl Zone {
    /// Every zone, in the order the settings page lists them.
    pub const ALL: [Zone; 3] = [Zone::SameState, Zone::OtherState, Zone::International];

    /// The key used in stored rules and in form field names.
    pub fn key(self) -> &'static str {
        match self {
            Zone::SameState => "same_state",
            Zone::OtherState => "other_state",
            Zone::International => "international",
        }
    }

    /// As the settings page labels it.
    pub fn label(self) -> &'static str {
        match self {
            Zone::SameState => "Within your state",
            Zone::OtherState => "Other states",
            Zone::International => "Other countries",
        }
    }

    /// Whether the free-shipping threshold can apply here.
    pub fn is_domestic(self) -> bool {
        !matches!(self, Zone::International)
    }
}

/// The zone of a destination seen from a seller.
///
/// Inputs are **codes**, not names: ISO 3166-1 alpha-2 countries (`IN`) and
/// state codes in one scheme chosen by the caller (`MH`, or GST's `27`).
/// Mapping "Maharashtra" or "maharastra" to a code is the caller's job;
/// here codes are only trimmed and compared ignoring ASCII case, so `MH`
/// and `Maharashtra` are different states.
///
/// An empty code never matches: an unknown country is international, and
/// an unknown state in the same country is another state, whose rates are
/// normally the higher and whose transit the longer, so the buyer is not
/// promised too much.
pub fn zone(
    seller_country: &str,
    seller_state: &str,
    dest_country: &str,
    dest_state: &str,
) -> Zone {
    if !same_code(seller_country, dest_country) {
        Zone::International
    } else if same_code(seller_state, dest_state) {
        Zone::SameState
    } else {
        Zone::OtherState
    }
}

fn same_code(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    !a.is_empty() && a.eq_ignore_ascii_case(b)
}

/// A shipping speed a buyer chooses at checkout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShipOption {
    /// The seller's usual courier service.
    Standard,
    /// A faster, dearer service.
    Express,
}

impl ShipOption {
    /// Every option, in the order checkout lists them.
    pub const ALL: [ShipOption; 2] = [ShipOption::Standard, ShipOption::Express];

    /// The key used in stored rules and in form field names.
    pub fn key(self) -> &'static str {
        match self {
            ShipOption::Standard => "standard",
            ShipOption::Express => "express",
        }
    }

    /// As checkout labels it.
    pub fn label(self) -> &'static str {
        match self {
            ShipOption::Standard => "Standard",
            ShipOption::Express => "Express",
        }
    }
}

/// How a service is priced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Rate {
    /// One fee per order, whatever it weighs.
    Flat {
        /// The fee, in minor units.
        fee_minor: i64,
    },
    /// A fee by weight: the first slab whose limit the parcel does not
    /// exceed. Above the last slab, its fee plus `extra_kg_fee_minor` for
    /// each further kilogram or part of one.
    Slabs {
        /// Ascending by weight.
        slabs: Vec<Slab>,
        /// Charged per kilogram, or part of one, above the last slab.
        extra_kg_fee_minor: i64,
    },
}

/// One row of a weight table: parcels up to and including `up_to_grams`
/// cost `fee_minor` (unless a lighter slab already took them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slab {
    /// The heaviest parcel this slab covers, inclusive.
    pub up_to_grams: u64,
    /// The fee, in minor units.
    pub fee_minor: i64,
}

/// One option in one zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// Business days from dispatch to delivery (see [`estimated_delivery`]).
    pub transit_days: u32,
    /// What it costs.
    pub rate: Rate,
}

/// What a seller does for one zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneRules {
    /// Off: orders to this zone cannot be placed (the rates are kept so
    /// switching the zone back on restores them).
    pub enabled: bool,
    /// Standard shipping to this zone.
    pub standard: Service,
    /// Express to this zone; `None` when it is not offered there.
    pub express: Option<Service>,
}

/// Everything a seller configures about shipping, stored as JSON. Field
/// names are the stored keys: renaming one breaks stored rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingRules {
    /// The currency of every fee and of the free-shipping threshold:
    /// `INR`, `USD` or `EUR`.
    pub currency: String,
    /// Whether standard shipping is offered at all.
    pub standard_enabled: bool,
    /// Whether express shipping is offered at all.
    pub express_enabled: bool,
    /// Within the seller's state.
    pub same_state: ZoneRules,
    /// To other states of the seller's country.
    pub other_state: ZoneRules,
    /// To other countries.
    pub international: ZoneRules,
    /// Standard shipping to a domestic zone is free when the order subtotal
    /// is at least this (minor units). Never applies to express or to
    /// international orders. `None`: never free.
    pub free_standard_threshold_minor: Option<i64>,
}

impl Default for ShippingRules {
    /// An Indian seller's usual terms: flat ₹150 standard (4 days in state,
    /// 6 elsewhere), ₹450 express (1 and 2 days), standard free from
    /// ₹25,000, no international shipping.
    fn default() -> ShippingRules {
        let flat = |rupees: i64, transit_days: u32| Service {
            transit_days,
            rate: Rate::Flat {
                fee_minor: rupees * 100,
            },
        };
        ShippingRules {
            currency: "INR".to_owned(),
            standard_enabled: true,
            express_enabled: true,
            same_state: ZoneRules {
                enabled: true,
                standard: flat(150, 4),
                express: Some(flat(450, 1)),
            },
            other_state: ZoneRules {
                enabled: true,
                standard: flat(150, 6),
                express: Some(flat(450, 2)),
            },
            // Off, but with figures a seller can switch on and adjust.
            international: ZoneRules {
                enabled: false,
                standard: flat(2_500, 14),
                express: None,
            },
            free_standard_threshold_minor: Some(25_000 * 100),
        }
    }
}

/// What shipping costs for one order with one option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The fee in minor units; 0 when free shipping applied.
    pub fee_minor: i64,
    /// The rules' currency.
    pub currency: String,
    /// Business days from dispatch to delivery.
    pub transit_days: u32,
    /// The subtotal reached the free-shipping threshold.
    pub free_shipping_applied: bool,
    /// Some part had no recorded weight and counted as
    /// [`DEFAULT_UNIT_WEIGHT_GRAMS`] per unit, so the fee may be revised.
    pub weight_estimated: bool,
}

/// Why an option cannot be quoted; [`fmt::Display`] says it to the buyer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unavailable {
    /// The seller does not ship to this zone.
    ZoneDisabled(Zone),
    /// The seller does not offer this option anywhere.
    OptionDisabled(ShipOption),
    /// The seller offers express, but not to this zone.
    ExpressNotInZone(Zone),
    /// The fee does not fit the stored integer: only absurd weights do this.
    TooHeavy,
    /// The rate has no slabs. Validated rules never do; stored ones edited
    /// by hand might.
    RatesIncomplete,
}

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The rules do not know the seller's country, so the sentence for
        // international orders cannot name it.
        f.write_str(match self {
            Unavailable::ZoneDisabled(Zone::SameState) => {
                "this seller does not ship within its own state"
            }
            Unavailable::ZoneDisabled(Zone::OtherState) => {
                "this seller does not ship to other states"
            }
            Unavailable::ZoneDisabled(Zone::International) => {
                "this seller does not ship outside its own country"
            }
            Unavailable::OptionDisabled(ShipOption::Standard) => {
                "this seller does not offer standard shipping"
            }
            Unavailable::OptionDisabled(ShipOption::Express) => {
                "this seller does not offer express shipping"
            }
            Unavailable::ExpressNotInZone(Zone::SameState) => {
                "express is not offered for orders within the seller's state"
            }
            Unavailable::ExpressNotInZone(Zone::OtherState) => {
                "express is not offered for orders to other states"
            }
            Unavailable::ExpressNotInZone(Zone::International) => {
                "express is not offered for international orders"
            }
            Unavailable::TooHeavy => {
                "the order is too heavy to quote online; ask the seller for a shipping quote"
            }
            Unavailable::RatesIncomplete => {
                "this seller's shipping rates are incomplete; ask the seller for a shipping quote"
            }
        })
    }
}

/// A settings-form error, shown next to `field`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// The field's path in the stored JSON, dot-separated with slab
    /// indexes from 0: `currency`, `other_state.express.transit_days`,
    /// `same_state.standard.rate.slabs.1.up_to_grams`.
    pub field: String,
    /// A sentence for the seller.
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The weight a quote is based on.
///
/// Build it line by line with [`ParcelWeight::line`] and add the lines up
/// (`lines.sum()`); sums saturate, and a saturated weight is refused as
/// [`Unavailable::TooHeavy`] rather than wrapping into a cheap slab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ParcelWeight {
    /// Total grams.
    pub grams: u64,
    /// Some of it is the [`DEFAULT_UNIT_WEIGHT_GRAMS`] guess.
    pub estimated: bool,
}

impl ParcelWeight {
    /// A weight known exactly.
    pub fn known(grams: u64) -> ParcelWeight {
        ParcelWeight {
            grams,
            estimated: false,
        }
    }

    /// One cart line: `unit_grams × quantity`. A unit weight of 0 means
    /// "not recorded" and counts as [`DEFAULT_UNIT_WEIGHT_GRAMS`].
    pub fn line(unit_grams: u64, quantity: u32) -> ParcelWeight {
        let estimated = unit_grams == 0 && quantity > 0;
        let unit = if unit_grams == 0 {
            DEFAULT_UNIT_WEIGHT_GRAMS
        } else {
            unit_grams
        };
        ParcelWeight {
            grams: unit.saturating_mul(u64::from(quantity)),
            estimated,
        }
    }
}

impl std::ops::Add for ParcelWeight {
    type Output = ParcelWeight;

    fn add(self, other: ParcelWeight) -> ParcelWeight {
        ParcelWeight {
            grams: self.grams.saturating_add(other.grams),
            estimated: self.estimated || other.estimated,
        }
    }
}

impl std::iter::Sum for ParcelWeight {
    fn sum<I: Iterator<Item = ParcelWeight>>(iter: I) -> ParcelWeight {
        iter.fold(ParcelWeight::default(), |a, b| a + b)
    }
}

impl ShippingRules {
    fn zone_rules(&self, zone: Zone) -> &ZoneRules {
        match zone {
            Zone::SameState => &self.same_state,
            Zone::OtherState => &self.other_state,
            Zone::International => &self.international,
        }
    }

    fn option_enabled(&self, option: ShipOption) -> bool {
        match option {
            ShipOption::Standard => self.standard_enabled,
            ShipOption::Express => self.express_enabled,
        }
    }

    /// What `option` costs for an order of `subtotal_minor` (in the rules'
    /// currency) weighing `weight`, shipped to `zone`.
    ///
    /// Refusals are checked broadest first: a zone the seller does not
    /// serve, then an option it does not offer, then express missing from
    /// this zone. Meant for validated rules; unvalidated ones still never
    /// panic.
    pub fn quote(
        &self,
        zone: Zone,
        option: ShipOption,
        subtotal_minor: i64,
        weight: ParcelWeight,
    ) -> Result<Quote, Unavailable> {
        let rules = self.zone_rules(zone);
        if !rules.enabled {
            return Err(Unavailable::ZoneDisabled(zone));
        }
        if !self.option_enabled(option) {
            return Err(Unavailable::OptionDisabled(option));
        }
        let service = match option {
            ShipOption::Standard => &rules.standard,
            ShipOption::Express => rules
                .express
                .as_ref()
                .ok_or(Unavailable::ExpressNotInZone(zone))?,
        };
        let free = option == ShipOption::Standard
            && zone.is_domestic()
            && self
                .free_standard_threshold_minor
                .is_some_and(|threshold| subtotal_minor >= threshold);
        // Priced even when free, so broken or absurd rates are refused the
        // same way whatever the subtotal.
        let fee = fee(&service.rate, weight.grams)?;
        Ok(Quote {
            fee_minor: if free { 0 } else { fee },
            currency: self.currency.clone(),
            transit_days: service.transit_days,
            free_shipping_applied: free,
            weight_estimated: weight.estimated,
        })
    }

    /// Every option for checkout, standard first, each quoted or refused
    /// with its reason. Options the seller switched off are included as
    /// [`Unavailable::OptionDisabled`]; the page may hide those.
    pub fn options(
        &self,
        zone: Zone,
        subtotal_minor: i64,
        weight: ParcelWeight,
    ) -> Vec<(ShipOption, Result<Quote, Unavailable>)> {
        ShipOption::ALL
            .into_iter()
            .map(|option| (option, self.quote(zone, option, subtotal_minor, weight)))
            .collect()
    }

    /// Every problem with the rules, each on its field, or `Ok` when they
    /// can be saved.
    ///
    /// Disabled zones are checked too: their figures are kept and come
    /// back into use when the zone is switched on.
    pub fn validate(&self) -> Result<(), Vec<RuleError>> {
        let mut errors = Vec::new();
        let mut fail = |field: String, message: String| errors.push(RuleError { field, message });

        if !money::INR_PER_UNIT
            .iter()
            .any(|(code, _)| *code == self.currency)
        {
            let codes: Vec<&str> = money::INR_PER_UNIT.iter().map(|(c, _)| *c).collect();
            fail(
                "currency".to_owned(),
                format!("Choose a currency: {}.", codes.join(", ")),
            );
        }

        if !self.standard_enabled && !self.express_enabled {
            fail(
                "standard_enabled".to_owned(),
                "Offer standard or express shipping, or both.".to_owned(),
            );
        } else if Zone::ALL.iter().all(|z| !self.zone_rules(*z).enabled) {
            fail(
                "same_state.enabled".to_owned(),
                "Ship to at least one zone.".to_owned(),
            );
        } else if !self.standard_enabled
            && Zone::ALL.iter().all(|z| {
                let rules = self.zone_rules(*z);
                !rules.enabled || rules.express.is_none()
            })
        {
            // Each flag is fine alone; together nothing can be bought.
            fail(
                "standard_enabled".to_owned(),
                "Standard shipping is off and express is not offered in any zone you ship to: \
                 buyers could not choose any shipping."
                    .to_owned(),
            );
        }

        if let Some(threshold) = self.free_standard_threshold_minor
            && threshold < 0
        {
            fail(
                "free_standard_threshold_minor".to_owned(),
                "Expected a free-shipping threshold of 0 or more, or leave it empty.".to_owned(),
            );
        }

        for zone in Zone::ALL {
            let rules = self.zone_rules(zone);
            let services = [
                (ShipOption::Standard, Some(&rules.standard)),
                (ShipOption::Express, rules.express.as_ref()),
            ];
            for (option, service) in services {
                if let Some(service) = service {
                    let prefix = format!("{}.{}", zone.key(), option.key());
                    check_service(&prefix, service, &mut fail);
                }
            }
        }

        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

fn check_service(prefix: &str, service: &Service, fail: &mut impl FnMut(String, String)) {
    if service.transit_days > MAX_TRANSIT_DAYS {
        fail(
            format!("{prefix}.transit_days"),
            format!("Expected transit days from 0 to {MAX_TRANSIT_DAYS}."),
        );
    }
    match &service.rate {
        Rate::Flat { fee_minor } => {
            if *fee_minor < 0 {
                fail(
                    format!("{prefix}.rate.fee_minor"),
                    "Expected a fee of 0 or more.".to_owned(),
                );
            }
        }
        Rate::Slabs {
            slabs,
            extra_kg_fee_minor,
        } => {
            if slabs.is_empty() {
                fail(
                    format!("{prefix}.rate.slabs"),
                    "Add at least one weight slab, such as up to 1,000 g.".to_owned(),
                );
            }
            let mut previous: Option<&Slab> = None;
            for (i, slab) in slabs.iter().enumerate() {
                let field = |name: &str| format!("{prefix}.rate.slabs.{i}.{name}");
                if slab.up_to_grams == 0 {
                    fail(
                        field("up_to_grams"),
                        "Expected a weight above 0 grams.".to_owned(),
                    );
                } else if let Some(prev) = previous
                    && slab.up_to_grams <= prev.up_to_grams
                {
                    fail(
                        field("up_to_grams"),
                        format!(
                            "Expected more than the slab above ({} g): list slabs from light to heavy.",
                            prev.up_to_grams
                        ),
                    );
                }
                if slab.fee_minor < 0 {
                    fail(
                        field("fee_minor"),
                        "Expected a fee of 0 or more.".to_owned(),
                    );
                } else if let Some(prev) = previous
                    && slab.fee_minor < prev.fee_minor
                {
                    // Otherwise a buyer would pay less by adding weight.
                    fail(
                        field("fee_minor"),
                        "Expected at least the fee of the lighter slab above.".to_owned(),
                    );
                }
                previous = Some(slab);
            }
            if *extra_kg_fee_minor < 0 {
                fail(
                    format!("{prefix}.rate.extra_kg_fee_minor"),
                    "Expected a fee per extra kg of 0 or more.".to_owned(),
                );
            }
        }
    }
}

/// The fee of `rate` for a parcel of `grams`, in minor units.
fn fee(rate: &Rate, grams: u64) -> Result<i64, Unavailable> {
    match rate {
        Rate::Flat { fee_minor } => Ok(*fee_minor),
        Rate::Slabs {
            slabs,
            extra_kg_fee_minor,
        } => {
            if let Some(slab) = slabs.iter().find(|s| grams <= s.up_to_grams) {
                return Ok(slab.fee_minor);
            }
            let last = slabs.last().ok_or(Unavailable::RatesIncomplete)?;
            // Every started kilogram above the last slab is charged whole.
            let extra_kg = (grams - last.up_to_grams).div_ceil(GRAMS_PER_KG);
            i64::try_from(extra_kg)
                .ok()
                .and_then(|kg| kg.checked_mul(*extra_kg_fee_minor))
                .and_then(|extra| last.fee_minor.checked_add(extra))
                .ok_or(Unavailable::TooHeavy)
        }
    }
}

/// The day an order should arrive.
///
/// Days are counted from 1970-01-01 (UTC), the representation
/// [`crate::domain::dates::civil_from_days`] reads; a stored Unix-ms time
/// becomes one with `ms.div_euclid(DAY_MS)`. The caller picks which day an
/// order belongs to (an order at 02:00 IST is the previous day in UTC).
///
/// The rule: business days are Monday to Saturday; Sundays are skipped;
/// **public holidays are not modelled**, so estimates around Diwali or
/// Republic Day are early.
/// - Dispatch is the `lead_time_days`-th business day after the order day.
///   With a lead time of 0 it is the order day itself, or the Monday after
///   an order placed on a Sunday.
/// - Delivery is the `transit_days`-th business day after dispatch; with 0
///   transit days, the dispatch day.
///
/// `lead_time_days` is the slowest line's: the order ships as one parcel.
///
/// Worked example: ordered Saturday 2026-03-14 with lead time 1 and transit
/// 2. Sunday the 15th is skipped, so dispatch is Monday the 16th; transit
/// counts Tuesday the 17th and Wednesday the 18th: delivery 2026-03-18.
pub fn estimated_delivery(order_day: i64, lead_time_days: u32, transit_days: u32) -> i64 {
    let dispatch = if lead_time_days == 0 {
        if is_sunday(order_day) {
            order_day.saturating_add(1)
        } else {
            order_day
        }
    } else {
        add_business_days(order_day, lead_time_days)
    };
    add_business_days(dispatch, transit_days)
}

/// 1970-01-01 was a Thursday; Sunday is 3 days later in the week.
fn is_sunday(day: i64) -> bool {
    day.rem_euclid(7) == 3
}

/// The `n`-th business day after `day` (`day` itself when `n` is 0).
/// Closed form rather than a day-by-day loop, because lead times come from
/// sellers and may be large.
fn add_business_days(day: i64, n: u32) -> i64 {
    if n == 0 {
        return day;
    }
    // The business days after a Sunday are those after the Saturday
    // before it, and starting from a business day makes every 7 calendar
    // days hold exactly 6 business days.
    let mut day = if is_sunday(day) {
        day.saturating_sub(1)
    } else {
        day
    };
    day = day.saturating_add(i64::from(n / 6).saturating_mul(7));
    for _ in 0..n % 6 {
        day = day.saturating_add(1);
        if is_sunday(day) {
            day = day.saturating_add(1);
        }
    }
    day
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::{DAY_MS, civil_from_days, parse_ymd};

    fn day(ymd: &str) -> i64 {
        parse_ymd(ymd).unwrap() / DAY_MS
    }

    fn ymd(day: i64) -> String {
        let (y, m, d) = civil_from_days(day);
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// ₹100 up to 1 kg, ₹250 up to 5 kg, ₹600 up to 20 kg, then ₹40 per
    /// extra kg or part of one.
    fn slab_rate() -> Rate {
        Rate::Slabs {
            slabs: vec![
                Slab {
                    up_to_grams: 1_000,
                    fee_minor: 10_000,
                },
                Slab {
                    up_to_grams: 5_000,
                    fee_minor: 25_000,
                },
                Slab {
                    up_to_grams: 20_000,
                    fee_minor: 60_000,
                },
            ],
            extra_kg_fee_minor: 4_000,
        }
    }

    fn slab_rules() -> ShippingRules {
        let mut rules = ShippingRules::default();
        rules.other_state.standard.rate = slab_rate();
        rules
    }

    fn fields(rules: &ShippingRules) -> Vec<String> {
        match rules.validate() {
            Ok(()) => Vec::new(),
            Err(errors) => errors.into_iter().map(|e| e.field).collect(),
        }
    }

    #[test]
    fn default_rules_are_valid_and_survive_json() {
        let rules = ShippingRules::default();
        assert_eq!(rules.validate(), Ok(()));
        let json = serde_json::to_string(&rules).unwrap();
        let back: ShippingRules = serde_json::from_str(&json).unwrap();
        assert_eq!(back, rules);
        // Stored keys are a contract with rows already saved.
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["same_state"]["standard"]["rate"]["mode"], "flat");
        assert_eq!(value["same_state"]["standard"]["rate"]["fee_minor"], 15_000);
        assert_eq!(value["free_standard_threshold_minor"], 2_500_000);
        assert_eq!(value["international"]["express"], serde_json::Value::Null);
    }

    #[test]
    fn slab_rules_survive_json() {
        let rules = slab_rules();
        let json = serde_json::to_string(&rules).unwrap();
        assert!(json.contains(r#""mode":"slabs""#), "{json}");
        assert_eq!(serde_json::from_str::<ShippingRules>(&json).unwrap(), rules);
    }

    #[test]
    fn flat_rate_ignores_weight() {
        let rules = ShippingRules::default();
        for grams in [0, 1_000, 250_000] {
            let q = rules
                .quote(
                    Zone::SameState,
                    ShipOption::Standard,
                    100_000,
                    ParcelWeight::known(grams),
                )
                .unwrap();
            assert_eq!(
                q,
                Quote {
                    fee_minor: 15_000,
                    currency: "INR".to_owned(),
                    transit_days: 4,
                    free_shipping_applied: false,
                    weight_estimated: false,
                }
            );
        }
        let express = rules
            .quote(
                Zone::OtherState,
                ShipOption::Express,
                100_000,
                ParcelWeight::known(1),
            )
            .unwrap();
        assert_eq!((express.fee_minor, express.transit_days), (45_000, 2));
    }

    #[test]
    fn slab_boundaries_are_inclusive() {
        let rules = slab_rules();
        let fee = |grams| {
            rules
                .quote(
                    Zone::OtherState,
                    ShipOption::Standard,
                    0,
                    ParcelWeight::known(grams),
                )
                .unwrap()
                .fee_minor
        };
        assert_eq!(fee(0), 10_000);
        assert_eq!(fee(1_000), 10_000);
        assert_eq!(fee(1_001), 25_000);
        assert_eq!(fee(5_000), 25_000);
        assert_eq!(fee(5_001), 60_000);
        assert_eq!(fee(20_000), 60_000);
    }

    #[test]
    fn each_started_kilogram_above_the_last_slab_costs_extra() {
        let rules = slab_rules();
        let fee = |grams| {
            rules
                .quote(
                    Zone::OtherState,
                    ShipOption::Standard,
                    0,
                    ParcelWeight::known(grams),
                )
                .unwrap()
                .fee_minor
        };
        // 20,001 g: 1 g over, one started kg: ₹600 + ₹40 = ₹640.
        assert_eq!(fee(20_001), 64_000);
        // 21,000 g: exactly 1 kg over: still ₹640.
        assert_eq!(fee(21_000), 64_000);
        // 21,001 g: 2 started kg: ₹600 + ₹80 = ₹680.
        assert_eq!(fee(21_001), 68_000);
        // 32,500 g: 12.5 kg over, 13 started: ₹600 + ₹520 = ₹1,120.
        assert_eq!(fee(32_500), 112_000);
    }

    #[test]
    fn absurd_weight_is_refused_not_wrapped() {
        let rules = slab_rules();
        assert_eq!(
            rules.quote(
                Zone::OtherState,
                ShipOption::Standard,
                0,
                ParcelWeight::known(u64::MAX)
            ),
            Err(Unavailable::TooHeavy)
        );
    }

    #[test]
    fn free_standard_shipping_from_the_threshold() {
        let rules = ShippingRules::default();
        let standard = |subtotal| {
            rules
                .quote(
                    Zone::OtherState,
                    ShipOption::Standard,
                    subtotal,
                    ParcelWeight::known(2_000),
                )
                .unwrap()
        };
        // Exactly ₹25,000.00: free.
        let at = standard(2_500_000);
        assert_eq!((at.fee_minor, at.free_shipping_applied), (0, true));
        assert_eq!(at.transit_days, 6);
        // ₹24,999.99: one paisa short, ₹150.
        let below = standard(2_499_999);
        assert_eq!(
            (below.fee_minor, below.free_shipping_applied),
            (15_000, false)
        );
    }

    #[test]
    fn express_is_never_free() {
        let rules = ShippingRules::default();
        let q = rules
            .quote(
                Zone::SameState,
                ShipOption::Express,
                10_000_000,
                ParcelWeight::known(500),
            )
            .unwrap();
        assert_eq!((q.fee_minor, q.free_shipping_applied), (45_000, false));
    }

    #[test]
    fn free_shipping_is_domestic_only() {
        let mut rules = ShippingRules::default();
        rules.international.enabled = true;
        let q = rules
            .quote(
                Zone::International,
                ShipOption::Standard,
                10_000_000,
                ParcelWeight::known(500),
            )
            .unwrap();
        assert_eq!((q.fee_minor, q.free_shipping_applied), (250_000, false));
        assert_eq!(q.transit_days, 14);
    }

    #[test]
    fn refusals_explain_themselves() {
        let rules = ShippingRules::default();
        let w = ParcelWeight::known(500);
        let intl = rules.quote(Zone::International, ShipOption::Standard, 0, w);
        assert_eq!(intl, Err(Unavailable::ZoneDisabled(Zone::International)));
        assert_eq!(
            intl.unwrap_err().to_string(),
            "this seller does not ship outside its own country"
        );

        let mut open = ShippingRules::default();
        open.international.enabled = true;
        let express = open.quote(Zone::International, ShipOption::Express, 0, w);
        assert_eq!(
            express.unwrap_err().to_string(),
            "express is not offered for international orders"
        );

        open.express_enabled = false;
        assert_eq!(
            open.quote(Zone::SameState, ShipOption::Express, 0, w),
            Err(Unavailable::OptionDisabled(ShipOption::Express))
        );
    }

    #[test]
    fn options_lists_standard_then_express() {
        let rules = ShippingRules::default();
        let listed = rules.options(Zone::International, 0, ParcelWeight::known(1));
        assert_eq!(
            listed,
            vec![
                (
                    ShipOption::Standard,
                    Err(Unavailable::ZoneDisabled(Zone::International))
                ),
                (
                    ShipOption::Express,
                    Err(Unavailable::ZoneDisabled(Zone::International))
                ),
            ]
        );
        let domestic = rules.options(Zone::SameState, 3_000_000, ParcelWeight::known(1));
        let fees: Vec<_> = domestic
            .iter()
            .map(|(o, q)| (*o, q.as_ref().map(|q| q.fee_minor)))
            .collect();
        assert_eq!(
            fees,
            vec![
                (ShipOption::Standard, Ok(0)),
                (ShipOption::Express, Ok(45_000))
            ]
        );
    }

    #[test]
    fn unknown_weights_count_as_half_a_kilo_each() {
        // 3 parts of unknown weight and one of 800 g: 1,500 + 800 = 2,300 g.
        let weight: ParcelWeight = [ParcelWeight::line(0, 3), ParcelWeight::line(800, 1)]
            .into_iter()
            .sum();
        assert_eq!(
            weight,
            ParcelWeight {
                grams: 2_300,
                estimated: true
            }
        );
        let q = slab_rules()
            .quote(Zone::OtherState, ShipOption::Standard, 0, weight)
            .unwrap();
        assert_eq!((q.fee_minor, q.weight_estimated), (25_000, true));

        let known: ParcelWeight = [ParcelWeight::line(400, 2)].into_iter().sum();
        assert_eq!(known, ParcelWeight::known(800));
        assert!(!ParcelWeight::line(0, 0).estimated);
    }

    #[test]
    fn zones_compare_codes() {
        assert_eq!(zone("IN", "MH", "IN", "MH"), Zone::SameState);
        assert_eq!(zone("IN", "MH", "in", " mh "), Zone::SameState);
        assert_eq!(zone("IN", "MH", "IN", "KA"), Zone::OtherState);
        // Names are not codes: mapping them is the caller's job.
        assert_eq!(zone("IN", "MH", "IN", "Maharashtra"), Zone::OtherState);
        assert_eq!(zone("IN", "", "IN", ""), Zone::OtherState);
        assert_eq!(zone("IN", "MH", "DE", "MH"), Zone::International);
        assert_eq!(zone("", "", "", ""), Zone::International);
    }

    #[test]
    fn delivery_skips_sundays() {
        // The doc's example: Saturday order, lead 1, transit 2.
        assert_eq!(
            ymd(estimated_delivery(day("2026-03-14"), 1, 2)),
            "2026-03-18"
        );
        // Friday, lead 1 → Saturday; transit 1 skips Sunday → Monday.
        assert_eq!(
            ymd(estimated_delivery(day("2026-03-13"), 1, 1)),
            "2026-03-16"
        );
        // Lead 0 dispatches the same day; transit 4 from Wednesday:
        // Thu, Fri, Sat, (Sun), Mon.
        assert_eq!(
            ymd(estimated_delivery(day("2026-03-11"), 0, 4)),
            "2026-03-16"
        );
        // Lead 0 on a Sunday dispatches Monday; transit 0 delivers then.
        assert_eq!(
            ymd(estimated_delivery(day("2026-03-15"), 0, 0)),
            "2026-03-16"
        );
        // Lead 1 on a Sunday: the first business day after is Monday too.
        assert_eq!(
            ymd(estimated_delivery(day("2026-03-15"), 1, 0)),
            "2026-03-16"
        );
        // 6 business days from a Monday is the next Monday; 12 from a
        // Sunday is Saturday two weeks on. Across a month end: Monday
        // 2026-03-30 + 6 → Monday 2026-04-06.
        assert_eq!(
            ymd(estimated_delivery(day("2026-03-16"), 6, 0)),
            "2026-03-23"
        );
        assert_eq!(
            ymd(estimated_delivery(day("2026-03-15"), 12, 0)),
            "2026-03-28"
        );
        assert_eq!(
            ymd(estimated_delivery(day("2026-03-30"), 0, 6)),
            "2026-04-06"
        );
    }

    #[test]
    fn business_days_match_a_day_by_day_count() {
        let slow = |mut d: i64, n: u32| {
            for _ in 0..n {
                d += 1;
                if is_sunday(d) {
                    d += 1;
                }
            }
            d
        };
        let start = day("2026-03-09");
        for offset in 0..7 {
            for n in 0..30 {
                assert_eq!(
                    add_business_days(start + offset, n),
                    slow(start + offset, n),
                    "{offset} {n}"
                );
            }
        }
    }

    #[test]
    fn validation_names_each_field() {
        let r = ShippingRules {
            currency: "GBP".to_owned(),
            ..ShippingRules::default()
        };
        assert_eq!(fields(&r), ["currency"]);

        let r = ShippingRules {
            standard_enabled: false,
            express_enabled: false,
            ..ShippingRules::default()
        };
        assert_eq!(fields(&r), ["standard_enabled"]);

        let mut r = ShippingRules::default();
        r.same_state.enabled = false;
        r.other_state.enabled = false;
        assert_eq!(fields(&r), ["same_state.enabled"]);

        // Express only, but no enabled zone offers it.
        let mut r = ShippingRules {
            standard_enabled: false,
            ..ShippingRules::default()
        };
        r.same_state.express = None;
        r.other_state.express = None;
        assert_eq!(fields(&r), ["standard_enabled"]);

        let mut r = ShippingRules {
            free_standard_threshold_minor: Some(-1),
            ..ShippingRules::default()
        };
        assert_eq!(fields(&r), ["free_standard_threshold_minor"]);
        r.free_standard_threshold_minor = Some(0);
        assert_eq!(fields(&r), Vec::<String>::new());

        let mut r = ShippingRules::default();
        r.same_state.standard.transit_days = MAX_TRANSIT_DAYS;
        assert_eq!(fields(&r), Vec::<String>::new());
        r.same_state.standard.transit_days = MAX_TRANSIT_DAYS + 1;
        assert_eq!(fields(&r), ["same_state.standard.transit_days"]);

        let mut r = ShippingRules::default();
        r.other_state.express = Some(Service {
            transit_days: 2,
            rate: Rate::Flat { fee_minor: -1 },
        });
        assert_eq!(fields(&r), ["other_state.express.rate.fee_minor"]);

        // A disabled zone is still checked.
        let mut r = ShippingRules::default();
        r.international.standard.rate = Rate::Slabs {
            slabs: Vec::new(),
            extra_kg_fee_minor: -5,
        };
        assert_eq!(
            fields(&r),
            [
                "international.standard.rate.slabs",
                "international.standard.rate.extra_kg_fee_minor"
            ]
        );
    }

    #[test]
    fn validation_checks_slabs() {
        let slabs = |rows: &[(u64, i64)]| {
            let mut r = ShippingRules::default();
            r.same_state.standard.rate = Rate::Slabs {
                slabs: rows
                    .iter()
                    .map(|&(up_to_grams, fee_minor)| Slab {
                        up_to_grams,
                        fee_minor,
                    })
                    .collect(),
                extra_kg_fee_minor: 4_000,
            };
            r
        };
        assert_eq!(fields(&slab_rules()), Vec::<String>::new());
        assert_eq!(
            fields(&slabs(&[(0, 100)])),
            ["same_state.standard.rate.slabs.0.up_to_grams"]
        );
        // Equal weights are not ascending.
        assert_eq!(
            fields(&slabs(&[(1_000, 100), (1_000, 200)])),
            ["same_state.standard.rate.slabs.1.up_to_grams"]
        );
        assert_eq!(
            fields(&slabs(&[(5_000, 100), (1_000, 200)])),
            ["same_state.standard.rate.slabs.1.up_to_grams"]
        );
        assert_eq!(
            fields(&slabs(&[(1_000, -1)])),
            ["same_state.standard.rate.slabs.0.fee_minor"]
        );
        assert_eq!(
            fields(&slabs(&[(1_000, 200), (5_000, 100)])),
            ["same_state.standard.rate.slabs.1.fee_minor"]
        );
        let message = slabs(&[(5_000, 100), (1_000, 200)]).validate().unwrap_err()[0]
            .message
            .clone();
        assert_eq!(
            message,
            "Expected more than the slab above (5000 g): list slabs from light to heavy."
        );
    }

    #[test]
    fn empty_slabs_from_unvalidated_json_are_refused() {
        let mut rules = ShippingRules::default();
        rules.same_state.standard.rate = Rate::Slabs {
            slabs: Vec::new(),
            extra_kg_fee_minor: 0,
        };
        assert_eq!(
            rules.quote(
                Zone::SameState,
                ShipOption::Standard,
                0,
                ParcelWeight::known(10)
            ),
            Err(Unavailable::RatesIncomplete)
        );
    }
}
