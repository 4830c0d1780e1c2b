//! Cart rules: how much of a part may go in a cart line, how quick-order
//! text is read, and what changed since a line was added.
//!
//! A part is ordered in whole multiples of its order multiple (its pack
//! size; 1 for most parts) and at least its minimum order quantity. The
//! smallest quantity a line may hold is therefore the minimum rounded up to
//! whole packs: at least 12 in packs of 5 is 15 ([`smallest_quantity`]).
//! Imports and the part form keep the minimum a whole number of packs, so
//! the rounding only matters for data that predates that rule.

use std::fmt;

/// The most units of one part a cart line may hold.
pub const MAX_LINE_QUANTITY: u32 = 999;
/// The most lines a cart may hold (lines saved for later included).
pub const MAX_LINES: usize = 100;

/// Why a quantity cannot go in the cart, written for the buyer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuantityError {
    /// Not a whole number: "two", "1.5", "".
    NotANumber(String),
    /// Zero or less.
    NotPositive,
    /// Over [`MAX_LINE_QUANTITY`].
    TooMany,
    /// Below the smallest quantity the part is sold in: `moq` is the
    /// minimum order rounded up to whole packs of `multiple`; `next` is the
    /// allowed quantity after it, when a line holds it and the stock covers
    /// it.
    BelowMinimum {
        moq: u32,
        multiple: u32,
        next: Option<u32>,
    },
    /// Not a whole number of packs of `multiple`. `lower` and `higher` are
    /// the allowed line quantities either side of `quantity` that fit the
    /// line limit and the stock. When the line already held `already`
    /// units, `quantity` and the suggestions count what to add.
    NotAMultiple {
        multiple: u32,
        quantity: u32,
        lower: Option<u32>,
        higher: Option<u32>,
        already: u32,
    },
    /// More than the seller has. `up_to` is the most that can be ordered
    /// from the stock in whole packs of `multiple` (0: not even the
    /// smallest order).
    OverStock {
        available: i64,
        up_to: i64,
        multiple: u32,
    },
    /// The part cannot be ordered at all now.
    Unavailable(&'static str),
}

impl QuantityError {
    /// The error as quick order shows it: about `part_number` rather than
    /// "this part", since a pasted list names many parts.
    pub fn for_part(&self, part_number: &str) -> String {
        let text = self.to_string();
        for subject in ["This part ", "this part "] {
            if text.contains(subject) {
                return text.replacen(subject, &format!("{part_number} "), 1);
            }
        }
        text
    }

