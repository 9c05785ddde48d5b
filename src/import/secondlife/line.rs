//! One line of a Second Life chat log, as the viewers write it (`LLChatLogFormatter`
//! in `indra/newview/lllogchat.cpp` of the official viewer and of Firestorm):
//!
//! ```text
//! [2009/11/20 3:00]  SuperCar: You aren't the owner      date, time, name, text
//! [2:59]  SuperCar: You aren't the owner                 time only (today's lines)
//! [2013/05/01 22:05:17]  Mary Smith: hi                  Firestorm, with seconds
//! [2013/05/01 10:05 PM]  Mary Smith: hi                  12-hour clocks
//! Katar Ivercourt is Offline                             no name: a system line
//!  second line of a message                              a leading space: continued
//! ```
//!
//! Two spaces follow the timestamp; a `:` inside a name is written `%3A`; a message of
//! several lines continues on lines that start with one space (since viewer 1.23);
//! system messages are written with the name `Second Life` (viewer 2 and later).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// A timestamp as a line shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    /// The text between the brackets.
    pub raw: String,
    /// The date, when the line has one.
    pub date: Option<NaiveDate>,
    /// The time of day.
    pub time: NaiveTime,
    /// Whether the time had seconds.
    pub seconds: bool,
}

/// A parsed line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Line {
    pub stamp: Option<Stamp>,
    /// The name before the first `: `, `%3A` decoded.
    pub name: Option<String>,
    pub text: String,
}

/// The name the viewers write for system messages.
pub(crate) const SYSTEM: &str = "Second Life";

/// Parse the bracketed timestamp at the start of a line; returns it and the rest.
pub(crate) fn stamp(line: &str) -> Option<(Stamp, &str)> {
    let rest = line.strip_prefix('[')?;
    let end = rest.find(']')?;
    let inner = rest.get(..end)?.trim();
    if inner.len() > 32 {
        return None;
    }
    let after = rest.get(end + 1..)?;
    // at least one space after the bracket (two, as written)
    if !after.starts_with([' ', '\t']) && !after.is_empty() {
        return None;
    }
    let (date, clock) = match inner.split_once(char::is_whitespace) {
        Some((d, c)) if d.contains('/') => (Some(d), c.trim()),
        _ => (None, inner),
    };
    let date = match date {
        Some(d) => {
            let mut p = d.split('/');
            let (y, m, dd) = (p.next()?, p.next()?, p.next()?);
            if p.next().is_some() || y.len() != 4 {
                return None;
            }
            Some(NaiveDate::from_ymd_opt(
                y.parse().ok()?,
                m.parse().ok()?,
                dd.parse().ok()?,
            )?)
        }
        None => None,
    };
    let (time, seconds) = clock_time(clock)?;
    Some((
        Stamp {
            raw: inner.to_string(),
            date,
            time,
            seconds,
        },
        after.trim_start_matches([' ', '\t']),
    ))
}

/// `3:00`, `22:05:17`, `10:05 PM`, `10:05:17 pm`.
fn clock_time(s: &str) -> Option<(NaiveTime, bool)> {
    let (hm, ampm) = match s.rsplit_once(' ') {
        Some((a, b)) if b.eq_ignore_ascii_case("am") || b.eq_ignore_ascii_case("pm") => {
            (a.trim(), Some(b.eq_ignore_ascii_case("pm")))
        }
        _ => (s, None),
    };
    let parts: Vec<&str> = hm.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let mut h: u32 = parts.first()?.parse().ok()?;
    let m: u32 = parts.get(1)?.parse().ok()?;
    let sec: u32 = match parts.get(2) {
        Some(x) => x.parse().ok()?,
        None => 0,
    };
    if let Some(pm) = ampm {
        if !(1..=12).contains(&h) {
            return None;
        }
        h = match (h, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    Some((NaiveTime::from_hms_opt(h, m, sec)?, parts.len() == 3))
}

/// Undo the `%3A` (and any other `%XX`) the formatter wrote into a name.
fn unescape(name: &str) -> String {
    if !name.contains('%') {
        return name.to_string();
    }
    let b = name.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if let Some(v) = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parse a line that starts a message (not a continuation).
pub(crate) fn parse(line: &str) -> Line {
    let (stamp, rest) = match stamp(line) {
        Some((s, r)) => (Some(s), r),
        None => (None, line),
    };
    // the name is everything before the first colon (names never hold one: it is
    // written %3A), when a space or the end follows it
    let (name, text) = match rest.find(':') {
        Some(i)
            if i > 0
                && rest
                    .get(i + 1..)
                    .is_some_and(|t| t.is_empty() || t.starts_with([' ', '\t'])) =>
        {
            let n = unescape(rest.get(..i).unwrap_or("").trim());
            let t = rest
                .get(i + 1..)
                .unwrap_or("")
                .trim_start_matches([' ', '\t']);
            (Some(n), t.to_string())
        }
        _ => (None, rest.to_string()),
    };
    Line {
        stamp,
        name: name.filter(|n| !n.is_empty()),
        text,
    }
}

/// A date and a time of day as one local time.
pub(crate) fn local(date: NaiveDate, time: NaiveTime) -> NaiveDateTime {
    date.and_time(time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_viewers_line_shapes() {
        let l = parse("[2009/11/20 3:00]  SuperCar: You aren't the owner");
        let s = l.stamp.unwrap();
        assert_eq!(s.date, NaiveDate::from_ymd_opt(2009, 11, 20));
        assert_eq!(
            (s.time.to_string().as_str(), s.seconds),
            ("03:00:00", false)
        );
        assert_eq!(l.name.as_deref(), Some("SuperCar"));
        assert_eq!(l.text, "You aren't the owner");
        let l = parse("[2:59]  SuperCar: You aren't the owner");
        assert_eq!(l.stamp.unwrap().date, None);
        let l = parse("[2013/05/01 22:05:17]  Mary Smith: see: this");
        let s = l.stamp.unwrap();
        assert_eq!((s.time.to_string().as_str(), s.seconds), ("22:05:17", true));
        assert_eq!(
            (l.name.as_deref(), l.text.as_str()),
            (Some("Mary Smith"), "see: this")
        );
        let l = parse("[2013/05/01 10:05 PM]  Mary Smith: hi");
        assert_eq!(l.stamp.unwrap().time.to_string(), "22:05:00");
        let l = parse("[12:30:00 am]  x: y");
        assert_eq!(l.stamp.unwrap().time.to_string(), "00:30:00");
        let l = parse("Katar Ivercourt is Offline");
        assert_eq!(
            (l.stamp, l.name, l.text.as_str()),
            (None, None, "Katar Ivercourt is Offline")
        );
        let l = parse("[3:00]  Object%3A Tip Jar: Thanks!");
        assert_eq!(l.name.as_deref(), Some("Object: Tip Jar"));
        let l = parse("[3:00]  Second Life: Teleport completed from http://slurl.com/x");
        assert_eq!(l.name.as_deref(), Some(SYSTEM));
        // not timestamps
        assert!(stamp("[link] text").is_none());
        assert!(stamp("[25:61]  x").is_none());
        assert!(stamp("[2009/13/40 3:00]  x").is_none());
        assert_eq!(parse("[2:59]SuperCar: x").stamp, None);
    }
}
