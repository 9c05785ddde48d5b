//! Reading the JSON files: items one by one, whole files, what is kept raw, and the
//! value helpers (times in seconds or milliseconds, text, stable hashes).

use super::*;

impl Meta {
    /// Stream the items of an entry: a top-level array, or the array under one of
    /// `keys` of a top-level object. Every item is parsed, its mojibake repaired, and
    /// handed to `f`; malformed items are skipped as `kind`. Returns the number of
    /// items and the object's other members (parsed and repaired).
    pub(super) fn items(
        &mut self,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
        kind: Kind,
        keys: &[&str],
        f: &mut dyn FnMut(&mut Meta, Value, Source, &mut Context) -> Result<()>,
    ) -> Result<(u64, Vec<(String, Value)>)> {
        let first = keys.first().copied().unwrap_or("");
        let mut items = JsonItems::at_key(r, cx.limits, first);
        let mut n = 0u64;
        loop {
            let index = n;
            match items.next() {
                None => break,
                Some(Err(ItemError::Io(err))) => return Err(Error::io(&e.name, err)),
                Some(Err(err)) => {
                    n += 1;
                    cx.report
                        .skipped(kind, err.to_string(), format!("{}#{index}", e.name));
                    if !err.recoverable() {
                        cx.report
                            .unreadable(&e.name, items.position(), err.to_string());
                        break;
                    }
                }
                Some(Ok(bytes)) => {
                    n += 1;
                    match parse(bytes, cx) {
                        Ok(v) => f(self, v, Source::at(&e.name, index), cx)?,
                        Err(m) => cx.report.skipped(kind, m, format!("{}#{index}", e.name)),
                    }
                }
            }
        }
        let raw: Vec<(String, Vec<u8>)> = items.others().to_vec();
        let mut others = Vec::new();
        for (k, bytes) in raw {
            let v = match parse(&bytes, cx) {
                Ok(v) => v,
                Err(m) => {
                    cx.report
                        .skipped(kind, format!("{k}: {m}"), format!("{}#{k}", e.name));
                    continue;
                }
            };
            if keys.iter().skip(1).any(|x| *x == k) {
                if let Value::Array(a) = v {
                    for item in a {
                        let index = n;
                        n += 1;
                        f(self, item, Source::at(&e.name, index), cx)?;
                    }
                    continue;
                }
            }
            others.push((k, v));
        }
        Ok((n, others))
    }

    /// Read a whole (small) JSON entry, repaired; `None` (skipped) when it is too large
    /// or not JSON.
    pub(super) fn whole(
        &mut self,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
        kind: Kind,
    ) -> Result<Option<Value>> {
        let max = cx.limits.max_record_bytes;
        let mut bytes = Vec::new();
        r.take(max.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|err| Error::io(&e.name, err))?;
        if bytes.len() as u64 > max {
            std::io::copy(r, &mut std::io::sink()).map_err(|err| Error::io(&e.name, err))?;
            cx.report.skipped(
                kind,
                format!("larger than the record limit of {max} bytes"),
                &e.name,
            );
            return Ok(None);
        }
        match parse(&bytes, cx) {
            Ok(v) => Ok(Some(v)),
            Err(m) => {
                cx.report.skipped(kind, m, &e.name);
                Ok(None)
            }
        }
    }

    /// Keep an item that could not be mapped, verbatim.
    pub(super) fn keep(
        &mut self,
        kind: Kind,
        src: &Source,
        reason: &str,
        v: &Value,
        cx: &mut Context,
    ) -> Result<()> {
        cx.report.kept_raw(kind);
        let raw = serde_json::to_vec(v).unwrap_or_default();
        cx.sink.keep_raw(
            kind,
            &format!("{}#{}", src.entry, src.index.unwrap_or(0)),
            reason,
            &raw,
        )
    }
}

/// Parse an item and repair its mojibake, counting repairs.
pub(super) fn parse(bytes: &[u8], cx: &mut Context) -> std::result::Result<Value, String> {
    let mut bad_utf8 = false;
    let mut v = parse_value(bytes, &mut bad_utf8)?;
    if bad_utf8 {
        cx.report.repair("invalid_utf8");
    }
    let n = mojibake::repair_value(&mut v);
    if n > 0 {
        *cx.report.repairs.entry("mojibake".into()).or_default() += n;
    }
    Ok(v)
}

/// Unix seconds (`0` and negative years mean unknown).
pub(crate) fn secs(v: Option<&Value>) -> Option<Timestamp> {
    let n = v?.as_i64().or_else(|| v?.as_f64().map(|f| f as i64))?;
    if n <= 0 {
        return None;
    }
    // a millisecond value where seconds were expected
    if n > 100_000_000_000 {
        return Timestamp::from_millis(n);
    }
    Timestamp::from_unix(n)
}

/// Unix milliseconds.
pub(crate) fn millis(v: Option<&Value>) -> Option<Timestamp> {
    let n = v?.as_i64()?;
    if n <= 0 {
        return None;
    }
    Timestamp::from_millis(n)
}

/// A string field.
pub(crate) fn text(v: Option<&Value>) -> Option<&str> {
    v?.as_str()
}

/// First 12 hex digits of the SHA-256 of the parts (separated by NUL).
pub(crate) fn short_hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    let d = h.finalize();
    d.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// 64 bits of the SHA-256 of a string.
pub(crate) fn hash64(s: &str) -> u64 {
    let d = Sha256::digest(s.as_bytes());
    let mut b = [0u8; 8];
    b.copy_from_slice(&d[..8]);
    u64::from_le_bytes(b)
}
