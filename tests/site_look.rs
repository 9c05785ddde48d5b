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

/// What the site of one network's sample must show.
struct Net {
    net: &'static str,
    sample: &'static str,
    /// The network marks posts with content warnings, spoilers or sensitive media,
    /// and the sample has one: X `possibly_sensitive`, Mastodon `summary` and
    /// `sensitive`, Bluesky self-labels. No other network's export has such a flag.
    cw: bool,
    /// The network's export holds pictures (and the sample has some).
    images: bool,
    /// The kinds of entity the network's posts carry (links in the browser's
    /// classification: "link" to the web, "mention" of an account, "tag" to the site's
    /// tag page); see `entities_by_network` below for what each means per network.
    entities: &'static [&'static str],
}

/// What "entities" are per network, and the sample that shows them:
///
/// - X: `entities.urls` (t.co expanded, never shown short), `user_mentions`
///   (the account's page or profile), `hashtags`;
/// - Mastodon: the mentions, hashtags and links of the post's HTML;
/// - Bluesky: link, mention and tag facets (byte ranges), `tags`, link cards;
/// - Facebook: the export lists no entities; a shared link
///   (`attachments[].data[].external_context.url`) and URLs in the text; #hashtags
///   of the text (the app links them) go to the site's tag pages;
/// - Instagram, Threads: no entity lists; #hashtags and @names of the text, as the
///   apps link them (tag pages; the account's page or profile on the network);
/// - LinkedIn: links of the share (`SharedUrl`, the article's HTML) and of the text;
/// - Reddit: a link post's URL, a comment's media link;
/// - Tumblr: the tags and the links of the post's HTML;
/// - YouTube: links of a description or comment, the video's tags, `@handle`s;
/// - Google+: the links of the post's HTML (a `+name` mention is a link to the
///   person's profile);
/// - WordPress: categories and tags (tag pages) and the links of the post's HTML;
/// - Blogger: labels (tag pages) and the links of the post's HTML;
/// - Disqus: the links of the comment's HTML (Disqus writes every URL as a link).
const NETWORKS: &[Net] = &[
    Net {
        net: "twitter",
        sample: "twitter/samples/g2-2021",
        cw: true,
        images: true,
        entities: &["link", "mention"],
    },
    Net {
        net: "mastodon",
        sample: "mastodon/samples/archive-2023.zip",
        cw: true,
        images: true,
        entities: &["link", "mention", "tag"],
    },
    Net {
        net: "bluesky",
        sample: "bluesky/samples/v3-2025",
        cw: true,
        images: true,
        entities: &["link", "mention", "tag"],
    },
    Net {
        net: "facebook",
        sample: "facebook/samples/g2-2021",
        cw: false,
        images: true,
        entities: &["link"],
    },
    Net {
        net: "instagram",
        sample: "instagram/samples/i4-2025",
        cw: false,
        images: true,
        entities: &["tag"],
    },
    Net {
        net: "threads",
        sample: "threads/samples/standalone-2026",
        cw: false,
        images: true,
        entities: &["mention", "tag"],
    },
    Net {
        net: "linkedin",
        sample: "linkedin/samples/complete-2024",
        cw: false,
        images: false,
        entities: &["link"],
    },
    Net {
        net: "reddit",
        sample: "reddit/samples/export-2024",
        cw: false,
        images: false,
        entities: &["link"],
    },
    Net {
        net: "tumblr",
        sample: "tumblr/samples/html-2021",
        cw: false,
        images: true,
        entities: &["link", "tag"],
    },
    Net {
        net: "youtube",
        sample: "youtube/samples/takeout-2025-en",
        cw: false,
        images: false,
        entities: &["link", "mention", "tag"],
    },
    Net {
        net: "googleplus",
        sample: "googleplus/samples/takeout-2019-json",
        cw: false,
        images: true,
        entities: &["link"],
    },
    Net {
        net: "wordpress",
        sample: "wordpress/samples/wxr-1.2",
        cw: false,
        images: false,
        entities: &["link", "tag"],
    },
    Net {
        net: "blogger",
        sample: "blogger/samples/takeout-b2",
        cw: false,
        images: false,
        entities: &["link", "tag"],
    },
    Net {
        net: "disqus",
        sample: "disqus/samples/d2-2024",
        cw: false,
        images: false,
        entities: &["link"],
    },
];

