//! Timestamp identifiers (TIDs), the record keys of a repository: 64 bits, the top one
//! zero, then 53 bits of microseconds since the epoch and 10 bits of clock id, written
//! as 13 characters of base32-sortable (`234567abcdefghijklmnopqrstuvwxyz`).
//!
//! lifeboat derives a record's TID from its original time, with a clock id taken from
//! its record id: the same archive always gets the same keys, and two records of the
//! same microsecond almost never collide (when they do, the later in order moves on
//! by one microsecond).

use std::collections::HashSet;

const ALPHA: &[u8; 32] = b"234567abcdefghijklmnopqrstuvwxyz";

/// The largest microsecond count a TID holds (53 bits).
const MAX_MICROS: u64 = (1 << 53) - 1;

/// The 13-character text of a TID.
pub(crate) fn encode(micros: u64, clock: u16) -> String {
    let v = ((micros & MAX_MICROS) << 10) | u64::from(clock & 0x3ff);
    let mut s = String::with_capacity(13);
    for i in (0..13).rev() {
        s.push(ALPHA[((v >> (5 * i)) & 31) as usize] as char);
    }
    s
}

/// A 10-bit clock id from a record id (FNV-1a: stable across runs and platforms).
pub(crate) fn clock_of(id: &str) -> u16 {
    let mut h: u32 = 0x811c_9dc5;
    for b in id.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    ((h ^ (h >> 10) ^ (h >> 20)) & 0x3ff) as u16
}

/// Hands out unique TIDs.
#[derive(Default)]
pub(crate) struct Tids {
    used: HashSet<u64>,
}

impl Tids {
    /// A TID for a record of time `micros` (clamped to the range a TID holds) named
    /// `id`: its own, or the next free microsecond.
    pub(crate) fn take(&mut self, micros: i64, id: &str) -> String {
        let clock = clock_of(id);
        let mut m = u64::try_from(micros).unwrap_or(0).min(MAX_MICROS);
        while !self.used.insert((m << 10) | u64::from(clock)) {
            m = if m >= MAX_MICROS { 0 } else { m + 1 };
        }
        encode(m, clock)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tid_micros(t: &str) -> Option<u64> {
        let mut v = 0u64;
        for c in t.bytes() {
            v = (v << 5) | ALPHA.iter().position(|&a| a == c)? as u64;
        }
        Some(v >> 10)
    }

    #[test]
    fn encodes_and_reads_back() {
        assert_eq!(encode(0, 0), "2222222222222");
        // the top bit is zero: the first character is one of 2…j (`[234567abcdefghij]`)
        assert_eq!(encode(MAX_MICROS, 0x3ff), "bzzzzzzzzzzzz");
        let t = encode(1_700_000_000_123_456, 7);
        assert_eq!(t.len(), 13);
        assert_eq!(tid_micros(&t), Some(1_700_000_000_123_456));
        // sortable: later times sort later
        assert!(encode(1_700_000_000_000_001, 0) > encode(1_700_000_000_000_000, 1023));
    }

    #[test]
    fn stable_and_unique() {
        let mut a = Tids::default();
        let x = a.take(1_000, "twitter:post:1");
        let y = a.take(1_000, "twitter:post:1");
        assert_ne!(x, y);
        assert_eq!(tid_micros(&y), Some(1_001));
        let mut b = Tids::default();
        assert_eq!(b.take(1_000, "twitter:post:1"), x);
        assert_eq!(clock_of("twitter:post:1"), clock_of("twitter:post:1"));
        assert!(a.take(-5, "z").starts_with("22222222222"));
    }
}
