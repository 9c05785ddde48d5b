//! Absence is evidence only where an export was complete: the one rule that decides
//! whether a record an older export held and a newer one does not is *absent* from
//! the account's data, or merely outside what the newer export covers.
//!
//! Merging (`source.absent_since`), `lifeboat diff` (`removed` against `not_covered`)
//! and `lifeboat audit` (`absent_from_latest_export`) all ask [`Rule::verdict`], so
//! they agree by construction.
//!
//! A newer export marks an older record absent when all of these hold:
//! - the record is of the export's network (an X export says nothing of Mastodon);
//! - the export's coverage is known ([`CoverageStatus::Known`]);
//! - the record is of the export's account: when the archive holds exports of one
//!   account of that network (or exports that do not say whose they are), every record
//!   of the network is; when it holds several, only records that name the export's
//!   owner (as author, actor, subject, sender or participant), and nothing at all when
//!   the export does not say whose it is (an export that does not say is taken for the
//!   archive's one account of the network, when there is one);
//! - a relationship or reaction names its owner the way the newer export does (its
//!   id embeds the owner: a dump that does not say whose it is writes a placeholder,
//!   so the same follow has another id in a dump that names the owner);
//! - the export is complete for the record's scope ([`Coverage::covers`]): its kind, or
//!   its kind and subkind — a relationship's or reaction's own `kind`, or for the other
//!   kinds the family of files its `source.entry` declared (`post:comments`).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde_json::Value;

use crate::model::Kind;
use crate::report::{Coverage, CoverageStatus, Report};

/// The owner accounts of a dump, as its coverage names them: those of its network,
/// without the placeholder (`<network>:account:owner`) an importer uses when the dump
/// does not say whose it is.
pub(crate) fn owner_accounts(network: &str, owners: &[String]) -> Vec<String> {
    let prefix = format!("{network}:account:");
    let mut out: Vec<String> = owners
        .iter()
        .filter(|o| o.strip_prefix(&prefix).is_some_and(|n| n != "owner"))
        .cloned()
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether a skip's location (`entry`, `entry#3`, `entry:12`, `entry#app.bsky…`)
/// names this entry.
pub(crate) fn names_entry(location: &str, entry: &str) -> bool {
    match location.strip_prefix(entry) {
        Some(rest) => rest.is_empty() || rest.starts_with('#') || rest.starts_with(':'),
        None => false,
    }
}

/// What each entry of one or more dumps declared it covers (`entry_list[].covers`): a
/// record's subkind, for kinds whose subkind is the family of files it came from.
#[derive(Debug, Default)]
pub(crate) struct EntryScopes {
    by_entry: HashMap<String, BTreeSet<String>>,
}

impl EntryScopes {
    pub(crate) fn from_report(r: &Report) -> EntryScopes {
        let mut s = EntryScopes::default();
        s.add(r);
        s
    }

    pub(crate) fn add(&mut self, r: &Report) {
        for e in &r.entry_list {
            if !e.covers.is_empty() {
                self.by_entry
                    .entry(e.path.clone())
                    .or_default()
                    .extend(e.covers.iter().cloned());
            }
        }
    }

    /// The subkinds of a record: a relationship's or reaction's own `kind`; for other
    /// kinds, the subkinds its entry declared for that kind (none when the entry
    /// declared the whole kind, or nothing).
    pub(crate) fn subkinds(
        &self,
        kind: &str,
        kind_field: Option<&str>,
        entry: &str,
    ) -> Vec<String> {
        if kind == Kind::Relationship.as_str() || kind == Kind::Reaction.as_str() {
            return kind_field.map(str::to_string).into_iter().collect();
        }
        let prefix = format!("{kind}:");
        self.by_entry
            .get(entry)
            .into_iter()
            .flatten()
            .filter_map(|s| s.strip_prefix(&prefix))
            .map(str::to_string)
            .collect()
    }
}

/// An earlier export, as the archive recorded it.
#[derive(Debug)]
pub(crate) struct Earlier {
    /// Its source id.
    pub id: String,
    /// Its network.
    pub network: String,
    /// Its coverage (`unknown` for archives written before lifeboat stated it).
    pub coverage: Coverage,
}

/// The earlier exports an archive records (`data/lifeboat.json` `sources`), in order.
pub(crate) fn earlier_sources(meta: &Value) -> Vec<Earlier> {
    meta.get("sources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|s| Earlier {
            id: s
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            network: s
                .get("network")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            coverage: s
                .get("coverage")
                .cloned()
                .and_then(|c| serde_json::from_value(c).ok())
                .unwrap_or_default(),
        })
        .collect()
}

