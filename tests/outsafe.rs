//! Outputs that cannot carry script, leak a location, or destroy a user's file
//! (issue 13, findings 3, 4, 9 and 10): a `javascript:` URL, HTML and SVG media with
//! script, hostile names and tags in WXR, GPS in every image and video format the
//! exporters publish, and every way `--out` could replace what was not asked for.
//! Independent readers check the results when they are installed: Python's
//! `html.parser` and `xml.etree`, exiftool (GPS and camera tags), Pillow (pixels).

#[path = "media/mod.rs"]
mod media;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lifeboat::model::{Media, Post, Record, Source, Timestamp, Visibility};

const OWNER: &str = "mastodon:account:robin@toot.example";

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lifeboat"));
    c.env("SOURCE_DATE_EPOCH", "1777777777");
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
            "lifeboat-outsafe-{tag}-{}-{nanos}",
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

fn append(p: &Path, s: &str) {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(p)
        .unwrap();
    f.write_all(s.as_bytes()).unwrap();
}

fn post(native: &str, text: &str) -> Post {
    Post {
        id: format!("mastodon:post:https://toot.example/users/robin/statuses/{native}"),
        network: "mastodon".into(),
        author: OWNER.into(),
        created_at: Timestamp::parse("2024-03-01T10:00:00Z").map(|(t, _)| t),
        text: text.into(),
        url: Some(format!("https://toot.example/@robin/{native}")),
        visibility: Visibility::Public,
        source: Source::entry("test"),
        ..Default::default()
    }
}

/// The Mastodon sample imported, plus `posts` and `media` appended.
fn archive(t: &Tmp, posts: Vec<Post>, media: Vec<(Media, Vec<u8>)>) -> PathBuf {
    let arch = t.join("archive");
    let dump =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/mastodon/samples/archive-2023.zip");
    lifeboat::import_dump(
        &dump,
        &arch,
        &lifeboat::ImportOptions::default(),
        &mut lifeboat::NoProgress,
    )
    .unwrap();
    let mut lines = String::new();
    for p in posts {
        lines.push_str(&Record::Post(p).to_json());
        lines.push('\n');
    }
    append(&arch.join("data/records/posts.jsonl"), &lines);
    let mut lines = String::new();
    std::fs::create_dir_all(arch.join("data/files/test")).unwrap();
    for (m, bytes) in media {
        if let Some(p) = &m.path {
            std::fs::write(arch.join(p), bytes).unwrap();
        }
        lines.push_str(&Record::Media(m).to_json());
        lines.push('\n');
    }
    append(&arch.join("data/records/media.jsonl"), &lines);
    arch
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

/// Every file under `p` (or `p`), with its path.
fn files(p: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    if p.is_file() {
        return vec![(p.to_path_buf(), std::fs::read(p).unwrap())];
    }
    let mut v = Vec::new();
    let mut stack = vec![p.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap().path();
            if e.is_dir() {
                stack.push(e);
            } else {
                let b = std::fs::read(&e).unwrap();
                v.push((e, b));
            }
        }
    }
    v
}

/// The entries of a zip.
fn zip_files(p: &Path) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(p).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut b).unwrap();
            (f.name().to_string(), b)
        })
        .collect()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Run Python code; its output. Tests that call it carry `cfg_attr(not(...), ignore)`
