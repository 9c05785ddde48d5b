//! `lifeboat_ids.json`: the record ids a lifeboat export wrote, given back to the
//! records read from its files.

use super::*;

impl Mastodon {
    /// The record id `lifeboat_ids.json` gives the item `index` of a list file.
    pub(super) fn given_id(&self, entry: &str, index: u64) -> Option<&String> {
        self.given_ids.get(file_name(entry))?.get(&index)
    }

    /// Read `lifeboat_ids.json`.
    pub(super) fn read_ids(
        &mut self,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
    ) -> Result<u64> {
        let Some(bytes) = read_small(e, r, cx, Kind::Reaction)? else {
            return Ok(0);
        };
        let mut repaired = false;
        let Ok(v) = parse_value(&bytes, &mut repaired) else {
            cx.report
                .warn(format!("{}: not JSON; its record ids are not used", e.name));
            return Ok(0);
        };
        for (file, items) in v
            .get("ids")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let m = self.given_ids.entry(file.clone()).or_default();
            for (i, id) in items.as_object().into_iter().flatten() {
                let ok = id.as_str().filter(|id| {
                    let mut p = id.splitn(3, ':');
                    matches!(
                        (p.next(), p.next().and_then(Kind::from_name), p.next()),
                        (Some(n), Some(Kind::Reaction | Kind::Relationship), Some(x)) if !n.is_empty() && !x.is_empty()
                    )
                });
                if let (Ok(i), Some(id)) = (i.parse::<u64>(), ok) {
                    m.insert(i, id.to_string());
                }
            }
        }
        Ok(0)
    }

    /// Give a listed record the id `lifeboat_ids.json` names for it.
    pub(super) fn with_given_id(&self, mut r: Record, entry: &str, index: u64) -> Record {
        if let Some(id) = self.given_id(entry, index) {
            let net = crate::export::network_of(id).to_string();
            match &mut r {
                Record::Reaction(x) if id.contains(":reaction:") => {
                    x.id = id.clone();
                    x.network = net;
                }
                Record::Relationship(x) if id.contains(":relationship:") => {
                    x.id = id.clone();
                    x.network = net;
                }
                _ => {}
            }
        }
        r
    }

    /// Emit a reaction or relationship once: a second listing of the same id is
    /// skipped, saying where the first was.
    pub(super) fn emit_listed(&mut self, r: Record, loc: &str, cx: &mut Context) -> Result<()> {
        let (id, kind) = match &r {
            Record::Reaction(x) => (x.id.clone(), Kind::Reaction),
            Record::Relationship(x) => (x.id.clone(), Kind::Relationship),
            _ => return cx.emit(r),
        };
        if let Some(first) = self.listed.get(&id) {
            cx.report
                .skipped(kind, format!("listed twice (first at {first})"), loc);
            return Ok(());
        }
        self.listed.insert(id, loc.to_string());
        cx.emit(r)
    }
}
