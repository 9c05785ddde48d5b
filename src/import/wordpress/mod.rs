//! WordPress eXtended RSS (WXR 1.0, 1.1, 1.2, and the version-less files of
//! WordPress 2.1–2.3): *Tools › Export* of self-hosted WordPress, WordPress.com's zip
//! of size-split parts, `wp export`.
//!
//! The file is streamed: the channel header (site, authors, terms) and then one
//! `<item>` at a time. Posts and pages become `post` records, attachments `media`
//! records (the file itself is not in a WXR: `missing`, with its URL), site furniture
//! (`nav_menu_item`, `wp_template`, custom types, …) is kept raw. Comments become
//! posts that reply to the post or to their parent comment; pingbacks, trackbacks and
//! webmentions become posts *by the linking site* that link to ours. See
//! `formats/wordpress/README.md` for the crosswalk.

use std::collections::HashSet;
use std::io::Read;

use serde_json::{json, Map, Value};

use super::{Context, Format, Importer, Plan, Stored};
use crate::container::Entry;
use crate::error::Result;
use crate::model::{record_id, Ext, Kind, Link, Media, Post, Record, Source, Visibility};
use crate::read::blog::{self, push_multi, set_body, Accounts};
use crate::read::xml::{self, Node, Ns, XmlReader};

mod comments;
mod items;

const NET: &str = "wordpress";

/// Generations read.
pub const GENERATIONS: &[&str] = &[
    "WXR without wp:wxr_version (WordPress 2.1-2.3, 2007)",
    "WXR 1.0 (WordPress 2.5-3.0): no wp:author blocks, categories twice, few CDATA sections",
    "WXR 1.1 (WordPress 3.1-3.3): wp:author blocks, base URLs, term ids",
    "WXR 1.2 (WordPress 3.4+, WordPress.com, wp export): wp:term, termmeta, commentmeta; a zip of .000.xml parts",
];

/// wordpress: its line in the list of importers ([`crate::import::formats`]).
pub(crate) const FORMAT: Format = Format {
    name: "wordpress",
    description: "WordPress export (WXR 1.0-1.2: self-hosted, WordPress.com, wp export)",
    generations: GENERATIONS,
    detect,
    sniff: Some(sniff),
    make,
};

/// Post types that are site furniture, not writing: kept raw.
const FURNITURE: &[&str] = &[
    "nav_menu_item",
    "wp_navigation",
    "wp_global_styles",
    "wp_template",
    "wp_template_part",
    "wp_block",
    "custom_css",
    "oembed_cache",
    "customize_changeset",
    "revision",
    "user_request",
    "wp_font_family",
    "wp_font_face",
];

/// Score for an entry name: WXR files are `<site>.wordpress.<date>[.NNN].xml`.
fn name_score(name: &str) -> u8 {
    let f = blog::file_lower(name);
    if blog::is_junk(name) || !f.ends_with(".xml") {
        return 0;
    }
    if f.contains(".wordpress.") {
        90
    } else if f.contains("wordpress") || f.contains("wxr") {
        70
    } else {
        0
    }
}

/// How sure we are that the entries are a WordPress export (by entry names).
pub(crate) fn detect(entries: &[Entry]) -> Option<u8> {
    entries
        .iter()
        .map(|e| name_score(&e.name))
        .max()
        .filter(|&s| s > 0)
}

/// How sure we are that a single XML entry is a WXR file, from its first bytes.
pub(crate) fn sniff(_name: &str, head: &[u8]) -> Option<u8> {
    let root = xml::root_name(head)?;
    if root != "rss" {
        return None;
    }
    let has = |n: &[u8]| head.windows(n.len()).any(|w| w == n);
    Some(if has(b"wordpress.org/export/") {
        80
    } else {
        20
    })
}

pub(crate) fn make(_entries: &[Entry]) -> Box<dyn Importer> {
    Box::new(WordPress::default())
}

