//! Tax on order lines: Indian GST, and a rate table for everywhere else.
//!
//! This is the one place the rule is written down.
//!
//! # Which tax
//!
//! The seller's place and the buyer's shipping address (the place of
//! supply) decide the [`Regime`], once per order:
//!
//! | seller          | buyer ships to            | tax                                   |
//! |-----------------|---------------------------|---------------------------------------|
//! | India, state S  | India, state S            | CGST + SGST, each half the part's GST rate (UTGST instead of SGST in a union territory without a legislature) |
//! | India, state S  | India, another state      | IGST at the part's GST rate           |
//! | India           | outside India             | IGST at 0 %: an export is zero-rated  |
//! | outside India   | anywhere                  | the destination's rate from [`TaxTable`] |
//!
//! GST rates are those a part may carry: 0, 5, 12, 18 or 28 % ([`GST_RATES`]).
//! The table's rate applies to every line whatever the part's GST rate.
//! When the table has no rate for the destination (first the exact region,
//! then the whole country), no tax is charged and the order says
//! "no rate configured for US/WA": a rate is never guessed.
//!
//! Not modelled: SEZ supplies, reverse charge, EU B2B intra-community
//! exemption, US local (county/city) taxes, compensation cess.
//!
//! # Amounts and rounding
//!
//! Money is `i64` minor units (paise, cents) of a [`Currency`] whose minor
//! unit is a hundredth. Per line:
//!
//! * taxable value = unit price × quantity − line discount;
//! * each tax component = taxable value × rate / 100, worked out exactly in
//!   [`Decimal`] and rounded half up (a half goes away from zero) to whole
//!   minor units, i.e. to 0.01 of the currency;
//! * CGST and SGST are each rounded on their own, so together they can differ
//!   by one paisa from IGST on the same value;
//! * order totals are sums of the rounded line figures, never re-rounded.
//!
//! A figure that does not fit `i64` is refused with [`TaxError::TooLarge`].
//!
//! # Worked examples
//!
//! * Maharashtra seller, Maharashtra buyer, ₹1,000.00 × 3 at 18 %: taxable
//!   ₹3,000.00; CGST 9 % = ₹270.00, SGST 9 % = ₹270.00; tax ₹540.00, line
//!   total ₹3,540.00.
//! * Same line shipped to Karnataka: IGST 18 % = ₹540.00.
//! * ₹10.10 at 18 %: CGST 9 % = 90.9 paise → ₹0.91, SGST the same, ₹1.82 in
//!   all; IGST 18 % = 181.8 paise → ₹1.82. Here they agree.
//! * ₹1.00 at 5 %: CGST 2.5 % = 2.5 paise → ₹0.03 (half up), SGST ₹0.03,
//!   ₹0.06 in all; IGST 5 % = 5 paise = ₹0.05. One paisa more intra-state.
//! * ₹1.70 at 18 %: CGST 9 % = 15.3 paise → ₹0.15, SGST ₹0.15, ₹0.30 in all;
//!   IGST 18 % = 30.6 paise → ₹0.31. One paisa less intra-state.
//! * Indian seller, buyer in Germany, ₹5,000.00 at 18 %: IGST 0 % = ₹0.00.
//! * US seller, buyer in California (table: sales tax 7.25 %), $2.00:
//!   14.5 cents → $0.15.
//! * Buyer in Germany (table: VAT 19 %) from a foreign seller, €1,234.56:
//!   23,456.64 cents → €234.57.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

use super::gstin::State;
use super::money;

/// The GST rates (percent) a part may carry.
pub const GST_RATES: [u8; 5] = [0, 5, 12, 18, 28];

/// Why tax could not be worked out. Messages are for the person looking at
/// the order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaxError {
    /// A currency whose minor unit is not a hundredth, or unknown; holds the
    /// code.
    Currency(String),
    /// A GST rate not in [`GST_RATES`]; holds it.
    GstRate(i32),
    /// A unit price below zero.
    NegativePrice,
    /// A discount below zero.
    NegativeDiscount,
    /// A quantity of 0.
    ZeroQuantity,
    /// A discount larger than price × quantity.
    DiscountAboveValue,
    /// A figure too large to store as `i64` minor units.
    TooLarge,
    /// Lines of an invoice in different currencies.
    MixedCurrencies {
        /// The invoice's currency.
        expected: Currency,
        /// A line's currency.
        found: Currency,
    },
}

impl fmt::Display for TaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TaxError::Currency(code) => write!(
                f,
                "tax is worked out in INR, USD or EUR only, not in “{code}”"
            ),
            TaxError::GstRate(rate) => {
                write!(f, "the GST rate must be 0, 5, 12, 18 or 28%, not {rate}%")
            }
            TaxError::NegativePrice => f.write_str("a unit price cannot be below zero"),
            TaxError::NegativeDiscount => f.write_str("a discount cannot be below zero"),
            TaxError::ZeroQuantity => f.write_str("the quantity must be at least 1"),
            TaxError::DiscountAboveValue => {
                f.write_str("the discount is larger than the line's value")
            }
            TaxError::TooLarge => f.write_str("the amount is too large to work out tax on"),
            TaxError::MixedCurrencies { expected, found } => write!(
                f,
                "an invoice in {} cannot have a line in {}",
                expected.code(),
                found.code()
            ),
        }
    }
}

impl std::error::Error for TaxError {}

/// A currency tax can be worked out in: its minor unit is a hundredth, so
/// "round to 0.01" means "round to whole minor units".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Currency {
    /// Indian rupee (paise).
    Inr,
    /// US dollar (cents).
    Usd,
    /// Euro (cents).
    Eur,
}

impl Currency {
    /// Every supported currency.
    pub const ALL: [Currency; 3] = [Currency::Inr, Currency::Usd, Currency::Eur];

    /// The currency with ISO code `code` ("INR"), as stored next to amounts.
    pub fn parse(code: &str) -> Result<Currency, TaxError> {
        Currency::ALL
            .into_iter()
            .find(|c| c.code() == code)
            .ok_or_else(|| TaxError::Currency(code.to_owned()))
    }

    /// The ISO code, as stored: "INR", "USD", "EUR".
    pub fn code(self) -> &'static str {
        match self {
            Currency::Inr => "INR",
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
        }
    }
}

/// A part's GST rate, one of [`GST_RATES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GstRate(u8);

impl GstRate {
    /// The rate `percent` as stored on a part (`parts.gst_rate`).
    pub fn from_percent(percent: i32) -> Result<GstRate, TaxError> {
        GST_RATES
            .into_iter()
            .find(|r| i32::from(*r) == percent)
            .map(GstRate)
            .ok_or(TaxError::GstRate(percent))
    }

