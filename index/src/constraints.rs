//! Simple constraints typed into the search box.
//!
//! "mri coil under 5000", "ge probe in stock" and "ventilator flow sensor
//! below ₹2,000" become free text plus filters. Each recognised constraint
//! keeps the words it was written as, so the page can show it as a chip and
//! offer a link that removes it.

/// A filter recognised in the query text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Constraint {
    /// Price at most this many rupees (whole units).
    PriceMax(u64),
    /// Price at least this many rupees (whole units).
    PriceMin(u64),
    /// Only parts in stock.
    InStock,
    /// Ships within this many days.
    LeadTimeMax(u32),
    /// Warranty of at least this many months.
    WarrantyMin(u32),
}

/// A constraint and the exact words of the query it was read from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ParsedConstraint {
    /// What was understood.
    pub constraint: Constraint,
    /// The words as typed, e.g. "below ₹2,000".
    pub phrase: String,
}

/// The query split into free text and constraints.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedQuery {
    /// What is left to search as text.
    pub text: String,
    /// The constraints, in the order they were written.
    pub constraints: Vec<ParsedConstraint>,
}

const MAX_WORDS: &[&str] = &[
    "under", "below", "upto", "max", "within", "cheaper", "less", "<", "<=",
];
const MIN_WORDS: &[&str] = &["over", "above", "min", "from", "more", ">", ">="];

/// Parses an amount such as "5000", "₹2,000", "rs.1,23,456", "5k", "2 lakh".
/// Returns the amount in whole rupees and how many tokens it used.
fn parse_amount(tokens: &[&str]) -> Option<(u64, usize)> {
    let first = *tokens.first()?;
    let mut used = 1;
    let mut s = first.to_lowercase();
    for prefix in ["₹", "rs.", "rs", "inr"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
            break;
        }
    }
    if s.is_empty() {
        // "rs 5000", "₹ 5000"
        let (v, n) = parse_amount(&tokens[1..])?;
        return Some((v, n + 1));
    }
    let mut multiplier = 1u64;
    for (suffix, m) in [
        ("k", 1_000u64),
        ("lakh", 100_000),
        ("lakhs", 100_000),
        ("l", 100_000),
    ] {
        if let Some(rest) = s.strip_suffix(suffix)
            && rest.chars().any(|c| c.is_ascii_digit())
        {
            s = rest.to_string();
            multiplier = m;
            break;
        }
    }
    let s = s.trim_end_matches("/-");
    if !s.chars().next()?.is_ascii_digit() {
        return None;
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    let whole = s.split('.').next()?.replace(',', "");
    let value: u64 = whole.parse().ok()?;
    if multiplier == 1
        && let Some(next) = tokens.get(1)
    {
        match next.to_lowercase().as_str() {
            "k" => {
                multiplier = 1_000;
                used += 1;
            }
            "lakh" | "lakhs" | "lac" => {
                multiplier = 100_000;
                used += 1;
            }
            "rupees" | "rs" | "inr" => used += 1,
            _ => {}
        }
    }
    Some((value.checked_mul(multiplier)?, used))
}

fn parse_count(token: &str) -> Option<u32> {
    token.parse().ok()
}

