use super::*;

#[test]
fn tid_times() {
    // 3kly5whjwmc2v ≈ 2024-02-22T04:35
    let us = tid_micros("3kly5whjwmc2v").unwrap();
    let t = Timestamp::from_millis(us / 1000).unwrap().to_rfc3339();
    assert!(t.starts_with("2024-02-22T04:35"), "{t}");
    assert_eq!(tid_micros("self"), None);
    assert_eq!(tid_micros("zzzzzzzzzzzzz"), None);
}

#[test]
fn every_valid_interop_datetime_parses() {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "../shared/reference/bluesky/fixtures/interop-tests/syntax/datetime_syntax_valid.txt",
    );
    let Ok(text) = std::fs::read_to_string(p) else {
        eprintln!("interop vectors not found; skipped");
        return;
    };
    let mut n = 0;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut raw = RawTimes::new();
        assert!(time(Some(line), "t", &mut raw).is_some(), "{line}");
        n += 1;
    }
    assert!(n > 30);
    let mut raw = RawTimes::new();
    let t = time(Some("1985-04-12T23:20:50.1235678912345Z"), "t", &mut raw).unwrap();
    assert_eq!(t.to_rfc3339(), "1985-04-12T23:20:50.123Z");
    assert_eq!(raw["t"], "1985-04-12T23:20:50.1235678912345Z");
}

#[test]
fn every_valid_interop_tid_decodes() {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/bluesky/fixtures/interop-tests/syntax/tid_syntax_valid.txt");
    let Ok(text) = std::fs::read_to_string(p) else {
        return;
    };
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        assert!(tid_micros(line).is_some(), "{line}");
    }
}

#[test]
fn uris() {
    let u = "at://did:plc:abc/app.bsky.feed.post/3k";
    assert_eq!(uri_native(u), "did:plc:abc/app.bsky.feed.post/3k");
    assert_eq!(uri_authority(u), Some("did:plc:abc"));
    assert_eq!(uri_collection(u), Some(POST));
    assert_eq!(
        post_web_url(u).as_deref(),
        Some("https://bsky.app/profile/did:plc:abc/post/3k")
    );
    assert_eq!(uri_authority("at://"), None);
}

#[test]
fn blob_refs_current_and_legacy() {
    let cur: Value = serde_json::json!({"$type": "blob", "ref": {"$link": "bafkreiabc"}, "mimeType": "image/png", "size": 3});
    let b = blob_ref(&cur).unwrap();
    assert_eq!(
        (b.cid.as_str(), b.mime.as_deref()),
        ("bafkreiabc", Some("image/png"))
    );
    let old: Value = serde_json::json!({"cid": "bafkreixyz", "mimeType": "image/jpeg"});
    assert_eq!(blob_ref(&old).unwrap().cid, "bafkreixyz");
    assert!(blob_ref(&serde_json::json!({"mimeType": "x"})).is_none());
}
