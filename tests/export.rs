//! Exporters: one canonical archive rendered into every format (golden files in
//! `tests/golden/export/`, rewritten with `LIFEBOAT_UPDATE_GOLDEN=1`), hostile text
//! neutralised in each, privacy by default, the loss report, and real consumers
//! (Python's xml.etree, json, csv and sqlite3) reading the output when python3 is here.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lifeboat::model::{Conversation, Message, Post, Record, Source, Timestamp, Visibility};

mod common;

/// The hostile text: markup, a CDATA end, a spreadsheet formula, a vertical tab, an emoji.
const HOSTILE: &str = "=HYPERLINK(\"http://evil.example\",\"click\") <script>alert(1)</script> ends ]]> here\u{b} sailing ⛵ & more";
const FOLLOWERS_ONLY: &str = "Followers only: the mooring code is 4711";
const DIRECT_POST: &str = "Direct post: meet at the harbour at nine";
const DM_TEXT: &str = "Direct message: the spare key is under the boat";
const OWNER: &str = "mastodon:account:robin@toot.example";
const EPOCH: &str = "1777777777";

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lifeboat"));
    c.env("SOURCE_DATE_EPOCH", EPOCH);
    c
}

struct Tmp(PathBuf);
impl Tmp {
    fn new(tag: &str) -> Tmp {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let p = std::env::temp_dir().join(format!(
            "lifeboat-export-{tag}-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&p).unwrap();
        Tmp(p)
    }
    fn join(&self, p: &str) -> PathBuf {
        self.0.join(p)
    }
}
impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn ts(s: &str) -> Option<Timestamp> {
    Timestamp::parse(s).map(|(t, _)| t)
}

fn post(native: &str, when: &str, text: &str, vis: Visibility) -> Post {
    Post {
        id: format!("mastodon:post:https://toot.example/users/robin/statuses/{native}"),
        network: "mastodon".into(),
        author: OWNER.into(),
        created_at: ts(when),
        text: text.into(),
        url: Some(format!("https://toot.example/@robin/{native}")),
        visibility: vis,
        tags: vec!["sailing".into()],
        source: Source::entry("test"),
        ..Default::default()
    }
}

/// The canonical archive: the Mastodon 2023 sample, plus a hostile public post, a
/// public reply to it, a followers-only post, a direct post and a direct message.
fn canonical(t: &Tmp) -> PathBuf {
    let arch = t.join("archive");
    let dump =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/mastodon/samples/archive-2023.zip");
    common::import_dump(
        &dump,
        &arch,
        &lifeboat::ImportOptions::default(),
        &mut lifeboat::NoProgress,
    )
    .unwrap();
    // the follow, block, mute, list and bookmark lists of the same account
    let lists = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/mastodon/samples/csv");
    common::import_dump(
        &lists,
        &arch,
        &lifeboat::ImportOptions::default(),
        &mut lifeboat::NoProgress,
    )
    .unwrap();
    let hostile = post(
        "900001",
        "2024-02-01T10:00:00Z",
        HOSTILE,
        Visibility::Public,
    );
    let mut reply = post(
        "900002",
        "2024-02-01T11:00:00Z",
        "A reply in the thread",
        Visibility::Public,
    );
    reply.reply_to = Some(hostile.id.clone());
    let posts = [
        hostile,
        reply,
        post(
            "900003",
            "2024-02-02T10:00:00Z",
            FOLLOWERS_ONLY,
            Visibility::Followers,
        ),
        post(
            "900004",
            "2024-02-03T10:00:00Z",
            DIRECT_POST,
            Visibility::Direct,
        ),
    ];
    let mut lines = String::new();
    for p in posts {
        lines.push_str(&Record::Post(p).to_json());
        lines.push('\n');
    }
    append(&arch.join("data/records/posts.jsonl"), &lines);
    let conv = Conversation {
        id: "mastodon:conversation:c1".into(),
        network: "mastodon".into(),
        participants: vec![OWNER.into()],
        message_count: 1,
        source: Source::entry("test"),
        ..Default::default()
    };
    append(
        &arch.join("data/records/conversations.jsonl"),
        &format!("{}\n", Record::Conversation(conv).to_json()),
    );
    let msg = Message {
        id: "mastodon:message:m1".into(),
        network: "mastodon".into(),
        conversation: "mastodon:conversation:c1".into(),
        sender: OWNER.into(),
        sent_at: ts("2024-02-04T10:00:00Z"),
        text: DM_TEXT.into(),
        source: Source::entry("test"),
        ..Default::default()
    };
    append(
        &arch.join("data/records/messages.jsonl"),
        &format!("{}\n", Record::Message(msg).to_json()),
    );
    arch
}

fn append(p: &Path, s: &str) {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(p)
        .unwrap();
    f.write_all(s.as_bytes()).unwrap();
}

fn export(arch: &Path, fmt: &str, out: &Path, extra: &[&str]) -> Output {
    let o = bin()
        .arg("export")
        .arg(arch)
        .args(["--to", fmt, "--out"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{fmt}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Every file under `p` (or `p` itself), as text.
fn all_text(p: &Path) -> String {
    if p.is_file() {
        return String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
    }
    let mut s = String::new();
    let mut stack = vec![p.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap().path();
            if e.is_dir() {
                stack.push(e);
            } else {
                s.push_str(&String::from_utf8_lossy(&std::fs::read(&e).unwrap()));
            }
        }
    }
    s
}

/// Run Python code with arguments; its output. Tests that call it carry
/// `cfg_attr(not(lifeboat_tool_python3), ignore = ...)`.
fn python(code: &str, args: &[&Path]) -> String {
    let o = Command::new("python3")
        .arg("-c")
        .arg(code)
        .args(args)
        .output()
        .expect("python3");
    assert!(
        o.status.success(),
        "python consumer failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn golden(name: &str, actual: &str) {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/export")
        .join(name);
    if std::env::var_os("LIFEBOAT_UPDATE_GOLDEN").is_some() || !p.exists() {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, actual).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&p).unwrap();
    assert!(
        want == actual,
        "{name} differs from its golden file (LIFEBOAT_UPDATE_GOLDEN=1 rewrites it)\n--- first difference near: {:?}",
        want.lines()
            .zip(actual.lines())
            .find(|(a, b)| a != b)
            .map(|(a, b)| (a.chars().take(200).collect::<String>(), b.chars().take(200).collect::<String>()))
    );
}

/// The path of the tmp folder replaced, so that golden files do not depend on it.
fn normal(s: &str, t: &Tmp) -> String {
    s.replace(&t.0.display().to_string(), "TMP")
}

#[test]
fn every_format_matches_its_golden_file() {
    let t = Tmp::new("golden");
    let arch = canonical(&t);
    for (fmt, name) in [
        ("atom", "feed.atom"),
        ("rss", "feed.rss"),
        ("jsonfeed", "feed.json"),
        ("activitystreams", "outbox.json"),
        ("wxr", "wordpress.xml"),
    ] {
        let out = t.join(name);
        let o = export(&arch, fmt, &out, &[]);
        golden(name, &all_text(&out));
        golden(
            &format!("{name}.report.txt"),
            &normal(&String::from_utf8_lossy(&o.stdout), &t),
        );
    }
    let out = t.join("csv");
    export(&arch, "csv", &out, &[]);
    golden("posts.csv", &all_text(&out.join("posts.csv")));
    let out = t.join("mastodon.zip");
    export(&arch, "mastodon", &out, &[]);
    let mut z = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    for name in [
        "outbox.json",
        "actor.json",
        "following_accounts.csv",
        "lists.csv",
    ] {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut z.by_name(name).unwrap(), &mut s).unwrap();
        golden(&format!("mastodon-{name}"), &s);
    }
    let db = t.join("db.sqlite");
    export(&arch, "sqlite", &db, &[]);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mut q = conn
        .prepare("select sql from sqlite_master where sql is not null and name not like 'posts_fts_%' and name not like 'messages_fts_%' order by type, name")
        .unwrap();
    let schema: String = q
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|s| format!("{};\n", s.unwrap()))
        .collect();
    golden("sqlite-schema.sql", &schema);
    let out = t.join("site");
    export(&arch, "html", &out, &[]);
    golden("site-index.html", &all_text(&out.join("index.html")));
    let page = hostile_page(&out);
    golden("site-hostile-post.html", &all_text(&page));
}

fn hostile_page(site: &Path) -> PathBuf {
    std::fs::read_dir(site.join("posts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("statuses-900001-"))
        .expect("a page for the hostile post")
}

#[test]
#[cfg_attr(
    not(lifeboat_tool_python3),
    ignore = "needs python3 (its XML, JSON, CSV and SQLite readers read the files back)"
)]
fn hostile_text_survives_or_is_neutralised_in_each_format() {
    let t = Tmp::new("hostile");
    let arch = canonical(&t);
    // XML formats: no U+000B, well-formed, the rest of the text intact
    for fmt in ["atom", "rss", "wxr"] {
        let out = t.join(fmt);
        export(&arch, fmt, &out, &[]);
        let s = all_text(&out);
        assert!(!s.contains('\u{b}'), "{fmt}: U+000B written");
        assert!(!s.contains("<script>"), "{fmt}: live <script>");
        let text = python(
            "import sys, xml.etree.ElementTree as ET\nr = ET.parse(sys.argv[1]).getroot()\nprint('\\n'.join(t for e in r.iter() for t in [e.text or ''] + list(e.attrib.values())))",
            &[&out],
        );
        assert!(text.contains("=HYPERLINK("), "{fmt}: formula text lost");
        assert!(text.contains("alert(1)"), "{fmt}: script text lost");
        assert!(text.contains("⛵"), "{fmt}: emoji lost");
        assert!(
            text.contains("ends ]]&gt; here") || text.contains("ends ]]> here"),
            "{fmt}: ]]> lost"
        );
    }
    // JSON formats: the exact text
    for fmt in ["jsonfeed", "activitystreams"] {
        let out = t.join(fmt);
        export(&arch, fmt, &out, &[]);
        let found = python(
            "import sys, json\nd = json.load(open(sys.argv[1], encoding='utf-8'))\nprint(json.dumps(d, ensure_ascii=False))",
            &[&out],
        );
        assert!(found.contains("\\u000b sailing ⛵") || found.contains("here sailing ⛵"));
        assert!(found.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        let s = all_text(&out);
        assert!(s.contains("HYPERLINK"), "{fmt}: formula text lost");
    }
    // CSV: the formula neutralised, the rest kept
    let out = t.join("csv");
    export(&arch, "csv", &out, &[]);
    let posts = out.join("posts.csv");
    let r = python(
        "import sys, csv\nrows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8', newline='')))\nfor r in rows:\n    for v in r.values():\n        assert not (v[:1] in '=+-@\\t\\r' and v[:1] != ''), v\nprint([r['text'] for r in rows if 'HYPERLINK' in r['text']][0])",
        &[&posts],
    );
    assert!(r.starts_with("'=HYPERLINK("), "{r}");
    assert!(r.contains("<script>alert(1)</script> ends ]]> here"));
    assert!(r.contains("⛵"));
    // SQLite: the exact text, every post a row, search works
    let db = t.join("db.sqlite");
    export(&arch, "sqlite", &db, &[]);
    let r = python(
        "import sys, sqlite3\ndb = sqlite3.connect(sys.argv[1])\nn = db.execute('select count(*) from posts').fetchone()[0]\nt = db.execute(\"select text from posts where id like '%900001'\").fetchone()[0]\nf = db.execute(\"select count(*) from posts_fts where posts_fts match 'evil'\").fetchone()[0]\nth = db.execute(\"select count(*) from threads where root like '%900001'\").fetchone()[0]\nv = sorted(x[0] for x in db.execute('select distinct visibility from posts'))\npm = db.execute('select count(*) from post_media join media on media.id = post_media.media_id').fetchone()[0]\npt = db.execute(\"select count(*) from post_tags where tag = 'sailing'\").fetchone()[0]\nassert pm > 0 and pt >= 4, (pm, pt)\nprint(n, f, th, ','.join(v))\nprint(repr(t))",
        &[&db],
    );
    let mut lines = r.lines();
    let counts = lines.next().unwrap();
    assert_eq!(counts, "17 1 2 direct,followers,public", "{r}");
    assert!(lines.next().unwrap().contains("\\x0b sailing ⛵"));
    // HTML: escaped, kept
    let site = t.join("site");
    export(&arch, "html", &site, &[]);
    let page = all_text(&hostile_page(&site));
    assert!(!page.contains("<script>alert(1)</script>"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("⛵"));
    assert!(
        page.contains("A reply in the thread"),
        "thread replies shown"
    );
}

#[test]
fn private_posts_stay_out_of_public_formats_unless_included() {
    let t = Tmp::new("privacy");
    let arch = canonical(&t);
    for fmt in [
        "atom",
        "rss",
        "jsonfeed",
        "activitystreams",
        "wxr",
        "html",
        "mastodon",
    ] {
        let out = t.join(fmt);
        let o = export(&arch, fmt, &out, &[]);
        let s = if fmt == "mastodon" {
            zip_text(&out)
        } else {
            all_text(&out)
        };
        for secret in [FOLLOWERS_ONLY, DIRECT_POST, DM_TEXT] {
            assert!(!s.contains(secret), "{fmt} published {secret:?}");
        }
        let report = String::from_utf8_lossy(&o.stdout);
        assert!(
            report.contains("followers posts are not published without --include followers"),
            "{fmt}: {report}"
        );
        let wide = t.join(&format!("{fmt}-wide"));
        let o = export(&arch, fmt, &wide, &["--include", "followers,direct"]);
        let s = if fmt == "mastodon" {
            zip_text(&wide)
        } else {
            all_text(&wide)
        };
        assert!(
            s.contains("mooring code is 4711"),
            "{fmt}: --include followers"
        );
        assert!(s.contains("meet at the harbour"), "{fmt}: --include direct");
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("direct"),
            "{fmt}: the command says direct posts are included"
        );
    }
    // the owner's records formats hold everything
    let out = t.join("csv");
    export(&arch, "csv", &out, &[]);
    let s = all_text(&out);
    assert!(s.contains("mooring code") && s.contains("harbour") && s.contains("spare key"));
}

fn zip_text(p: &Path) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(p).unwrap()).unwrap();
    let mut s = String::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut b).unwrap();
        s.push_str(&String::from_utf8_lossy(&b));
    }
    s
}

