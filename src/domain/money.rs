//! Money: integer minor units plus an ISO currency code.
//!
//! Prices are stored as minor units (paise, cents). For sorting and price
//! filters across currencies the catalog converts to Indian paise at fixed
//! reference rates, written down here once.

use rust_decimal::Decimal;

/// Reference rates to INR used for sorting and filtering only (never for
/// billing): whole rupees per unit of the currency.
pub const INR_PER_UNIT: &[(&str, i64)] = &[("INR", 1), ("USD", 84), ("EUR", 91)];

/// Converts minor units of `currency` to Indian paise at the reference rate.
pub fn to_inr_minor(minor: i64, currency: &str) -> i64 {
    let rate = INR_PER_UNIT
        .iter()
        .find(|(c, _)| *c == currency)
        .map_or(1, |(_, r)| *r);
    minor.saturating_mul(rate)
}

/// The symbol shown before an amount.
pub fn symbol(currency: &str) -> &str {
    match currency {
        "INR" => "₹",
        "USD" => "$",
        "EUR" => "€",
        other => other,
    }
}

/// Formats minor units for display: "₹1,23,456.00", "$1,234.50".
/// Rupees use Indian digit grouping, other currencies groups of three.
pub fn format(minor: i64, currency: &str) -> String {
    let value = Decimal::new(minor, 2);
    let negative = value.is_sign_negative();
    let abs = value.abs();
    let whole = abs.trunc();
    let frac = ((abs - whole) * Decimal::from(100)).trunc();
    let whole_u: u64 = whole.try_into().unwrap_or(0);
    let frac_u: u64 = frac.try_into().unwrap_or(0);
    let grouped = if currency == "INR" {
        partsportal_index::format_inr_whole(whole_u)
    } else {
        group3(whole_u)
    };
    format!(
        "{}{}{}.{:02}",
        if negative { "-" } else { "" },
        symbol(currency),
        grouped,
        frac_u
    )
}

fn group3(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_currency() {
        assert_eq!(format(12_345_600, "INR"), "₹1,23,456.00");
        assert_eq!(format(123_450, "USD"), "$1,234.50");
        assert_eq!(format(5, "EUR"), "€0.05");
        assert_eq!(format(0, "INR"), "₹0.00");
    }

    #[test]
    fn converts_to_paise() {
        assert_eq!(to_inr_minor(100, "USD"), 8_400);
        assert_eq!(to_inr_minor(100, "INR"), 100);
    }
}