    /// The rate in percent, such as 18.
    pub fn percent(self) -> u8 {
        self.0
    }
}

/// A kind of tax, as printed on an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TaxKind {
    /// Central GST (intra-state).
    Cgst,
    /// State GST (intra-state).
    Sgst,
    /// Union territory GST: SGST's place in a union territory without a
    /// legislature.
    Utgst,
    /// Integrated GST (inter-state, and 0 % on exports).
    Igst,
    /// A US-style sales tax from the rate table.
    SalesTax,
    /// Value-added tax from the rate table.
    Vat,
}

impl TaxKind {
    /// Every kind, in invoice order.
    pub const ALL: [TaxKind; 6] = [
        TaxKind::Cgst,
        TaxKind::Sgst,
        TaxKind::Utgst,
        TaxKind::Igst,
        TaxKind::SalesTax,
        TaxKind::Vat,
    ];

    /// The kinds a rate table row may have.
    pub const TABLE: [TaxKind; 2] = [TaxKind::SalesTax, TaxKind::Vat];

    /// The stored name: `cgst`, `sales_tax`, …
    pub fn as_str(self) -> &'static str {
        match self {
            TaxKind::Cgst => "cgst",
            TaxKind::Sgst => "sgst",
            TaxKind::Utgst => "utgst",
            TaxKind::Igst => "igst",
            TaxKind::SalesTax => "sales_tax",
            TaxKind::Vat => "vat",
        }
    }

    /// The kind stored as `s`, if any.
    pub fn parse(s: &str) -> Option<TaxKind> {
        TaxKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// As printed: "CGST", "Sales tax", "VAT".
    pub fn label(self) -> &'static str {
        match self {
            TaxKind::Cgst => "CGST",
            TaxKind::Sgst => "SGST",
            TaxKind::Utgst => "UTGST",
            TaxKind::Igst => "IGST",
            TaxKind::SalesTax => "Sales tax",
            TaxKind::Vat => "VAT",
        }
    }

    /// Whether the GST rules decide it; such kinds cannot come from the table.
    pub fn is_indian_gst(self) -> bool {
        matches!(
            self,
            TaxKind::Cgst | TaxKind::Sgst | TaxKind::Utgst | TaxKind::Igst
        )
    }
}

/// "CGST 9%", "Sales tax 7.25%".
fn tax_label(kind: TaxKind, rate: Decimal) -> String {
    format!("{} {}%", kind.label(), rate.normalize())
}

/// A two-letter ISO 3166-1 country code, uppercased; `None` when `text` is
/// not one.
pub fn country_code(text: &str) -> Option<String> {
    let t = text.trim();
    (t.len() == 2 && t.bytes().all(|b| b.is_ascii_alphabetic())).then(|| t.to_ascii_uppercase())
}

/// A region code (the part of ISO 3166-2 after the dash: "CA", "BY"): one to
/// three letters or digits, uppercased; `None` when `text` is not one.
pub fn region_code(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_alphanumeric()))
        .then(|| t.to_ascii_uppercase())
}

/// "US/CA", or "JP" when there is no region.
fn place_label(country: &str, region: Option<&str>) -> String {
    match region {
        Some(r) => format!("{country}/{r}"),
        None => country.to_owned(),
    }
}

/// Why an address cannot be placed for tax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceError {
    /// Not a two-letter country code; holds what was given.
    Country(String),
    /// An Indian address without a state.
    NoIndianState,
    /// An Indian state that is not on the GST list; holds what was given.
    IndianState(String),
    /// A region that is not a short code such as CA; holds what was given.
    Region(String),
}

impl fmt::Display for PlaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlaceError::Country(c) => write!(
                f,
                "“{c}” is not a two-letter country code such as IN, US or DE"
            ),
            PlaceError::NoIndianState => {
                f.write_str("an address in India needs its state or union territory")
            }
            PlaceError::IndianState(s) => {
                write!(f, "“{s}” is not an Indian state or union territory")
            }
            PlaceError::Region(r) => write!(
                f,
                "“{r}” is not a region code: use the short code, such as CA for California"
            ),
        }
    }
}

impl std::error::Error for PlaceError {}

#[derive(Debug, Clone, PartialEq, Eq)]
enum PlaceKind {
    India(State),
    Abroad {
        country: String,
        region: Option<String>,
    },
}

/// Where a party is for tax: an Indian state or union territory, or a
/// country outside India with an optional region code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place(PlaceKind);

impl Place {
    /// A place in India.
    pub fn india(state: State) -> Place {
        Place(PlaceKind::India(state))
    }

    /// Reads an address's country and state/region as stored. India is
    /// "IN", "IND" or "India" (organizations hold both spellings) and needs a
    /// state name or GST code; other countries are two-letter codes and the
    /// region, if not empty, a short code such as "CA".
    pub fn new(country: &str, region: &str) -> Result<Place, PlaceError> {
        let c = country.trim();
        if ["IN", "IND", "India"]
            .iter()
            .any(|i| c.eq_ignore_ascii_case(i))
        {
            let r = region.trim();
            if r.is_empty() {
                return Err(PlaceError::NoIndianState);
            }
            return State::find(r)
                .map(Place::india)
                .ok_or_else(|| PlaceError::IndianState(r.to_owned()));
        }
        let country = country_code(c).ok_or_else(|| PlaceError::Country(c.to_owned()))?;
        let region = match region.trim() {
            "" => None,
            r => Some(region_code(r).ok_or_else(|| PlaceError::Region(r.to_owned()))?),
        };
        Ok(Place(PlaceKind::Abroad { country, region }))
    }

    /// The ISO country code: "IN", "US".
    pub fn country(&self) -> &str {
        match &self.0 {
            PlaceKind::India(_) => "IN",
            PlaceKind::Abroad { country, .. } => country,
        }
    }

    /// The region code: the two-digit GST code in India ("27"), else the
    /// region given, if any.
    pub fn region(&self) -> Option<&str> {
        match &self.0 {
            PlaceKind::India(s) => Some(s.code_str()),
            PlaceKind::Abroad { region, .. } => region.as_deref(),
        }
    }

    /// The Indian state, for a place in India.
    pub fn indian_state(&self) -> Option<State> {
        match self.0 {
            PlaceKind::India(s) => Some(s),
            PlaceKind::Abroad { .. } => None,
        }
    }
}

/// The two sides of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parties {
    /// Where the seller is registered.
    pub seller: Place,
    /// Where the goods are shipped to: the place of supply.
    pub buyer: Place,
}

