//! RSMF and EML exports for eDiscovery: every conversation of an archive becomes a
//! `.rsmf` valid at its three layers (checked by lifeboat's own validator, and by the
//! official JSON Schema through Python's jsonschema when it is installed); the
//! validator recognises Relativity's invalid samples as invalid.

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use lifeboat::records::{
    export_eml, export_rsmf, validate_manifest, validate_rsmf, validate_rsmf_zip, RsmfOptions,
};
use serde_json::Value;

mod common;
use common::TempDir;

fn archive_of(sample: &str, dir: &TempDir) -> PathBuf {
    let out = dir.0.join("archive");
    common::import_dump(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(sample),
        &out,
        &lifeboat::ImportOptions::default(),
        &mut lifeboat::NoProgress,
    )
    .expect("import");
    out
}

fn rsmf_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .expect("out")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rsmf"))
        .collect();
    v.sort();
    v
}

/// The manifest inside an `.rsmf` (through lifeboat's own MIME reading: the attachment
/// is the only base64 part named rsmf.zip).
fn manifest_of(bytes: &[u8]) -> Value {
    let text = String::from_utf8_lossy(bytes);
    let at = text.find("filename=\"rsmf.zip\"").expect("rsmf.zip part");
    let body = &text[at..];
    let start = body.find("\r\n\r\n").expect("part body") + 4;
    let end = body[start..]
        .find("--")
        .map(|e| start + e)
        .unwrap_or(body.len());
    let b64: String = body[start..end].split_whitespace().collect();
    let zip = decode(&b64);
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("zip");
    let mut s = String::new();
    z.by_name("rsmf_manifest.json")
        .expect("manifest")
        .read_to_string(&mut s)
        .expect("utf-8");
    serde_json::from_str(&s).expect("json")
}

fn decode(s: &str) -> Vec<u8> {
    let val = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => (c - b'A') as u32,
            b'a'..=b'z' => (c - b'a' + 26) as u32,
            b'0'..=b'9' => (c - b'0' + 52) as u32,
            b'+' => 62,
            _ => 63,
        }
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for &c in s.as_bytes() {
        if c == b'=' {
            break;
        }
        acc = (acc << 6) | val(c);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn count_lines(p: &Path) -> usize {
    fs::read_to_string(p)
        .map(|s| s.lines().count())
        .unwrap_or(0)
}

/// Also checked against the official RSMF 2.0 schema by Python's jsonschema.
#[test]
#[cfg_attr(
    not(all(lifeboat_shared, lifeboat_tool_python3, lifeboat_py_jsonschema)),
    ignore = "needs ../shared/reference beside the repository and python3 with jsonschema (pip install jsonschema); .ci/run has both"
)]
fn every_conversation_is_a_valid_rsmf_holding_every_message() {
    for sample in [
        "formats/twitter/samples/g2-2021",
        "formats/twitter/samples/g3-2026",
        "formats/mastodon/samples/archive-2022.tar.gz",
    ] {
        let dir = TempDir::new("export");
        let a = archive_of(sample, &dir);
        let out = dir.0.join("rsmf");
        let sum = export_rsmf(&a, &out, &RsmfOptions::default()).expect("export");
        let convs = count_lines(&a.join("data/records/conversations.jsonl"));
        let msgs = count_lines(&a.join("data/records/messages.jsonl"));
        assert!(convs > 0, "{sample} has conversations");
        let files = rsmf_files(&out);
        assert_eq!(files.len(), convs, "{sample}: one file per conversation");
        assert_eq!((sum.messages + sum.joins_leaves) as usize, msgs, "{sample}");
        let mut events = 0;
        for f in &files {
            let bytes = fs::read(f).expect("rsmf");
            assert!(bytes.is_ascii(), "{}: 7-bit", f.display());
            let v = validate_rsmf(&bytes);
            assert!(v.errors.is_empty(), "{}: {:?}", f.display(), v.errors);
            assert!(v.warnings.is_empty(), "{}: {:?}", f.display(), v.warnings);
            let m = manifest_of(&bytes);
            assert_eq!(m["version"], "2.0.0");
            events += m["events"]
                .as_array()
                .expect("events")
                .iter()
                .filter(|e| matches!(e["type"].as_str(), Some("message" | "join" | "leave")))
                .count();
            let text = String::from_utf8_lossy(&bytes);
            assert!(text.contains("X-RSMF-Version: 2.0.0"));
            assert!(text.contains("X-RSMF-EventCount: "));
        }
        assert_eq!(
            events, msgs,
            "{sample}: every message (and join or leave) is an event"
        );
        // the official schema, by Python's jsonschema
        let schema = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/reference/outputs/samples/rsmf/rsmf_schema_2_0_0.json");
        let ms = dir.0.join("manifests");
        fs::create_dir_all(&ms).expect("mkdir");
        for (i, f) in files.iter().enumerate() {
            let m = manifest_of(&fs::read(f).expect("rsmf"));
            fs::write(ms.join(format!("{i}.json")), m.to_string()).expect("write");
        }
        let script = format!(
            "import json,glob,jsonschema\ns=json.load(open({:?}))\nn=0\nfor f in glob.glob({:?}):\n jsonschema.validate(json.load(open(f)), s)\n n+=1\nprint(n)\n",
            schema.display().to_string(),
            format!("{}/*.json", ms.display())
        );
        let o = std::process::Command::new("python3")
            .arg("-c")
            .arg(&script)
            .output()
            .expect("python3");
        assert!(
            o.status.success(),
            "{sample}: schema: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&o.stdout).trim(),
            files.len().to_string(),
            "{sample}: every manifest validated"
        );
    }
}

