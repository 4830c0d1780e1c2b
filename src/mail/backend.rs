//! The backends behind one `send`: SMTP, `.eml` files, memory.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::{MailConfig, MailError, OutgoingMail, SmtpConfig, SmtpTls};

/// How long one SMTP command may take. The sender's claim on a mail lasts
/// longer than a whole conversation at this pace, so a slow server cannot make
/// two senders deliver the same mail.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// Sends one message. Cheap to clone.
#[derive(Clone, Debug)]
pub enum Mailer {
    /// Through an SMTP relay.
    Smtp {
        /// The connection settings (lettre opens a connection per send).
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// "host:port (tls mode)", for the startup log.
        relay: String,
        /// The From mailbox.
        from: Mailbox,
    },
    /// As `<dir>/<id>.eml` files: the default, so the portal runs with no
    /// set-up and a developer can open the mail it would have sent.
    Files {
        /// Where the files go (`<data-dir>/mail`).
        dir: PathBuf,
        /// The From mailbox.
        from: Mailbox,
    },
    /// Kept in memory, for tests.
    Memory {
        /// Every message sent, oldest first.
        sent: Arc<Mutex<Vec<Message>>>,
        /// The From mailbox.
        from: Mailbox,
    },
}

impl Mailer {
    /// SMTP when a host is configured, else files under `<data_dir>/mail/`.
    /// Fails on a bad sender address or half-given credentials, so a
    /// misconfiguration stops startup instead of the first mail.
    pub fn from_config(config: &MailConfig, data_dir: &Path) -> Result<Mailer, MailError> {
        let from = config
            .from
            .parse::<Mailbox>()
            .map_err(|source| MailError::InvalidAddress {
                field: "--mail-from",
                source,
            })?;
        match &config.smtp {
            Some(smtp) => Ok(Mailer::Smtp {
                transport: smtp_transport(smtp)?,
                relay: format!("{}:{} ({:?})", smtp.host, smtp.port, smtp.tls),
                from,
            }),
            None => Ok(Mailer::Files {
                dir: data_dir.join("mail"),
                from,
            }),
        }
    }

    /// A mailer that keeps what it sends; read it back with [`Mailer::sent`].
    pub fn memory(from: Mailbox) -> Mailer {
        Mailer::Memory {
            sent: Arc::default(),
            from,
        }
    }

    /// One line for the startup log; never includes credentials.
    pub fn describe(&self) -> String {
        match self {
            Mailer::Smtp { relay, .. } => format!("SMTP via {relay}"),
            Mailer::Files { dir, .. } => format!("files in {}", dir.display()),
            Mailer::Memory { .. } => "memory".to_string(),
        }
    }

    /// The messages the memory backend has sent (empty for the others).
    pub fn sent(&self) -> Vec<Message> {
        match self {
            // A panic while holding the lock cannot leave the Vec half-pushed,
            // so a poisoned lock is still safe to read.
            Mailer::Memory { sent, .. } => sent.lock().unwrap_or_else(|e| e.into_inner()).clone(),
            _ => Vec::new(),
        }
    }

    fn from(&self) -> &Mailbox {
        match self {
            Mailer::Smtp { from, .. }
            | Mailer::Files { from, .. }
            | Mailer::Memory { from, .. } => from,
        }
    }

    /// Sends `mail` as a multipart/alternative message (text, then HTML).
    ///
    /// `id` is the outbox row's id. It names the `.eml` file and makes the
    /// Message-ID, so every retry of the same mail carries the same
    /// Message-ID and a receiver can drop the copy if a send succeeded but
    /// could not be recorded.
    pub async fn send(&self, id: &str, mail: &OutgoingMail) -> Result<(), MailError> {
        let message = self.build(id, mail)?;
        match self {
            Mailer::Smtp { transport, .. } => {
                transport.send(message).await?;
            }
            Mailer::Files { dir, .. } => write_eml(dir, id, &message.formatted()).await?,
            Mailer::Memory { sent, .. } => {
                sent.lock().unwrap_or_else(|e| e.into_inner()).push(message)
            }
        }
        Ok(())
    }

    fn build(&self, id: &str, mail: &OutgoingMail) -> Result<Message, MailError> {
        // The id becomes a file name and part of a header: plain tokens only.
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(MailError::InvalidId(id.to_string()));
        }
        let to_addr = mail.recipient()?;
        let to_name = (!mail.to_name.is_empty()).then(|| mail.to_name.clone());
        let from = self.from();
        let message = Message::builder()
            .from(from.clone())
            .to(Mailbox::new(to_name, to_addr))
            .subject(mail.subject.clone())
            .message_id(Some(format!("<{id}@{}>", from.email.domain())))
            .multipart(MultiPart::alternative_plain_html(
                mail.text_body.clone(),
                mail.html_body.clone(),
            ))?;
        Ok(message)
    }
}

fn smtp_transport(c: &SmtpConfig) -> Result<AsyncSmtpTransport<Tokio1Executor>, MailError> {
    let builder = match c.tls {
        SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&c.host),
        SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&c.host)?,
        SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&c.host)?,
    };
    let builder = builder.port(c.port).timeout(Some(SMTP_TIMEOUT));
    let builder = match (&c.username, &c.password) {
        (Some(user), Some(password)) => {
            if c.tls == SmtpTls::None {
                tracing::warn!(
                    host = %c.host,
                    "SMTP credentials will cross the network unencrypted (--smtp-tls none)"
                );
            }
            builder.credentials(Credentials::new(
                user.clone(),
                password.expose().to_string(),
            ))
        }
        (None, None) => builder,
        _ => return Err(MailError::IncompleteCredentials),
    };
    Ok(builder.build())
}

/// Writes the file under a temporary name and renames it, so a reader never
/// sees half a message; a retry of the same id replaces the file.
async fn write_eml(dir: &Path, id: &str, bytes: &[u8]) -> Result<(), MailError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| MailError::Io { path, source }
    };
    tokio::fs::create_dir_all(dir).await.map_err(io(dir))?;
    let tmp = dir.join(format!("{id}.eml.tmp"));
    let path = dir.join(format!("{id}.eml"));
    tokio::fs::write(&tmp, bytes).await.map_err(io(&tmp))?;
    tokio::fs::rename(&tmp, &path).await.map_err(io(&path))?;
    Ok(())
}
