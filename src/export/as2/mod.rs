//! ActivityStreams 2.0: a JSON-LD outbox, and the Mastodon-compatible account archive
//! (a zip of `actor.json`, `outbox.json`, `likes.json`, `bookmarks.json`,
//! `media_attachments/…` and Mastodon's import CSVs).
//!
//! A post is written as it is, not rewritten: `content` is its own HTML (or its text as
//! HTML when it has none), its content warning is `summary` (with `sensitive` as the
//! archive has it), a quote is the `quote`/`quoteUri`/`_misskey_quote` properties
//! Mastodon, Fedibird and Misskey read, mentions and hashtags are `tag`s with their
//! `href`s. A post read from Mastodon gets back every field of its own that the model
//! does not map (custom emoji, polls with their votes, `atomUri`, `conversation`, …),
//! so that a Mastodon archive round-trips byte for byte in its text. Public replies of
//! other accounts are embedded as the `replies` collection of the post they answer.
//! Every record is named by an IRI lifeboat's reader turns back into its record id
//! (`crate::model::record_of_iri`); ids that Mastodon's own files have no place for
//! (likes and list rows of other networks) go into `lifeboat_ids.json` in the zip.

mod activity;
mod actor;
mod losses;
mod mastodon_zip;
mod readback;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Read, Write};
use std::path::Path;

use serde_json::{json, Map, Value};

use super::fidelity::settle;
use super::ids::{iri_of, native, network_of, post_iri};
use super::out::{clear, create};
use super::report::Book;
use super::safe::{self, link, own_html, web, Profile};
use super::select::Ctx;
use super::text::text_html;
use super::Format;
use crate::error::{Error, Result};
use crate::import::mastodon::{self as reader, AccountRef};
use crate::model::{Account, Kind, Link, Media, Post, Reaction, Record, Relationship, Visibility};
use activity::*;
use actor::*;
use mastodon_zip::*;
use readback::*;

const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// The zip's file of record ids that Mastodon's own files have no place for.
pub(crate) const IDS_FILE: &str = "lifeboat_ids.json";

fn w(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::io(path, e)
}

/// The terms of the outbox beyond ActivityStreams: Mastodon's, OStatus's, and the
/// quote properties of Mastodon 4.5 (FEP-044f), Fedibird and Misskey.
fn context() -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        {
            "ostatus": "http://ostatus.org#",
            "atomUri": "ostatus:atomUri",
            "inReplyToAtomUri": "ostatus:inReplyToAtomUri",
            "conversation": "ostatus:conversation",
            "sensitive": "as:sensitive",
            "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
            "Hashtag": "as:Hashtag",
            "toot": "http://joinmastodon.org/ns#",
            "Emoji": "toot:Emoji",
            "votersCount": "toot:votersCount",
            "blurhash": "toot:blurhash",
            "focalPoint": {"@container": "@list", "@id": "toot:focalPoint"},
            "featured": {"@id": "toot:featured", "@type": "@id"},
            "featuredTags": {"@id": "toot:featuredTags", "@type": "@id"},
            "discoverable": "toot:discoverable",
            "indexable": "toot:indexable",
            "memorial": "toot:memorial",
            "suspended": "toot:suspended",
            "devices": {"@id": "toot:devices", "@type": "@id"},
            "alsoKnownAs": {"@id": "as:alsoKnownAs", "@type": "@id"},
            "movedTo": {"@id": "as:movedTo", "@type": "@id"},
            "quote": {"@id": "https://w3id.org/fep/044f#quote", "@type": "@id"},
            "quoteAuthorization": {"@id": "https://w3id.org/fep/044f#quoteAuthorization", "@type": "@id"},
            "gts": "https://gotosocial.org/ns#",
            "interactionPolicy": {"@id": "gts:interactionPolicy", "@type": "@id"},
            "canQuote": {"@id": "gts:canQuote", "@type": "@id"},
            "automaticApproval": {"@id": "gts:automaticApproval", "@type": "@id"},
            "manualApproval": {"@id": "gts:manualApproval", "@type": "@id"},
            "quoteUri": {"@id": "http://fedibird.com/ns#quoteUri", "@type": "@id"},
            "_misskey_quote": {"@id": "https://misskey-hub.net/ns#_misskey_quote", "@type": "@id"},
            "schema": "http://schema.org#",
            "PropertyValue": "schema:PropertyValue",
            "value": "schema:value"
        }
    ])
}