    /// The error for adding to a line that already holds `already` units:
    /// a quantity that is not a whole number of packs is explained as what
    /// to add, since that is what the buyer typed.
    pub fn adding_to(self, already: u32) -> QuantityError {
        match self {
            QuantityError::NotAMultiple {
                multiple,
                quantity,
                lower,
                higher,
                already: 0,
            } if already > 0 => {
                let more = |total: Option<u32>| {
                    total
                        .and_then(|t| t.checked_sub(already))
                        .filter(|n| *n > 0)
                };
                QuantityError::NotAMultiple {
                    multiple,
                    quantity: quantity.saturating_sub(already),
                    lower: more(lower),
                    higher: more(higher),
                    already,
                }
            }
            other => other,
        }
    }
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuantityError::NotANumber(text) if text.trim().is_empty() => {
                f.write_str("Enter a quantity.")
            }
            QuantityError::NotANumber(text) => write!(
                f,
                "“{}” is not a quantity: enter a whole number such as 2.",
                text.trim()
            ),
            QuantityError::NotPositive => f.write_str("The quantity must be at least 1."),
            QuantityError::TooMany => write!(
                f,
                "At most {MAX_LINE_QUANTITY} units per line; for more, ask the seller for a quote."
            ),
            QuantityError::BelowMinimum {
                moq,
                multiple,
                next,
            } if *multiple > 1 => {
                if moq == multiple {
                    write!(f, "This part is sold in packs of {multiple}: ")?;
                } else {
                    write!(
                        f,
                        "This part is sold in packs of {multiple}, at least {moq} per order: "
                    )?;
                }
                write!(f, "order {}.", either(Some(*moq), *next))
            }
            QuantityError::BelowMinimum { moq, .. } => {
                write!(f, "This part is sold in quantities of at least {moq}.")
            }
            QuantityError::NotAMultiple {
                multiple,
                quantity,
                lower,
                higher,
                already,
            } => {
                if *already > 0 {
                    write!(
                        f,
                        "You already have {already} in your cart, and this part is sold in packs of {multiple}: "
                    )?;
                } else {
                    write!(f, "This part is sold in packs of {multiple}: ")?;
                }
                let verb = if *already > 0 { "add" } else { "order" };
                if lower.is_none() && higher.is_none() {
                    write!(f, "{verb} a multiple of {multiple}, not {quantity}.")
                } else {
                    write!(f, "{verb} {}, not {quantity}.", either(*lower, *higher))
                }
            }
            QuantityError::OverStock { available, .. } if *available <= 0 => {
                f.write_str("This part is out of stock.")
            }
            QuantityError::OverStock {
                available, up_to, ..
            } if up_to == available => write!(
                f,
                "Only {available} in stock: you can order up to {available}."
            ),
            QuantityError::OverStock {
                available,
                up_to,
                multiple,
            } if *up_to > 0 => write!(
                f,
                "Only {available} in stock, and this part is sold in packs of {multiple}: you can order up to {up_to}."
            ),
            QuantityError::OverStock { available, .. } => write!(
                f,
                "Only {available} in stock: not enough for the smallest order of this part."
            ),
            QuantityError::Unavailable(why) => f.write_str(why),
        }
    }
}

/// "20 or 30", "20" or "30": the allowed quantities either side.
fn either(lower: Option<u32>, higher: Option<u32>) -> String {
    match (lower, higher) {
        (Some(l), Some(h)) => format!("{l} or {h}"),
        (Some(n), None) | (None, Some(n)) => n.to_string(),
        (None, None) => String::new(),
    }
}

/// The smallest quantity a line of a part may hold: the minimum order
/// rounded up to a whole number of packs. Both are read as at least 1. It
/// may be more than a line holds (a minimum of 5,000, say): such a part is
/// sold by quote, never in a cart line below the seller's minimum (see
/// [`Orderable::unavailable`] and [`fits_a_line`]).
pub fn smallest_quantity(moq: i64, multiple: i64) -> i64 {
    let multiple = multiple.clamp(1, i64::from(MAX_LINE_QUANTITY));
    let moq = moq.max(1);
    (moq.saturating_add(multiple - 1) / multiple).saturating_mul(multiple)
}

/// Whether a cart line can hold the smallest quantity of a part with this
/// minimum order and pack size.
pub fn fits_a_line(moq: i64, multiple: i64) -> bool {
    smallest_quantity(moq, multiple) <= i64::from(MAX_LINE_QUANTITY)
}

/// Reads a quantity as typed.
pub fn parse_quantity(text: &str) -> Result<u32, QuantityError> {
    let t = text.trim();
    match t.parse::<i64>() {
        Ok(n) if n <= 0 => Err(QuantityError::NotPositive),
        Ok(n) if n > i64::from(MAX_LINE_QUANTITY) => Err(QuantityError::TooMany),
        Ok(n) => Ok(n as u32),
        // A run of digits too long for i64 is still "too many".
        Err(_) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => {
            Err(QuantityError::TooMany)
        }
        Err(_) => Err(QuantityError::NotANumber(text.to_owned())),
    }
}

/// What a cart check needs to know about a part now.
#[derive(Debug, Clone, Copy)]
pub struct Orderable<'a> {
    pub status: &'a str,
    pub visibility: &'a str,
    pub seller_status: &'a str,
    pub stock: i64,
    pub moq: i64,
    /// The pack size: quantities are whole multiples of it.
    pub order_multiple: i64,
}

