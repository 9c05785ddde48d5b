//! Text repair shared by importers: HTML entities, short links, code-point indices.

use std::borrow::Cow;

/// Decode the HTML character references found in exported text: the named ones
/// networks emit (`&amp; &lt; &gt; &quot; &apos; &nbsp;`) and numeric ones
/// (`&#39;`, `&#x1F600;`). Anything else is left as it is.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| c == ';' || c == '&' || c.is_whitespace())
            .map(|j| j + 1);
        let decoded = match end {
            Some(j) if rest.as_bytes().get(j) == Some(&b';') && j <= 10 => {
                let name = &rest[1..j];
                let ch = match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    _ if !name.starts_with('#') => named_entity(name),
                    _ => {
                        if let Some(hex) =
                            name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
                        {
                            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
                        } else if let Some(dec) = name.strip_prefix('#') {
                            dec.parse::<u32>().ok().and_then(char::from_u32)
                        } else {
                            None
                        }
                    }
                };
                ch.map(|c| (c, j + 1))
            }
            _ => None,
        };
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The HTML named character references met in blog and comment exports beyond the
/// five of XML: typography and the Latin-1 letters (WordPress titles carry
/// `&raquo;`, `&hellip;`, `&uuml;` as text).
pub fn named_entity(name: &str) -> Option<char> {
    const TABLE: &[(&str, char)] = &[
        ("raquo", '»'),
        ("laquo", '«'),
        ("hellip", '…'),
        ("mdash", '—'),
        ("ndash", '–'),
        ("rsquo", '\u{2019}'),
        ("lsquo", '\u{2018}'),
        ("rdquo", '\u{201d}'),
        ("ldquo", '\u{201c}'),
        ("sbquo", '\u{201a}'),
        ("bdquo", '\u{201e}'),
        ("bull", '•'),
        ("middot", '·'),
        ("copy", '©'),
        ("reg", '®'),
        ("trade", '™'),
        ("euro", '€'),
        ("pound", '£'),
        ("yen", '¥'),
        ("cent", '¢'),
        ("sect", '§'),
        ("para", '¶'),
        ("deg", '°'),
        ("plusmn", '±'),
        ("times", '×'),
        ("divide", '÷'),
        ("frac12", '½'),
        ("frac14", '¼'),
        ("frac34", '¾'),
        ("iexcl", '¡'),
        ("iquest", '¿'),
        ("shy", '\u{ad}'),
        ("auml", 'ä'),
        ("ouml", 'ö'),
        ("uuml", 'ü'),
        ("Auml", 'Ä'),
        ("Ouml", 'Ö'),
        ("Uuml", 'Ü'),
        ("szlig", 'ß'),
        ("eacute", 'é'),
        ("egrave", 'è'),
        ("ecirc", 'ê'),
        ("Eacute", 'É'),
        ("aacute", 'á'),
        ("agrave", 'à'),
        ("acirc", 'â'),
        ("iacute", 'í'),
        ("oacute", 'ó'),
        ("uacute", 'ú'),
        ("ntilde", 'ñ'),
        ("Ntilde", 'Ñ'),
        ("ccedil", 'ç'),
        ("Ccedil", 'Ç'),
        ("aring", 'å'),
        ("Aring", 'Å'),
        ("oslash", 'ø'),
        ("Oslash", 'Ø'),
        ("aelig", 'æ'),
        ("AElig", 'Æ'),
        ("euml", 'ë'),
        ("iuml", 'ï'),
        ("ocirc", 'ô'),
        ("ucirc", 'û'),
        ("ugrave", 'ù'),
        ("ograve", 'ò'),
        ("atilde", 'ã'),
        ("otilde", 'õ'),
        ("thinsp", '\u{2009}'),
        ("ensp", '\u{2002}'),
        ("emsp", '\u{2003}'),
        ("zwnj", '\u{200c}'),
        ("zwj", '\u{200d}'),
        ("lrm", '\u{200e}'),
        ("rlm", '\u{200f}'),
        ("rarr", '→'),
        ("larr", '←'),
        ("hearts", '♥'),
        ("dagger", '†'),
        ("prime", '′'),
    ];
    TABLE.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

/// A replacement of a span of a text, in code points of the text as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Splice {
    /// First code point (inclusive).
    pub start: usize,
    /// Last code point (exclusive).
    pub end: usize,
    /// What the span should read (`""` to remove it).
    pub with: String,
    /// What the span is expected to hold (the short link); used to check the indices
    /// and to find the span when they are wrong.
    pub expect: String,
}

