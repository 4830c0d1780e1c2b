//! Stock adjustments: set, add or subtract, with a reason; never below zero.
//!
//! The database enforces the floor too (`CHECK (stock >= 0)` and a
//! conditional update); this module says what a seller may ask for and
//! words the refusal.

use std::fmt;

/// Why stock changed by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Goods received.
    Received,
    /// A stock count found a different figure.
    Counted,
    /// Units damaged or expired.
    Damaged,
    /// Units returned by a buyer.
    Returned,
    /// Anything else: a note is required.
    Other,
}

impl Reason {
    /// Every reason, in the order the form offers them.
    pub const ALL: [Reason; 5] = [
        Reason::Received,
        Reason::Counted,
        Reason::Damaged,
        Reason::Returned,
        Reason::Other,
    ];

    /// The stored key.
    pub fn key(self) -> &'static str {
        match self {
            Reason::Received => "received",
            Reason::Counted => "counted",
            Reason::Damaged => "damaged",
            Reason::Returned => "returned",
            Reason::Other => "other",
        }
    }

    /// What the pages call it.
    pub fn label(self) -> &'static str {
        match self {
            Reason::Received => "Goods received",
            Reason::Counted => "Stock count",
            Reason::Damaged => "Damaged or expired",
            Reason::Returned => "Returned by a buyer",
            Reason::Other => "Other (say why)",
        }
    }

    /// The reason whose [`Reason::key`] is `key`.
    pub fn from_key(key: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// The longest note kept, in characters.
pub const MAX_NOTE_CHARS: usize = 200;

/// The text stored in `stock_history.reason`: the key, then the note when
/// there is one (`damaged: water in the carton`). [`describe`] reads it back.
pub fn reason_text(reason: Reason, note: &str) -> String {
    let note = note.trim();
    if note.is_empty() {
        reason.key().to_owned()
    } else {
        format!("{}: {note}", reason.key())
    }
}

/// A stored reason as the history table shows it: `Damaged or expired —
/// water in the carton`. Texts written by other sources (imports, orders,
/// the initial stock) are shown as they are.
pub fn describe(stored: &str) -> String {
    let (key, note) = stored.split_once(": ").unwrap_or((stored, ""));
    match Reason::from_key(key) {
        Some(Reason::Other) if !note.is_empty() => note.to_owned(),
        Some(r) if note.is_empty() => r.label().to_owned(),
        Some(r) => format!("{} — {note}", r.label()),
        None => stored.to_owned(),
    }
}

/// What the seller asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The stock is now this.
    Set(i64),
    /// This many more.
    Add(i64),
    /// This many fewer.
    Subtract(i64),
}

/// Why an adjustment was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The result would be below zero: `have` units, asked to remove `take`.
    BelowZero { have: i64, take: i64 },
    /// The quantity is negative (the direction is chosen separately).
    Negative,
    /// Adding or subtracting nothing.
    Nothing,
    /// The result does not fit the stored integer.
    TooLarge,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::BelowZero { have, take } => write!(
                f,
                "only {have} in stock: subtracting {take} would go below zero"
            ),
            Refused::Negative => f.write_str("expected a quantity of 0 or more"),
            Refused::Nothing => f.write_str("adding or subtracting 0 changes nothing"),
            Refused::TooLarge => f.write_str("the new stock would be too large to store"),
        }
    }
}

impl Change {
    /// The stock after the change, from `old`.
    pub fn apply(self, old: i64) -> Result<i64, Refused> {
        match self {
            Change::Set(n) if n < 0 => Err(Refused::Negative),
            Change::Set(n) => Ok(n),
            Change::Add(n) | Change::Subtract(n) if n < 0 => Err(Refused::Negative),
            Change::Add(0) | Change::Subtract(0) => Err(Refused::Nothing),
            Change::Add(n) => old.checked_add(n).ok_or(Refused::TooLarge),
            Change::Subtract(n) if n > old => Err(Refused::BelowZero { have: old, take: n }),
            Change::Subtract(n) => Ok(old - n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_apply_and_never_go_below_zero() {
        assert_eq!(Change::Set(7).apply(3), Ok(7));
        assert_eq!(Change::Set(0).apply(3), Ok(0));
        assert_eq!(Change::Add(5).apply(3), Ok(8));
        assert_eq!(Change::Subtract(3).apply(3), Ok(0));
        assert_eq!(
            Change::Subtract(4).apply(3),
            Err(Refused::BelowZero { have: 3, take: 4 })
        );
        assert_eq!(Change::Set(-1).apply(3), Err(Refused::Negative));
        assert_eq!(Change::Add(-1).apply(3), Err(Refused::Negative));
        assert_eq!(Change::Add(0).apply(3), Err(Refused::Nothing));
        assert_eq!(Change::Add(i64::MAX).apply(1), Err(Refused::TooLarge));
    }

    #[test]
    fn reasons_round_trip_through_the_stored_text() {
        assert_eq!(reason_text(Reason::Received, "  "), "received");
        assert_eq!(describe("received"), "Goods received");
        let t = reason_text(Reason::Damaged, " water in the carton ");
        assert_eq!(t, "damaged: water in the carton");
        assert_eq!(describe(&t), "Damaged or expired — water in the carton");
        assert_eq!(describe("other: audit by ops"), "audit by ops");
        assert_eq!(describe("Initial stock"), "Initial stock");
        assert_eq!(Reason::from_key("returned"), Some(Reason::Returned));
        assert_eq!(Reason::from_key("stolen"), None);
    }
}