/// The import report of a source of the archive at `root`.
pub(crate) fn source_report(root: &Path, meta: &Value, id: &str) -> Option<Report> {
    let rel = meta
        .get("sources")?
        .as_array()?
        .iter()
        .find(|s| s.get("id").and_then(Value::as_str) == Some(id))?
        .get("report")?
        .as_str()?
        .to_string();
    let bytes = std::fs::read(root.join(rel)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Whose records an export may mark absent.
#[derive(Debug)]
enum AccountScope {
    /// Every record of the network.
    Network,
    /// Records that name one of these accounts as their owner.
    Accounts(Vec<String>),
    /// None, and why.
    Nothing(String),
}

/// What the rule says of an older record the newer export does not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// The newer export covers it: it is absent from the account's data. With the last
    /// earlier export of the account that covered it, when there is one.
    Absent { last_seen_in: Option<String> },
    /// The newer export says nothing about it, and why.
    NotCovered(String),
}

/// The absence rule of one newer export against the exports an archive held before.
#[derive(Debug)]
pub(crate) struct Rule {
    prefix: String,
    /// `<network>:account:owner`: the owner of a dump that does not say whose it is.
    placeholder: String,
    /// The owners earlier exports of the network named.
    named: BTreeSet<String>,
    coverage: Coverage,
    scope: AccountScope,
    labels: EntryScopes,
    /// Earlier exports of the same network and account, oldest first.
    earlier: Vec<Earlier>,
}

impl Rule {
    /// `network`, `coverage` and `declared` (its entries' scopes) describe the newer
    /// export; `earlier` are the exports the older archive holds, with `reports` the
    /// entry scopes their reports declared.
    pub(crate) fn new(
        network: &str,
        coverage: &Coverage,
        declared: EntryScopes,
        earlier: Vec<Earlier>,
    ) -> Rule {
        let mine = &coverage.accounts;
        let earlier: Vec<Earlier> = earlier
            .into_iter()
            .filter(|e| e.network == network)
            .collect();
        let named: BTreeSet<String> = earlier
            .iter()
            .flat_map(|e| e.coverage.accounts.iter().cloned())
            .collect();
        let others: BTreeSet<&String> = earlier
            .iter()
            .flat_map(|e| e.coverage.accounts.iter())
            .filter(|a| !mine.contains(a))
            .collect();
        // an export that does not say whose it is belongs to the archive's one account
        // of the network, when it has only one
        let scope = if others.is_empty() || (mine.is_empty() && others.len() == 1) {
            AccountScope::Network
        } else if mine.is_empty() {
            AccountScope::Nothing(format!(
                "the archive holds exports of several {network} accounts ({}) and this export does not say whose it is",
                others.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            ))
        } else {
            AccountScope::Accounts(mine.clone())
        };
        let earlier = earlier
            .into_iter()
            .filter(|e| {
                mine.is_empty()
                    || e.coverage.accounts.is_empty()
                    || e.coverage.accounts.iter().any(|a| mine.contains(a))
            })
            .collect();
        Rule {
            prefix: format!("{network}:"),
            placeholder: format!("{network}:account:owner"),
            named,
            coverage: coverage.clone(),
            scope,
            labels: declared,
            earlier,
        }
    }

    /// Add the entry scopes an earlier export's report declared (a record's subkind is
    /// looked up by the entry it came from).
    pub(crate) fn learn(&mut self, earlier_report: &Report) {
        self.labels.add(earlier_report);
    }

    /// The network prefix (`twitter:`) of the records the rule is about.
    pub(crate) fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Whether `rec` (a record of `kind`, as JSON), held by an older export and not by
    /// the newer one, is absent from the account's data.
    pub(crate) fn verdict(&self, kind: Kind, rec: &Value) -> Verdict {
        let id = rec.get("id").and_then(Value::as_str).unwrap_or("");
        if !id.starts_with(&self.prefix) {
            return Verdict::NotCovered("of another network".into());
        }
        if self.coverage.status != CoverageStatus::Known {
            return Verdict::NotCovered(format!(
                "the newer export's coverage is unknown{}",
                self.coverage
                    .reason
                    .as_deref()
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default()
            ));
        }
        match &self.scope {
            AccountScope::Network => {}
            AccountScope::Nothing(why) => return Verdict::NotCovered(why.clone()),
            AccountScope::Accounts(mine) => {
                if !owned_by(kind, rec, mine) {
                    return Verdict::NotCovered(
                        "not attributable to the newer export's account".into(),
                    );
                }
            }
        }
        // a relationship's or reaction's id names its owner: when one export names the
        // owner and the other does not, the same record has two ids, and one missing
        // from the other export says nothing
        let owner = match kind {
            Kind::Relationship => rec.get("subject").and_then(Value::as_str),
            Kind::Reaction => rec.get("actor").and_then(Value::as_str),
            _ => None,
        };
        if let Some(o) = owner {
            let other_naming = if self.coverage.accounts.is_empty() {
                self.named.contains(o)
            } else {
                o == self.placeholder
            };
            if other_naming {
                return Verdict::NotCovered(format!(
                    "its id names the owner as {o}, which the newer export names otherwise"
                ));
            }
        }
        let kind_field = rec.get("kind").and_then(Value::as_str);
        let entry = rec
            .get("source")
            .and_then(|s| s.get("entry"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let subs = self.labels.subkinds(kind.as_str(), kind_field, entry);
        let subs: Vec<&str> = subs.iter().map(String::as_str).collect();
        if !self.coverage.covers(kind.as_str(), &subs) {
            let scope = match subs.first() {
                Some(s) => format!("{}:{s}", kind.as_str()),
                None => kind.as_str().to_string(),
            };
            return Verdict::NotCovered(format!("the newer export does not cover {scope}"));
        }
        let last_seen_in = self
            .earlier
            .iter()
            .rev()
            .find(|e| {
                e.coverage.status != CoverageStatus::Known
                    || e.coverage.covers(kind.as_str(), &subs)
            })
            .or(self.earlier.last())
            .map(|e| e.id.clone());
        Verdict::Absent { last_seen_in }
    }
}

/// Whether a record names one of `accounts` as its owner: an account itself, a post's
/// author, a reaction's actor, a relationship's subject, a message's sender, a
/// conversation's participant. Media name no owner.
fn owned_by(kind: Kind, rec: &Value, accounts: &[String]) -> bool {
    let is = |field: &str| {
        rec.get(field)
            .and_then(Value::as_str)
            .is_some_and(|v| accounts.iter().any(|a| a == v))
    };
    match kind {
        Kind::Account => is("id"),
        Kind::Post => is("author"),
        Kind::Reaction => is("actor"),
        Kind::Relationship => is("subject"),
        Kind::Message => is("sender"),
        Kind::Conversation => rec
            .get("participants")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .any(|p| accounts.iter().any(|a| a == p)),
        Kind::Media => false,
    }
}

/// The rule for a newer export against an older archive at `old` (its
/// `data/lifeboat.json` already read as `meta`): learns the entry scopes of every
/// earlier export of the network from its report.
pub(crate) fn rule_for(
    network: &str,
    coverage: &Coverage,
    new_report: Option<&Report>,
    old: &Path,
    meta: &Value,
) -> Rule {
    let declared = new_report.map(EntryScopes::from_report).unwrap_or_default();
    let earlier = earlier_sources(meta);
    let ids: Vec<String> = earlier
        .iter()
        .filter(|e| e.network == network)
        .map(|e| e.id.clone())
        .collect();
    let mut rule = Rule::new(network, coverage, declared, earlier);
    for id in ids {
        if let Some(r) = source_report(old, meta, &id) {
            rule.learn(&r);
        }
    }
    rule
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cov(accounts: &[&str], complete: &[&str]) -> Coverage {
        Coverage {
            status: CoverageStatus::Known,
            accounts: accounts.iter().map(|s| s.to_string()).collect(),
            complete: complete.iter().map(|s| (s.to_string(), 1)).collect(),
            ..Coverage::default()
        }
    }

    fn earlier(id: &str, network: &str, c: Coverage) -> Earlier {
        Earlier {
            id: id.into(),
            network: network.into(),
            coverage: c,
        }
    }

    #[test]
    fn a_covered_kind_is_absent_even_when_the_newer_export_holds_none_of_it() {
        let c = cov(&["x:account:1"], &["post", "reaction:like"]);
        let r = Rule::new(
            "x",
            &c,
            EntryScopes::default(),
            vec![earlier("a", "x", cov(&["x:account:1"], &["post"]))],
        );
        let post = json!({"id": "x:post:9", "author": "x:account:1", "source": {"entry": "p.js"}});
        assert_eq!(
            r.verdict(Kind::Post, &post),
            Verdict::Absent {
                last_seen_in: Some("a".into())
            }
        );
        let like =
            json!({"id": "x:reaction:like/1/9", "kind": "like", "source": {"entry": "l.js"}});
        assert!(matches!(
            r.verdict(Kind::Reaction, &like),
            Verdict::Absent { .. }
        ));
        let bookmark = json!({"id": "x:reaction:bookmark/1/9", "kind": "bookmark", "source": {"entry": "b.js"}});
        assert!(matches!(
            r.verdict(Kind::Reaction, &bookmark),
            Verdict::NotCovered(_)
        ));
        // another network's record is never absent from this one
        let other = json!({"id": "y:post:9", "source": {"entry": "p.js"}});
        assert!(matches!(
            r.verdict(Kind::Post, &other),
            Verdict::NotCovered(_)
        ));
    }

    #[test]
    fn unknown_coverage_marks_nothing() {
        let c = Coverage {
            reason: Some("filtered".into()),
            ..cov(&[], &["post"])
        };
        let c = Coverage {
            status: CoverageStatus::Unknown,
            ..c
        };
        let r = Rule::new("x", &c, EntryScopes::default(), vec![]);
        let post = json!({"id": "x:post:9", "source": {"entry": "p.js"}});
        match r.verdict(Kind::Post, &post) {
            Verdict::NotCovered(why) => assert!(why.contains("filtered"), "{why}"),
            v => panic!("{v:?}"),
        }
    }

    #[test]
    fn a_file_family_subkind_comes_from_the_entry_that_held_the_record() {
        // the older export declared comments.json complete for post:comments
        let mut old = Report::default();
        old.entry_list.push(crate::report::EntryReport {
            path: "comments.json".into(),
            bytes: 0,
            fate: crate::report::EntryFate::Parsed,
            role: None,
            reason: None,
            records: 1,
            covers: vec!["post:comments".into()],
        });
        let comment = json!({"id": "f:post:c1", "source": {"entry": "comments.json"}});
        let posts_only = cov(&[], &["post:posts"]);
        let mut r = Rule::new("f", &posts_only, EntryScopes::default(), vec![]);
        r.learn(&old);
        assert!(matches!(
            r.verdict(Kind::Post, &comment),
            Verdict::NotCovered(_)
        ));
        let both = cov(&[], &["post:posts", "post:comments"]);
        let mut r = Rule::new("f", &both, EntryScopes::default(), vec![]);
        r.learn(&old);
        assert!(matches!(
            r.verdict(Kind::Post, &comment),
            Verdict::Absent { .. }
        ));
    }

    #[test]
    fn several_accounts_of_a_network_need_attribution() {
        let a = cov(&["x:account:1"], &["post", "media"]);
        let b = cov(&["x:account:2"], &["post", "media"]);
        let r = Rule::new(
            "x",
            &a,
            EntryScopes::default(),
            vec![earlier("s1", "x", a.clone()), earlier("s2", "x", b.clone())],
        );
        let mine = json!({"id": "x:post:1", "author": "x:account:1", "source": {"entry": "t"}});
        let theirs = json!({"id": "x:post:2", "author": "x:account:2", "source": {"entry": "t"}});
        let media = json!({"id": "x:media:3", "source": {"entry": "t"}});
        assert_eq!(
            r.verdict(Kind::Post, &mine),
            Verdict::Absent {
                last_seen_in: Some("s1".into())
            }
        );
        assert!(matches!(
            r.verdict(Kind::Post, &theirs),
            Verdict::NotCovered(_)
        ));
        assert!(matches!(
            r.verdict(Kind::Media, &media),
            Verdict::NotCovered(_)
        ));
        // an export that does not say whose it is marks nothing in such an archive
        let anon = cov(&[], &["post"]);
        let r = Rule::new(
            "x",
            &anon,
            EntryScopes::default(),
            vec![earlier("s1", "x", a.clone()), earlier("s2", "x", b)],
        );
        assert!(matches!(
            r.verdict(Kind::Post, &mine),
            Verdict::NotCovered(_)
        ));
        // … and is taken for the one account of an archive that holds only one
        let r = Rule::new(
            "x",
            &anon,
            EntryScopes::default(),
            vec![earlier("s1", "x", a)],
        );
        assert!(matches!(
            r.verdict(Kind::Post, &mine),
            Verdict::Absent { .. }
        ));
    }

    #[test]
    fn an_owner_named_two_ways_is_not_evidence() {
        // a CSV list (owner not named) after an archive that named it, and the reverse
        let archive = cov(&["m:account:robin@t"], &["reaction:bookmark"]);
        let csv = cov(&[], &["reaction:bookmark"]);
        let by_robin = json!({"id": "m:reaction:bookmark/robin@t/x", "kind": "bookmark",
            "actor": "m:account:robin@t", "source": {"entry": "bookmarks.json"}});
        let by_owner = json!({"id": "m:reaction:bookmark/owner/x", "kind": "bookmark",
            "actor": "m:account:owner", "source": {"entry": "bookmarks.csv"}});
        let r = Rule::new(
            "m",
            &csv,
            EntryScopes::default(),
            vec![earlier("a", "m", archive.clone())],
        );
        assert!(matches!(
            r.verdict(Kind::Reaction, &by_robin),
            Verdict::NotCovered(_)
        ));
        assert!(matches!(
            r.verdict(Kind::Reaction, &by_owner),
            Verdict::Absent { .. }
        ));
        let r = Rule::new(
            "m",
            &archive,
            EntryScopes::default(),
            vec![earlier("c", "m", csv)],
        );
        assert!(matches!(
            r.verdict(Kind::Reaction, &by_owner),
            Verdict::NotCovered(_)
        ));
        assert!(matches!(
            r.verdict(Kind::Reaction, &by_robin),
            Verdict::Absent { .. }
        ));
    }

    #[test]
    fn placeholders_are_not_owners_and_locations_name_entries() {
        assert_eq!(
            owner_accounts(
                "m",
                &[
                    "m:account:owner".into(),
                    "m:account:a@b".into(),
                    "t:account:a".into()
                ]
            ),
            vec!["m:account:a@b".to_string()]
        );
        assert!(names_entry("data/like.js#3", "data/like.js"));
        assert!(names_entry("messages.csv:2", "messages.csv"));
        assert!(names_entry("repo.car", "repo.car"));
        assert!(!names_entry("data/like.js#3", "data/like"));
    }
}