/// A tax from the rate table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableTax {
    /// Sales tax or VAT.
    pub kind: TaxKind,
    /// Percent, such as 7.25.
    pub rate: Decimal,
}

impl TableTax {
    /// "Sales tax 7.25%", "VAT 19%".
    pub fn label(&self) -> String {
        tax_label(self.kind, self.rate)
    }
}

/// One row of a rate table, as it would come from the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxRateRow {
    /// ISO country code: "US".
    pub country: String,
    /// Region code ("CA"), or `None` for the whole country.
    pub region: Option<String>,
    /// Sales tax or VAT.
    pub kind: TaxKind,
    /// Percent, from 0 to 100 with at most 4 decimals.
    pub rate: Decimal,
}

impl TaxRateRow {
    /// The row as a table holds it, codes uppercased and the rate's
    /// trailing zeros dropped, or why a table cannot hold it: a malformed
    /// code, a GST kind, or a rate outside 0 to 100 % or with more than 4
    /// decimals.
    pub fn checked(&self) -> Result<TaxRateRow, TableError> {
        let country =
            country_code(&self.country).ok_or_else(|| TableError::Country(self.country.clone()))?;
        let region = match &self.region {
            None => None,
            Some(r) => Some(region_code(r).ok_or_else(|| TableError::Region(r.clone()))?),
        };
        let place = place_label(&country, region.as_deref());
        if self.kind.is_indian_gst() {
            return Err(TableError::GstKind(place));
        }
        let rate = table_rate(self.rate).ok_or(TableError::Rate(place))?;
        Ok(TaxRateRow {
            country,
            region,
            kind: self.kind,
            rate,
        })
    }

    /// The row's place as orders name it: "US/CA", or "DE" for a
    /// country-wide row.
    pub fn place(&self) -> String {
        place_label(&self.country, self.region.as_deref())
    }
}

/// Why a rate table row was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    /// Not a two-letter country code; holds it.
    Country(String),
    /// Not a short region code; holds it.
    Region(String),
    /// CGST/SGST/UTGST/IGST come from the GST rules; holds the place.
    GstKind(String),
    /// A rate below 0, above 100 or with more than 4 decimals; holds the
    /// place.
    Rate(String),
    /// Two rows for one place; holds it.
    Duplicate(String),
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableError::Country(c) => write!(f, "“{c}” is not a two-letter country code"),
            TableError::Region(r) => write!(f, "“{r}” is not a region code such as CA"),
            TableError::GstKind(p) => write!(
                f,
                "{p}: CGST, SGST, UTGST and IGST follow the GST rules and cannot be set in the rate table"
            ),
            TableError::Rate(p) => write!(
                f,
                "{p}: a rate is a percentage from 0 to 100 with at most 4 decimals"
            ),
            TableError::Duplicate(p) => write!(f, "{p} has more than one rate"),
        }
    }
}

impl std::error::Error for TableError {}

/// `rate` as a table row holds it, trailing zeros dropped, when it is a
/// percentage from 0 to 100 with at most 4 decimals.
pub fn table_rate(rate: Decimal) -> Option<Decimal> {
    let rate = rate.normalize();
    (!rate.is_sign_negative() && rate <= Decimal::ONE_HUNDRED && rate.scale() <= 4).then_some(rate)
}

/// Why a typed rate was refused. Messages are for the form field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateInputError {
    /// Not a number written with digits and a decimal point.
    NotANumber,
    /// Below 0 or above 100.
    OutOfRange,
    /// More than 4 decimals.
    TooPrecise,
}

impl fmt::Display for RateInputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RateInputError::NotANumber => {
                "Enter the rate as a percentage such as 7.25, with a point for decimals."
            }
            RateInputError::OutOfRange => "A rate is from 0 to 100%.",
            RateInputError::TooPrecise => "A rate has at most 4 decimals, such as 8.8750.",
        })
    }
}

impl std::error::Error for RateInputError {}

/// A rate typed as a percentage ("7.25", "7.25 %", "19"), checked as
/// [`table_rate`] checks a stored one. Only digits and one point: "7,25"
/// could mean 7.25 or 725, so it is refused rather than guessed.
pub fn parse_table_rate(text: &str) -> Result<Decimal, RateInputError> {
    let t = text.trim();
    let t = t.strip_suffix('%').unwrap_or(t).trim_end();
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let well_formed = digits.bytes().any(|b| b.is_ascii_digit())
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|&b| b == b'.').count() <= 1;
    if !well_formed {
        return Err(RateInputError::NotANumber);
    }
    if negative {
        return Err(RateInputError::OutOfRange);
    }
    // Judged on the digits: parsing a long decimal rounds it silently, so
    // "1.000000000000000000000000000001" would pass as 1.
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let whole = whole.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    if whole.len() > 3 {
        return Err(RateInputError::OutOfRange);
    }
    if fraction.len() > 4 {
        return Err(RateInputError::TooPrecise);
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| RateInputError::NotANumber)?
    };
    let fraction_scaled: i64 = format!("{fraction:0<4}")
        .parse()
        .map_err(|_| RateInputError::NotANumber)?;
    let rate = Decimal::new(whole * 10_000 + fraction_scaled, 4).normalize();
    if rate > Decimal::ONE_HUNDRED {
        return Err(RateInputError::OutOfRange);
    }
    Ok(rate)
}

/// Rates by destination for sales not taxed under Indian GST, keyed by
/// (country, optional region). An Indian destination's region is its
/// two-digit GST state code, as [`Place::region`] gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxTable {
    rates: BTreeMap<(String, Option<String>), TableTax>,
}

/// The starter table: (country, region, kind, rate mantissa, rate scale).
/// US figures are state base rates without local taxes; EU figures are
/// standard VAT rates.
const STARTER: &[(&str, Option<&str>, TaxKind, i64, u32)] = &[
    ("US", Some("CA"), TaxKind::SalesTax, 725, 2),
    ("US", Some("NY"), TaxKind::SalesTax, 4, 0),
    ("US", Some("TX"), TaxKind::SalesTax, 625, 2),
    ("US", Some("OR"), TaxKind::SalesTax, 0, 0),
    ("DE", None, TaxKind::Vat, 19, 0),
    ("FR", None, TaxKind::Vat, 20, 0),
    ("NL", None, TaxKind::Vat, 21, 0),
    ("IE", None, TaxKind::Vat, 23, 0),
    ("IT", None, TaxKind::Vat, 22, 0),
    ("ES", None, TaxKind::Vat, 21, 0),
];