/// for python3 and the package the code imports.
fn python(code: &str, args: &[&Path]) -> String {
    let o = Command::new("python3")
        .arg("-c")
        .arg(code)
        .args(args)
        .output()
        .expect("python3");
    assert!(
        o.status.success(),
        "python check failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const PUBLIC: [&str; 7] = [
    "atom",
    "rss",
    "jsonfeed",
    "activitystreams",
    "wxr",
    "html",
    "mastodon",
];

#[test]
#[cfg_attr(
    not(lifeboat_tool_python3),
    ignore = "needs python3 (its HTML parser reads the site as a browser would)"
)]
fn a_javascript_url_or_script_in_source_html_never_becomes_live() {
    let t = Tmp::new("urls");
    let mut a = post("930001", "A post with a hostile address");
    a.url = Some("javascript:alert(1)".into());
    let mut b = post("930002", "Source HTML with script");
    b.url = Some("JaVaScRiPt:alert(5)".into());
    b.html = Some(
        r#"<p>Hello <a href="javascript:alert(2)">click</a><img src=x onerror=alert(3)><script>alert(4)</script><a href="data:text/html,hi">data</a> <a href="https://fine.example/">fine</a></p>"#
            .into(),
    );
    let arch = archive(&t, vec![a, b], vec![]);
    for fmt in PUBLIC {
        let out = t.join(fmt);
        export(&arch, fmt, &out, &[]);
        let all: Vec<(String, String)> = if fmt == "mastodon" {
            zip_files(&out)
                .into_iter()
                .map(|(n, b)| (n, text(&b)))
                .collect()
        } else {
            files(&out)
                .into_iter()
                .map(|(p, b)| (p.display().to_string(), text(&b)))
                .collect()
        };
        for (name, s) in &all {
            let low = s.to_ascii_lowercase();
            for bad in ["alert(3)", "alert(4)", "onerror", "data:text/html"] {
                assert!(!low.contains(bad), "{fmt} {name}: {bad} written");
            }
            // a javascript: address is text on the site, and nowhere else at all
            let n = low.matches("javascript:").count();
            let shown = low.matches("<code>javascript:").count();
            if fmt == "html" {
                assert_eq!(n, shown, "{name}: javascript: outside <code>");
            } else {
                assert_eq!(n, 0, "{fmt} {name}: javascript: written");
            }
        }
        assert!(
            all.iter().any(|(_, s)| s.contains("fine.example")),
            "{fmt}: the safe link of the source HTML was lost"
        );
    }
    // the site as a browser parses it: every href and src is http(s), mailto or a
    // file of the site
    let site = t.join("html");
    let bad = python(
        r#"
import sys, os, html.parser
bad = []
class P(html.parser.HTMLParser):
    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("href", "src", "action", "formaction", "poster", "data") and v is not None:
                low = v.strip().lower()
                scheme = low.split(":", 1)[0] if ":" in low.split("/", 1)[0] else ""
                if scheme not in ("", "http", "https", "mailto"):
                    bad.append((tag, k, v))
            if k.startswith("on"):
                bad.append((tag, k, v))
for root, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        if f.endswith(".html"):
            P().feed(open(os.path.join(root, f), encoding="utf-8").read())
print(bad)
"#,
        &[&site],
    );
    assert_eq!(bad.trim(), "[]", "{bad}");
}

fn media(id: &str, kind: &str, mime: &str, file: &str) -> Media {
    Media {
        id: format!("mastodon:media:{id}"),
        network: "mastodon".into(),
        kind: kind.into(),
        mime: Some(mime.into()),
        path: Some(format!("data/files/test/{file}")),
        attached_to: vec![],
        source: Source::entry("test"),
        ..Default::default()
    }
}

