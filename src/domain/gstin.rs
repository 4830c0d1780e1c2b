//! Indian states and union territories by GST state code, and the GSTIN.
//!
//! A GSTIN (GST identification number) has 15 characters:
//!
//! | positions | meaning                                                  |
//! |-----------|----------------------------------------------------------|
//! | 1–2       | GST state code of the registration (`27` Maharashtra)    |
//! | 3–12      | the holder's PAN: 5 letters, 4 digits, 1 letter          |
//! | 13        | registration number for this PAN in the state, `1`–`9` then `A`–`Z` |
//! | 14        | `Z` in every GSTIN issued so far                         |
//! | 15        | check character over positions 1–14                      |
//!
//! The check character is the mod-36 variant of the Luhn algorithm used by
//! the GST network: map each of the first 14 characters to its index in
//! `0-9A-Z`, multiply alternately by 1 and 2 (starting with 1 at the left),
//! add the quotient and the remainder of each product divided by 36, and the
//! check value is `(36 − sum mod 36) mod 36`. It catches every single-character
//! typo and most swaps of neighbours, which is why a wrong one is reported as
//! a typing mistake.
//!
//! Only the regular (PAN-based) format is accepted. UINs of embassies and UN
//! bodies, TDS/TCS registrations and non-resident OIDAR numbers (state code
//! 99) have other layouts and are refused.

use std::fmt;

/// One row of the official GST state code list.
#[derive(Debug, PartialEq, Eq)]
struct Entry {
    code: u8,
    code_str: &'static str,
    name: &'static str,
    /// Union territories without a legislature levy UTGST where a state
    /// levies SGST (CGST Act s. 2(114), UTGST Act).
    utgst: bool,
    /// Other spellings, already normalized (see [`normalize`]).
    aliases: &'static [&'static str],
}

const fn entry(
    code: u8,
    code_str: &'static str,
    name: &'static str,
    utgst: bool,
    aliases: &'static [&'static str],
) -> Entry {
    Entry {
        code,
        code_str,
        name,
        utgst,
        aliases,
    }
}

/// The GST state code list in code order. Codes 25 and 28 are retired (see
/// [`RETIRED`]) and 99 ("Centre Jurisdiction") is not a place, so none of
/// them is a [`State`].
static STATES: [Entry; 37] = [
    entry(1, "01", "Jammu and Kashmir", false, &["jk", "jandk"]),
    entry(2, "02", "Himachal Pradesh", false, &[]),
    entry(3, "03", "Punjab", false, &[]),
    entry(4, "04", "Chandigarh", true, &[]),
    entry(5, "05", "Uttarakhand", false, &["uttaranchal"]),
    entry(6, "06", "Haryana", false, &[]),
    entry(
        7,
        "07",
        "Delhi",
        false,
        &[
            "nctofdelhi",
            "nctdelhi",
            "delhinct",
            "newdelhi",
            "nationalcapitalterritoryofdelhi",
        ],
    ),
    entry(8, "08", "Rajasthan", false, &[]),
    entry(9, "09", "Uttar Pradesh", false, &[]),
    entry(10, "10", "Bihar", false, &[]),
    entry(11, "11", "Sikkim", false, &[]),
    entry(12, "12", "Arunachal Pradesh", false, &[]),
    entry(13, "13", "Nagaland", false, &[]),
    entry(14, "14", "Manipur", false, &[]),
    entry(15, "15", "Mizoram", false, &[]),
    entry(16, "16", "Tripura", false, &[]),
    entry(17, "17", "Meghalaya", false, &[]),
    entry(18, "18", "Assam", false, &[]),
    entry(19, "19", "West Bengal", false, &[]),
    entry(20, "20", "Jharkhand", false, &[]),
    entry(21, "21", "Odisha", false, &["orissa"]),
    entry(
        22,
        "22",
        "Chhattisgarh",
        false,
        &["chattisgarh", "chhatisgarh"],
    ),
    entry(23, "23", "Madhya Pradesh", false, &[]),
    entry(24, "24", "Gujarat", false, &[]),
    entry(
        26,
        "26",
        "Dadra and Nagar Haveli and Daman and Diu",
        true,
        &["dadraandnagarhaveli", "damananddiu", "dnhdd", "dnhanddd"],
    ),
    entry(27, "27", "Maharashtra", false, &[]),
    entry(29, "29", "Karnataka", false, &[]),
    entry(30, "30", "Goa", false, &[]),
    entry(31, "31", "Lakshadweep", true, &[]),
    entry(32, "32", "Kerala", false, &[]),
    entry(33, "33", "Tamil Nadu", false, &[]),
    entry(34, "34", "Puducherry", false, &["pondicherry"]),
    entry(
        35,
        "35",
        "Andaman and Nicobar Islands",
        true,
        &["andamanandnicobar", "aandnislands"],
    ),
    entry(36, "36", "Telangana", false, &["telengana"]),
    entry(37, "37", "Andhra Pradesh", false, &[]),
    entry(38, "38", "Ladakh", true, &[]),
    entry(97, "97", "Other Territory", true, &[]),
];