#[test]
fn mastodon_archive_has_its_files_and_import_csvs() {
    let t = Tmp::new("mastodon");
    let arch = canonical(&t);
    let out = t.join("mastodon.zip");
    export(&arch, "mastodon", &out, &[]);
    let z = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let names: Vec<&str> = z.file_names().collect();
    for need in [
        "actor.json",
        "outbox.json",
        "likes.json",
        "bookmarks.json",
        "following_accounts.csv",
        "blocked_accounts.csv",
        "muted_accounts.csv",
        "blocked_domains.csv",
        "lists.csv",
        "bookmarks.csv",
    ] {
        assert!(names.contains(&need), "{need} missing: {names:?}");
    }
    assert!(names
        .iter()
        .any(|n| n.starts_with("media_attachments/files/")));
    let s = zip_text(&out);
    assert!(s.contains("\"type\":\"Create\""));
    let mut z = z;
    let mut read = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut z.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    // Mastodon's own headers (or none), no BOM, every address user@domain
    let following = read("following_accounts.csv");
    assert!(
        following.starts_with("Account address,Show boosts,Notify on new posts,Languages\n"),
        "{following}"
    );
    assert_eq!(following.lines().count(), 4, "{following}");
    let muted = read("muted_accounts.csv");
    assert!(muted.starts_with("Account address,Hide notifications\n"));
    assert_eq!(muted.lines().count(), 3, "{muted}");
    let blocked = read("blocked_accounts.csv");
    assert_eq!(blocked, "spammer@spam.example\ntroll@spam.example\n");
    assert_eq!(read("blocked_domains.csv"), "spam.example\nads.example\n");
    let lists = read("lists.csv");
    assert!(
        lists.contains("\"Family, close\",kim@toot.example\n"),
        "{lists}"
    );
    let bookmarks = read("bookmarks.csv");
    assert!(bookmarks.contains("https://other.example/users/bob/statuses/9003\n"));
    for f in [&following, &muted, &blocked, &lists] {
        assert!(!f.starts_with('\u{feff}'));
        for line in f.lines().filter(|l| !l.starts_with("Account address")) {
            let addr = line.split(',').find(|c| c.contains('@')).unwrap_or(line);
            let (user, host) = addr.split_once('@').unwrap();
            assert!(!user.is_empty() && host.contains('.'), "{line}");
        }
    }
}

