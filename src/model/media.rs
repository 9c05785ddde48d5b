//! Media files: pictures, videos, sounds, documents.

use super::*;

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
