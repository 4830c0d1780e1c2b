//! An organization's address as typed into the address book, checked: the
//! fields an invoice and a courier need, the state that gives the place of
//! supply, and a GSTIN that belongs to that state.

use super::gstin::{Gstin, State};

/// Billing or shipping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Billing,
    Shipping,
}

impl Kind {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Billing => "billing",
            Kind::Shipping => "shipping",
        }
    }

    /// Reads a stored or submitted value.
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "billing" => Some(Kind::Billing),
            "shipping" => Some(Kind::Shipping),
            _ => None,
        }
    }

    /// "Billing address", "Shipping address".
    pub fn label(self) -> &'static str {
        match self {
            Kind::Billing => "Billing address",
            Kind::Shipping => "Shipping address",
        }
    }
}

/// Countries the address book offers, India first, then by name: (code,
/// name). Every country the starter tax table has a rate for is here, so
/// each of those rates can apply to a shipping address.
pub const COUNTRIES: [(&str, &str); 14] = [
    ("IN", "India"),
    ("BD", "Bangladesh"),
    ("FR", "France"),
    ("DE", "Germany"),
    ("IE", "Ireland"),
    ("IT", "Italy"),
    ("NP", "Nepal"),
    ("NL", "Netherlands"),
    ("SG", "Singapore"),
    ("ES", "Spain"),
    ("LK", "Sri Lanka"),
    ("AE", "United Arab Emirates"),
    ("GB", "United Kingdom"),
    ("US", "United States"),
];

/// The form as submitted.
#[derive(Debug, Clone, Default)]
pub struct Raw {
    pub kind: String,
    pub label: String,
    pub contact_name: String,
    pub phone: String,
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub state: String,
    pub postal_code: String,
    pub country: String,
    pub gstin: String,
}

/// A checked address, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub kind: Kind,
    pub label: String,
    pub contact_name: String,
    pub phone: String,
    pub line1: String,
    pub line2: String,
    pub city: String,
    /// The GST state code in India ("27"); a region code elsewhere, or "".
    pub state_code: String,
    pub postal_code: String,
    pub country: String,
    /// Empty when none was given.
    pub gstin: String,
}

/// Checks a submitted address. Errors are (field, message) for the form.
pub fn check(raw: &Raw) -> Result<Address, Vec<(&'static str, String)>> {
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    let mut text = |field: &'static str, value: &str, required: bool, max: usize| -> String {
        let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
        if required && v.is_empty() {
            errors.push((field, "Required.".into()));
        } else if v.chars().count() > max {
            errors.push((field, format!("At most {max} characters.")));
        }
        v
    };
    let label = text("label", &raw.label, false, 60);
    let contact_name = text("contact_name", &raw.contact_name, true, 100);
    let phone = text("phone", &raw.phone, false, 20);
    let line1 = text("line1", &raw.line1, true, 120);
    let line2 = text("line2", &raw.line2, false, 120);
    let city = text("city", &raw.city, true, 60);
    let postal_code = text("postal_code", &raw.postal_code, true, 12);
    if !phone.is_empty()
        && !phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-()".contains(c))
    {
        errors.push((
            "phone",
            "Digits, spaces, + - ( ) only, such as +91 22 4000 1234.".into(),
        ));
    }
    let kind = Kind::parse(&raw.kind);
    if kind.is_none() {
        errors.push(("kind", "Choose billing or shipping.".into()));
    }
    let country = raw.country.trim().to_ascii_uppercase();
    if !COUNTRIES.iter().any(|(c, _)| *c == country) {
        errors.push(("country", "Choose a country from the list.".into()));
    }
    let mut state_code = String::new();
    if country == "IN" {
        match State::find(&raw.state) {
            Some(s) => state_code = s.code_str().to_owned(),
            None if raw.state.trim().is_empty() => {
                errors.push(("state", "Choose the state: it decides the GST.".into()))
            }
            None => errors.push((
                "state",
                format!(
                    "“{}” is not an Indian state or union territory.",
                    raw.state.trim()
                ),
            )),
        }
        if !postal_code.is_empty() && !is_pin(&postal_code) {
            errors.push((
                "postal_code",
                "An Indian PIN code has 6 digits and does not start with 0.".into(),
            ));
        }
    } else {
        let region = raw.state.trim().to_ascii_uppercase();
        if !region.is_empty() && !is_region_code(&region) {
            errors.push((
                "state",
                "Outside India, give the region's code (CA, NY, BY) or leave it empty.".into(),
            ));
        }
        state_code = region;
    }
    let mut gstin = String::new();
    if !raw.gstin.trim().is_empty() {
        if country != "IN" {
            errors.push(("gstin", "A GSTIN is for addresses in India.".into()));
        } else {
            match Gstin::parse(&raw.gstin) {
                Ok(g) => {
                    if !state_code.is_empty() && g.state().code_str() != state_code {
                        errors.push((
                            "gstin",
                            format!(
                                "This GSTIN is registered in {}, not in the state of this address.",
                                g.state().name()
                            ),
                        ));
                    }
                    gstin = g.as_str().to_owned();
                }
                Err(e) => errors.push(("gstin", format!("{}.", capitalized(&e.to_string())))),
            }
        }
    }
    match (kind, errors.is_empty()) {
        (Some(kind), true) => Ok(Address {
            kind,
            label,
            contact_name,
            phone,
            line1,
            line2,
            city,
            state_code,
            postal_code,
            country,
            gstin,
        }),
        _ => Err(errors),
    }
}