/// An archive with one post carrying a file of every format, with GPS, plus an SVG
/// and an HTML page that run script.
fn media_archive(t: &Tmp) -> (PathBuf, Vec<(&'static str, Vec<u8>)>) {
    let svg =
        br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>"#
            .to_vec();
    let page = b"<!DOCTYPE html><script>alert(document.domain)</script>".to_vec();
    let originals: Vec<(&'static str, Vec<u8>)> = vec![
        ("jpeg", media::jpeg(true, Some(6))),
        ("png", media::png(None)),
        ("gif", media::gif()),
        ("webp", media::webp(None)),
        ("tiff", media::tiff(false)),
        ("mp4", media::movie(false).0),
        ("mov", media::movie(true).0),
        ("heic", media::heif(false)),
        ("avif", media::heif(true)),
        ("mp3", media::mp3()),
        ("webm", media::webm()),
    ];
    let mut list: Vec<(Media, Vec<u8>)> = originals
        .iter()
        .map(|(n, b)| {
            // the stored names lie (a JPEG called .html): the type comes from the bytes
            let file = if *n == "jpeg" {
                "photo.html".to_string()
            } else {
                format!("file.{n}")
            };
            (media(n, "photo", "image/jpeg", &file), b.clone())
        })
        .collect();
    list.push((media("svg", "photo", "image/svg+xml", "logo.svg"), svg));
    list.push((media("page", "document", "text/html", "page.html"), page));
    let mut p = post("940001", "Every kind of file");
    p.media = list.iter().map(|(m, _)| m.id.clone()).collect();
    (archive(t, vec![p], list), originals)
}

#[test]
fn the_site_publishes_only_cleaned_media_it_can_show_safely() {
    let t = Tmp::new("site-media");
    let (arch, originals) = media_archive(&t);
    let site = t.join("site");
    let o = export(&arch, "html", &site, &[]);
    let report = text(&o.stdout);
    let published = published_media(&site, &originals);
    let mut exts: Vec<String> = published
        .iter()
        .map(|(p, _)| {
            p.extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    exts.sort();
    assert_eq!(
        exts,
        ["avif", "gif", "heic", "jpg", "mov", "mp3", "mp4", "png", "tif", "webm", "webp"],
        "{report}"
    );
    for (p, b) in &published {
        assert_eq!(media::leaks(b), None, "{} leaks", p.display());
        assert!(!text(b).contains("<script"), "{} holds script", p.display());
    }
    // the two active files are left out, and the report says so
    assert!(
        report.contains("2 media: not a picture, video or sound"),
        "{report}"
    );
    let page = files(&site.join("posts"))
        .into_iter()
        .find(|(p, _)| p.to_string_lossy().contains("940001"))
        .map(|(_, b)| text(&b))
        .unwrap();
    assert!(page.contains("<img src=\"../media/"), "{page}");
    assert!(page.contains("<video controls"), "{page}");
    assert!(page.contains(".heic\" download="), "{page}");
    assert!(page.contains(".tif\" download="), "{page}");
    assert!(!page.contains(".svg") && !page.contains("page.html"));

    // asked for, the files that cannot be cleaned are published, as inert downloads
    let wide = t.join("site-wide");
    let o = export(&arch, "html", &wide, &["--publish-uncleaned-media"]);
    assert!(text(&o.stdout).contains("--publish-uncleaned-media"));
    let bins = files(&wide.join("media"))
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "bin"))
        .count();
    assert_eq!(bins, 2);
    let page = files(&wide.join("posts"))
        .into_iter()
        .find(|(p, _)| p.to_string_lossy().contains("940001"))
        .map(|(_, b)| text(&b))
        .unwrap();
    assert_eq!(page.matches(".bin\" download=").count(), 2, "{page}");
}

/// The site's media of the test above, read by exiftool and Pillow.
#[test]
#[cfg_attr(
    not(all(lifeboat_tool_exiftool, lifeboat_tool_python3, lifeboat_py_pil)),
    ignore = "needs exiftool and python3 with Pillow (Debian: apt-get install libimage-exiftool-perl; pip install pillow; .ci/run installs them)"
)]
fn exiftool_and_pillow_find_the_sites_media_clean_and_unchanged() {
    let t = Tmp::new("site-media-tools");
    let (arch, originals) = media_archive(&t);
    let site = t.join("site");
    export(&arch, "html", &site, &[]);
    independent_checks(&originals, &published_media(&site, &originals));
}

/// The site's media files of the post of `media_archive` (the sample's own two
/// pictures are there too).
fn published_media(site: &Path, originals: &[(&str, Vec<u8>)]) -> Vec<(PathBuf, Vec<u8>)> {
    files(&site.join("media"))
        .into_iter()
        .filter(|(p, _)| {
            let n = p.file_name().unwrap().to_string_lossy().into_owned();
            originals
                .iter()
                .any(|(o, _)| n.starts_with(&format!("{o}-")))
                || n.starts_with("svg-")
                || n.starts_with("page-")
        })
        .collect()
}

