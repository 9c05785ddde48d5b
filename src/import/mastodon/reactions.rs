//! `likes.json` and `bookmarks.json`: the owner's reactions.

use super::*;

impl Mastodon {
    /// `likes.json` / `bookmarks.json`: status URIs.
    pub(super) fn read_reactions(
        &mut self,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
        kind: &'static str,
    ) -> Result<u64> {
        let owner_native = self.owner_native();
        let owner = self.owner_id();
        let mut items = JsonItems::at_key(r, cx.limits, "orderedItems");
        let mut n = 0u64;
        loop {
            let index = n;
            let loc = format!("{}#{index}", e.name);
            match items.next() {
                None => break,
                Some(Err(ItemError::Io(err))) => return Err(crate::error::Error::io(&e.name, err)),
                Some(Err(err)) => {
                    n += 1;
                    cx.report.skipped(Kind::Reaction, err.to_string(), &loc);
                    if !err.recoverable() {
                        cx.report
                            .unreadable(&e.name, items.position(), err.to_string());
                        break;
                    }
                }
                Some(Ok(bytes)) => {
                    n += 1;
                    let mut repaired = false;
                    let target = match parse_value(bytes, &mut repaired) {
                        Ok(v) => str_or_id(Some(&v)),
                        Err(m) => {
                            cx.report.skipped(Kind::Reaction, m, &loc);
                            continue;
                        }
                    };
                    let Some(uri) = target.filter(|u| !u.is_empty()) else {
                        cx.report.skipped(
                            Kind::Reaction,
                            format!("{kind}: item is not a status URI"),
                            &loc,
                        );
                        continue;
                    };
                    let r = Record::Reaction(reaction(
                        kind,
                        &owner_native,
                        &owner,
                        &uri,
                        Source::at(&e.name, index),
                    ));
                    let r = self.with_given_id(r, &e.name, index);
                    self.emit_listed(r, &loc, cx)?;
                }
            }
        }
        // the declared count, when there is one, should match
        let declared = items
            .others()
            .iter()
            .find(|(k, _)| k == "totalItems")
            .and_then(|(_, v)| std::str::from_utf8(v).ok()?.trim().parse::<u64>().ok());
        if let Some(d) = declared {
            cx.report
                .reconcile(format!("{}: totalItems", e.name), d, n, None);
            if d != n {
                cx.report.warn(format!(
                    "{}: totalItems says {d}, the file lists {n}",
                    e.name
                ));
            }
        }
        Ok(n)
    }
}

/// A like or bookmark of a status.
pub(super) fn reaction(
    kind: &str,
    owner_native: &str,
    owner: &str,
    uri: &str,
    source: Source,
) -> Reaction {
    Reaction {
        id: record_id(NET, Kind::Reaction, &format!("{kind}/{owner_native}/{uri}")),
        network: NET.into(),
        kind: kind.into(),
        actor: owner.to_string(),
        target: post_ref(uri),
        target_url: (uri.starts_with("http://") || uri.starts_with("https://"))
            .then(|| uri.to_string()),
        source,
        ..Default::default()
    }
}