#[test]
fn dry_run_writes_nothing_and_reports_losses() {
    let t = Tmp::new("dry");
    let arch = canonical(&t);
    let out = t.join("feed.atom");
    let rep = t.join("report.json");
    let o = bin()
        .arg("export")
        .arg(&arch)
        .args(["--to", "atom", "--dry-run", "--out"])
        .arg(&out)
        .arg("--report")
        .arg(&rep)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(!out.exists(), "a dry run wrote the feed");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("4 reactions: Atom has no place for them"),
        "{stdout}"
    );
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&rep).unwrap()).unwrap();
    assert!(j["lost"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["kind"] == "reaction" && l["count"] == 4));
    // the fields a feed has no place for, per kind and field, as printed
    assert!(j["lost"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["kind"] == "post" && l["field"] == "ext" && l["count"].as_u64() > Some(0)));
    assert!(stdout.contains(" posts (ext): "), "{stdout}");
}

#[test]
fn filters_by_date() {
    let t = Tmp::new("dates");
    let arch = canonical(&t);
    let out = t.join("feed.json");
    export(
        &arch,
        "jsonfeed",
        &out,
        &["--since", "2024-01-01", "--until", "2024-02-01T10:30:00Z"],
    );
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let items = j["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(items[0]["content_text"]
        .as_str()
        .unwrap()
        .contains("HYPERLINK"));
}

