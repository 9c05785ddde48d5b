//! The Bluesky export (`--to bluesky`): every sample's repository is read by the AT
//! Protocol's reference implementation (`.ci/atproto/verify.mjs`: `@atproto/repo`
//! loads and verifies it, every record CID is recomputed, the MST rebuilt, every
//! record validated against the `app.bsky` lexicons of `@atproto/api`), signed with
//! both curves; long text with emoji, CJK and combining marks is split into a thread
//! whose facets land on the right UTF-8 bytes. The round trip through lifeboat's own
//! importer is in `tests/roundtrip.rs`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::TempDir;
use lifeboat::export::bluesky::BlueskyOptions;
use lifeboat::export::{export, ExportOptions, Filter, Format};
use lifeboat::model::Visibility;

/// `.ci/atproto`, where `.ci/run` installs the packages (`npm ci --prefix .ci/atproto`).
fn checker() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/atproto")
}

/// Run the reference check on a repository; the JSON summary it prints.
fn verify(dir: &Path, car: &Path, did_key: Option<&str>) -> Result<serde_json::Value, String> {
    let mut c = Command::new("node");
    c.arg(dir.join("verify.mjs")).arg(car);
    if let Some(k) = did_key {
        c.arg(k);
    }
    let o = c.output().map_err(|e| e.to_string())?;
    if !o.status.success() {
        return Err(format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ));
    }
    serde_json::from_slice(&o.stdout).map_err(|e| e.to_string())
}

/// base58btc (Bitcoin alphabet), for test keys.
fn base58(b: &[u8]) -> String {
    const A: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut digits: Vec<u8> = Vec::new();
    for &byte in b {
        let mut carry = u32::from(byte);
        for d in digits.iter_mut() {
            carry += u32::from(*d) << 8;
            *d = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let zeros = b.iter().take_while(|&&x| x == 0).count();
    let mut s: String = std::iter::repeat_n('1', zeros).collect();
    s.extend(digits.iter().rev().map(|&d| A[d as usize] as char));
    s
}

/// A multibase private key (multicodec secp256k1-priv or p256-priv).
fn key(p256: bool, fill: u8) -> String {
    let mut b = if p256 {
        vec![0x86, 0x26]
    } else {
        vec![0x81, 0x26]
    };
    b.extend([fill; 32]);
    format!("z{}", base58(&b))
}

fn opts(include: &[Visibility], key: Option<String>) -> ExportOptions {
    ExportOptions {
        filter: Filter {
            include: include.to_vec(),
            ..Filter::default()
        },
        bluesky: BlueskyOptions {
            did: Some("did:plc:lifeboattest0000000000".into()),
            signing_key: key,
        },
        ..ExportOptions::default()
    }
}

fn import(dump: &Path, archive: &Path) -> lifeboat::Result<()> {
    lifeboat::import_dump(
        dump,
        archive,
        &lifeboat::ImportOptions::default(),
        &mut lifeboat::NoProgress,
    )
    .map(|_| ())
}

/// The `did:key` the report names for the signing key.
fn did_key(r: &lifeboat::export::ExportReport) -> Option<String> {
    r.notes.iter().find_map(|n| {
        let i = n.find("did:key:")?;
        Some(
            n[i..]
                .split(|c: char| c == ';' || c.is_whitespace())
                .next()?
                .to_string(),
        )
    })
}

#[test]
#[cfg_attr(
    not(all(lifeboat_tool_node, lifeboat_node_atproto)),
    ignore = "needs Node >= 20 and the @atproto packages (npm ci --prefix .ci/atproto; .ci/run installs them)"
)]
fn every_sample_is_a_repository_the_reference_implementation_verifies() {
    let dir = checker();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats");
    let mut nets: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("formats/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("samples").is_dir())
        .collect();
    nets.sort();
    let wide = [
        Visibility::Unlisted,
        Visibility::Followers,
        Visibility::Private,
        Visibility::Unknown,
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut posts = 0u64;
    for (n, net) in nets.iter().enumerate() {
        let mut samples: Vec<PathBuf> = std::fs::read_dir(net.join("samples"))
            .expect("samples/")
            .map(|e| e.expect("entry").path())
            .filter(|p| {
                let f = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                !f.ends_with(".py") && !f.ends_with(".md") && !f.starts_with('.')
            })
            .collect();
        samples.sort();
        for (i, s) in samples.iter().enumerate() {
            let tmp = TempDir::new("bsky-verify");
            let archive = tmp.join("archive");
            if import(s, &archive).is_err() {
                continue; // samples lifeboat refuses (tests/roundtrip.rs lists them)
            }
            // both curves, and unsigned, in turn
            let k = match (n + i) % 3 {
                0 => Some(key(false, 7)),
                1 => Some(key(true, 9)),
                _ => None,
            };
            let out = tmp.join("repo");
            let r =
                export(&archive, Format::Bluesky, &out, &opts(&wide, k.clone())).expect("export");
            let dk = did_key(&r);
            assert_eq!(k.is_some(), dk.is_some(), "{}", s.display());
            match verify(&dir, &out.join("repo.car"), dk.as_deref()) {
                Ok(v) => {
                    checked += 1;
                    posts += v["counts"]["app.bsky.feed.post"].as_u64().unwrap_or(0);
                    assert_eq!(v["did"], "did:plc:lifeboattest0000000000");
                    assert_eq!(v["signed"], dk.is_some());
                }
                Err(e) => failures.push(format!("{}: {e}", s.display())),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "the reference implementation refused:\n{}",
        failures.join("\n")
    );
    assert!(checked > 30, "{checked} repositories checked");
    assert!(posts > 150, "{posts} posts checked");
}

/// A signature made with one key does not verify with another (the check can fail).
#[test]
#[cfg_attr(
    not(all(lifeboat_tool_node, lifeboat_node_atproto)),
    ignore = "needs Node >= 20 and the @atproto packages (npm ci --prefix .ci/atproto; .ci/run installs them)"
)]
fn a_wrong_key_or_a_changed_block_is_refused() {
    let dir = checker();
    let tmp = TempDir::new("bsky-neg");
    let archive = tmp.join("archive");
    let dump = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/twitter/samples/g2-2021");
    import(&dump, &archive).expect("import");
    let out = tmp.join("repo");
    let r = export(
        &archive,
        Format::Bluesky,
        &out,
        &opts(&[], Some(key(false, 7))),
    )
    .expect("export");
    let car = out.join("repo.car");
    assert!(verify(&dir, &car, did_key(&r).as_deref()).is_ok());
    let other = tmp.join("other");
    let r2 = export(
        &archive,
        Format::Bluesky,
        &other,
        &opts(&[], Some(key(false, 8))),
    )
    .expect("export");
    assert!(verify(&dir, &car, did_key(&r2).as_deref()).is_err());
    // one byte of a record's text changed: its CID no longer matches
    let mut bytes = std::fs::read(&car).expect("read");
    let at = bytes
        .windows(8)
        .position(|w| w == b"Repotted")
        .expect("a post's text");
    bytes[at] = b'r';
    let bad = tmp.join("bad.car");
    std::fs::write(&bad, &bytes).expect("write");
    assert!(verify(&dir, &bad, None).is_err());
}

/// A Mastodon outbox with a long post in several scripts.
fn long_post_dump(dir: &Path, content: &str, tags: &[&str]) {
    std::fs::create_dir_all(dir).expect("mkdir");
    let tag: Vec<serde_json::Value> = tags
        .iter()
        .map(|t| serde_json::json!({"type": "Hashtag", "name": format!("#{t}"), "href": format!("https://solo.example/tags/{t}")}))
        .collect();
    let outbox = serde_json::json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "https://solo.example/users/sam/outbox",
        "type": "OrderedCollection",
        "totalItems": 1,
        "orderedItems": [{
            "id": "https://solo.example/users/sam/statuses/1/activity",
            "type": "Create",
            "actor": "https://solo.example/users/sam",
            "published": "2024-02-01T12:00:00Z",
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
            "object": {
                "id": "https://solo.example/users/sam/statuses/1",
                "type": "Note",
                "published": "2024-02-01T12:00:00Z",
                "attributedTo": "https://solo.example/users/sam",
                "to": ["https://www.w3.org/ns/activitystreams#Public"],
                "content": content,
                "attachment": [],
                "tag": tag
            }
        }]
    });
    std::fs::write(dir.join("outbox.json"), outbox.to_string()).expect("write");
}

