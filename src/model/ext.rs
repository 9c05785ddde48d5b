//! The source fields the model does not map, kept verbatim.

use super::*;

/// Source fields the model does not map, kept verbatim: each value is the exact JSON
/// text it had in the dump (nested key order, number spelling and escapes included).
///
/// Serialises as a JSON object. Values are exposed as JSON text so that callers do not
/// depend on a particular JSON library.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Ext(pub(crate) BTreeMap<String, Box<serde_json::value::RawValue>>);

impl PartialEq for Ext {
    fn eq(&self, other: &Ext) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .zip(&other.0)
                .all(|((ka, va), (kb, vb))| ka == kb && va.get() == vb.get())
    }
}

impl Ext {
    /// True when nothing was left unmapped.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Number of unmapped fields.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// The unmapped field names.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(|k| k.as_str())
    }
    /// The value of an unmapped field, as JSON text (as it stood in the dump).
    pub fn get_json(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(|v| v.get())
    }
    /// The value of an unmapped field when it is a JSON string.
    pub fn get_str(&self, key: &str) -> Option<String> {
        serde_json::from_str(self.0.get(key)?.get()).ok()
    }
    /// Keep a value (serialised as JSON).
    pub(crate) fn insert(&mut self, key: &str, v: serde_json::Value) {
        if let Ok(raw) = serde_json::value::to_raw_value(&v) {
            self.0.insert(key.to_string(), raw);
        }
    }
    /// Keep a string.
    pub(crate) fn insert_string(&mut self, key: &str, v: String) {
        self.insert(key, serde_json::Value::String(v));
    }
    /// Keep a value as the raw JSON it was read as.
    pub(crate) fn insert_raw(&mut self, key: String, v: Box<serde_json::value::RawValue>) {
        self.0.insert(key, v);
    }
    /// A value parsed back (for the few unmapped fields an importer looks into).
    pub(crate) fn get_value(&self, key: &str) -> Option<serde_json::Value> {
        serde_json::from_str(self.0.get(key)?.get()).ok()
    }
    /// Every field of a JSON object map.
    pub(crate) fn from_map(m: serde_json::Map<String, serde_json::Value>) -> Ext {
        let mut e = Ext::default();
        e.extend_map(m);
        e
    }
    /// Add every field of a JSON object map.
    pub(crate) fn extend_map(&mut self, m: serde_json::Map<String, serde_json::Value>) {
        for (k, v) in m {
            self.insert(&k, v);
        }
    }
    /// Add every field of another Ext.
    pub(crate) fn extend(&mut self, other: Ext) {
        self.0.extend(other.0);
    }
}