/// A network's pages to show the browser: all of them, the post page with a content
/// warning, the post page with a gallery.
type Plan<'a> = (&'a Net, Vec<String>, Option<String>, Option<String>);

/// The text between `from` and the next `to` after it, and what follows.
fn between<'a>(s: &'a str, from: &str, to: &str) -> Option<(&'a str, &'a str)> {
    let i = s.find(from)? + from.len();
    let rest = s.get(i..)?;
    let j = rest.find(to)?;
    Some((rest.get(..j)?, rest.get(j + to.len()..)?))
}

/// The kinds of entity link in a post page's own post (as look.mjs classifies them),
/// read from its HTML: the page to show the browser for each kind.
fn entity_kinds(html: &str) -> Vec<&'static str> {
    let Some((art, _)) = between(html, "<article class=\"post focus\"", "</article>") else {
        return Vec::new();
    };
    // not the heading (network, author, date), the "Original on" line or the gallery
    let mut body = art.split_once("</h2>").map_or(art, |x| x.1).to_string();
    for (open, close) in [
        ("<p class=\"meta\">", "</p>"),
        ("<div class=\"gallery\"", "</div>"),
    ] {
        while let Some(i) = body.find(open) {
            let Some(j) = body[i..].find(close) else {
                break;
            };
            body.replace_range(i..i + j + close.len(), "");
        }
    }
    let mut kinds = Vec::new();
    let mut rest = body.as_str();
    while let Some((attrs, after)) = between(rest, "<a ", ">") {
        let href = between(attrs, "href=\"", "\"").map_or("", |x| x.0);
        let text = after.split("</a>").next().unwrap_or("");
        let text = text.trim_start_matches("<span>");
        let kind = if text.starts_with('@') || text.starts_with('+') {
            "mention"
        } else if href.contains("tags/") && !href.starts_with("http") {
            "tag"
        } else if href.starts_with("http") {
            "link"
        } else {
            "other"
        };
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
        rest = after;
    }
    kinds
}