/// Codes on the official list that no current registration uses, with what
/// replaced them; a person typing an old number gets told why.
const RETIRED: &[(u8, &str)] = &[
    (
        25,
        "25 was the state code of Daman and Diu until 2020; GSTINs there now start with 26",
    ),
    (
        28,
        "28 was the state code of undivided Andhra Pradesh; GSTINs in Andhra Pradesh start with 37, in Telangana with 36",
    ),
];

/// An Indian state or union territory, identified by its GST state code.
///
/// Store it as [`State::code`] (or [`State::code_str`] in text columns) and
/// read it back with [`State::from_code`].
#[derive(Clone, Copy)]
pub struct State(&'static Entry);

impl State {
    /// The state with GST code `code` (`27` → Maharashtra), if it is one.
    pub fn from_code(code: u8) -> Option<State> {
        STATES.iter().find(|e| e.code == code).map(State)
    }

    /// The state named `name`, ignoring case, spaces, punctuation and "&" for
    /// "and", and knowing common other spellings: "NCT of Delhi",
    /// "Orissa", "Pondicherry", "Uttaranchal".
    pub fn from_name(name: &str) -> Option<State> {
        let key = normalize(name);
        if key.is_empty() {
            return None;
        }
        STATES
            .iter()
            .find(|e| normalize(e.name) == key || e.aliases.contains(&key.as_str()))
            .map(State)
    }

    /// What an address form holds: a GST code ("27", "7") or a name.
    pub fn find(text: &str) -> Option<State> {
        let text = text.trim();
        if !text.is_empty() && text.len() <= 2 && text.bytes().all(|b| b.is_ascii_digit()) {
            return text.parse().ok().and_then(State::from_code);
        }
        State::from_name(text)
    }

    /// Every state and union territory, in code order (for select lists).
    pub fn all() -> impl Iterator<Item = State> {
        STATES.iter().map(State)
    }

    /// The GST state code, such as 27.
    pub fn code(self) -> u8 {
        self.0.code
    }

    /// The code as printed on invoices and in GSTINs: "07", "27".
    pub fn code_str(self) -> &'static str {
        self.0.code_str
    }

    /// The official name, such as "Tamil Nadu".
    pub fn name(self) -> &'static str {
        self.0.name
    }

    /// Whether supplies within it carry UTGST instead of SGST: union
    /// territories without a legislature (Chandigarh, Ladakh, …).
    pub fn levies_utgst(self) -> bool {
        self.0.utgst
    }
}

// Identity is the code alone; the reference is an implementation detail.
impl PartialEq for State {
    fn eq(&self, other: &State) -> bool {
        self.code() == other.code()
    }
}

impl Eq for State {}

impl std::hash::Hash for State {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.code().hash(state);
    }
}

