//! The social graph: relationships between accounts, reactions to posts.

use super::*;

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
