//! Mail settings, read once at startup from the `serve` flags.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

/// The sender when `--mail-from` is not given.
pub const DEFAULT_FROM: &str = "partsportal <no-reply@partsportal.local>";

/// Where and how mail goes.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// The From mailbox, "Name <address>" or a bare address.
    pub from: String,
    /// The SMTP server; `None` writes `.eml` files under `<data-dir>/mail/`.
    pub smtp: Option<SmtpConfig>,
}

impl Default for MailConfig {
    fn default() -> Self {
        MailConfig {
            from: DEFAULT_FROM.to_string(),
            smtp: None,
        }
    }
}

/// An SMTP relay.
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    /// Host name; also the name the TLS certificate must carry.
    pub host: String,
    /// Port (587 for STARTTLS submission, 465 for implicit TLS).
    pub port: u16,
    /// How the connection is encrypted.
    pub tls: SmtpTls,
    /// Login name, if the relay wants one.
    pub username: Option<String>,
    /// Password for `username`.
    pub password: Option<Secret>,
}

/// How the SMTP connection is encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SmtpTls {
    /// Plain text: only for a relay on the same host or a test server.
    None,
    /// Connect in plain text, then upgrade with STARTTLS; refuse to go on
    /// if the server cannot.
    #[default]
    Starttls,
    /// TLS from the first byte ("SMTPS", usually port 465).
    Tls,
}

/// A value that must never reach a log: `Debug` prints `[redacted]`, and there
/// is deliberately no `Display`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

// Lets clap parse `--smtp-password` straight into a `Secret`.
impl FromStr for Secret {
    type Err = Infallible;
    fn from_str(s: &str) -> Result<Secret, Infallible> {
        Ok(Secret::new(s))
    }
}
