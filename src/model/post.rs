//! Posts, their audience, links, mentions, styles and earlier versions.

use super::*;

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
    /// `draft`, `pending`, `scheduled` (to be published later), `spam`, `trashed` (absent
    /// when published).
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