impl Orderable<'_> {
    /// Why the part cannot be ordered at all, if it cannot.
    pub fn unavailable(&self) -> Option<&'static str> {
        if self.status != "active" || self.visibility != "public" {
            Some("This part is no longer listed.")
        } else if self.seller_status != "active" {
            Some("This seller is not taking orders now.")
        } else if self.smallest() > i64::from(MAX_LINE_QUANTITY) {
            Some(
                "This part's smallest order is more than a cart line holds: ask the seller for a quote.",
            )
        } else {
            None
        }
    }

    /// The pack size, between 1 and [`MAX_LINE_QUANTITY`].
    pub fn multiple(&self) -> u32 {
        self.order_multiple.clamp(1, i64::from(MAX_LINE_QUANTITY)) as u32
    }

    /// The smallest quantity a line may hold ([`smallest_quantity`]).
    pub fn smallest(&self) -> i64 {
        smallest_quantity(self.moq, self.order_multiple)
    }

    /// The allowed quantities either side of `quantity` (which is at least
    /// the smallest and not a whole number of packs) that a line can hold
    /// and the stock covers.
    fn nearest(&self, quantity: u32) -> (Option<u32>, Option<u32>) {
        let m = self.multiple();
        let fits = |n: u32| n <= MAX_LINE_QUANTITY && i64::from(n) <= self.stock;
        let lower = quantity / m * m;
        let lower = (i64::from(lower) >= self.smallest() && fits(lower)).then_some(lower);
        let higher = (quantity / m + 1).checked_mul(m).filter(|n| fits(*n));
        (lower, higher)
    }

    /// The most that can be ordered from `available` units in whole packs,
    /// or 0 when that is less than the smallest order.
    fn up_to(&self, available: i64) -> i64 {
        let m = i64::from(self.multiple());
        let most = available.min(i64::from(MAX_LINE_QUANTITY)).max(0) / m * m;
        if most >= self.smallest() { most } else { 0 }
    }
}

/// Checks a line's quantity against the part: listed, at least its minimum
/// order quantity, a whole number of packs, and no more than its stock.
///
/// A quantity that is not a whole number of packs is answered with the
/// allowed quantities either side of it that the stock covers; when the
/// stock covers neither, the stock is the problem to report.
pub fn check_quantity(quantity: u32, part: &Orderable<'_>) -> Result<(), QuantityError> {
    if let Some(why) = part.unavailable() {
        return Err(QuantityError::Unavailable(why));
    }
    if quantity > MAX_LINE_QUANTITY {
        return Err(QuantityError::TooMany);
    }
    let multiple = part.multiple();
    // `unavailable` has ruled out a smallest quantity over the line limit.
    let smallest = part.smallest() as u32;
    if quantity < smallest {
        let next = smallest
            .checked_add(multiple)
            .filter(|n| *n <= MAX_LINE_QUANTITY && i64::from(*n) <= part.stock);
        return Err(QuantityError::BelowMinimum {
            moq: smallest,
            multiple,
            next,
        });
    }
    if !quantity.is_multiple_of(multiple) {
        let (lower, higher) = part.nearest(quantity);
        if lower.is_some() || higher.is_some() {
            return Err(QuantityError::NotAMultiple {
                multiple,
                quantity,
                lower,
                higher,
                already: 0,
            });
        }
    }
    if i64::from(quantity) > part.stock {
        return Err(QuantityError::OverStock {
            available: part.stock,
            up_to: part.up_to(part.stock),
            multiple,
        });
    }
    Ok(())
}

/// One line of quick-order text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuickLine {
    /// The line's number in the text, from 1.
    pub line: usize,
    /// The part number as typed.
    pub part_number: String,
    /// The quantity, or why it cannot be read. No quantity means 1.
    pub quantity: Result<u32, QuantityError>,
    /// When the quantity was split off by a space ("AB 123"), the whole
    /// line as a part number ordered once, to try when `part_number` is
    /// not found: part numbers themselves may end in a short number.
    pub whole_line: Option<String>,
}

/// The most lines quick order reads at once.
pub const MAX_QUICK_LINES: usize = 200;