/// The reasons of the fields a format does not keep as they are.
fn reason(fmt: Format, kind: Kind, field: &str) -> String {
    let f = if fmt == Format::Mastodon {
        "the Mastodon archive"
    } else {
        "an ActivityStreams outbox"
    };
    match (kind, field) {
        (_, "ext") => format!("fields of the source that the model does not map have no place in {f} (kept when the source is Mastodon)"),
        (_, "network") => "written as a Mastodon record".into(),
        (_, "raw_times") => "the source's own spelling of its times is not kept (the times are)".into(),
        (Kind::Post, "text") => "the text is read back from its HTML (repeated spaces collapse, characters HTML cannot hold are removed)".into(),
        (Kind::Post, "html") => format!("{f} carries the post's HTML sanitized (markup that could run, and markup outside the allowlist, removed), or its text as HTML"),
        (Kind::Post, "links") => "links are read back from the HTML anchors (short forms and display texts are not kept)".into(),
        (Kind::Post, "mentions") => "a mention keeps only the handle and the account".into(),
        (Kind::Post, "tags") => "hashtags are read back from the tags and the HTML anchors".into(),
        (Kind::Post, "metrics") => format!("{f} has counters for likes, reposts and replies only"),
        (Kind::Post, "visibility") => format!("{f} has no audience for this visibility: written for the followers"),
        (Kind::Post, "content_warning") => "the warning's markup is read back as text".into(),
        (Kind::Post, "reply_to_account") => "the author of the post answered is read from the post's address, or not named".into(),
        (Kind::Post, "repost_of_account") => "the author of the post shared is read from the addressing, or not named".into(),
        (Kind::Post, "title") => "only articles have a title (`name`)".into(),
        (Kind::Post, "author") => "an outbox has one actor".into(),
        (Kind::Post, "media") => "attachments not published (no file or address, or a file that cannot be cleaned of metadata) are left out".into(),
        (Kind::Post, f2) => format!("{f} has no place for {f2}"),
        (Kind::Account, "is_owner") => format!("{f} has one owner: the first actor"),
        (Kind::Account, f2) => format!("other accounts appear only as actors and mentions: {f2} is not carried"),
        (Kind::Media, "sha256" | "bytes" | "path") if fmt == Format::Mastodon => "EXIF and location data are removed from published files".into(),
        (Kind::Media, "sha256" | "bytes" | "path") => format!("{f} holds the file's address, not the file"),
        (Kind::Media, "original_path") if fmt == Format::Mastodon => "a file in the archive is named by Mastodon's layout (media_attachments/files/…/original/…)".into(),
        (Kind::Media, "missing" | "original_path") => format!("{f} holds the file's address, not the file"),
        (Kind::Media, "original_url") => format!("{f} names the file by its place in the archive, not by the address the network served it from"),
        (Kind::Media, "mime" | "kind") if fmt == Format::ActivityStreams => "an outbox gives the type the source declared for the address, not the stored file's".into(),
        (Kind::Media, "mime" | "kind") => "a file in the archive is of the type its bytes say".into(),
        (Kind::Media, f2) => format!("{f} has no place for the media's {f2}"),
        (Kind::Reaction, "actor") => "the likes and bookmarks lists belong to the archive's owner".into(),
        (Kind::Reaction, f2) => format!("Mastodon's likes and bookmarks lists hold only the post's address ({f2} is not carried)"),
        (Kind::Relationship, "subject" | "id") => "the lists belong to the archive's owner".into(),
        (Kind::Relationship, f2) => format!("Mastodon's lists have no column for {f2}"),
        (_, f2) => format!("{f} has no place for {f2}"),
    }
}

/// The record ids a reader of the written files will make for each account it meets,
/// in its order (the first reference that gives a handle, a name or an URL gives it).
#[derive(Default)]
struct Refs {
    seen: BTreeMap<String, AccountRef>,
}

