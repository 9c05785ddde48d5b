//! Safety limits for reading untrusted dumps.

/// Limits applied while reading a dump. The defaults are safe for untrusted input and
/// still let a real 50 GB export through; raise them only for dumps you trust.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Total bytes decompressed from the whole dump.
    pub max_total_bytes: u64,
    /// Bytes decompressed from any one entry.
    pub max_entry_bytes: u64,
    /// Decompressed/compressed ratio allowed for an entry (zip) or the whole stream
    /// (tar.gz) once past `ratio_grace_bytes`.
    pub max_ratio: u64,
    /// Bytes an entry may decompress to before the ratio check applies.
    pub ratio_grace_bytes: u64,
    /// Number of entries in the dump.
    pub max_entries: u64,
    /// Nesting depth of JSON values.
    pub max_json_depth: usize,
    /// Bytes of one JSON record (an item of a top-level array).
    pub max_record_bytes: u64,
    /// Bytes of one CAR block (Bluesky repositories).
    pub max_car_block: u64,
    /// Bytes of one XML token (a text run, a CDATA section, a tag with its
    /// attributes) or collected XML element, and of one CSV row: the parsers hold
    /// these whole.
    pub max_field_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_total_bytes: 256 << 30,
            max_entry_bytes: 64 << 30,
            max_ratio: 100,
            ratio_grace_bytes: 16 << 20,
            max_entries: 2_000_000,
            max_json_depth: 100,
            max_record_bytes: 64 << 20,
            max_car_block: 8 << 20,
            max_field_bytes: 32 << 20,
        }
    }
}

impl Limits {
    /// No limits at all: only for dumps you produced yourself.
    pub fn none() -> Limits {
        Limits {
            max_total_bytes: u64::MAX,
            max_entry_bytes: u64::MAX,
            max_ratio: u64::MAX,
            ratio_grace_bytes: u64::MAX,
            max_entries: u64::MAX,
            max_json_depth: 10_000,
            max_record_bytes: u64::MAX,
            max_car_block: u64::MAX,
            max_field_bytes: u64::MAX,
        }
    }

    /// Set a limit by name (`total-bytes`, `entry-bytes`, `ratio`, `entries`,
    /// `json-depth`, `record-bytes`, `car-block`, `field-bytes`), as the CLI's
    /// `--limit NAME=VALUE`.
    /// Sizes accept `K`, `M`, `G` suffixes (powers of 1024).
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        let v = parse_size(value).ok_or_else(|| format!("bad limit value {value:?}"))?;
        match name {
            "total-bytes" => self.max_total_bytes = v,
            "entry-bytes" => self.max_entry_bytes = v,
            "ratio" => self.max_ratio = v,
            "entries" => self.max_entries = v,
            "json-depth" => {
                self.max_json_depth = usize::try_from(v).unwrap_or(usize::MAX).min(10_000)
            }
            "record-bytes" => self.max_record_bytes = v,
            "car-block" => self.max_car_block = v,
            "field-bytes" => self.max_field_bytes = v,
            _ => return Err(format!("unknown limit {name:?}")),
        }
        Ok(())
    }
}

fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let (num, mul) = match s.chars().last()? {
        'k' | 'K' => (&s[..s.len() - 1], 1u64 << 10),
        'm' | 'M' => (&s[..s.len() - 1], 1 << 20),
        'g' | 'G' => (&s[..s.len() - 1], 1 << 30),
        _ => (s, 1),
    };
    num.trim().parse::<u64>().ok()?.checked_mul(mul)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_by_name() {
        let mut l = Limits::default();
        l.set("entry-bytes", "2G").unwrap();
        assert_eq!(l.max_entry_bytes, 2 << 30);
        l.set("ratio", "50").unwrap();
        assert_eq!(l.max_ratio, 50);
        assert!(l.set("nope", "1").is_err());
        assert!(l.set("ratio", "x").is_err());
    }
}
