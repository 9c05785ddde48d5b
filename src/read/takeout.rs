//! Google Takeout: what the YouTube and Google+ importers share.
//!
//! A Takeout zip holds one folder per Google product under `Takeout/` (large exports
//! are split into `-001.zip`, `-002.zip`, … read together as `partN/…`). Folder names
//! are translated into the account's language (`YouTube and YouTube Music`,
//! `YouTube und YouTube Music`), but the product's own name stays in them, so a
//! product is found by its name inside the folder name, and each importer claims only
//! its own product's entries: the other products' files are carried verbatim.

/// Split an entry name into its product folder and the path inside it: the optional
/// `partN/` prefix of a multi-part import and the `Takeout/` root are skipped.
/// `None` when the entry is not inside a folder.
pub fn product(name: &str) -> Option<(&str, &str)> {
    let mut rest = name;
    if let Some((first, tail)) = rest.split_once('/') {
        let is_part = first
            .strip_prefix("part")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if is_part {
            rest = tail;
        }
    }
    if let Some((first, tail)) = rest.split_once('/') {
        if first.eq_ignore_ascii_case("takeout") {
            rest = tail;
        }
    }
    rest.split_once('/')
}

/// An entry name without the `partN/` prefix a multi-part import gives it: a post in
/// `-001.zip` names its photo in `-002.zip` by the same path.
pub fn without_part(name: &str) -> &str {
    match name.split_once('/') {
        Some((first, rest))
            if first
                .strip_prefix("part")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) =>
        {
            rest
        }
        _ => name,
    }
}

/// True when the entry sits in a product folder whose name satisfies `is_product`.
pub fn in_product(name: &str, is_product: impl Fn(&str) -> bool) -> bool {
    product(name).is_some_and(|(p, _)| is_product(p))
}

/// The report's note on the other products of a Takeout: they were carried verbatim,
/// and the ones lifeboat reads can be imported on their own with `--network`.
pub fn others_note(products: &std::collections::BTreeSet<String>) -> Option<String> {
    if products.is_empty() {
        return None;
    }
    let mut hint = Vec::new();
    if products
        .iter()
        .any(|p| p.to_lowercase().contains("youtube"))
    {
        hint.push("--network youtube");
    }
    if products
        .iter()
        .any(|p| p.to_lowercase().starts_with("google+"))
    {
        hint.push("--network googleplus");
    }
    let list: Vec<&str> = products.iter().map(String::as_str).take(20).collect();
    let mut note = format!(
        "this Takeout also holds other Google products, carried verbatim: {}",
        list.join(", ")
    );
    if !hint.is_empty() {
        note.push_str(&format!(
            "; import the dump again with {} to read them",
            hint.join(" or ")
        ));
    }
    Some(note)
}

/// The Takeout index pages (`archive_browser.html`, `index.html` at the root).
pub fn is_index(name: &str) -> bool {
    let mut rest = name;
    if let Some((first, tail)) = rest.split_once('/') {
        if first.starts_with("part") {
            rest = tail;
        }
    }
    let rest = rest
        .strip_prefix("Takeout/")
        .or_else(|| rest.strip_prefix("takeout/"))
        .unwrap_or(rest);
    matches!(rest, "archive_browser.html" | "index.html")
}

/// The kind of media a file name suggests (`photo`, `video`, `audio`), by extension.
pub fn media_kind(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "jpg" | "jpeg" | "png" | "gif" | "webp" | "heic" | "bmp" | "tif" | "tiff" => "photo",
        "mp4" | "m4v" | "mov" | "webm" | "mkv" | "avi" | "flv" | "3gp" | "wmv" | "mpg" | "mpeg"
        | "mts" => "video",
        "mp3" | "m4a" | "ogg" | "oga" | "wav" | "flac" | "aac" | "opus" => "audio",
        _ => return None,
    })
}

/// The folder part of an entry name (`a/b` of `a/b/c.jpg`), empty at the root.
pub fn folder(name: &str) -> &str {
    name.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

/// What a product's importer does first with an entry of a Takeout: the index page and
/// (when the dump is scoped to the product) other products' files are carried, the
/// other products named in `others` for the report. Returns the role of such an entry
/// (to be carried), `None` when the entry is the product's.
pub fn outside_product(
    name: &str,
    scoped: bool,
    is_product: impl Fn(&str) -> bool,
    others: &mut std::collections::BTreeSet<String>,
) -> Option<&'static str> {
    if is_index(name) {
        return Some("Takeout index page");
    }
    if scoped && !in_product(name, is_product) {
        if let Some((p, _)) = product(name) {
            others.insert(p.to_string());
        }
        return Some("another Google product's data, kept verbatim");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_folders() {
        assert_eq!(
            product("Takeout/YouTube and YouTube Music/comments/comments.csv"),
            Some(("YouTube and YouTube Music", "comments/comments.csv"))
        );
        assert_eq!(
            product("part2/Takeout/Google+ Stream/Posts/a.json"),
            Some(("Google+ Stream", "Posts/a.json"))
        );
        assert_eq!(product("Takeout/archive_browser.html"), None);
        assert_eq!(product("YouTube/x.csv"), Some(("YouTube", "x.csv")));
        assert!(is_index("Takeout/archive_browser.html"));
        assert!(is_index("part1/Takeout/index.html"));
        assert_eq!(media_kind("videos/A (1).MOV"), Some("video"));
        assert_eq!(media_kind("comments.csv"), None);
        assert_eq!(folder("a/b/c.jpg"), "a/b");
        assert_eq!(without_part("part2/Takeout/x.jpg"), "Takeout/x.jpg");
        assert_eq!(without_part("partner/x.jpg"), "partner/x.jpg");
    }
}