#[test]
fn long_text_in_many_scripts_splits_into_a_thread_with_facets_on_the_right_bytes() {
    let tmp = TempDir::new("bsky-long");
    long_text_thread(&tmp);
}

/// The thread of the test above, read by the AT Protocol's reference implementation.
#[test]
#[cfg_attr(
    not(all(lifeboat_tool_node, lifeboat_node_atproto)),
    ignore = "needs Node >= 20 and the @atproto packages (npm ci --prefix .ci/atproto; .ci/run installs them)"
)]
fn the_long_text_thread_is_a_repository_the_reference_implementation_verifies() {
    let tmp = TempDir::new("bsky-long-ref");
    let car = long_text_thread(&tmp);
    verify(&checker(), &car, None).expect("reference check");
}

/// A long post in many scripts exported as a thread and checked by lifeboat's own
/// reader; the exported `repo.car`.
fn long_text_thread(tmp: &TempDir) -> PathBuf {
    // 🌊 is 4 bytes, 東 3, e + U+0301 is one grapheme of 3 bytes, 👩🏽‍💻 one of 15
    let unit = "🌊東京 e\u{301}te\u{301} 👩🏽‍💻 ";
    let mut text = unit.repeat(60);
    text.push_str("#café at https://example.org/ünï?q=1 ");
    text.push_str(&"長い文章".repeat(100));
    text.push_str(" #rust");
    let html = format!(
        "<p>{}</p>",
        text.replace(
            "https://example.org/ünï?q=1",
            "<a href=\"https://example.org/ünï?q=1\">https://example.org/ünï?q=1</a>"
        )
    );
    let dump = tmp.join("dump");
    long_post_dump(&dump, &html, &["café", "rust"]);
    let archive = tmp.join("archive");
    import(&dump, &archive).expect("import");
    let orig = common::read_records(&archive);
    let orig_post = orig["posts"][0].clone();
    let orig_text = orig_post["text"].as_str().expect("text").to_string();
    assert!(orig_text.contains("#café"), "{orig_text}");
    let out = tmp.join("repo");
    let r = export(&archive, Format::Bluesky, &out, &opts(&[], None)).expect("export");
    assert!(r.notes.iter().any(|n| n.contains("unsigned")), "{r}");
    // the losses file names the split
    let losses = std::fs::read_to_string(out.join("losses.jsonl")).expect("losses");
    let split: serde_json::Value = serde_json::from_str(
        losses
            .lines()
            .find(|l| l.contains("\"split\""))
            .expect("a split line"),
    )
    .expect("json");
    let parts = split["split"].as_u64().expect("parts");
    assert!(parts >= 3, "{parts}");
    // read the parts with lifeboat's own CAR reader: each within the limits, facets
    // spanning exactly their text, the parts joined = the text
    use lifeboat::__internal::{car::CarStore, cbor, mst};
    let mut f = std::fs::File::open(out.join("repo.car")).expect("car");
    let mut store =
        CarStore::read(&mut f, "repo.car", &lifeboat::Limits::default(), None).expect("read");
    assert!(store.mismatched.is_empty());
    let root = store.roots[0].clone();
    let commit = cbor::decode(&store.get(&root).unwrap().unwrap().data, 64).unwrap();
    let data = commit
        .get("data")
        .and_then(cbor::Cbor::as_link)
        .unwrap()
        .clone();
    let mut records = Vec::new();
    let walk = mst::walk(&data, 64, &mut store, |s, _, leaf| {
        let b = s.get(&leaf.value)?.expect("record block");
        records.push((leaf.key, cbor::decode(&b.data, 64).unwrap().to_json()));
        Ok(())
    })
    .expect("walk");
    assert_eq!(walk.out_of_order + walk.mixed_heights, 0);
    let posts: Vec<&serde_json::Value> = records
        .iter()
        .filter(|(k, _)| k.starts_with("app.bsky.feed.post/"))
        .map(|(_, v)| v)
        .collect();
    assert_eq!(posts.len() as u64, parts);
    // parts in thread order: the first has no reply, each other replies to the one before
    let mut joined = String::new();
    let mut facets_seen = Vec::new();
    for p in &posts {
        let t = p["text"].as_str().unwrap();
        assert!(t.len() <= 3000);
        assert!(
            unicode_graphemes(t) <= 300,
            "{} graphemes",
            unicode_graphemes(t)
        );
        for f in p["facets"].as_array().into_iter().flatten() {
            let s = f["index"]["byteStart"].as_u64().unwrap() as usize;
            let e = f["index"]["byteEnd"].as_u64().unwrap() as usize;
            let span = t.get(s..e).expect("facet on character boundaries");
            facets_seen.push((span.to_string(), f["features"][0].clone()));
        }
    }
    // key order is TID order, which is thread order
    for p in &posts {
        joined.push_str(p["text"].as_str().unwrap());
    }
    assert_eq!(joined, orig_text, "the parts put together are the text");
    let spans: Vec<&str> = facets_seen.iter().map(|(s, _)| s.as_str()).collect();
    assert!(spans.contains(&"#café"), "{spans:?}");
    assert!(spans.contains(&"#rust"), "{spans:?}");
    assert!(spans.contains(&"https://example.org/ünï?q=1"), "{spans:?}");
    let link = facets_seen
        .iter()
        .find(|(s, _)| s.starts_with("https://"))
        .unwrap();
    assert_eq!(link.1["uri"], "https://example.org/ünï?q=1");
    assert_eq!(
        facets_seen.iter().find(|(s, _)| s == "#café").unwrap().1["tag"],
        "café"
    );
    // and back: one post, its text byte for byte
    let back = tmp.join("back");
    import(&out, &back).expect("read back");
    let b = common::read_records(&back);
    assert_eq!(b["posts"].len(), 1, "the parts are one post again");
    assert_eq!(b["posts"][0]["id"], orig_post["id"]);
    assert_eq!(b["posts"][0]["text"].as_str(), Some(orig_text.as_str()));
    out.join("repo.car")
}

fn unicode_graphemes(s: &str) -> usize {
    // the reference counts extended grapheme clusters; so does unicode-segmentation,
    // which the exporter uses: count here with a different method as a cross-check
    // (every cluster starts at a char that is not a combining mark, ZWJ sequence part,
    // variation selector or skin tone modifier)
    let mut n = 0;
    let mut prev_zwj = false;
    for c in s.chars() {
        let cont =
            matches!(c as u32, 0x0300..=0x036F | 0x1F3FB..=0x1F3FF | 0xFE0F | 0x200D) || prev_zwj;
        prev_zwj = c as u32 == 0x200D;
        if !cont {
            n += 1;
        }
    }
    n
}