#[test]
fn convert_imports_and_exports() {
    let t = Tmp::new("convert");
    let dump = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/twitter/samples/g3-2026");
    let out = t.join("feed.rss");
    let o = bin()
        .arg("convert")
        .arg(&dump)
        .args(["--to", "rss", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = all_text(&out);
    assert!(s.matches("<item>").count() >= 5, "{s}");
}

#[test]
fn unknown_format_is_a_usage_error() {
    let t = Tmp::new("usage");
    let arch = canonical(&t);
    let o = bin()
        .arg("export")
        .arg(&arch)
        .args(["--to", "myspace", "--out"])
        .arg(t.join("x"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
#[cfg_attr(
    not(all(lifeboat_tool_python3, lifeboat_py_feedparser)),
    ignore = "needs python3 with feedparser (pip install feedparser; .ci/run installs it)"
)]
fn feedparser_reads_the_feeds_without_complaint() {
    let t = Tmp::new("feedparser");
    let arch = canonical(&t);
    // feedparser 6.0 reads Atom and RSS (JSON Feed is checked by structure below)
    for (fmt, entries) in [("atom", 15), ("rss", 15)] {
        let out = t.join(fmt);
        export(&arch, fmt, &out, &[]);
        let r = python(
            "import sys, feedparser\nct = {'jsonfeed': 'application/feed+json', 'atom': 'application/atom+xml', 'rss': 'application/rss+xml'}[sys.argv[2]]\nd = feedparser.parse(sys.argv[1], response_headers={'content-type': ct})\nprint(int(d.bozo), len(d.entries), d.bozo_exception if d.bozo else '')\ne = [x for x in d.entries if 'HYPERLINK' in (x.get('summary') or '')]\nprint(len(e))",
            &[&out, Path::new(fmt)],
        );
        let mut l = r.lines();
        assert_eq!(
            l.next().unwrap().trim(),
            format!("0 {entries}"),
            "{fmt}: feedparser: {r}"
        );
        assert_eq!(l.next().unwrap(), "1", "{fmt}: hostile post not read back");
    }
}

#[test]
fn json_feed_has_the_required_members() {
    let t = Tmp::new("jsonfeed");
    let arch = canonical(&t);
    let out = t.join("feed.json");
    export(&arch, "jsonfeed", &out, &[]);
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(j["version"], "https://jsonfeed.org/version/1.1");
    assert!(j["title"].is_string());
    let items = j["items"].as_array().unwrap();
    let mut ids = std::collections::HashSet::new();
    for it in items {
        assert!(
            ids.insert(it["id"].as_str().unwrap().to_string()),
            "ids unique"
        );
        assert!(it["content_html"].is_string() || it["content_text"].is_string());
        for a in it["attachments"].as_array().into_iter().flatten() {
            assert!(a["url"].is_string() && a["mime_type"].is_string());
        }
    }
}

/// The JSON Feed valid against the JSON Feed 1.1 schema (from `../shared/reference`).
#[test]
#[cfg_attr(
    not(all(lifeboat_shared, lifeboat_tool_python3, lifeboat_py_jsonschema)),
    ignore = "needs ../shared/reference beside the repository and python3 with jsonschema (pip install jsonschema); .ci/run has both"
)]
fn json_feed_is_valid_against_its_schema() {
    let t = Tmp::new("jsonfeed-schema");
    let arch = canonical(&t);
    let out = t.join("feed.json");
    export(&arch, "jsonfeed", &out, &[]);
    let schema = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/outputs/samples/feeds/jsonfeed-schema-v1.1.schema.json");
    assert!(schema.is_file(), "{} is absent", schema.display());
    let r = python(
        "import sys, json, jsonschema\njsonschema.validate(json.load(open(sys.argv[1], encoding='utf-8')), json.load(open(sys.argv[2])))\nprint('valid')",
        &[&out, &schema],
    );
    assert_eq!(r.trim(), "valid");
}

/// The site in a real browser: headless Chromium driven over the DevTools protocol by
/// `tests/site/check.mjs` opens it from file://, searches, follows the hit to its
/// thread, and fails on a console error or any request that leaves the machine.
#[test]
#[cfg_attr(
    not(all(lifeboat_tool_chromium, lifeboat_tool_node)),
    ignore = "needs Chromium and Node >= 20 (Debian: apt-get install chromium nodejs; .ci/run installs Chromium)"
)]
fn site_works_in_headless_chromium() {
    let t = Tmp::new("browser");
    let arch = canonical(&t);
    let site = t.join("site");
    export(&arch, "html", &site, &[]);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/site/check.mjs");
    let o = Command::new("node")
        .arg("--experimental-websocket")
        .arg(&script)
        .arg(&site)
        .arg("HYPERLINK")
        .arg("A reply in the thread")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "browser check failed: {out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("\"hits\":1"), "{out}");
}