impl Default for TaxTable {
    /// A starter table: sales tax for CA, NY, TX and OR; VAT for DE, FR, NL,
    /// IE, IT and ES. Migration 7 seeds the stored table with the same rows
    /// (a portal test compares them); checkout uses the stored one.
    fn default() -> TaxTable {
        // Built directly rather than through `from_rows`: these rows are
        // constants (a test checks `from_rows` accepts them), and a default
        // has no way to report an error.
        let rates = STARTER
            .iter()
            .map(|&(country, region, kind, mantissa, scale)| {
                (
                    (country.to_owned(), region.map(str::to_owned)),
                    TableTax {
                        kind,
                        rate: Decimal::new(mantissa, scale),
                    },
                )
            })
            .collect();
        TaxTable { rates }
    }
}

impl TaxTable {
    /// A table from stored rows, checked: codes well formed, no GST kinds,
    /// rates from 0 to 100 % with at most 4 decimals, one row per place.
    pub fn from_rows(rows: impl IntoIterator<Item = TaxRateRow>) -> Result<TaxTable, TableError> {
        let mut rates = BTreeMap::new();
        for row in rows {
            let row = row.checked()?;
            let place = row.place();
            let tax = TableTax {
                kind: row.kind,
                rate: row.rate,
            };
            if rates.insert((row.country, row.region), tax).is_some() {
                return Err(TableError::Duplicate(place));
            }
        }
        Ok(TaxTable { rates })
    }

    /// The rate for a destination: the region's own row, else the
    /// country-wide row.
    pub fn lookup(&self, country: &str, region: Option<&str>) -> Option<TableTax> {
        self.matching_row(country, region).map(|(_, tax)| tax)
    }

    /// [`TaxTable::lookup`], with the matched row's place ("US/CA", or "DE"
    /// for a country-wide row).
    fn matching_row(&self, country: &str, region: Option<&str>) -> Option<(String, TableTax)> {
        let key = |r: Option<&str>| (country.to_owned(), r.map(str::to_owned));
        let exact = region.and_then(|r| self.rates.get_key_value(&key(Some(r))));
        exact
            .or_else(|| self.rates.get_key_value(&key(None)))
            .map(|((c, r), tax)| (place_label(c, r.as_deref()), *tax))
    }
}

/// Which tax applies to an order, decided once from its [`Parties`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Regime {
    /// Seller and place of supply in the same state: CGST + SGST (or UTGST).
    IntraState(State),
    /// Seller and place of supply in different states: IGST.
    InterState {
        /// The seller's state.
        from: State,
        /// The place of supply.
        to: State,
    },
    /// Indian seller, buyer outside India: zero-rated, IGST 0 %.
    Export,
    /// The destination's rate from the table.
    Destination {
        /// The row's place: "US/CA", or "DE" for a country-wide row.
        place: String,
        /// The tax.
        tax: TableTax,
    },
    /// No rate in the table for the destination: no tax.
    NoRate {
        /// The destination: "US/WA".
        place: String,
    },
}

impl Regime {
    /// Applies the rule in the module docs.
    pub fn decide(parties: &Parties, table: &TaxTable) -> Regime {
        match (parties.seller.indian_state(), parties.buyer.indian_state()) {
            (Some(from), Some(to)) if from == to => Regime::IntraState(from),
            (Some(from), Some(to)) => Regime::InterState { from, to },
            (Some(_), None) => Regime::Export,
            (None, _) => {
                let country = parties.buyer.country();
                let region = parties.buyer.region();
                // The matched row's place, so a country-wide rate shows as
                // "DE", not as the buyer's region.
                match table.matching_row(country, region) {
                    Some((place, tax)) => Regime::Destination { place, tax },
                    None => Regime::NoRate {
                        place: place_label(country, region),
                    },
                }
            }
        }
    }

    /// One line for the invoice or order review saying which rule applied.
    pub fn note(&self) -> String {
        match self {
            Regime::IntraState(s) => {
                let second = if s.levies_utgst() { "UTGST" } else { "SGST" };
                format!("Supply within {}: CGST + {second}", s.name())
            }
            Regime::InterState { from, to } => {
                format!("Supply from {} to {}: IGST", from.name(), to.name())
            }
            Regime::Export => "Export of goods: zero-rated, IGST 0%".to_owned(),
            Regime::Destination { place, tax } => {
                format!("{} for {place}", tax_label(tax.kind, tax.rate))
            }
            Regime::NoRate { place } => format!("no rate configured for {place}"),
        }
    }
}

/// One order line, ready to tax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineInput {
    /// Taxable value in minor units: price × quantity − discount. Negative
    /// on a credit note; rounding is symmetric, so a credit note line
    /// mirrors its invoice line.
    pub taxable_minor: i64,
    /// The part's GST rate (ignored outside Indian GST).
    pub gst_rate: GstRate,
}

impl LineInput {
    /// A line from its unit price, quantity and discount, all checked.
    pub fn priced(
        unit_price_minor: i64,
        quantity: u32,
        discount_minor: i64,
        gst_rate: GstRate,
    ) -> Result<LineInput, TaxError> {
        if unit_price_minor < 0 {
            return Err(TaxError::NegativePrice);
        }
        if quantity == 0 {
            return Err(TaxError::ZeroQuantity);
        }
        if discount_minor < 0 {
            return Err(TaxError::NegativeDiscount);
        }
        let gross = unit_price_minor
            .checked_mul(i64::from(quantity))
            .ok_or(TaxError::TooLarge)?;
        if discount_minor > gross {
            return Err(TaxError::DiscountAboveValue);
        }
        Ok(LineInput {
            taxable_minor: gross - discount_minor,
            gst_rate,
        })
    }
}

/// One tax on one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaxComponent {
    /// Which tax.
    pub kind: TaxKind,
    /// Percent, such as 9 for CGST on an 18 % part.
    pub rate: Decimal,
    /// Rounded amount in minor units.
    pub amount_minor: i64,
}

impl TaxComponent {
    /// "CGST 9%".
    pub fn label(&self) -> String {
        tax_label(self.kind, self.rate)
    }
}

/// The tax on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineTax {
    /// The line's currency.
    pub currency: Currency,
    /// Taxable value in minor units.
    pub taxable_minor: i64,
    /// The taxes, in invoice order; empty when no rate is configured.
    pub components: Vec<TaxComponent>,
    /// Sum of the components.
    pub tax_minor: i64,
    /// Taxable value plus tax.
    pub total_minor: i64,
}

