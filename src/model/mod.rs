//! The platform-neutral model: seven record kinds shared by every network.
//!
//! Every record has a stable, readable `id` of the form `<network>:<kind>:<native id>`
//! (see [`record_id`]), a [`Source`] that says where in the dump it came from, and an
//! [`Ext`] map holding every source field the model does not map, verbatim.
//! Times are [`Timestamp`]s (UTC, RFC 3339); when the source string was not already
//! RFC 3339 UTC it is kept in `raw_times` under the field's name.
//!
//! Field docs name the Twitter/X field that feeds each model field ("X:"); the
//! crosswalk for every network lives in `formats/<network>/README.md`.

mod iri;
mod time;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub(crate) use iri::twitter_iri;
pub use iri::{record_of_iri, tag_iri, TAG_PREFIX};
pub use time::Timestamp;

/// The version of the record schema written into every archive.
pub const SCHEMA_VERSION: &str = "1.1";

/// Build a record id: `<network>:<kind>:<native id>`.
pub fn record_id(network: &str, kind: Kind, native: &str) -> String {
    let mut s = String::with_capacity(network.len() + native.len() + 16);
    s.push_str(network);
    s.push(':');
    s.push_str(kind.as_str());
    s.push(':');
    s.push_str(native);
    s
}

/// The seven record kinds. Their names are part of the public contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An identity on a network.
    Account,
    /// Anything published.
    Post,
    /// A photo, video, gif, audio or document.
    Media,
    /// Follower, following, block, mute, list membership, connection.
    Relationship,
    /// Like, favourite, bookmark, emoji reaction, vote.
    Reaction,
    /// A direct-message thread or group chat.
    Conversation,
    /// One message in a conversation.
    Message,
}

impl Kind {
    /// Every kind, in archive order.
    pub const ALL: [Kind; 7] = [
        Kind::Account,
        Kind::Post,
        Kind::Media,
        Kind::Relationship,
        Kind::Reaction,
        Kind::Conversation,
        Kind::Message,
    ];

    /// The singular name (`post`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Account => "account",
            Kind::Post => "post",
            Kind::Media => "media",
            Kind::Relationship => "relationship",
            Kind::Reaction => "reaction",
            Kind::Conversation => "conversation",
            Kind::Message => "message",
        }
    }

    /// The records file inside an archive (`posts.jsonl`).
    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Account => "accounts.jsonl",
            Kind::Post => "posts.jsonl",
            Kind::Media => "media.jsonl",
            Kind::Relationship => "relationships.jsonl",
            Kind::Reaction => "reactions.jsonl",
            Kind::Conversation => "conversations.jsonl",
            Kind::Message => "messages.jsonl",
        }
    }

    /// Parse a singular kind name.
    pub fn from_name(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Who may see a post.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Anyone.
    Public,
    /// Anyone with the link; not listed in public timelines.
    Unlisted,
    /// Followers (or a protected account's approved followers).
    Followers,
    /// A chosen audience, a draft, or otherwise not public.
    Private,
    /// Only the people addressed (direct messages).
    Direct,
    /// The dump does not say.
    #[default]
    Unknown,
}

impl Visibility {
    /// True for `public` and `unlisted`.
    pub fn is_public(self) -> bool {
        matches!(self, Visibility::Public | Visibility::Unlisted)
    }
}

/// Where in the dump a record came from: the entry path and the index of the item in
/// that entry (0-based), for chain of custody.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Path of the entry inside the dump (`data/tweets.js`).
    pub entry: String,
    /// Index of the item inside the entry, when the entry holds many.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<u64>,
    /// Where inside that item, as a JSON pointer (`/dmConversation/messages/3`), when
    /// the record is one part of a larger item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// Set by a merge when a newer export of the same network and account covers the
    /// record's kind (its `coverage`) and no longer holds the record: the archive's id
    /// of that export (see `data/lifeboat.json` `sources`). The record is kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absent_since: Option<String>,
    /// With `absent_since`: the id of the last earlier export of the account that
    /// covered the record's kind (and so held it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen_in: Option<String>,
}

