//! The export report: what was written, and what could not be expressed, per kind
//! ([`ExportReport`], [`Loss`]), counted as an export goes ([`Book`]).

use std::collections::BTreeMap;

use serde::Serialize;

use super::Format;
use crate::model::Kind;

/// What could not be expressed: `count` records of `kind`, and why. Without a
/// `field` the records themselves are not in the output; with one, they are, but that
/// field of theirs is not kept as it is (it is left out, or changed on the way).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Loss {
    /// The record kind (`reaction`).
    pub kind: String,
    /// The field of the record (`history`, `ext`), when only that part is lost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// How many records.
    pub count: u64,
    /// Why (`Atom has no place for likes`).
    pub reason: String,
}

/// The outcome of an export: what was written and what was left out, per kind.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ExportReport {
    /// The format name.
    pub format: String,
    /// Where it was written (empty for a dry run).
    pub out: String,
    /// Records written, per kind.
    pub written: BTreeMap<String, u64>,
    /// Records (or parts of records) left out, per kind and reason.
    pub lost: Vec<Loss>,
    /// Things the user should know (e.g. that direct messages were included).
    pub notes: Vec<String>,
}

impl ExportReport {
    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Total records left out (or partly left out).
    pub fn lost_total(&self) -> u64 {
        self.lost.iter().map(|l| l.count).sum()
    }

    /// Records of `kind` left out whole (not those that lost only a field).
    pub fn records_lost(&self, kind: &str) -> u64 {
        self.lost
            .iter()
            .filter(|l| l.kind == kind && l.field.is_none())
            .map(|l| l.count)
            .sum()
    }

    /// Records of `kind` written whose `field` is not kept as it is, by field.
    pub fn fields_lost(&self, kind: &str) -> BTreeMap<String, u64> {
        let mut m = BTreeMap::new();
        for l in self.lost.iter().filter(|l| l.kind == kind) {
            if let Some(f) = &l.field {
                *m.entry(f.clone()).or_default() += l.count;
            }
        }
        m
    }
}

impl std::fmt::Display for ExportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.out.is_empty() {
            writeln!(f, "{} (dry run):", self.format)?;
        } else {
            writeln!(f, "{} -> {}:", self.format, self.out)?;
        }
        let w: Vec<String> = self
            .written
            .iter()
            .map(|(k, n)| format!("{n} {}", plural(k, *n)))
            .collect();
        writeln!(
            f,
            "  written: {}",
            if w.is_empty() {
                "nothing".into()
            } else {
                w.join(", ")
            }
        )?;
        if self.lost.is_empty() {
            writeln!(f, "  not expressed: nothing")?;
        } else {
            writeln!(f, "  not expressed:")?;
            for l in &self.lost {
                match &l.field {
                    None => writeln!(
                        f,
                        "    {} {}: {}",
                        l.count,
                        plural(&l.kind, l.count),
                        l.reason
                    )?,
                    Some(field) => writeln!(
                        f,
                        "    {} {} ({field}): {}",
                        l.count,
                        plural(&l.kind, l.count),
                        l.reason
                    )?,
                }
            }
        }
        for n in &self.notes {
            writeln!(f, "  note: {n}")?;
        }
        Ok(())
    }
}

fn plural(kind: &str, n: u64) -> String {
    if n == 1 || kind.ends_with('s') || kind == "media" {
        kind.to_string()
    } else {
        format!("{kind}s")
    }
}

/// Counts written and lost records as an export goes.
#[derive(Default)]
pub(crate) struct Book {
    written: BTreeMap<String, u64>,
    lost: BTreeMap<(String, Option<String>, String), u64>,
    notes: Vec<String>,
}

impl Book {
    pub(crate) fn wrote(&mut self, kind: Kind) {
        *self.written.entry(kind.as_str().to_string()).or_default() += 1;
    }
    pub(crate) fn wrote_n(&mut self, kind: Kind, n: u64) {
        if n > 0 {
            *self.written.entry(kind.as_str().to_string()).or_default() += n;
        }
    }
    /// One record of `kind` is not in the output.
    pub(crate) fn lost(&mut self, kind: Kind, reason: impl Into<String>) {
        self.lost_n(kind, 1, reason)
    }
    /// `n` records of `kind` are not in the output.
    pub(crate) fn lost_n(&mut self, kind: Kind, n: u64, reason: impl Into<String>) {
        if n > 0 {
            *self
                .lost
                .entry((kind.as_str().to_string(), None, reason.into()))
                .or_default() += n;
        }
    }
    /// One record of `kind` is in the output, but its `field` is not kept as it is.
    pub(crate) fn field(&mut self, kind: Kind, field: &str, reason: impl Into<String>) {
        *self
            .lost
            .entry((
                kind.as_str().to_string(),
                Some(field.to_string()),
                reason.into(),
            ))
            .or_default() += 1;
    }
    pub(crate) fn note(&mut self, s: impl Into<String>) {
        let s = s.into();
        if !self.notes.contains(&s) {
            self.notes.push(s);
        }
    }
    pub(crate) fn into_report(self, format: Format, out: String) -> ExportReport {
        ExportReport {
            format: format.name().to_string(),
            out,
            written: self.written,
            lost: self
                .lost
                .into_iter()
                .map(|((kind, field, reason), count)| Loss {
                    kind,
                    field,
                    count,
                    reason,
                })
                .collect(),
            notes: self.notes,
        }
    }
}
