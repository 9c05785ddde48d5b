//! Meta's mojibake and its exact repair.
//!
//! Facebook, Instagram and Threads exports write every non-ASCII character as its
//! UTF-8 bytes, each escaped as a separate `\u00XX`: a JSON parser yields the Latin-1
//! reading of those bytes (`é` → `Ã©`, `❤` → `â\u{9d}¤`). The repair maps each code
//! point back to the byte it stands for and decodes the bytes as UTF-8.
//!
//! It is exact and conservative: a string is changed only when every code point is
//! ≤ U+00FF (else it already holds real Unicode) **and** the bytes are valid UTF-8
//! (else the Latin-1 characters are real, such as a lone `é` or `ö` in the plain UTF-8
//! of Instagram's 2019 exports). Bytes 0x80–0x9F map to U+0080–U+009F (not
//! Windows-1252). A string is repaired once, never twice: text that was already
//! correct is left as it is.

use serde_json::{Map, Value};

/// The repaired form of `s`, or `None` when `s` is not Meta mojibake (ASCII, real
/// Unicode above U+00FF, or Latin-1 that does not decode as UTF-8).
pub fn repair(s: &str) -> Option<String> {
    // ASCII needs no repair (the common case, one scan)
    if s.is_ascii() {
        return None;
    }
    let mut bytes = Vec::with_capacity(s.len());
    for c in s.chars() {
        let n = c as u32;
        if n > 0xFF {
            return None;
        }
        bytes.push(n as u8);
    }
    String::from_utf8(bytes).ok()
}

/// Repair a string in place; true when it changed.
pub fn repair_in_place(s: &mut String) -> bool {
    match repair(s) {
        Some(t) => {
            *s = t;
            true
        }
        None => false,
    }
}

/// Repair every string of a JSON value, object keys included. Returns the number of
/// strings repaired.
pub fn repair_value(v: &mut Value) -> u64 {
    match v {
        Value::String(s) => u64::from(repair_in_place(s)),
        Value::Array(a) => a.iter_mut().map(repair_value).sum(),
        Value::Object(m) => {
            let mut n = 0;
            if m.keys().any(|k| !k.is_ascii()) {
                let old = std::mem::take(m);
                let mut fresh = Map::with_capacity(old.len());
                for (mut k, mut val) in old {
                    n += u64::from(repair_in_place(&mut k));
                    n += repair_value(&mut val);
                    fresh.insert(k, val);
                }
                *m = fresh;
            } else {
                for val in m.values_mut() {
                    n += repair_value(val);
                }
            }
            n
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Latin-1 reading of a string's UTF-8 bytes: what Meta's files parse to.
    fn break_it(s: &str) -> String {
        s.bytes().map(char::from).collect()
    }

    #[test]
    fn repairs_exactly() {
        assert_eq!(repair("Ã©").as_deref(), Some("é"));
        assert_eq!(repair("LÃ¸ye").as_deref(), Some("Løye"));
        assert_eq!(repair("â\u{9d}¤").as_deref(), Some("❤"));
        assert_eq!(repair("ð\u{9f}\u{91}\u{8b}").as_deref(), Some("👋"));
        for s in [
            "Grüße aus Zürich!",
            "Zoë Müller",
            "神宫083是极致的视听享受",
            "Let them know 🙏🏽🙏🏽",
            "combining grave: a\u{300}",
            "❤️ café — “quoted”",
        ] {
            assert_eq!(repair(&break_it(s)).as_deref(), Some(s), "{s}");
        }
    }

    #[test]
    fn c1_controls_are_bytes_not_windows_1252() {
        // U+0080..U+009F are the bytes 0x80..0x9F; cp1252 would read 0x9D as nothing
        // and 0x80 as '€'
        assert_eq!(repair("\u{cc}\u{80}").as_deref(), Some("\u{300}"));
        assert_eq!(repair("â\u{80}\u{94}").as_deref(), Some("—"));
    }

    #[test]
    fn leaves_correct_text_alone() {
        // ASCII
        assert_eq!(repair("plain ascii"), None);
        // real Unicode above U+00FF
        assert_eq!(repair("Zoë ❤"), None);
        assert_eq!(repair("Frühstück ☕ #cafe"), None);
        // real Latin-1 that is not the UTF-8 of anything: a lone é, ö, ë
        assert_eq!(repair("café"), None);
        assert_eq!(repair("Habt ihr heute geöffnet?"), None);
        assert_eq!(repair("Zoë Müller"), None);
        // Latin-1 pairs that are not valid UTF-8 sequences (é followed by ASCII, a
        // continuation byte with no lead)
        assert_eq!(repair("né à"), None);
        assert_eq!(repair("\u{a9} 2024"), None);
        // an overlong or truncated sequence is not valid UTF-8 either
        assert_eq!(repair("\u{c0}\u{af}"), None);
        assert_eq!(repair("\u{e2}\u{82}"), None);
    }

    #[test]
    fn never_repairs_twice() {
        for s in ["Grüße", "❤", "👋 Zoë", "ascii", "café"] {
            let once = repair(&break_it(s)).unwrap_or_else(|| break_it(s));
            assert_eq!(once, s);
            // repairing the repaired text changes nothing
            assert_eq!(repair(&once), None, "{s}");
        }
        // doubly broken text is repaired one level only
        let twice = break_it(&break_it("é"));
        assert_eq!(repair(&twice).as_deref(), Some("Ã©"));
    }

    #[test]
    fn repairs_values_and_keys() {
        let mut v: Value = serde_json::json!({
            "title": break_it("Café"),
            "list": [break_it("Zoë"), "ascii", 3, null],
            break_it("Gruß"): {"x": break_it("❤")},
            "already": "Zoë ❤"
        });
        assert_eq!(repair_value(&mut v), 4);
        assert_eq!(v["title"], "Café");
        assert_eq!(v["list"][0], "Zoë");
        assert_eq!(v["Gruß"]["x"], "❤");
        assert_eq!(v["already"], "Zoë ❤");
        assert_eq!(repair_value(&mut v), 0, "a second pass changes nothing");
    }
}