#[test]
fn the_mastodon_archive_carries_no_gps_and_no_active_files() {
    let t = Tmp::new("zip-media");
    let (arch, originals) = media_archive(&t);
    let out = t.join("m.zip");
    let o = export(&arch, "mastodon", &out, &[]);
    let report = text(&o.stdout);
    let entries = zip_files(&out);
    let media: Vec<&(String, Vec<u8>)> = entries
        .iter()
        .filter(|(n, _)| n.starts_with("media_attachments/"))
        .collect();
    assert_eq!(media.len(), 2 + originals.len(), "{report}"); // and the sample's two
    for (n, b) in &media {
        assert_eq!(self::media::leaks(b), None, "{n} leaks");
        assert!(!n.ends_with(".svg") && !n.ends_with(".html"), "{n}");
    }
    assert!(report.contains("not published"), "{report}");
    let outbox = entries
        .iter()
        .find(|(n, _)| n == "outbox.json")
        .map(|(_, b)| text(b))
        .unwrap();
    assert!(outbox.contains("\"mediaType\":\"image/heic\""));
    assert!(!outbox.contains("svg"));
}

/// exiftool finds GPS and camera tags in each original and none in its published
/// file; Pillow decodes each published picture to the original's pixels.
fn independent_checks(originals: &[(&str, Vec<u8>)], published: &[(PathBuf, Vec<u8>)]) {
    let t = Tmp::new("exif");
    fn ext_of(n: &str) -> &str {
        match n {
            "jpeg" => "jpg",
            "tiff" => "tif",
            o => o,
        }
    }
    for (n, orig) in originals {
        let ext = ext_of(n);
        let Some((pubpath, _)) = published
            .iter()
            .find(|(p, _)| p.extension().is_some_and(|e| e == ext))
        else {
            panic!("{n} not published");
        };
        let src = t.join(&format!("original.{ext}"));
        std::fs::write(&src, orig).unwrap();
        let tags = |p: &Path| {
            let o = Command::new("exiftool")
                .args(["-a", "-G1", "-s", "-ee"])
                .arg(p)
                .output()
                .unwrap();
            String::from_utf8_lossy(&o.stdout).into_owned()
        };
        let before = tags(&src);
        let after = tags(pubpath);
        let sensitive = |s: &str| -> Vec<String> {
            s.lines()
                .filter(|l| {
                    let k = l.split(':').next().unwrap_or("");
                    [
                        "GPS",
                        "Make",
                        "Model",
                        "XMP",
                        "MakerNote",
                        "DateTimeOriginal",
                        "Location",
                        "SerialNumber",
                    ]
                    .iter()
                    .any(|w| k.contains(w))
                        && !k.contains("ExifTool")
                        || l.contains("SECRETCAM")
                        || l.contains("N51GPS")
                })
                .map(str::to_string)
                .collect()
        };
        assert!(
            !sensitive(&before).is_empty(),
            "{n}: exiftool sees no metadata in the original:\n{before}"
        );
        assert_eq!(sensitive(&after), Vec::<String>::new(), "{n}:\n{after}");
        if matches!(*n, "jpeg" | "png" | "gif" | "webp" | "tiff") {
            let r = python(
                "import sys\nfrom PIL import Image\na, b = Image.open(sys.argv[1]), Image.open(sys.argv[2])\nprint(a.size == b.size and a.convert('RGBA').tobytes() == b.convert('RGBA').tobytes())",
                &[&src, pubpath],
            );
            assert_eq!(r.trim(), "True", "{n}: pixels changed");
        }
    }
}

