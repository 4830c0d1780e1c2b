//! Parsers for one cell of a supplier's spreadsheet or CSV file.
//!
//! The file reader hands each cell over as a [`Cell`]; the parsers here turn
//! it into a typed value or a [`ValueError`] that says what was expected. They
//! know nothing about rows, sheets or catalog rules: a negative price or a
//! 300 % GST rate parses fine and is rejected by the row validator, which
//! knows the allowed ranges.
//!
//! Every parser returns `Ok(None)` for an empty cell or a placeholder such as
//! "N/A" or "-" (see [`is_placeholder`]); whether the field is required is the
//! validator's decision, not the parser's.
//!
//! # Numbers written as text
//!
//! Prices, percentages, quantities, weights and durations share one number
//! reader. Digits must be ASCII; there is no exponent notation. Spaces,
//! apostrophes and thin spaces are always digit grouping. For `.` and `,`:
//!
//! 1. If both appear, the one written last is the decimal separator and must
//!    appear once; the other is grouping: `1,234.50`, `1,23,456.00`,
//!    `1.234,56`.
//! 2. If only one of them appears, more than once, it is grouping:
//!    `1,234,567`, `1.234.567`.
//! 3. If only one of them appears, once, it is the decimal separator unless
//!    exactly three digits follow it: `12,5` and `1234.56` are decimals.
//! 4. With exactly three digits after it, a single separator is a decimal
//!    when the digits before it are `0` (`0.125`) or when spaces already do
//!    the grouping (`1 234,567`). Otherwise a comma is grouping (`1,234` is
//!    1234, the common reading in Indian and English catalogs), and a dot is
//!    refused as ambiguous (`1.234` is 1234 in a European sheet and 1.234 in
//!    an English one; guessing wrong is a thousandfold price error).
//!
//! Grouped digits must form real groups: the first group has 1–3 digits, the
//! last exactly 3, and the groups between are all 3 digits (`1,234,567`) or
//! all 2 (Indian `12,34,567`). So `1,2,3` is refused.
//!
//! # Rounding
//!
//! Money is rounded to 2 decimals, half away from zero (`0.125` → `0.13`,
//! `-0.125` → `-0.13`), then stored as integer minor units (paise, cents).
//! Weights are rounded the same way to whole grams. Durations are rounded up
//! to whole days, so a lead time is never understated. All arithmetic is in
//! [`rust_decimal`]; a number cell's `f64` is first written out to 10
//! decimals, which removes binary noise (`2.675` stays `2.675`, not
//! `2.67499…`) before any rounding.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

/// One cell as the file reader found it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// No value at all.
    Empty,
    /// Text, as typed (or every cell of a CSV file).
    Text(String),
    /// A number cell (spreadsheets store every number as a float).
    Number(f64),
    /// A boolean cell (TRUE/FALSE in a spreadsheet).
    Bool(bool),
    /// A date cell, as the spreadsheet stores it: an Excel serial day number,
    /// with the time of day as the fraction.
    DateTime(f64),
    /// A formula error such as `#DIV/0!` or `#N/A`.
    Error(String),
}

/// What a cell should have held; each [`ValueError`] carries one, and its
/// `Display` is a short example suitable to follow "expected ".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Expected {
    /// A price, see [`parse_money`].
    Money,
    /// A percentage, see [`parse_percent`].
    Percent,
    /// A whole number, see [`parse_whole_number`].
    WholeNumber,
    /// A weight, see [`parse_weight_grams`].
    Weight,
    /// A duration in days, see [`parse_duration_days`].
    Duration,
    /// A yes/no value, see [`parse_bool`].
    Boolean,
    /// A date, see [`parse_date`].
    Date,
    /// A part number, see [`parse_part_number`].
    PartNumber,
    /// Any text, see [`parse_text`].
    Text,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expected::Money => "a price such as 1,234.50 or ₹1,23,456",
            Expected::Percent => "a percentage such as 18% or 12.5",
            Expected::WholeNumber => "a whole number such as 1,200",
            Expected::Weight => "a weight such as 0.5 kg, 500 g or 1.1 lb",
            Expected::Duration => "a duration such as 10 days, 2 weeks or 1 month",
            Expected::Boolean => "yes or no",
            Expected::Date => "a date such as 2024-03-15, 15/03/2024 or 15-Mar-2024",
            Expected::PartNumber => "a part number",
            Expected::Text => "text",
        })
    }
}

/// Why a cell could not be parsed. The message is meant to follow a location
/// and the cell's text, as in `Sheet Parts, row 14, column D (Unit Price):
/// found "abc": expected a price such as 1,234.50 or ₹1,23,456`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// The text is not of the expected form; `hint` says more when the
    /// problem is not obvious from the example.
    #[error("expected {expected}{}", Hint(*.hint))]
    Invalid {
        /// What the cell should have held.
        expected: Expected,
        /// An explanation, such as why a value is ambiguous.
        hint: Option<&'static str>,
    },
    /// The value is of the right form but too large to store.
    #[error("expected {expected} (this number is too large)")]
    TooLarge {
        /// What the cell should have held.
        expected: Expected,
    },
    /// The cell holds a formula error instead of a value.
    #[error("the cell holds a spreadsheet error ({code})")]
    SpreadsheetError {
        /// What the cell should have held.
        expected: Expected,
        /// The error as the spreadsheet shows it, such as `#DIV/0!`.
        code: String,
    },
}

impl ValueError {
    /// What the cell should have held.
    pub fn expected(&self) -> Expected {
        match self {
            ValueError::Invalid { expected, .. }
            | ValueError::TooLarge { expected }
            | ValueError::SpreadsheetError { expected, .. } => *expected,
        }
    }
}

/// Formats an optional hint as " (hint)".
struct Hint(Option<&'static str>);

impl fmt::Display for Hint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(hint) => write!(f, " ({hint})"),
            None => Ok(()),
        }
    }
}

/// The result of parsing one cell: `Ok(None)` when the cell is empty or a
/// placeholder.
pub type CellResult<T> = Result<Option<T>, ValueError>;

fn invalid(expected: Expected) -> ValueError {
    ValueError::Invalid {
        expected,
        hint: None,
    }
}

fn invalid_because(expected: Expected, hint: &'static str) -> ValueError {
    ValueError::Invalid {
        expected,
        hint: Some(hint),
    }
}

const AMBIGUOUS_DOT: &str = "a dot followed by three digits may be a thousands separator or a decimal point; write 1234 or 1.23";

// ---------------------------------------------------------------------------
// Text clean-up shared by all parsers
// ---------------------------------------------------------------------------

/// Whitespace for folding: Unicode white space (NBSP included) plus the
/// zero-width space and the byte-order mark that CSV exports leave behind.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'
}