impl Source {
    /// A whole entry (or something assembled from it).
    pub fn entry(entry: &str) -> Source {
        Source {
            entry: entry.to_string(),
            ..Source::default()
        }
    }

    /// A source at `entry`, item `index`.
    pub fn at(entry: &str, index: u64) -> Source {
        Source {
            entry: entry.to_string(),
            index: Some(index),
            ..Source::default()
        }
    }
}

/// Source fields the model does not map, kept verbatim: each value is the exact JSON
/// text it had in the dump (nested key order, number spelling and escapes included).
///
/// Serialises as a JSON object. Values are exposed as JSON text so that callers do not
/// depend on a particular JSON library.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Ext(pub(crate) BTreeMap<String, Box<serde_json::value::RawValue>>);

impl PartialEq for Ext {
    fn eq(&self, other: &Ext) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .zip(&other.0)
                .all(|((ka, va), (kb, vb))| ka == kb && va.get() == vb.get())
    }
}

impl Ext {
    /// True when nothing was left unmapped.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Number of unmapped fields.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// The unmapped field names.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(|k| k.as_str())
    }
    /// The value of an unmapped field, as JSON text (as it stood in the dump).
    pub fn get_json(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(|v| v.get())
    }
    /// The value of an unmapped field when it is a JSON string.
    pub fn get_str(&self, key: &str) -> Option<String> {
        serde_json::from_str(self.0.get(key)?.get()).ok()
    }
    /// Keep a value (serialised as JSON).
    pub(crate) fn insert(&mut self, key: &str, v: serde_json::Value) {
        if let Ok(raw) = serde_json::value::to_raw_value(&v) {
            self.0.insert(key.to_string(), raw);
        }
    }
    /// Keep a string.
    pub(crate) fn insert_string(&mut self, key: &str, v: String) {
        self.insert(key, serde_json::Value::String(v));
    }
    /// Keep a value as the raw JSON it was read as.
    pub(crate) fn insert_raw(&mut self, key: String, v: Box<serde_json::value::RawValue>) {
        self.0.insert(key, v);
    }
    /// A value parsed back (for the few unmapped fields an importer looks into).
    pub(crate) fn get_value(&self, key: &str) -> Option<serde_json::Value> {
        serde_json::from_str(self.0.get(key)?.get()).ok()
    }
    /// Every field of a JSON object map.
    pub(crate) fn from_map(m: serde_json::Map<String, serde_json::Value>) -> Ext {
        let mut e = Ext::default();
        e.extend_map(m);
        e
    }
    /// Add every field of a JSON object map.
    pub(crate) fn extend_map(&mut self, m: serde_json::Map<String, serde_json::Value>) {
        for (k, v) in m {
            self.insert(&k, v);
        }
    }
    /// Add every field of another Ext.
    pub(crate) fn extend(&mut self, other: Ext) {
        self.0.extend(other.0);
    }
}

/// Times whose source string was not already RFC 3339 UTC, by field name.
pub type RawTimes = BTreeMap<String, String>;

fn is_false(b: &bool) -> bool {
    !*b
}

