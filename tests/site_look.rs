//! The offline site and the audit report as a reader sees them: headless Chromium
//! (driven over the DevTools protocol by `tests/site/look.mjs`) opens them from
//! file:// at a desktop (1280 px) and a phone (390 px) width, takes a screenshot of
//! each, and reports console errors, requests, headings, landmarks, alt text, the
//! charts and their colour contrast; the audit is also printed to PDF. Those tests are
//! ignored, with the reason, when Chromium or Node (>= 20) is absent (build.rs probes
//! them); `.ci/run` installs Chromium. What can be checked without a browser is
//! checked in tests of its own.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod common;
use common::TempDir as Tmp;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lifeboat"));
    c.env("SOURCE_DATE_EPOCH", "1714550400");
    c
}

fn sample(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("formats")
        .join(rel)
}

fn run(c: &mut Command) -> String {
    let o = c.output().unwrap();
    assert!(
        o.status.success(),
        "{c:?}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn import(dumps: &[&str], arch: &Path) {
    for d in dumps {
        run(bin().arg("import").arg(sample(d)).arg("--out").arg(arch));
    }
}

/// Run look.mjs on `pages` under `root`; the report.
fn look(root: &Path, shots: &Path, pdf: bool, pages: &[String]) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/site/look.mjs");
    let mut c = Command::new("node");
    c.arg("--experimental-websocket")
        .arg(&script)
        .arg(root)
        .arg(shots);
    if pdf {
        c.arg("--pdf");
    }
    let o = c.args(pages).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "browser check failed: {out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value =
        serde_json::from_slice(&std::fs::read(shots.join("report.json")).unwrap()).unwrap();
    assert_eq!(v["problems"].as_array().map(Vec::len), Some(0), "{v:#}");
    v
}

/// What every page must have at both widths: one h1, the landmarks, alt text on every
/// picture, a label on every player, no script from a post, nothing wider than the
/// screen, a screenshot.
fn basics(page: &str, f: &Value, site: bool) {
    assert_eq!(f["h1"], 1, "{page}: {f:#}");
    assert_eq!(f["headingSkips"], 0, "{page}: a heading level skipped");
    assert_eq!(f["landmarks"]["main"], 1, "{page}");
    assert_eq!(f["landmarks"]["header"], 1, "{page}");
    assert_eq!(f["landmarks"]["footer"], 1, "{page}");
    if site {
        assert!(f["landmarks"]["nav"].as_u64() >= Some(1), "{page}");
    }
    assert_eq!(f["lang"], "en", "{page}");
    assert_eq!(f["imgNoAlt"], 0, "{page}: a picture without alt");
    assert_eq!(f["imgEmptyAlt"], 0, "{page}: a picture with empty alt");
    assert_eq!(f["imgBroken"], 0, "{page}: a picture that does not load");
    assert_eq!(f["mediaNoLabel"], 0, "{page}");
    assert!(
        f["overflow"].as_i64() <= Some(1),
        "{page}: {}",
        f["overflow"]
    );
    assert_eq!(f["screenshot"]["png"], true, "{page}");
    assert!(f["screenshot"]["bytes"].as_u64() > Some(2000), "{page}");
    for c in f["charts"].as_array().unwrap() {
        if c["role"].is_null() && c["bars"] == 0 {
            continue; // an account with no dated post: its figure says so in words
        }
        assert_eq!(c["role"], "img", "{page}: {c}");
        assert_eq!(c["title"], true, "{page}: {c}");
        assert_eq!(c["desc"], true, "{page}: {c}");
        // WCAG 1.4.11: graphical objects at least 3:1 against their background
        if let Some(m) = c["minBarContrast"].as_f64() {
            assert!(m >= 3.0, "{page}: bar contrast {m}");
        }
        if let Some(m) = c["minTextContrast"].as_f64() {
            assert!(m >= 4.5, "{page}: label contrast {m}");
        }
        assert!(c["width"].as_f64() > Some(200.0), "{page}: {c}");
    }
}

fn first_file(dir: &Path, contains: &str) -> Option<String> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    names.sort();
    names
        .into_iter()
        .find(|p| {
            std::fs::read_to_string(p)
                .map(|s| s.contains(contains))
                .unwrap_or(false)
        })
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
}

