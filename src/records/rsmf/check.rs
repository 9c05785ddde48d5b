//! Checking RSMF files at their three layers, as Relativity's validator does
//! (`../shared/reference/outputs/rsmf.md` §2.4): errors make a file unusable (schema
//! violations, a second attachment at the EML layer), warnings are references that do
//! not resolve (a missing avatar, an unknown participant, an undefined property).

use std::collections::HashSet;
use std::io::Read;

use serde_json::Value;

/// The outcome of a check.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validation {
    /// Problems that make the file invalid.
    pub errors: Vec<String>,
    /// Problems a review platform tolerates.
    pub warnings: Vec<String>,
}

impl Validation {
    /// No error (warnings allowed).
    pub fn valid(&self) -> bool {
        self.errors.is_empty()
    }
}

fn b64_value(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    } as u32)
}

/// Decode base64, ignoring whitespace; `None` on any other byte outside the alphabet.
pub(crate) fn base64_decode(s: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for &c in s {
        if c.is_ascii_whitespace() {
            continue;
        }
        if c == b'=' {
            break;
        }
        acc = (acc << 6) | b64_value(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Headers of a MIME entity (unfolded), and where its body starts.
fn headers(text: &str) -> (Vec<(String, String)>, usize) {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        pos += line.len();
        let l = line.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            return (out, pos);
        }
        if l.starts_with([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.1.push(' ');
                last.1.push_str(l.trim());
            }
            continue;
        }
        if let Some((k, v)) = l.split_once(':') {
            out.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    (out, text.len())
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
    h.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// A parameter of a header value (`boundary="X"`, `filename=rsmf.zip`).
fn param(v: &str, name: &str) -> Option<String> {
    v.split(';').skip(1).find_map(|p| {
        let (k, val) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| val.trim().trim_matches('"').to_string())
    })
}

/// Check a whole `.rsmf` file: the EML layer, the zip, and the manifest.
pub fn validate_rsmf(bytes: &[u8]) -> Validation {
    let mut v = Validation::default();
    let text = String::from_utf8_lossy(bytes);
    let (top, body_at) = headers(&text);
    let version = header(&top, "X-RSMF-Version").map(str::to_string);
    if version.is_none() {
        v.errors.push("EML: no X-RSMF-Version header".into());
    }
    if !bytes.is_ascii() {
        v.warnings.push("EML: the message is not 7-bit".into());
    }
    let Some(boundary) = header(&top, "Content-Type").and_then(|c| param(c, "boundary")) else {
        v.errors.push("EML: not a multipart message".into());
        return v;
    };
    let delim = format!("--{boundary}");
    let body = &text[body_at.min(text.len())..];
    let mut attachments: Vec<(Option<String>, Vec<u8>)> = Vec::new();
    for part in body.split(&delim).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let part = part.trim_start_matches(['\r', '\n']);
        let (h, at) = headers(part);
        let disp = header(&h, "Content-Disposition").unwrap_or("");
        let name = param(disp, "filename")
            .or_else(|| header(&h, "Content-Type").and_then(|c| param(c, "name")));
        if disp.to_ascii_lowercase().starts_with("attachment") {
            let raw = &part.as_bytes()[at.min(part.len())..];
            let data = if header(&h, "Content-Transfer-Encoding")
                .is_some_and(|e| e.eq_ignore_ascii_case("base64"))
            {
                base64_decode(raw).unwrap_or_default()
            } else {
                raw.to_vec()
            };
            attachments.push((name, data));
        }
    }
    if attachments.len() != 1 {
        v.errors.push(format!(
            "EML: {} attachments; exactly one, rsmf.zip, is allowed",
            attachments.len()
        ));
    }
    let Some((_, zip_bytes)) = attachments
        .iter()
        .find(|(n, _)| n.as_deref() == Some("rsmf.zip"))
    else {
        v.errors.push("EML: no rsmf.zip attachment".into());
        return v;
    };
    let z = validate_rsmf_zip(zip_bytes, version.as_deref());
    v.errors.extend(z.errors);
    v.warnings.extend(z.warnings);
    v
}

/// Check an `rsmf.zip` (the zip and manifest layers); `version`, when given, is the
/// EML layer's `X-RSMF-Version`, which the manifest must repeat.
pub fn validate_rsmf_zip(zip_bytes: &[u8], version: Option<&str>) -> Validation {
    let mut v = Validation::default();
    let mut z = match zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)) {
        Ok(z) => z,
        Err(e) => {
            v.errors.push(format!("zip: rsmf.zip is not a zip: {e}"));
            return v;
        }
    };
    let names: HashSet<String> = z.file_names().map(str::to_string).collect();
    let mut manifest = String::new();
    match z.by_name("rsmf_manifest.json") {
        Ok(mut f) => {
            if f.read_to_string(&mut manifest).is_err() {
                v.errors.push("zip: rsmf_manifest.json is not UTF-8".into());
                return v;
            }
        }
        Err(_) => {
            v.errors
                .push("zip: no rsmf_manifest.json at its root".into());
            return v;
        }
    }
    let m: Value = match serde_json::from_str(&manifest) {
        Ok(m) => m,
        Err(e) => {
            v.errors.push(format!("manifest: not JSON: {e}"));
            return v;
        }
    };
    if let (Some(h), Some(mv)) = (version, m.get("version").and_then(Value::as_str)) {
        if h != mv {
            v.errors.push(format!(
                "EML: X-RSMF-Version {h} differs from the manifest's version {mv}"
            ));
        }
    }
    let mv = validate_manifest(&m, Some(&names));
    v.errors.extend(mv.errors);
    v.warnings.extend(mv.warnings);
    v
}