/// An identity on a network: the owner of the dump, and every other account that
/// appears in it (followers, people mentioned, correspondents).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// `<network>:account:<native id>`. X: `accountId` / `id_str` (numeric user id).
    pub id: String,
    /// The network (`twitter`).
    pub network: String,
    /// The handle without `@`. X: `username`, `screen_name`, `screenName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
    /// X: `accountDisplayName`, `name`, `full_name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Profile URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// True for the account whose dump this is.
    #[serde(default, skip_serializing_if = "is_false")]
    pub is_owner: bool,
    /// X: `account.createdAt`, `user_details.created_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// Profile text. X: `profile.description.bio`, `user_details.bio`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    /// X: `profile.description.location`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// X: `profile.description.website` (a t.co link the archive does not expand),
    /// `user_details.expanded_url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Avatar image URL. X: `profile.avatarMediaUrl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    /// Banner image URL. X: `profile.headerMediaUrl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_url: Option<String>,
    /// X: `verified.verified`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    /// Protected / locked account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protected: Option<bool>,
    /// Earlier handles. X: `screen-name-change.js`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handle_history: Vec<HandleChange>,
    /// Times kept in their original form.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub raw_times: RawTimes,
    /// Where the record came from.
    pub source: Source,
    /// Unmapped fields, verbatim (e.g. `email`, `createdVia`, `timeZone`).
    #[serde(default, skip_serializing_if = "Ext::is_empty")]
    pub ext: Ext,
}

/// One change of handle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HandleChange {
    /// X: `changedFrom`.
    pub from: Option<String>,
    /// X: `changedTo`.
    pub to: Option<String>,
    /// X: `changedAt`.
    pub changed_at: Option<Timestamp>,
}

/// A link in a text: the short form, where it leads, and its position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// Where the link leads. X: `expanded_url`, `expandedUrl`, DM `expanded`.
    pub url: String,
    /// The short link as it stood in the source text. X: `url` (t.co), `shortUrl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_url: Option<String>,
    /// X: `display_url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}

/// An account named in a text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Handle without `@`. X: `screen_name`.
    pub handle: String,
    /// The account record id, when the source gives the account's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// X: `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
}

/// A span of rich-text formatting, in code points of `text`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Style {
    /// `bold`, `italic`, ...
    pub style: String,
    /// First code point (inclusive).
    pub start: u64,
    /// Last code point (exclusive).
    pub end: u64,
}

/// An earlier version of a post (an edit, or an earlier export's copy).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostVersion {
    /// Native id of that version, when it had its own (X: each edit is a tweet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub native_id: Option<String>,
    /// The text of that version.
    pub text: String,
    /// When that version was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// Media record ids of that version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<String>,
    /// Where that version came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

/// Anything published: a tweet, toot, skeet, status, share, blog post or comment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Post {
    /// `<network>:post:<native id>`. X: `id_str` (for an edited tweet, the initial id).
    pub id: String,
    /// The network.
    pub network: String,
    /// Account record id of the author.
    pub author: String,
    /// X: `created_at` (`Thu Mar 05 17:05:22 +0000 2026`).
    pub created_at: Option<Timestamp>,
    /// The real text: entities decoded, short links expanded, trailing media links
    /// removed. X: `full_text` (G1–G3), `text` (G0), note tweet `core.text`.
    pub text: String,
    /// The original markup, when the source had markup (HTML).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// Title, for posts that have one (an article, a blog post). Mastodon: `name` of an
    /// `Article` or `Page`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Content warning shown before the text. Mastodon: `summary`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_warning: Option<String>,
    /// X: `lang`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Public URL of the post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The post this one answers. X: `in_reply_to_status_id_str`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    /// The account this one answers. X: `in_reply_to_user_id_str`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to_account: Option<String>,
    /// The post quoted. X: a `…/status/<id>` link in `entities.urls`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote_of: Option<String>,
    /// The post reposted. X: G0 `retweeted_status`; G1–G3 `source_status_id_str` of
    /// its media, or the account of `RT @user:` when the id is lost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repost_of: Option<String>,
    /// The author of the reposted post (account record id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repost_of_account: Option<String>,
    /// Who may see it.
    pub visibility: Visibility,
    /// `draft`, `pending`, `spam`, `trashed` (absent when published).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Media record ids, in order. X: `extended_entities.media`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<String>,
    /// X: `entities.urls`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// X: `entities.user_mentions`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<Mention>,
    /// Hashtags without `#`. X: `entities.hashtags`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Cashtags without `$`. X: `entities.symbols`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub symbols: Vec<String>,
    /// Rich-text formatting. X: note tweet `styletags`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub styles: Vec<Style>,
    /// The posting client. X: `source` (name of the HTML anchor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// Counters at export time (`likes`, `reposts`). X: `favorite_count`, `retweet_count`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metrics: BTreeMap<String, u64>,
    /// X: `possibly_sensitive`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive: Option<bool>,
    /// Community or group the post was made in. X: `community_id_str`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community: Option<String>,
    /// When the current text was last edited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited_at: Option<Timestamp>,
    /// Deletion marker. X: `deleted_at` of `deleted-tweets.js`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Timestamp>,
    /// Earlier versions, oldest first. X: the earlier tweets of `edit_info`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<PostVersion>,
    /// Times kept in their original form.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub raw_times: RawTimes,
    /// Where the record came from.
    pub source: Source,
    /// Unmapped fields, verbatim.
    #[serde(default, skip_serializing_if = "Ext::is_empty")]
    pub ext: Ext,
}

