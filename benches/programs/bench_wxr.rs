//! Import speed and memory on a generated WordPress WXR file (a big self-hosted
//! export), against a plain read of the same file on the same machine in the same run.
//!
//! ```sh
//! cargo run --release --example bench_wxr -- 100      # size in MB (default 100)
//! ```
//!
//! The file is generated here, deterministically, and cached in
//! `$TMPDIR/lifeboat-bench/wxr-<MB>mb.wordpress.2024-01-01.xml`: a WXR 1.2 header with
//! authors and terms, then posts of about 2 KB of block-markup HTML with categories,
//! tags and postmeta, each with three comments (one threaded reply), a pingback every
//! 5th post, a spam comment every 7th, `]]>` split across CDATA sections every 11th
//! and a vertical-tab control character (to be repaired) every 13th.
//! The import runs in a child process, so its peak RSS is its own.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

mod common;
use common::peak_rss_kb;

const SITE: &str = "https://bench.example";

fn comment(
    w: &mut impl Write,
    id: u64,
    parent: u64,
    kind: &str,
    approved: &str,
    text: &str,
) -> std::io::Result<()> {
    write!(
        w,
        "\t\t<wp:comment>\n\t\t\t<wp:comment_id>{id}</wp:comment_id>\n\t\t\t<wp:comment_author><![CDATA[Reader {a}]]></wp:comment_author>\n\t\t\t<wp:comment_author_email><![CDATA[reader{a}@example.org]]></wp:comment_author_email>\n\t\t\t<wp:comment_author_url>{url}</wp:comment_author_url>\n\t\t\t<wp:comment_author_IP><![CDATA[192.0.2.{ip}]]></wp:comment_author_IP>\n\t\t\t<wp:comment_date><![CDATA[2020-01-01 12:00:00]]></wp:comment_date>\n\t\t\t<wp:comment_date_gmt><![CDATA[2020-01-01 11:00:00]]></wp:comment_date_gmt>\n\t\t\t<wp:comment_content><![CDATA[{text}]]></wp:comment_content>\n\t\t\t<wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>\n\t\t\t<wp:comment_type><![CDATA[{kind}]]></wp:comment_type>\n\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n\t\t</wp:comment>\n",
        a = id % 977,
        url = if kind == "pingback" {
            format!("https://linker{}.example/post/{id}", id % 53)
        } else {
            String::new()
        },
        ip = id % 250,
    )
}

fn item(w: &mut impl Write, i: u64) -> std::io::Result<()> {
    let mut body = String::with_capacity(2400);
    for p in 0..6 {
        body.push_str(&format!(
            "<!-- wp:paragraph -->\n<p>Paragraph {p} of post {i}: the factory &amp; the warehouse report <strong>steady growth</strong>, see <a href=\"{SITE}/reports/{i}/{p}\">the report</a> for details on Größe und Qualität.</p>\n<!-- /wp:paragraph -->\n\n"
        ));
    }
    if i % 11 == 0 {
        body.push_str("<pre><code>if (a[b[0]]]]><![CDATA[> 1) {}</code></pre>\n");
    }
    if i % 13 == 0 {
        body.push_str("<p>pasted\u{b}from a word processor</p>\n");
    }
    write!(
        w,
        "\t<item>\n\t\t<title><![CDATA[Post number {i} about the business]]></title>\n\t\t<link>{SITE}/{y}/{m:02}/post-{i}/</link>\n\t\t<pubDate>Mon, 01 Jan 2020 11:00:00 +0000</pubDate>\n\t\t<dc:creator><![CDATA[author{au}]]></dc:creator>\n\t\t<guid isPermaLink=\"false\">{SITE}/?p={i}</guid>\n\t\t<description></description>\n\t\t<content:encoded><![CDATA[{body}]]></content:encoded>\n\t\t<excerpt:encoded><![CDATA[]]></excerpt:encoded>\n\t\t<wp:post_id>{i}</wp:post_id>\n\t\t<wp:post_date><![CDATA[2020-01-01 12:00:00]]></wp:post_date>\n\t\t<wp:post_date_gmt><![CDATA[2020-01-01 11:00:00]]></wp:post_date_gmt>\n\t\t<wp:comment_status><![CDATA[open]]></wp:comment_status>\n\t\t<wp:ping_status><![CDATA[open]]></wp:ping_status>\n\t\t<wp:post_name><![CDATA[post-{i}]]></wp:post_name>\n\t\t<wp:status><![CDATA[{status}]]></wp:status>\n\t\t<wp:post_parent>0</wp:post_parent>\n\t\t<wp:menu_order>0</wp:menu_order>\n\t\t<wp:post_type><![CDATA[post]]></wp:post_type>\n\t\t<wp:post_password><![CDATA[]]></wp:post_password>\n\t\t<wp:is_sticky>0</wp:is_sticky>\n\t\t<category domain=\"category\" nicename=\"news\"><![CDATA[News]]></category>\n\t\t<category domain=\"post_tag\" nicename=\"tag{t}\"><![CDATA[tag{t}]]></category>\n\t\t<wp:postmeta>\n\t\t\t<wp:meta_key><![CDATA[_edit_last]]></wp:meta_key>\n\t\t\t<wp:meta_value><![CDATA[1]]></wp:meta_value>\n\t\t</wp:postmeta>\n",
        y = 2010 + i % 14,
        m = 1 + i % 12,
        au = i % 7,
        status = if i % 17 == 0 { "draft" } else { "publish" },
        t = i % 101,
    )?;
    let c = i * 10;
    comment(
        w,
        c + 1,
        0,
        "",
        "1",
        "Great news, congratulations to the whole team!",
    )?;
    comment(
        w,
        c + 2,
        c + 1,
        "comment",
        "1",
        "Thanks! We are proud of it.",
    )?;
    comment(
        w,
        c + 3,
        0,
        "",
        if i % 7 == 0 { "spam" } else { "1" },
        "Will there be apprenticeships next year?",
    )?;
    if i % 5 == 0 {
        comment(
            w,
            c + 4,
            0,
            "pingback",
            "1",
            "[&#8230;] a linking site wrote about it [&#8230;]",
        )?;
    }
    w.write_all(b"\t</item>\n")
}