#[test]
#[cfg_attr(
    not(lifeboat_tool_python3),
    ignore = "needs python3 (its XML parser reads the WXR)"
)]
fn wxr_treats_every_field_by_the_same_rule() {
    let t = Tmp::new("wxr");
    let mut p = post("950001", "Plain words");
    p.tags = vec!["<script>alert('tag')</script>".into()];
    p.content_warning = Some("<img src=x onerror=alert('cw')>".into());
    p.title = Some("<b>bold</b> & title".into());
    let arch = archive(&t, vec![p], vec![]);
    // the owner's display name, hostile too
    let accounts = arch.join("data/records/accounts.jsonl");
    let mut lines = String::new();
    for l in std::fs::read_to_string(&accounts).unwrap().lines() {
        let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
        if v["id"] == OWNER {
            v["display_name"] = "<svg onload=alert('name')>Robin".into();
        }
        lines.push_str(&v.to_string());
        lines.push('\n');
    }
    std::fs::write(&accounts, lines).unwrap();
    let out = t.join("wp.xml");
    export(&arch, "wxr", &out, &[]);
    let raw = text(&std::fs::read(&out).unwrap());
    // inside CDATA, each of them is escaped text
    for s in [
        "&lt;script&gt;alert(&#39;tag&#39;)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(&#39;cw&#39;)&gt;",
        "&lt;svg onload=alert(&#39;name&#39;)&gt;Robin",
        "&lt;b&gt;bold&lt;/b&gt; &amp; title",
    ] {
        assert!(raw.contains(s), "{s} not escaped:\n{raw}");
    }
    let found = python(
        r#"
import sys, xml.etree.ElementTree as ET
ns = {"wp": "http://wordpress.org/export/1.2/", "excerpt": "http://wordpress.org/export/1.2/excerpt/"}
r = ET.parse(sys.argv[1]).getroot()
# what WordPress stores as HTML: item titles, contents, excerpts, categories and
# tags, comment authors, term names, author display names
fields = [e.text or "" for e in r.iter() if e.tag.endswith(("}tag_name", "}author_display_name", "}comment_author"))]
for item in r.iter("item"):
    fields += [e.text or "" for e in item if e.tag == "title" or e.tag.endswith("}encoded") or e.tag == "category"]
print(sum(1 for f in fields if "<script" in f or "<img src=x" in f or "<svg" in f or "<b>bold" in f))
"#,
        &[&out],
    );
    assert_eq!(found.trim(), "0", "a field carries live markup");
}

// ---------------------------------------------------------------- --out