/// Trims the text and turns every internal run of white space (NBSP, tabs,
/// line breaks, zero-width spaces) into one ASCII space.
pub fn fold_whitespace(text: &str) -> String {
    // Most cells are already folded: one copy, no splitting.
    if is_folded(text) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split(is_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `fold_whitespace` would return the text unchanged. One pass over
/// the bytes: this runs on every text cell of an import, and the two passes
/// it replaced (pairs of spaces, then a decode of every character) were 5%
/// of a parse.
fn is_folded(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    for &b in bytes {
        match b {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            // Other ASCII white space and control bytes that are spaces.
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => return false,
            // Non-ASCII: NBSP, zero-width and the other Unicode spaces are
            // all outside ASCII; decode only texts that have such bytes.
            0x80.. => {
                return text.chars().all(|c| c == ' ' || !is_space(c)) && !text.contains("  ");
            }
            _ => after_space = false,
        }
    }
    true
}

/// Whether the text means "no value": empty, `N/A`, `NA`, `-`, `--`, `—`,
/// `–`, `nil` or `none`, in any case, after folding white space.
pub fn is_placeholder(text: &str) -> bool {
    // Every placeholder is at most 4 characters: skip the ordinary cell.
    let trimmed = text.trim_matches(is_space);
    if trimmed.len() > 8 {
        return false;
    }
    // This runs on every text cell, twice: short ASCII cells ("INR", "10
    // days") are compared in place, without folding or lower-casing copies.
    // Folding cannot make a placeholder of them (none holds a space), and
    // ASCII letters lower-case as `eq_ignore_ascii_case` compares them.
    if trimmed.is_ascii() {
        return PLACEHOLDERS.iter().any(|p| p.eq_ignore_ascii_case(trimmed));
    }
    PLACEHOLDERS.contains(&fold_whitespace(trimmed).to_lowercase().as_str())
}

/// What [`is_placeholder`] takes for "no value", folded and lower-case.
const PLACEHOLDERS: [&str; 10] = ["", "n/a", "na", "n.a.", "-", "--", "—", "–", "nil", "none"];

/// Formula errors as spreadsheets write them; a CSV export keeps them as
/// text, so text that is exactly one of these is treated as an error cell.
const SPREADSHEET_ERRORS: [&str; 10] = [
    "#DIV/0!",
    "#N/A",
    "#REF!",
    "#VALUE!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
];

/// A cell after the checks every parser shares.
enum Prepared {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    DateTime(f64),
}

fn prepare(cell: &Cell, expected: Expected) -> Result<Prepared, ValueError> {
    match cell {
        Cell::Empty => Ok(Prepared::Empty),
        Cell::Error(code) => Err(spreadsheet_error(expected, code)),
        Cell::Text(text) => {
            let folded = fold_whitespace(text);
            if is_placeholder(&folded) {
                Ok(Prepared::Empty)
            } else if SPREADSHEET_ERRORS
                .iter()
                .any(|e| e.eq_ignore_ascii_case(&folded))
            {
                Err(spreadsheet_error(expected, &folded))
            } else {
                Ok(Prepared::Text(folded))
            }
        }
        Cell::Number(n) if n.is_finite() => Ok(Prepared::Number(*n)),
        Cell::Number(_) => Err(invalid(expected)),
        Cell::Bool(b) => Ok(Prepared::Bool(*b)),
        Cell::DateTime(serial) => Ok(Prepared::DateTime(*serial)),
    }
}

fn spreadsheet_error(expected: Expected, code: &str) -> ValueError {
    // The code comes from the file; keep a hostile one from flooding a report.
    let code = fold_whitespace(code).chars().take(32).collect();
    ValueError::SpreadsheetError { expected, code }
}

// ---------------------------------------------------------------------------
// The shared number reader
// ---------------------------------------------------------------------------

/// Why a number could not be read; each parser turns it into a [`ValueError`]
/// with its own [`Expected`].
#[derive(Debug, PartialEq)]
enum NumberError {
    Invalid,
    AmbiguousDot,
    TooLarge,
}

impl NumberError {
    fn into_value_error(self, expected: Expected) -> ValueError {
        match self {
            NumberError::Invalid => invalid(expected),
            NumberError::AmbiguousDot => invalid_because(expected, AMBIGUOUS_DOT),
            NumberError::TooLarge => ValueError::TooLarge { expected },
        }
    }
}

/// More integer digits than any price, stock or weight can need; also keeps
/// [`Decimal`] (28 digits) from overflowing.
const MAX_INTEGER_DIGITS: usize = 18;
/// More decimals than any supplier writes; longer tails are refused rather
/// than silently rounded away.
const MAX_FRACTION_DIGITS: usize = 10;

fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\'' | '\u{2009}' | '\u{202F}' | '\u{00A0}')
}

/// Reads an unsigned number with grouping and a decimal separator, following
/// the rules in the module documentation.
fn read_unsigned(text: &str) -> Result<Decimal, NumberError> {
    if text.is_empty()
        || !text
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || is_group_space(c))
    {
        return Err(NumberError::Invalid);
    }
    let dots = text.matches('.').count();
    let commas = text.matches(',').count();
    let has_spaces = text.chars().any(is_group_space);
    // Byte positions are safe to slice at: '.' and ',' are one byte.
    let decimal_at = match (dots, commas) {
        (0, 0) => None,
        (d, c) if d > 0 && c > 0 => {
            let last_dot = text.rfind('.').unwrap_or(0);
            let last_comma = text.rfind(',').unwrap_or(0);
            let (at, count) = if last_dot > last_comma {
                (last_dot, d)
            } else {
                (last_comma, c)
            };
            if count != 1 || has_spaces {
                return Err(NumberError::Invalid);
            }
            Some(at)
        }
        (d, c) if d + c > 1 => None,
        _ => {
            let at = text.find(['.', ',']).unwrap_or(0);
            let before = &text[..at];
            let after = &text[at + 1..];
            let before_is_zero = before.is_empty() || before == "0";
            if after.len() != 3 || before_is_zero || has_spaces {
                Some(at)
            } else if text.as_bytes()[at] == b',' {
                None
            } else {
                return Err(NumberError::AmbiguousDot);
            }
        }
    };
    let (integer, fraction) = match decimal_at {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    if let Some(fraction) = fraction
        && (fraction.is_empty()
            || fraction.len() > MAX_FRACTION_DIGITS
            || !fraction.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(NumberError::Invalid);
    }
    let digits = integer_digits(integer, fraction.is_some())?;
    if digits.len() > MAX_INTEGER_DIGITS {
        return Err(NumberError::TooLarge);
    }
    let plain = match fraction {
        Some(fraction) => format!("{digits}.{fraction}"),
        None => digits,
    };
    Decimal::from_str(&plain).map_err(|_| NumberError::TooLarge)
}

/// Removes grouping from the integer part after checking the groups.
fn integer_digits(integer: &str, has_fraction: bool) -> Result<String, NumberError> {
    if integer.is_empty() {
        // ".5" is a decimal; a lone separator is not a number.
        return if has_fraction {
            Ok("0".to_owned())
        } else {
            Err(NumberError::Invalid)
        };
    }
    let separators: Vec<char> = integer.chars().filter(|c| !c.is_ascii_digit()).collect();
    let Some(&first_separator) = separators.first() else {
        return Ok(integer.to_owned());
    };
    let same_kind = |c: char| {
        if is_group_space(first_separator) {
            is_group_space(c)
        } else {
            c == first_separator
        }
    };
    if !separators.iter().all(|&c| same_kind(c)) {
        return Err(NumberError::Invalid);
    }
    let groups: Vec<&str> = integer.split(|c: char| !c.is_ascii_digit()).collect();
    let (Some(first), Some(last)) = (groups.first(), groups.last()) else {
        return Err(NumberError::Invalid);
    };
    let middle = &groups[1..groups.len() - 1];
    let western = middle.iter().all(|g| g.len() == 3);
    let indian = !middle.is_empty() && middle.iter().all(|g| g.len() == 2) && first.len() <= 2;
    if first.is_empty() || first.len() > 3 || last.len() != 3 || !(western || indian) {
        return Err(NumberError::Invalid);
    }
    Ok(groups.concat())
}