/// The WordPress importer.
#[derive(Default)]
pub struct WordPress {
    /// `wp:wxr_version` values seen.
    versions: Vec<String>,
    /// Native-id namespace: the site's `host/path`, when the file says it.
    site: Option<String>,
    site_title: Option<String>,
    site_url: Option<String>,
    site_ext: Map<String, Value>,
    /// `wp:author_id` → login.
    author_ids: Vec<(String, String)>,
    accounts: Accounts,
    /// Record ids emitted: a second item with a taken id gets a derived one.
    ids: HashSet<String>,
    /// Whether any entry was a WXR file.
    seen_rss: bool,
    /// Items without `wp:post_type` (stubs, hand-trimmed files), read after every
    /// typed item so that a typed item with the same `wp:post_id` keeps the id.
    deferred: Vec<(Node, String, u64)>,
    /// Set while the deferred items are read.
    finishing: bool,
    /// An item was read, or a file read to its end: the site's account is made only
    /// then, never from the header of a file that breaks before its first item.
    read_any: bool,
    /// Evidence that the file is an "All content" export (the only kind that is the
    /// whole site): site-level categories, tags and terms, and the post types of items.
    categories: u64,
    tags_or_terms: bool,
    post_types: std::collections::BTreeSet<String>,
    /// A WXR written by lifeboat: the record ids it carries (see `given_id`).
    given: Given,
}

/// The record ids a WXR file written by lifeboat carries for records of any network:
/// the owner (`<lifeboat:owner>`, empty when the archive named none), each author
/// (`<lifeboat:id>` in `wp:author`), each post, comment and attachment (`_lifeboat_id`
/// meta) and each guest commenter (`_lifeboat_author` comment meta).
#[derive(Default)]
struct Given {
    owner: Option<String>,
    /// An author carried the owner's id (so no separate site account is made).
    owner_is_author: bool,
    /// Login → account id.
    authors: Vec<(String, String)>,
    /// `wp:post_id` → post id.
    posts: std::collections::HashMap<String, String>,
}

/// A record id of `kind` carried in a lifeboat WXR (`<network>:<kind>:<native>`).
fn given_id(s: Option<&str>, kind: Kind) -> Option<String> {
    let s = s?.trim();
    let mut p = s.splitn(3, ':');
    let (net, k, native) = (p.next()?, p.next()?, p.next()?);
    let ok = !net.is_empty()
        && net
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && k == kind.as_str()
        && !native.is_empty();
    ok.then(|| s.to_string())
}

/// The network of a record id.
fn network_of(id: &str) -> String {
    id.split(':').next().unwrap_or(NET).to_string()
}

/// The value of a `wp:postmeta`/`wp:commentmeta` of `key` under `n`.
fn meta_of<'a>(n: &'a Node, tag: &'a str, key: &str) -> Option<&'a str> {
    n.all(tag)
        .find(|m| m.text_ns(Ns::Wp, "meta_key") == Some(key))
        .and_then(|m| m.child_ns(Ns::Wp, "meta_value"))
        .map(|v| v.text.as_str())
}

/// Meta keys that carry lifeboat's record ids (not kept among the meta).
fn is_given_meta(key: &str) -> bool {
    matches!(key, "_lifeboat_id" | "_lifeboat_author")
}

/// Typeless items held back at most (beyond, they are read in file order).
const MAX_DEFERRED: usize = 10_000;

impl WordPress {
    fn native(&self, local: &str) -> String {
        match &self.site {
            Some(s) => format!("{s}/{local}"),
            None => local.to_string(),
        }
    }

    /// The site's own account (the owner of the blog).
    fn site_account_id(&self) -> String {
        record_id(NET, Kind::Account, self.site.as_deref().unwrap_or("site"))
    }