/// Reads pasted "part number, quantity" lines. The separator may be a comma,
/// semicolon, tab, pipe or spaces; a line with no quantity orders one. With
/// spaces, the last word is the quantity only if it is a number of one to
/// three digits, so "AB 1234 2" is two of "AB 1234" (part numbers often
/// contain spaces) and "AB 1234" alone is one of "AB 1234"; "AB 123" is
/// read as 123 of "AB", with [`QuickLine::whole_line`] for the caller to
/// try when there is no such part. Blank lines are skipped, and a header
/// line such as "Part No, Qty" when it is the first.
pub fn parse_quick_order(text: &str) -> Vec<QuickLine> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate().take(MAX_QUICK_LINES) {
        let line = raw.trim().trim_start_matches('\u{feff}');
        if line.is_empty() {
            continue;
        }
        let mut whole_line = None;
        let (pn, qty) = match line.rfind([',', ';', '\t', '|']) {
            Some(at) => (line[..at].trim(), Some(line[at + 1..].trim())),
            None => match line.rsplit_once(char::is_whitespace) {
                Some((head, last)) if !head.trim().is_empty() && is_short_count(last) => {
                    whole_line = Some(line.to_owned());
                    (head.trim(), Some(last))
                }
                _ => (line, None),
            },
        };
        // "AB-1, 2," or "AB-1,": a trailing separator.
        let pn = pn.trim_end_matches([',', ';', '\t', '|']).trim();
        if out.is_empty() && is_header(pn, qty) {
            continue;
        }
        if pn.is_empty() {
            continue;
        }
        let quantity = match qty {
            None | Some("") => Ok(1),
            Some(q) => parse_quantity(q.trim_start_matches(['x', 'X']).trim()),
        };
        out.push(QuickLine {
            line: i + 1,
            part_number: pn.to_owned(),
            quantity,
            whole_line,
        });
    }
    out
}

/// A word that reads as a quantity after a space: one to three digits,
/// perhaps negative (so "-3" is explained rather than taken as a part).
fn is_short_count(word: &str) -> bool {
    let digits = word.strip_prefix('-').unwrap_or(word);
    (1..=3).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a first line ("Part No", "Qty") is a header rather than a part.
pub fn is_header_line(pn: &str, qty: &str) -> bool {
    is_header(pn, Some(qty))
}

fn is_header(pn: &str, qty: Option<&str>) -> bool {
    let pn = pn.to_ascii_lowercase();
    let qty = qty.unwrap_or("").to_ascii_lowercase();
    (pn.contains("part") || pn == "pn" || pn == "p/n" || pn.contains("item"))
        && (qty.starts_with("qty") || qty.starts_with("quant") || qty.is_empty())
        && !pn.chars().any(|c| c.is_ascii_digit())
}

/// Something that changed since a line was added, shown before checkout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The price moved (old and new, in minor units of the currencies).
    PriceChanged {
        old_minor: i64,
        old_currency: String,
        new_minor: i64,
        new_currency: String,
    },
    /// No stock left.
    OutOfStock,
    /// Less stock than the line asks for.
    NotEnoughStock { available: i64 },
    /// The line is now below the minimum order quantity (rounded up to
    /// whole packs).
    BelowMinimum { moq: i64 },
    /// The line is no longer a whole number of packs: the seller changed
    /// the order multiple. `lower` and `higher` are the allowed quantities
    /// either side that a line holds and the stock covers.
    NotAMultiple {
        multiple: i64,
        lower: Option<i64>,
        higher: Option<i64>,
    },
    /// The part was archived or hidden, or its seller stopped selling.
    Unavailable(&'static str),
}

impl Notice {
    /// Whether the line cannot be checked out as it is.
    pub fn blocks_checkout(&self) -> bool {
        !matches!(self, Notice::PriceChanged { .. })
    }
}

/// A cart line as stored, with the part as it is now.
#[derive(Debug, Clone, Copy)]
pub struct LineState<'a> {
    pub quantity: i64,
    pub price_at_add: i64,
    pub currency_at_add: &'a str,
    pub price_now: i64,
    pub currency_now: &'a str,
    pub part: Orderable<'a>,
}

