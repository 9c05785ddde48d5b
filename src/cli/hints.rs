//! What the command line adds to an error: what to do about it. The library's errors
//! say what happened; the hints here speak of commands and options.

use std::path::Path;

/// A hint for an error's message, when one helps.
pub(crate) fn for_error(e: &lifeboat::Error) -> Option<String> {
    use lifeboat::Error;
    let m = e.to_string();
    match e {
        Error::Container { .. } if m.contains("truncated") || m.contains("end of central directory") => Some(
            "the download looks incomplete: download the export again (its size should match \
             what the network announced) and import the new file"
                .into(),
        ),
        Error::Limit { .. } => Some(
            "a safety limit stops hostile dumps; if you trust this one, raise it with \
             --limit NAME=VALUE (names and units in `lifeboat import --help`)"
                .into(),
        ),
        Error::Unrecognized(_) if m.contains("none of its") => Some(
            "leave out --network to let lifeboat tell the export by its files, or see \
             `lifeboat formats`"
                .into(),
        ),
        Error::Archive { path, .. } if m.contains("not a BagIt bag") && looks_like_dump(path) => {
            Some(format!(
                "{} looks like a dump, not an archive: use `lifeboat convert {} --to FORMAT --out OUT`, \
                 or `lifeboat import` it first",
                path.display(),
                path.display()
            ))
        }
        _ => None,
    }
}

/// A file, or a folder without `bagit.txt` but with files: a dump, not an archive.
fn looks_like_dump(p: &Path) -> bool {
    p.is_file() || (p.is_dir() && !p.join("bagit.txt").exists())
}

/// Refuse a dump given where an archive is expected, before anything else.
pub(crate) fn check_archive(p: &Path) -> Result<(), String> {
    if p.is_file() {
        return Err(format!(
            "{} is a file; an archive is a folder (what `lifeboat import` writes). If it is a \
             dump, that is a dump, not an archive: use `lifeboat convert {} --to FORMAT --out OUT`",
            p.display(),
            p.display()
        ));
    }
    Ok(())
}

/// `--network NAME`: one lifeboat reads, or an error naming the nearest.
pub(crate) fn check_network(name: Option<&str>) -> Result<(), String> {
    let Some(name) = name else {
        return Ok(());
    };
    let names: Vec<&str> = lifeboat::networks().iter().map(|n| n.name).collect();
    if names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
        return Ok(());
    }
    Err(format!(
        "unknown network {name:?}{}; --network takes one of {}",
        did_you_mean(name, &names)
            .map(|m| format!(" (did you mean {m:?}?)"))
            .unwrap_or_default(),
        names.join(", ")
    ))
}

/// The candidate nearest to `word`, when it is near enough to be a typo (or `word` is
/// the start of it).
pub(crate) fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let w = word.to_ascii_lowercase();
    if w.len() >= 2 {
        if let Some(c) = candidates.iter().find(|c| c.starts_with(&w)) {
            return Some(c);
        }
    }
    candidates
        .iter()
        .map(|c| (edits(&w, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            if let Some(c) = cur.get_mut(j + 1) {
                *c = sub.min(del).min(ins);
            }
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_word() {
        let to = [
            "mastodon",
            "activitystreams",
            "atom",
            "rss",
            "jsonfeed",
            "sqlite",
            "html",
        ];
        assert_eq!(did_you_mean("sqllite", &to), Some("sqlite"));
        assert_eq!(did_you_mean("mastadon", &to), Some("mastodon"));
        assert_eq!(did_you_mean("json", &to), Some("jsonfeed"));
        assert_eq!(did_you_mean("pdf", &to), None);
        assert_eq!(
            did_you_mean("twiter", &["twitter", "tumblr"]),
            Some("twitter")
        );
    }
}
