//! Entry names from untrusted containers.

/// Check an entry name from a dump and normalise it (forward slashes, no `./`).
/// Names that could escape a folder or mean something else on another system are
/// refused with the reason: `..` components, absolute paths, backslashes, NUL and
/// other control characters, Windows drive prefixes.
pub fn check_entry_name(raw: &str) -> Result<String, &'static str> {
    if raw.is_empty() {
        return Err("empty entry name");
    }
    if raw.chars().any(|c| c == '\0') {
        return Err("entry name contains NUL");
    }
    if raw.chars().any(|c| c.is_control()) {
        return Err("entry name contains a control character");
    }
    if raw.contains('\\') {
        return Err("entry name contains a backslash");
    }
    if raw.starts_with('/') {
        return Err("absolute entry name");
    }
    let b = raw.as_bytes();
    if b.len() >= 2 && b[1] == b':' && b[0].is_ascii_alphabetic() {
        return Err("entry name has a drive prefix");
    }
    let mut parts = Vec::new();
    for part in raw.split('/') {
        match part {
            "" | "." => continue,
            ".." => return Err("entry name escapes with '..'"),
            p if p.contains(':') && cfg!(windows) => return Err("entry name contains ':'"),
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err("empty entry name");
    }
    Ok(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::check_entry_name as c;

    #[test]
    fn accepts_plain_names() {
        assert_eq!(c("data/tweets.js").unwrap(), "data/tweets.js");
        assert_eq!(c("./data//tweets.js").unwrap(), "data/tweets.js");
        assert_eq!(c("Your archive.html").unwrap(), "Your archive.html");
        assert_eq!(
            c("data/tweets_media/1-a..b.jpg").unwrap(),
            "data/tweets_media/1-a..b.jpg"
        );
    }

    #[test]
    fn refuses_escapes() {
        for bad in [
            "../../x.txt",
            "data/../../x",
            "/tmp/x.txt",
            "data/..\\..\\x.txt",
            "C:/Windows/x",
            "c:x",
            "a\0b",
            "",
            "./",
            "a/\u{7}b",
        ] {
            assert!(c(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