fn nonempty_str(v: Option<&Value>) -> bool {
    v.and_then(Value::as_str).is_some_and(|s| !s.is_empty())
}

fn check_custom(v: &mut Validation, at: &str, c: Option<&Value>) {
    let Some(c) = c else { return };
    let Some(a) = c.as_array() else {
        v.errors.push(format!("{at}.custom is not an array"));
        return;
    };
    for (i, p) in a.iter().enumerate() {
        if !nonempty_str(p.get("name")) {
            v.errors
                .push(format!("{at}.custom[{i}].name is missing or empty"));
        }
        match p.get("value") {
            Some(Value::String(s)) if s.is_empty() => v
                .errors
                .push(format!("{at}.custom[{i}].value is an empty string")),
            Some(Value::String(_)) | Some(Value::Number(_)) | Some(Value::Bool(_)) => {}
            _ => v
                .errors
                .push(format!("{at}.custom[{i}].value is missing or not a scalar")),
        }
    }
}

fn undefined(v: &mut Validation, at: &str, o: &serde_json::Map<String, Value>, known: &[&str]) {
    for k in o.keys() {
        if !known.contains(&k.as_str()) {
            v.warnings
                .push(format!("{at}: undefined property {k:?} (put it in custom)"));
        }
    }
}

/// An RFC 3339 / ISO 8601 date-time as JSON Schema's `date-time` format wants it
/// (an offset or `Z` included).
fn is_date_time(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

/// Check a manifest against the RSMF 1.0/2.0 schema rules and its references; with
/// `files`, the files of its zip.
pub fn validate_manifest(m: &Value, files: Option<&HashSet<String>>) -> Validation {
    let mut v = Validation::default();
    let Some(top) = m.as_object() else {
        v.errors.push("manifest: not an object".into());
        return v;
    };
    let version = top.get("version").and_then(Value::as_str).unwrap_or("");
    if version.len() < 5 {
        v.errors
            .push("manifest: version is missing or shorter than 5 characters".into());
    }
    let v1 = version.starts_with("1.");
    for k in ["participants", "conversations", "events"] {
        if !top.get(k).is_some_and(Value::is_array) {
            v.errors
                .push(format!("manifest: {k} is missing or not an array"));
        }
    }
    undefined(
        &mut v,
        "manifest",
        top,
        &[
            "version",
            "participants",
            "conversations",
            "events",
            "eventcollectionid",
        ],
    );
    let arr = |k: &str| {
        top.get(k)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let file_ok = |v: &mut Validation, at: &str, name: &str| {
        if let Some(f) = files {
            if !f.contains(name) {
                v.warnings
                    .push(format!("{at}: file {name:?} is not in rsmf.zip"));
            }
        }
    };
    let mut pids: HashSet<String> = HashSet::new();
    for (i, p) in arr("participants").iter().enumerate() {
        let at = format!("participants[{i}]");
        let Some(o) = p.as_object() else {
            v.errors.push(format!("{at} is not an object"));
            continue;
        };
        match o.get("id") {
            Some(Value::String(s)) if !s.is_empty() => {
                if !pids.insert(s.clone()) {
                    v.errors.push(format!("{at}.id {s:?} is not unique"));
                }
            }
            Some(other) => v
                .errors
                .push(format!("{at}.id must be a non-empty string, not {other}")),
            None => v.errors.push(format!("{at} has no id")),
        }
        if v1 && !o.get("display").is_some_and(Value::is_string) {
            v.errors.push(format!("{at} has no display (1.0)"));
        }
        if let Some(e) = o.get("email") {
            if !e.as_str().is_some_and(|e| e.contains('@')) {
                v.errors
                    .push(format!("{at}.email is not an e-mail address"));
            }
        }
        if let Some(a) = o.get("avatar") {
            match a.as_str() {
                Some(name) => file_ok(&mut v, &at, name),
                None => v.errors.push(format!("{at}.avatar is not a string")),
            }
        }
        check_custom(&mut v, &at, o.get("custom"));
        let mut known = vec!["id", "display", "email", "avatar", "custom"];
        if !v1 {
            known.push("account_id");
        }
        undefined(&mut v, &at, o, &known);
    }
    let mut cids: HashSet<String> = HashSet::new();
    for (i, c) in arr("conversations").iter().enumerate() {
        let at = format!("conversations[{i}]");
        let Some(o) = c.as_object() else {
            v.errors.push(format!("{at} is not an object"));
            continue;
        };
        match o.get("id").and_then(Value::as_str) {
            Some(s) if !s.is_empty() => {
                cids.insert(s.to_string());
            }
            _ => v.errors.push(format!("{at}.id is missing or not a string")),
        }
        if !o.get("platform").is_some_and(Value::is_string) {
            v.errors.push(format!("{at}.platform is missing"));
        }
        if v1 {
            for k in ["display", "type", "participants"] {
                if !o.contains_key(k) {
                    v.errors.push(format!("{at}.{k} is missing (1.0)"));
                }
            }
        }
        if let Some(t) = o.get("type") {
            if !matches!(t.as_str(), Some("direct") | Some("channel")) {
                v.errors
                    .push(format!("{at}.type must be direct or channel"));
            }
        }
        for p in o
            .get("participants")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            match p.as_str() {
                Some(s) if pids.contains(s) => {}
                Some(s) => v
                    .warnings
                    .push(format!("{at}: participant {s:?} is not a participant")),
                None => v
                    .errors
                    .push(format!("{at}.participants holds a non-string")),
            }
        }
        if let Some(cu) = o.get("custodian").and_then(Value::as_str) {
            if !pids.contains(cu) {
                v.warnings
                    .push(format!("{at}: custodian {cu:?} is not a participant"));
            }
        }
        if let Some(icon) = o.get("icon").and_then(Value::as_str) {
            file_ok(&mut v, &at, icon);
        }
        check_custom(&mut v, &at, o.get("custom"));
        let mut known = vec![
            "id",
            "display",
            "platform",
            "type",
            "participants",
            "custom",
        ];
        if !v1 {
            known.extend(["custodian", "icon"]);
        }
        undefined(&mut v, &at, o, &known);
    }
    // event ids by conversation, for parents
    let events = arr("events");
    let mut eids: HashSet<(String, String)> = HashSet::new();
    for e in &events {
        if let (Some(id), Some(c)) = (
            e.get("id").and_then(Value::as_str),
            e.get("conversation").and_then(Value::as_str),
        ) {
            eids.insert((c.to_string(), id.to_string()));
        }
    }
    let types: &[&str] = if v1 {
        &["message", "disclaimer", "join", "leave"]
    } else {
        &[
            "message",
            "disclaimer",
            "join",
            "leave",
            "history",
            "unknown",
        ]
    };
    for (i, e) in events.iter().enumerate() {
        let at = format!("events[{i}]");
        let Some(o) = e.as_object() else {
            v.errors.push(format!("{at} is not an object"));
            continue;
        };
        match o.get("type").and_then(Value::as_str) {
            Some(t) if types.contains(&t) => {}
            _ => v.errors.push(format!("{at}.type is missing or unknown")),
        }
        if v1 {
            for k in ["participant", "conversation", "timestamp"] {
                if !o.contains_key(k) {
                    v.errors.push(format!("{at}.{k} is missing (1.0)"));
                }
            }
        }
        if let Some(p) = o.get("participant") {
            match p.as_str() {
                Some(s) if pids.contains(s) => {}
                Some(s) => v
                    .warnings
                    .push(format!("{at}: participant {s:?} is not a participant")),
                None => v.errors.push(format!("{at}.participant is not a string")),
            }
        }
        let conv = o.get("conversation").and_then(Value::as_str);
        if let Some(c) = conv {
            if !cids.contains(c) {
                v.warnings
                    .push(format!("{at}: conversation {c:?} is not a conversation"));
            }
        }
        if let Some(t) = o.get("timestamp") {
            match t.as_str() {
                Some(s) if is_date_time(s) => {}
                // a local time without offset: readable, but ambiguous
                Some(s)
                    if chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").is_ok() =>
                {
                    v.warnings
                        .push(format!("{at}.timestamp {s:?} has no UTC offset"))
                }
                _ => v
                    .errors
                    .push(format!("{at}.timestamp is not an ISO 8601 date-time")),
            }
        }
        if let Some(p) = o.get("parent").and_then(Value::as_str) {
            if !eids.contains(&(conv.unwrap_or("").to_string(), p.to_string())) {
                v.warnings.push(format!(
                    "{at}: parent {p:?} is not an event of its conversation"
                ));
            }
        }
        if let Some(d) = o.get("deleted") {
            if !d.is_boolean() {
                v.errors.push(format!("{at}.deleted is not a boolean"));
            }
        }
        if let Some(d) = o.get("direction") {
            if !matches!(d.as_str(), Some("incoming") | Some("outgoing")) {
                v.errors
                    .push(format!("{at}.direction must be incoming or outgoing"));
            }
        }
        if let Some(d) = o.get("importance") {
            if !matches!(d.as_str(), Some("normal") | Some("high")) {
                v.errors
                    .push(format!("{at}.importance must be normal or high"));
            }
        }
        for (j, a) in o
            .get("attachments")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            match a.get("id").and_then(Value::as_str) {
                Some(name) if !name.is_empty() => {
                    file_ok(&mut v, &format!("{at}.attachments[{j}]"), name)
                }
                _ => v
                    .errors
                    .push(format!("{at}.attachments[{j}].id is missing")),
            }
        }
        for (j, r) in o
            .get("reactions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let n = r
                .get("value")
                .and_then(Value::as_str)
                .map(|s| s.chars().count())
                .unwrap_or(0);
            if !(1..=30).contains(&n) {
                v.errors.push(format!(
                    "{at}.reactions[{j}].value must be 1 to 30 characters"
                ));
            }
            for p in r
                .get("participants")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if !p.as_str().is_some_and(|s| pids.contains(s)) {
                    v.warnings
                        .push(format!("{at}.reactions[{j}]: {p} is not a participant"));
                }
            }
        }
        for (j, ed) in o
            .get("edits")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            match ed.get("participant").and_then(Value::as_str) {
                Some(s) if pids.contains(s) => {}
                Some(s) => v.warnings.push(format!(
                    "{at}.edits[{j}]: participant {s:?} is not a participant"
                )),
                None => v
                    .errors
                    .push(format!("{at}.edits[{j}].participant is missing")),
            }
            if v1 && ed.get("timestamp").is_none() {
                v.errors
                    .push(format!("{at}.edits[{j}].timestamp is missing (1.0)"));
            }
        }
        check_custom(&mut v, &at, o.get("custom"));
        let mut known = vec![
            "type",
            "id",
            "parent",
            "participant",
            "conversation",
            "timestamp",
            "body",
            "deleted",
            "importance",
            "reactions",
            "attachments",
            "edits",
            "custom",
        ];
        if !v1 {
            known.extend(["direction", "read_receipts"]);
        }
        undefined(&mut v, &at, o, &known);
    }
    v
}