fn run(arch: &Path, fmt: &str, out: &Path, extra: &[&str]) -> Output {
    bin()
        .arg("export")
        .arg(arch)
        .args(["--to", fmt, "--out"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn export_never_replaces_what_it_was_not_asked_to() {
    let t = Tmp::new("out");
    let arch = archive(&t, vec![], vec![]);
    let thesis = t.join("thesis.docx");
    std::fs::write(&thesis, b"years of work").unwrap();
    // a folder format never replaces a file, even with --force
    for fmt in ["html", "csv", "rsmf", "eml"] {
        for force in [&[][..], &["--force"][..]] {
            let o = run(&arch, fmt, &thesis, force);
            assert_eq!(o.status.code(), Some(2), "{fmt} {force:?}");
            assert!(text(&o.stderr).contains("never replaces a file"), "{fmt}");
            assert_eq!(std::fs::read(&thesis).unwrap(), b"years of work");
        }
    }
    // a file format refuses an existing file unless --force, then replaces it whole
    for (fmt, name) in [
        ("atom", "feed.atom"),
        ("sqlite", "db.sqlite"),
        ("mastodon", "m.zip"),
        ("wxr", "wp.xml"),
        ("jsonfeed", "feed.json"),
    ] {
        let f = t.join(name);
        std::fs::write(&f, b"keep me").unwrap();
        let o = run(&arch, fmt, &f, &[]);
        assert_eq!(o.status.code(), Some(2), "{fmt}");
        assert!(text(&o.stderr).contains("--force"), "{fmt}");
        assert_eq!(std::fs::read(&f).unwrap(), b"keep me", "{fmt}");
        let o = run(&arch, fmt, &f, &["--force"]);
        assert!(o.status.success(), "{fmt}: {}", text(&o.stderr));
        assert_ne!(std::fs::read(&f).unwrap(), b"keep me", "{fmt}");
        // a second run without --force is refused again
        assert_eq!(run(&arch, fmt, &f, &[]).status.code(), Some(2));
    }
    // a file format never replaces a folder
    let dir = t.join("somewhere");
    std::fs::create_dir_all(&dir).unwrap();
    assert_eq!(
        run(&arch, "atom", &dir, &["--force"]).status.code(),
        Some(2)
    );
    assert!(dir.is_dir());
    // a folder of someone else's files: refused, --force replaces it
    for fmt in ["csv", "html", "rsmf", "eml"] {
        let photos = t.join(&format!("photos-{fmt}"));
        std::fs::create_dir_all(&photos).unwrap();
        std::fs::write(photos.join("holiday.jpg"), b"x").unwrap();
        let o = run(&arch, fmt, &photos, &[]);
        assert_eq!(o.status.code(), Some(2), "{fmt}");
        assert!(photos.join("holiday.jpg").is_file());
        let o = run(&arch, fmt, &photos, &["--force"]);
        assert!(o.status.success(), "{fmt}: {}", text(&o.stderr));
        assert!(!photos.join("holiday.jpg").exists(), "{fmt}");
        // now it is an export's folder: replaced without --force
        assert!(photos.join(".lifeboat-export").is_file(), "{fmt}");
        let o = run(&arch, fmt, &photos, &[]);
        assert!(o.status.success(), "{fmt}: {}", text(&o.stderr));
    }
    // a link is refused, and --force replaces the link, not the file it points at
    let target = t.join("target.txt");
    std::fs::write(&target, b"pointed at").unwrap();
    let link = t.join("feed-link.atom");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    assert_eq!(run(&arch, "atom", &link, &[]).status.code(), Some(2));
    assert!(run(&arch, "atom", &link, &["--force"]).status.success());
    assert_eq!(std::fs::read(&target).unwrap(), b"pointed at");
    assert!(!std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    // nothing is left beside the outputs
    let stray: Vec<String> = std::fs::read_dir(&t.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("lifeboat-partial"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
    // a dry run writes nothing, so an existing file is fine
    assert!(bin()
        .arg("export")
        .arg(&arch)
        .args(["--to", "atom", "--dry-run", "--out"])
        .arg(&thesis)
        .output()
        .unwrap()
        .status
        .success());
    assert_eq!(std::fs::read(&thesis).unwrap(), b"years of work");
    // a pipe or terminal is written to
    let o = run(&arch, "atom", Path::new("/dev/stdout"), &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("<feed"));
}

#[test]
fn convert_refuses_before_it_imports() {
    let t = Tmp::new("convert");
    let thesis = t.join("thesis.docx");
    std::fs::write(&thesis, b"years of work").unwrap();
    let dump =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/mastodon/samples/archive-2023.zip");
    let o = bin()
        .arg("convert")
        .arg(&dump)
        .args(["--to", "html", "--out"])
        .arg(&thesis)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        !text(&o.stderr).contains("imported"),
        "it imported first: {}",
        text(&o.stderr)
    );
    assert_eq!(std::fs::read(&thesis).unwrap(), b"years of work");
}

#[test]
#[cfg_attr(
    not(lifeboat_tool_python3),
    ignore = "needs python3 (its email parser reads the EML files)"
)]
fn records_formats_keep_a_hostile_url_as_plain_text() {
    // EML and RSMF are evidence: the address is kept verbatim, as text, never a link
    let t = Tmp::new("records");
    let mut a = post("960001", "Evidence with a hostile address");
    a.url = Some("javascript:alert(1)".into());
    let arch = archive(&t, vec![a], vec![]);
    let out = t.join("eml");
    export(&arch, "eml", &out, &[]);
    assert!(!files(&out).is_empty());
    let r = python(
        r#"
import sys, os, email
types, seen = set(), False
for root, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        if f.endswith(".eml"):
            m = email.message_from_bytes(open(os.path.join(root, f), "rb").read())
            for part in m.walk():
                types.add(part.get_content_type())
                if part.get_content_type() == "text/plain":
                    seen |= "javascript:alert(1)" in part.get_payload(decode=True).decode("utf-8")
print("text/html" in types, seen)
"#,
        &[&out],
    );
    assert_eq!(r.trim(), "False True", "an HTML part, or the address lost");
    assert!(out.join(".lifeboat-export").is_file());
}

/// The GPS and camera tags exiftool reads in a file.
fn exif_sensitive(p: &Path) -> Vec<String> {
    let o = Command::new("exiftool")
        .args(["-a", "-G1", "-s", "-ee"])
        .arg(p)
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|l| {
            let k = l.split(':').next().unwrap_or("");
            ["GPS", "Make", "Model", "Location", "Creator", "XMP"]
                .iter()
                .any(|w| k.contains(w))
                || l.contains("SECRETCAM")
        })
        .map(str::to_string)
        .collect()
}

/// Files made by Pillow, tagged by exiftool as a phone would (progressive JPEG scans,
/// PNG, lossless WebP, TIFF, GIF): published without their location, every pixel kept.
#[test]
#[cfg_attr(
    not(all(lifeboat_tool_exiftool, lifeboat_tool_python3, lifeboat_py_pil)),
    ignore = "needs exiftool and python3 with Pillow (Debian: apt-get install libimage-exiftool-perl; pip install pillow; .ci/run installs them)"
)]
fn real_pictures_from_real_encoders_lose_their_location_and_keep_every_pixel() {
    let t = Tmp::new("real-pictures");
    let src = t.join("src");
    std::fs::create_dir_all(&src).unwrap();
    python(
        r#"
import sys, os, random
from PIL import Image
random.seed(7)
d = sys.argv[1]
im = Image.new("RGB", (64, 48))
im.putdata([(random.randrange(256), random.randrange(256), random.randrange(256)) for _ in range(64 * 48)])
im.save(os.path.join(d, "prog.jpg"), quality=90, progressive=True)
im.save(os.path.join(d, "base.jpg"), quality=90)
im.save(os.path.join(d, "p.png"))
im.save(os.path.join(d, "w.webp"), lossless=True)
im.save(os.path.join(d, "t.tif"))
im.convert("P").save(os.path.join(d, "g.gif"), comment=b"SECRETCAM")
"#,
        &[&src],
    );
    real_files_lose_their_location(
        &t,
        &src,
        &["prog.jpg", "base.jpg", "p.png", "w.webp", "t.tif", "g.gif"],
    );
}