/// An Indian PIN code: six digits, the first not 0.
fn is_pin(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) && !code.starts_with('0')
}

/// A region code abroad: up to three letters or digits (CA, NY, BY).
fn is_region_code(code: &str) -> bool {
    code.len() <= 3 && code.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The state's name for a stored address, or the code as stored.
pub fn state_name(country: &str, state_code: &str) -> String {
    if country == "IN" {
        State::find(state_code).map_or_else(|| state_code.to_owned(), |s| s.name().to_owned())
    } else {
        state_code.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> Raw {
        Raw {
            kind: "shipping".into(),
            label: "Main stores".into(),
            contact_name: "  Priya   Nair ".into(),
            phone: "+91 22 4000 1234".into(),
            line1: "Sunrise Hospital, Stores".into(),
            line2: String::new(),
            city: "Mumbai".into(),
            state: "Maharashtra".into(),
            postal_code: "400001".into(),
            country: "IN".into(),
            gstin: "27AAPFU0939F1ZV".into(),
        }
    }

    #[test]
    fn an_indian_address_gets_its_gst_state_code() {
        let a = check(&raw()).unwrap();
        assert_eq!(a.state_code, "27");
        assert_eq!(a.contact_name, "Priya Nair");
        assert_eq!(a.gstin, "27AAPFU0939F1ZV");
        assert_eq!(state_name("IN", "27"), "Maharashtra");
    }

    #[test]
    fn each_field_is_checked_with_a_reason() {
        let bad = Raw {
            kind: "office".into(),
            contact_name: String::new(),
            phone: "call me".into(),
            state: "Atlantis".into(),
            postal_code: "0400".into(),
            gstin: "29AAPFU0939F1ZV".into(),
            ..raw()
        };
        let errors = check(&bad).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            vec![
                "contact_name",
                "phone",
                "kind",
                "state",
                "postal_code",
                "gstin"
            ]
        );
        assert_eq!(
            errors[3].1,
            "“Atlantis” is not an Indian state or union territory."
        );
    }

    #[test]
    fn a_gstin_must_belong_to_the_addresses_state() {
        let other_state = Raw {
            state: "Karnataka".into(),
            ..raw()
        };
        let errors = check(&other_state).unwrap_err();
        assert_eq!(
            errors,
            vec![(
                "gstin",
                "This GSTIN is registered in Maharashtra, not in the state of this address."
                    .to_owned()
            )]
        );
    }

    #[test]
    fn abroad_the_region_is_a_code_and_there_is_no_gstin() {
        let us = Raw {
            country: "US".into(),
            state: "ca".into(),
            postal_code: "94105".into(),
            gstin: String::new(),
            ..raw()
        };
        let a = check(&us).unwrap();
        assert_eq!((a.country.as_str(), a.state_code.as_str()), ("US", "CA"));
        let with_gstin = Raw {
            gstin: "27AAPFU0939F1ZV".into(),
            ..us
        };
        assert_eq!(check(&with_gstin).unwrap_err()[0].0, "gstin");
    }
}
