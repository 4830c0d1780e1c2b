//! Outgoing mail: one message type, one sending interface, three backends.
//!
//! Nothing sends mail from a request. A handler renders a template
//! (`views::mail`), builds an [`OutgoingMail`] and queues it with
//! `mail_enqueue!` inside its business transaction; the mail sender job
//! (`jobs::mail_sender`) delivers it through a [`Mailer`] with retries. So a
//! rolled-back transaction sends nothing, a committed one sends exactly one
//! mail per dedup key, and a down SMTP server delays mail without losing it or
//! blocking a request.

mod backend;
mod config;
mod message;

pub use backend::Mailer;
pub use config::{DEFAULT_FROM, MailConfig, Secret, SmtpConfig, SmtpTls};
pub use message::{MailContent, OutgoingMail};

use std::path::PathBuf;

use lettre::transport::smtp::response::{Category, Detail, Severity};

/// Why a mail could not be queued or sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// A header field holds CR, LF or another control character: refused, as
    /// it could smuggle extra headers (Bcc, a second body) into the message.
    #[error("{0} must not contain line breaks or control characters")]
    ControlCharacter(&'static str),
    /// A required field is empty.
    #[error("{0} must not be empty")]
    Empty(&'static str),
    /// A field is longer than a mail header can sensibly carry.
    #[error("{field} is longer than {max} characters")]
    TooLong {
        /// The field.
        field: &'static str,
        /// Its limit.
        max: usize,
    },
    /// Not an email address (`to_addr`, or the configured sender).
    #[error("{field} is not a valid email address")]
    InvalidAddress {
        /// The field.
        field: &'static str,
        /// What the parser said.
        #[source]
        source: lettre::address::AddressError,
    },
    /// The id naming a message (file name, Message-ID) is not a plain token.
    #[error("mail id {0:?} may hold only ASCII letters, digits and '-'")]
    InvalidId(String),
    /// SMTP credentials are half configured.
    #[error("--smtp-username and --smtp-password must be given together")]
    IncompleteCredentials,
    /// lettre refused to assemble the message.
    #[error("building the message")]
    Build(#[from] lettre::error::Error),
    /// The SMTP server could not be reached or refused the message.
    #[error("SMTP delivery failed")]
    Smtp(#[from] lettre::transport::smtp::Error),
    /// The files backend could not write.
    #[error("writing {}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
}

impl MailError {
    /// Whether the backend as a whole is unavailable (SMTP server down,
    /// unreachable, timing out, shutting down; disk not writable), as opposed
    /// to this one message being refused. The sender stops a pass on the
    /// first such error instead of paying a connection timeout per queued mail.
    pub fn is_backend_unavailable(&self) -> bool {
        match self {
            MailError::Smtp(e) => match e.status() {
                // 421: "service not available, closing channel".
                Some(code) => {
                    code.severity == Severity::TransientNegativeCompletion
                        && code.category == Category::Connections
                        && code.detail == Detail::One
                }
                // No reply code: connection, TLS, timeout or protocol trouble.
                None => true,
            },
            MailError::Io { .. } => true,
            _ => false,
        }
    }
}