/// One sample of every network: the site's home page, an account page, the timeline
/// and a post page, each with its chart, labelled posts and closed content warnings.
#[test]
#[cfg_attr(
    not(all(lifeboat_tool_chromium, lifeboat_tool_node)),
    ignore = "needs Chromium and Node >= 20 (Debian: apt-get install chromium nodejs; .ci/run installs Chromium)"
)]
fn every_sample_networks_site_in_chromium() {
    let samples: &[(&str, &str)] = &[
        ("twitter", "twitter/samples/g2-2021"),
        ("mastodon", "mastodon/samples/archive-2023.zip"),
        ("bluesky", "bluesky/samples/v3-2025"),
        ("facebook", "facebook/samples/g4-2025"),
        ("instagram", "instagram/samples/i4-2025"),
        ("threads", "threads/samples/standalone-2026"),
        ("linkedin", "linkedin/samples/complete-2024"),
        ("reddit", "reddit/samples/export-2024"),
        ("tumblr", "tumblr/samples/npf-api"),
        ("youtube", "youtube/samples/takeout-2025-en"),
        ("googleplus", "googleplus/samples/takeout-2019-json"),
        ("wordpress", "wordpress/samples/wxr-1.2"),
        ("blogger", "blogger/samples/takeout-b2"),
        ("disqus", "disqus/samples/d2-2024"),
    ];
    let t = Tmp::new("look-every");
    let mut pages = Vec::new();
    let mut labels = Vec::new();
    for (net, rel) in samples {
        let arch = t.join(format!("{net}-archive"));
        import(&[rel], &arch);
        let site = t.join(net);
        // posts whose audience the dump does not record (Facebook, LinkedIn…) are
        // published only when asked; direct messages never are here
        run(bin()
            .arg("export")
            .arg(&arch)
            .args(["--to", "html", "--include", "unknown", "--out"])
            .arg(&site));
        assert!(!site.join("conversations.html").exists(), "{net}");
        pages.push(format!("{net}/index.html"));
        pages.push(format!("{net}/timeline.html"));
        if let Some(a) = first_file(&site.join("accounts"), "<h1>") {
            pages.push(format!("{net}/accounts/{a}"));
        }
        if let Some(p) = first_file(&site.join("posts"), "<article") {
            pages.push(format!("{net}/posts/{p}"));
        }
        labels.push(*net);
    }
    let v = look(t.path(), &t.join("shots"), false, &pages);
    for page in &pages {
        let net = page.split('/').next().unwrap();
        for width in ["desktop", "phone"] {
            let f = &v["pages"][page][width];
            basics(page, f, true);
            // every post says which network it came from
            assert_eq!(f["posts"], f["postsWithNetwork"], "{page}: {f:#}");
            assert_eq!(f["cwOpen"], 0, "{page}: a content warning open by default");
            assert_eq!(
                f["cwHiddenText"], true,
                "{page}: words visible behind a warning"
            );
            assert_eq!(f["scripts"], 0, "{page}");
            if page.ends_with("index.html") || page.contains("/accounts/") {
                assert_eq!(f["charts"].as_array().unwrap().len(), 1, "{page}: {f:#}");
                // the header names the owner accounts with their networks
                assert!(!f["owners"].as_array().unwrap().is_empty(), "{page}");
            }
            if page.ends_with("index.html") && f["posts"].as_u64() > Some(0) {
                let c = &f["charts"][0];
                assert!(c["bars"].as_u64() > Some(0), "{page}: empty chart {c}");
                assert!(c["tableRows"].as_u64() > Some(0), "{page}: {c}");
            }
        }
        let _ = net;
    }
    // at least the networks with public posts have a non-empty home page
    for net in [
        "twitter",
        "mastodon",
        "bluesky",
        "reddit",
        "tumblr",
        "wordpress",
        "blogger",
    ] {
        let f = &v["pages"][format!("{net}/index.html")]["desktop"];
        assert!(
            f["posts"].as_u64() > Some(0),
            "{net}: no post on the home page"
        );
    }
}