/// Files made by ffmpeg (H.264/AAC in MP4 and QuickTime, AAC, MP3, WebM), tagged as a
/// phone would: published without their location, every frame kept.
#[test]
#[cfg_attr(
    not(all(lifeboat_tool_exiftool, lifeboat_tool_ffmpeg)),
    ignore = "needs exiftool and ffmpeg with libx264, libmp3lame and libvpx (Debian: apt-get install libimage-exiftool-perl ffmpeg; .ci/run installs them)"
)]
fn real_videos_and_sounds_from_real_encoders_lose_their_location_and_keep_every_frame() {
    let t = Tmp::new("real-videos");
    let src = t.join("src");
    std::fs::create_dir_all(&src).unwrap();
    let ff = |args: &[&str]| {
        let o = Command::new("ffmpeg")
            .args(["-v", "error", "-y"])
            .args(args)
            .current_dir(&src)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", text(&o.stderr));
    };
    ff(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=64x48:rate=10",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:sample_rate=22050",
        "-t",
        "2",
        "-c:v",
        "libx264",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-metadata",
        "location=+51.5000-000.1200/",
        "v.mp4",
    ]);
    ff(&[
        "-i",
        "v.mp4",
        "-c",
        "copy",
        "-metadata",
        "com.apple.quicktime.location.ISO6709=+51.5000-000.1200+010.000/",
        "-metadata",
        "com.apple.quicktime.make=SECRETCAM",
        "-movflags",
        "use_metadata_tags",
        "v.mov",
    ]);
    ff(&[
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:sample_rate=22050",
        "-t",
        "1",
        "-c:a",
        "aac",
        "-metadata",
        "location=+51.5000-000.1200/",
        "a.m4a",
    ]);
    // MP3 (exiftool cannot write it: its tags come from ffmpeg)
    ff(&[
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:sample_rate=44100",
        "-t",
        "1",
        "-c:a",
        "libmp3lame",
        "-metadata",
        "artist=SECRETCAM",
        "-metadata",
        "comment=SECRETCAM 51.5N",
        "-id3v2_version",
        "3",
        "-write_id3v1",
        "1",
        "a.mp3",
    ]);
    // WebM (its tags come from ffmpeg too)
    ff(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=64x48:rate=10",
        "-t",
        "1",
        "-c:v",
        "libvpx",
        "-metadata",
        "title=SECRETCAM holiday",
        "-metadata",
        "location=+51.5000-000.1200/",
        "v.webm",
    ]);
    real_files_lose_their_location(&t, &src, &["v.mp4", "v.mov", "a.m4a", "a.mp3", "v.webm"]);
}