/// Strips one leading sign; `Some(true)` for minus.
fn strip_sign(text: &str) -> (Option<bool>, &str) {
    if let Some(rest) = text.strip_prefix(['-', '\u{2212}']) {
        (Some(true), rest.trim_start())
    } else if let Some(rest) = text.strip_prefix('+') {
        (Some(false), rest.trim_start())
    } else {
        (None, text)
    }
}

/// Reads a number with an optional leading sign.
fn read_signed(text: &str) -> Result<Decimal, NumberError> {
    let (sign, rest) = strip_sign(text);
    let value = read_unsigned(rest)?;
    Ok(if sign == Some(true) { -value } else { value })
}

/// Reads a number that may not be negative.
fn read_non_negative(text: &str) -> Result<Decimal, NumberError> {
    let (sign, rest) = strip_sign(text);
    if sign == Some(true) {
        return Err(NumberError::Invalid);
    }
    read_unsigned(rest)
}

/// Converts a number cell's float exactly as written to 10 decimals, which
/// drops binary noise such as 0.30000000000000004.
fn decimal_from_f64(value: f64) -> Result<Decimal, NumberError> {
    if !value.is_finite() {
        return Err(NumberError::Invalid);
    }
    if value.abs() >= 1e18 {
        return Err(NumberError::TooLarge);
    }
    // Whole numbers (stock, quantities, most rates) are exact in an f64
    // below 2^53: no formatting needed.
    if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
        return Ok(Decimal::from(value as i64));
    }
    Decimal::from_str(&format!("{value:.10}"))
        .map(|d| d.normalize())
        .map_err(|_| NumberError::TooLarge)
}

/// Splits "0.5 kg" into ("0.5", "kg"), the unit lowercased without a final dot.
fn split_unit(text: &str) -> (&str, String) {
    match text.char_indices().find(|(_, c)| c.is_alphabetic()) {
        Some((at, _)) => (
            text[..at].trim(),
            text[at..].trim().trim_end_matches('.').to_lowercase(),
        ),
        None => (text.trim(), String::new()),
    }
}

// ---------------------------------------------------------------------------
// Text and part numbers
// ---------------------------------------------------------------------------

/// Text with white space folded; a number cell is written as the spreadsheet
/// shows it (see [`parse_part_number`]), a boolean as `TRUE`/`FALSE` and a
/// date as `YYYY-MM-DD`.
pub fn parse_text(cell: &Cell) -> CellResult<String> {
    match prepare(cell, Expected::Text)? {
        Prepared::Empty => Ok(None),
        Prepared::Text(text) => Ok(Some(text)),
        Prepared::Number(n) => display_number(n, Expected::Text).map(Some),
        Prepared::Bool(b) => Ok(Some(if b { "TRUE" } else { "FALSE" }.to_owned())),
        Prepared::DateTime(serial) => Date::from_excel_serial(serial)
            .map(|d| Some(d.to_string()))
            .ok_or_else(|| invalid(Expected::Text)),
    }
}

/// Numbers at or above this have more digits than a spreadsheet keeps (15
/// significant digits), so the digits shown are not the digits typed.
const MAX_EXACT_NUMBER: f64 = 1e15;

/// Writes a number cell the way a spreadsheet's General format shows it:
/// `451223` for 451223.0, never `4.51223e5`, and at most 15 significant
/// digits.
fn display_number(value: f64, expected: Expected) -> Result<String, ValueError> {
    if !value.is_finite() {
        return Err(invalid(expected));
    }
    if value.abs() >= MAX_EXACT_NUMBER {
        return Err(invalid_because(
            expected,
            "the number has more digits than a spreadsheet keeps; format the column as text",
        ));
    }
    // A whole number below 10^15 shows as its digits.
    if value.fract() == 0.0 {
        return Ok(format!("{}", value as i64));
    }
    // Round to 15 significant digits as the spreadsheet does, then let
    // Rust's shortest round-trip form (which never uses an exponent) write it.
    let rounded: f64 = format!("{value:.14e}")
        .parse()
        .map_err(|_| invalid(expected))?;
    Ok(format!("{rounded}"))
}

/// A part number. Text is kept as typed, with white space folded. A number
/// cell is written as displayed (`451223.0` → `451223`); leading zeros that
/// the spreadsheet shows only through a number format such as `000000000`
/// are restored when the reader passes that format: a format made only of
/// zeros pads a whole, non-negative number to its width. Other formats are
/// ignored. Numbers of 16 or more digits are refused: the spreadsheet has
/// already lost their last digits.
pub fn parse_part_number(cell: &Cell, number_format: Option<&str>) -> CellResult<String> {
    let expected = Expected::PartNumber;
    match prepare(cell, expected)? {
        Prepared::Empty => Ok(None),
        Prepared::Text(text) => Ok(Some(text)),
        Prepared::Number(n) => {
            let shown = display_number(n, expected)?;
            let width = number_format
                .map(str::trim)
                .filter(|f| !f.is_empty() && f.bytes().all(|b| b == b'0'))
                .map_or(0, str::len);
            if n >= 0.0 && n.fract() == 0.0 && shown.len() < width {
                Ok(Some(format!("{shown:0>width$}")))
            } else {
                Ok(Some(shown))
            }
        }
        Prepared::Bool(_) | Prepared::DateTime(_) => Err(invalid(expected)),
    }
}

// ---------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------

/// A currency named in a price cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Currency {
    /// Indian rupee: `₹`, `Rs`, `Rs.`, `INR`.
    Inr,
    /// US dollar: `$`, `US$`, `USD`.
    Usd,
    /// Euro: `€`, `EUR`.
    Eur,
}

impl Currency {
    /// The ISO 4217 code, such as `INR`.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Inr => "INR",
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A price read from a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    /// The amount in minor units (paise, cents), rounded half away from zero.
    /// Negative when the cell was; the validator rejects that.
    pub minor: i64,
    /// The currency written in the cell, if any.
    pub currency: Option<Currency>,
}

/// Currency markers, longest first so `Rs.` wins over `Rs` and `US$` over `$`.
const CURRENCY_MARKERS: [(&str, Currency); 9] = [
    ("US$", Currency::Usd),
    ("Rs.", Currency::Inr),
    ("INR", Currency::Inr),
    ("USD", Currency::Usd),
    ("EUR", Currency::Eur),
    ("Rs", Currency::Inr),
    ("₹", Currency::Inr),
    ("$", Currency::Usd),
    ("€", Currency::Eur),
];

fn strip_currency_prefix(text: &str) -> Option<(Currency, &str)> {
    CURRENCY_MARKERS.iter().find_map(|&(marker, currency)| {
        let head = text.get(..marker.len())?;
        let rest = &text[marker.len()..];
        // "Rsx" is not "Rs" followed by a number.
        let word_ends = !rest.starts_with(char::is_alphabetic);
        (head.eq_ignore_ascii_case(marker) && word_ends).then(|| (currency, rest.trim_start()))
    })
}