/// The AS2 outbox expanded as JSON-LD by pyld against the W3C context (offline, from
/// `../shared/reference`): every item kept and no term left undefined.
#[test]
#[cfg_attr(
    not(all(lifeboat_shared, lifeboat_tool_python3, lifeboat_py_pyld)),
    ignore = "needs ../shared/reference beside the repository and python3 with pyld (pip install pyld); .ci/run has both"
)]
fn activitystreams_expands_against_the_w3c_context() {
    let ctx_file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/outputs/samples/activitystreams/w3c-ns-activitystreams.jsonld");
    assert!(ctx_file.is_file(), "{} is absent", ctx_file.display());
    let t = Tmp::new("pyld");
    let arch = canonical(&t);
    for (fmt, file) in [("activitystreams", "outbox.json"), ("mastodon", "m.zip")] {
        let out = t.join(file);
        export(&arch, fmt, &out, &[]);
        let doc = if fmt == "mastodon" {
            let mut z = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
            let mut s = String::new();
            std::io::Read::read_to_string(&mut z.by_name("outbox.json").unwrap(), &mut s).unwrap();
            let p = t.join("mastodon-outbox.json");
            std::fs::write(&p, s).unwrap();
            p
        } else {
            out
        };
        let r = python(PYLD, &[&doc, &ctx_file]);
        assert_eq!(
            r.trim_end_matches('\n'),
            "15 ",
            "{fmt}: items, undefined terms: {r}"
        );
    }
}