impl fmt::Debug for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "State({} {})", self.code_str(), self.name())
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Lowercase ASCII letters and digits only, "&" read as "and", so that
/// "Jammu & Kashmir", "jammu and kashmir" and "JAMMU-AND-KASHMIR" agree.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '&' {
            out.push_str("and");
        } else if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// Why typed text is not a GSTIN. The messages are for the person who typed
/// it; positions count from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GstinError {
    /// Nothing was typed.
    Empty,
    /// A character other than A–Z or 0–9.
    BadCharacter {
        /// Where it is, from 1.
        position: usize,
        /// What it is.
        found: char,
    },
    /// Not 15 characters long; holds the length typed.
    WrongLength(usize),
    /// The first two characters are not digits; holds them.
    StateNotDigits(String),
    /// Two digits that are not a state code; holds them.
    UnknownState(String),
    /// A state code that was valid once (25, 28); holds the explanation.
    RetiredState(&'static str),
    /// Positions 3–12 are not shaped like a PAN.
    Pan {
        /// The first position that is wrong, from 1.
        position: usize,
        /// Whether a letter was due there (else a digit).
        letter_expected: bool,
        /// What is there.
        found: char,
    },
    /// Position 13 is 0; numbering starts at 1.
    EntityNumberZero,
    /// Position 14 is not Z; holds what is there.
    NotZ(char),
    /// The check character does not match the other 14.
    CheckCharacter {
        /// What positions 1–14 call for.
        expected: char,
        /// What was typed.
        found: char,
    },
}

impl fmt::Display for GstinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GstinError::Empty => f.write_str("enter a GSTIN, such as 27AAPFU0939F1ZV"),
            GstinError::BadCharacter { position, found } => {
                if found.is_whitespace() {
                    write!(
                        f,
                        "character {position} is a space; a GSTIN has only letters and digits"
                    )
                } else {
                    write!(
                        f,
                        "character {position} is '{found}'; a GSTIN has only letters and digits"
                    )
                }
            }
            GstinError::WrongLength(n) => {
                write!(f, "a GSTIN has 15 characters; this has {n}")
            }
            GstinError::StateNotDigits(s) => write!(
                f,
                "a GSTIN starts with the two-digit state code, such as 27 for Maharashtra; this starts with {s}"
            ),
            GstinError::UnknownState(s) => write!(f, "{s} is not a GST state code"),
            GstinError::RetiredState(why) => f.write_str(why),
            GstinError::Pan {
                position,
                letter_expected,
                found,
            } => write!(
                f,
                "character {position} should be a {}, not '{found}': characters 3 to 12 are the PAN, 5 letters, 4 digits and a letter",
                if *letter_expected { "letter" } else { "digit" }
            ),
            GstinError::EntityNumberZero => f.write_str(
                "character 13 counts registrations under the same PAN and starts at 1, not 0",
            ),
            GstinError::NotZ(c) => {
                write!(f, "character 14 is Z in every GSTIN, not '{c}'")
            }
            GstinError::CheckCharacter { expected, found } => write!(
                f,
                "the last character should be {expected}, not {found}: check for a typing mistake"
            ),
        }
    }
}

impl std::error::Error for GstinError {}

/// The characters of a GSTIN in the order the check algorithm numbers them.
const ALPHABET: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// A GSTIN that passed every check; code past the boundary trusts it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Gstin {
    text: String,
    state: State,
}

