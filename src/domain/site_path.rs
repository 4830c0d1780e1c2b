//! Paths on this site that may go into a link or a `Location` header:
//! notification links and the `next` of the login page.

/// `link` if it is a path on this site: it starts with one `/` (not `//`,
/// which a browser reads as another host, nor `/\`, which some read the
/// same way) and holds only visible ASCII, so it is also a valid
/// `Location` header. Anything else is never stored or followed.
pub fn local_link(link: &str) -> Option<&str> {
    let local = link.starts_with('/')
        && !link.starts_with("//")
        && !link.contains('\\')
        && link.bytes().all(|b| b.is_ascii_graphic());
    local.then_some(link)
}

#[cfg(test)]
mod tests {
    use super::local_link;

    #[test]
    fn only_local_paths_are_links() {
        for ok in ["/orders/42", "/notifications?page=2", "/"] {
            assert_eq!(local_link(ok), Some(ok));
        }
        for bad in [
            "",
            "https://evil.example/",
            "//evil.example/x",
            "/\\evil.example",
            "javascript:alert(1)",
            "orders/42",
            "/orders/4 2",
            "/orders\r\nSet-Cookie: x=1",
        ] {
            assert_eq!(local_link(bad), None, "{bad:?}");
        }
    }
}
