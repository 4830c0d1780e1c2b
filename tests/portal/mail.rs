//! Mail: queued in the business transaction, delivered exactly once through a
//! real SMTP server, kept through an outage, never with injected headers.

mod smtp;

use std::path::Path;
use std::time::Duration;

use lettre::message::Mailbox;
use mailparse::{MailAddr, MailHeaderMap, ParsedMail};
use partsportal::db::{Db, mail_outbox};
use partsportal::jobs::mail_sender;
use partsportal::mail::{
    DEFAULT_FROM, MailConfig, MailError, Mailer, OutgoingMail, Secret, SmtpConfig, SmtpTls,
};
use partsportal::views::mail as templates;
use partsportal::{mail_enqueue, on_db};

use crate::helpers::{attrs, engines, spawn_app, texts};
use smtp::SmtpServer;

const RESET_LINK: &str = "http://127.0.0.1:8080/reset-password/tok_abc123";
const INVITE_LINK: &str = "http://127.0.0.1:8080/invitations/tok_def456";
/// Generous: conditions hold in milliseconds; this only bounds a hang.
const DEADLINE: Duration = Duration::from_secs(10);
const ONE_HOUR: Duration = Duration::from_secs(3600);

/// A password-reset mail; the name carries markup that must stay text.
fn reset_mail(key: &str, to: &str) -> OutgoingMail {
    let content = templates::password_reset("Zoë <b>Fernandes</b>", RESET_LINK, ONE_HOUR);
    OutgoingMail::new(key, to, "Zoë Fernandes", content).unwrap()
}

fn smtp_mailer(port: u16) -> Mailer {
    let config = MailConfig {
        smtp: Some(SmtpConfig {
            host: "127.0.0.1".into(),
            port,
            tls: SmtpTls::None,
            username: None,
            password: None,
        }),
        ..MailConfig::default()
    };
    Mailer::from_config(&config, Path::new("not-used-by-smtp")).unwrap()
}

/// Queues `mail` the way a handler does: inside its business transaction,
/// which then commits or rolls back.
async fn enqueue_in_tx(db: &Db, mail: &OutgoingMail, now: i64, commit: bool) -> sqlx::Result<bool> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let queued = {
            let tx = &mut tx;
            mail_enqueue!(tx, mail, now)
        };
        if commit {
            tx.commit().await?;
        } else {
            tx.rollback().await?;
        }
        Ok(queued)
    })
}

async fn row(db: &Db, key: &str) -> mail_outbox::QueuedMail {
    mail_outbox::by_dedup_key(db, key).await.unwrap().unwrap()
}

/// The text and HTML bodies of a multipart/alternative message.
fn alternative_parts(m: &ParsedMail) -> (String, String) {
    assert_eq!(m.ctype.mimetype, "multipart/alternative");
    let types: Vec<&str> = m
        .subparts
        .iter()
        .map(|p| p.ctype.mimetype.as_str())
        .collect();
    // Text first: clients show the last alternative they understand.
    assert_eq!(types, ["text/plain", "text/html"]);
    for part in &m.subparts {
        assert_eq!(part.ctype.charset.to_lowercase(), "utf-8");
    }
    (
        m.subparts[0].get_body().unwrap(),
        m.subparts[1].get_body().unwrap(),
    )
}

fn single_addr(header: &str) -> (Option<String>, String) {
    match &mailparse::addrparse(header).unwrap()[..] {
        [MailAddr::Single(info)] => (info.display_name.clone(), info.addr.clone()),
        other => panic!("one mailbox expected in {header:?}: {other:?}"),
    }
}