impl Refs {
    fn see(&mut self, r: AccountRef) {
        let e = self.seen.entry(r.id.clone()).or_insert_with(|| AccountRef {
            id: r.id.clone(),
            ..AccountRef::default()
        });
        if e.handle.is_none() {
            e.handle = r.handle;
        }
        if e.display_name.is_none() {
            e.display_name = r.display_name;
        }
        if e.url.is_none() {
            e.url = r.url;
        }
    }
}

/// What was written for a media record (to tell what a reader makes of it).
struct MediaOut {
    url: String,
    mime: String,
    /// The file in the zip: its entry name, and its SHA-256 and size as written.
    file: Option<(String, String, u64)>,
    /// The record id is named by the attachment's `id`.
    named: bool,
}

struct Writer<'c, 'a> {
    ctx: &'c Ctx<'a>,
    fmt: Format,
    refs: Refs,
    media_out: HashMap<String, MediaOut>,
    /// Media files to put into the zip: (entry name, file in the archive).
    zip_files: Vec<(String, std::path::PathBuf)>,
    zip_names: BTreeSet<String>,
    owner_iri: String,
    owner_id: Option<String>,
    /// Attachments of written posts that are not written, with why.
    media_unwritten: BTreeMap<String, String>,
    /// The author of the first activity: the owner a reader takes when the archive
    /// names none.
    first_actor: Option<String>,
    /// Profile images written into the zip, by their path in the archive: (entry name,
    /// SHA-256 and size as written).
    profile_out: HashMap<String, (String, String, u64)>,
}

impl<'c, 'a> Writer<'c, 'a> {
    fn new(ctx: &'c Ctx<'a>, fmt: Format) -> Writer<'c, 'a> {
        let owner_iri = actor_iri(ctx).unwrap_or_default();
        Writer {
            ctx,
            fmt,
            refs: Refs::default(),
            media_out: HashMap::new(),
            zip_files: Vec::new(),
            zip_names: BTreeSet::new(),
            owner_id: ctx.owner.as_ref().map(|o| o.id.clone()),
            owner_iri,
            media_unwritten: BTreeMap::new(),
            first_actor: None,
            profile_out: HashMap::new(),
        }
    }

    fn fmt_name(&self) -> &'static str {
        if self.fmt == Format::Mastodon {
            "the Mastodon archive"
        } else {
            "ActivityStreams"
        }
    }

    /// The actor IRI of an author, and what `attributedTo` says of it.
    fn author(&mut self, id: &str) -> (String, Value) {
        if Some(id) == self.owner_id.as_deref() {
            return (self.owner_iri.clone(), json!(self.owner_iri));
        }
        let p = person(self.ctx, id);
        if let Some(r) = p.as_object().and_then(reader::actor_object_ref) {
            self.refs.see(r);
        }
        (account_iri(self.ctx, id), p)
    }

    /// Addressing by visibility (Mastodon's mapping).
    fn addressing(&self, p: &Post, mentioned: &[String]) -> (Vec<Value>, Vec<Value>) {
        // the owner's followers (an archive without an owner: the author's)
        let f: Vec<Value> = if self.owner_iri.is_empty() {
            vec![json!(format!(
                "{}/followers",
                account_iri(self.ctx, &p.author)
            ))]
        } else {
            vec![json!(followers_iri(self.ctx, &self.owner_iri))]
        };
        let m: Vec<Value> = mentioned.iter().map(|x| json!(x)).collect();
        match p.visibility {
            Visibility::Public => (vec![json!(PUBLIC)], [f, m].concat()),
            Visibility::Unlisted => (f, [vec![json!(PUBLIC)], m].concat()),
            Visibility::Followers => (f, m),
            Visibility::Direct => (m, vec![]),
            // an audience Mastodon has no addressing for (a chosen one, or one the dump
            // does not record, published with --include): the followers, the narrowest
            // audience that is not a direct message (Mastodon reads a post addressed to
            // nobody as one)
            Visibility::Private | Visibility::Unknown => (f, m),
        }
    }
}

