//! What one seller's part of a cart will cost and when it will arrive,
//! before checkout: the subtotal, standard shipping by the seller's rules,
//! GST (or the destination's tax) on the parts, the total, and a delivery
//! date. Checkout works the same figures out again with the address and
//! shipping option the buyer picks; these are estimates from the default
//! shipping address (or the organization's state).

use super::shipping::{self, ParcelWeight, Quote, ShipOption, ShippingRules};
use super::tax::{self, Currency, GstRate, LineInput, Parties, Place, Regime, TaxTable};

/// One cart line, as the estimate needs it.
#[derive(Debug, Clone, Copy)]
pub struct EstLine<'a> {
    pub unit_minor: i64,
    pub currency: &'a str,
    pub quantity: u32,
    pub gst_rate: i32,
    pub weight_grams: i64,
    pub lead_time_days: i32,
}

/// One tax line of the estimate: "CGST 9%" and its amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxRow {
    pub label: String,
    pub amount_minor: i64,
}

/// The estimate for one seller's lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Estimate {
    pub currency: String,
    pub subtotal_minor: i64,
    /// Standard shipping, or why it cannot be quoted.
    pub shipping: Result<Quote, String>,
    /// The tax on the parts, by kind and rate, or why it cannot be worked
    /// out; with the rule that applied ("intra-state supply: CGST + SGST").
    pub tax: Result<(Vec<TaxRow>, i64), String>,
    pub tax_note: String,
    /// Subtotal, shipping and tax, when all three are known.
    pub total_minor: Option<i64>,
    /// The day (from 1970-01-01) the parts should arrive by, with standard
    /// shipping.
    pub delivery_day: Option<i64>,
}

