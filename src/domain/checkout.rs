//! Checkout rules: pricing one seller's order with the address and shipping
//! option the buyer chose, whether net terms are open to the buyer, whether
//! the order needs an approver, the checkout form's own fields, and the
//! document numbers. No I/O, no clock.
//!
//! Prices always come from the catalog as it is when the order is priced;
//! nothing a form sends is taken as a price. Tax follows `tax` (per line,
//! half-up to 0.01). Shipping is a separate charge on the order and is not
//! taxed here: GST on freight in a composite supply takes the principal
//! supply's rate, which the tax invoice (Step 5) works out line by line.

use super::dates;
use super::shipping::{self, ParcelWeight, Quote, ShipOption, ShippingRules};
use super::tax::{self, Currency, GstRate, LineInput, Parties, Place, Regime, TaxTable};

/// Longest purchase-order number.
pub const MAX_PO: usize = 50;
/// Longest checkout note.
pub const MAX_NOTES: usize = 2_000;
/// Longest service-ticket reference.
pub const MAX_TICKET: usize = 50;

/// One line to price, as the catalog has it now.
#[derive(Debug, Clone)]
pub struct LineIn {
    pub part_id: String,
    pub part_number: String,
    pub name: String,
    pub hsn_code: String,
    pub unit_minor: i64,
    pub currency: String,
    pub quantity: u32,
    pub gst_rate: i32,
    pub weight_grams: i64,
    pub lead_time_days: i32,
}

/// A priced line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedLine {
    pub part_id: String,
    pub part_number: String,
    pub name: String,
    pub hsn_code: String,
    pub quantity: u32,
    pub unit_minor: i64,
    pub taxable_minor: i64,
    pub gst_rate: i32,
    pub tax_minor: i64,
    /// "CGST 9% + SGST 9%".
    pub tax_label: String,
    pub total_minor: i64,
}

/// One row of the tax breakdown: a kind at a rate over the order's lines.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TaxRow {
    pub label: String,
    pub taxable_minor: i64,
    pub amount_minor: i64,
}

/// One seller's order, priced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedOrder {
    pub currency: String,
    pub lines: Vec<PricedLine>,
    pub subtotal_minor: i64,
    pub option: ShipOption,
    pub shipping: Quote,
    pub tax_rows: Vec<TaxRow>,
    pub tax_minor: i64,
    /// Which rule applied ("Supply within Maharashtra: CGST + SGST").
    pub tax_note: String,
    pub total_minor: i64,
    /// The day (from 1970-01-01) the parts should arrive by.
    pub delivery_day: i64,
}