fn strip_currency_suffix(text: &str) -> Option<(Currency, &str)> {
    CURRENCY_MARKERS.iter().find_map(|&(marker, currency)| {
        let split = text.len().checked_sub(marker.len())?;
        let tail = text.get(split..)?;
        let rest = &text[..split];
        let word_starts = !rest.ends_with(char::is_alphabetic);
        (tail.eq_ignore_ascii_case(marker) && word_starts).then(|| (currency, rest.trim_end()))
    })
}

/// A price. Text may carry grouping in any of the styles in the module
/// documentation, a currency before or after the number (`₹`, `Rs.`, `Rs`,
/// `INR`, `$`, `US$`, `USD`, `€`, `EUR`; returned in [`Money::currency`]),
/// the Indian `/-` ending (`Rs. 500/-`), and a sign: `-12`, `₹-12`, `-₹12`
/// or `(12)`. A number cell is taken as is (`53.0` → 5300 minor units).
/// The amount is rounded half away from zero to 2 decimals.
pub fn parse_money(cell: &Cell) -> CellResult<Money> {
    let expected = Expected::Money;
    let (amount, currency) = match prepare(cell, expected)? {
        Prepared::Empty => return Ok(None),
        Prepared::Number(n) => (
            decimal_from_f64(n).map_err(|e| e.into_value_error(expected))?,
            None,
        ),
        Prepared::Text(text) => read_money_text(&text)?,
        Prepared::Bool(_) | Prepared::DateTime(_) => return Err(invalid(expected)),
    };
    let minor = amount
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|m| i64::try_from(m).ok())
        .ok_or(ValueError::TooLarge { expected })?;
    Ok(Some(Money { minor, currency }))
}

fn read_money_text(text: &str) -> Result<(Decimal, Option<Currency>), ValueError> {
    let expected = Expected::Money;
    let mut rest = text.trim();
    rest = rest.strip_suffix("/-").map_or(rest, str::trim_end);
    let mut negative = false;
    if let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        rest = inner.trim();
    }
    // At most one sign, before or after a leading currency.
    let mut sign_seen = negative;
    let mut take_sign = |rest: &str| -> Result<String, ValueError> {
        let (sign, after) = strip_sign(rest);
        if let Some(minus) = sign {
            if sign_seen {
                return Err(invalid(expected));
            }
            sign_seen = true;
            negative = minus;
        }
        Ok(after.to_owned())
    };
    let after_sign = take_sign(rest)?;
    let (prefix, after_prefix) = match strip_currency_prefix(&after_sign) {
        Some((currency, r)) => (Some(currency), r.to_owned()),
        None => (None, after_sign),
    };
    let after_sign = take_sign(&after_prefix)?;
    let (suffix, body) = match strip_currency_suffix(&after_sign) {
        Some((currency, r)) => (Some(currency), r.to_owned()),
        None => (None, after_sign),
    };
    let currency = match (prefix, suffix) {
        (Some(a), Some(b)) if a != b => return Err(invalid(expected)),
        (a, b) => a.or(b),
    };
    let amount = read_unsigned(&body).map_err(|e| e.into_value_error(expected))?;
    Ok((if negative { -amount } else { amount }, currency))
}

// ---------------------------------------------------------------------------
// Percentages, whole numbers
// ---------------------------------------------------------------------------

/// A percentage, in percent: `18%`, `18 %` and `18` all give 18, and `0.25`
/// gives 0.25 (a real GST rate), so text without `%` is never scaled.
///
/// A number cell is ambiguous: a cell shown as "18%" stores 0.18. When the
/// reader knows the cell has a percent number format it passes
/// `percent_format = true` and the value is multiplied by 100. Otherwise a
/// number above 1 is taken as percent, 0 as 0, and a number between 0 and 1
/// is refused, since it may be a fraction or a rate below 1 %.
pub fn parse_percent(cell: &Cell, percent_format: bool) -> CellResult<Decimal> {
    let expected = Expected::Percent;
    match prepare(cell, expected)? {
        Prepared::Empty => Ok(None),
        Prepared::Text(text) => {
            let number = text.strip_suffix('%').map_or(text.as_str(), str::trim_end);
            read_signed(number)
                .map(Some)
                .map_err(|e| e.into_value_error(expected))
        }
        Prepared::Number(n) => {
            let value = decimal_from_f64(n).map_err(|e| e.into_value_error(expected))?;
            if percent_format {
                value
                    .checked_mul(Decimal::ONE_HUNDRED)
                    .map(|v| Some(v.normalize()))
                    .ok_or(ValueError::TooLarge { expected })
            } else if value > Decimal::ZERO && value <= Decimal::ONE {
                Err(invalid_because(
                    expected,
                    "a number up to 1 may be a fraction; write 18% or 0.25%",
                ))
            } else {
                Ok(Some(value))
            }
        }
        Prepared::Bool(_) | Prepared::DateTime(_) => Err(invalid(expected)),
    }
}

/// Unit words a quantity may end with: `10 pcs`, `5 Nos.`.
const COUNT_UNITS: [&str; 9] = [
    "pcs", "pc", "piece", "pieces", "nos", "units", "unit", "ea", "each",
];

/// A whole number such as a stock level or minimum order: `1,200` → 1200,
/// `12.0` → 12, `10 pcs` → 10. `12.5` is refused. Negative numbers are
/// returned for the validator to reject.
pub fn parse_whole_number(cell: &Cell) -> CellResult<i64> {
    let expected = Expected::WholeNumber;
    let value = match prepare(cell, expected)? {
        Prepared::Empty => return Ok(None),
        Prepared::Text(text) => {
            let (number, unit) = split_unit(&text);
            if !unit.is_empty() && !COUNT_UNITS.contains(&unit.as_str()) {
                return Err(invalid(expected));
            }
            read_signed(number)
        }
        Prepared::Number(n) => decimal_from_f64(n),
        Prepared::Bool(_) | Prepared::DateTime(_) => return Err(invalid(expected)),
    }
    .map_err(|e| e.into_value_error(expected))?;
    if !value.is_integer() {
        return Err(invalid(expected));
    }
    i64::try_from(value)
        .map(Some)
        .map_err(|_| ValueError::TooLarge { expected })
}

// ---------------------------------------------------------------------------
// Weights and durations
// ---------------------------------------------------------------------------