    fn header(&mut self, n: Node, entry: &str, cx: &mut Context) -> Result<()> {
        let text = n.text.trim().to_string();
        match (n.ns, n.name.as_str()) {
            (Ns::Wp, "wxr_version") => {
                if !self.versions.contains(&text) {
                    self.versions.push(text.clone());
                }
                self.site_ext.insert("wxr_version".into(), json!(text));
            }
            (Ns::Wp, "base_blog_url") => {
                if let Some(s) = blog::site_of(&text) {
                    self.site = Some(s);
                }
                self.site_ext.insert("base_blog_url".into(), json!(text));
            }
            (Ns::None, "link") => {
                if self.site.is_none() {
                    self.site = blog::site_of(&text);
                }
                self.site_url = Some(text);
            }
            (Ns::None, "title") => self.site_title = Some(text),
            (Ns::Lifeboat, "owner") => self.given.owner = Some(text),
            (Ns::Wp, "author") => {
                let Some(login) = n.text_ns(Ns::Wp, "author_login").map(str::to_string) else {
                    cx.report.skipped(
                        Kind::Account,
                        "wp:author without wp:author_login",
                        entry.to_string(),
                    );
                    return Ok(());
                };
                let mut a = blog::account(NET, &self.native(&login), Source::entry(entry));
                if let Some(id) = given_id(n.text_ns(Ns::Lifeboat, "id"), Kind::Account) {
                    a.network = network_of(&id);
                    if self.given.owner.as_deref() == Some(id.as_str()) {
                        a.is_owner = true;
                        self.given.owner_is_author = true;
                    }
                    self.given.authors.push((login.clone(), id.clone()));
                    a.id = id;
                }
                a.handle = Some(login.clone());
                a.display_name = n.text_ns(Ns::Wp, "author_display_name").map(decode);
                let mut ext = Ext::default();
                for c in &n.children {
                    if !matches!(c.name.as_str(), "author_login" | "author_display_name")
                        && c.ns != Ns::Lifeboat
                        && !c.text.trim().is_empty()
                    {
                        ext.insert(&c.name, c.to_json());
                    }
                }
                if let Some(id) = n.text_ns(Ns::Wp, "author_id") {
                    self.author_ids.push((id.to_string(), login));
                }
                a.ext = ext;
                if let Some(a) = self.accounts.full(a) {
                    cx.emit(Record::Account(a))?;
                }
            }
            (_, name) => {
                // terms, generator, description, language, base_site_url, …: site facts
                let v = n.to_json();
                if v.as_str().is_some_and(str::is_empty) {
                    return Ok(());
                }
                match name {
                    "category" => self.categories += 1,
                    "tag" | "term" => self.tags_or_terms = true,
                    _ => {}
                }
                if matches!(name, "category" | "tag" | "term") {
                    let list = self
                        .site_ext
                        .entry(format!("{name}s"))
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(a) = list {
                        a.push(v);
                    }
                } else {
                    self.site_ext.insert(name.to_string(), v);
                }
            }
        }
        Ok(())
    }

    /// The account of a login (a stub when no wp:author block declared it).
    fn author_of(&mut self, login: Option<&str>, entry: &str) -> String {
        if let Some((_, id)) = self
            .given
            .authors
            .iter()
            .find(|(l, _)| Some(l.as_str()) == login)
        {
            return id.clone();
        }
        match login {
            Some(l) => {
                let mut a = blog::account(NET, &self.native(l), Source::entry(entry));
                a.handle = Some(l.to_string());
                let id = a.id.clone();
                self.accounts.stub(a);
                id
            }
            None => self.site_account_id(),
        }
    }

    /// The native id and record id an item or comment gets: its own, or, when a
    /// record of that kind already has it, the next free derived one (reported).
    fn claim(
        &mut self,
        kind: Kind,
        native: String,
        loc: &str,
        why: &str,
        cx: &mut Context,
    ) -> (String, String) {
        let id = record_id(NET, kind, &native);
        if self.ids.insert(id.clone()) {
            return (native, id);
        }
        let mut k = 2;
        loop {
            let n = format!("{native}~dup-{k}");
            let derived = record_id(NET, kind, &n);
            if self.ids.insert(derived.clone()) {
                cx.report.id_clash(id, derived.clone(), loc, why);
                return (n, derived);
            }
            k += 1;
        }
    }

    /// [`Self::claim`], or the record id a lifeboat WXR gives the item when it is free.
    fn claim_given(
        &mut self,
        kind: Kind,
        native: String,
        given: Option<String>,
        loc: &str,
        why: &str,
        cx: &mut Context,
    ) -> (String, String) {
        match given {
            Some(g) if self.ids.insert(g.clone()) => (native, g),
            _ => self.claim(kind, native, loc, why, cx),
        }
    }
}

/// HTML entities in a title or name (WordPress stores `&raquo;`, `&#8217;` as text).
fn decode(s: &str) -> String {
    crate::read::text::decode_entities(s.trim()).into_owned()
}

/// `photo`, `video`, `audio` or `document` by file extension.
pub(crate) fn media_kind(url: &str) -> &'static str {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "jpg" | "jpeg" | "png" | "gif" | "webp" | "bmp" | "svg" | "heic" | "avif" | "tif"
        | "tiff" => "photo",
        "mp4" | "mov" | "webm" | "m4v" | "avi" | "mkv" | "ogv" => "video",
        "mp3" | "m4a" | "ogg" | "wav" | "flac" | "aac" | "oga" => "audio",
        _ => "document",
    }
}