/// Prices one seller's lines shipped from `seller` to `buyer` with
/// `option`. `today` is a day number. The error says, for the buyer, why
/// the order cannot be priced online.
pub fn price_order(
    lines: &[LineIn],
    seller: &Place,
    buyer: &Place,
    rules: &ShippingRules,
    option: ShipOption,
    table: &TaxTable,
    today: i64,
) -> Result<PricedOrder, String> {
    let first = lines.first().ok_or("there is nothing to order")?;
    let currency = first.currency.clone();
    if lines.iter().any(|l| l.currency != currency) {
        return Err(
            "this seller's parts are priced in different currencies; ask the seller for a quote"
                .into(),
        );
    }
    let cur = Currency::parse(&currency).map_err(|e| e.to_string())?;
    let regime = Regime::decide(
        &Parties {
            seller: seller.clone(),
            buyer: buyer.clone(),
        },
        table,
    );
    let mut priced = Vec::with_capacity(lines.len());
    let mut taxed = Vec::with_capacity(lines.len());
    for l in lines {
        let rate = GstRate::from_percent(l.gst_rate).map_err(|e| e.to_string())?;
        let input =
            LineInput::priced(l.unit_minor, l.quantity, 0, rate).map_err(|e| e.to_string())?;
        let t = tax::tax_line(&regime, cur, &input).map_err(|e| e.to_string())?;
        let tax_label = t
            .components
            .iter()
            .map(|c| c.label())
            .collect::<Vec<_>>()
            .join(" + ");
        priced.push(PricedLine {
            part_id: l.part_id.clone(),
            part_number: l.part_number.clone(),
            name: l.name.clone(),
            hsn_code: l.hsn_code.clone(),
            quantity: l.quantity,
            unit_minor: l.unit_minor,
            taxable_minor: t.taxable_minor,
            gst_rate: l.gst_rate,
            tax_minor: t.tax_minor,
            tax_label,
            total_minor: t.total_minor,
        });
        taxed.push(t);
    }
    let summary = tax::summarize(cur, &taxed).map_err(|e| e.to_string())?;
    if rules.currency != currency {
        return Err(format!(
            "the seller's shipping rates are in {}; ask the seller for a quote",
            rules.currency
        ));
    }
    let zone = shipping::zone(
        seller.country(),
        seller.region().unwrap_or(""),
        buyer.country(),
        buyer.region().unwrap_or(""),
    );
    let weight: ParcelWeight = lines
        .iter()
        .map(|l| ParcelWeight::line(u64::try_from(l.weight_grams).unwrap_or(0), l.quantity))
        .sum();
    let quote = rules
        .quote(zone, option, summary.taxable_minor, weight)
        .map_err(|e| e.to_string())?;
    let total_minor = summary
        .total_minor
        .checked_add(quote.fee_minor)
        .ok_or("the order total is too large")?;
    let lead = lines
        .iter()
        .map(|l| l.lead_time_days.max(0))
        .max()
        .unwrap_or(0);
    let delivery_day = shipping::estimated_delivery(today, lead as u32, quote.transit_days);
    Ok(PricedOrder {
        currency,
        lines: priced,
        subtotal_minor: summary.taxable_minor,
        option,
        shipping: quote,
        tax_rows: summary
            .rows
            .iter()
            .map(|r| TaxRow {
                label: r.label(),
                taxable_minor: r.taxable_minor,
                amount_minor: r.amount_minor,
            })
            .collect(),
        tax_minor: summary.tax_minor,
        tax_note: regime.note(),
        total_minor,
        delivery_day,
    })
}

/// Net terms a seller granted the buyer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    pub net_days: i32,
    pub credit_limit_minor: i64,
    pub currency: String,
}

/// Whether invoice-on-net-terms is open for an order of `total_minor`
/// `currency`, given the seller's terms and what the buyer already owes
/// the seller on open net-terms orders. The error is the reason the choice
/// is shown disabled.
pub fn net_terms_open(
    terms: Option<&Terms>,
    outstanding_minor: i64,
    total_minor: i64,
    currency: &str,
) -> Result<(), String> {
    let Some(t) = terms else {
        return Err("this seller has not granted your organization payment terms".into());
    };
    if t.currency != currency {
        return Err(format!(
            "your credit limit with this seller is in {}, this order is in {currency}",
            t.currency
        ));
    }
    let after = outstanding_minor.saturating_add(total_minor);
    if after > t.credit_limit_minor {
        let left = (t.credit_limit_minor - outstanding_minor).max(0);
        return Err(format!(
            "this order is above the credit left with this seller ({} of {})",
            super::money::format(left, currency),
            super::money::format(t.credit_limit_minor, currency)
        ));
    }
    Ok(())
}

/// Whether an order of `total_minor` `currency` needs an approver under the
/// buying organization's threshold (`None`: no approval needed). An order in
/// another currency than the threshold cannot be compared, so it goes to an
/// approver rather than around one.
pub fn needs_approval(threshold: Option<(i64, &str)>, total_minor: i64, currency: &str) -> bool {
    match threshold {
        None => false,
        Some((limit, cur)) if cur == currency => total_minor > limit,
        Some(_) => true,
    }
}

/// The checkout's own fields, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DetailsInput {
    pub po_number: String,
    pub notes: String,
    pub required_by: String,
    pub ticket_ref: String,
}

