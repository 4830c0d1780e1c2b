//! Mail bodies: each template returns the subject, a plain-text body and an
//! HTML body, ready for `OutgoingMail::new`.
//!
//! The HTML uses inline styles: mail clients drop style sheets, and this HTML
//! is not served under our content security policy. User data (names,
//! organizations) goes through maud's escaping like everywhere else; the
//! plain-text body is not HTML, so it is built with `format!`.

use std::time::Duration;

use maud::{DOCTYPE, Markup, html};

use crate::mail::MailContent;

const BLUE: &str = "#0b5cad";
const TEXT: &str = "#1b2430";
const MUTED: &str = "#5a6675";

/// "Confirm your email address": `link` confirms it, for `valid_for`.
pub fn verify_email(name: &str, link: &str, valid_for: Duration) -> MailContent {
    let valid = human_duration(valid_for);
    let subject = "Confirm your email address for partsportal".to_string();
    let text = format!(
        "{greeting}\n\n\
         Please confirm your email address by opening this link:\n\n\
         {link}\n\n\
         The link works for {valid}. If you did not create a partsportal \
         account, ignore this mail and nothing will happen.\n{FOOTER_TEXT}",
        greeting = greeting(name),
    );
    let html = layout(
        &subject,
        html! {
            p { (greeting(name)) }
            p { "Please confirm your email address to finish setting up your partsportal account." }
            (button(link, "Confirm email address"))
            p style=(small()) { "The link works for " (valid) ". If you did not create a partsportal account, ignore this mail and nothing will happen." }
            (link_fallback(link))
        },
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// "Reset your password": `link` lets the user choose a new password, once,
/// within `valid_for`.
pub fn password_reset(name: &str, link: &str, valid_for: Duration) -> MailContent {
    let valid = human_duration(valid_for);
    let subject = "Reset your partsportal password".to_string();
    let text = format!(
        "{greeting}\n\n\
         Someone asked to reset the password of your partsportal account. \
         To choose a new password, open this link:\n\n\
         {link}\n\n\
         The link expires in {valid} and works once.\n\n\
         If you did not ask for this, ignore this mail: your password stays \
         as it is.\n{FOOTER_TEXT}",
        greeting = greeting(name),
    );
    let html = layout(
        &subject,
        html! {
            p { (greeting(name)) }
            p { "Someone asked to reset the password of your partsportal account. To choose a new password, use the button below." }
            (button(link, "Choose a new password"))
            p style=(small()) { "The link expires in " (valid) " and works once." }
            p style=(small()) { "If you did not ask for this, ignore this mail: your password stays as it is." }
            (link_fallback(link))
        },
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// "You are invited": `inviter` invites the recipient to join `org` with the
/// role `role` (its label, "Buyer"); `link` accepts within `valid_for`.
pub fn invitation(
    inviter: &str,
    org: &str,
    role: &str,
    link: &str,
    valid_for: Duration,
) -> MailContent {
    let valid = human_duration(valid_for);
    let subject = format!("You are invited to join {org} on partsportal");
    let text = format!(
        "Hello,\n\n\
         {inviter} has invited you to join {org} on partsportal with the \
         role {role}. To accept, open this link:\n\n\
         {link}\n\n\
         The invitation expires in {valid}. If you did not expect it, ignore \
         this mail.\n{FOOTER_TEXT}"
    );
    let html = layout(
        &subject,
        html! {
            p { "Hello," }
            p { strong { (inviter) } " has invited you to join " strong { (org) } " on partsportal with the role " strong { (role) } "." }
            (button(link, "Accept the invitation"))
            p style=(small()) { "The invitation expires in " (valid) ". If you did not expect it, ignore this mail." }
            (link_fallback(link))
        },
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// "Your seller organization is approved": `org` may now list parts and take
/// orders; `link` opens its seller pages.
pub fn seller_approved(name: &str, org: &str, link: &str) -> MailContent {
    let subject = format!("{org} is approved as a seller on partsportal");
    let text = format!(
        "{greeting}\n\n\
         Good news: {org} is now approved as a seller on partsportal. You can \
         upload your catalog, and buyers can find your parts and order \
         them.\n\n\
         Get started here:\n\n\
         {link}\n{FOOTER_TEXT}",
        greeting = greeting(name),
    );
    let html = layout(
        &subject,
        html! {
            p { (greeting(name)) }
            p { "Good news: " strong { (org) } " is now approved as a seller on partsportal. You can upload your catalog, and buyers can find your parts and order them." }
            (button(link, "Open your seller pages"))
            (link_fallback(link))
        },
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// An order event ("Order SO-2026-000123 was shipped"): `subject` is also
/// the headline, `details` one fact a line (totals, tracking, the reason
/// given), and `link` opens the order.
pub fn order_update(name: &str, subject: &str, details: &[String], link: &str) -> MailContent {
    let facts: String = details.iter().map(|d| format!("{d}\n")).collect();
    let text = format!(
        "{greeting}\n\n\
         {subject}.\n\n\
         {facts}\n\
         Open the order:\n\n\
         {link}\n{FOOTER_TEXT}",
        greeting = greeting(name),
    );
    let html = layout(
        subject,
        html! {
            p { (greeting(name)) }
            p { strong { (subject) } "." }
            @if !details.is_empty() {
                ul style="padding-left:20px" {
                    @for d in details { li { (d) } }
                }
            }
            (button(link, "Open the order"))
            (link_fallback(link))
        },
    );
    MailContent {
        subject: subject.to_owned(),
        text,
        html,
    }
}

/// After a "-- " line, which mail clients recognise as a signature.
const FOOTER_TEXT: &str = "\n-- \npartsportal: spare parts for medical equipment.\n\
    This mail was sent automatically.\n";

fn greeting(name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        "Hello,".to_string()
    } else {
        format!("Hello {name},")
    }
}

/// "1 hour", "24 hours", "7 days", "30 minutes": whole days when exact, else
/// whole hours when exact, else minutes rounded up.
pub fn human_duration(d: Duration) -> String {
    let secs = d.as_secs();
    let (n, unit) = if secs >= 86_400 && secs.is_multiple_of(86_400) {
        (secs / 86_400, "day")
    } else if secs >= 3_600 && secs.is_multiple_of(3_600) {
        (secs / 3_600, "hour")
    } else {
        (secs.div_ceil(60).max(1), "minute")
    };
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

fn small() -> String {
    format!("font-size:13px;line-height:1.5;color:{MUTED};margin:16px 0 0")
}

fn button(link: &str, label: &str) -> Markup {
    html! {
        p style="margin:24px 0" {
            a href=(link) style={ "display:inline-block;padding:10px 20px;background:" (BLUE) ";color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold" } {
                (label)
            }
        }
    }
}

fn link_fallback(link: &str) -> Markup {
    html! {
        p style=(small()) {
            "If the button does not work, copy this address into your browser:"
            br;
            a href=(link) style={ "color:" (BLUE) ";word-break:break-all" } { (link) }
        }
    }
}

fn layout(title: &str, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
            }
            body style={ "margin:0;padding:24px 12px;background:#f4f6f9;color:" (TEXT) ";font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5" } {
                div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #d6dde6;border-radius:10px;padding:24px" {
                    p style={ "margin:0 0 16px;font-size:18px;font-weight:bold;color:" (BLUE) } { "partsportal" }
                    (body)
                }
                p style={ "max-width:560px;margin:16px auto 0;font-size:12px;color:" (MUTED) } {
                    "partsportal: spare parts for medical equipment. This mail was sent automatically."
                }
            }
        }
    }
    .into_string()
}
