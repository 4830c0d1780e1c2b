//! Passwords: argon2id hashing on the blocking pool, and the strength rule.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// argon2id memory cost in KiB (19 MiB, OWASP's minimum for argon2id).
pub const MEMORY_KIB: u32 = 19 * 1024;
/// argon2id passes.
pub const ITERATIONS: u32 = 2;
/// argon2id lanes.
pub const PARALLELISM: u32 = 1;
/// Shortest password accepted.
pub const MIN_LEN: usize = 12;

fn argon2() -> anyhow::Result<Argon2<'static>> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password (PHC string). Costs about 30 ms of CPU, so it runs on
/// the blocking pool: a burst of logins must not stall other requests.
pub async fn hash(password: &str) -> anyhow::Result<String> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || hash_now(&password)).await?
}

/// Hashes on the calling thread (demo seeding, which is already off the
/// request path).
pub fn hash_now(password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("no OS randomness: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    Ok(argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hashing: {e}"))?
        .to_string())
}

/// Whether `password` matches the stored hash, on the blocking pool. A
/// malformed stored hash matches nothing.
pub async fn verify(stored: &str, password: &str) -> anyhow::Result<bool> {
    let (stored, password) = (stored.to_string(), password.to_string());
    Ok(tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored).is_ok_and(|h| {
            // Verify with the parameters in the stored hash, so raising the
            // cost later does not lock anyone out.
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
    })
    .await?)
}

/// A hash to verify against when the account does not exist, so a login
/// for an unknown email takes as long as one for a known email.
pub fn decoy_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0hO5y2yJ4Ybp1UeUY0wP9AQgFEnBNH8EJmjkuM3Pn0g"
}

/// Why a new password is refused, worded for the form.
pub fn check_strength(password: &str, user_inputs: &[&str]) -> Result<(), String> {
    if password.chars().count() < MIN_LEN {
        return Err(format!("Use at least {MIN_LEN} characters."));
    }
    if password.chars().count() > 256 {
        return Err("Use at most 256 characters.".into());
    }
    let estimate = zxcvbn::zxcvbn(password, user_inputs);
    if (estimate.score() as u8) < 3 {
        let hint = estimate
            .feedback()
            .and_then(|f| f.warning().map(|w| w.to_string()))
            .unwrap_or_else(|| "It would be easy to guess.".into());
        return Err(format!(
            "Too weak: {hint} Add more words or characters that are not a common pattern."
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[tokio::test]
    async fn hashes_with_the_stated_parameters_and_verifies() {
        let h = hash("correct horse battery staple 42").await.unwrap();
        let parsed = PasswordHash::new(&h).unwrap();
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
        let params = Params::try_from(&parsed).unwrap();
        assert!(params.m_cost() >= 19 * 1024);
        assert!(params.t_cost() >= 2);
        assert!(verify(&h, "correct horse battery staple 42").await.unwrap());
        assert!(!verify(&h, "correct horse battery staple 43").await.unwrap());
        assert!(!verify("not a hash", "x").await.unwrap());
    }

    #[test]
    fn weak_and_short_passwords_are_refused() {
        assert!(check_strength("short", &[]).is_err());
        assert!(check_strength("password1234", &[]).is_err());
        assert!(check_strength("aaaaaaaaaaaaaaaa", &[]).is_err());
        assert!(
            check_strength(
                "asha.menon@cityhospital.in",
                &["asha.menon@cityhospital.in"]
            )
            .is_err()
        );
        assert!(check_strength("tulip-Ferry-71-gravel-Ocean", &[]).is_ok());
    }
}
