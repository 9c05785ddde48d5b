//! What a public export publishes: every sample's public writing, in every public
//! format, counted in the files written (not in the report), against the archive read
//! here by the rule of `docs/decisions.md` ("Exporting"): the owner accounts' posts and
//! the top-level posts of a site the owner runs, public, published, not deleted; and,
//! where the format has a place for them, other accounts' public replies to them.
//! WXR is also read by the WordPress importer's own parsers (PHP), whose counts must
//! equal the archive's.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::TempDir;
use serde_json::Value;

fn samples() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats");
    let mut out = Vec::new();
    for net in std::fs::read_dir(&root).expect("formats/") {
        let net = net.expect("entry").path();
        let Ok(list) = std::fs::read_dir(net.join("samples")) else {
            continue;
        };
        for s in list {
            let s = s.expect("entry").path();
            let f = s.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if f.ends_with(".py") || f.ends_with(".md") || f.starts_with('.') {
                continue;
            }
            let name = format!(
                "{}/{f}",
                net.file_name().and_then(|n| n.to_str()).unwrap_or("")
            );
            out.push((name, s));
        }
    }
    out.sort();
    out
}

/// The archive's public writing and the replies to it, by the rule, read from the
/// record files.
struct Expect {
    /// Writing left out for its unknown audience (without `--include unknown`).
    unknown: usize,
    writing: Vec<Value>,
    replies: Vec<Value>,
    linkbacks: Vec<Value>,
}

fn linkback(p: &Value) -> bool {
    matches!(
        p["ext"]["comment_type"].as_str(),
        Some("pingback" | "trackback" | "webmention")
    )
}

fn expect(records: &BTreeMap<String, Vec<Value>>, include: &[&str]) -> Expect {
    let none = Vec::new();
    let accounts = records.get("accounts").unwrap_or(&none);
    let posts = records.get("posts").unwrap_or(&none);
    let owners: HashSet<&str> = accounts
        .iter()
        .filter(|a| a["is_owner"] == true)
        .filter_map(|a| a["id"].as_str())
        .collect();
    let owner_nets: HashSet<&str> = posts
        .iter()
        .filter(|p| p["author"].as_str().is_some_and(|a| owners.contains(a)))
        .filter_map(|p| p["network"].as_str())
        .collect();
    let site = |p: &Value| !owner_nets.contains(p["network"].as_str().unwrap_or(""));
    let writing = |p: &Value| {
        p["author"].as_str().is_some_and(|a| owners.contains(a))
            || (site(p)
                && p["reply_to"].is_null()
                && p["repost_of"].is_null()
                && !linkback(p)
                && p["ext"]["missing_from_export"].is_null()
                && p["ext"]["from_reblog_trail"].is_null())
    };
    let publishable = |p: &Value| {
        p["deleted_at"].is_null()
            && p["status"].is_null()
            && (p["visibility"] == "public"
                || include.contains(&p["visibility"].as_str().unwrap_or("")))
    };
    let unknown = posts
        .iter()
        .filter(|p| {
            writing(p)
                && p["visibility"] == "unknown"
                && p["deleted_at"].is_null()
                && p["status"].is_null()
                && !include.contains(&"unknown")
        })
        .count();
    let published: Vec<Value> = posts
        .iter()
        .filter(|p| writing(p) && publishable(p))
        .cloned()
        .collect();
    let ids: HashSet<&str> = published.iter().filter_map(|p| p["id"].as_str()).collect();
    let candidates: HashMap<&str, &Value> = posts
        .iter()
        .filter(|p| !writing(p) && publishable(p) && !p["reply_to"].is_null())
        .filter_map(|p| Some((p["id"].as_str()?, p)))
        .collect();
    let mut replies = Vec::new();
    for p in candidates.values() {
        let mut cur = p["reply_to"].as_str();
        let mut steps = 0;
        while let Some(up) = cur {
            if ids.contains(up) {
                replies.push((*p).clone());
                break;
            }
            steps += 1;
            match candidates.get(up) {
                Some(q) if steps < 1000 => cur = q["reply_to"].as_str(),
                _ => break,
            }
        }
    }
    let linkbacks = posts
        .iter()
        .filter(|p| linkback(p) && publishable(p))
        .filter(|p| {
            p["ext"]["links_to"]
                .as_str()
                .is_some_and(|t| ids.contains(t))
        })
        .cloned()
        .collect();
    Expect {
        unknown,
        writing: published,
        replies,
        linkbacks,
    }
}