/// `taxable × rate / 100`, rounded half away from zero to whole minor units.
fn percent_of(taxable_minor: i64, rate: Decimal) -> Result<i64, TaxError> {
    let exact = Decimal::from(taxable_minor)
        .checked_mul(rate)
        .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
        .ok_or(TaxError::TooLarge)?;
    let rounded = exact.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    i64::try_from(rounded).map_err(|_| TaxError::TooLarge)
}

fn component(kind: TaxKind, rate: Decimal, taxable_minor: i64) -> Result<TaxComponent, TaxError> {
    Ok(TaxComponent {
        kind,
        rate: rate.normalize(),
        amount_minor: percent_of(taxable_minor, rate)?,
    })
}

/// The tax on one line under `regime`, rounded as the module docs say.
pub fn tax_line(
    regime: &Regime,
    currency: Currency,
    line: &LineInput,
) -> Result<LineTax, TaxError> {
    let taxable = line.taxable_minor;
    let gst = Decimal::from(line.gst_rate.percent());
    let components = match regime {
        Regime::IntraState(state) => {
            let half = gst / Decimal::TWO;
            let second = if state.levies_utgst() {
                TaxKind::Utgst
            } else {
                TaxKind::Sgst
            };
            // Each half rounded on its own: that is what the invoice prints
            // and what each authority is paid.
            vec![
                component(TaxKind::Cgst, half, taxable)?,
                component(second, half, taxable)?,
            ]
        }
        Regime::InterState { .. } => vec![component(TaxKind::Igst, gst, taxable)?],
        Regime::Export => vec![component(TaxKind::Igst, Decimal::ZERO, taxable)?],
        Regime::Destination { tax, .. } => vec![component(tax.kind, tax.rate, taxable)?],
        Regime::NoRate { .. } => Vec::new(),
    };
    let tax_minor = checked_sum(components.iter().map(|c| c.amount_minor))?;
    let total_minor = taxable.checked_add(tax_minor).ok_or(TaxError::TooLarge)?;
    Ok(LineTax {
        currency,
        taxable_minor: taxable,
        components,
        tax_minor,
        total_minor,
    })
}

/// Sum of line figures; refuses rather than wraps.
fn checked_sum(values: impl IntoIterator<Item = i64>) -> Result<i64, TaxError> {
    values
        .into_iter()
        .try_fold(0i64, i64::checked_add)
        .ok_or(TaxError::TooLarge)
}

/// One row of an invoice's tax breakdown: a kind at a rate, over all lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SummaryRow {
    /// Which tax.
    pub kind: TaxKind,
    /// Percent.
    pub rate: Decimal,
    /// Taxable value of the lines it applies to.
    pub taxable_minor: i64,
    /// Sum of the lines' rounded amounts.
    pub amount_minor: i64,
}

impl SummaryRow {
    /// "CGST 9%".
    pub fn label(&self) -> String {
        tax_label(self.kind, self.rate)
    }

    /// "CGST 9%: ₹1,234.00".
    pub fn display(&self, currency: Currency) -> String {
        format!(
            "{}: {}",
            self.label(),
            money::format(self.amount_minor, currency.code())
        )
    }
}

/// An invoice's tax breakdown and totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxSummary {
    /// The invoice's currency.
    pub currency: Currency,
    /// One row per (kind, rate), in invoice order: kind, then rate.
    pub rows: Vec<SummaryRow>,
    /// Sum of the lines' taxable values.
    pub taxable_minor: i64,
    /// Sum of the lines' tax.
    pub tax_minor: i64,
    /// Sum of the lines' totals.
    pub total_minor: i64,
}

/// Adds up taxed lines of one invoice in `currency` (sums of rounded line
/// figures; nothing is rounded again).
pub fn summarize(currency: Currency, lines: &[LineTax]) -> Result<TaxSummary, TaxError> {
    let mut groups: BTreeMap<(TaxKind, Decimal), (i64, i64)> = BTreeMap::new();
    for line in lines {
        if line.currency != currency {
            return Err(TaxError::MixedCurrencies {
                expected: currency,
                found: line.currency,
            });
        }
        for c in &line.components {
            let (taxable, amount) = groups.entry((c.kind, c.rate)).or_insert((0, 0));
            *taxable = taxable
                .checked_add(line.taxable_minor)
                .ok_or(TaxError::TooLarge)?;
            *amount = amount
                .checked_add(c.amount_minor)
                .ok_or(TaxError::TooLarge)?;
        }
    }
    let rows = groups
        .into_iter()
        .map(|((kind, rate), (taxable_minor, amount_minor))| SummaryRow {
            kind,
            rate,
            taxable_minor,
            amount_minor,
        })
        .collect();
    Ok(TaxSummary {
        currency,
        rows,
        taxable_minor: checked_sum(lines.iter().map(|l| l.taxable_minor))?,
        tax_minor: checked_sum(lines.iter().map(|l| l.tax_minor))?,
        total_minor: checked_sum(lines.iter().map(|l| l.total_minor))?,
    })
}

#[cfg(test)]
mod tests {
    // Amounts are written as units_minor (`1_000_00` is ₹1,000.00) so a
    // reviewer can check them by hand against the module docs.
    #![allow(clippy::inconsistent_digit_grouping)]

    use super::*;

    fn state(code: u8) -> State {
        State::from_code(code).unwrap()
    }

    /// A starter rate for a country no address can be in would never apply.
    #[test]
    fn every_starter_country_is_one_an_address_can_be_in() {
        for (country, ..) in STARTER {
            assert!(
                crate::domain::address::COUNTRIES
                    .iter()
                    .any(|(c, _)| c == country),
                "{country}"
            );
        }
    }

    fn rate(p: i32) -> GstRate {
        GstRate::from_percent(p).unwrap()
    }

    fn place(country: &str, region: &str) -> Place {
        Place::new(country, region).unwrap()
    }

    fn regime(seller: Place, buyer: Place) -> Regime {
        Regime::decide(&Parties { seller, buyer }, &TaxTable::default())
    }

    /// Maharashtra → `buyer_state`.
    fn from_maharashtra(buyer_state: u8) -> Regime {
        regime(Place::india(state(27)), Place::india(state(buyer_state)))
    }

    fn line(taxable_minor: i64, gst: i32) -> LineInput {
        LineInput {
            taxable_minor,
            gst_rate: rate(gst),
        }
    }

    /// (kind, rate as text, amount) for each component.
    fn parts(t: &LineTax) -> Vec<(TaxKind, String, i64)> {
        t.components
            .iter()
            .map(|c| (c.kind, c.rate.to_string(), c.amount_minor))
            .collect()
    }

    fn inr(regime: &Regime, l: LineInput) -> LineTax {
        tax_line(regime, Currency::Inr, &l).unwrap()
    }