/// A photo, video, gif, audio or document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Media {
    /// `<network>:media:<native id>` (X: media `id_str`; a file no record names is
    /// identified by its path in the dump).
    pub id: String,
    /// The network.
    pub network: String,
    /// `photo`, `video`, `gif`, `audio`, `document`. X: `type` (`animated_gif` → `gif`).
    pub kind: String,
    /// MIME type of the stored file (or of the original when not stored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime: Option<String>,
    /// SHA-256 of the stored file; absent when the dump did not contain the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Size of the stored file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// Path inside the archive (`data/media/ab/<sha256>.jpg`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Path of the file in the dump.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_path: Option<String>,
    /// X: `ext_alt_text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt_text: Option<String>,
    /// Where the network served it. X: `media_url_https`, best video variant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_url: Option<String>,
    /// Record ids of the posts or messages it belongs to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attached_to: Vec<String>,
    /// True when the dump referenced the file but did not contain it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub missing: bool,
    /// Where the record came from.
    pub source: Source,
    /// Unmapped fields, verbatim (sizes, video variants, ...).
    #[serde(default, skip_serializing_if = "Ext::is_empty")]
    pub ext: Ext,
}

impl Media {
    /// The media `kind` of a MIME type: `gif`, `photo`, `video`, `audio`, else
    /// `document`.
    pub fn kind_of_mime(mime: &str) -> &'static str {
        if mime == "image/gif" {
            "gif"
        } else if mime.starts_with("image/") {
            "photo"
        } else if mime.starts_with("video/") {
            "video"
        } else if mime.starts_with("audio/") {
            "audio"
        } else {
            "document"
        }
    }

    /// Fill in the stored file: where it is in the archive, its checksum and size,
    /// where it was in the dump, and its type from the dump's file name.
    pub fn set_file(&mut self, original_path: String, sha256: String, bytes: u64, path: String) {
        self.mime = Some(crate::archive::mime_of(&original_path).into());
        self.sha256 = Some(sha256);
        self.bytes = Some(bytes);
        self.path = Some(path);
        self.original_path = Some(original_path);
        self.missing = false;
    }
}

/// A relationship between two accounts (or an account and a list).
///
/// Read it as "`subject` has `object` as its `kind`": `follower` (object follows
/// subject), `following` (subject follows object), `block`, `mute`, `connection`,
/// `list_member` (subject is a member of list object), `list_owner`, `list_subscriber`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Relationship {
    /// `<network>:relationship:<kind>/<subject native>/<object native>`.
    pub id: String,
    /// The network.
    pub network: String,
    /// See the type docs.
    pub kind: String,
    /// Account record id.
    pub subject: String,
    /// Account (or list) record id, or URL.
    pub object: String,
    /// When it began, if the dump says (X never does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Timestamp>,
    /// Times kept in their original form.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub raw_times: RawTimes,
    /// Where the record came from.
    pub source: Source,
    /// Unmapped fields, verbatim (X: `userLink`).
    #[serde(default, skip_serializing_if = "Ext::is_empty")]
    pub ext: Ext,
}

