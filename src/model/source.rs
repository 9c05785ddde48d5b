//! Where in the dump a record came from.

use super::*;

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