    #[test]
    fn intra_state_splits_into_cgst_and_sgst() {
        // ₹1,000.00 × 3 at 18%, Maharashtra → Maharashtra.
        let r = from_maharashtra(27);
        assert_eq!(r, Regime::IntraState(state(27)));
        assert_eq!(r.note(), "Supply within Maharashtra: CGST + SGST");
        let l = LineInput::priced(1_000_00, 3, 0, rate(18)).unwrap();
        assert_eq!(l.taxable_minor, 3_000_00);
        let t = inr(&r, l);
        assert_eq!(
            parts(&t),
            [
                (TaxKind::Cgst, "9".into(), 270_00),
                (TaxKind::Sgst, "9".into(), 270_00)
            ]
        );
        assert_eq!((t.tax_minor, t.total_minor), (540_00, 3_540_00));
        assert_eq!(t.components[0].label(), "CGST 9%");
    }

    #[test]
    fn inter_state_charges_igst() {
        // Same line, Maharashtra → Karnataka.
        let r = from_maharashtra(29);
        assert_eq!(r.note(), "Supply from Maharashtra to Karnataka: IGST");
        let t = inr(&r, LineInput::priced(1_000_00, 3, 0, rate(18)).unwrap());
        assert_eq!(parts(&t), [(TaxKind::Igst, "18".into(), 540_00)]);
        assert_eq!(t.total_minor, 3_540_00);
    }

    #[test]
    fn union_territory_without_legislature_levies_utgst() {
        // Chandigarh → Chandigarh, ₹200.00 at 12%: CGST 6% ₹12.00 + UTGST 6% ₹12.00.
        let chandigarh = Place::india(state(4));
        let r = regime(chandigarh.clone(), chandigarh);
        assert_eq!(r.note(), "Supply within Chandigarh: CGST + UTGST");
        let t = inr(&r, line(200_00, 12));
        assert_eq!(
            parts(&t),
            [
                (TaxKind::Cgst, "6".into(), 12_00),
                (TaxKind::Utgst, "6".into(), 12_00)
            ]
        );
    }

    #[test]
    fn discount_comes_off_before_tax() {
        // ₹333.33 × 3 = ₹999.99, less ₹99.99 = ₹900.00; IGST 18% = ₹162.00.
        let l = LineInput::priced(333_33, 3, 99_99, rate(18)).unwrap();
        assert_eq!(l.taxable_minor, 900_00);
        assert_eq!(inr(&from_maharashtra(29), l).tax_minor, 162_00);
    }

    #[test]
    fn mixed_rates_summarize_by_kind_and_rate() {
        // Maharashtra → Maharashtra:
        //   ₹250.00 × 4 at 5%          taxable ₹1,000.00    CGST 2.5% ₹25.00
        //   ₹1,499.99 × 1 at 12%       taxable ₹1,499.99    CGST 6%: 89.9994 → ₹90.00
        //   ₹333.33 × 3 − ₹99.99 at 18% taxable ₹900.00     CGST 9%  ₹81.00
        //   ₹12,345.67 × 2 at 28%      taxable ₹24,691.34   CGST 14%: 3,456.7876 → ₹3,456.79
        // SGST mirrors CGST on each line.
        let r = from_maharashtra(27);
        let lines: Vec<LineTax> = [
            (250_00, 4, 0, 5),
            (1_499_99, 1, 0, 12),
            (333_33, 3, 99_99, 18),
            (12_345_67, 2, 0, 28),
        ]
        .into_iter()
        .map(|(price, qty, disc, gst)| {
            inr(&r, LineInput::priced(price, qty, disc, rate(gst)).unwrap())
        })
        .collect();
        let s = summarize(Currency::Inr, &lines).unwrap();
        let shown: Vec<String> = s
            .rows
            .iter()
            .map(|row| row.display(Currency::Inr))
            .collect();
        assert_eq!(
            shown,
            [
                "CGST 2.5%: ₹25.00",
                "CGST 6%: ₹90.00",
                "CGST 9%: ₹81.00",
                "CGST 14%: ₹3,456.79",
                "SGST 2.5%: ₹25.00",
                "SGST 6%: ₹90.00",
                "SGST 9%: ₹81.00",
                "SGST 14%: ₹3,456.79",
            ]
        );
        assert_eq!(s.rows[3].taxable_minor, 24_691_34);
        // 1,000.00 + 1,499.99 + 900.00 + 24,691.34
        assert_eq!(s.taxable_minor, 28_091_33);
        // 2 × (25.00 + 90.00 + 81.00 + 3,456.79)
        assert_eq!(s.tax_minor, 7_305_58);
        assert_eq!(s.total_minor, 35_396_91);
    }

    #[test]
    fn rounds_each_component_half_up_to_a_paisa() {
        let intra = from_maharashtra(27);
        let inter = from_maharashtra(29);
        // ₹10.10 at 18%: CGST 90.9 → 91 each (182), IGST 181.8 → 182. Agree.
        assert_eq!(inr(&intra, line(10_10, 18)).tax_minor, 1_82);
        assert_eq!(inr(&intra, line(10_10, 18)).components[0].amount_minor, 91);
        assert_eq!(inr(&inter, line(10_10, 18)).tax_minor, 1_82);
        // ₹1.00 at 5%: CGST 2.5 paise → 3 (half up), ×2 = 6; IGST exactly 5.
        assert_eq!(parts(&inr(&intra, line(1_00, 5)))[0].2, 3);
        assert_eq!(inr(&intra, line(1_00, 5)).tax_minor, 6);
        assert_eq!(inr(&inter, line(1_00, 5)).tax_minor, 5);
        // ₹1.70 at 18%: CGST 15.3 → 15, ×2 = 30; IGST 30.6 → 31.
        assert_eq!(inr(&intra, line(1_70, 18)).tax_minor, 30);
        assert_eq!(inr(&inter, line(1_70, 18)).tax_minor, 31);
        // ₹0.05 at 5%: CGST 0.125 → 0, IGST 0.25 → 0.
        assert_eq!(inr(&intra, line(5, 5)).tax_minor, 0);
        assert_eq!(inr(&inter, line(5, 5)).tax_minor, 0);
        // ₹0.10 at 5%: IGST 0.5 → 1 (half up); CGST 0.25 → 0 each.
        assert_eq!(inr(&inter, line(10, 5)).tax_minor, 1);
        assert_eq!(inr(&intra, line(10, 5)).tax_minor, 0);
        // A credit note mirrors: −₹1.00 at 5%, CGST −2.5 → −3 (away from zero).
        let credit = inr(&intra, line(-1_00, 5));
        assert_eq!(
            (credit.components[0].amount_minor, credit.tax_minor),
            (-3, -6)
        );
    }