/// Apply splices to `text` (indices in code points of `text`), decoding HTML entities
/// in the untouched parts when `escaped`. A splice whose indices do not hold its
/// `expect` string is applied to the first occurrence of that string instead, and
/// dropped when there is none. Whitespace left at the end by a removal is trimmed.
pub fn splice(text: &str, splices: &mut [Splice], escaped: bool) -> String {
    // code point index -> byte offset
    let mut offsets: Vec<usize> = Vec::new();
    let need = splices.iter().any(|s| s.end > 0);
    if need {
        offsets.extend(text.char_indices().map(|(b, _)| b));
        offsets.push(text.len());
    }
    let mut spans: Vec<(usize, usize, &str)> = Vec::with_capacity(splices.len());
    for s in splices.iter() {
        let by_index = match (offsets.get(s.start), offsets.get(s.end)) {
            (Some(&a), Some(&b))
                if a <= b && (s.expect.is_empty() || &text[a..b] == s.expect.as_str()) =>
            {
                Some((a, b))
            }
            _ => None,
        };
        let found = by_index.or_else(|| {
            if s.expect.is_empty() {
                return None;
            }
            // Indices wrong (or counted in another unit): find the short link itself,
            // skipping spans already taken.
            let mut from = 0;
            while let Some(i) = text[from..].find(s.expect.as_str()) {
                let a = from + i;
                let b = a + s.expect.len();
                if !spans.iter().any(|&(x, y, _)| a < y && x < b) {
                    return Some((a, b));
                }
                from = b;
            }
            None
        });
        if let Some((a, b)) = found {
            if !spans.iter().any(|&(x, y, _)| a < y && x < b) {
                spans.push((a, b, s.with.as_str()));
            }
        }
    }
    spans.sort_by_key(|s| s.0);
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    let mut removed_at_end = false;
    for (a, b, with) in &spans {
        push_text(&mut out, &text[at..*a], escaped);
        out.push_str(with);
        at = *b;
        removed_at_end = with.is_empty() && text[at..].trim().is_empty();
    }
    push_text(&mut out, &text[at..], escaped);
    if removed_at_end {
        let t = out.trim_end().len();
        out.truncate(t);
    }
    out
}

fn push_text(out: &mut String, s: &str, escaped: bool) {
    if escaped {
        out.push_str(&decode_entities(s));
    } else {
        out.push_str(s);
    }
}

/// Windows-1252 code points for bytes 0x80–0x9F (the five undefined bytes map to the
/// C1 control of the same number, as the WHATWG encoding standard does).
const CP1252_HIGH: [u16; 32] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
];

/// The character a single byte stands for in Windows-1252.
pub(crate) fn cp1252(b: u8) -> char {
    let cp = match b {
        0x80..=0x9F => u32::from(CP1252_HIGH[usize::from(b - 0x80)]),
        _ => u32::from(b),
    };
    char::from_u32(cp).unwrap_or('\u{FFFD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &lt;c&gt; &#39;d&#x27; &quot;"),
            "a & b <c> 'd' \""
        );
        assert_eq!(
            decode_entities("AT&T & more &unknown; &#xZZ;"),
            "AT&T & more &unknown; &#xZZ;"
        );
        assert_eq!(decode_entities("&amp;amp;"), "&amp;");
        assert_eq!(decode_entities("plain"), "plain");
    }

    #[test]
    fn splices_by_code_point_with_astral_emoji() {
        // "🎉 " is 2 code points; the link starts at code point 2
        let t = "🎉 https://t.co/abc &amp; https://t.co/media";
        let mut s = vec![
            Splice {
                start: 2,
                end: 19,
                with: "https://example.com/?a=1&amp;b".into(),
                expect: "https://t.co/abc".into(),
            },
            Splice {
                start: 26,
                end: 44,
                with: String::new(),
                expect: "https://t.co/media".into(),
            },
        ];
        // indices of the first are off by one on purpose: found by its text instead
        s[0].end = 18;
        let out = splice(t, &mut s, true);
        assert_eq!(out, "🎉 https://example.com/?a=1&amp;b &");
    }

    #[test]
    fn random_splices_never_panic() {
        // xorshift, deterministic
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let alphabet = [
            "a",
            "é",
            "🎉",
            "&amp;",
            "&",
            ";",
            "&#x1F600;",
            "&#99999999;",
            " ",
            "https://t.co/x",
            "\u{200d}",
        ];
        for _ in 0..5_000 {
            let text: String = (0..next() % 20)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let mut splices: Vec<Splice> = (0..next() % 4)
                .map(|_| Splice {
                    start: (next() % 40) as usize,
                    end: (next() % 40) as usize,
                    with: if next() % 2 == 0 {
                        String::new()
                    } else {
                        "https://e.org/?a&b".into()
                    },
                    expect: ["", "https://t.co/x", "é", "&"][(next() % 4) as usize].into(),
                })
                .collect();
            let escaped = next() % 2 == 0;
            let none = splices.is_empty();
            let out = splice(&text, &mut splices, escaped);
            // with nothing to replace, the text is only decoded (or left as it is)
            if none {
                let want = if escaped {
                    decode_entities(&text).into_owned()
                } else {
                    text.clone()
                };
                assert_eq!(out, want);
            }
        }
    }

    #[test]
    fn wrong_indices_fall_back_to_search() {
        let mut s = vec![Splice {
            start: 100,
            end: 120,
            with: "https://x.org".into(),
            expect: "https://t.co/z".into(),
        }];
        assert_eq!(
            splice("see https://t.co/z now", &mut s, true),
            "see https://x.org now"
        );
    }
}