/// A field error on the details step: the field's form name and the message.
pub type FieldError = (&'static str, String);

/// Checks the details step. `today` is a day number; a required-by date
/// must not be in the past. Returns the trimmed values.
pub fn check_details(input: &DetailsInput, today: i64) -> Result<DetailsInput, Vec<FieldError>> {
    let mut errors = Vec::new();
    let po = input.po_number.trim();
    if po.chars().count() > MAX_PO {
        errors.push((
            "po_number",
            format!("A PO number has at most {MAX_PO} characters."),
        ));
    } else if po.chars().any(char::is_control) {
        errors.push(("po_number", "A PO number is one line of text.".to_owned()));
    }
    let notes = input.notes.trim();
    if notes.chars().count() > MAX_NOTES {
        errors.push((
            "notes",
            format!("Notes have at most {MAX_NOTES} characters."),
        ));
    }
    let date = input.required_by.trim();
    if !date.is_empty() {
        match dates::parse_ymd(date) {
            None => errors.push((
                "required_by",
                format!("“{date}” is not a date; use the date picker or YYYY-MM-DD."),
            )),
            Some(ms) if ms.div_euclid(dates::DAY_MS) < today => errors.push((
                "required_by",
                "The required-by date is in the past.".to_owned(),
            )),
            Some(_) => {}
        }
    }
    let ticket = input.ticket_ref.trim();
    if ticket.chars().count() > MAX_TICKET || ticket.chars().any(char::is_control) {
        errors.push((
            "ticket_ref",
            format!("A ticket reference is one line of at most {MAX_TICKET} characters."),
        ));
    }
    if errors.is_empty() {
        Ok(DetailsInput {
            po_number: po.to_owned(),
            notes: notes.to_owned(),
            required_by: date.to_owned(),
            ticket_ref: ticket.to_owned(),
        })
    } else {
        Err(errors)
    }
}

/// "SO-2026-000123": a seller's `seq`-th order of `year`.
pub fn order_number(year: i64, seq: i64) -> String {
    format!("SO-{year}-{seq:06}")
}

/// "CO-2026-000045": the reference shared by a checkout's orders.
pub fn checkout_reference(year: i64, seq: i64) -> String {
    format!("CO-{year}-{seq:06}")
}

/// The calendar year of a Unix-ms time, for document numbers.
pub fn year_of(ms: i64) -> i64 {
    dates::civil_from_days(ms.div_euclid(dates::DAY_MS)).0
}

/// "2026-11-30" for a day number.
pub fn ymd(day: i64) -> String {
    let (y, m, d) = dates::civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
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

    fn line(unit: i64, qty: u32, rate: i32, currency: &str) -> LineIn {
        LineIn {
            part_id: format!("p{unit}"),
            part_number: format!("PN-{unit}"),
            name: "Part".into(),
            hsn_code: "9018".into(),
            unit_minor: unit,
            currency: currency.into(),
            quantity: qty,
            gst_rate: rate,
            weight_grams: 800,
            lead_time_days: 2,
        }
    }

    fn today() -> i64 {
        dates::parse_ymd("2026-11-23").unwrap() / dates::DAY_MS
    }

    #[test]
    fn intra_state_order_splits_gst_and_adds_standard_shipping() {
        // ₹1,000 × 3 at 18% and ₹500 × 2 at 12% within Maharashtra:
        // taxable ₹4,000, CGST 9% ₹270, SGST 9% ₹270, CGST 6% ₹60, SGST 6%
        // ₹60; standard shipping ₹150; total ₹4,810.
        let o = price_order(
            &[line(1_000_00, 3, 18, "INR"), line(500_00, 2, 12, "INR")],
            &place(27),
            &place(27),
            &ShippingRules::default(),
            ShipOption::Standard,
            &TaxTable::default(),
            today(),
        )
        .unwrap();
        assert_eq!(o.subtotal_minor, 4_000_00);
        assert_eq!(o.tax_minor, 660_00);
        assert_eq!(o.shipping.fee_minor, 150_00);
        assert_eq!(o.total_minor, 4_810_00);
        assert_eq!(o.lines[0].tax_label, "CGST 9% + SGST 9%");
        assert_eq!(o.lines[0].tax_minor, 540_00);
        let labels: Vec<&str> = o.tax_rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["CGST 6%", "CGST 9%", "SGST 6%", "SGST 9%"]);
        assert!(o.tax_note.contains("Maharashtra"));
    }

    #[test]
    fn inter_state_express_uses_igst_and_the_express_fee() {
        // ₹333.33 × 3 at 18% from Karnataka to Tamil Nadu: taxable
        // ₹999.99, IGST 18% = ₹179.9982 → ₹180.00; express ₹450.
        let o = price_order(
            &[line(333_33, 3, 18, "INR")],
            &place(29),
            &place(33),
            &ShippingRules::default(),
            ShipOption::Express,
            &TaxTable::default(),
            today(),
        )
        .unwrap();
        assert_eq!(o.lines[0].tax_label, "IGST 18%");
        assert_eq!(o.tax_minor, 180_00);
        assert_eq!(o.shipping.fee_minor, 450_00);
        assert_eq!(o.total_minor, 999_99 + 180_00 + 450_00);
    }

    #[test]
    fn mixed_currencies_and_foreign_rules_are_refused_with_a_reason() {
        let e = price_order(
            &[line(100_00, 1, 18, "INR"), line(100_00, 1, 18, "USD")],
            &place(27),
            &place(27),
            &ShippingRules::default(),
            ShipOption::Standard,
            &TaxTable::default(),
            today(),
        )
        .unwrap_err();
        assert!(e.contains("different currencies"), "{e}");
        // A USD order from an Indian seller whose rates are in INR.
        let e = price_order(
            &[line(100_00, 1, 0, "USD")],
            &place(27),
            &place(27),
            &ShippingRules::default(),
            ShipOption::Standard,
            &TaxTable::default(),
            today(),
        )
        .unwrap_err();
        assert!(e.contains("shipping rates are in INR"), "{e}");
    }

    #[test]
    fn net_terms_need_terms_the_currency_and_credit_left() {
        let terms = Terms {
            net_days: 30,
            credit_limit_minor: 100_000_00,
            currency: "INR".into(),
        };
        assert!(
            net_terms_open(None, 0, 1, "INR")
                .unwrap_err()
                .contains("not granted")
        );
        assert_eq!(
            net_terms_open(Some(&terms), 60_000_00, 40_000_00, "INR"),
            Ok(())
        );
        let e = net_terms_open(Some(&terms), 60_000_00, 40_000_01, "INR").unwrap_err();
        assert!(e.contains("₹40,000.00 of ₹1,00,000.00"), "{e}");
        assert!(
            net_terms_open(Some(&terms), 0, 1, "USD")
                .unwrap_err()
                .contains("in INR")
        );
    }

    #[test]
    fn approval_is_needed_above_the_threshold_or_in_another_currency() {
        assert!(!needs_approval(None, i64::MAX, "INR"));
        assert!(!needs_approval(Some((50_000_00, "INR")), 50_000_00, "INR"));
        assert!(needs_approval(Some((50_000_00, "INR")), 50_000_01, "INR"));
        assert!(needs_approval(Some((50_000_00, "INR")), 1, "USD"));
    }

    #[test]
    fn details_are_trimmed_and_each_bad_field_is_named() {
        let ok = check_details(
            &DetailsInput {
                po_number: "  PO/77 ".into(),
                notes: " Deliver to stores ".into(),
                required_by: "2026-11-30".into(),
                ticket_ref: " TCK-9 ".into(),
            },
            today(),
        )
        .unwrap();
        assert_eq!(ok.po_number, "PO/77");
        assert_eq!(ok.ticket_ref, "TCK-9");
        let errors = check_details(
            &DetailsInput {
                po_number: "x".repeat(51),
                notes: "n".repeat(2_001),
                required_by: "2026-11-22".into(),
                ticket_ref: "a\nb".into(),
            },
            today(),
        )
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.0).collect();
        assert_eq!(fields, ["po_number", "notes", "required_by", "ticket_ref"]);
        let bad_date = check_details(
            &DetailsInput {
                required_by: "30/11/2026".into(),
                ..DetailsInput::default()
            },
            today(),
        )
        .unwrap_err();
        assert!(bad_date[0].1.contains("not a date"));
    }

    #[test]
    fn document_numbers_are_padded_and_dated() {
        assert_eq!(order_number(2026, 123), "SO-2026-000123");
        assert_eq!(checkout_reference(2026, 45), "CO-2026-000045");
        assert_eq!(year_of(dates::parse_ymd("2026-12-31").unwrap()), 2026);
        assert_eq!(ymd(today()), "2026-11-23");
    }
}