#[test]
fn edits_reactions_attachments_and_group_conversations() {
    let dir = TempDir::new("details");
    let a = archive_of("formats/twitter/samples/g2-2021", &dir);
    let out = dir.0.join("rsmf");
    export_rsmf(&a, &out, &RsmfOptions::default()).expect("export");
    let manifests: Vec<Value> = rsmf_files(&out)
        .iter()
        .map(|f| manifest_of(&fs::read(f).expect("rsmf")))
        .collect();
    let all_events: Vec<&Value> = manifests
        .iter()
        .flat_map(|m| m["events"].as_array().expect("events").iter())
        .collect();
    // the group conversation is a channel with its system events as messages
    let group = manifests
        .iter()
        .find(|m| m["conversations"][0]["type"] == "channel")
        .expect("a group conversation");
    assert!(group["conversations"][0]["participants"]
        .as_array()
        .is_some_and(|p| p.len() >= 3));
    assert!(group["events"].to_string().contains("system_event"));
    // joining and leaving are RSMF 2.0's own event types; a rename stays a message
    let types: Vec<&str> = group["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e.to_string().contains("system_event"))
        .filter_map(|e| e["type"].as_str())
        .collect();
    assert!(types.contains(&"join"), "{types:?}");
    assert!(
        types
            .iter()
            .all(|t| matches!(*t, "join" | "leave" | "message")),
        "{types:?}"
    );
    // media of a DM is packed and referenced
    let with_att = all_events
        .iter()
        .find(|e| e.get("attachments").is_some())
        .expect("a message with an attachment");
    assert!(with_att["attachments"][0]["size"].as_u64().unwrap_or(0) > 0);
    // reactions to DMs, when the sample has them
    let reactions = count_lines(&a.join("data/records/reactions.jsonl"));
    if reactions > 0
        && fs::read_to_string(a.join("data/records/reactions.jsonl"))
            .expect("r")
            .contains(":message:")
    {
        assert!(all_events.iter().any(|e| e.get("reactions").is_some()));
    }
    // every event names a known participant and its conversation
    for m in &manifests {
        let pids: HashSet<&str> = m["participants"]
            .as_array()
            .expect("p")
            .iter()
            .filter_map(|p| p["id"].as_str())
            .collect();
        for e in m["events"].as_array().expect("events") {
            assert!(pids.contains(e["participant"].as_str().expect("participant")));
            assert_eq!(e["conversation"], m["conversations"][0]["id"]);
        }
    }
}

#[test]
fn large_conversations_are_split_with_an_event_collection_id() {
    let dir = TempDir::new("split");
    let a = archive_of("formats/twitter/samples/g2-2021", &dir);
    let out = dir.0.join("rsmf");
    let opts = RsmfOptions {
        max_events: 2,
        ..RsmfOptions::default()
    };
    let sum = export_rsmf(&a, &out, &opts).expect("export");
    let files = rsmf_files(&out);
    assert!(sum.files as usize == files.len() && files.len() > sum.conversations as usize);
    let mut by_collection: std::collections::BTreeMap<String, usize> = Default::default();
    for f in &files {
        let bytes = fs::read(f).expect("rsmf");
        let v = validate_rsmf(&bytes);
        assert!(v.errors.is_empty(), "{:?}", v.errors);
        let m = manifest_of(&bytes);
        assert!(m["events"].as_array().expect("events").len() <= 2);
        if let Some(c) = m["eventcollectionid"].as_str() {
            *by_collection.entry(c.to_string()).or_default() += 1;
            assert!(String::from_utf8_lossy(&bytes).contains("X-RSMF-EventCollectionID: "));
        }
    }
    assert!(by_collection.values().any(|&n| n > 1));
}

fn relativity(name: &str) -> Option<Vec<u8>> {
    fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/reference/outputs/samples/rsmf")
            .join(name),
    )
    .ok()
}

