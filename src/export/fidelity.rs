//! Field-level fidelity: for each record an exporter writes, what a reader of the
//! format will make of it.
//!
//! An exporter builds the record a reader will get back (for the formats lifeboat reads
//! back, exactly what lifeboat's own reader makes of the bytes written, by the same
//! functions the reader uses) and [`settle`]s it against the record in the archive:
//! every field that differs is counted in the export report under the record's kind
//! and the field's name, with the format's reason. `lifeboat diff` compares records the
//! same way (as JSON, without their provenance `source`), so the report of an export
//! and the diff of a round trip through it name the same fields with the same counts;
//! `tests/roundtrip.rs` holds them to that.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Map, Value};

use super::report::Book;
use crate::model::Kind;

/// A record as JSON without its provenance, as `lifeboat diff` compares it.
pub(crate) fn fields<T: Serialize>(r: &T) -> Map<String, Value> {
    match serde_json::to_value(r) {
        Ok(Value::Object(mut m)) => {
            m.remove("source");
            m
        }
        _ => Map::new(),
    }
}

/// Count every field in which `back` (what a reader gets) differs from `orig` (the
/// archive's record), plus the fields named in `differs` (known to come back
/// different, though not exactly how), each with its reason.
pub(crate) fn settle<T: Serialize>(
    book: &mut Book,
    kind: Kind,
    orig: &T,
    back: &T,
    differs: &[&str],
    reason: &dyn Fn(&str) -> String,
) {
    let a = fields(orig);
    let b = fields(back);
    let mut keys: BTreeSet<&str> = a.keys().chain(b.keys()).map(String::as_str).collect();
    keys.extend(differs.iter().copied().filter(|k| a.contains_key(*k)));
    for k in keys {
        if differs.contains(&k) || a.get(k) != b.get(k) {
            book.field(kind, k, reason(k));
        }
    }
}

/// For a format lifeboat does not read back: count each field of a record it writes
/// that the format has no place for (the fields of `lost` the record has a value in),
/// under the same field names a round trip would name.
pub(crate) fn declare<T: Serialize>(
    book: &mut Book,
    kind: Kind,
    r: &T,
    lost: &[&str],
    reason: &dyn Fn(&str) -> String,
) {
    let a = fields(r);
    for k in lost {
        if a.contains_key(*k) {
            book.field(kind, k, reason(k));
        }
    }
}
