//! Text helpers shared by the exporters: XML and HTML escaping, CDATA, dates, the
//! post body as safe HTML, spreadsheet-formula neutralising, slugs.

use chrono::{DateTime, Utc};

use crate::model::Timestamp;

/// True for characters XML 1.0 allows.
pub(crate) fn xml_char_ok(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
        || (' '..='\u{D7FF}').contains(&c)
        || ('\u{E000}'..='\u{FFFD}').contains(&c)
        || c >= '\u{10000}'
}

/// Remove the characters XML 1.0 forbids (U+000B, U+0000…, U+FFFE, U+FFFF).
pub(crate) fn xml_clean(s: &str) -> String {
    s.chars().filter(|&c| xml_char_ok(c)).collect()
}

/// Escape text for XML (and HTML) element content or attribute values; characters
/// XML forbids are removed.
pub(crate) fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c if xml_char_ok(c) => o.push(c),
            _ => {}
        }
    }
    o
}

/// Wrap text in CDATA: `]]>` split across two sections, forbidden characters removed.
pub(crate) fn cdata(s: &str) -> String {
    format!(
        "<![CDATA[{}]]>",
        xml_clean(s).replace("]]>", "]]]]><![CDATA[>")
    )
}

fn dt(t: &Timestamp) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(t.millis()).unwrap_or_default()
}

/// RFC 3339, seconds, `Z`.
pub(crate) fn rfc3339(t: &Timestamp) -> String {
    dt(t).format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// RFC 822 with a four-digit year (`Wed, 01 May 2024 09:00:00 +0000`).
pub(crate) fn rfc822(t: &Timestamp) -> String {
    dt(t).format("%a, %d %b %Y %H:%M:%S +0000").to_string()
}

/// `YYYY-MM-DD HH:MM:SS` (WordPress).
pub(crate) fn sql_time(t: &Timestamp) -> String {
    dt(t).format("%Y-%m-%d %H:%M:%S").to_string()
}

/// `YYYY-MM` (timeline months).
pub(crate) fn month(t: &Timestamp) -> String {
    dt(t).format("%Y-%m").to_string()
}

/// A month for people (`May 2024`).
pub(crate) fn month_label(ym: &str) -> String {
    let names = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (y, m) = ym.split_once('-').unwrap_or((ym, ""));
    match m.parse::<usize>() {
        Ok(m) if (1..=12).contains(&m) => format!("{} {y}", names[m - 1]),
        _ => ym.to_string(),
    }
}

/// A date and time for people (`2024-05-01 09:00 UTC`).
pub(crate) fn human_time(t: &Timestamp) -> String {
    dt(t).format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The first `n` characters of a text on one line, with `…` when cut.
pub(crate) fn snippet(s: &str, n: usize) -> String {
    let flat: String = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|&c| xml_char_ok(c))
        .collect();
    if flat.chars().count() <= n {
        flat
    } else {
        let mut o: String = flat.chars().take(n).collect();
        o.push('…');
        o
    }
}

/// A post's plain text as safe HTML: every character escaped, paragraphs and line
/// breaks kept, bare http(s) links made into anchors. No markup from the source is
/// ever passed through.
pub(crate) fn text_html(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 16);
    let paras: Vec<&str> = s.split("\n\n").filter(|p| !p.trim().is_empty()).collect();
    for p in paras {
        o.push_str("<p>");
        let lines: Vec<&str> = p.split('\n').collect();
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                o.push_str("<br>");
            }
            linkify(line, &mut o);
        }
        o.push_str("</p>");
    }
    o
}

fn linkify(line: &str, o: &mut String) {
    let mut first = true;
    for word in line.split(' ') {
        if !first {
            o.push(' ');
        }
        first = false;
        let w = word.trim_end_matches(['.', ',', ')', ';', ':', '!', '?']);
        if super::safe::web(w).is_some() {
            let rest = &word[w.len()..];
            o.push_str(&format!(
                "<a href=\"{}\" rel=\"nofollow noopener\">{}</a>{}",
                esc(w),
                esc(w),
                esc(rest)
            ));
        } else {
            o.push_str(&esc(word));
        }
    }
}

/// Neutralise a spreadsheet cell that would run as a formula (starts with `=`, `+`,
/// `-`, `@`, tab or CR) by prefixing `'`.
pub(crate) fn neutral(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// A file-name-safe slug of a record id, with a short hash so that two ids never
/// share a slug.
pub(crate) fn slug(id: &str) -> String {
    use sha2::{Digest, Sha256};
    let tail = super::ids::native(id);
    let mut s: String = tail
        .chars()
        .rev()
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    s = s.trim_matches('-').to_string();
    let h = Sha256::digest(id.as_bytes());
    let hex: String = h.iter().take(4).map(|b| format!("{b:02x}")).collect();
    if s.is_empty() {
        hex
    } else {
        format!("{s}-{hex}")
    }
}

/// A tag's slug (lower-case ASCII letters and digits, `-`; others hex-coded).
pub(crate) fn tag_slug(t: &str) -> String {
    let mut s = String::new();
    for c in t.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            s.push(c);
        } else {
            let mut b = [0u8; 4];
            for x in c.encode_utf8(&mut b).bytes() {
                s.push_str(&format!("-{x:02x}"));
            }
        }
    }
    if s.is_empty() {
        s.push_str("tag");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdata_splits_and_cleans() {
        assert_eq!(cdata("a]]>b\u{b}c"), "<![CDATA[a]]]]><![CDATA[>bc]]>");
    }

    #[test]
    fn escapes_and_links() {
        let h = text_html("<script>alert(1)</script> see https://x.org/a.\n=b");
        assert!(!h.contains("<script>"));
        assert!(h.contains("<a href=\"https://x.org/a\""));
        assert!(h.contains("<br>=b"));
    }

    #[test]
    fn neutralises_formulas() {
        assert_eq!(neutral("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(neutral("-1"), "'-1");
        assert_eq!(neutral("ok"), "ok");
    }
}
