//! The published JSON Schema of the records (`lifeboat schema`).

use serde_json::{json, Value};

fn s() -> Value {
    json!({"type": "string"})
}
fn os() -> Value {
    json!({"type": ["string", "null"]})
}
fn time() -> Value {
    json!({"type": ["string", "null"], "format": "date-time", "description": "UTC, RFC 3339"})
}
fn arr(v: Value) -> Value {
    json!({"type": "array", "items": v})
}
fn id(kind: &str) -> Value {
    json!({"type": "string", "pattern": format!("^[a-z0-9]+:{kind}:.+$"),
           "description": format!("<network>:{kind}:<native id>")})
}
fn common(kind: &str, mut props: serde_json::Map<String, Value>, required: &[&str]) -> Value {
    props.insert("id".into(), id(kind));
    props.insert("network".into(), s());
    props.insert(
        "source".into(),
        json!({"type": "object", "properties": {"entry": s(), "index": {"type": ["integer", "null"]}, "pointer": os(),
               "absent_since": os(), "last_seen_in": os()},
               "required": ["entry"], "description": "where in the dump the record came from"}),
    );
    props.insert(
        "ext".into(),
        json!({"type": "object", "description": "every source field the model does not map, verbatim"}),
    );
    props.insert(
        "raw_times".into(),
        json!({"type": "object", "additionalProperties": {"type": "string"},
               "description": "original strings of times that were not RFC 3339 UTC, by field"}),
    );
    let mut req: Vec<&str> = vec!["id", "network", "source"];
    req.extend_from_slice(required);
    json!({"type": "object", "properties": props, "required": req})
}

fn props(pairs: &[(&str, Value)]) -> serde_json::Map<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// The JSON Schema (draft 2020-12) of every record kind, as pretty-printed JSON text
/// (what `lifeboat schema` prints and `schema/records.schema.json` holds).
pub fn schema() -> String {
    serde_json::to_string_pretty(&schema_value()).unwrap_or_default()
}

pub(crate) fn schema_value() -> Value {
    let version = json!({"type": "object", "properties": {
        "native_id": os(), "text": s(), "created_at": time(), "media": arr(s()),
        "source": {"type": ["object", "null"]}}});
    let link = json!({"type": "object", "properties": {"url": s(), "short_url": os(), "display": os()}, "required": ["url"]});
    let vis = json!({"enum": ["public", "unlisted", "followers", "private", "direct", "unknown"]});
    let account = common(
        "account",
        props(&[
            ("handle", os()),
            ("display_name", os()),
            ("url", os()),
            ("is_owner", json!({"type": "boolean"})),
            ("created_at", time()),
            ("bio", os()),
            ("location", os()),
            ("website", os()),
            ("avatar_url", os()),
            ("header_url", os()),
            ("verified", json!({"type": ["boolean", "null"]})),
            ("protected", json!({"type": ["boolean", "null"]})),
            (
                "handle_history",
                arr(
                    json!({"type": "object", "properties": {"from": os(), "to": os(), "changed_at": time()}}),
                ),
            ),
        ]),
        &[],
    );
    let post = common(
        "post",
        props(&[
            ("author", s()),
            ("created_at", time()),
            ("text", s()),
            ("html", os()),
            ("lang", os()),
            ("url", os()),
            ("reply_to", os()),
            ("reply_to_account", os()),
            ("quote_of", os()),
            ("repost_of", os()),
            ("repost_of_account", os()),
            ("visibility", vis.clone()),
            (
                "status",
                json!({"enum": ["draft", "pending", "scheduled", "spam", "trashed", null]}),
            ),
            ("media", arr(s())),
            ("links", arr(link.clone())),
            (
                "mentions",
                arr(
                    json!({"type": "object", "properties": {"handle": s(), "account": os(), "display_name": os()}}),
                ),
            ),
            ("tags", arr(s())),
            ("symbols", arr(s())),
            (
                "styles",
                arr(
                    json!({"type": "object", "properties": {"style": s(), "start": {"type": "integer"}, "end": {"type": "integer"}}}),
                ),
            ),
            ("client", os()),
            (
                "metrics",
                json!({"type": "object", "additionalProperties": {"type": "integer"}}),
            ),
            ("sensitive", json!({"type": ["boolean", "null"]})),
            ("title", os()),
            ("content_warning", os()),
            ("community", os()),
            ("edited_at", time()),
            ("deleted_at", time()),
            ("history", arr(version.clone())),
        ]),
        &["author", "text", "visibility"],
    );
    let media = common(
        "media",
        props(&[
            (
                "kind",
                json!({"enum": ["photo", "video", "gif", "audio", "document"]}),
            ),
            ("mime", os()),
            (
                "sha256",
                json!({"type": ["string", "null"], "pattern": "^[0-9a-f]{64}$"}),
            ),
            ("bytes", json!({"type": ["integer", "null"]})),
            ("path", os()),
            ("original_path", os()),
            ("alt_text", os()),
            ("original_url", os()),
            ("attached_to", arr(s())),
            ("missing", json!({"type": "boolean"})),
        ]),
        &["kind"],
    );
    let rel = common(
        "relationship",
        props(&[
            (
                "kind",
                json!({"type": "string", "examples": ["follower", "following", "block", "mute", "connection", "list_member", "list_owner", "list_subscriber"]}),
            ),
            ("subject", s()),
            ("object", s()),
            ("since", time()),
        ]),
        &["kind", "subject", "object"],
    );
    let reaction = common(
        "reaction",
        props(&[
            (
                "kind",
                json!({"type": "string", "examples": ["like", "bookmark", "emoji", "vote"]}),
            ),
            ("actor", s()),
            ("target", s()),
            ("emoji", os()),
            ("created_at", time()),
            ("target_text", os()),
            ("target_url", os()),
        ]),
        &["kind", "actor", "target"],
    );
    let conv = common(
        "conversation",
        props(&[
            ("participants", arr(s())),
            ("title", os()),
            ("group", json!({"type": "boolean"})),
            (
                "events",
                arr(
                    json!({"type": "object", "properties": {"kind": s(), "actor": os(), "accounts": arr(s()), "name": os(), "at": time()}}),
                ),
            ),
            ("message_count", json!({"type": "integer"})),
        ]),
        &["participants"],
    );
    let msg = common(
        "message",
        props(&[
            ("conversation", s()),
            ("sender", s()),
            ("recipients", arr(s())),
            ("sent_at", time()),
            ("text", s()),
            ("media", arr(s())),
            ("links", arr(link)),
            ("reply_to", os()),
            ("encrypted", json!({"type": "boolean"})),
            ("history", arr(version)),
        ]),
        &["conversation", "sender", "text"],
    );
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("https://lifeboat.invalid/schema/{}/records.json", crate::model::SCHEMA_VERSION),
        "title": "lifeboat records",
        "description": "One JSON object per line in data/records/<kind>s.jsonl of a lifeboat archive.",
        "schema_version": crate::model::SCHEMA_VERSION,
        "$defs": {
            "account": account, "post": post, "media": media, "relationship": rel,
            "reaction": reaction, "conversation": conv, "message": msg
        },
        "oneOf": [
            {"$ref": "#/$defs/account"}, {"$ref": "#/$defs/post"}, {"$ref": "#/$defs/media"},
            {"$ref": "#/$defs/relationship"}, {"$ref": "#/$defs/reaction"},
            {"$ref": "#/$defs/conversation"}, {"$ref": "#/$defs/message"}
        ]
    })
}
