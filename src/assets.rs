//! Static files embedded in the binary and served under content-hashed
//! names with a year-long cache lifetime.

use sha2::{Digest, Sha256};

/// One embedded file.
pub struct Asset {
    /// Name as written in `assets/`.
    pub name: &'static str,
    /// Name served, with a content hash ("app.3f2a9c1b.css").
    pub hashed: String,
    /// MIME type.
    pub content_type: &'static str,
    /// The bytes.
    pub body: &'static [u8],
}

/// Every embedded file.
pub struct Assets(Vec<Asset>);

const FILES: &[(&str, &str, &[u8])] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/app.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/app.js"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../assets/favicon.svg"),
    ),
    (
        "model-picker.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/model-picker.js"),
    ),
];

impl Assets {
    /// Hashes the embedded files.
    pub fn new() -> Assets {
        Assets(
            FILES
                .iter()
                .map(|(name, content_type, body)| {
                    let digest = Sha256::digest(body);
                    let hash: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
                    let hashed = match name.rsplit_once('.') {
                        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
                        None => format!("{name}.{hash}"),
                    };
                    Asset {
                        name,
                        hashed,
                        content_type,
                        body,
                    }
                })
                .collect(),
        )
    }

    /// The URL of an asset by its plain name.
    pub fn url(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|a| a.name == name)
            .map(|a| format!("/assets/{}", a.hashed))
            .unwrap_or_default()
    }

    /// Looks an asset up by its served (hashed) name.
    pub fn by_hashed(&self, hashed: &str) -> Option<&Asset> {
        self.0.iter().find(|a| a.hashed == hashed)
    }
}

impl Default for Assets {
    fn default() -> Self {
        Self::new()
    }
}