    #[test]
    fn zero_rate_parts_carry_zero_tax() {
        let t = inr(&from_maharashtra(27), line(5_000_00, 0));
        assert_eq!(
            parts(&t),
            [
                (TaxKind::Cgst, "0".into(), 0),
                (TaxKind::Sgst, "0".into(), 0)
            ]
        );
        assert_eq!(t.total_minor, 5_000_00);
    }

    #[test]
    fn export_from_india_is_zero_rated() {
        // Maharashtra seller ships ₹5,000.00 of 18% parts to Germany.
        let r = regime(Place::india(state(27)), place("DE", ""));
        assert_eq!(r, Regime::Export);
        assert_eq!(r.note(), "Export of goods: zero-rated, IGST 0%");
        let t = inr(&r, line(5_000_00, 18));
        assert_eq!(parts(&t), [(TaxKind::Igst, "0".into(), 0)]);
        assert_eq!(t.total_minor, 5_000_00);
        let s = summarize(Currency::Inr, &[t]).unwrap();
        assert_eq!(s.rows[0].display(Currency::Inr), "IGST 0%: ₹0.00");
    }

    #[test]
    fn us_sales_tax_by_state() {
        // US seller, buyer in California at 7.25%.
        let r = regime(place("US", "NY"), place("us", "ca"));
        assert_eq!(r.note(), "Sales tax 7.25% for US/CA");
        // $2.00: 14.5 cents → 15 (half up).
        let small = tax_line(&r, Currency::Usd, &line(2_00, 18)).unwrap();
        assert_eq!(parts(&small), [(TaxKind::SalesTax, "7.25".into(), 15)]);
        // $1,234.50 × 2 = $2,469.00: 17,900.25 cents → $179.00.
        let l = LineInput::priced(1_234_50, 2, 0, rate(18)).unwrap();
        let t = tax_line(&r, Currency::Usd, &l).unwrap();
        assert_eq!((t.tax_minor, t.total_minor), (179_00, 2_648_00));
        let s = summarize(Currency::Usd, &[small, t]).unwrap();
        assert_eq!(s.rows[0].display(Currency::Usd), "Sales tax 7.25%: $179.15");
        // Oregon has no sales tax: a configured 0%, not a missing rate.
        let oregon = regime(place("US", "TX"), place("US", "OR"));
        assert_eq!(oregon.note(), "Sales tax 0% for US/OR");
        assert_eq!(
            tax_line(&oregon, Currency::Usd, &line(100_00, 18))
                .unwrap()
                .tax_minor,
            0
        );
    }

    #[test]
    fn german_vat_in_euros() {
        // A Dutch seller ships €1,234.56 to a buyer in Bavaria: the
        // country-wide 19% applies; 23,456.64 cents → €234.57.
        let r = regime(place("NL", ""), place("DE", "BY"));
        assert_eq!(r.note(), "VAT 19% for DE");
        let t = tax_line(&r, Currency::Eur, &line(1_234_56, 28)).unwrap();
        assert_eq!(parts(&t), [(TaxKind::Vat, "19".into(), 234_57)]);
        assert_eq!(t.total_minor, 1_469_13);
        let s = summarize(Currency::Eur, &[t]).unwrap();
        assert_eq!(s.rows[0].display(Currency::Eur), "VAT 19%: €234.57");
    }

    #[test]
    fn no_configured_rate_means_no_tax_and_says_so() {
        let wa = regime(place("US", "CA"), place("US", "WA"));
        assert_eq!(
            wa,
            Regime::NoRate {
                place: "US/WA".into()
            }
        );
        assert_eq!(wa.note(), "no rate configured for US/WA");
        let t = tax_line(&wa, Currency::Usd, &line(500_00, 18)).unwrap();
        assert!(t.components.is_empty());
        assert_eq!((t.tax_minor, t.total_minor), (0, 500_00));
        assert!(summarize(Currency::Usd, &[t]).unwrap().rows.is_empty());

        let japan = regime(place("DE", ""), place("JP", ""));
        assert_eq!(japan.note(), "no rate configured for JP");
        // A foreign seller shipping into India: GST there is not the
        // seller's to charge here, and the starter table has no Indian row.
        let into_india = regime(place("US", "CA"), Place::india(state(29)));
        assert_eq!(into_india.note(), "no rate configured for IN/29");
    }

    #[test]
    fn large_values_are_exact_or_refused() {
        // 2^53 + 1 paise cannot be held by an f64; IGST 18% is exact here:
        // 9,007,199,254,740,993 × 0.18 = 1,621,295,865,853,378.74 → …379.
        let big = 9_007_199_254_740_993;
        let t = inr(&from_maharashtra(29), line(big, 18));
        assert_eq!(t.tax_minor, 1_621_295_865_853_379);
        assert_eq!(t.total_minor, big + 1_621_295_865_853_379);
        // Tax fits but taxable + tax does not.
        assert_eq!(
            tax_line(&from_maharashtra(29), Currency::Inr, &line(i64::MAX, 28)),
            Err(TaxError::TooLarge)
        );
        // The most negative value still works out (credit-note side).
        assert_eq!(
            tax_line(&from_maharashtra(29), Currency::Inr, &line(i64::MIN, 0))
                .unwrap()
                .tax_minor,
            0
        );
        assert_eq!(
            LineInput::priced(i64::MAX / 2, 3, 0, rate(18)),
            Err(TaxError::TooLarge)
        );
        // Each line fits; their sum does not.
        let half = inr(&from_maharashtra(29), line(i64::MAX / 2 + 1, 0));
        assert_eq!(
            summarize(Currency::Inr, &[half.clone(), half]),
            Err(TaxError::TooLarge)
        );
    }

    #[test]
    fn refuses_bad_lines() {
        assert_eq!(GstRate::from_percent(7), Err(TaxError::GstRate(7)));
        assert_eq!(
            TaxError::GstRate(7).to_string(),
            "the GST rate must be 0, 5, 12, 18 or 28%, not 7%"
        );
        assert!(
            GST_RATES
                .iter()
                .all(|&p| GstRate::from_percent(i32::from(p)).is_ok())
        );
        assert_eq!(
            LineInput::priced(-1, 1, 0, rate(5)),
            Err(TaxError::NegativePrice)
        );
        assert_eq!(
            LineInput::priced(100, 0, 0, rate(5)),
            Err(TaxError::ZeroQuantity)
        );
        assert_eq!(
            LineInput::priced(100, 1, -1, rate(5)),
            Err(TaxError::NegativeDiscount)
        );
        assert_eq!(
            LineInput::priced(100, 2, 201, rate(5)),
            Err(TaxError::DiscountAboveValue)
        );
        assert_eq!(
            LineInput::priced(100, 2, 200, rate(5))
                .unwrap()
                .taxable_minor,
            0
        );
    }