/// An X and a Mastodon sample in one archive: the header names both accounts with
/// their networks, the chart has a series per network, a content warning hides its
/// post, hashtags and mentions link to the site's own pages, thumbnails load, and no
/// direct message is anywhere in the site.
#[test]
#[cfg_attr(
    not(all(lifeboat_tool_chromium, lifeboat_tool_node)),
    ignore = "needs Chromium and Node >= 20 (Debian: apt-get install chromium nodejs; .ci/run installs Chromium)"
)]
fn two_networks_site_in_chromium() {
    let t = Tmp::new("look-two");
    let site = two_networks_site(&t);
    let cw = first_file(&site.join("posts"), "details class=\"cw\"").unwrap();
    let tagged = first_file(&site.join("posts"), "Segeln").unwrap();
    let pages = vec![
        "index.html".to_string(),
        format!("posts/{cw}"),
        format!("posts/{tagged}"),
        "profile.html".to_string(),
    ];
    let v = look(&site, &t.join("shots"), false, &pages);
    for p in &pages {
        for w in ["desktop", "phone"] {
            basics(p, &v["pages"][p][w], true);
        }
    }
    let home = &v["pages"]["index.html"]["desktop"];
    let owners: Vec<&str> = home["owners"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(owners.iter().any(|o| o.contains("Mastodon")), "{owners:?}");
    assert!(
        owners.iter().any(|o| o.contains("X (Twitter)")),
        "{owners:?}"
    );
    let nets = home["networks"].as_array().unwrap();
    assert_eq!(nets.len(), 2, "{nets:?}");
    assert!(home["charts"][0]["tableRows"].as_u64() >= Some(2));
    assert!(home["cw"].as_u64() >= Some(1));
    assert_eq!(home["cwOpen"], 0);
    assert!(home["thumbs"].as_u64() >= Some(1), "{home:#}");
    assert_eq!(home["thumbs"], home["thumbsLoaded"], "{home:#}");
    let cwp = &v["pages"][&format!("posts/{cw}")]["desktop"];
    assert!(
        cwp["h1Text"].as_str().unwrap().starts_with("CW: "),
        "{cwp:#}"
    );
    assert_eq!(cwp["cw"], 1);
    assert_eq!(cwp["cwOpen"], 0);
    assert_eq!(cwp["cwHiddenText"], true);
    assert!(cwp["gallery"].as_u64() >= Some(1), "{cwp:#}");
    let tp = &v["pages"][&format!("posts/{tagged}")]["desktop"];
    assert!(tp["hashtagsLocal"].as_u64() >= Some(2), "{tp:#}");
    assert!(
        tp["h1Text"]
            .as_str()
            .unwrap()
            .starts_with("@bob @kim Segeln"),
        "{tp:#}"
    );
    let links: Vec<&str> = tp["outsideLinks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(links.contains(&"https://other.example/@bob"), "{links:?}");
}

/// The site of the test above, without a browser: no direct message in any file, no
/// scratch file left, thumbnails made anew.
#[test]
fn two_networks_site_holds_no_direct_message_and_clean_thumbnails() {
    two_networks_site(&Tmp::new("look-two-files"));
}

/// An X and a Mastodon sample in one archive, exported as a site and checked as files;
/// the site's folder.
fn two_networks_site(t: &Tmp) -> PathBuf {
    let arch = t.join("archive");
    import(
        &[
            "twitter/samples/g2-2021",
            "mastodon/samples/archive-2023.zip",
        ],
        &arch,
    );
    let site = t.join("site");
    run(bin()
        .arg("export")
        .arg(&arch)
        .args(["--to", "html", "--out"])
        .arg(&site));
    // private stays private: no direct message text in any file
    let dm = std::fs::read_to_string(arch.join("data/records/messages.jsonl")).unwrap();
    let texts: Vec<String> = dm
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|m| m["text"].as_str().map(str::to_string))
        .filter(|t| t.len() > 12)
        .collect();
    assert!(!texts.is_empty());
    let mut all = String::new();
    for d in ["", "posts", "months", "tags", "accounts", "assets"] {
        for e in std::fs::read_dir(site.join(d)).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                all.push_str(&String::from_utf8_lossy(&std::fs::read(&p).unwrap()));
            }
        }
    }
    for t in &texts {
        assert!(
            !all.contains(t.as_str()),
            "a direct message reached the site: {t}"
        );
    }
    assert!(
        !site.join(".lifeboat-spool").exists(),
        "the scratch file is left"
    );
    // thumbnails are made anew: no metadata block of the original
    let thumbs: Vec<_> = std::fs::read_dir(site.join("thumbs")).unwrap().collect();
    assert!(!thumbs.is_empty());
    for e in thumbs {
        let b = std::fs::read(e.unwrap().path()).unwrap();
        assert!(!b.windows(4).any(|w| w == b"Exif"));
    }
    site
}

