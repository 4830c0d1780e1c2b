//! Command line: every flag can also be set by a `PARTSPORTAL_*` variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::mail::{DEFAULT_FROM, MailConfig, Secret, SmtpConfig, SmtpTls};

/// partsportal: spare-parts catalog and procurement portal for medical equipment.
#[derive(Debug, Parser)]
#[command(name = "partsportal", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command shares.
#[derive(Args, Clone)]
pub struct Global {
    /// Where the SQLite database, the search index and files live.
    #[arg(
        long,
        env = "PARTSPORTAL_DATA_DIR",
        default_value = "./data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// Database URL: `postgres://…` for PostgreSQL; default is the SQLite file in the data dir.
    #[arg(
        long,
        env = "PARTSPORTAL_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// Log format: text or json.
    #[arg(long, env = "PARTSPORTAL_LOG_FORMAT", default_value = "text", global = true, value_parser = ["text", "json"])]
    pub log_format: String,
}

impl std::fmt::Debug for Global {
    // The database URL may carry a password: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Global")
            .field("data_dir", &self.data_dir)
            .field(
                "database_url",
                &self.database_url.as_ref().map(|_| "[redacted]"),
            )
            .field("log_format", &self.log_format)
            .finish()
    }
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the portal (the default).
    Serve(Serve),
    /// Build a deterministic demo data set into an empty database, then index it.
    Demo {
        /// Number of parts (any size; 1,000,000 for benchmarks).
        #[arg(long, env = "PARTSPORTAL_DEMO_PARTS", default_value_t = 20_000)]
        parts: usize,
    },
    /// Rebuild the search index from the database (stop the server first).
    Reindex,
    /// Run the database migrations.
    Migrate,
    /// Import a seller's catalog spreadsheet (.xlsx, .xlsm, .xlsb, .xls, .ods,
    /// .csv, .tsv), with the same checks and preview as the seller portal.
    Import(Import),
}

/// Options of `import`.
#[derive(Debug, Clone, Args)]
pub struct Import {
    /// The spreadsheet or CSV file.
    pub file: PathBuf,
    /// The selling organization: its id or its name.
    #[arg(long)]
    pub seller: String,
    /// The sheet to read (default: the first with a recognizable header).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Check the file and print the preview; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write the rows with problems and a "Problems" column to this file
    /// (.xlsx, or .csv by its extension).
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// What to update: everything, prices (only) or stock (only).
    #[arg(long, default_value = "everything", value_parser = ["everything", "prices", "stock"])]
    pub scope: String,
    /// Archive the seller's parts that are on no row of the file.
    #[arg(long)]
    pub archive_missing: bool,
    /// Create equipment models the catalog does not know yet.
    #[arg(long)]
    pub create_models: bool,
    /// Milliseconds to pause between written chunks (for the crash test).
    #[arg(
        long,
        env = "PARTSPORTAL_IMPORT_PAUSE_MS",
        default_value_t = 0,
        hide = true
    )]
    pub pause_ms: u64,
}

/// Options of `serve`.
#[derive(Debug, Clone, Args)]
pub struct Serve {
    /// Address to listen on.
    #[arg(long, env = "PARTSPORTAL_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Parts in the demo catalog seeded into an empty database.
    #[arg(long, env = "PARTSPORTAL_DEMO_PARTS", default_value_t = 20_000)]
    pub demo_parts: usize,
    /// Do not seed demo data into an empty database.
    #[arg(long, env = "PARTSPORTAL_NO_DEMO")]
    pub no_demo: bool,
    /// Do not create the demo users (required to listen on a non-loopback
    /// address while demo data is seeded).
    #[arg(long, env = "PARTSPORTAL_NO_DEMO_USERS")]
    pub no_demo_users: bool,
    /// The URL users reach the portal at, for links in mail. Default: from --listen.
    #[arg(long, env = "PARTSPORTAL_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Served over TLS (directly or by a proxy): Secure cookies and HSTS.
    #[arg(long, env = "PARTSPORTAL_TLS")]
    pub tls: bool,
    /// Minutes without a request after which a session ends.
    #[arg(long, env = "PARTSPORTAL_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: u64,
    /// Hours after login after which a session ends, however active.
    #[arg(long, env = "PARTSPORTAL_SESSION_ABSOLUTE_HOURS", default_value_t = 12)]
    pub session_absolute_hours: u64,
    /// SMTP relay for outgoing mail. Without one, mail is written as .eml
    /// files under <data-dir>/mail/.
    #[arg(long, env = "PARTSPORTAL_SMTP_HOST")]
    pub smtp_host: Option<String>,
    /// SMTP port (587 for STARTTLS submission; use 465 with --smtp-tls tls).
    #[arg(long, env = "PARTSPORTAL_SMTP_PORT", default_value_t = 587)]
    pub smtp_port: u16,
    /// How the SMTP connection is encrypted.
    #[arg(long, env = "PARTSPORTAL_SMTP_TLS", value_enum, default_value_t = SmtpTls::Starttls)]
    pub smtp_tls: SmtpTls,
    /// SMTP login name (give --smtp-password with it).
    #[arg(long, env = "PARTSPORTAL_SMTP_USERNAME")]
    pub smtp_username: Option<String>,
    /// SMTP password; prefer the environment variable to the flag.
    #[arg(long, env = "PARTSPORTAL_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<Secret>,
    /// The From of outgoing mail: "Name <address>" or an address.
    #[arg(long, env = "PARTSPORTAL_MAIL_FROM", default_value = DEFAULT_FROM)]
    pub mail_from: String,
}

impl Default for Serve {
    fn default() -> Self {
        Serve {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            demo_parts: 20_000,
            no_demo: false,
            no_demo_users: false,
            public_url: None,
            tls: false,
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            smtp_host: None,
            smtp_port: 587,
            smtp_tls: SmtpTls::Starttls,
            smtp_username: None,
            smtp_password: None,
            mail_from: DEFAULT_FROM.to_string(),
        }
    }
}

impl Serve {
    /// The mail settings these flags describe.
    pub fn mail_config(&self) -> MailConfig {
        MailConfig {
            from: self.mail_from.clone(),
            smtp: self.smtp_host.as_ref().map(|host| SmtpConfig {
                host: host.clone(),
                port: self.smtp_port,
                tls: self.smtp_tls,
                username: self.smtp_username.clone(),
                password: self.smtp_password.clone(),
            }),
        }
    }
}

impl Global {
    /// The database URL in effect.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| crate::db::Db::sqlite_url(&self.data_dir))
    }
}
