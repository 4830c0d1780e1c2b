//! Normalization of part numbers, model codes and free text.
//!
//! Part numbers are written many ways (`AB-123/4`, `ab 1234`, `AB.123.4`);
//! the catalog compares them in one canonical form: ASCII letters upper-cased,
//! digits kept, everything else dropped.

/// The canonical form of a part number or model code: upper-cased ASCII
/// letters and digits only, so `AB-123/4`, `ab1234` and `AB 1234` compare equal.
pub fn normalize_code(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The canonical form with leading zeros removed (`00451223` → `451223`).
/// Returns `None` when there are no leading zeros to strip, or when the code is
/// all zeros.
pub fn strip_leading_zeros(normalized: &str) -> Option<String> {
    let stripped = normalized.trim_start_matches('0');
    if stripped.len() == normalized.len() || stripped.is_empty() {
        None
    } else {
        Some(stripped.to_string())
    }
}

/// Every form under which a part number is indexed: the canonical form, and
/// the same without leading zeros when it has any.
pub fn code_variants(raw: &str) -> Vec<String> {
    let norm = normalize_code(raw);
    if norm.is_empty() {
        return Vec::new();
    }
    let mut out = vec![norm.clone()];
    if let Some(s) = strip_leading_zeros(&norm) {
        out.push(s);
    }
    out
}

/// Whether a token looks like an identifier (part number or model code)
/// rather than a word: it mixes letters and digits, is all digits, or joins
/// alphanumerics with separators such as `-`, `/` or `.`.
pub fn looks_like_code(token: &str) -> bool {
    let has_digit = token.chars().any(|c| c.is_ascii_digit());
    let alnum = token.chars().filter(|c| c.is_ascii_alphanumeric()).count();
    has_digit && alnum >= 3
}

/// Lower-cases, folds common accents to ASCII and splits text into words on
/// anything that is not a letter or digit. Used on both sides (index and query)
/// for the synonym table and for highlighting.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                cur.push(fold_char(l));
            }
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn fold_char(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_case_do_not_matter() {
        for raw in ["AB-123/4", "ab1234", "AB 1234", "ab-123-4", "Ab.123.4"] {
            assert_eq!(normalize_code(raw), "AB1234", "{raw}");
        }
    }

    #[test]
    fn leading_zero_variant() {
        assert_eq!(code_variants("00451223"), vec!["00451223", "451223"]);
        assert_eq!(code_variants("451223"), vec!["451223"]);
        assert_eq!(strip_leading_zeros("0000"), None);
        assert!(code_variants("--/").is_empty());
    }

    #[test]
    fn code_detection() {
        assert!(looks_like_code("ab1234"));
        assert!(looks_like_code("00451223"));
        assert!(looks_like_code("M1191B"));
        assert!(!looks_like_code("coil"));
        assert!(!looks_like_code("x2"));
    }

    #[test]
    fn words_fold_and_split() {
        assert_eq!(words("X-Ray Tube, Ünit"), vec!["x", "ray", "tube", "unit"]);
        assert_eq!(words("  "), Vec::<String>::new());
    }
}