/// `audit --html` for a sample archive of every network, and for a merged one: every
/// source with its checksum, every section, no script (the browser test is below).
#[test]
fn audit_html_for_every_sample_archive() {
    audit_pages(&Tmp::new("audit-html-files"));
}

/// The audit pages of the test above, with their charts, shown by Chromium without
/// error and printed to PDF.
#[test]
#[cfg_attr(
    not(all(lifeboat_tool_chromium, lifeboat_tool_node)),
    ignore = "needs Chromium and Node >= 20 (Debian: apt-get install chromium nodejs; .ci/run installs Chromium)"
)]
fn audit_html_for_every_sample_archive_in_chromium() {
    let t = Tmp::new("audit-html");
    let pages = audit_pages(&t);
    let v = look(t.path(), &t.join("shots"), true, &pages);
    for p in &pages {
        for w in ["desktop", "phone"] {
            let f = &v["pages"][p][w];
            basics(p, f, false);
            assert_eq!(f["scripts"], 0);
            assert!(!f["charts"].as_array().unwrap().is_empty(), "{p}");
        }
        let pdf = &v["pages"][p]["pdf"];
        assert_eq!(pdf["magic"], "%PDF-", "{p}: {pdf}");
        assert!(pdf["pages"].as_u64() >= Some(1), "{p}: {pdf}");
        assert!(pdf["bytes"].as_u64() > Some(5000), "{p}: {pdf}");
    }
}

/// `audit --html` of every sample archive, a merged one and a held one, checked as
/// files; the pages' names under `t`.
fn audit_pages(t: &Tmp) -> Vec<String> {
    let dumps: &[&[&str]] = &[
        &["twitter/samples/g2-2021"],
        &["twitter/samples/g0-classic-2014"],
        &["mastodon/samples/archive-2023.zip"],
        &["bluesky/samples/v3-2025"],
        &["facebook/samples/g4-2025"],
        &["instagram/samples/i4-2025"],
        &["threads/samples/standalone-2026"],
        &["linkedin/samples/complete-2024"],
        &["reddit/samples/export-2024"],
        &["tumblr/samples/npf-api"],
        &["youtube/samples/takeout-2025-en"],
        &["googleplus/samples/takeout-2019-json"],
        &["wordpress/samples/wxr-1.2"],
        &["blogger/samples/takeout-b2"],
        &["disqus/samples/d2-2024"],
        &["secondlife/samples/firestorm-2014"],
        &["web/samples/site-2019.warc"],
        &[
            "twitter/samples/g2-2021",
            "mastodon/samples/archive-2023.zip",
        ],
    ];
    let mut pages = Vec::new();
    for (i, d) in dumps.iter().enumerate() {
        let arch = t.join(format!("a{i}"));
        import(d, &arch);
        let out = t.join(format!("audit-{i}.html"));
        run(bin().arg("audit").arg(&arch).arg("--html").arg(&out));
        let h = std::fs::read_to_string(&out).unwrap();
        assert!(!h.contains("<script"), "{d:?}");
        // every source with its checksum
        let meta: Value =
            serde_json::from_slice(&std::fs::read(arch.join("data/lifeboat.json")).unwrap())
                .unwrap();
        for s in meta["sources"].as_array().unwrap() {
            assert!(h.contains(s["sha256"].as_str().unwrap()), "{d:?}");
        }
        for section in [
            "Sources",
            "Records in the archive",
            "Reconciliation",
            "Missing media",
            "Skips and repairs",
            "Chain of custody",
            "Dated records per month, by network",
        ] {
            assert!(h.contains(section), "{d:?}: {section}");
        }
        pages.push(format!("audit-{i}.html"));
    }
    // a hold shows
    let held = t.join("a0");
    run(bin()
        .arg("hold")
        .arg(&held)
        .args(["--reason", "Matter 2024-17"]));
    run(bin()
        .arg("audit")
        .arg(&held)
        .arg("--html")
        .arg(t.join("audit-held.html")));
    let h = std::fs::read_to_string(t.join("audit-held.html")).unwrap();
    assert!(h.contains("Matter 2024-17"));
    pages.push("audit-held.html".into());
    pages
}