/// A weight in whole grams (rounded half away from zero): `0.5 kg` → 500,
/// `500 g`, `500g`, `1.1 lb` → 499, `2 lbs`, `3 oz`. A plain number, in text
/// or a number cell, is kilograms. Negative weights are refused.
pub fn parse_weight_grams(cell: &Cell) -> CellResult<u64> {
    let expected = Expected::Weight;
    let grams = match prepare(cell, expected)? {
        Prepared::Empty => return Ok(None),
        Prepared::Text(text) => {
            let (number, unit) = split_unit(&text);
            let grams_per_unit = match unit.as_str() {
                "" | "kg" | "kgs" | "kilo" | "kilos" | "kilogram" | "kilograms" => {
                    Decimal::from(1000)
                }
                "g" | "gm" | "gms" | "gr" | "gram" | "grams" => Decimal::ONE,
                // Exact by definition (international pound, 1959).
                "lb" | "lbs" | "pound" | "pounds" => Decimal::new(45_359_237, 5),
                "oz" | "ounce" | "ounces" => Decimal::new(28_349_523_125, 9),
                _ => return Err(invalid(expected)),
            };
            let value = read_non_negative(number).map_err(|e| e.into_value_error(expected))?;
            value.checked_mul(grams_per_unit)
        }
        Prepared::Number(n) if n >= 0.0 => decimal_from_f64(n)
            .map_err(|e| e.into_value_error(expected))?
            .checked_mul(Decimal::from(1000)),
        Prepared::Number(_) | Prepared::Bool(_) | Prepared::DateTime(_) => {
            return Err(invalid(expected));
        }
    };
    grams
        .map(|g| g.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero))
        .and_then(|g| u64::try_from(g).ok())
        .map(Some)
        .ok_or(ValueError::TooLarge { expected })
}

/// Lead-time phrases that mean "ships at once".
const IMMEDIATE: [&str; 6] = [
    "same day",
    "ex-stock",
    "ex stock",
    "exstock",
    "immediate",
    "ready stock",
];

/// A duration in whole days, rounded up: `10 days`, `10d`, `2 weeks`,
/// `2 wks`, `1 month` (30 days), `48 hours`, `3` (days). A range such as
/// `7-10 days` or `7 to 10 days` gives its upper end. `same day`,
/// `ex-stock`, `immediate` and `ready stock` give 0. A number cell is days.
pub fn parse_duration_days(cell: &Cell) -> CellResult<u32> {
    let expected = Expected::Duration;
    let days = match prepare(cell, expected)? {
        Prepared::Empty => return Ok(None),
        Prepared::Text(text) => {
            let lower = text.to_lowercase();
            if IMMEDIATE.contains(&lower.as_str()) {
                return Ok(Some(0));
            }
            let lower = lower.replace(" to ", "-");
            let (number, unit) = split_unit(&lower);
            // (multiplier, divisor): hours divide, so 48 hours is exactly 2 days.
            let (times, per) = match unit.as_str() {
                "" | "d" | "day" | "days" => (1, 1),
                "w" | "wk" | "wks" | "week" | "weeks" => (7, 1),
                "mo" | "mos" | "mth" | "mths" | "month" | "months" => (30, 1),
                "h" | "hr" | "hrs" | "hour" | "hours" => (1, 24),
                _ => return Err(invalid(expected)),
            };
            let longest = read_range_end(number).map_err(|e| e.into_value_error(expected))?;
            longest
                .checked_mul(Decimal::from(times))
                .and_then(|d| d.checked_div(Decimal::from(per)))
        }
        Prepared::Number(n) if n >= 0.0 => {
            Some(decimal_from_f64(n).map_err(|e| e.into_value_error(expected))?)
        }
        Prepared::Number(_) | Prepared::Bool(_) | Prepared::DateTime(_) => {
            return Err(invalid(expected));
        }
    };
    days.map(|d| d.ceil())
        .and_then(|d| u32::try_from(d).ok())
        .map(Some)
        .ok_or(ValueError::TooLarge { expected })
}

/// "7-10" → 10, "7" → 7.
fn read_range_end(text: &str) -> Result<Decimal, NumberError> {
    let mut parts = text.split(['-', '–']);
    let (Some(first), second, None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(NumberError::Invalid);
    };
    let low = read_unsigned(first.trim())?;
    match second {
        None => Ok(low),
        Some(high) => Ok(low.max(read_unsigned(high.trim())?)),
    }
}

// ---------------------------------------------------------------------------
// Booleans
// ---------------------------------------------------------------------------

