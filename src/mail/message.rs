//! The mail the portal sends, checked before it is queued or sent.

use lettre::Address;

use super::MailError;

/// Longest dedup key: it is an id the caller builds ("verify:<user id>").
const MAX_KEY: usize = 200;
/// Longest address (RFC 5321's path limit).
const MAX_ADDR: usize = 254;
/// Longest display name or subject; lettre folds longer headers, but nothing
/// we send needs more and a cap keeps a pasted essay out of a header.
const MAX_HEADER_TEXT: usize = 300;

/// What a template renders: the subject and both bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailContent {
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML body, rendered by maud.
    pub html: String,
}

/// A mail to one recipient, as stored in the outbox.
///
/// The fields are public so rows read back from the database can be turned
/// into one; for that reason queuing and sending validate again rather than
/// trusting that [`OutgoingMail::new`] was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    /// Names the event that causes the mail ("verify:<user id>",
    /// "invite:<token hash>"): the outbox keeps one mail per key, so a retried
    /// request or a replayed event cannot send a second one.
    pub dedup_key: String,
    /// The recipient's address.
    pub to_addr: String,
    /// The recipient's display name; may be empty.
    pub to_name: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub text_body: String,
    /// The HTML body.
    pub html_body: String,
}

impl OutgoingMail {
    /// A mail of `content` to `to_name <to_addr>`, refused when a header field
    /// could inject headers or the address does not parse.
    pub fn new(
        dedup_key: impl Into<String>,
        to_addr: impl Into<String>,
        to_name: impl Into<String>,
        content: MailContent,
    ) -> Result<OutgoingMail, MailError> {
        let mail = OutgoingMail {
            dedup_key: dedup_key.into(),
            to_addr: to_addr.into(),
            to_name: to_name.into(),
            subject: content.subject,
            text_body: content.text,
            html_body: content.html,
        };
        mail.validate()?;
        Ok(mail)
    }

    /// Checks every field that ends up in a header (or, for the dedup key, in
    /// a unique index). Bodies are not checked: lettre encodes them, so line
    /// breaks there are content, not structure.
    pub fn validate(&self) -> Result<(), MailError> {
        self.recipient().map(|_| ())
    }

    /// The recipient's address, after checking every header field.
    pub(super) fn recipient(&self) -> Result<Address, MailError> {
        header_text("dedup_key", &self.dedup_key, MAX_KEY)?;
        if self.dedup_key.is_empty() {
            return Err(MailError::Empty("dedup_key"));
        }
        header_text("to_name", &self.to_name, MAX_HEADER_TEXT)?;
        header_text("subject", &self.subject, MAX_HEADER_TEXT)?;
        if self.subject.trim().is_empty() {
            return Err(MailError::Empty("subject"));
        }
        header_text("to_addr", &self.to_addr, MAX_ADDR)?;
        self.to_addr
            .parse::<Address>()
            .map_err(|source| MailError::InvalidAddress {
                field: "to_addr",
                source,
            })
    }
}

/// Refuses control characters (CR and LF above all) and Unicode line and
/// paragraph separators, which some clients also treat as line breaks.
fn header_text(field: &'static str, value: &str, max: usize) -> Result<(), MailError> {
    if value
        .chars()
        .any(|c| c.is_control() || c == '\u{2028}' || c == '\u{2029}')
    {
        return Err(MailError::ControlCharacter(field));
    }
    if value.chars().count() > max {
        return Err(MailError::TooLong { field, max });
    }
    Ok(())
}