/// Every sample network's site in Chromium: on the home page the chart (bars and
/// its text table) and every post labelled with its network; on each network's
/// pages the entities its posts carry as links, its content warnings closed (and
/// their content shown once opened) where the network has them, and its pictures
/// decoded as thumbnails and in galleries where its export holds pictures.
#[test]
#[cfg_attr(
    not(all(lifeboat_tool_chromium, lifeboat_tool_node)),
    ignore = "needs Chromium and Node >= 20 (Debian: apt-get install chromium nodejs; .ci/run installs Chromium)"
)]
fn every_sample_networks_site_in_chromium() {
    let t = Tmp::new("look-every");
    let mut pages: Vec<String> = Vec::new();
    // per network: its pages, and the post pages expected to show each thing
    let mut plan: Vec<Plan> = Vec::new();
    for n in NETWORKS {
        let arch = t.join(format!("{}-archive", n.net));
        import(&[n.sample], &arch);
        let site = t.join(n.net);
        // posts whose audience the dump does not record (Facebook, LinkedIn…), and
        // unlisted and followers-only ones, are published only when asked; direct
        // messages never are here
        run(bin()
            .arg("export")
            .arg(&arch)
            .args([
                "--to",
                "html",
                "--include",
                "unknown,unlisted,followers",
                "--out",
            ])
            .arg(&site));
        assert!(!site.join("conversations.html").exists(), "{}", n.net);
        let mut mine = vec![
            format!("{}/index.html", n.net),
            format!("{}/timeline.html", n.net),
        ];
        if let Some(a) = first_file(&site.join("accounts"), "<h1>") {
            mine.push(format!("{}/accounts/{a}", n.net));
        }
        // a post page for each kind of entity, the first with a content warning,
        // the first with a gallery
        let mut files: Vec<_> = std::fs::read_dir(site.join("posts"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let mut found: Vec<&str> = Vec::new();
        let (mut cw_page, mut gallery_page) = (None, None);
        for f in &files {
            let h = std::fs::read_to_string(f).unwrap();
            let name = format!(
                "{}/posts/{}",
                n.net,
                f.file_name().unwrap().to_string_lossy()
            );
            let mut wanted = false;
            for k in entity_kinds(&h) {
                if n.entities.contains(&k) && !found.contains(&k) {
                    found.push(k);
                    wanted = true;
                }
            }
            if cw_page.is_none() && h.contains("<details class=\"cw\"") {
                cw_page = Some(name.clone());
                wanted = true;
            }
            if gallery_page.is_none() && h.contains("<div class=\"gallery\"") && h.contains("<img ")
            {
                gallery_page = Some(name.clone());
                wanted = true;
            }
            if wanted {
                mine.push(name);
            }
        }
        for k in n.entities {
            assert!(
                found.contains(k),
                "{}: no post page with a {k} entity",
                n.net
            );
        }
        assert_eq!(cw_page.is_some(), n.cw, "{}: content warnings", n.net);
        assert_eq!(gallery_page.is_some(), n.images, "{}: a gallery", n.net);
        let thumbs = std::fs::read_dir(site.join("thumbs")).unwrap().count();
        assert_eq!(thumbs > 0, n.images, "{}: {thumbs} thumbnails", n.net);
        pages.extend(mine.iter().cloned());
        plan.push((n, mine, cw_page, gallery_page));
    }
    let v = look(t.path(), &t.join("shots"), false, &pages);
    for (n, mine, cw_page, gallery_page) in &plan {
        let mut kinds: Vec<String> = Vec::new();
        for page in mine {
            for width in ["desktop", "phone"] {
                let f = &v["pages"][page][width];
                basics(page, f, true);
                // every post says which network it came from
                assert_eq!(f["posts"], f["postsWithNetwork"], "{page}: {f:#}");
                assert_eq!(f["cwOpen"], 0, "{page}: a content warning open by default");
                assert_eq!(
                    f["cwHiddenText"], true,
                    "{page}: something visible behind a warning"
                );
                assert_eq!(
                    f["opened"]["cwShown"], true,
                    "{page}: an opened warning shows nothing"
                );
                assert_eq!(f["scripts"], 0, "{page}");
                assert_eq!(f["shortLinksShown"], 0, "{page}: a t.co link shown");
                // every picture decodes once its warning is opened
                assert_eq!(
                    f["opened"]["imgsBroken"].as_array().map(Vec::len),
                    Some(0),
                    "{page}: {:#}",
                    f["opened"]
                );
                if !n.cw {
                    assert_eq!(f["cw"], 0, "{page}: a warning on a network without them");
                }
                for e in f["entityLinks"].as_array().unwrap() {
                    let k = e["kind"].as_str().unwrap().to_string();
                    if !kinds.contains(&k) {
                        kinds.push(k);
                    }
                }
            }
            let f = &v["pages"][page]["desktop"];
            if page.ends_with("/index.html") {
                // the chart with its table, the owners in the header, labelled posts
                assert_eq!(f["charts"].as_array().unwrap().len(), 1, "{page}: {f:#}");
                let c = &f["charts"][0];
                assert!(c["bars"].as_u64() > Some(0), "{page}: empty chart {c}");
                assert!(c["tableRows"].as_u64() > Some(0), "{page}: {c}");
                assert!(!f["owners"].as_array().unwrap().is_empty(), "{page}");
                assert!(f["posts"].as_u64() > Some(0), "{page}: no post");
                assert!(!f["networks"].as_array().unwrap().is_empty(), "{page}");
                if n.images {
                    let o = &f["opened"];
                    assert!(o["thumbs"].as_u64() >= Some(1), "{page}: {o:#}");
                    assert_eq!(o["thumbs"], o["thumbsLoaded"], "{page}: {o:#}");
                    assert_eq!(o["thumbs"], o["thumbsVisible"], "{page}: {o:#}");
                } else {
                    assert_eq!(f["thumbs"], 0, "{page}");
                }
            }
            if page.contains("/accounts/") || page.ends_with("/timeline.html") {
                assert_eq!(f["charts"].as_array().unwrap().len(), 1, "{page}: {f:#}");
            }
        }
        for k in n.entities {
            assert!(
                kinds.iter().any(|x| x == k),
                "{}: no {k} link shown in Chromium ({kinds:?})",
                n.net
            );
        }
        if let Some(p) = cw_page {
            let f = &v["pages"][p]["desktop"];
            assert!(f["cw"].as_u64() >= Some(1), "{p}: {f:#}");
            assert_eq!(f["cwOpen"], 0, "{p}");
        }
        if let Some(p) = gallery_page {
            let o = &v["pages"][p]["desktop"]["opened"];
            assert!(o["galleryImgs"].as_u64() >= Some(1), "{p}: {o:#}");
            assert_eq!(o["galleryImgs"], o["galleryLoaded"], "{p}: {o:#}");
        }
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
    let cw = first_file(&site.join("posts"), "class=\"cw-label\"").unwrap();
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
    // X's picture (marked sensitive) and Mastodon's two (one behind a content
    // warning): each decodes once its warning is opened
    let o = &home["opened"];
    assert!(o["thumbs"].as_u64() >= Some(3), "{home:#}");
    assert_eq!(o["thumbs"], o["thumbsLoaded"], "{home:#}");
    assert!(home["cw"].as_u64() >= Some(2), "{home:#}");
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

/// `audit --html` of a 100k-tweet archive made by the acceptance kit's generator
/// (`gen_twitter_archive.py 100000`: 100,150 posts, 100,000 likes, 20,021 missing
/// media): the report keeps to a few pages (its lists are capped, with their totals),
/// names the source with its checksum and the counts the archive holds, and Chromium
/// shows it without error and prints it to PDF. The debug build imports it in
/// about half a minute of CPU because Cargo.toml optimises the few crates an import
/// spends its time in (hashing, inflating, JSON) in test builds too.
#[test]
#[cfg_attr(
    not(all(lifeboat_shared, lifeboat_tool_chromium, lifeboat_tool_node)),
    ignore = "needs ../shared beside the repository (the acceptance kit's generator), Chromium and Node >= 20 (.ci/run has them)"
)]
fn audit_html_of_a_100k_tweet_archive_prints_to_pdf() {
    let gen =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/acceptance/gen_twitter_archive.py");
    assert!(gen.is_file(), "{} is missing", gen.display());
    let t = Tmp::new("audit-100k");
    let zip = t.join("t100k.zip");
    let o = Command::new("python3")
        .arg(&gen)
        .arg("100000")
        .arg("-o")
        .arg(&zip)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let arch = t.join("archive");
    run(bin()
        .arg("import")
        .arg(&zip)
        .arg("--out")
        .arg(&arch)
        .arg("--quiet"));
    std::fs::remove_file(&zip).unwrap();
    let out = t.join("audit.html");
    run(bin()
        .arg("audit")
        .arg(&arch)
        .arg("--html")
        .arg(&out)
        .arg("--json")
        .arg(t.join("audit.json")));
    let h = std::fs::read_to_string(&out).unwrap();
    assert!(!h.contains("<script"));
    // one page to print, not a listing of the archive
    assert!(h.len() < 512 * 1024, "{} bytes", h.len());
    let meta: Value =
        serde_json::from_slice(&std::fs::read(arch.join("data/lifeboat.json")).unwrap()).unwrap();
    for s in meta["sources"].as_array().unwrap() {
        assert!(h.contains(s["sha256"].as_str().unwrap()));
    }
    // the counts the archive holds, in the report's tables
    for (file, at_least) in [("posts", 100_000), ("reactions", 100_000)] {
        let n = std::fs::read_to_string(arch.join(format!("data/records/{file}.jsonl")))
            .unwrap()
            .lines()
            .count();
        assert!(n >= at_least, "{file}: {n}");
        assert!(
            h.contains(&format!(">{n}<")),
            "{file}: {n} not in the report"
        );
    }
    std::fs::remove_dir_all(&arch).unwrap();
    let v = look(
        t.path(),
        &t.join("shots"),
        true,
        &["audit.html".to_string()],
    );
    for w in ["desktop", "phone"] {
        let f = &v["pages"]["audit.html"][w];
        basics("audit.html", f, false);
        assert_eq!(f["scripts"], 0);
        assert!(f["charts"].as_array().unwrap().len() >= 2, "{f:#}");
        for c in f["charts"].as_array().unwrap() {
            assert!(c["bars"].as_u64() > Some(0), "{c}");
        }
    }
    let pdf = &v["pages"]["audit.html"]["pdf"];
    assert_eq!(pdf["magic"], "%PDF-", "{pdf}");
    let pages = pdf["pages"].as_u64().unwrap();
    assert!((1..=16).contains(&pages), "{pdf}");
    assert!(pdf["bytes"].as_u64() > Some(20_000), "{pdf}");
}
