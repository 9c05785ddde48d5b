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

mod account;
mod conversation;
mod ext;
mod graph;
mod iri;
mod media;
mod post;
mod source;
mod time;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use account::{Account, HandleChange};
pub use conversation::{Conversation, ConversationEvent, Message};
pub use ext::Ext;
pub use graph::{Reaction, Relationship};
pub(crate) use iri::twitter_iri;
pub use iri::{record_of_iri, tag_iri, TAG_PREFIX};
pub use media::Media;
pub use post::{Link, Mention, Post, PostVersion, Style, Visibility};
pub use source::Source;
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

/// The seven record kinds. Their names are part of the public contract (DESIGN.md §2),
/// so the enum is exhaustive on purpose: a new kind would be a new major version.
///
/// A `Kind` orders, hashes and borrows as its name, so a map keyed by kind (the
/// report's `records`) reads the same by `Kind::Post` or by `"post"`, and lists its
/// kinds in the order of their names, as the JSON report always has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

impl Ord for Kind {
    fn cmp(&self, other: &Kind) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Kind {
    fn partial_cmp(&self, other: &Kind) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::hash::Hash for Kind {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl std::borrow::Borrow<str> for Kind {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Kind {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Kind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::str::FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Kind, String> {
        Kind::from_name(s).ok_or_else(|| format!("not a record kind: {s:?}"))
    }
}

/// Times whose source string was not already RFC 3339 UTC, by field name.
pub type RawTimes = BTreeMap<String, String>;

fn is_false(b: &bool) -> bool {
    !*b
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
