//! What WordPress's importer (and lifeboat's reader) makes of what is written: the
//! fields each element carries, and records read back to compare.

use super::*;

/// Item fields written from a WordPress post's `ext` by name.
pub(super) const ITEM_KNOWN: &[&str] = &[
    "pubDate",
    "guid",
    "description",
    "excerpt",
    "post_id",
    "post_date",
    "post_date_gmt",
    "post_modified",
    "post_modified_gmt",
    "comment_status",
    "ping_status",
    "post_name",
    "status",
    "post_parent",
    "menu_order",
    "post_type",
    "post_password",
    "is_sticky",
    "terms",
    "postmeta",
    "creator",
];

pub(super) const COMMENT_KNOWN: &[&str] = &[
    "comment_author",
    "comment_author_email",
    "comment_author_url",
    "comment_author_IP",
    "comment_date",
    "comment_approved",
    "comment_type",
    "comment_user_id",
    "commentmeta",
    "links_to",
    "parent_missing",
];

pub(super) const ATTACHMENT_KNOWN: &[&str] = &[
    "title",
    "link",
    "pubDate",
    "creator",
    "guid",
    "description",
    "caption",
    "post_id",
    "post_date",
    "post_date_gmt",
    "comment_status",
    "ping_status",
    "status",
    "post_name",
    "menu_order",
    "post_type",
    "post_password",
    "is_sticky",
    "postmeta",
];

pub(super) fn as_list(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    }
}

pub(super) fn ext_map(e: &crate::model::Ext) -> Map<String, Value> {
    match serde_json::to_value(e) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// HTML entities in a title or name, as the reader decodes them.
pub(super) fn decode(s: &str) -> String {
    crate::read::text::decode_entities(s.trim()).into_owned()
}

/// The reader's time of a written WXR date (and its spelling in `raw_times`).
pub(super) fn read_time(b: &mut Post, written: &str, keep_raw: bool) {
    let (t, raw) = crate::read::blog::time(Some(written));
    b.created_at = t;
    b.raw_times.remove("created_at");
    if keep_raw {
        if let Some(r) = raw {
            b.raw_times.insert("created_at".into(), r);
        }
    }
    b.raw_times.retain(|k, _| k == "created_at");
}

pub(super) fn modified_back(
    pext: &Map<String, Value>,
    p: &Post,
    b: &Post,
) -> Option<crate::model::Timestamp> {
    let written = match pext.get("post_modified_gmt") {
        Some(Value::String(s)) => Some(s.clone()),
        _ => p.edited_at.as_ref().map(sql_time),
    };
    let (m, _) = crate::read::blog::time(written.as_deref());
    m.filter(|m| Some(*m) != b.created_at)
}

/// The reader's text, HTML and links of a written body.
pub(super) fn set_body(b: &mut Post, content: &str, _comment: bool) {
    b.text = String::new();
    b.html = None;
    b.links.clear();
    crate::read::blog::set_body(b, content.to_string());
}

/// A WordPress commenter's or linking site's account (`…/guest/…`, `…/site/…`).
pub(super) fn wr_commenter(id: &str) -> bool {
    let n = native(id);
    n.contains("/guest/") || n.contains("/site/")
}

/// What the reader makes of an attachment.
pub(super) fn media_back(
    m: &Media,
    url: &str,
    post: &str,
    ext: Map<String, Value>,
    alt: Option<String>,
) -> Media {
    let mut b = m.clone();
    b.network = network_of(&m.id).to_string();
    b.kind = crate::import::wordpress::media_kind(url).to_string();
    b.mime = Some(crate::archive::mime_of(url).to_string());
    b.sha256 = None;
    b.bytes = None;
    b.path = None;
    b.original_path = None;
    b.original_url = Some(url.to_string());
    b.missing = true;
    b.attached_to = vec![post.to_string()];
    b.alt_text = alt;
    b.ext = crate::model::Ext::from_map(ext);
    b
}
