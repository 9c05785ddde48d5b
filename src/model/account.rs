//! Accounts: the owner of the dump and every other identity in it.

use super::*;

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