impl Gstin {
    /// Reads what a person typed: surrounding spaces are dropped and letters
    /// uppercased, then format, state code and check character are verified.
    pub fn parse(text: &str) -> Result<Gstin, GstinError> {
        let text = text.trim().to_ascii_uppercase();
        if text.is_empty() {
            return Err(GstinError::Empty);
        }
        // Characters first: "27 AAPFU…" is better told "a space" than
        // "16 characters".
        if let Some((i, c)) = text
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii_alphanumeric())
        {
            return Err(GstinError::BadCharacter {
                position: i + 1,
                found: c,
            });
        }
        // All ASCII from here, so bytes are characters.
        let b = text.as_bytes();
        if b.len() != 15 {
            return Err(GstinError::WrongLength(b.len()));
        }
        let code_text = &text[..2];
        if !b[..2].iter().all(u8::is_ascii_digit) {
            return Err(GstinError::StateNotDigits(code_text.to_owned()));
        }
        let code = (b[0] - b'0') * 10 + (b[1] - b'0');
        if let Some((_, why)) = RETIRED.iter().find(|(c, _)| *c == code) {
            return Err(GstinError::RetiredState(why));
        }
        let state =
            State::from_code(code).ok_or_else(|| GstinError::UnknownState(code_text.to_owned()))?;
        for (i, &c) in b.iter().enumerate().take(12).skip(2) {
            // PAN: positions 3–7 letters, 8–11 digits, 12 a letter.
            let letter_expected = !(7..=10).contains(&i);
            let ok = if letter_expected {
                c.is_ascii_uppercase()
            } else {
                c.is_ascii_digit()
            };
            if !ok {
                return Err(GstinError::Pan {
                    position: i + 1,
                    letter_expected,
                    found: char::from(c),
                });
            }
        }
        if b[12] == b'0' {
            return Err(GstinError::EntityNumberZero);
        }
        if b[13] != b'Z' {
            return Err(GstinError::NotZ(char::from(b[13])));
        }
        let expected = check_character(&b[..14]);
        if b[14] != expected {
            return Err(GstinError::CheckCharacter {
                expected: char::from(expected),
                found: char::from(b[14]),
            });
        }
        Ok(Gstin { text, state })
    }

    /// The 15 characters, uppercase.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The state or union territory the registration is in.
    pub fn state(&self) -> State {
        self.state
    }

    /// The holder's PAN (positions 3–12).
    pub fn pan(&self) -> &str {
        &self.text[2..12]
    }
}