/// A yes/no value: `yes`/`no`, `y`/`n`, `true`/`false`, `1`/`0` in any case,
/// a boolean cell, or a number cell holding 1 or 0.
pub fn parse_bool(cell: &Cell) -> CellResult<bool> {
    let expected = Expected::Boolean;
    match prepare(cell, expected)? {
        Prepared::Empty => Ok(None),
        Prepared::Bool(b) => Ok(Some(b)),
        Prepared::Number(1.0) => Ok(Some(true)),
        Prepared::Number(0.0) => Ok(Some(false)),
        Prepared::Text(text) => match text.to_lowercase().as_str() {
            "yes" | "y" | "true" | "1" => Ok(Some(true)),
            "no" | "n" | "false" | "0" => Ok(Some(false)),
            _ => Err(invalid(expected)),
        },
        Prepared::Number(_) | Prepared::DateTime(_) => Err(invalid(expected)),
    }
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/// A calendar date; `Display` writes `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, 1900 to 9999.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
    /// The day of the month, 1 to 31.
    pub day: u32,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The largest serial a spreadsheet accepts: 9999-12-31.
const MAX_EXCEL_SERIAL: f64 = 2_958_465.0;

impl Date {
    /// A valid date, or `None` for 31 February and the like.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let valid = (1900..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// The date of an Excel serial day number in the 1900 date system; the
    /// time of day (the fraction) is dropped. Serial 1 is 1900-01-01. Excel
    /// counts a 29 February 1900 that never was (serial 60, kept for Lotus
    /// 1-2-3 compatibility), so serial 60 is refused and serials after it
    /// are one day early. `None` for serials before 1 or after 9999-12-31.
    pub fn from_excel_serial(serial: f64) -> Option<Date> {
        if !(1.0..MAX_EXCEL_SERIAL + 1.0).contains(&serial) {
            return None;
        }
        // In range, so the cast is exact after flooring.
        let day_number = serial.floor() as i64;
        let days_after_1899_12_31 = match day_number {
            60 => return None,
            n if n < 60 => n,
            n => n - 1,
        };
        Some(date_from_days(
            days_from_civil(1899, 12, 31) + days_after_1899_12_31,
        ))
    }
}

fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
pub(crate) fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`] (Hinnant's `civil_from_days`).
fn date_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // Callers pass days within years 1900..=9999, so these fit.
    Date {
        year: i32::try_from(year).unwrap_or(i32::MAX),
        month: u32::try_from(month).unwrap_or(1),
        day: u32::try_from(day).unwrap_or(1),
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_from_name(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let index = MONTHS
        .iter()
        .position(|m| *m == lower)
        .or_else(|| full.iter().position(|m| *m == lower))
        .or_else(|| (lower == "sept").then_some(8))?;
    u32::try_from(index + 1).ok()
}

/// A date. A date cell is read as an Excel serial (see
/// [`Date::from_excel_serial`]). Text may be ISO `2024-03-15`, day first
/// `15/03/2024`, `15-03-2024` or `15.03.2024` (the Indian order; a US
/// `03/15/2024` is refused because 15 is no month), or with a month name
/// `15-Mar-2024`, `15 Mar 2024`, `15 March 2024`. Two-digit years are
/// refused. A plain number cell is refused: without a date format it may be
/// anything.
pub fn parse_date(cell: &Cell) -> CellResult<Date> {
    let expected = Expected::Date;
    match prepare(cell, expected)? {
        Prepared::Empty => Ok(None),
        Prepared::DateTime(serial) => Date::from_excel_serial(serial)
            .map(Some)
            .ok_or_else(|| invalid(expected)),
        Prepared::Text(text) => read_date_text(&text)
            .map(Some)
            .ok_or_else(|| invalid(expected)),
        Prepared::Number(_) | Prepared::Bool(_) => Err(invalid(expected)),
    }
}

fn read_date_text(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text.split(['-', '/', '.', ' ']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str, max_len: usize| -> Option<u32> {
        (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let year = |s: &str| -> Option<i32> {
        (s.len() == 4)
            .then(|| number(s, 4))
            .flatten()
            .and_then(|y| i32::try_from(y).ok())
    };
    if let Some(y) = year(a) {
        return Date::new(y, number(b, 2)?, number(c, 2)?);
    }
    let day = number(a, 2)?;
    let month = number(b, 2).or_else(|| month_from_name(b))?;
    Date::new(year(c)?, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    fn money(minor: i64, currency: Option<Currency>) -> Option<Money> {
        Some(Money { minor, currency })
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    /// Inputs that no parser may panic on and that must all be errors for
    /// the numeric parsers.
    fn hostile() -> Vec<String> {
        vec![
            "1".repeat(10_000),
            "9".repeat(40),
            "abc".repeat(5_000),
            "1,2,3".into(),
            "--5".into(),
            "₹".into(),
            "1e309".into(),
            "1e5".into(),
            "NaN".into(),
            "inf".into(),
            "١٢٣".into(),
            "１２".into(),
            "12..5".into(),
            ",".into(),
            ".".into(),
            "1.2.3,4,5".into(),
            "((12))".into(),
            "₹₹12".into(),
            "12 ₹ 12".into(),
            "🙂".into(),
            "\u{0}".into(),
            "1,234.5.6".into(),
            "- -5".into(),
        ]
    }

    /// The one-pass check agrees with splitting on every string of up to
    /// five characters drawn from letters, ASCII and Unicode spaces.
    #[test]
    fn the_folded_check_agrees_with_splitting() {
        let alphabet = ['a', ' ', '\t', '\u{00A0}', '\u{200B}', 'é', '\r'];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
            texts.sort();
            texts.dedup();
        }
        for t in &texts {
            let split: Vec<&str> = t.split(is_space).filter(|w| !w.is_empty()).collect();
            assert_eq!(is_folded(t), split.join(" ") == *t, "{t:?}");
        }
    }

    #[test]
    fn whitespace_is_trimmed_and_folded() {
        let cases = [
            ("  a  b ", "a b"),
            ("a\u{00A0}\u{00A0}b", "a b"),
            ("\u{FEFF}Part No", "Part No"),
            ("a\t\n b\u{200B}c", "a b c"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(fold_whitespace(input), want, "{input:?}");
        }
    }

    #[test]
    fn placeholders_mean_empty() {
        for input in [
            "N/A", "NA", "n/a", "-", "—", "nil", "none", "NONE", "", "  ", "\u{00A0}",
        ] {
            assert!(is_placeholder(input), "{input:?}");
            assert_eq!(parse_money(&text(input)), Ok(None), "{input:?}");
            assert_eq!(parse_text(&text(input)), Ok(None), "{input:?}");
            assert_eq!(parse_part_number(&text(input), None), Ok(None));
        }
        for input in ["0", "no", "nan", "n/a/b", "n a", "N\tA", "nil\u{200B}x"] {
            assert!(!is_placeholder(input), "{input:?}");
        }
        assert_eq!(parse_whole_number(&Cell::Empty), Ok(None));
    }

    #[test]
    fn placeholders_are_recognized_as_folding_and_lower_casing_would() {
        // The definition, as the check was first written.
        let by_folding = |text: &str| {
            matches!(
                fold_whitespace(text).to_lowercase().as_str(),
                "" | "n/a" | "na" | "n.a." | "-" | "--" | "—" | "–" | "nil" | "none"
            )
        };
        let pieces = [
            "n", "N", "a", "A", "/", ".", "-", "—", "–", "nil", "NoNe", "i", "l", " ", "\t",
            "\u{00A0}", "\u{200B}", "\u{0130}", "\u{212A}", "x", "0",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}{c}");
                    assert_eq!(is_placeholder(&text), by_folding(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn spreadsheet_errors_are_reported_as_such() {
        let codes = ["#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?"];
        for code in codes {
            let want = ValueError::SpreadsheetError {
                expected: Expected::Money,
                code: code.to_owned(),
            };
            assert_eq!(parse_money(&Cell::Error(code.into())), Err(want.clone()));
            // A CSV export writes the error as text.
            assert_eq!(parse_money(&text(code)), Err(want));
        }
        let err = parse_whole_number(&Cell::Error("#DIV/0!".into())).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the cell holds a spreadsheet error (#DIV/0!)"
        );
        assert_eq!(err.expected(), Expected::WholeNumber);
    }

    #[test]
    fn errors_render_as_expected_text() {
        let err = parse_money(&text("abc")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected a price such as 1,234.50 or ₹1,23,456"
        );
        let err = parse_money(&text("1.234")).unwrap_err();
        assert!(err.to_string().starts_with("expected a price"), "{err}");
        assert!(err.to_string().contains("thousands separator"), "{err}");
        let err = parse_whole_number(&text("12.5")).unwrap_err();
        assert_eq!(err.to_string(), "expected a whole number such as 1,200");
        let err = parse_whole_number(&text(&"9".repeat(19))).unwrap_err();
        assert_eq!(
            err,
            ValueError::TooLarge {
                expected: Expected::WholeNumber
            }
        );
    }

    #[test]
    fn money_separators() {
        let cases: &[(&str, i64)] = &[
            ("1,234.50", 123_450),
            ("1,23", 123),
            ("1,23,456.00", 12_345_600),
            ("12,34,567", 123_456_700),
            ("1.234,56", 123_456),
            ("1 234,56", 123_456),
            ("1\u{00A0}234,56", 123_456),
            ("1\u{202F}234,56", 123_456),
            ("1'234.50", 123_450),
            ("1,234", 123_400),
            ("1,234,567", 123_456_700),
            ("1.234.567", 123_456_700),
            ("1.234.567,89", 123_456_789),
            ("12,5", 1250),
            ("1234.5", 123_450),
            ("1234", 123_400),
            ("0.125", 13),
            ("0,125", 13),
            (".5", 50),
            ("1,234.567", 123_457),
            ("1 234.567", 123_457),
            ("12 345", 1_234_500),
            ("1.2345", 123),
        ];
        for &(input, minor) in cases {
            assert_eq!(
                parse_money(&text(input)),
                Ok(money(minor, None)),
                "{input:?}"
            );
        }
    }

    #[test]
    fn money_refuses_bad_grouping_and_ambiguity() {
        let cases = [
            "1.234",
            "12.345",
            "1,2,3",
            "123 45",
            "1,234,56",
            "12.",
            "1,,234",
            "1.234.5",
            "1 234 567.890,1",
            "1,234 567",
            "1.23,45.6",
            "abc",
            "12abc",
            "1-2",
        ];
        for input in cases {
            let result = parse_money(&text(input));
            assert!(result.is_err(), "{input:?} gave {result:?}");
        }
        assert_eq!(
            parse_money(&text("1.234")).unwrap_err(),
            ValueError::Invalid {
                expected: Expected::Money,
                hint: Some(AMBIGUOUS_DOT)
            }
        );
    }

    #[test]
    fn money_currencies_and_signs() {
        use Currency::{Eur, Inr, Usd};
        let cases: [(&str, i64, Option<Currency>); 22] = [
            ("₹1,23,456", 12_345_600, Some(Inr)),
            ("₹ 500", 50_000, Some(Inr)),
            ("Rs. 500/-", 50_000, Some(Inr)),
            ("Rs.500", 50_000, Some(Inr)),
            ("Rs 1,200.50", 120_050, Some(Inr)),
            ("rs 12", 1200, Some(Inr)),
            ("INR 2,500", 250_000, Some(Inr)),
            ("2,500 INR", 250_000, Some(Inr)),
            ("2500inr", 250_000, Some(Inr)),
            ("$12.99", 1299, Some(Usd)),
            ("US$ 12", 1200, Some(Usd)),
            ("12.99 USD", 1299, Some(Usd)),
            ("€1.234,56", 123_456, Some(Eur)),
            ("1.234,56 €", 123_456, Some(Eur)),
            ("EUR 10", 1000, Some(Eur)),
            ("₹12 INR", 1200, Some(Inr)),
            ("-12", -1200, None),
            ("(12)", -1200, None),
            ("(₹ 12.50)", -1250, Some(Inr)),
            ("-₹12", -1200, Some(Inr)),
            ("₹-12", -1200, Some(Inr)),
            ("+12", 1200, None),
        ];
        for (input, minor, currency) in cases {
            assert_eq!(
                parse_money(&text(input)),
                Ok(money(minor, currency)),
                "{input:?}"
            );
        }
        for input in [
            "₹12 USD",
            "$€12",
            "Rsx 12",
            "12 Rsx",
            "(-12)",
            "-(12)",
            "₹",
            "Rs.",
        ] {
            assert!(parse_money(&text(input)).is_err(), "{input:?}");
        }
    }

    #[test]
    fn money_rounds_half_away_from_zero() {
        let cases = [
            ("0.125", 13),
            ("0.124", 12),
            ("-0.125", -13),
            ("2.6750", 268),
            ("0.005", 1),
            ("0.0049", 0),
        ];
        for (input, minor) in cases {
            assert_eq!(
                parse_money(&text(input)),
                Ok(money(minor, None)),
                "{input:?}"
            );
        }
    }

    #[test]
    fn money_from_number_cells() {
        let cases = [
            (53.0, 5300),
            (53.1, 5310),
            (0.1 + 0.2, 30),
            (2.675, 268),
            (-12.0, -1200),
            (1_234_567.891, 123_456_789),
        ];
        for (input, minor) in cases {
            assert_eq!(
                parse_money(&Cell::Number(input)),
                Ok(money(minor, None)),
                "{input}"
            );
        }
        for input in [f64::NAN, f64::INFINITY, 1e300, -1e300, 1e18] {
            assert!(parse_money(&Cell::Number(input)).is_err(), "{input}");
        }
        assert!(parse_money(&Cell::Bool(true)).is_err());
        assert!(parse_money(&Cell::DateTime(45000.0)).is_err());
    }

    #[test]
    fn money_limits() {
        // i64 minor units hold 16 integer digits of a price, not 18.
        assert_eq!(
            parse_money(&text("9999999999999999")),
            Ok(money(999_999_999_999_999_900, None))
        );
        assert_eq!(
            parse_money(&text("999999999999999999")),
            Err(ValueError::TooLarge {
                expected: Expected::Money
            })
        );
        assert!(parse_money(&text("1.12345678901")).is_err());
    }

    #[test]
    fn hostile_input_is_an_error_not_a_panic() {
        for input in hostile() {
            let cell = text(&input);
            assert!(parse_money(&cell).is_err(), "money {input:.40?}");
            assert!(parse_percent(&cell, false).is_err(), "percent {input:.40?}");
            assert!(parse_whole_number(&cell).is_err(), "whole {input:.40?}");
            assert!(parse_weight_grams(&cell).is_err(), "weight {input:.40?}");
            assert!(parse_duration_days(&cell).is_err(), "duration {input:.40?}");
            assert!(parse_bool(&cell).is_err(), "bool {input:.40?}");
            assert!(parse_date(&cell).is_err(), "date {input:.40?}");
            // Text parsers accept anything but must not panic.
            let _ = parse_text(&cell);
            let _ = parse_part_number(&cell, Some("000000"));
        }
        for value in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN,
        ] {
            let cell = Cell::Number(value);
            assert!(parse_money(&cell).is_err());
            assert!(parse_percent(&cell, true).is_err());
            assert!(parse_whole_number(&cell).is_err());
            assert!(parse_weight_grams(&cell).is_err());
            assert!(parse_duration_days(&cell).is_err());
            assert!(parse_part_number(&cell, None).is_err());
            assert!(parse_text(&cell).is_err());
            assert!(parse_date(&Cell::DateTime(value)).is_err());
        }
        let long_error = Cell::Error("#".repeat(1000));
        match parse_money(&long_error) {
            Err(ValueError::SpreadsheetError { code, .. }) => assert_eq!(code.len(), 32),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn percentages() {
        let cases = [
            ("18%", "18"),
            ("18 %", "18"),
            ("18", "18"),
            ("12.5", "12.5"),
            ("12,5 %", "12.5"),
            ("0.25", "0.25"),
            ("0", "0"),
            ("-5%", "-5"),
        ];
        for (input, want) in cases {
            assert_eq!(
                parse_percent(&text(input), false),
                Ok(Some(dec(want))),
                "{input:?}"
            );
        }
        for input in ["18%%", "%", "abc%", "18 percent", "1.234%"] {
            assert!(parse_percent(&text(input), false).is_err(), "{input:?}");
        }
    }

    #[test]
    fn percentages_from_number_cells() {
        let cases = [
            (0.18, true, Ok(Some(dec("18")))),
            (0.0025, true, Ok(Some(dec("0.25")))),
            (18.0, false, Ok(Some(dec("18")))),
            (0.0, false, Ok(Some(dec("0")))),
            (
                0.18,
                false,
                Err(ValueError::Invalid {
                    expected: Expected::Percent,
                    hint: Some("a number up to 1 may be a fraction; write 18% or 0.25%"),
                }),
            ),
        ];
        for (input, percent_format, want) in cases {
            assert_eq!(
                parse_percent(&Cell::Number(input), percent_format),
                want,
                "{input}"
            );
        }
        assert!(parse_percent(&Cell::Number(1.0), false).is_err());
    }

    #[test]
    fn whole_numbers() {
        let cases = [
            ("1,200", 1200),
            ("12.0", 12),
            ("12", 12),
            ("1,20,000", 120_000),
            ("10 pcs", 10),
            ("5 Nos.", 5),
            ("-3", -3),
            ("0", 0),
        ];
        for (input, want) in cases {
            assert_eq!(
                parse_whole_number(&text(input)),
                Ok(Some(want)),
                "{input:?}"
            );
        }
        for input in ["12.5", "12 kg", "1.200", "twelve", "1 2"] {
            assert!(parse_whole_number(&text(input)).is_err(), "{input:?}");
        }
        assert_eq!(parse_whole_number(&Cell::Number(12.0)), Ok(Some(12)));
        assert_eq!(
            parse_whole_number(&Cell::Number(12.5)),
            Err(ValueError::Invalid {
                expected: Expected::WholeNumber,
                hint: None
            })
        );
    }

    #[test]
    fn weights_in_grams() {
        let cases = [
            ("0.5 kg", 500),
            ("0.5kg", 500),
            ("2 KGS", 2000),
            ("500 g", 500),
            ("500g", 500),
            ("500 gms", 500),
            ("1.1 lb", 499),
            ("2 lbs", 907),
            ("1 oz", 28),
            ("0.5", 500),
            ("1,250 g", 1250),
            ("0.0004 kg", 0),
            ("0.0005 kg", 1),
        ];
        for (input, want) in cases {
            assert_eq!(
                parse_weight_grams(&text(input)),
                Ok(Some(want)),
                "{input:?}"
            );
        }
        for input in ["-1 kg", "5 tonnes", "kg", "1 kg 200 g", "heavy"] {
            assert!(parse_weight_grams(&text(input)).is_err(), "{input:?}");
        }
        assert_eq!(parse_weight_grams(&Cell::Number(1.25)), Ok(Some(1250)));
        assert!(parse_weight_grams(&Cell::Number(-1.0)).is_err());
    }

    #[test]
    fn durations_in_days() {
        let cases = [
            ("10 days", 10),
            ("1 day", 1),
            ("10d", 10),
            ("2 weeks", 14),
            ("2 wks", 14),
            ("1 month", 30),
            ("3 months", 90),
            ("3", 3),
            ("48 hours", 2),
            ("36 hrs", 2),
            ("1.5 weeks", 11),
            ("7-10 days", 10),
            ("7 to 10 days", 10),
            ("2–3 weeks", 21),
            ("Same Day", 0),
            ("ex-stock", 0),
            ("Ex Stock", 0),
            ("immediate", 0),
        ];
        for (input, want) in cases {
            assert_eq!(
                parse_duration_days(&text(input)),
                Ok(Some(want)),
                "{input:?}"
            );
        }
        for input in [
            "soon",
            "10 years",
            "-3 days",
            "1-2-3 days",
            "days",
            "7- days",
        ] {
            assert!(parse_duration_days(&text(input)).is_err(), "{input:?}");
        }
        assert_eq!(parse_duration_days(&Cell::Number(2.5)), Ok(Some(3)));
        assert!(parse_duration_days(&Cell::Number(1e12)).is_err());
    }

    #[test]
    fn booleans() {
        for input in ["yes", "YES", "y", "True", "1"] {
            assert_eq!(parse_bool(&text(input)), Ok(Some(true)), "{input:?}");
        }
        for input in ["no", "N", "false", "0"] {
            assert_eq!(parse_bool(&text(input)), Ok(Some(false)), "{input:?}");
        }
        for input in ["maybe", "in stock", "2", "yes please"] {
            assert!(parse_bool(&text(input)).is_err(), "{input:?}");
        }
        assert_eq!(parse_bool(&Cell::Bool(true)), Ok(Some(true)));
        assert_eq!(parse_bool(&Cell::Number(0.0)), Ok(Some(false)));
        assert!(parse_bool(&Cell::Number(2.0)).is_err());
    }

    #[test]
    fn excel_serial_dates() {
        let cases = [
            (1.0, Date::new(1900, 1, 1)),
            (59.0, Date::new(1900, 2, 28)),
            (60.0, None),
            (61.0, Date::new(1900, 3, 1)),
            (45366.0, Date::new(2024, 3, 15)),
            (45366.75, Date::new(2024, 3, 15)),
            (45351.0, Date::new(2024, 2, 29)),
            (2_958_465.0, Date::new(9999, 12, 31)),
            (2_958_466.0, None),
            (0.0, None),
            (-1.0, None),
        ];
        for (serial, want) in cases {
            assert_eq!(Date::from_excel_serial(serial), want, "{serial}");
        }
        assert_eq!(
            parse_date(&Cell::DateTime(45366.0)),
            Ok(Date::new(2024, 3, 15))
        );
        assert!(parse_date(&Cell::DateTime(60.0)).is_err());
        assert!(parse_date(&Cell::Number(45366.0)).is_err());
    }

    #[test]
    fn text_dates() {
        let cases = [
            ("2024-03-15", Date::new(2024, 3, 15)),
            ("15/03/2024", Date::new(2024, 3, 15)),
            ("5/3/2024", Date::new(2024, 3, 5)),
            ("15-03-2024", Date::new(2024, 3, 15)),
            ("15.03.2024", Date::new(2024, 3, 15)),
            ("15-Mar-2024", Date::new(2024, 3, 15)),
            ("15 MAR 2024", Date::new(2024, 3, 15)),
            ("15 March 2024", Date::new(2024, 3, 15)),
            ("29-Feb-2024", Date::new(2024, 2, 29)),
        ];
        for (input, want) in cases {
            assert!(want.is_some());
            assert_eq!(parse_date(&text(input)), Ok(want), "{input:?}");
        }
        for input in [
            "03/15/2024",
            "29-Feb-2023",
            "31/04/2024",
            "15-Mar-24",
            "2024-13-01",
            "15-Foo-2024",
            "2024/03",
            "0/03/2024",
        ] {
            assert!(parse_date(&text(input)).is_err(), "{input:?}");
        }
        assert_eq!(
            Date::new(2024, 3, 5).map(|d| d.to_string()),
            Some("2024-03-05".into())
        );
    }

    #[test]
    fn part_numbers() {
        let cases: [(Cell, Option<&str>, &str); 10] = [
            (Cell::Number(451_223.0), None, "451223"),
            (Cell::Number(451_223.0), Some("General"), "451223"),
            (Cell::Number(123_456_789_012_345.0), None, "123456789012345"),
            (Cell::Number(451_223.0), Some("000000000"), "000451223"),
            (Cell::Number(451_223.0), Some("0000"), "451223"),
            (Cell::Number(12.5), Some("000000"), "12.5"),
            (Cell::Number(0.1 + 0.2), None, "0.3"),
            (text("  00451223 "), None, "00451223"),
            (text("AB-12\u{00A0}34"), None, "AB-12 34"),
            (text("4.51223e5"), None, "4.51223e5"),
        ];
        for (cell, format, want) in cases {
            assert_eq!(
                parse_part_number(&cell, format),
                Ok(Some(want.to_owned())),
                "{cell:?}"
            );
        }
        // Excel keeps 15 digits; a 16-digit number has lost its last digit.
        assert!(parse_part_number(&Cell::Number(1_234_567_890_123_456.0), None).is_err());
        assert!(parse_part_number(&Cell::Bool(true), None).is_err());
    }

    #[test]
    fn text_cells() {
        assert_eq!(parse_text(&text(" a  b ")), Ok(Some("a b".to_owned())));
        assert_eq!(parse_text(&Cell::Number(42.0)), Ok(Some("42".to_owned())));
        assert_eq!(parse_text(&Cell::Bool(false)), Ok(Some("FALSE".to_owned())));
        assert_eq!(
            parse_text(&Cell::DateTime(45366.0)),
            Ok(Some("2024-03-15".to_owned()))
        );
    }
}