impl Importer for WordPress {
    fn network(&self) -> &'static str {
        NET
    }

    fn generation(&self) -> String {
        "WXR (version read from the file; see the report's warnings)".into()
    }

    fn plan(&mut self, entry: &Entry) -> Plan {
        if blog::is_junk(&entry.name) {
            return Plan::Ignore {
                reason: "macOS resource fork or Finder file".into(),
            };
        }
        let f = blog::file_lower(&entry.name);
        if f.ends_with(".xml") {
            Plan::Parse {
                phase: 10,
                role: "wxr".into(),
            }
        } else {
            Plan::Carry {
                role: "not a WXR file".into(),
            }
        }
    }

    fn parse(&mut self, entry: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64> {
        let name = entry.name.as_str();
        let mut x = XmlReader::new(r, name).limit(cx.limits.max_field_bytes);
        let mut items = 0u64;
        let before: u64 = cx.report.records.values().map(|c| c.read).sum();
        let res: std::result::Result<(), xml::XmlError> = (|| {
            while let Some(open) = x.next_open()? {
                match open.depth {
                    0 => {
                        if open.node.name != "rss" {
                            let why =
                                format!("root element <{}> is not a WXR <rss>", open.node.name);
                            cx.report.warn(format!("{name}: {why}; entry not read"));
                            cx.report.unreadable(name, x.position(), why);
                            return Ok(());
                        }
                        self.seen_rss = true;
                    }
                    // items under <channel>, or straight under <rss> in trimmed files
                    1 if open.node.name == "item" => {
                        let n = x.collect(open)?;
                        self.item(n, name, items, cx)
                            .map_err(xml::XmlError::Fatal)?;
                        items += 1;
                    }
                    2 => {
                        let n = x.collect(open)?;
                        if n.name == "item" && n.ns == Ns::None {
                            self.item(n, name, items, cx)
                                .map_err(xml::XmlError::Fatal)?;
                            items += 1;
                        } else {
                            self.header(n, name, cx).map_err(xml::XmlError::Fatal)?;
                        }
                    }
                    _ => {}
                }
            }
            Ok(())
        })();
        match res {
            Err(e) => xml::parse_failure(e, Kind::Post, name, cx.report)?,
            Ok(()) if self.seen_rss => self.read_any = true,
            Ok(()) => {}
        }
        xml::finish_entry(&x, name, cx.report);
        let after: u64 = cx.report.records.values().map(|c| c.read).sum();
        Ok(after - before)
    }

    fn media(&mut self, _: &Entry, _: &Stored, _: &mut Context) -> Result<()> {
        Ok(())
    }

    /// Tools → Export → "All content" writes the whole site; "Posts", "Pages" or one
    /// post type, filtered by category, author, dates or status, writes a part and does
    /// not say so. Only an "All content" file carries every tag and term, more than
    /// one category (a category filter writes just that one), or items of several post
    /// types: with any of those the file is the whole site (posts, pages, comments,
    /// attachments, authors); without, its coverage is unknown.
    fn covers(&self, _entry: &str, _role: &str) -> super::Cover {
        if self.tags_or_terms || self.categories > 1 || self.post_types.len() > 1 {
            super::Cover::Complete(&["post", "media", "account"])
        } else {
            super::Cover::Unknown(
                "a WXR file that is not an \"All content\" export (no site-wide tags, terms or categories, one post type) may be filtered by type, category, author, date or status, and does not say so",
            )
        }
    }

    fn finish(&mut self, cx: &mut Context) -> Result<()> {
        self.finishing = true;
        for (n, entry, index) in std::mem::take(&mut self.deferred) {
            self.item(n, &entry, index, cx)?;
        }
        match self.versions.as_slice() {
            [] if self.seen_rss => cx.report.warn(
                "no wp:wxr_version: a WordPress 2.1-2.3 file or a trimmed one; read as WXR 1.0",
            ),
            [] => {}
            [v] => cx.report.generation = format!("WXR {v}"),
            vs => cx.report.generation = format!("WXR {}", vs.join(" + ")),
        }
        // a lifeboat WXR names its owner: an author already carried it, or the archive
        // had none (an empty element)
        let site_given = self.given.owner.as_deref().map(str::trim);
        let skip_site = self.given.owner_is_author || site_given == Some("");
        if self.seen_rss && self.read_any && !skip_site {
            let mut a = blog::account(
                NET,
                self.site.as_deref().unwrap_or("site"),
                Source::entry(""),
            );
            if let Some(id) = given_id(site_given, Kind::Account) {
                a.network = network_of(&id);
                a.id = id;
            }
            a.is_owner = true;
            a.display_name = self.site_title.clone();
            a.url = self.site_url.clone();
            a.ext = Ext::from_map(std::mem::take(&mut self.site_ext));
            if let Some(a) = self.accounts.full(a) {
                cx.emit(Record::Account(a))?;
            }
        }
        for a in self.accounts.take_stubs() {
            cx.emit(Record::Account(a))?;
        }
        Ok(())
    }
}