impl fmt::Display for Gstin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Completes a GSTIN from its first 14 characters (state code, PAN, entity
/// number, "Z") by appending the check character; `None` if they are not
/// 14 characters of the GSTIN alphabet. For demo data and tests.
pub fn with_check_character(first14: &str) -> Option<String> {
    let b = first14.as_bytes();
    if b.len() != 14
        || !b
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
    {
        return None;
    }
    Some(format!("{first14}{}", char::from(check_character(b))))
}

/// The check character for the first 14 characters, which must be in
/// [`ALPHABET`] (the caller has verified that).
fn check_character(first14: &[u8]) -> u8 {
    let sum: usize = first14
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let value = ALPHABET.iter().position(|a| a == c).unwrap_or(0);
            let product = value * if i % 2 == 0 { 1 } else { 2 };
            product / 36 + product % 36
        })
        .sum();
    ALPHABET[(36 - sum % 36) % 36]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published algorithm written out separately from the module's, so
    /// a slip in one is not repeated in the test: weights 1,2,1,2,… from the
    /// left, digit sum in base 36, complement to 36.
    fn reference_check(first14: &str) -> char {
        const A: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        let mut total = 0u32;
        for (i, ch) in first14.chars().enumerate() {
            let v = A.find(ch).unwrap() as u32;
            let weighted = if i % 2 == 1 { v * 2 } else { v };
            total += weighted / 36 + weighted % 36;
        }
        let check = (36 - total % 36) % 36;
        A.chars().nth(check as usize).unwrap()
    }

    fn with_check(first14: &str) -> String {
        format!("{first14}{}", reference_check(first14))
    }

    #[test]
    fn accepts_published_gstins() {
        // Widely cited examples; each also agrees with the reference check.
        for (gstin, state, pan) in [
            ("27AAPFU0939F1ZV", "Maharashtra", "AAPFU0939F"),
            ("29AAGCB7383J1Z4", "Karnataka", "AAGCB7383J"),
            // Reliance Industries, Maharashtra.
            ("27AAACR5055K1Z7", "Maharashtra", "AAACR5055K"),
            ("18AABCU9603R1ZM", "Assam", "AABCU9603R"),
        ] {
            let g = Gstin::parse(gstin).unwrap();
            assert_eq!(g.as_str(), gstin);
            assert_eq!(g.state().name(), state);
            assert_eq!(g.pan(), pan);
            assert_eq!(reference_check(&gstin[..14]).to_string(), &gstin[14..]);
        }
    }

    #[test]
    fn accepts_generated_gstins_in_every_state() {
        for (state, entity) in
            State::all().zip("123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ1".chars().cycle())
        {
            let text = with_check(&format!("{}BZAHM6385P{entity}Z", state.code_str()));
            let g = Gstin::parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(g.state(), state);
            assert_eq!(g.to_string(), text);
        }
    }

    #[test]
    fn trims_and_uppercases() {
        let g = Gstin::parse("  27aapfu0939f1zv\n").unwrap();
        assert_eq!(g.as_str(), "27AAPFU0939F1ZV");
    }

    #[test]
    fn explains_each_mistake() {
        let cases: &[(&str, GstinError, &str)] = &[
            (
                "   ",
                GstinError::Empty,
                "enter a GSTIN, such as 27AAPFU0939F1ZV",
            ),
            (
                "27AAPFU0939F1Z",
                GstinError::WrongLength(14),
                "a GSTIN has 15 characters; this has 14",
            ),
            (
                "27AAPFU0939F1ZVX",
                GstinError::WrongLength(16),
                "a GSTIN has 15 characters; this has 16",
            ),
            (
                "27 AAPFU0939F1ZV",
                GstinError::BadCharacter {
                    position: 3,
                    found: ' ',
                },
                "character 3 is a space; a GSTIN has only letters and digits",
            ),
            (
                "27AAPFU-0939F1ZV",
                GstinError::BadCharacter {
                    position: 8,
                    found: '-',
                },
                "character 8 is '-'; a GSTIN has only letters and digits",
            ),
            (
                "2AAAPFU0939F1ZV",
                GstinError::StateNotDigits("2A".into()),
                "a GSTIN starts with the two-digit state code, such as 27 for Maharashtra; this starts with 2A",
            ),
            (
                "40AAPFU0939F1ZV",
                GstinError::UnknownState("40".into()),
                "40 is not a GST state code",
            ),
            (
                "00AAPFU0939F1ZV",
                GstinError::UnknownState("00".into()),
                "00 is not a GST state code",
            ),
            (
                "99AAPFU0939F1ZV",
                GstinError::UnknownState("99".into()),
                "99 is not a GST state code",
            ),
            (
                "27AAP1U0939F1ZV",
                GstinError::Pan {
                    position: 6,
                    letter_expected: true,
                    found: '1',
                },
                "character 6 should be a letter, not '1': characters 3 to 12 are the PAN, 5 letters, 4 digits and a letter",
            ),
            (
                "27AAPFUO939F1ZV",
                GstinError::Pan {
                    position: 8,
                    letter_expected: false,
                    found: 'O',
                },
                "character 8 should be a digit, not 'O': characters 3 to 12 are the PAN, 5 letters, 4 digits and a letter",
            ),
            (
                "27AAPFU093991ZV",
                GstinError::Pan {
                    position: 12,
                    letter_expected: true,
                    found: '9',
                },
                "character 12 should be a letter, not '9': characters 3 to 12 are the PAN, 5 letters, 4 digits and a letter",
            ),
            (
                "27AAPFU0939F0ZV",
                GstinError::EntityNumberZero,
                "character 13 counts registrations under the same PAN and starts at 1, not 0",
            ),
            (
                "27AAPFU0939F1AV",
                GstinError::NotZ('A'),
                "character 14 is Z in every GSTIN, not 'A'",
            ),
            (
                "27AAPFU0939F1Z5",
                GstinError::CheckCharacter {
                    expected: 'V',
                    found: '5',
                },
                "the last character should be V, not 5: check for a typing mistake",
            ),
        ];
        for (text, error, message) in cases {
            assert_eq!(Gstin::parse(text).as_ref(), Err(error), "{text}");
            assert_eq!(error.to_string(), *message);
        }
    }

    #[test]
    fn check_character_catches_a_typo_anywhere() {
        // One changed digit of the PAN, everything else as published.
        let typo = "27AAPFU0839F1ZV";
        let expected = reference_check(&typo[..14]);
        assert_ne!(expected, 'V');
        assert_eq!(
            Gstin::parse(typo),
            Err(GstinError::CheckCharacter {
                expected,
                found: 'V'
            })
        );
        // Neighbours swapped (characters 4 and 5).
        assert!(matches!(
            Gstin::parse("27APAFU0939F1ZV"),
            Err(GstinError::CheckCharacter { found: 'V', .. })
        ));
    }

    #[test]
    fn explains_retired_state_codes() {
        let daman = with_check("25AAPFU0939F1Z");
        assert_eq!(
            Gstin::parse(&daman).unwrap_err().to_string(),
            "25 was the state code of Daman and Diu until 2020; GSTINs there now start with 26"
        );
        let old_ap = with_check("28AAPFU0939F1Z");
        assert!(matches!(
            Gstin::parse(&old_ap),
            Err(GstinError::RetiredState(why)) if why.contains("start with 37")
        ));
    }

    #[test]
    fn finds_states_by_code_and_name() {
        let name = |code: u8| State::from_code(code).map(State::name);
        assert_eq!(name(1), Some("Jammu and Kashmir"));
        assert_eq!(name(27), Some("Maharashtra"));
        assert_eq!(name(37), Some("Andhra Pradesh"));
        assert_eq!(name(38), Some("Ladakh"));
        assert_eq!(name(97), Some("Other Territory"));
        for retired_or_unknown in [0, 25, 28, 39, 96, 99] {
            assert_eq!(name(retired_or_unknown), None);
        }
        assert_eq!(State::all().count(), 37);

        let code = |text: &str| State::find(text).map(State::code);
        for (text, expected) in [
            ("Delhi", 7),
            ("NCT of Delhi", 7),
            ("new delhi", 7),
            ("Orissa", 21),
            ("ODISHA", 21),
            ("Pondicherry", 34),
            ("Puducherry", 34),
            ("Jammu & Kashmir", 1),
            ("tamilnadu", 33),
            ("Tamil Nadu", 33),
            ("Uttaranchal", 5),
            ("Daman and Diu", 26),
            ("Dadra & Nagar Haveli and Daman & Diu", 26),
            ("Andaman & Nicobar Islands", 35),
            ("Telangana", 36),
            ("27", 27),
            ("7", 7),
            (" 07 ", 7),
        ] {
            assert_eq!(code(text), Some(expected), "{text}");
        }
        for unknown in ["", "Bombay", "Andhra", "25", "99", "123", "Deli"] {
            assert_eq!(code(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn names_round_trip_and_codes_are_unique() {
        for s in State::all() {
            assert_eq!(State::from_name(s.name()), Some(s));
            assert_eq!(State::from_code(s.code()), Some(s));
            assert_eq!(s.code_str(), format!("{:02}", s.code()));
        }
        let mut codes: Vec<u8> = State::all().map(State::code).collect();
        codes.dedup();
        assert_eq!(codes.len(), 37);
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn marks_union_territories_that_levy_utgst() {
        let utgst: Vec<&str> = State::all()
            .filter(|s| s.levies_utgst())
            .map(State::name)
            .collect();
        assert_eq!(
            utgst,
            [
                "Chandigarh",
                "Dadra and Nagar Haveli and Daman and Diu",
                "Lakshadweep",
                "Andaman and Nicobar Islands",
                "Ladakh",
                "Other Territory"
            ]
        );
        // Union territories with a legislature levy SGST like a state.
        for with_legislature in [1, 7, 34] {
            assert!(!State::from_code(with_legislature).unwrap().levies_utgst());
        }
    }
}
