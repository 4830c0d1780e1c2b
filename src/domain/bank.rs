//! A seller's GST registration and bank details as typed on the settings
//! page, checked: buyers pay by bank transfer to these, so a typing mistake
//! costs real money.

use super::gstin::{Gstin, State};

/// The form as submitted.
#[derive(Debug, Clone, Default)]
pub struct Raw {
    pub state: String,
    pub gstin: String,
    pub account_name: String,
    pub account_number: String,
    pub ifsc: String,
    pub swift: String,
    pub bank_name: String,
}

/// Checked settings, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The GST state code ("27"), or "" when not given.
    pub state_code: String,
    pub gstin: String,
    pub account_name: String,
    pub account_number: String,
    pub ifsc: String,
    pub swift: String,
    pub bank_name: String,
}

/// An IFSC: four letters (the bank), a 0, then six letters or digits (the
/// branch), such as SBIN0001234.
pub fn is_ifsc(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 11
        && b[..4].iter().all(u8::is_ascii_uppercase)
        && b[4] == b'0'
        && b[5..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// A SWIFT/BIC code: six letters, two letters or digits, and optionally a
/// three-character branch (DEUTDEFF or DEUTDEFF500).
pub fn is_swift(code: &str) -> bool {
    let b = code.as_bytes();
    (b.len() == 8 || b.len() == 11)
        && b[..6].iter().all(u8::is_ascii_uppercase)
        && b[6..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Checks the settings. Errors are (field, message) for the form. Bank
/// details are all-or-nothing: a name, a number, and an IFSC (Indian
/// accounts) or SWIFT code.
pub fn check(raw: &Raw) -> Result<Settings, Vec<(&'static str, String)>> {
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let upper = |s: &str| {
        s.split_whitespace()
            .collect::<String>()
            .to_ascii_uppercase()
    };
    let mut state_code = String::new();
    if !raw.state.trim().is_empty() {
        match State::find(&raw.state) {
            Some(s) => state_code = s.code_str().to_owned(),
            None => errors.push((
                "state",
                format!(
                    "“{}” is not an Indian state or union territory.",
                    raw.state.trim()
                ),
            )),
        }
    }
    let mut gstin = String::new();
    if !raw.gstin.trim().is_empty() {
        match Gstin::parse(&raw.gstin) {
            Ok(g) if !state_code.is_empty() && g.state().code_str() != state_code => {
                errors.push((
                    "gstin",
                    format!(
                        "This GSTIN is registered in {}; choose that state or check the number.",
                        g.state().name()
                    ),
                ));
            }
            Ok(g) => {
                if state_code.is_empty() {
                    state_code = g.state().code_str().to_owned();
                }
                gstin = g.as_str().to_owned();
            }
            Err(e) => errors.push(("gstin", format!("{e}."))),
        }
    }
    let account_name = fold(&raw.account_name);
    let account_number = upper(&raw.account_number);
    let ifsc = upper(&raw.ifsc);
    let swift = upper(&raw.swift);
    let bank_name = fold(&raw.bank_name);
    let any_bank = [&account_name, &account_number, &ifsc, &swift, &bank_name]
        .iter()
        .any(|s| !s.is_empty());
    if any_bank {
        if account_name.is_empty() {
            errors.push(("account_name", "The name the account is held in.".into()));
        } else if account_name.chars().count() > 100 {
            errors.push(("account_name", "At most 100 characters.".into()));
        }
        if !(6..=34).contains(&account_number.len())
            || !account_number.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            errors.push((
                "account_number",
                "An account number has 6 to 34 letters or digits (Indian accounts 9 to 18 digits)."
                    .into(),
            ));
        }
        if ifsc.is_empty() && swift.is_empty() {
            errors.push((
                "ifsc",
                "Give the IFSC (for transfers within India) or a SWIFT code.".into(),
            ));
        }
        if !ifsc.is_empty() && !is_ifsc(&ifsc) {
            errors.push((
                "ifsc",
                "An IFSC has 11 characters: 4 letters, a 0, then 6 letters or digits, such as SBIN0001234."
                    .into(),
            ));
        }
        if !swift.is_empty() && !is_swift(&swift) {
            errors.push((
                "swift",
                "A SWIFT code has 8 or 11 characters, such as SBININBB or SBININBB104.".into(),
            ));
        }
        if bank_name.is_empty() {
            errors.push((
                "bank_name",
                "The bank's name, with the branch if you like.".into(),
            ));
        } else if bank_name.chars().count() > 100 {
            errors.push(("bank_name", "At most 100 characters.".into()));
        }
    }
    if errors.is_empty() {
        Ok(Settings {
            state_code,
            gstin,
            account_name,
            account_number,
            ifsc,
            swift,
            bank_name,
        })
    } else {
        Err(errors)
    }
}

/// An account number as shown to anyone but the seller's admins: the last
/// four characters only.
pub fn masked(number: &str) -> String {
    let n = number.chars().count();
    if n <= 4 {
        return number.to_owned();
    }
    let tail: String = number.chars().skip(n - 4).collect();
    format!("{}{tail}", "•".repeat(n - 4))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> Raw {
        Raw {
            state: "Maharashtra".into(),
            gstin: "27aapfu0939f1zv".into(),
            account_name: "Apex  Medical Distributors".into(),
            account_number: "0012 3456 7890".into(),
            ifsc: "sbin0001234".into(),
            swift: String::new(),
            bank_name: "State Bank of India, Fort".into(),
        }
    }

    #[test]
    fn good_details_are_normalized() {
        let s = check(&raw()).unwrap();
        assert_eq!(s.state_code, "27");
        assert_eq!(s.gstin, "27AAPFU0939F1ZV");
        assert_eq!(s.account_number, "001234567890");
        assert_eq!(s.ifsc, "SBIN0001234");
        assert_eq!(s.account_name, "Apex Medical Distributors");
        assert_eq!(masked(&s.account_number), "••••••••7890");
    }

    #[test]
    fn each_mistake_is_named_on_its_field() {
        let bad = Raw {
            state: "Karnataka".into(),
            account_name: String::new(),
            account_number: "12-34".into(),
            ifsc: "SBIN1001234".into(),
            swift: "SBININ".into(),
            bank_name: String::new(),
            ..raw()
        };
        let fields: Vec<&str> = check(&bad).unwrap_err().iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            vec![
                "gstin",
                "account_name",
                "account_number",
                "ifsc",
                "swift",
                "bank_name"
            ]
        );
    }

    #[test]
    fn nothing_given_is_fine_and_a_gstin_alone_gives_the_state() {
        let empty = check(&Raw::default()).unwrap();
        assert_eq!(empty.account_number, "");
        let gst_only = check(&Raw {
            gstin: "29AAGCB7383J1Z4".into(),
            ..Raw::default()
        })
        .unwrap();
        assert_eq!(gst_only.state_code, "29");
    }

    #[test]
    fn codes_are_checked_by_shape() {
        assert!(is_ifsc("HDFC0000123"));
        assert!(!is_ifsc("HDFC000012"));
        assert!(is_swift("DEUTDEFF") && is_swift("DEUTDEFF500"));
        assert!(!is_swift("DEUTDE"));
    }
}