/// What the buyer should know about a line before checkout.
pub fn notices(l: &LineState<'_>) -> Vec<Notice> {
    let mut out = Vec::new();
    if let Some(why) = l.part.unavailable() {
        out.push(Notice::Unavailable(why));
        return out;
    }
    if l.price_at_add != l.price_now || l.currency_at_add != l.currency_now {
        out.push(Notice::PriceChanged {
            old_minor: l.price_at_add,
            old_currency: l.currency_at_add.to_owned(),
            new_minor: l.price_now,
            new_currency: l.currency_now.to_owned(),
        });
    }
    if l.part.stock <= 0 {
        out.push(Notice::OutOfStock);
    } else if l.quantity > l.part.stock {
        out.push(Notice::NotEnoughStock {
            available: l.part.stock,
        });
    }
    let smallest = l.part.smallest();
    let multiple = l.part.multiple();
    if l.quantity < smallest {
        out.push(Notice::BelowMinimum { moq: smallest });
    } else if l.quantity % i64::from(multiple) != 0 {
        let (lower, higher) = u32::try_from(l.quantity).map_or((None, None), |q| l.part.nearest(q));
        out.push(Notice::NotAMultiple {
            multiple: i64::from(multiple),
            lower: lower.map(i64::from),
            higher: higher.map(i64::from),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(stock: i64, moq: i64) -> Orderable<'static> {
        packs(stock, moq, 1)
    }

    fn packs(stock: i64, moq: i64, order_multiple: i64) -> Orderable<'static> {
        Orderable {
            status: "active",
            visibility: "public",
            seller_status: "active",
            stock,
            moq,
            order_multiple,
        }
    }

    #[test]
    fn quantities_are_whole_numbers_from_1_to_999() {
        assert_eq!(parse_quantity(" 12 "), Ok(12));
        assert_eq!(parse_quantity("0"), Err(QuantityError::NotPositive));
        assert_eq!(parse_quantity("-3"), Err(QuantityError::NotPositive));
        assert_eq!(parse_quantity("1000"), Err(QuantityError::TooMany));
        assert_eq!(
            parse_quantity("99999999999999999999999"),
            Err(QuantityError::TooMany)
        );
        assert_eq!(
            parse_quantity("1.5").unwrap_err().to_string(),
            "“1.5” is not a quantity: enter a whole number such as 2."
        );
        assert_eq!(
            parse_quantity("").unwrap_err().to_string(),
            "Enter a quantity."
        );
    }

    #[test]
    fn the_minimum_order_and_the_stock_are_enforced_with_a_reason() {
        assert_eq!(check_quantity(5, &part(10, 5)), Ok(()));
        assert_eq!(
            check_quantity(4, &part(10, 5)).unwrap_err().to_string(),
            "This part is sold in quantities of at least 5."
        );
        assert_eq!(
            check_quantity(11, &part(10, 1)).unwrap_err().to_string(),
            "Only 10 in stock: you can order up to 10."
        );
        assert_eq!(
            check_quantity(1, &part(0, 1)).unwrap_err().to_string(),
            "This part is out of stock."
        );
        let archived = Orderable {
            status: "archived",
            ..part(10, 1)
        };
        assert_eq!(
            check_quantity(1, &archived).unwrap_err().to_string(),
            "This part is no longer listed."
        );
    }

    #[test]
    fn the_smallest_quantity_is_the_minimum_in_whole_packs() {
        assert_eq!(smallest_quantity(1, 1), 1);
        assert_eq!(smallest_quantity(1, 10), 10);
        assert_eq!(smallest_quantity(20, 10), 20);
        assert_eq!(smallest_quantity(12, 5), 15);
        // Nonsense in storage reads as "no rule", as it did before.
        assert_eq!(smallest_quantity(0, 0), 1);
        // Past what a line holds: the part cannot go in a cart, and no
        // line below the seller's minimum is offered instead.
        assert_eq!(smallest_quantity(5000, 1), 5000);
        assert!(!fits_a_line(5000, 1));
        assert_eq!(
            check_quantity(999, &packs(10_000, 5000, 1)),
            Err(QuantityError::Unavailable(
                "This part's smallest order is more than a cart line holds: ask the seller for a quote."
            ))
        );
        assert_eq!(smallest_quantity(i64::MAX, 7) % 7, 0, "no overflow");
        assert_eq!(smallest_quantity(995, 10), 1000);
        assert!(!fits_a_line(995, 10));
        assert!(fits_a_line(999, 1));
        assert_eq!(
            check_quantity(995, &packs(2000, 995, 10)),
            Err(QuantityError::Unavailable(
                "This part's smallest order is more than a cart line holds: ask the seller for a quote."
            ))
        );
    }

    #[test]
    fn quantities_are_whole_packs_and_the_message_says_which() {
        let p = packs(1000, 1, 10);
        for ok in [10, 20, 30, 990] {
            assert_eq!(check_quantity(ok, &p), Ok(()), "{ok}");
        }
        let said = |q: u32, p: &Orderable<'_>| check_quantity(q, p).unwrap_err().to_string();
        assert_eq!(
            said(25, &p),
            "This part is sold in packs of 10: order 20 or 30, not 25."
        );
        assert_eq!(
            check_quantity(25, &p),
            Err(QuantityError::NotAMultiple {
                multiple: 10,
                quantity: 25,
                lower: Some(20),
                higher: Some(30),
                already: 0
            })
        );
        // Below one pack: the nearest allowed quantities.
        assert_eq!(
            said(5, &p),
            "This part is sold in packs of 10: order 10 or 20."
        );
        // Only what the stock covers is suggested.
        assert_eq!(
            said(5, &packs(15, 1, 10)),
            "This part is sold in packs of 10: order 10."
        );
        // A minimum of two packs.
        assert_eq!(
            said(10, &packs(100, 20, 10)),
            "This part is sold in packs of 10, at least 20 per order: order 20 or 30."
        );
        // A minimum of 12 in packs of 5 is 15, and 17 is between packs.
        let odd = packs(100, 12, 5);
        assert_eq!(
            said(12, &odd),
            "This part is sold in packs of 5, at least 15 per order: order 15 or 20."
        );
        assert_eq!(
            said(17, &odd),
            "This part is sold in packs of 5: order 15 or 20, not 17."
        );
        // 1000 does not fit on a line.
        assert_eq!(
            said(995, &packs(5000, 1, 10)),
            "This part is sold in packs of 10: order 990, not 995."
        );
        // Only what the stock covers is suggested...
        let low = packs(22, 1, 10);
        assert_eq!(
            said(25, &low),
            "This part is sold in packs of 10: order 20, not 25."
        );
        // ... and when it covers neither, the stock is the problem.
        assert_eq!(
            said(35, &low),
            "Only 22 in stock, and this part is sold in packs of 10: you can order up to 20."
        );
        assert_eq!(
            said(30, &low),
            "Only 22 in stock, and this part is sold in packs of 10: you can order up to 20."
        );
        assert_eq!(
            said(10, &packs(7, 1, 10)),
            "Only 7 in stock: not enough for the smallest order of this part."
        );
    }

    #[test]
    fn pack_messages_name_the_part_or_what_to_add() {
        let p = packs(100, 1, 10);
        let e = check_quantity(25, &p).unwrap_err();
        assert_eq!(
            e.for_part("ECG-EL-50"),
            "ECG-EL-50 is sold in packs of 10: order 20 or 30, not 25."
        );
        // 10 in the cart and 25 typed: 35 is between 30 and 40, so add 20 or 30.
        let e = check_quantity(35, &p).unwrap_err().adding_to(10);
        assert_eq!(
            e.to_string(),
            "You already have 10 in your cart, and this part is sold in packs of 10: add 20 or 30, not 25."
        );
        assert_eq!(
            e.for_part("ECG-EL-50"),
            "You already have 10 in your cart, and ECG-EL-50 is sold in packs of 10: add 20 or 30, not 25."
        );
        // Errors that are not about packs read the same with or without.
        let e = check_quantity(4, &part(10, 5)).unwrap_err();
        assert_eq!(e.clone().adding_to(3), e);
        assert_eq!(
            e.for_part("AB-1"),
            "AB-1 is sold in quantities of at least 5."
        );
        assert_eq!(
            QuantityError::NotPositive.for_part("AB-1"),
            "The quantity must be at least 1."
        );
    }

    #[test]
    fn a_line_that_stopped_being_whole_packs_blocks_checkout() {
        let l = LineState {
            quantity: 25,
            price_at_add: 10_000,
            currency_at_add: "INR",
            price_now: 10_000,
            currency_now: "INR",
            part: packs(100, 1, 10),
        };
        let n = notices(&l);
        assert_eq!(
            n,
            vec![Notice::NotAMultiple {
                multiple: 10,
                lower: Some(20),
                higher: Some(30)
            }]
        );
        assert!(n[0].blocks_checkout());
        // Below the new smallest order: one notice, the minimum.
        let few = LineState { quantity: 4, ..l };
        assert_eq!(notices(&few), vec![Notice::BelowMinimum { moq: 10 }]);
        // Whole packs: nothing to say.
        let fine = LineState { quantity: 30, ..l };
        assert_eq!(notices(&fine), vec![]);
    }

    #[test]
    fn quick_order_reads_any_separator_and_keeps_spaces_in_part_numbers() {
        let lines = parse_quick_order(
            "Part No, Qty\nAB-123/4, 2\nXY 99\t3\nSX-1;4\nAB 1234 2\nAB 1234\n\nQQ-7 | x5\nZZ-1, two\nYY-2, 0\n",
        );
        let got: Vec<(usize, &str, Result<u32, QuantityError>)> = lines
            .iter()
            .map(|l| (l.line, l.part_number.as_str(), l.quantity.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                (2, "AB-123/4", Ok(2)),
                (3, "XY 99", Ok(3)),
                (4, "SX-1", Ok(4)),
                (5, "AB 1234", Ok(2)),
                (6, "AB 1234", Ok(1)),
                (8, "QQ-7", Ok(5)),
                (9, "ZZ-1", Err(QuantityError::NotANumber("two".into()))),
                (10, "YY-2", Err(QuantityError::NotPositive)),
            ]
        );
    }

    #[test]
    fn a_short_number_after_a_space_keeps_the_whole_line_as_a_fallback() {
        let lines = parse_quick_order("AB 123\nAB-9, 2\n");
        assert_eq!(lines[0].part_number, "AB");
        assert_eq!(lines[0].quantity, Ok(123));
        assert_eq!(lines[0].whole_line.as_deref(), Some("AB 123"));
        assert_eq!(lines[1].whole_line, None);
    }

    #[test]
    fn a_first_line_with_a_number_is_not_taken_for_a_header() {
        let lines = parse_quick_order("PART-1 3\n");
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].part_number, "PART-1");
    }

    #[test]
    fn notices_say_what_changed_since_the_line_was_added() {
        let l = LineState {
            quantity: 4,
            price_at_add: 10_000,
            currency_at_add: "INR",
            price_now: 12_000,
            currency_now: "INR",
            part: part(3, 5),
        };
        let n = notices(&l);
        assert_eq!(
            n,
            vec![
                Notice::PriceChanged {
                    old_minor: 10_000,
                    old_currency: "INR".into(),
                    new_minor: 12_000,
                    new_currency: "INR".into()
                },
                Notice::NotEnoughStock { available: 3 },
                Notice::BelowMinimum { moq: 5 },
            ]
        );
        assert!(!n[0].blocks_checkout());
        assert!(n[1].blocks_checkout());
        let gone = LineState {
            part: Orderable {
                visibility: "hidden",
                ..part(3, 1)
            },
            ..l
        };
        assert_eq!(
            notices(&gone),
            vec![Notice::Unavailable("This part is no longer listed.")]
        );
        let empty = LineState {
            price_now: 10_000,
            part: part(0, 1),
            ..l
        };
        assert_eq!(notices(&empty), vec![Notice::OutOfStock]);
    }
}
