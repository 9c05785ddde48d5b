//! Timestamps: always UTC, always RFC 3339 in JSON.

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time, in UTC. Serialised as RFC 3339 (`2026-03-05T17:05:22Z`, with
/// milliseconds when the source had them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<Utc>);

impl Timestamp {
    /// From milliseconds since the Unix epoch.
    pub fn from_millis(ms: i64) -> Option<Timestamp> {
        Utc.timestamp_millis_opt(ms).single().map(Timestamp)
    }

    /// From seconds since the Unix epoch (Meta's `timestamp`, `creation_timestamp`).
    pub fn from_unix(secs: i64) -> Option<Timestamp> {
        Utc.timestamp_opt(secs, 0).single().map(Timestamp)
    }

    /// Milliseconds since the Unix epoch.
    pub fn millis(&self) -> i64 {
        self.0.timestamp_millis()
    }

    /// Seconds since the Unix epoch.
    pub fn seconds(&self) -> i64 {
        self.0.timestamp()
    }

    /// The time now.
    pub fn now() -> Timestamp {
        Timestamp(Utc::now())
    }

    /// RFC 5322 form, for e-mail headers (`Tue, 01 Dec 2026 23:05:15 +0000`).
    pub fn to_rfc5322(&self) -> String {
        self.0.format("%a, %d %b %Y %H:%M:%S +0000").to_string()
    }

    /// RFC 3339, `Z` suffix, milliseconds only when not zero.
    pub fn to_rfc3339(&self) -> String {
        use chrono::{Datelike, Timelike};
        use std::fmt::Write;
        let d = &self.0;
        let mut s = String::with_capacity(24);
        let y = d.year();
        // years outside 0..=9999 are not RFC 3339; chrono's own form keeps them readable
        if !(0..=9999).contains(&y) {
            return d.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
        }
        let _ = write!(
            s,
            "{y:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            d.month(),
            d.day(),
            d.hour(),
            d.minute(),
            d.second()
        );
        let ms = d.timestamp_subsec_millis();
        if ms != 0 {
            let _ = write!(s, ".{:03}", ms.min(999));
        }
        s.push('Z');
        s
    }

    /// Parse the date formats seen in exports. Returns the time and whether the
    /// original string was already canonical RFC 3339 UTC (if not, callers keep it).
    ///
    /// Accepted: RFC 3339 / ISO 8601 with offset (`2023-10-13T14:58:50.000Z`),
    /// Twitter's API format (`Thu Mar 05 17:05:22 +0000 2026`), the classic archive
    /// format (`2013-01-30 13:19:04 +0000`), Google+'s `2018-10-21 14:03:11+0000`, a
    /// bare date (`2007-11-30`), and
    /// LinkedIn's spellings: `2024-12-16 18:24:37 UTC`, `2017/06/08 08:15:44 UTC`,
    /// `6/19/18, 5:54 AM`, `11/26/24 01:32 PM UTC`, `Sat Dec 14 08:57:55 UTC 2024`,
    /// `05 Mar 2024`, `2024-02-01 09:30` (all UTC).
    pub fn parse(s: &str) -> Option<(Timestamp, bool)> {
        let t = s.trim();
        if let Some(ts) = parse_ymd_hms(t) {
            return Some((ts, false));
        }
        if let Some(ts) = parse_twitter(t) {
            return Some((ts, false));
        }
        if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
            let utc = dt.with_timezone(&Utc);
            let canonical = t.ends_with('Z') || t.ends_with("+00:00");
            return Some((Timestamp(utc), canonical));
        }
        for fmt in [
            "%a %b %d %H:%M:%S %z %Y",
            "%Y-%m-%d %H:%M:%S %z",
            "%Y-%m-%dT%H:%M:%S%.f%z",
            // Google+ Takeout: `2018-10-21 14:03:11+0000`
            "%Y-%m-%d %H:%M:%S%.f%z",
        ] {
            if let Ok(dt) = DateTime::parse_from_str(t, fmt) {
                return Some((Timestamp(dt.with_timezone(&Utc)), false));
            }
        }
        // `2024-01-15 10:30:00 UTC` (Reddit), `… GMT`: a naive time said to be UTC
        let naive = t
            .strip_suffix(" UTC")
            .or_else(|| t.strip_suffix(" GMT"))
            .unwrap_or(t);
        for fmt in [
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M:%S%.f",
        ] {
            if let Ok(dt) = NaiveDateTime::parse_from_str(naive, fmt) {
                return Some((Timestamp(Utc.from_utc_datetime(&dt)), false));
            }
        }
        // LinkedIn: `2017/06/08 08:15:44 UTC`, `2024-02-01 09:30` (articles),
        // `6/19/18, 5:54 AM` (US short), `11/26/24 01:32 PM UTC` (receipts),
        // `Sat Dec 14 08:57:55 UTC 2024` (Java `Date.toString()`)
        for fmt in [
            "%Y/%m/%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%m/%d/%y, %I:%M %p",
            "%m/%d/%y %I:%M %p",
            "%m/%d/%Y, %I:%M %p",
            "%a %b %d %H:%M:%S UTC %Y",
            "%a %b %d %H:%M:%S GMT %Y",
        ] {
            if let Ok(dt) = NaiveDateTime::parse_from_str(naive, fmt) {
                return Some((Timestamp(Utc.from_utc_datetime(&dt)), false));
            }
        }
        // bare dates: `2007-11-30`, LinkedIn's `05 Mar 2024`
        for fmt in ["%Y-%m-%d", "%d %b %Y"] {
            if let Ok(d) = NaiveDate::parse_from_str(t, fmt) {
                return Some((
                    Timestamp(Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0)?)),
                    false,
                ));
            }
        }
        None
    }
}