fn export(archive: &Path, fmt: &str, out: &Path, include: &[&str]) -> Value {
    let rep = out.with_extension("report.json");
    let mut c = Command::new(env!("CARGO_BIN_EXE_lifeboat"));
    c.arg("export")
        .arg(archive)
        .args(["--to", fmt, "--out"])
        .arg(out);
    c.arg("--report").arg(&rep);
    if !include.is_empty() {
        c.args(["--include", &include.join(",")]);
    }
    let o = c.output().expect("run");
    assert!(
        o.status.success(),
        "{fmt}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_str(&std::fs::read_to_string(&rep).expect("report")).expect("json")
}

/// Posts written into an ActivityStreams outbox: its activities and the replies
/// embedded in their objects.
fn as2_posts(v: &Value) -> usize {
    fn replies(o: &Value) -> usize {
        o["replies"]["items"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter(|x| x.is_object())
                    .map(|x| 1 + replies(x))
                    .sum()
            })
            .unwrap_or(0)
    }
    v["orderedItems"]
        .as_array()
        .map(|a| a.iter().map(|x| 1 + replies(&x["object"])).sum())
        .unwrap_or(0)
}

/// Items and comments of a WXR file (attachments apart).
fn wxr_posts(s: &str) -> usize {
    let items = s
        .split("<item>")
        .skip(1)
        .filter(|i| {
            !i.contains("<wp:post_type><![CDATA[attachment]]>")
                && !i.contains("<wp:post_type>attachment</wp:post_type>")
        })
        .count();
    items + s.matches("<wp:comment>").count()
}

/// The posts a public export wrote, counted in its files.
fn posts_written(fmt: &str, out: &Path) -> usize {
    let text = || std::fs::read_to_string(out).expect("read");
    match fmt {
        "atom" => text().matches("<entry").count(),
        "rss" => text().matches("<item>").count(),
        "jsonfeed" => {
            let v: Value = serde_json::from_str(&text()).expect("json");
            v["items"].as_array().map(Vec::len).unwrap_or(0)
        }
        "activitystreams" => as2_posts(&serde_json::from_str(&text()).expect("json")),
        "mastodon" => {
            let mut z = zip::ZipArchive::new(std::fs::File::open(out).expect("zip")).expect("zip");
            let mut s = String::new();
            std::io::Read::read_to_string(&mut z.by_name("outbox.json").expect("outbox"), &mut s)
                .expect("read");
            as2_posts(&serde_json::from_str(&s).expect("json"))
        }
        "wxr" => wxr_posts(&text()),
        "html" => std::fs::read_dir(out.join("posts"))
            .map(|d| d.count())
            .unwrap_or(0),
        _ => unreachable!(),
    }
}

