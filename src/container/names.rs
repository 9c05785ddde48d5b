//! Entry names from untrusted containers.

/// Longest entry name accepted, in bytes (a path inside the archive must stay well
/// under the system's limit of 4096 once the archive's own path is added).
pub const MAX_NAME_BYTES: usize = 1024;
/// Longest component of an entry name, in bytes (what file systems allow).
pub const MAX_COMPONENT_BYTES: usize = 255;
/// Most folders an entry name may nest in.
pub const MAX_NAME_DEPTH: usize = 64;

/// Check an entry name from a dump and normalise it (forward slashes, no `./`).
/// Names that could escape a folder or mean something else on another system are
/// refused with the reason: `..` components, absolute paths, backslashes, NUL and
/// other control characters, Windows drive prefixes; so are names no file system
/// would take (longer than [`MAX_NAME_BYTES`], a component longer than
/// [`MAX_COMPONENT_BYTES`], deeper than [`MAX_NAME_DEPTH`] folders).
pub fn check_entry_name(raw: &str) -> Result<String, &'static str> {
    if raw.is_empty() {
        return Err("empty entry name");
    }
    if raw.len() > MAX_NAME_BYTES {
        return Err("entry name longer than 1024 bytes");
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
            p if p.len() > MAX_COMPONENT_BYTES => {
                return Err("a part of the entry name is longer than 255 bytes")
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err("empty entry name");
    }
    if parts.len() > MAX_NAME_DEPTH + 1 {
        return Err("entry name nested deeper than 64 folders");
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
    fn refuses_names_no_file_system_takes() {
        let long = "a".repeat(256);
        assert!(c(&format!("data/{long}.txt")).is_err());
        assert!(c(&format!("data/{}.txt", "a".repeat(251))).is_ok());
        let deep = "d/".repeat(65) + "x.txt";
        assert!(c(&deep).is_err());
        assert!(c(&("d/".repeat(64) + "x.txt")).is_ok());
        assert!(c(&"ab/".repeat(400)).is_err());
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
