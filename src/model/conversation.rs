//! Direct conversations and their messages.

use super::*;

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