fn generate(mb: u64, path: &Path) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    let f = std::fs::File::create(&tmp)?;
    let mut w = BufWriter::with_capacity(1 << 20, f);
    write!(
        w,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n\t<title>Bench Blog</title>\n\t<link>{SITE}</link>\n\t<wp:wxr_version>1.2</wp:wxr_version>\n\t<wp:base_site_url>{SITE}</wp:base_site_url>\n\t<wp:base_blog_url>{SITE}</wp:base_blog_url>\n"
    )?;
    for a in 0..7 {
        writeln!(w, "\t<wp:author><wp:author_id>{a}</wp:author_id><wp:author_login><![CDATA[author{a}]]></wp:author_login><wp:author_email><![CDATA[a{a}@bench.example]]></wp:author_email><wp:author_display_name><![CDATA[Author {a}]]></wp:author_display_name></wp:author>")?;
    }
    for t in 0..101 {
        writeln!(w, "\t<wp:tag><wp:term_id>{t}</wp:term_id><wp:tag_slug><![CDATA[tag{t}]]></wp:tag_slug><wp:tag_name><![CDATA[tag{t}]]></wp:tag_name></wp:tag>")?;
    }
    let target = mb * 1_000_000;
    let mut i = 1u64;
    let mut counter = CountingWriter {
        inner: &mut w,
        n: 0,
    };
    while counter.n < target {
        item(&mut counter, i)?;
        i += 1;
    }
    w.write_all(b"</channel>\n</rss>\n")?;
    w.flush()?;
    drop(w);
    std::fs::rename(tmp, path)
}

struct CountingWriter<'a, W: Write> {
    inner: &'a mut W,
    n: u64,
}

impl<W: Write> Write for CountingWriter<'_, W> {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(b)?;
        self.n += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn child(dump: &Path, out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    let t = Instant::now();
    let done = lifeboat::import_dump(
        dump,
        out,
        &lifeboat::ImportOptions::default(),
        &mut lifeboat::NoProgress,
    )
    .unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let secs = t.elapsed().as_secs_f64();
    let count = |k: &str| done.report.records.get(k).map(|c| c.converted).unwrap_or(0);
    println!(
        "{secs:.3} {} {} {} {} {}",
        peak_rss_kb(),
        count("post"),
        count("account"),
        done.report
            .repairs
            .get("invalid_xml_chars")
            .copied()
            .unwrap_or(0),
        done.report.balanced()
    );
    let _ = std::fs::remove_dir_all(out);
}

/// The floor: the file through quick-xml's own event loop and nothing else; prints
/// the seconds it took.
fn floor(file: &Path) {
    let t = Instant::now();
    let f = std::fs::File::open(file).expect("open");
    let mut r = quick_xml::Reader::from_reader(std::io::BufReader::with_capacity(1 << 16, f));
    let mut buf = Vec::new();
    let mut events = 0u64;
    loop {
        match r.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => events += 1,
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(1)
            }
        }
        buf.clear();
    }
    println!("{:.3} {events}", t.elapsed().as_secs_f64());
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        child(Path::new(&args[1]), Path::new(&args[2]));
        return;
    }
    if args.first().map(String::as_str) == Some("--floor") {
        floor(Path::new(&args[1]));
        return;
    }
    let sizes: Vec<u64> = if args.is_empty() {
        vec![100]
    } else {
        args.iter().filter_map(|a| a.parse().ok()).collect()
    };
    let dir = std::env::temp_dir().join("lifeboat-bench");
    std::fs::create_dir_all(&dir).expect("bench folder");
    println!("| WXR MB | quick-xml events (s) | import (s) | ratio | MB/s | peak RSS (MB) | posts | accounts | repaired chars | balanced |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|");
    for mb in sizes {
        let file: PathBuf = dir.join(format!("wxr-{mb}mb.wordpress.2024-01-01.xml"));
        if !file.exists() {
            generate(mb, &file).expect("generate the WXR file");
        }
        let real_mb = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
        let Some(fl) = common::run_child_with(
            &[std::ffi::OsStr::new("--floor"), file.as_os_str()],
            1,
            None,
        ) else {
            continue;
        };
        let read: f64 = fl[0].parse().unwrap_or(0.0);
        let out = dir.join(format!("wxr-archive-{mb}"));
        let Some(f) = common::run_child(&file, &out, 6) else {
            continue;
        };
        let secs: f64 = f[0].parse().unwrap_or(0.0);
        let rss: f64 = f[1].parse::<f64>().unwrap_or(0.0) / 1024.0;
        println!(
            "| {real_mb:.1} | {read:.2} | {secs:.2} | {:.1} | {:.1} | {rss:.0} | {} | {} | {} | {} |",
            secs / read.max(1e-9),
            real_mb / secs.max(1e-9),
            f[2],
            f[3],
            f[4],
            f[5]
        );
    }
}

// The same allocator as the `lifeboat` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