/// Splits a query into text and constraints.
pub fn parse(query: &str) -> ParsedQuery {
    let tokens: Vec<&str> = query.split_whitespace().collect();
    let lower: Vec<String> = tokens.iter().map(|t| t.to_lowercase()).collect();
    let mut text_tokens: Vec<&str> = Vec::new();
    let mut constraints = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let w = lower[i].as_str();
        let next = lower.get(i + 1).map(String::as_str);
        // "in stock", "available now"
        if (w == "in" && next == Some("stock")) || w == "instock" {
            let n = if w == "instock" { 1 } else { 2 };
            constraints.push(ParsedConstraint {
                constraint: Constraint::InStock,
                phrase: tokens[i..i + n].join(" "),
            });
            i += n;
            continue;
        }
        // "ships in 5 days", "within 7 days"
        if (w == "ships" || w == "delivery")
            && next == Some("in")
            && let (Some(n), Some(unit)) = (
                lower.get(i + 2).and_then(|t| parse_count(t)),
                lower.get(i + 3),
            )
            && unit.starts_with("day")
        {
            constraints.push(ParsedConstraint {
                constraint: Constraint::LeadTimeMax(n),
                phrase: tokens[i..i + 4].join(" "),
            });
            i += 4;
            continue;
        }
        if w == "within"
            && let (Some(n), Some(unit)) = (next.and_then(parse_count), lower.get(i + 2))
            && unit.starts_with("day")
        {
            constraints.push(ParsedConstraint {
                constraint: Constraint::LeadTimeMax(n),
                phrase: tokens[i..i + 3].join(" "),
            });
            i += 3;
            continue;
        }
        // "12 months warranty", "2 year warranty", "warranty 12 months"
        if let (Some(n), Some(unit)) = (parse_count(w), next) {
            let months = if unit.starts_with("month") {
                Some(n)
            } else if unit.starts_with("year") || unit == "yr" || unit == "yrs" {
                n.checked_mul(12)
            } else {
                None
            };
            if let (Some(m), Some("warranty")) = (months, lower.get(i + 2).map(String::as_str)) {
                constraints.push(ParsedConstraint {
                    constraint: Constraint::WarrantyMin(m),
                    phrase: tokens[i..i + 3].join(" "),
                });
                i += 3;
                continue;
            }
        }
        // "under 5000", "less than ₹2,000", "below rs 500", "above 1 lakh"
        let (is_max, is_min) = (MAX_WORDS.contains(&w), MIN_WORDS.contains(&w));
        if is_max || is_min {
            let mut j = i + 1;
            if matches!(lower.get(j).map(String::as_str), Some("than") | Some("to")) {
                j += 1;
            }
            if w == "up" {
                j += 1;
            }
            if let Some((amount, used)) = parse_amount(&tokens[j.min(tokens.len())..]) {
                let phrase = tokens[i..j + used].join(" ");
                let constraint = if is_max {
                    Constraint::PriceMax(amount)
                } else {
                    Constraint::PriceMin(amount)
                };
                // "within 7" without "days" is not a price; "from" needs a currency mark.
                let has_currency = tokens[j..j + used].iter().any(|t| {
                    t.contains('₹')
                        || t.to_lowercase().starts_with("rs")
                        || t.to_lowercase().starts_with("inr")
                });
                if !(w == "within" || (w == "from" && !has_currency)) {
                    constraints.push(ParsedConstraint { constraint, phrase });
                    i = j + used;
                    continue;
                }
            }
        }
        if w == "up"
            && next == Some("to")
            && let Some((amount, used)) = parse_amount(&tokens[(i + 2).min(tokens.len())..])
        {
            constraints.push(ParsedConstraint {
                constraint: Constraint::PriceMax(amount),
                phrase: tokens[i..i + 2 + used].join(" "),
            });
            i += 2 + used;
            continue;
        }
        text_tokens.push(tokens[i]);
        i += 1;
    }
    ParsedQuery {
        text: text_tokens.join(" "),
        constraints,
    }
}

/// The query with one constraint's phrase taken out, for a chip's remove link.
pub fn without_phrase(query: &str, phrase: &str) -> String {
    let q: Vec<&str> = query.split_whitespace().collect();
    let p: Vec<&str> = phrase.split_whitespace().collect();
    if p.is_empty() || p.len() > q.len() {
        return q.join(" ");
    }
    for start in 0..=q.len() - p.len() {
        if q[start..start + p.len()] == p[..] {
            let mut out = q[..start].to_vec();
            out.extend_from_slice(&q[start + p.len()..]);
            return out.join(" ");
        }
    }
    q.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_under() {
        let p = parse("mri coil under 5000");
        assert_eq!(p.text, "mri coil");
        assert_eq!(p.constraints[0].constraint, Constraint::PriceMax(5000));
        assert_eq!(p.constraints[0].phrase, "under 5000");
    }

    #[test]
    fn in_stock() {
        let p = parse("ge probe in stock");
        assert_eq!(p.text, "ge probe");
        assert_eq!(p.constraints[0].constraint, Constraint::InStock);
    }

    #[test]
    fn rupee_amount_with_grouping() {
        let p = parse("ventilator flow sensor below ₹2,000");
        assert_eq!(p.text, "ventilator flow sensor");
        assert_eq!(p.constraints[0].constraint, Constraint::PriceMax(2000));
        let p = parse("tube less than Rs. 1,23,456");
        assert_eq!(p.constraints[0].constraint, Constraint::PriceMax(123_456));
        assert_eq!(p.text, "tube");
        let p = parse("coil above 2 lakh");
        assert_eq!(p.constraints[0].constraint, Constraint::PriceMin(200_000));
        let p = parse("cable under 5k");
        assert_eq!(p.constraints[0].constraint, Constraint::PriceMax(5_000));
    }

    #[test]
    fn lead_time_and_warranty() {
        let p = parse("battery ships in 3 days 12 months warranty");
        assert_eq!(p.text, "battery");
        assert_eq!(p.constraints[0].constraint, Constraint::LeadTimeMax(3));
        assert_eq!(p.constraints[1].constraint, Constraint::WarrantyMin(12));
        let p = parse("probe within 7 days");
        assert_eq!(p.constraints[0].constraint, Constraint::LeadTimeMax(7));
    }

    #[test]
    fn plain_words_stay_text() {
        let p = parse("under");
        assert_eq!(p.text, "under");
        assert!(p.constraints.is_empty());
        let p = parse("AB-123/4");
        assert_eq!(p.text, "AB-123/4");
        let p = parse("cable from 2019");
        assert_eq!(p.text, "cable from 2019");
    }

    #[test]
    fn chip_removal() {
        assert_eq!(
            without_phrase("mri coil under 5000", "under 5000"),
            "mri coil"
        );
        assert_eq!(without_phrase("a b", "zzz"), "a b");
    }
}