/// Estimates one seller's lines. `seller` and `buyer` are places as far as
/// they are known; an unknown place leaves shipping and tax to checkout
/// with the reason, rather than guessing.
pub fn estimate(
    lines: &[EstLine<'_>],
    seller: Result<&Place, String>,
    buyer: Result<&Place, String>,
    rules: &ShippingRules,
    table: &TaxTable,
    today: i64,
) -> Option<Estimate> {
    let first = lines.first()?;
    let currency = first.currency;
    if lines.iter().any(|l| l.currency != currency) {
        // Totals across currencies would mean converting; checkout asks
        // for a quote instead.
        return None;
    }
    let subtotal = lines.iter().try_fold(0i64, |sum, l| {
        l.unit_minor
            .checked_mul(i64::from(l.quantity))
            .and_then(|v| sum.checked_add(v))
    })?;
    let places = match (&seller, &buyer) {
        (Ok(s), Ok(b)) => Ok((*s, *b)),
        (Err(e), _) | (_, Err(e)) => Err(e.clone()),
    };
    let weight: ParcelWeight = lines
        .iter()
        .map(|l| ParcelWeight::line(u64::try_from(l.weight_grams).unwrap_or(0), l.quantity))
        .sum();
    let shipping = match &places {
        Err(e) => Err(e.clone()),
        Ok(_) if rules.currency != currency => Err(format!(
            "the seller's shipping rates are in {}; shipping is quoted at checkout",
            rules.currency
        )),
        Ok((s, b)) => {
            let zone = shipping::zone(
                s.country(),
                s.region().unwrap_or(""),
                b.country(),
                b.region().unwrap_or(""),
            );
            rules
                .quote(zone, ShipOption::Standard, subtotal, weight)
                .map_err(|e| e.to_string())
        }
    };
    let (tax, tax_note) = match &places {
        Err(e) => (Err(e.clone()), String::new()),
        Ok((s, b)) => {
            let regime = Regime::decide(
                &Parties {
                    seller: (*s).clone(),
                    buyer: (*b).clone(),
                },
                table,
            );
            (tax_of(lines, currency, &regime), regime.note())
        }
    };
    let total_minor = match (&shipping, &tax) {
        (Ok(q), Ok((_, t))) => subtotal
            .checked_add(q.fee_minor)
            .and_then(|v| v.checked_add(*t)),
        _ => None,
    };
    let lead = lines
        .iter()
        .map(|l| l.lead_time_days.max(0))
        .max()
        .unwrap_or(0);
    let delivery_day = shipping
        .as_ref()
        .ok()
        .map(|q| shipping::estimated_delivery(today, lead as u32, q.transit_days));
    Some(Estimate {
        currency: currency.to_owned(),
        subtotal_minor: subtotal,
        shipping,
        tax,
        tax_note,
        total_minor,
        delivery_day,
    })
}

fn tax_of(
    lines: &[EstLine<'_>],
    currency: &str,
    regime: &Regime,
) -> Result<(Vec<TaxRow>, i64), String> {
    let cur = Currency::parse(currency).map_err(|e| e.to_string())?;
    let mut taxed = Vec::with_capacity(lines.len());
    for l in lines {
        let rate = GstRate::from_percent(l.gst_rate).map_err(|e| e.to_string())?;
        let input =
            LineInput::priced(l.unit_minor, l.quantity, 0, rate).map_err(|e| e.to_string())?;
        taxed.push(tax::tax_line(regime, cur, &input).map_err(|e| e.to_string())?);
    }
    let summary = tax::summarize(cur, &taxed).map_err(|e| e.to_string())?;
    let rows = summary
        .rows
        .iter()
        .map(|r| TaxRow {
            label: r.label(),
            amount_minor: r.amount_minor,
        })
        .collect();
    Ok((rows, summary.tax_minor))
}

// Amounts in paise are written as rupees_00, so ₹4,000.00 reads 4_000_00.
#[cfg(test)]
#[allow(clippy::inconsistent_digit_grouping)]
mod tests {
    use super::*;
    use crate::domain::gstin::State;

    fn place(code: u8) -> Place {
        Place::india(State::from_code(code).unwrap())
    }

    fn line(unit: i64, qty: u32, rate: i32) -> EstLine<'static> {
        EstLine {
            unit_minor: unit,
            currency: "INR",
            quantity: qty,
            gst_rate: rate,
            weight_grams: 800,
            lead_time_days: 2,
        }
    }

    #[test]
    fn within_one_state_shipping_is_flat_and_gst_splits_into_cgst_and_sgst() {
        // ₹1,000 × 3 at 18% and ₹500 × 2 at 12%, Maharashtra to Maharashtra:
        // subtotal ₹4,000; CGST 9% ₹270 + SGST 9% ₹270 + CGST 6% ₹60 + SGST
        // 6% ₹60 = ₹660; standard shipping ₹150 (below the ₹25,000 free
        // threshold), 4 days; total ₹4,810.
        let (mh, rules) = (place(27), ShippingRules::default());
        // Monday 2026-11-23: dispatch after 2 working days (Wednesday),
        // then 4 days skipping Sunday: Monday 30 November.
        let today =
            crate::domain::dates::parse_ymd("2026-11-23").unwrap() / crate::domain::dates::DAY_MS;
        let e = estimate(
            &[line(1_000_00, 3, 18), line(500_00, 2, 12)],
            Ok(&mh),
            Ok(&mh),
            &rules,
            &TaxTable::default(),
            today,
        )
        .unwrap();
        assert_eq!(e.subtotal_minor, 4_000_00);
        assert_eq!(e.shipping.as_ref().unwrap().fee_minor, 150_00);
        let (rows, tax) = e.tax.clone().unwrap();
        assert_eq!(tax, 660_00);
        assert_eq!(rows.len(), 4, "{rows:?}");
        assert_eq!(e.total_minor, Some(4_810_00));
        assert_eq!(
            crate::domain::dates::civil_from_days(e.delivery_day.unwrap()),
            (2026, 11, 30)
        );
    }

    #[test]
    fn across_states_it_is_igst_and_free_shipping_applies_above_the_threshold() {
        let e = estimate(
            &[line(30_000_00, 1, 18)],
            Ok(&place(27)),
            Ok(&place(29)),
            &ShippingRules::default(),
            &TaxTable::default(),
            20_415,
        )
        .unwrap();
        assert_eq!(e.tax.clone().unwrap().1, 5_400_00);
        assert!(e.tax_note.to_lowercase().contains("igst"), "{}", e.tax_note);
        let q = e.shipping.unwrap();
        assert_eq!((q.fee_minor, q.free_shipping_applied), (0, true));
        assert_eq!(e.total_minor, Some(35_400_00));
    }

    #[test]
    fn an_unknown_place_leaves_shipping_and_tax_to_checkout() {
        let e = estimate(
            &[line(1_000_00, 1, 18)],
            Ok(&place(27)),
            Err("add a shipping address to see shipping and tax".into()),
            &ShippingRules::default(),
            &TaxTable::default(),
            20_415,
        )
        .unwrap();
        assert!(e.shipping.is_err() && e.tax.is_err());
        assert_eq!(e.total_minor, None);
        assert_eq!(e.delivery_day, None);
    }

    #[test]
    fn lines_in_several_currencies_get_no_estimate() {
        let mut usd = line(10_00, 1, 18);
        usd.currency = "USD";
        assert!(
            estimate(
                &[line(1_000_00, 1, 18), usd],
                Ok(&place(27)),
                Ok(&place(27)),
                &ShippingRules::default(),
                &TaxTable::default(),
                0,
            )
            .is_none()
        );
    }
}
