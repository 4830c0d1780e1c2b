//! Demo purchasing set-up, so a first run can check out at once: the
//! buying organizations get a default shipping and billing address, every
//! seller a GST registration in its state and bank details, the demo
//! hospital a ₹50,000 approval threshold and Net 30 terms with a few
//! sellers. Each piece is added only where none exists.

use crate::db::{self, Db};
use crate::domain::address::{Kind, Raw, check};
use crate::domain::gstin::{State, with_check_character};

/// A demo GSTIN for an organization in `state`: a made-up PAN from `seed`.
fn demo_gstin(state: State, seed: usize) -> Option<String> {
    let letters: Vec<char> = "ABCDEFGHJKLMNPQRSTUVWXYZ".chars().collect();
    let l = |i: usize| letters[i % letters.len()];
    with_check_character(&format!(
        "{}AA{}{}{}{:04}{}1Z",
        state.code_str(),
        l(seed),
        l(seed / 7 + 3),
        l(seed / 3 + 5),
        1000 + seed * 37 % 9000,
        l(seed + 11)
    ))
}

/// Adds what is missing. Idempotent.
pub async fn ensure(db: &Db, now: i64) -> anyhow::Result<()> {
    let orgs = db::demo_load::purchasing_orgs(db).await?;
    for (i, (id, name, kind, city, state)) in orgs.iter().enumerate() {
        let Some(st) = State::find(state) else {
            continue;
        };
        let gstin = demo_gstin(st, i + 1).unwrap_or_default();
        if crate::domain::is_seller_kind(kind) {
            let bank = format!("5020{:010}", 3_141_592 + i * 7919);
            db::demo_load::seller_settings(db, id, st.code_str(), &gstin, name, &bank, now).await?;
        } else if matches!(kind.as_str(), "hospital" | "clinic")
            && db::addresses::list(db, id).await?.is_empty()
        {
            for kind in [Kind::Shipping, Kind::Billing] {
                let raw = Raw {
                    kind: kind.as_str().into(),
                    label: match kind {
                        Kind::Shipping => "Biomedical stores".into(),
                        Kind::Billing => "Accounts".into(),
                    },
                    contact_name: match kind {
                        Kind::Shipping => "Stores in-charge".into(),
                        Kind::Billing => "Accounts payable".into(),
                    },
                    phone: "+91 98200 12345".into(),
                    line1: format!("{name}, Main Block"),
                    line2: "Ground floor, Gate 2".into(),
                    city: city.clone(),
                    state: st.code_str().into(),
                    postal_code: "440010".into(),
                    country: "IN".into(),
                    gstin: gstin.clone(),
                };
                let Ok(address) = check(&raw) else {
                    tracing::warn!(org = %name, "demo address did not pass its own checks");
                    continue;
                };
                let audit = db::audit::Entry {
                    kind: "address.create",
                    actor_id: None,
                    actor_label: "demo",
                    org_id: Some(id),
                    ip: "",
                    request_id: "",
                    summary: "Demo address",
                };
                db::addresses::create(db, id, &address, now, &audit).await?;
            }
        }
    }
    // The demo hospital: approval above ₹50,000, Net 30 up to ₹5,00,000
    // with the first three sellers.
    if let Some((hospital, ..)) = orgs.iter().find(|o| o.2 == "hospital") {
        db::demo_load::buyer_threshold(db, hospital, 5_000_000, now).await?;
        let sellers: Vec<&String> = orgs
            .iter()
            .filter(|o| crate::domain::is_seller_kind(&o.2))
            .map(|o| &o.0)
            .take(3)
            .collect();
        for s in sellers {
            db::demo_load::credit_terms(db, s, hospital, 30, 50_000_000, now).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::gstin::Gstin;

    #[test]
    fn demo_gstins_pass_the_real_check() {
        for code in [27u8, 29, 6, 33, 7, 9] {
            let st = State::from_code(code).unwrap();
            for seed in 1..40 {
                let g = demo_gstin(st, seed).unwrap();
                assert!(Gstin::parse(&g).is_ok(), "{g}");
            }
        }
    }
}