const PYLD: &str = r#"
import sys, json
from pyld import jsonld
ctx = json.load(open(sys.argv[2]))
def loader(url, options=None):
    if url.rstrip('/') in ('https://www.w3.org/ns/activitystreams', 'http://www.w3.org/ns/activitystreams'):
        return {'contentType': 'application/ld+json', 'contextUrl': None, 'documentUrl': url, 'document': ctx}
    raise Exception('no network: ' + url)
doc = json.load(open(sys.argv[1], encoding='utf-8'))
if isinstance(doc.get('id'), str) and not doc['id'].startswith('http'):
    doc['id'] = 'https://example.invalid/' + doc['id']
exp = jsonld.expand(doc, {'documentLoader': loader, 'base': 'https://example.invalid/'})
bad = set()
def walk(x):
    if isinstance(x, dict):
        for k, v in x.items():
            if not (k.startswith('@') or k.startswith('http')):
                bad.add(k)
            walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)
walk(exp)
items = exp[0].get('https://www.w3.org/ns/activitystreams#items', [])
n = len(items[0]['@list']) if items and '@list' in items[0] else len(items)
print(n, ','.join(sorted(bad)))
"#;

#[test]
fn an_export_never_destroys_the_archive_or_a_foreign_folder() {
    let t = Tmp::new("guard");
    let arch = canonical(&t);
    let run = |fmt: &str, out: &Path| {
        bin()
            .arg("export")
            .arg(&arch)
            .args(["--to", fmt, "--out"])
            .arg(out)
            .output()
            .unwrap()
    };
    // the archive itself, a folder inside it
    for out in [arch.clone(), arch.join("data")] {
        let o = run("html", &out);
        assert_eq!(o.status.code(), Some(2), "{}", out.display());
    }
    assert!(arch.join("data/records/posts.jsonl").is_file());
    // a folder with someone else's files
    let other = t.join("photos");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("holiday.jpg"), b"x").unwrap();
    assert_eq!(run("csv", &other).status.code(), Some(2));
    assert_eq!(run("atom", &other).status.code(), Some(2));
    assert!(other.join("holiday.jpg").is_file());
    // an earlier export is replaced
    let site = t.join("site");
    assert!(run("html", &site).status.success());
    assert!(run("html", &site).status.success());
}