/// A like, favourite, bookmark, emoji reaction or vote.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Reaction {
    /// `<network>:reaction:<kind>/<actor native>/<target native>[/<key>]`.
    pub id: String,
    /// The network.
    pub network: String,
    /// `like`, `bookmark`, `emoji`, `vote`, ...
    pub kind: String,
    /// Account record id of who reacted.
    pub actor: String,
    /// Record id of the post or message reacted to.
    pub target: String,
    /// The emoji or reaction key, for emoji reactions. X DM: `reactionKey`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji: Option<String>,
    /// When, if the dump says (X likes have no date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// Text of the target as the dump shows it. X: `like.fullText`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_text: Option<String>,
    /// URL of the target. X: `like.expandedUrl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_url: Option<String>,
    /// Times kept in their original form.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub raw_times: RawTimes,
    /// Where the record came from.
    pub source: Source,
    /// Unmapped fields, verbatim.
    #[serde(default, skip_serializing_if = "Ext::is_empty")]
    pub ext: Ext,
}

/// An event in the life of a conversation: someone joined, left, renamed it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConversationEvent {
    /// `join`, `participants_join`, `leave`, `rename`, ...
    pub kind: String,
    /// Who did it (account record id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Who it concerned (account record ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<String>,
    /// The new name, for `rename`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Timestamp>,
}

/// A direct-message thread or group chat: always private.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    /// `<network>:conversation:<native id>`. X: `conversationId`.
    pub id: String,
    /// The network.
    pub network: String,
    /// Account record ids of everyone who took part.
    pub participants: Vec<String>,
    /// The latest name. X: `conversationNameUpdate.name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// True for a group conversation.
    #[serde(default, skip_serializing_if = "is_false")]
    pub group: bool,
    /// Joins, leaves, renames, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<ConversationEvent>,
    /// Number of messages in the conversation.
    pub message_count: u64,
    /// Where the record came from.
    pub source: Source,
    /// Unmapped fields, verbatim.
    #[serde(default, skip_serializing_if = "Ext::is_empty")]
    pub ext: Ext,
}

/// One message in a conversation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// `<network>:message:<native id>`. X: `messageCreate.id`.
    pub id: String,
    /// The network.
    pub network: String,
    /// Conversation record id.
    pub conversation: String,
    /// Account record id. X: `senderId`.
    pub sender: String,
    /// Account record ids of the addressees. X: `recipientId` (1:1 only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<String>,
    /// X: `createdAt`.
    pub sent_at: Option<Timestamp>,
    /// Text, entities decoded, short links expanded. X: `text`.
    pub text: String,
    /// Media record ids. X: `mediaUrls`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<String>,
    /// X: `urls`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// The message this one answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    /// True when the content is encrypted and could not be read (X "XChat").
    #[serde(default, skip_serializing_if = "is_false")]
    pub encrypted: bool,
    /// Earlier versions of the text. X: `editHistory`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<PostVersion>,
    /// Times kept in their original form.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub raw_times: RawTimes,
    /// Where the record came from.
    pub source: Source,
    /// Unmapped fields, verbatim.
    #[serde(default, skip_serializing_if = "Ext::is_empty")]
    pub ext: Ext,
}

/// Any record.
// Records are built once and moved straight to the sink: boxing would only add allocations.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Record {
    /// An account.
    Account(Account),
    /// A post.
    Post(Post),
    /// A media item.
    Media(Media),
    /// A relationship.
    Relationship(Relationship),
    /// A reaction.
    Reaction(Reaction),
    /// A conversation.
    Conversation(Conversation),
    /// A message.
    Message(Message),
}

