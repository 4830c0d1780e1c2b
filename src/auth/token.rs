//! Random secrets (session ids, CSRF tokens, mail links, API tokens) and the
//! digests the database keeps instead of them.

use sha2::{Digest, Sha256};

/// A random secret: 32 bytes from the OS, hex-encoded (256 bits, more than
/// the 128 a session id needs).
pub fn random() -> anyhow::Result<String> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(|e| anyhow::anyhow!("no OS randomness: {e}"))?;
    Ok(hex::encode(b))
}

/// The SHA-256 of a secret, hex-encoded: what the database stores, so a copy
/// of it holds no live session or link.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