/// Tag the files in `src` (but MP3 and WebM, tagged by ffmpeg) with a location and a
/// camera, publish them in a site, and check that none is left and the content is
/// the same.
fn real_files_lose_their_location(t: &Tmp, src: &Path, made: &[&str]) {
    for f in made
        .iter()
        .filter(|f| !f.ends_with(".mp3") && !f.ends_with(".webm"))
    {
        let o = Command::new("exiftool")
            .args([
                "-overwrite_original",
                "-n",
                "-GPSLatitude=51.5",
                "-GPSLatitudeRef=N",
                "-GPSLongitude=0.12",
                "-GPSLongitudeRef=W",
                "-Make=SECRETCAM",
                "-XMP:Creator=SECRETCAM",
            ])
            .arg(src.join(f))
            .output()
            .unwrap();
        assert!(o.status.success(), "{f}: {}", text(&o.stderr));
    }
    for f in made {
        assert!(
            !exif_sensitive(&src.join(f)).is_empty(),
            "{f}: no metadata to remove"
        );
    }
    let list: Vec<(Media, Vec<u8>)> = made
        .iter()
        .map(|f| {
            let id = f.replace('.', "-");
            (
                media(&id, "photo", "application/octet-stream", f),
                std::fs::read(src.join(f)).unwrap(),
            )
        })
        .collect();
    let mut p = post("970001", "Real files");
    p.media = list.iter().map(|(m, _)| m.id.clone()).collect();
    let arch = archive(t, vec![p], list);
    let site = t.join("site");
    export(&arch, "html", &site, &[]);
    for f in made {
        let id = f.replace('.', "-");
        let (out, _) = files(&site.join("media"))
            .into_iter()
            .find(|(p, _)| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&format!("{id}-"))
            })
            .unwrap_or_else(|| panic!("{f} not published"));
        assert_eq!(exif_sensitive(&out), Vec::<String>::new(), "{f}");
        let orig = src.join(f);
        if [".mp4", ".mov", ".m4a", ".mp3", ".webm"]
            .iter()
            .any(|e| f.ends_with(e))
        {
            let frames = |p: &Path| {
                let o = Command::new("ffmpeg")
                    .args(["-v", "error", "-i"])
                    .arg(p)
                    .args(["-f", "framemd5", "-"])
                    .output()
                    .unwrap();
                assert!(o.status.success(), "{}: {}", p.display(), text(&o.stderr));
                text(&o.stdout)
                    .lines()
                    .filter(|l| !l.starts_with('#'))
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            };
            assert_eq!(frames(&orig), frames(&out), "{f}: frames changed");
        } else {
            let r = python(
                "import sys\nfrom PIL import Image\na, b = Image.open(sys.argv[1]), Image.open(sys.argv[2])\nprint(a.size == b.size and a.convert('RGBA').tobytes() == b.convert('RGBA').tobytes())",
                &[&orig, &out],
            );
            assert_eq!(r.trim(), "True", "{f}: pixels changed");
        }
    }
}