#[test]
fn odd_records_neither_hang_nor_vanish() {
    let t = Tmp::new("odd");
    let arch = canonical(&t);
    // two posts answering each other, one undated with no text, one answering itself
    let mut a = post(
        "910001",
        "2024-03-01T10:00:00Z",
        "Loop side A",
        Visibility::Public,
    );
    let mut b = post(
        "910002",
        "2024-03-01T11:00:00Z",
        "Loop side B",
        Visibility::Public,
    );
    a.reply_to = Some(b.id.clone());
    b.reply_to = Some(a.id.clone());
    let mut c = post("910003", "2024-03-01T12:00:00Z", "", Visibility::Public);
    c.created_at = None;
    let mut d = post(
        "910004",
        "2024-03-02T12:00:00Z",
        "Answers itself",
        Visibility::Public,
    );
    d.reply_to = Some(d.id.clone());
    let mut lines = String::new();
    for p in [a, b, c, d] {
        lines.push_str(&Record::Post(p).to_json());
        lines.push('\n');
    }
    append(&arch.join("data/records/posts.jsonl"), &lines);
    for fmt in [
        "wxr",
        "html",
        "atom",
        "activitystreams",
        "mastodon",
        "csv",
        "sqlite",
    ] {
        let out = t.join(fmt);
        let o = export(&arch, fmt, &out, &[]);
        let report = String::from_utf8_lossy(&o.stdout);
        let want = if matches!(fmt, "csv" | "sqlite") {
            "21 posts"
        } else {
            "19 posts"
        };
        assert!(report.contains(want), "{fmt}: {report}");
        if matches!(fmt, "wxr" | "html" | "atom") {
            let s = all_text(&out);
            for want in ["Loop side A", "Loop side B", "Answers itself"] {
                assert!(s.contains(want), "{fmt} lost {want}");
            }
        }
    }
}