impl Record {
    /// The record's kind.
    pub fn kind(&self) -> Kind {
        match self {
            Record::Account(_) => Kind::Account,
            Record::Post(_) => Kind::Post,
            Record::Media(_) => Kind::Media,
            Record::Relationship(_) => Kind::Relationship,
            Record::Reaction(_) => Kind::Reaction,
            Record::Conversation(_) => Kind::Conversation,
            Record::Message(_) => Kind::Message,
        }
    }

    /// The record's id.
    pub fn id(&self) -> &str {
        match self {
            Record::Account(r) => &r.id,
            Record::Post(r) => &r.id,
            Record::Media(r) => &r.id,
            Record::Relationship(r) => &r.id,
            Record::Reaction(r) => &r.id,
            Record::Conversation(r) => &r.id,
            Record::Message(r) => &r.id,
        }
    }

    /// Give the record another id (a derived one, when its own is taken).
    pub(crate) fn set_id(&mut self, id: String) {
        match self {
            Record::Account(r) => r.id = id,
            Record::Post(r) => r.id = id,
            Record::Media(r) => r.id = id,
            Record::Relationship(r) => r.id = id,
            Record::Reaction(r) => r.id = id,
            Record::Conversation(r) => r.id = id,
            Record::Message(r) => r.id = id,
        }
    }

    /// The record's unmapped fields.
    pub(crate) fn ext_mut(&mut self) -> &mut Ext {
        match self {
            Record::Account(r) => &mut r.ext,
            Record::Post(r) => &mut r.ext,
            Record::Media(r) => &mut r.ext,
            Record::Relationship(r) => &mut r.ext,
            Record::Reaction(r) => &mut r.ext,
            Record::Conversation(r) => &mut r.ext,
            Record::Message(r) => &mut r.ext,
        }
    }

    /// Where the record came from, as `entry#index` (`entry` for a whole entry) and
    /// its pointer inside that item.
    pub fn source_location(&self) -> String {
        let s = match self {
            Record::Account(r) => &r.source,
            Record::Post(r) => &r.source,
            Record::Media(r) => &r.source,
            Record::Relationship(r) => &r.source,
            Record::Reaction(r) => &r.source,
            Record::Conversation(r) => &r.source,
            Record::Message(r) => &r.source,
        };
        let mut l = s.entry.clone();
        if let Some(i) = s.index {
            l.push_str(&format!("#{i}"));
        }
        if let Some(p) = &s.pointer {
            l.push_str(p);
        }
        l
    }

    /// Serialise as one JSON line (no newline).
    pub fn to_json(&self) -> String {
        let r = match self {
            Record::Account(r) => serde_json::to_string(r),
            Record::Post(r) => serde_json::to_string(r),
            Record::Media(r) => serde_json::to_string(r),
            Record::Relationship(r) => serde_json::to_string(r),
            Record::Reaction(r) => serde_json::to_string(r),
            Record::Conversation(r) => serde_json::to_string(r),
            Record::Message(r) => serde_json::to_string(r),
        };
        // Serialising these types cannot fail: every map key is a string.
        r.unwrap_or_default()
    }

    /// Parse one JSON line of the given kind.
    pub fn from_json(kind: Kind, line: &str) -> Result<Record, String> {
        let e = |e: serde_json::Error| e.to_string();
        Ok(match kind {
            Kind::Account => Record::Account(serde_json::from_str(line).map_err(e)?),
            Kind::Post => Record::Post(serde_json::from_str(line).map_err(e)?),
            Kind::Media => Record::Media(serde_json::from_str(line).map_err(e)?),
            Kind::Relationship => Record::Relationship(serde_json::from_str(line).map_err(e)?),
            Kind::Reaction => Record::Reaction(serde_json::from_str(line).map_err(e)?),
            Kind::Conversation => Record::Conversation(serde_json::from_str(line).map_err(e)?),
            Kind::Message => Record::Message(serde_json::from_str(line).map_err(e)?),
        })
    }
}