    #[test]
    fn only_hundredth_currencies_and_one_per_invoice() {
        assert_eq!(Currency::parse("USD"), Ok(Currency::Usd));
        assert_eq!(
            Currency::parse("JPY"),
            Err(TaxError::Currency("JPY".into()))
        );
        assert_eq!(
            Currency::parse("KWD").unwrap_err().to_string(),
            "tax is worked out in INR, USD or EUR only, not in “KWD”"
        );
        let usd = tax_line(&from_maharashtra(29), Currency::Usd, &line(100, 5)).unwrap();
        assert_eq!(
            summarize(Currency::Eur, &[usd]),
            Err(TaxError::MixedCurrencies {
                expected: Currency::Eur,
                found: Currency::Usd
            })
        );
        let empty = summarize(Currency::Inr, &[]).unwrap();
        assert_eq!((empty.rows.len(), empty.total_minor), (0, 0));
    }

    #[test]
    fn places_read_stored_addresses() {
        assert_eq!(
            place("India", "Maharashtra").indian_state(),
            Some(state(27))
        );
        assert_eq!(place("IN", "NCT of Delhi").region(), Some("07"));
        assert_eq!(place(" in ", "27").country(), "IN");
        assert_eq!(place("us", " ca ").region(), Some("CA"));
        assert_eq!(place("DE", "").region(), None);
        assert_eq!(Place::new("IN", ""), Err(PlaceError::NoIndianState));
        assert_eq!(
            Place::new("IN", "Bombay").unwrap_err().to_string(),
            "“Bombay” is not an Indian state or union territory"
        );
        assert_eq!(
            Place::new("USA", "CA"),
            Err(PlaceError::Country("USA".into()))
        );
        assert_eq!(
            Place::new("US", "California"),
            Err(PlaceError::Region("California".into()))
        );
    }

    #[test]
    fn tables_come_from_checked_rows() {
        let row = |country: &str, region: Option<&str>, kind, rate| TaxRateRow {
            country: country.into(),
            region: region.map(Into::into),
            kind,
            rate,
        };
        let starter: Vec<TaxRateRow> = STARTER
            .iter()
            .map(|&(c, r, k, m, s)| row(c, r, k, Decimal::new(m, s)))
            .collect();
        assert_eq!(TaxTable::from_rows(starter), Ok(TaxTable::default()));

        let table = TaxTable::from_rows([
            row("gb", None, TaxKind::Vat, Decimal::from(20)),
            row("US", Some("wa"), TaxKind::SalesTax, Decimal::new(65, 1)),
        ])
        .unwrap();
        assert_eq!(
            table.lookup("US", Some("WA")),
            Some(TableTax {
                kind: TaxKind::SalesTax,
                rate: Decimal::new(65, 1)
            })
        );
        assert_eq!(
            table.lookup("GB", Some("ENG")).map(|t| t.rate),
            Some(Decimal::from(20))
        );
        assert_eq!(table.lookup("US", Some("CA")), None);

        let refused = |r: TaxRateRow| TaxTable::from_rows([r]).unwrap_err();
        assert_eq!(
            refused(row("IN", Some("27"), TaxKind::Cgst, Decimal::from(9))),
            TableError::GstKind("IN/27".into())
        );
        assert_eq!(
            refused(row("DE", None, TaxKind::Vat, Decimal::from(101))).to_string(),
            "DE: a rate is a percentage from 0 to 100 with at most 4 decimals"
        );
        assert_eq!(
            refused(row("DE", None, TaxKind::Vat, Decimal::new(-1, 0))),
            TableError::Rate("DE".into())
        );
        assert_eq!(
            refused(row("DE", None, TaxKind::Vat, Decimal::new(123_456, 5))),
            TableError::Rate("DE".into())
        );
        assert_eq!(
            refused(row("Germany", None, TaxKind::Vat, Decimal::from(19))),
            TableError::Country("Germany".into())
        );
        assert_eq!(
            TaxTable::from_rows([
                row("DE", None, TaxKind::Vat, Decimal::from(19)),
                row("de", None, TaxKind::Vat, Decimal::from(7)),
            ]),
            Err(TableError::Duplicate("DE".into()))
        );
        // Trailing zeros are not extra precision.
        assert!(
            TaxTable::from_rows([row("DE", None, TaxKind::Vat, Decimal::new(1_900_000, 5))])
                .is_ok()
        );
    }

    #[test]
    fn typed_rates_are_read_exactly_or_refused_with_the_reason() {
        let ok = |t: &str| parse_table_rate(t).map(|r| r.to_string());
        assert_eq!(ok("7.25"), Ok("7.25".into()));
        assert_eq!(ok(" 19 % "), Ok("19".into()));
        assert_eq!(ok("8.8750"), Ok("8.875".into()));
        assert_eq!(ok("0"), Ok("0".into()));
        assert_eq!(ok("100.0000"), Ok("100".into()));
        assert_eq!(ok(".5"), Ok("0.5".into()));
        // Trailing zeros past the fourth decimal are not extra precision.
        assert_eq!(ok("7.250000"), Ok("7.25".into()));
        assert_eq!(ok("0.0001"), Ok("0.0001".into()));
        use RateInputError as E;
        for (typed, why) in [
            ("", E::NotANumber),
            ("abc", E::NotANumber),
            ("7,25", E::NotANumber),
            ("1.2.3", E::NotANumber),
            ("1e2", E::NotANumber),
            (".", E::NotANumber),
            ("-1", E::OutOfRange),
            ("100.0001", E::OutOfRange),
            ("250", E::OutOfRange),
            ("99999999999999999999999999999999", E::OutOfRange),
            ("7.25001", E::TooPrecise),
            ("0.00001", E::TooPrecise),
            ("1.000000000000000000000000000000001", E::TooPrecise),
        ] {
            assert_eq!(parse_table_rate(typed), Err(why), "{typed:?}");
        }
        assert_eq!(table_rate(Decimal::new(-1, 4)), None);
        assert_eq!(table_rate(Decimal::new(19_000, 3)), Some(Decimal::from(19)));
    }

    #[test]
    fn tax_kinds_round_trip_their_stored_names() {
        for k in TaxKind::ALL {
            assert_eq!(TaxKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(TaxKind::parse("gst"), None);
    }
}