/// The WordPress importer's own rules (`wxr.md` §2–§5) checked on the WXR file by
/// Python's XML parser: no DOCTYPE, a 1.2 version, unique post ids, every creator
/// declared, every category with a nicename, comment parents before their children,
/// attachment URLs absolute.
#[test]
#[cfg_attr(
    not(lifeboat_tool_python3),
    ignore = "needs python3 (its XML parser reads the WXR)"
)]
fn wxr_follows_the_wordpress_importer_rules() {
    let t = Tmp::new("wxr");
    let arch = canonical(&t);
    let out = t.join("wp.xml");
    export(&arch, "wxr", &out, &[]);
    let s = all_text(&out);
    assert!(!s.contains("<!DOCTYPE"));
    let code = r#"
import sys, re, xml.etree.ElementTree as ET
WP = '{http://wordpress.org/export/1.2/}'
DC = '{http://purl.org/dc/elements/1.1/}'
ch = ET.parse(sys.argv[1]).getroot().find('channel')
assert re.fullmatch(r'\d+\.\d+', ch.find(WP + 'wxr_version').text)
logins = {a.find(WP + 'author_login').text for a in ch.findall(WP + 'author')}
ids = set()
comments = 0
for it in ch.findall('item'):
    pid = it.find(WP + 'post_id').text
    assert pid not in ids, pid
    ids.add(pid)
    assert it.find(DC + 'creator').text in logins
    for c in it.findall('category'):
        assert c.get('nicename'), ET.tostring(c)
    seen = {'0'}
    for c in it.findall(WP + 'comment'):
        assert c.find(WP + 'comment_parent').text in seen, 'parent after child'
        seen.add(c.find(WP + 'comment_id').text)
        comments += 1
    if it.find(WP + 'post_type').text == 'attachment':
        assert re.match(r'https?://', it.find(WP + 'attachment_url').text)
print(len(ids), comments)
"#;
    let r = python(code, &[&out]);
    let mut n = r.split_whitespace();
    assert!(n.next().unwrap().parse::<u32>().unwrap() >= 10, "{r}");
    assert!(
        n.next().unwrap().parse::<u32>().unwrap() >= 1,
        "the reply is a comment: {r}"
    );
}

#[test]
fn convert_of_two_networks_publishes_both_owners() {
    let t = Tmp::new("convert2");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = t.join("feed.json");
    let o = bin()
        .arg("convert")
        .arg(root.join("formats/twitter/samples/g3-2026"))
        .arg(root.join("formats/mastodon/samples/archive-2023.zip"))
        .args(["--to", "jsonfeed", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = all_text(&out);
    assert!(s.contains("twitter.com/i/web/status/"), "Twitter posts");
    assert!(
        s.contains("toot.example/users/robin/statuses/"),
        "Mastodon posts"
    );
}

/// Every page of the site: one `h1`, a language, a skip link, alt text on every image,
/// no inline script or handler, nothing loaded from another host.
#[test]
fn every_site_page_is_accessible_and_self_contained() {
    let t = Tmp::new("a11y");
    let arch = canonical(&t);
    let site = t.join("site");
    export(&arch, "html", &site, &["--include", "direct"]);
    let mut pages = 0;
    let mut stack = vec![site.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().and_then(|x| x.to_str()) != Some("html") {
                continue;
            }
            pages += 1;
            let s = std::fs::read_to_string(&p).unwrap();
            let name = p.display();
            assert_eq!(s.matches("<h1").count(), 1, "{name}: one h1");
            assert!(s.contains("<html lang=\""), "{name}");
            assert!(s.contains("href=\"#main\""), "{name}: skip link");
            for img in s.split("<img").skip(1) {
                let tag = img.split('>').next().unwrap_or("");
                assert!(tag.contains(" alt=\""), "{name}: img without alt");
            }
            assert!(!s.contains("<script>"), "{name}: inline script");
            assert!(
                !s.contains(" onclick=") && !s.contains(" onload="),
                "{name}"
            );
            for attr in [
                "src=\"http",
                "href=\"//",
                "src=\"//",
                "stylesheet\" href=\"http",
            ] {
                assert!(!s.contains(attr), "{name}: loads {attr}");
            }
        }
    }
    assert!(pages >= 20, "{pages} pages");
}