/// `2024-12-16 18:24:37`, optionally followed by ` UTC` or ` GMT` (LinkedIn, Reddit:
/// one per row), without chrono's format-string interpreter.
fn parse_ymd_hms(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    let b = match b.len() {
        19 => b,
        23 if b.ends_with(b" UTC") || b.ends_with(b" GMT") => &b[..19],
        _ => return None,
    };
    if b[4] != b'-' || b[7] != b'-' || b[10] != b' ' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let mut n = 0u32;
        for &c in b.get(r)? {
            if !c.is_ascii_digit() {
                return None;
            }
            n = n * 10 + u32::from(c - b'0');
        }
        Some(n)
    };
    let date = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    let dt = date.and_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?)?;
    Some(Timestamp(Utc.from_utc_datetime(&dt)))
}

/// Twitter's `Thu Mar 05 17:05:22 +0000 2026`, without chrono's format-string
/// interpreter (it is on the hot path: one per tweet).
fn parse_twitter(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    if b.len() != 30
        || b[3] != b' '
        || b[7] != b' '
        || b[10] != b' '
        || b[19] != b' '
        || b[25] != b' '
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let mut n = 0u32;
        for &c in b.get(r)? {
            if !c.is_ascii_digit() {
                return None;
            }
            n = n * 10 + u32::from(c - b'0');
        }
        Some(n)
    };
    const MONTHS: [&[u8; 3]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    let month = MONTHS.iter().position(|m| m[..] == b[4..7])? as u32 + 1;
    let day = num(8..10)?;
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let sign = match b[20] {
        b'+' => 1i64,
        b'-' => -1,
        _ => return None,
    };
    let off = sign * (i64::from(num(21..23)?) * 3600 + i64::from(num(23..25)?) * 60);
    let year = num(26..30)? as i32;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let dt = date.and_hms_opt(h, mi, se)?;
    let utc = Utc.from_utc_datetime(&dt) - chrono::Duration::seconds(off);
    Some(Timestamp(utc))
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(d)?;
        Timestamp::parse(&s)
            .map(|(t, _)| t)
            .ok_or_else(|| serde::de::Error::custom(format!("not a timestamp: {s:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_export_format() {
        let (t, c) = Timestamp::parse("Thu Mar 05 17:05:22 +0000 2026").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-05T17:05:22Z");
        assert!(!c);
        let (t, _) = Timestamp::parse("Sun Mar 01 16:43:07 -0130 2026").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-01T18:13:07Z");
        assert!(
            Timestamp::parse("Xyz Mar 05 17:05:22 +0000 2026").is_some(),
            "day name is not checked"
        );
        assert!(Timestamp::parse("Thu Foo 05 17:05:22 +0000 2026").is_none());
        assert!(Timestamp::parse("Thu Feb 30 17:05:22 +0000 2026").is_none());
        let (t, c) = Timestamp::parse("2023-10-13T14:58:50.000Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2023-10-13T14:58:50Z");
        assert!(c);
        let (t, _) = Timestamp::parse("2021-09-15T06:00:28.597Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2021-09-15T06:00:28.597Z");
        let (t, c) = Timestamp::parse("2013-01-30 13:19:04 +0100").unwrap();
        assert_eq!(t.to_rfc3339(), "2013-01-30T12:19:04Z");
        assert!(!c);
        assert_eq!(
            Timestamp::parse("2007-11-30").unwrap().0.to_rfc3339(),
            "2007-11-30T00:00:00Z"
        );
        let (t, c) = Timestamp::parse("2018-10-21 14:03:11+0000").unwrap();
        assert_eq!(t.to_rfc3339(), "2018-10-21T14:03:11Z");
        assert!(!c);
        let (t, c) = Timestamp::parse("2023-08-30T01:54:46.80102+00:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2023-08-30T01:54:46.801Z");
        assert!(c);
        for (s, want) in [
            ("2017/06/08 08:15:44 UTC", "2017-06-08T08:15:44Z"),
            ("6/19/18, 5:54 AM", "2018-06-19T05:54:00Z"),
            ("12/15/24, 7:47 PM", "2024-12-15T19:47:00Z"),
            ("11/26/24 01:32 PM UTC", "2024-11-26T13:32:00Z"),
            ("Sat Dec 14 08:57:55 UTC 2024", "2024-12-14T08:57:55Z"),
            ("05 Mar 2024", "2024-03-05T00:00:00Z"),
            ("2024-02-01 09:30", "2024-02-01T09:30:00Z"),
            ("2024-12-16 18:24:37 UTC", "2024-12-16T18:24:37Z"),
            ("2024-12-16 18:24:37", "2024-12-16T18:24:37Z"),
            ("2024-12-16 18:24:37 GMT", "2024-12-16T18:24:37Z"),
        ] {
            let (t, c) = Timestamp::parse(s).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(t.to_rfc3339(), want, "{s}");
            assert!(!c);
        }
        assert!(Timestamp::parse("2024-02-30 18:24:37").is_none());
        assert!(Timestamp::parse("2024-12-16 25:24:37 UTC").is_none());
        assert!(Timestamp::parse("not a date").is_none());
        assert!(Timestamp::parse("").is_none());
    }

    #[test]
    fn round_trips_through_json() {
        let t = Timestamp::from_millis(1_771_945_388_492).unwrap();
        let j = serde_json::to_string(&t).unwrap();
        assert_eq!(j, "\"2026-02-24T15:03:08.492Z\"");
        let back: Timestamp = serde_json::from_str(&j).unwrap();
        assert_eq!(back, t);
    }
}