/// Write an ActivityStreams 2.0 outbox (one JSON-LD file).
pub(crate) fn outbox(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
    clear(out)?;
    let mut wr = Writer::new(ctx, Format::ActivityStreams);
    let mut f = create(out)?;
    let mut head = Map::new();
    head.insert("@context".into(), context());
    head.insert(
        "id".into(),
        json!(if wr.owner_iri.is_empty() {
            "outbox".to_string()
        } else {
            format!("{}/outbox", wr.owner_iri)
        }),
    );
    head.insert("type".into(), json!("OrderedCollection"));
    let actor = ctx
        .owner
        .is_some()
        .then(|| outbox_actor(actor_object(ctx, &wr.owner_iri)));
    if let Some(a) = &actor {
        head.insert("attributedTo".into(), a.clone());
    }
    let h = serde_json::to_string(&Value::Object(head)).unwrap_or_default();
    f.write_all(h.trim_end_matches('}').as_bytes())
        .map_err(w(out))?;
    f.write_all(b",\"orderedItems\":[\n").map_err(w(out))?;
    let mut first = true;
    let n = wr.items(book, &mut |s| {
        if !first {
            f.write_all(b",\n").map_err(w(out))?;
        }
        first = false;
        f.write_all(s.as_bytes()).map_err(w(out))
    })?;
    f.write_all(format!("\n],\"totalItems\":{n}}}\n").as_bytes())
        .map_err(w(out))?;
    f.flush().map_err(w(out))?;
    wr.accounts_fidelity(book, actor.as_ref())?;
    wr.media_fidelity(book)?;
    ctx.count_unexpressed(
        book,
        &[Kind::Relationship, Kind::Reaction, Kind::Conversation],
        "an ActivityStreams outbox holds only the account's own activities",
    )?;
    Ok(())
}

/// Write the Mastodon-compatible archive (a zip).
pub(crate) fn mastodon(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
    clear(out)?;
    let outbox_tmp = out.with_extension("outbox.tmp");
    let mut wr = Writer::new(ctx, Format::Mastodon);
    {
        let mut f = create(&outbox_tmp)?;
        let mut head = Map::new();
        head.insert("@context".into(), context());
        head.insert("id".into(), json!("outbox.json"));
        head.insert("type".into(), json!("OrderedCollection"));
        let h = serde_json::to_string(&Value::Object(head)).unwrap_or_default();
        f.write_all(h.trim_end_matches('}').as_bytes())
            .map_err(w(&outbox_tmp))?;
        f.write_all(b",\"orderedItems\":[\n")
            .map_err(w(&outbox_tmp))?;
        let mut first = true;
        let res = wr.items(book, &mut |s| {
            if !first {
                f.write_all(b",\n").map_err(w(&outbox_tmp))?;
            }
            first = false;
            f.write_all(s.as_bytes()).map_err(w(&outbox_tmp))
        });
        let n = match res {
            Ok(n) => n,
            Err(e) => {
                let _ = std::fs::remove_file(&outbox_tmp);
                return Err(e);
            }
        };
        f.write_all(format!("\n],\"totalItems\":{n}}}\n").as_bytes())
            .map_err(w(&outbox_tmp))?;
        f.flush().map_err(w(&outbox_tmp))?;
    }
    let res = write_zip(&mut wr, out, &outbox_tmp, book);
    let _ = std::fs::remove_file(&outbox_tmp);
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_collections_keep_only_web_urls() {
        let v = json!({
            "sharedInbox": "javascript:alert(1)",
            "oauth": "https://h.example/oauth",
            "list": ["data:text/html,x", "https://old.example/users/r"],
        });
        assert_eq!(
            web_only(v),
            Some(
                json!({"oauth": "https://h.example/oauth", "list": ["https://old.example/users/r"]})
            )
        );
        assert_eq!(web_only(json!("vbscript:x")), None);
        // an emoji or a link card of the source is kept only when its addresses are links
        let emoji = json!({"type": "Emoji", "name": ":boat:", "icon": {"type": "Image", "url": "https://h.example/boat.png"}});
        assert!(addresses_are_links(&emoji));
        let bad = json!({"type": "Link", "href": "javascript:alert(1)"});
        assert!(!addresses_are_links(&bad));
        assert_eq!(web_only(json!(true)), Some(json!(true)));
    }
}
