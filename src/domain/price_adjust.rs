//! Bulk price changes by a percentage: what a seller may type, and the one
//! rounding rule.
//!
//! `+5`, `5`, `5%`, `-10 %` and `+2.5` are percentages. The new price is
//! `old × (100 + p) / 100`, computed in [`rust_decimal`] and rounded half up
//! (half away from zero; prices are never negative) to whole minor units.
//! A result below zero is refused, as is a change of 0 % (it would write
//! history rows for nothing).

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

/// The lowest percentage accepted: −100 % makes a part free.
pub const MIN_PERCENT: Decimal = Decimal::from_parts(100, 0, 0, true, 0);
/// The highest percentage accepted: a tenfold price in one step is a typo
/// more often than a decision.
pub const MAX_PERCENT: Decimal = Decimal::ONE_THOUSAND;
/// Decimal places a percentage may have.
pub const MAX_PERCENT_DP: u32 = 2;

/// Why a percentage or its result was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PercentError {
    /// Nothing was typed.
    Empty,
    /// Not a number such as `+5` or `-10`.
    NotANumber,
    /// More than [`MAX_PERCENT_DP`] decimals.
    TooPrecise,
    /// 0 %: nothing would change.
    Zero,
    /// Outside [`MIN_PERCENT`]..=[`MAX_PERCENT`].
    OutOfRange,
}

impl fmt::Display for PercentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PercentError::Empty => "enter a percentage such as +5 or -10",
            PercentError::NotANumber => "expected a percentage such as +5, -10 or 2.5%",
            PercentError::TooPrecise => "expected at most 2 decimals, such as 2.75",
            PercentError::Zero => "0% changes nothing; enter a percentage such as +5 or -10",
            PercentError::OutOfRange => "expected a percentage from -100 to +1000",
        })
    }
}

/// Why one part's new price was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdjustError {
    /// The result would be below zero.
    BelowZero,
    /// The result does not fit the stored integer.
    TooLarge,
}

impl fmt::Display for AdjustError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AdjustError::BelowZero => "the new price would be below zero",
            AdjustError::TooLarge => "the new price would be too large to store",
        })
    }
}

/// A percentage a seller typed, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percent(Decimal);

impl Percent {
    /// Reads `+5`, `5`, `-10`, `2.5%`, `- 10 %` (spaces and one `%` allowed).
    pub fn parse(text: &str) -> Result<Percent, PercentError> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() {
            return Err(PercentError::Empty);
        }
        let number = compact.strip_suffix('%').unwrap_or(&compact);
        // One sign at most, then digits with one point at most: Decimal's
        // own parser would also take exponents and underscores.
        let (negative, body) = match number.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, number.strip_prefix('+').unwrap_or(number)),
        };
        let plain = body.chars().all(|c| c.is_ascii_digit() || c == '.')
            && body.chars().filter(|c| *c == '.').count() <= 1
            && body.chars().any(|c| c.is_ascii_digit());
        if !plain {
            return Err(PercentError::NotANumber);
        }
        let magnitude: Decimal = body.parse().map_err(|_| PercentError::NotANumber)?;
        let value = if negative { -magnitude } else { magnitude };
        let value = value.normalize();
        if value.scale() > MAX_PERCENT_DP {
            return Err(PercentError::TooPrecise);
        }
        if value.is_zero() {
            return Err(PercentError::Zero);
        }
        if value < MIN_PERCENT || value > MAX_PERCENT {
            return Err(PercentError::OutOfRange);
        }
        Ok(Percent(value))
    }

    /// The percentage, such as 5 or -10.
    pub fn value(self) -> Decimal {
        self.0
    }

    /// As shown in notices and the audit log: `+5%`, `-10%`, `+2.5%`.
    pub fn label(self) -> String {
        if self.0.is_sign_negative() {
            format!("{}%", self.0)
        } else {
            format!("+{}%", self.0)
        }
    }

    /// The new price of `old_minor`, rounded half up to whole minor units.
    pub fn apply(self, old_minor: i64) -> Result<i64, AdjustError> {
        let factor = (Decimal::ONE_HUNDRED + self.0) / Decimal::ONE_HUNDRED;
        let new = Decimal::from(old_minor)
            .checked_mul(factor)
            .ok_or(AdjustError::TooLarge)?
            .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        if new.is_sign_negative() && !new.is_zero() {
            return Err(AdjustError::BelowZero);
        }
        i64::try_from(new).map_err(|_| AdjustError::TooLarge)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pct(s: &str) -> Percent {
        Percent::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn reads_the_ways_sellers_write_percentages() {
        assert_eq!(pct("+5").value(), Decimal::from(5));
        assert_eq!(pct("5").value(), Decimal::from(5));
        assert_eq!(pct("5%").value(), Decimal::from(5));
        assert_eq!(pct(" - 10 % ").value(), Decimal::from(-10));
        assert_eq!(pct("2.50").value(), Decimal::new(25, 1));
        assert_eq!(pct("-100").value(), Decimal::from(-100));
        assert_eq!(pct("+5").label(), "+5%");
        assert_eq!(pct("-7.5").label(), "-7.5%");
    }

    #[test]
    fn refuses_what_is_not_a_plain_percentage() {
        assert_eq!(Percent::parse(""), Err(PercentError::Empty));
        assert_eq!(Percent::parse("  "), Err(PercentError::Empty));
        for bad in [
            "abc", "5x", "1e2", "+-5", "--5", "1_000", "5%%", ".", "+", "5.5.5",
        ] {
            assert_eq!(Percent::parse(bad), Err(PercentError::NotANumber), "{bad}");
        }
        assert_eq!(Percent::parse("0"), Err(PercentError::Zero));
        assert_eq!(Percent::parse("-0.00"), Err(PercentError::Zero));
        assert_eq!(Percent::parse("2.125"), Err(PercentError::TooPrecise));
        assert_eq!(Percent::parse("-100.01"), Err(PercentError::OutOfRange));
        assert_eq!(Percent::parse("1000.5"), Err(PercentError::OutOfRange));
    }

    #[test]
    fn rounds_half_up_to_whole_minor_units() {
        // 1,005 paise + 5% = 1,055.25 → 1,055.
        assert_eq!(pct("+5").apply(1_005), Ok(1_055));
        // 1,010 + 5% = 1,060.5 → 1,061 (half up).
        assert_eq!(pct("+5").apply(1_010), Ok(1_061));
        // 999 − 10% = 899.1 → 899.
        assert_eq!(pct("-10").apply(999), Ok(899));
        // 995 − 10% = 895.5 → 896.
        assert_eq!(pct("-10").apply(995), Ok(896));
        // 333 + 2.5% = 341.325 → 341.
        assert_eq!(pct("2.5").apply(333), Ok(341));
        assert_eq!(pct("-100").apply(123_456), Ok(0));
        assert_eq!(pct("+10").apply(0), Ok(0));
        assert_eq!(pct("+1000").apply(100), Ok(1_100));
    }

    #[test]
    fn refuses_results_that_cannot_be_stored() {
        assert_eq!(pct("+1000").apply(i64::MAX / 2), Err(AdjustError::TooLarge));
        // Only reachable if the range were wider, but the rule holds anyway.
        let below = Percent(Decimal::from(-150));
        assert_eq!(below.apply(100), Err(AdjustError::BelowZero));
    }
}