#[test]
#[cfg_attr(
    not(lifeboat_shared),
    ignore = "needs ../shared/reference beside the repository (.ci/run has it)"
)]
fn relativity_invalid_samples_are_recognised() {
    let s1 = relativity("relativity-sample1-invalid-missing-participant-id.rsmf_manifest.json")
        .expect("sample1");
    let m: Value = serde_json::from_slice(&s1).expect("json");
    let v = validate_manifest(&m, None);
    assert!(v.errors.iter().any(|e| e.contains("has no id")), "{v:?}");

    let s4 = relativity("relativity-sample4-invalid-int-id-undefined-property.rsmf_manifest.json")
        .expect("sample4");
    let v = validate_manifest(&serde_json::from_slice(&s4).expect("json"), None);
    assert!(
        v.errors.iter().any(|e| e.contains("non-empty string")),
        "{v:?}"
    );
    assert!(v.warnings.iter().any(|w| w.contains("\"2\"")), "{v:?}");
    assert!(v.warnings.iter().any(|w| w.contains("attachment")), "{v:?}");

    let s3 = relativity("relativity-sample3-invalid-extra-eml-attachment.rsmf").expect("sample3");
    let v = validate_rsmf(&s3);
    assert!(
        v.errors.iter().any(|e| e.contains("2 attachments")),
        "{v:?}"
    );

    let s2 = relativity("relativity-sample2-warning-missing-avatar.rsmf.zip").expect("sample2");
    let v = validate_rsmf_zip(&s2, None);
    assert!(v.valid(), "only a warning: {v:?}");
    assert!(v.warnings.iter().any(|w| w.contains("AV1")), "{v:?}");

    let slack = relativity("rsmf-viewer-slack-v1.0.0.rsmf_manifest.json").expect("slack");
    let v = validate_manifest(&serde_json::from_slice(&slack).expect("json"), None);
    assert!(
        v.errors.iter().any(|e| e.contains("empty string")),
        "empty custom values violate the 1.0 schema: {v:?}"
    );
}

#[test]
fn eml_export_writes_one_message_per_dm_and_post() {
    let dir = TempDir::new("eml");
    let a = archive_of("formats/twitter/samples/g2-2021", &dir);
    let out = dir.0.join("eml");
    let sum = export_eml(&a, &out).expect("eml");
    assert_eq!(
        sum.messages as usize,
        count_lines(&a.join("data/records/messages.jsonl"))
    );
    assert_eq!(
        sum.posts as usize,
        count_lines(&a.join("data/records/posts.jsonl"))
    );
    let mut n = 0;
    let mut stack = vec![out.clone()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).expect("dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "eml") {
                let b = fs::read(&p).expect("eml");
                assert!(b.is_ascii(), "{}", p.display());
                let t = String::from_utf8_lossy(&b);
                assert!(t.contains("\r\nMessage-ID: <") && t.contains("\r\nMIME-Version: 1.0\r\n"));
                assert!(t.starts_with("From: "));
                n += 1;
            }
        }
    }
    assert_eq!(n as u64, sum.messages + sum.posts);
    assert!(out.join("conversations").is_dir() && out.join("posts").is_dir());
}

#[test]
fn public_threads_become_channels_with_threads_on() {
    let dir = TempDir::new("threads");
    let a = archive_of("formats/twitter/samples/g3-2026", &dir);
    let out = dir.0.join("rsmf");
    let plain = export_rsmf(&a, &dir.0.join("plain"), &RsmfOptions::default()).expect("export");
    assert_eq!(plain.threads, 0);
    let opts = RsmfOptions {
        threads: true,
        ..RsmfOptions::default()
    };
    let sum = export_rsmf(&a, &out, &opts).expect("export");
    assert!(sum.threads >= 1, "the sample has a public thread");
    assert_eq!(sum.files, plain.files + sum.threads);
    let threads: Vec<Value> = rsmf_files(&out)
        .iter()
        .map(|f| {
            let b = fs::read(f).expect("rsmf");
            let v = validate_rsmf(&b);
            assert!(v.errors.is_empty() && v.warnings.is_empty(), "{v:?}");
            manifest_of(&b)
        })
        .filter(|m| {
            m["conversations"][0]["id"]
                .as_str()
                .is_some_and(|id| id.starts_with("thread:"))
        })
        .collect();
    assert_eq!(threads.len() as u64, sum.threads);
    let t = &threads[0];
    assert_eq!(t["conversations"][0]["type"], "channel");
    let events = t["events"].as_array().expect("events");
    assert!(events.len() >= 2);
    assert!(
        events.iter().any(|e| e.get("parent").is_some()),
        "a reply points at its parent"
    );
}
