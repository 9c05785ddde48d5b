//! Round trips: every sample of every network through every format lifeboat reads back
//! (the Mastodon archive, an ActivityStreams outbox, WXR, a Bluesky repository), then `lifeboat diff` of the
//! original archive against the one read back. What differs must be exactly what the
//! export's report declared lost: the records not carried, per kind, and each field
//! not kept as it is, per kind and field, with the same counts. Nothing may be added.
//!
//! The measurements, with every audience but direct messages included, are published
//! as the fidelity matrix `docs/fidelity.md`: this test writes it when
//! `LIFEBOAT_UPDATE_FIDELITY=1` and fails when the committed file differs from what it
//! measured.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::TempDir;
use lifeboat::export::{export, ExportOptions, ExportReport, Filter, Format};
use lifeboat::model::Visibility;
use lifeboat::records::diff;

const FORMATS: [(Format, &str); 4] = [
    (Format::Mastodon, "archive.zip"),
    (Format::ActivityStreams, "outbox.json"),
    (Format::Wxr, "export.wordpress.xml"),
    (Format::Bluesky, "bluesky-repo"),
];

/// Every sample: (network, sample name, path).
fn samples() -> Vec<(String, String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats");
    let mut out = Vec::new();
    let mut nets: Vec<_> = std::fs::read_dir(&root)
        .expect("formats/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("samples").is_dir())
        .collect();
    nets.sort();
    for net in nets {
        let name = net
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let mut list: Vec<_> = std::fs::read_dir(net.join("samples"))
            .expect("samples/")
            .map(|e| e.expect("entry").path())
            .filter(|p| {
                let f = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                !f.ends_with(".py") && !f.ends_with(".md") && !f.starts_with('.')
            })
            .collect();
        list.sort();
        for s in list {
            let sn = s
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_string();
            out.push((name.clone(), sn, s));
        }
    }
    out
}

/// What one round trip measured, and what its export declared.
#[derive(Default)]
struct Trip {
    /// Records of the original archive, per kind.
    total: BTreeMap<String, u64>,
    /// Records not read back, per kind (measured).
    removed: BTreeMap<String, u64>,
    /// Records read back that the original did not have, per kind.
    added: BTreeMap<String, Vec<String>>,
    /// Records read back unchanged, per kind.
    unchanged: BTreeMap<String, u64>,
    /// Records read back with this field changed, per (kind, field).
    changed: BTreeMap<(String, String), u64>,
    /// The export's report.
    report: ExportReport,
}

fn round_trip(
    archive: &Path,
    fmt: Format,
    file: &str,
    include: &[Visibility],
    tmp: &TempDir,
) -> Trip {
    let run = tmp.join(format!("{}-{}", fmt.name(), include.len()));
    std::fs::create_dir_all(&run).expect("mkdir");
    let out = run.join(file);
    let opts = ExportOptions {
        filter: Filter {
            include: include.to_vec(),
            ..Filter::default()
        },
        ..ExportOptions::default()
    };
    let report = export(archive, fmt, &out, &opts).expect("export");
    let back = run.join("back");
    lifeboat::import_dump(
        &out,
        &back,
        &lifeboat::ImportOptions::default(),
        &mut lifeboat::NoProgress,
    )
    .unwrap_or_else(|e| panic!("{}: reading the export back failed: {e}", fmt.name()));
    let d = diff(archive, &back).expect("diff");
    let mut t = Trip {
        report,
        ..Trip::default()
    };
    for (kind, k) in &d.kinds {
        // a record not read back is `removed` or `not_covered` by the diff (whether
        // the format covers its kind): either way it did not come back
        let gone = k.removed.len() as u64 + k.not_covered.len() as u64;
        let total = gone + k.changed.len() as u64 + k.unchanged;
        t.total.insert(kind.clone(), total);
        t.removed.insert(kind.clone(), gone);
        t.unchanged.insert(kind.clone(), k.unchanged);
        if !k.added.is_empty() {
            t.added.insert(kind.clone(), k.added.clone());
        }
        for c in &k.changed {
            for f in &c.fields {
                *t.changed
                    .entry((kind.clone(), f.field.clone()))
                    .or_default() += 1;
            }
        }
    }
    t
}

/// The differences between what a round trip measured and what its export declared.
fn mismatches(t: &Trip) -> Vec<String> {
    let mut out = Vec::new();
    let kinds: std::collections::BTreeSet<&String> = t.total.keys().collect();
    for kind in kinds {
        let declared = t.report.records_lost(kind);
        let removed = t.removed.get(kind).copied().unwrap_or(0);
        if declared != removed {
            out.push(format!(
                "{kind}: {removed} records not read back, {declared} declared lost"
            ));
        }
        let declared_fields = t.report.fields_lost(kind);
        let mut fields: std::collections::BTreeSet<&String> = declared_fields.keys().collect();
        fields.extend(t.changed.keys().filter(|(k, _)| k == kind).map(|(_, f)| f));
        for f in fields {
            let d = declared_fields.get(f).copied().unwrap_or(0);
            let m = t
                .changed
                .get(&(kind.clone(), f.clone()))
                .copied()
                .unwrap_or(0);
            if d != m {
                out.push(format!("{kind}.{f}: {m} records changed, {d} declared"));
            }
        }
    }
    for (kind, ids) in &t.added {
        out.push(format!(
            "{kind}: {} records read back that the archive did not have: {:?}",
            ids.len(),
            ids.iter().take(3).collect::<Vec<_>>()
        ));
    }
    out
}

/// Every audience a public format leaves out by default, but direct messages (which
/// no public format carries).
const WIDE: [Visibility; 4] = [
    Visibility::Unlisted,
    Visibility::Followers,
    Visibility::Private,
    Visibility::Unknown,
];

#[test]
fn round_trips_lose_exactly_what_they_declare() {
    let mut failures = Vec::new();
    // (format, network) → summed measurements of the wide round trips
    let mut matrix: BTreeMap<(String, String), Sum> = BTreeMap::new();
    let mut refused = Vec::new();
    for (net, name, path) in samples() {
        let tmp = TempDir::new("roundtrip");
        let archive = tmp.join("archive");
        if let Err(e) = lifeboat::import_dump(
            &path,
            &archive,
            &lifeboat::ImportOptions::default(),
            &mut lifeboat::NoProgress,
        ) {
            refused.push(format!("{net}/{name}: {e}"));
            continue;
        }
        for (fmt, file) in FORMATS {
            for (wide, include) in [(false, &[][..]), (true, &WIDE[..])] {
                let t = round_trip(&archive, fmt, file, include, &tmp);
                for m in mismatches(&t) {
                    failures.push(format!(
                        "{net}/{name} → {}{}: {m}",
                        fmt.name(),
                        if wide { " (every audience)" } else { "" }
                    ));
                }
                if wide {
                    matrix
                        .entry((fmt.name().to_string(), net.clone()))
                        .or_default()
                        .add(&t, &name);
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "round trips whose differences are not what their export declared:\n{}",
        failures.join("\n")
    );
    let doc = fidelity_doc(&matrix, &refused);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/fidelity.md");
    if std::env::var_os("LIFEBOAT_UPDATE_FIDELITY").is_some() {
        std::fs::write(&path, &doc).expect("write docs/fidelity.md");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == doc,
        "docs/fidelity.md is not what the round trips measure (LIFEBOAT_UPDATE_FIDELITY=1 cargo test --test roundtrip rewrites it); first difference near: {:?}",
        committed
            .lines()
            .zip(doc.lines())
            .find(|(a, b)| a != b)
    );
}

/// A Mastodon archive read back from lifeboat's Mastodon export is the same archive:
/// text byte for byte, content warnings, polls and their votes, mentions, custom emoji,
/// media, and every flag of the follow and mute lists.
#[test]
fn a_mastodon_archive_survives_its_own_format() {
    for sample in [
        "archive-2022.tar.gz",
        "archive-2023.zip",
        "outbox-only",
        "csv",
        "csv-old",
    ] {
        let tmp = TempDir::new("mastodon-rt");
        let archive = tmp.join("archive");
        let dump = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("formats/mastodon/samples")
            .join(sample);
        lifeboat::import_dump(
            &dump,
            &archive,
            &lifeboat::ImportOptions::default(),
            &mut lifeboat::NoProgress,
        )
        .expect("import");
        let include = [
            Visibility::Unlisted,
            Visibility::Followers,
            Visibility::Direct,
        ];
        let t = round_trip(&archive, Format::Mastodon, "archive.zip", &include, &tmp);
        // what a Mastodon archive is about comes back unchanged; `html` may change
        // (the sanitizer's allowlist) and attachments whose files cannot be cleaned of
        // metadata are left out (the samples' files are placeholders), both declared
        for f in [
            "text",
            "content_warning",
            "sensitive",
            "mentions",
            "tags",
            "links",
            "lang",
            "url",
            "reply_to",
            "quote_of",
            "repost_of",
            "visibility",
            "created_at",
            "edited_at",
            "metrics",
            "ext",
        ] {
            assert!(
                !t.changed.contains_key(&("post".to_string(), f.to_string())),
                "{sample}: post {f} changed"
            );
        }
        for kind in ["relationship", "reaction"] {
            let changed: Vec<_> = t.changed.keys().filter(|(k, _)| k == kind).collect();
            assert!(
                changed.is_empty(),
                "{sample}: {kind} fields changed: {changed:?}"
            );
        }
        // posts and list entries all come back (followers are the one list Mastodon
        // cannot import)
        assert_eq!(t.removed.get("post").copied().unwrap_or(0), 0, "{sample}");
        let followers = common::read_records(&archive)
            .get("relationships")
            .map(|r| r.iter().filter(|x| x["kind"] == "follower").count() as u64)
            .unwrap_or(0);
        assert_eq!(
            t.removed.get("relationship").copied().unwrap_or(0),
            followers,
            "{sample}"
        );
        assert!(t.added.is_empty(), "{sample}: {:?}", t.added);
    }
    // what the 2023 sample holds, to be sure the above compared something
    let tmp = TempDir::new("mastodon-rt-facts");
    let archive = tmp.join("archive");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/mastodon/samples");
    for d in ["archive-2023.zip", "csv"] {
        lifeboat::import_dump(
            &dir.join(d),
            &archive,
            &lifeboat::ImportOptions::default(),
            &mut lifeboat::NoProgress,
        )
        .expect("import");
    }
    let out = tmp.join("m.zip");
    let opts = ExportOptions::default();
    export(&archive, Format::Mastodon, &out, &opts).expect("export");
    let back = tmp.join("back");
    lifeboat::import_dump(
        &out,
        &back,
        &lifeboat::ImportOptions::default(),
        &mut lifeboat::NoProgress,
    )
    .expect("read back");
    let a = common::read_records(&archive);
    let b = common::read_records(&back);
    let find = |recs: &BTreeMap<String, Vec<serde_json::Value>>,
                k: &str,
                pred: &dyn Fn(&serde_json::Value) -> bool| {
        recs.get(k)
            .and_then(|r| r.iter().find(|x| pred(x)).cloned())
            .unwrap_or(serde_json::Value::Null)
    };
    type Pred = fn(&serde_json::Value) -> bool;
    let checks: [(&str, Pred); 5] = [
        ("a poll", |x| {
            x["ext"]["oneOf"].is_array() || x["ext"]["anyOf"].is_array()
        }),
        ("a content warning", |x| x["content_warning"].is_string()),
        ("a mention", |x| x["mentions"].is_array()),
        ("a custom emoji", |x| {
            x["ext"]["tag"].to_string().contains("Emoji")
        }),
        ("a <pre> block", |x| {
            x["html"].as_str().is_some_and(|h| h.contains("<pre"))
        }),
    ];
    for (what, pred) in checks {
        let orig = find(&a, "posts", &pred);
        assert!(!orig.is_null(), "the sample holds {what}");
        let again = find(&b, "posts", &|x| x["id"] == orig["id"]);
        let strip = |v: &serde_json::Value| {
            let mut v = v.clone();
            v.as_object_mut().map(|m| m.remove("source"));
            v
        };
        let mut a = strip(&orig);
        let mut b = strip(&again);
        // the HTML is sanitized on the way out (its text is not)
        for v in [&mut a, &mut b] {
            if let Some(m) = v.as_object_mut() {
                m.remove("html");
            }
        }
        assert_eq!(a, b, "{what} came back changed");
    }
    for (flag, list) in [
        ("show_boosts", "following"),
        ("notify_on_new_posts", "following"),
        ("languages", "following"),
        ("hide_notifications", "mute"),
    ] {
        let orig = find(&a, "relationships", &|x| {
            x["kind"] == list && !x["ext"][flag].is_null()
        });
        assert!(!orig.is_null(), "the sample has a {list} with {flag}");
        let again = find(&b, "relationships", &|x| x["id"] == orig["id"]);
        assert_eq!(orig["ext"], again["ext"], "{list} {flag}");
    }
}

/// The measurements of one format on one network, summed over its samples.
#[derive(Default)]
struct Sum {
    samples: Vec<String>,
    total: BTreeMap<String, u64>,
    carried: BTreeMap<String, u64>,
    unchanged: BTreeMap<String, u64>,
    changed: BTreeMap<(String, String), u64>,
}

impl Sum {
    fn add(&mut self, t: &Trip, sample: &str) {
        self.samples.push(sample.to_string());
        for (k, n) in &t.total {
            *self.total.entry(k.clone()).or_default() += n;
            let removed = t.removed.get(k).copied().unwrap_or(0);
            *self.carried.entry(k.clone()).or_default() += n - removed;
            *self.unchanged.entry(k.clone()).or_default() +=
                t.unchanged.get(k).copied().unwrap_or(0);
        }
        for (k, n) in &t.changed {
            *self.changed.entry(k.clone()).or_default() += n;
        }
    }
}

fn fidelity_doc(matrix: &BTreeMap<(String, String), Sum>, refused: &[String]) -> String {
    let mut s = String::from(
        "# Fidelity of the formats lifeboat reads back\n\n\
         Generated by `tests/roundtrip.rs` from what it measures; do not edit by hand\n\
         (`LIFEBOAT_UPDATE_FIDELITY=1 cargo test --test roundtrip` rewrites it, and the test\n\
         fails when this file differs from its measurements).\n\n\
         Every sample under `formats/<network>/samples` is imported, exported to the format\n\
         with every audience but direct messages (`--include unlisted,followers,limited,unknown`),\n\
         read back by lifeboat and compared with the original by `lifeboat diff`. The test\n\
         also holds each export's report to it, with and without `--include`: the records it\n\
         declares lost are exactly the records not read back, and the fields it declares lost\n\
         are exactly the fields `diff` finds changed, record for record. Nothing is read\n\
         back that the archive did not hold. Ids survive: a record read back has its own id.\n\n\
         A cell reads *carried/total posts · text kept · identical*: the posts written and\n\
         read back, of all the network's sample posts (the others are drafts, deleted,\n\
         direct, or other people's posts kept for context); how many of them kept their text\n\
         byte for byte; how many came back identical in every field.\n\
         The sections below list, per network, every record kind and the fields that did not\n\
         come back as they were; the reasons are those of the export's report.\n\n",
    );
    let formats: Vec<&str> = FORMATS.iter().map(|(f, _)| f.name()).collect();
    let mut nets: Vec<&String> = matrix.keys().map(|(_, n)| n).collect();
    nets.sort();
    nets.dedup();
    s.push_str("| network |");
    for f in &formats {
        s.push_str(&format!(" {f} |"));
    }
    s.push_str("\n|---|");
    for _ in &formats {
        s.push_str("---|");
    }
    s.push('\n');
    for n in &nets {
        s.push_str(&format!("| {n} |"));
        for f in &formats {
            match matrix.get(&(f.to_string(), n.to_string())) {
                Some(m) => {
                    let total = m.total.get("post").copied().unwrap_or(0);
                    let carried = m.carried.get("post").copied().unwrap_or(0);
                    let same = m.unchanged.get("post").copied().unwrap_or(0);
                    let text = carried
                        - m.changed
                            .get(&("post".to_string(), "text".to_string()))
                            .copied()
                            .unwrap_or(0);
                    s.push_str(&format!(
                        " {carried}/{total} posts · text kept {text} · {same} identical |"
                    ));
                }
                None => s.push_str(" – |"),
            }
        }
        s.push('\n');
    }
    for f in &formats {
        s.push_str(&format!("\n## {f}\n"));
        for n in &nets {
            let Some(m) = matrix.get(&(f.to_string(), n.to_string())) else {
                continue;
            };
            s.push_str(&format!(
                "\n### {n} ({} sample{})\n\n| kind | carried | unchanged | fields not kept (records) |\n|---|---|---|---|\n",
                m.samples.len(),
                if m.samples.len() == 1 { "" } else { "s" }
            ));
            for (k, total) in &m.total {
                if *total == 0 {
                    continue;
                }
                let fields: Vec<String> = m
                    .changed
                    .iter()
                    .filter(|((kk, _), _)| kk == k)
                    .map(|((_, f), n)| format!("{f} ({n})"))
                    .collect();
                s.push_str(&format!(
                    "| {k} | {}/{total} | {} | {} |\n",
                    m.carried.get(k).copied().unwrap_or(0),
                    m.unchanged.get(k).copied().unwrap_or(0),
                    if fields.is_empty() {
                        "–".to_string()
                    } else {
                        fields.join(", ")
                    }
                ));
            }
        }
    }
    if !refused.is_empty() {
        s.push_str("\n## Samples lifeboat refuses to read\n\n");
        for r in refused {
            let first = r.lines().next().unwrap_or("");
            let short: String = first.chars().take(160).collect();
            s.push_str(&format!("- {short}\n"));
        }
    }
    s
}