#[test]
fn every_sample_publishes_its_public_writing_in_every_public_format() {
    let mut failures = Vec::new();
    let mut published = 0;
    for (name, path) in samples() {
        let tmp = TempDir::new("publish");
        let archive = tmp.join("archive");
        if lifeboat::import_dump(
            &path,
            &archive,
            &lifeboat::ImportOptions::default(),
            &mut lifeboat::NoProgress,
        )
        .is_err()
        {
            continue; // a refused dump (an HTML export): nothing to publish
        }
        let records = common::read_records(&archive);
        for include in [&[][..], &["unknown"][..]] {
            let e = expect(&records, include);
            for fmt in [
                "atom",
                "rss",
                "jsonfeed",
                "activitystreams",
                "mastodon",
                "wxr",
                "html",
            ] {
                let out = tmp.join(format!("{fmt}-{}", include.len()));
                let report = export(&archive, fmt, &out, include);
                let places = matches!(fmt, "activitystreams" | "mastodon" | "wxr" | "html");
                let want = e.writing.len()
                    + if places { e.replies.len() } else { 0 }
                    + if fmt == "wxr" { e.linkbacks.len() } else { 0 };
                let got = posts_written(fmt, &out);
                published += got;
                if got != want {
                    failures.push(format!(
                        "{name} → {fmt} {include:?}: {got} posts written, the archive's public writing is {} (+{} replies, +{} linkbacks)",
                        e.writing.len(),
                        e.replies.len(),
                        e.linkbacks.len()
                    ));
                }
                // the report says how many unknown-audience posts stay out, and how
                // to publish them
                let unknown = e.unknown;
                if include.is_empty() && unknown > 0 {
                    let said = report["lost"].as_array().into_iter().flatten().any(|l| {
                        l["kind"] == "post"
                            && l["reason"]
                                .as_str()
                                .is_some_and(|r| r.contains("--include unknown"))
                    });
                    if !said {
                        failures.push(format!(
                            "{name} → {fmt}: {unknown} posts of unknown audience and no word of --include unknown"
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(published > 500, "{published} posts published in all");
}

/// The WordPress importer's own parsers (SimpleXML, XML, Regex, XML Processor) read the
/// WXR of every WordPress and Blogger sample: authors, posts by type and status,
/// comments and their threading, attachments, terms: each equal to the archive's.
#[test]
#[cfg_attr(
    not(all(lifeboat_shared, lifeboat_tool_php)),
    ignore = "needs ../shared/consumers beside the repository and php-cli with php-xml (Debian: apt-get install php-cli php-xml); .ci/run has both"
)]
fn the_wordpress_importer_reads_the_whole_wxr() {
    let counts = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/consumers/wordpress-importer/wxr_counts.php");
    assert!(counts.is_file(), "{} is absent", counts.display());
    let mut checked = 0;
    for (name, path) in samples()
        .into_iter()
        .filter(|(n, _)| n.starts_with("wordpress/") || n.starts_with("blogger/"))
    {
        let tmp = TempDir::new("wxr-php");
        let archive = tmp.join("archive");
        if lifeboat::import_dump(
            &path,
            &archive,
            &lifeboat::ImportOptions::default(),
            &mut lifeboat::NoProgress,
        )
        .is_err()
        {
            continue; // a sample lifeboat refuses (a file broken before its first item)
        }
        let records = common::read_records(&archive);
        let e = expect(&records, &[]);
        let out = tmp.join("site.wordpress.xml");
        export(&archive, "wxr", &out, &[]);
        let o = Command::new("php")
            .arg(&counts)
            .arg(&out)
            .output()
            .expect("php");
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let v: Value = serde_json::from_slice(&o.stdout).expect("counts json");
        // what the archive says WordPress should find
        let none = Vec::new();
        let media = records.get("media").unwrap_or(&none);
        let written: HashSet<&str> = e.writing.iter().filter_map(|p| p["id"].as_str()).collect();
        let mut types: BTreeMap<String, u64> = BTreeMap::new();
        let mut terms: BTreeMap<String, u64> = BTreeMap::new();
        for p in &e.writing {
            let t = p["ext"]["post_type"].as_str().unwrap_or("post");
            *types.entry(t.to_string()).or_default() += 1;
            let mut ts: Vec<(String, String)> = p["ext"]["terms"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|t| {
                    (
                        t["domain"].as_str().unwrap_or("").to_string(),
                        t["name"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect();
            if ts.is_empty() {
                ts = p["tags"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|t| Some(("post_tag".to_string(), t.as_str()?.to_string())))
                    .collect();
            }
            for (d, _) in ts {
                *terms.entry(d).or_default() += 1;
            }
        }
        let attachments = media
            .iter()
            .filter(|m| {
                m["original_url"]
                    .as_str()
                    .is_some_and(|u| u.starts_with("http"))
                    && m["attached_to"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|a| a.as_str().is_some_and(|a| written.contains(a)))
            })
            .count() as u64;
        if attachments > 0 {
            types.insert("attachment".into(), attachments);
        }
        let comments = e.replies.len() + e.linkbacks.len();
        // a comment is threaded when it answers another comment of its thread
        let comment_ids: HashSet<&str> =
            e.replies.iter().filter_map(|p| p["id"].as_str()).collect();
        let threaded = e
            .replies
            .iter()
            .filter(|p| {
                p["reply_to"]
                    .as_str()
                    .is_some_and(|r| comment_ids.contains(r))
            })
            .count();
        let authors: HashSet<&str> = e
            .writing
            .iter()
            .filter_map(|p| p["author"].as_str())
            .collect();
        let mut statuses: BTreeMap<String, u64> = BTreeMap::new();
        if !e.writing.is_empty() {
            statuses.insert("publish".into(), e.writing.len() as u64);
        }
        if attachments > 0 {
            statuses.insert("inherit".into(), attachments);
        }
        let parsers = v.as_object().expect("parsers");
        assert_eq!(parsers.len(), 4, "{name}: {v}");
        for (parser, c) in parsers {
            // PHP writes an empty array as []
            let at = |k: &str| match &c[k] {
                Value::Array(a) if a.is_empty() => serde_json::json!({}),
                v => v.clone(),
            };
            assert!(c.is_object(), "{name}: {parser} failed: {c}");
            assert_eq!(at("version"), "1.2", "{name}: {parser}");
            assert_eq!(at("authors"), authors.len(), "{name}: {parser} authors");
            assert_eq!(
                at("posts"),
                types.values().sum::<u64>(),
                "{name}: {parser} posts"
            );
            assert_eq!(
                at("types"),
                serde_json::json!(types),
                "{name}: {parser} types"
            );
            assert_eq!(
                at("statuses"),
                serde_json::json!(statuses),
                "{name}: {parser} statuses"
            );
            assert_eq!(at("comments"), comments, "{name}: {parser} comments");
            assert_eq!(
                at("threaded_comments"),
                threaded,
                "{name}: {parser} threading"
            );
            assert_eq!(
                at("attachments"),
                attachments,
                "{name}: {parser} attachments"
            );
            assert_eq!(
                at("post_terms"),
                serde_json::json!(terms),
                "{name}: {parser} terms"
            );
        }
        checked += 1;
    }
    assert!(
        checked >= 7,
        "{checked} WordPress and Blogger samples checked"
    );
}

/// A WordPress post keeps its post format (a term of the `post_format` taxonomy, not a
/// tag), its page type, and its comments' threading, approval and type through WXR.
#[test]
fn wxr_keeps_post_formats_pages_and_comment_threads() {
    let tmp = TempDir::new("wxr-formats");
    let dump = tmp.join("site.wordpress.2024-06-01.xml");
    std::fs::write(
        &dump,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Harbour notes</title><link>https://harbour.example</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://harbour.example</wp:base_site_url><wp:base_blog_url>https://harbour.example</wp:base_blog_url>
<wp:author><wp:author_id>7</wp:author_id><wp:author_login><![CDATA[kim]]></wp:author_login><wp:author_email><![CDATA[kim@harbour.example]]></wp:author_email><wp:author_display_name><![CDATA[Kim]]></wp:author_display_name></wp:author>
<item><title>Tide at six</title><link>https://harbour.example/tide</link><dc:creator><![CDATA[kim]]></dc:creator>
<content:encoded><![CDATA[<p>High tide at six.</p>]]></content:encoded>
<wp:post_id>10</wp:post_id><wp:post_date_gmt>2024-06-01 06:00:00</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="post_format" nicename="post-format-status"><![CDATA[Status]]></category>
<category domain="category" nicename="tides"><![CDATA[Tides]]></category>
<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author><![CDATA[Ola]]></wp:comment_author><wp:comment_author_email><![CDATA[ola@example.net]]></wp:comment_author_email><wp:comment_author_url>https://ola.example/</wp:comment_author_url><wp:comment_date_gmt>2024-06-01 07:00:00</wp:comment_date_gmt><wp:comment_content><![CDATA[Thanks!]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>0</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>
<wp:comment><wp:comment_id>2</wp:comment_id><wp:comment_author><![CDATA[Kim]]></wp:comment_author><wp:comment_date_gmt>2024-06-01 08:00:00</wp:comment_date_gmt><wp:comment_content><![CDATA[You are welcome.]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>1</wp:comment_parent><wp:comment_user_id>7</wp:comment_user_id></wp:comment>
<wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_author><![CDATA[Boat blog]]></wp:comment_author><wp:comment_author_url>https://boats.example/post</wp:comment_author_url><wp:comment_date_gmt>2024-06-01 09:00:00</wp:comment_date_gmt><wp:comment_content><![CDATA[[…] tide at six […]]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>pingback</wp:comment_type><wp:comment_parent>0</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>
</item>
<item><title>About</title><link>https://harbour.example/about</link><dc:creator><![CDATA[kim]]></dc:creator>
<content:encoded><![CDATA[<p>About this site.</p>]]></content:encoded>
<wp:post_id>11</wp:post_id><wp:post_date_gmt>2024-05-01 06:00:00</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>page</wp:post_type>
</item>
</channel></rss>
"#,
    )
    .expect("write");
    let archive = tmp.join("archive");
    lifeboat::import_dump(
        &dump,
        &archive,
        &lifeboat::ImportOptions::default(),
        &mut lifeboat::NoProgress,
    )
    .expect("import");
    let out = tmp.join("again.wordpress.xml");
    export(&archive, "wxr", &out, &[]);
    let s = std::fs::read_to_string(&out).expect("read");
    assert!(s.contains(r#"<category domain="post_format" nicename="post-format-status"><![CDATA[Status]]></category>"#), "{s}");
    assert!(
        s.contains(r#"<category domain="category" nicename="tides"><![CDATA[Tides]]></category>"#)
    );
    assert!(s.contains("<wp:post_type><![CDATA[page]]></wp:post_type>"));
    assert!(s.contains("<wp:comment_type><![CDATA[pingback]]></wp:comment_type>"));
    assert!(s.contains("<wp:comment_author_email>ola@example.net</wp:comment_author_email>"));
    // Kim's reply answers Ola's comment and is Kim's (user 7)
    let kim = s
        .split("<wp:comment>")
        .find(|c| c.contains("You are welcome."))
        .expect("the reply");
    assert!(
        kim.contains("<wp:comment_parent>1</wp:comment_parent>"),
        "{kim}"
    );
    assert!(
        kim.contains("<wp:comment_user_id>7</wp:comment_user_id>"),
        "{kim}"
    );
    assert!(s.contains("<wp:author_id>7</wp:author_id>"));
    // and read back, the archive is the same
    let back = tmp.join("back");
    lifeboat::import_dump(
        &out,
        &back,
        &lifeboat::ImportOptions::default(),
        &mut lifeboat::NoProgress,
    )
    .expect("read back");
    let d = lifeboat::records::diff(&archive, &back).expect("diff");
    assert!(d.is_empty(), "{}", d.to_json());
}