#[tokio::test]
async fn a_queued_mail_is_delivered_exactly_once() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let server = SmtpServer::start().await;
        let mailer = smtp_mailer(server.port());
        let mail = reset_mail("reset:user-1:1", "zoe@hospital.example");
        let now = app.clock.now_ms();

        // The same event queued three times: in transactions and outside one.
        assert!(enqueue_in_tx(&app.db, &mail, now, true).await.unwrap());
        assert!(!enqueue_in_tx(&app.db, &mail, now, true).await.unwrap());
        assert!(!mail_outbox::enqueue(&app.db, &mail, now).await.unwrap());
        // A mail queued in a transaction that rolls back never exists.
        let other = reset_mail("reset:user-2:1", "ravi@hospital.example");
        enqueue_in_tx(&app.db, &other, now, false).await.unwrap();
        assert!(
            mail_outbox::by_dedup_key(&app.db, "reset:user-2:1")
                .await
                .unwrap()
                .is_none(),
            "{engine:?}"
        );
        assert_eq!(mail_outbox::pending_count(&app.db).await.unwrap(), 1);

        let sent = mail_sender::send_due(&app.db, &mailer, &app.clock)
            .await
            .unwrap();
        assert_eq!(sent, 1, "{engine:?}");
        let got = server.wait_for(1, DEADLINE).await;
        assert_eq!(got[0].rcpt_to, ["zoe@hospital.example"]);

        // Later passes, however late, send nothing more.
        assert_eq!(
            mail_sender::send_due(&app.db, &mailer, &app.clock)
                .await
                .unwrap(),
            0
        );
        app.clock.advance(ONE_HOUR);
        assert_eq!(
            mail_sender::send_due(&app.db, &mailer, &app.clock)
                .await
                .unwrap(),
            0
        );
        assert_eq!(server.received().len(), 1, "{engine:?}: delivered once");
        let r = row(&app.db, "reset:user-1:1").await;
        assert!(r.sent_at.is_some());
        assert_eq!(r.attempts, 1);
        assert_eq!(mail_outbox::pending_count(&app.db).await.unwrap(), 0);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn mail_waits_through_an_smtp_outage_and_then_arrives_once() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut server = SmtpServer::start().await;
        let mailer = smtp_mailer(server.port());
        server.stop().await;
        let now = app.clock.now_ms();
        let first = reset_mail("reset:user-1:outage", "zoe@hospital.example");
        let second = reset_mail("reset:user-2:outage", "ravi@hospital.example");
        assert!(mail_outbox::enqueue(&app.db, &first, now).await.unwrap());
        assert!(
            mail_outbox::enqueue(&app.db, &second, now + 1)
                .await
                .unwrap()
        );

        // First failed attempt: recorded, retried 5 s later.
        let before = app.clock.now_ms();
        assert_eq!(
            mail_sender::send_due(&app.db, &mailer, &app.clock)
                .await
                .unwrap(),
            0
        );
        let after = app.clock.now_ms();
        let r = row(&app.db, "reset:user-1:outage").await;
        assert_eq!(r.attempts, 1, "{engine:?}");
        assert!(r.sent_at.is_none());
        assert!(!r.last_error.is_empty(), "the error is recorded");
        assert!(
            (before + 5_000..=after + 5_000).contains(&r.next_attempt_at),
            "first retry 5 s later: {} not in {}..={}",
            r.next_attempt_at,
            before + 5_000,
            after + 5_000
        );
        let due_before_retry = mail_outbox::due(&app.db, r.next_attempt_at - 1, 10)
            .await
            .unwrap();
        assert!(
            due_before_retry.iter().all(|m| m.id != r.id),
            "not due before its retry"
        );
        assert_eq!(
            mail_outbox::pending_count(&app.db).await.unwrap(),
            2,
            "none lost"
        );

        // Second failed attempt once due: the wait doubles.
        app.clock.advance(Duration::from_secs(6));
        let before = app.clock.now_ms();
        assert_eq!(
            mail_sender::send_due(&app.db, &mailer, &app.clock)
                .await
                .unwrap(),
            0
        );
        let after = app.clock.now_ms();
        let r = row(&app.db, "reset:user-1:outage").await;
        assert_eq!(r.attempts, 2);
        assert!((before + 10_000..=after + 10_000).contains(&r.next_attempt_at));

        // The server is back; once the retry is due both mails go, oldest
        // first, each exactly once.
        server.restart();
        app.clock.advance(Duration::from_secs(11));
        assert_eq!(
            mail_sender::send_due(&app.db, &mailer, &app.clock)
                .await
                .unwrap(),
            2
        );
        let got = server.wait_for(2, DEADLINE).await;
        assert_eq!(got[0].rcpt_to, ["zoe@hospital.example"]);
        assert_eq!(got[1].rcpt_to, ["ravi@hospital.example"]);
        assert_eq!(
            mail_sender::send_due(&app.db, &mailer, &app.clock)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            server.received().len(),
            2,
            "{engine:?}: each delivered once"
        );
        let r = row(&app.db, "reset:user-1:outage").await;
        assert!(r.sent_at.is_some());
        assert_eq!(r.attempts, 3);
        assert_eq!(mail_outbox::pending_count(&app.db).await.unwrap(), 0);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_sender_job_delivers_after_an_outage_and_stops_on_shutdown() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut server = SmtpServer::start().await;
        let mailer = smtp_mailer(server.port());
        server.stop().await;
        let (stop, stop_rx) = tokio::sync::watch::channel(false);
        let job = tokio::spawn(mail_sender::run(
            app.db.clone(),
            mailer,
            app.clock.clone(),
            app.mail_wakeup.clone(),
            stop_rx,
        ));
        let mail = reset_mail("reset:user-1:job", "zoe@hospital.example");
        assert!(
            mail_outbox::enqueue(&app.db, &mail, app.clock.now_ms())
                .await
                .unwrap()
        );
        app.mail_wakeup.notify_one();
        let attempted = app
            .eventually(DEADLINE, || async {
                row(&app.db, "reset:user-1:job").await.attempts >= 1
            })
            .await;
        assert!(
            attempted,
            "{engine:?}: the job tried while the server was down"
        );

        server.restart();
        app.clock.advance(Duration::from_secs(6));
        app.mail_wakeup.notify_one();
        server.wait_for(1, DEADLINE).await;

        stop.send(true).unwrap();
        tokio::time::timeout(DEADLINE, job)
            .await
            .expect("the job stops on shutdown")
            .unwrap();
        assert_eq!(server.received().len(), 1);
        assert!(row(&app.db, "reset:user-1:job").await.sent_at.is_some());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn header_injection_is_refused_and_nothing_is_queued() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let content = || templates::verify_email("Zoë", "http://127.0.0.1:8080/verify/t", ONE_HOUR);
        let to = "zoe@hospital.example";
        let bcc = "\r\nBcc: everyone@victim.example";

        let r = OutgoingMail::new("k1", to, format!("Zoë{bcc}"), content());
        assert!(
            matches!(r, Err(MailError::ControlCharacter("to_name"))),
            "{r:?}"
        );
        let mut c = content();
        c.subject = format!("Hello{bcc}");
        let r = OutgoingMail::new("k2", to, "Zoë", c);
        assert!(
            matches!(r, Err(MailError::ControlCharacter("subject"))),
            "{r:?}"
        );
        let mut c = content();
        c.subject = "Hello\nBcc: everyone@victim.example".into();
        let r = OutgoingMail::new("k3", to, "Zoë", c);
        assert!(
            matches!(r, Err(MailError::ControlCharacter("subject"))),
            "bare LF: {r:?}"
        );
        let r = OutgoingMail::new("k4", format!("{to}{bcc}"), "Zoë", content());
        assert!(
            matches!(r, Err(MailError::ControlCharacter("to_addr"))),
            "{r:?}"
        );
        let r = OutgoingMail::new("k5\r\n", to, "Zoë", content());
        assert!(
            matches!(r, Err(MailError::ControlCharacter("dedup_key"))),
            "{r:?}"
        );
        let r = OutgoingMail::new("k6", "not an address", "Zoë", content());
        assert!(matches!(r, Err(MailError::InvalidAddress { .. })), "{r:?}");

        // Built past the constructor: queuing and sending check again.
        let mut forged = OutgoingMail::new("k7", to, "Zoë", content()).unwrap();
        forged.subject = format!("Hello{bcc}");
        let now = app.clock.now_ms();
        for err in [
            mail_outbox::enqueue(&app.db, &forged, now)
                .await
                .unwrap_err(),
            enqueue_in_tx(&app.db, &forged, now, true)
                .await
                .unwrap_err(),
        ] {
            let sqlx::Error::Encode(source) = &err else {
                panic!("{engine:?}: {err:?}")
            };
            assert!(matches!(
                source.downcast_ref::<MailError>(),
                Some(MailError::ControlCharacter("subject"))
            ));
        }
        assert_eq!(mail_outbox::pending_count(&app.db).await.unwrap(), 0);
        let memory = Mailer::memory(DEFAULT_FROM.parse::<Mailbox>().unwrap());
        let r = memory.send("0190d7c4-k7", &forged).await;
        assert!(
            matches!(r, Err(MailError::ControlCharacter("subject"))),
            "{r:?}"
        );
        assert!(memory.sent().is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_files_backend_writes_a_parseable_eml_with_text_and_html() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        // No SMTP host: the zero-setup default.
        let mailer = Mailer::from_config(&MailConfig::default(), app.dir.path()).unwrap();
        assert!(matches!(mailer, Mailer::Files { .. }));
        let content = templates::invitation(
            "Anita Rao",
            "Ærø Diagnostics",
            "Buyer",
            INVITE_LINK,
            Duration::from_secs(7 * 86_400),
        );
        let subject = content.subject.clone();
        let mail = OutgoingMail::new("invite:tok-1", "buyer@clinic.example", "", content).unwrap();
        assert!(
            mail_outbox::enqueue(&app.db, &mail, app.clock.now_ms())
                .await
                .unwrap()
        );
        assert_eq!(
            mail_sender::send_due(&app.db, &mailer, &app.clock)
                .await
                .unwrap(),
            1
        );

        let id = row(&app.db, "invite:tok-1").await.id;
        let dir = app.dir.path().join("mail");
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [format!("{id}.eml")],
            "{engine:?}: one file, no temp left"
        );

        let raw = std::fs::read(dir.join(format!("{id}.eml"))).unwrap();
        let parsed = mailparse::parse_mail(&raw).unwrap();
        assert_eq!(parsed.headers.get_first_value("Subject").unwrap(), subject);
        let (from_name, from_addr) = single_addr(&parsed.headers.get_first_value("From").unwrap());
        assert_eq!(from_name.as_deref(), Some("partsportal"));
        assert_eq!(from_addr, "no-reply@partsportal.local");
        let (_, to_addr) = single_addr(&parsed.headers.get_first_value("To").unwrap());
        assert_eq!(to_addr, "buyer@clinic.example");

        let (text, html) = alternative_parts(&parsed);
        assert!(
            text.contains("Anita Rao has invited you to join Ærø Diagnostics"),
            "{text}"
        );
        assert!(
            text.contains(INVITE_LINK) && text.contains("7 days"),
            "{text}"
        );
        let doc = scraper::Html::parse_document(&html);
        assert!(attrs(&doc, "a", "href").iter().all(|h| h == INVITE_LINK));
        assert_eq!(
            texts(&doc, "strong"),
            ["Anita Rao", "Ærø Diagnostics", "Buyer"]
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_delivered_message_has_text_and_html_parts() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let server = SmtpServer::start().await;
        let mailer = smtp_mailer(server.port());
        let mail = reset_mail("reset:user-1:parts", "zoe@hospital.example");
        assert!(
            mail_outbox::enqueue(&app.db, &mail, app.clock.now_ms())
                .await
                .unwrap()
        );
        assert_eq!(
            mail_sender::send_due(&app.db, &mailer, &app.clock)
                .await
                .unwrap(),
            1
        );
        let got = server.wait_for(1, DEADLINE).await;
        assert_eq!(got[0].mail_from, "no-reply@partsportal.local");

        // The raw DATA as the server received it.
        let parsed = mailparse::parse_mail(&got[0].data).unwrap();
        let (to_name, to_addr) = single_addr(&parsed.headers.get_first_value("To").unwrap());
        assert_eq!(to_name.as_deref(), Some("Zoë Fernandes"), "{engine:?}");
        assert_eq!(to_addr, "zoe@hospital.example");
        let id = row(&app.db, "reset:user-1:parts").await.id;
        let message_id = parsed.headers.get_first_value("Message-ID").unwrap();
        assert_eq!(
            message_id,
            format!("<{id}@partsportal.local>"),
            "stable across retries"
        );

        let (text, html) = alternative_parts(&parsed);
        assert!(text.contains(RESET_LINK), "{text}");
        assert!(text.contains("expires in 1 hour"), "{text}");
        assert!(
            text.contains("If you did not ask for this, ignore this mail"),
            "{text}"
        );
        // The name is text in both parts: literal in the plain text,
        // escaped (no <b> element) in the HTML.
        assert!(text.contains("Hello Zoë <b>Fernandes</b>,"), "{text}");
        let doc = scraper::Html::parse_document(&html);
        assert!(
            texts(&doc, "b").is_empty(),
            "user data must not become markup"
        );
        assert!(
            texts(&doc, "p")
                .iter()
                .any(|p| p == "Hello Zoë <b>Fernandes</b>,")
        );
        assert_eq!(attrs(&doc, "a", "href"), [RESET_LINK, RESET_LINK]);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn every_template_carries_its_link_in_both_parts() {
    let link = "http://127.0.0.1:8080/x/tok?a=1&b=2";
    let day = Duration::from_secs(86_400);
    for (content, wants) in [
        (
            templates::verify_email("<i>Ann</i>", link, day),
            vec!["1 day", "<i>Ann</i>"],
        ),
        (
            templates::password_reset("Ann", link, ONE_HOUR),
            vec!["1 hour", "ignore this mail"],
        ),
        (
            templates::invitation("Ann", "<i>Org</i>", "Approver", link, 7 * day),
            vec!["7 days", "Approver", "<i>Org</i>"],
        ),
        (
            templates::seller_approved("Ann", "<i>Org</i>", link),
            vec!["approved as a seller", "<i>Org</i>"],
        ),
    ] {
        let subject = content.subject.clone();
        // Every template builds a valid mail, user data and all.
        OutgoingMail::new("k", "ann@example.com", "Ann", content.clone()).unwrap();
        assert!(content.text.contains(link), "{subject}");
        let doc = scraper::Html::parse_document(&content.html);
        assert_eq!(texts(&doc, "title"), [subject.as_str()]);
        assert!(
            attrs(&doc, "a", "href").iter().any(|h| h == link),
            "{subject}"
        );
        assert!(texts(&doc, "i").is_empty(), "{subject}: user data escaped");
        let body = texts(&doc, "body").join(" ");
        for want in wants {
            assert!(
                content.text.contains(want),
                "{subject}: text lacks {want:?}"
            );
            assert!(body.contains(want), "{subject}: HTML lacks {want:?}");
        }
    }
    assert_eq!(
        templates::human_duration(Duration::from_secs(90)),
        "2 minutes"
    );
    assert_eq!(
        templates::human_duration(Duration::from_secs(2 * 3600)),
        "2 hours"
    );
}

#[tokio::test]
async fn retries_back_off_exponentially_up_to_fifteen_minutes() {
    let secs = |a| mail_sender::retry_delay(a).as_secs();
    assert_eq!(
        (1..=10).map(secs).collect::<Vec<_>>(),
        [5, 10, 20, 40, 80, 160, 320, 640, 900, 900]
    );
    assert_eq!(secs(i32::MAX), 900, "never gives up, never overflows");
}

#[tokio::test]
async fn smtp_settings_build_for_every_tls_mode_and_never_print_the_password() {
    let serve = partsportal::cli::Serve {
        smtp_host: Some("smtp.example.com".into()),
        smtp_username: Some("portal".into()),
        smtp_password: Some(Secret::new("hunter2-secret")),
        ..partsportal::cli::Serve::default()
    };
    assert!(!format!("{serve:?}").contains("hunter2"), "{serve:?}");
    let mut config = serve.mail_config();
    assert!(!format!("{config:?}").contains("hunter2"));
    for tls in [SmtpTls::None, SmtpTls::Starttls, SmtpTls::Tls] {
        config.smtp.as_mut().unwrap().tls = tls;
        let mailer = Mailer::from_config(&config, Path::new("unused")).unwrap();
        assert!(matches!(mailer, Mailer::Smtp { .. }), "{tls:?}");
        assert!(!mailer.describe().contains("hunter2"));
    }
    config.smtp.as_mut().unwrap().password = None;
    assert!(matches!(
        Mailer::from_config(&config, Path::new("unused")),
        Err(MailError::IncompleteCredentials)
    ));
}
