//! The CSV lists of Mastodon's *Import and export → Data export* page.
//!
//! | file | header | row |
//! |---|---|---|
//! | `following_accounts.csv` | `Account address,Show boosts,Notify on new posts,Languages` (older: none, or the first two) | `user@host,true,false,"en, fr"` |
//! | `follower_accounts.csv` (forks) | `Account address` or none | `user@host` |
//! | `muted_accounts.csv` | `Account address,Hide notifications` | `user@host,false` |
//! | `blocked_accounts.csv` | none (imports also take `Account address,Stealth`) | `user@host` |
//! | `blocked_domains.csv` | none | `example.com` |
//! | `lists.csv` | none | `List title,user@host` |
//! | `bookmarks.csv` | none | a status URI |

use std::collections::BTreeMap;
use std::io::Read;

use serde_json::Value;

use super::reactions::reaction;
use super::{address_ref, Mastodon, NET};
use crate::container::Entry;
use crate::error::{Error, Result};
use crate::import::Context;
use crate::model::{record_id, Ext, Kind, Record, Relationship, Source};

/// Which list a CSV file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum List {
    Following,
    Followers,
    Muted,
    Blocked,
    BlockedDomains,
    Lists,
    Bookmarks,
}

impl List {
    /// The list a CSV file name stands for (`following_accounts.csv`, also as
    /// browsers rename a second download: `following_accounts (1).csv`).
    pub(crate) fn of_file(file: &str) -> Option<List> {
        let stem = file.strip_suffix(".csv")?;
        let stem = stem.split([' ', '(']).next().unwrap_or(stem);
        Some(match stem {
            "following_accounts" | "follows" | "following" => List::Following,
            "follower_accounts" | "followers_accounts" | "followers" => List::Followers,
            "muted_accounts" | "mutes" => List::Muted,
            "blocked_accounts" | "blocks" => List::Blocked,
            "blocked_domains" | "domain_blocks" => List::BlockedDomains,
            "lists" => List::Lists,
            "bookmarks" => List::Bookmarks,
            _ => return None,
        })
    }

    pub(crate) fn role(self) -> &'static str {
        match self {
            List::Following => "following (CSV)",
            List::Followers => "followers (CSV)",
            List::Muted => "muted accounts (CSV)",
            List::Blocked => "blocked accounts (CSV)",
            List::BlockedDomains => "blocked domains (CSV)",
            List::Lists => "lists (CSV)",
            List::Bookmarks => "bookmarks (CSV)",
        }
    }

    fn kind(self) -> Kind {
        match self {
            List::Bookmarks => Kind::Reaction,
            _ => Kind::Relationship,
        }
    }
}

/// `true`/`false` cells as Ruby writes them.
fn boolean(s: &str) -> Value {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        other => Value::String(other.to_string()),
    }
}

/// An account address as lists write it: `user@host`, maybe with a leading `@`.
fn acct(cell: &str) -> String {
    cell.trim().trim_start_matches('@').to_string()
}

impl Mastodon {
    pub(super) fn read_csv(
        &mut self,
        e: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
        list: List,
    ) -> Result<u64> {
        self.warn_no_owner(cx);
        let owner_native = self.owner_native();
        let owner = self.owner_id();
        let guard = crate::read::table::RowGuard::new(r, b',', None, cx.limits.max_field_bytes);
        let mut rd = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(guard);
        let mut header: Option<Vec<String>> = None;
        let mut n = 0u64;
        let mut rec = ::csv::StringRecord::new();
        let mut row = 0u64;
        loop {
            match rd.read_record(&mut rec) {
                Ok(false) => break,
                Ok(true) => {}
                Err(err) => {
                    let loc = format!("{}:{}", e.name, row + 1);
                    match err.kind() {
                        ::csv::ErrorKind::Io(_) => {
                            return Err(Error::io(&e.name, std::io::Error::other(err.to_string())))
                        }
                        ::csv::ErrorKind::Utf8 { .. } => {
                            n += 1;
                            row += 1;
                            cx.report
                                .skipped(list.kind(), "row is not valid UTF-8", loc);
                            continue;
                        }
                        _ => {
                            n += 1;
                            cx.report.skipped(list.kind(), err.to_string(), loc);
                            break;
                        }
                    }
                }
            }
            row += 1;
            let loc_index = rec.position().map(|p| p.line()).unwrap_or(row);
            let start = rec.position().map(|p| p.byte()).unwrap_or(0);
            let end = rd.position().byte();
            if let Some(why) = rd.get_mut().bad_row(start, end) {
                n += 1;
                cx.report
                    .skipped(list.kind(), why, format!("{}:{loc_index}", e.name));
                continue;
            }
            if rec.iter().all(|c| c.trim().is_empty()) {
                continue; // blank lines carry nothing
            }
            let first = rec
                .get(0)
                .unwrap_or("")
                .trim()
                .trim_start_matches('\u{feff}');
            if header.is_none() && row == 1 && first.eq_ignore_ascii_case("Account address") {
                header = Some(rec.iter().map(|c| c.trim().to_string()).collect());
                continue;
            }
            n += 1;
            let src = Source::at(&e.name, loc_index.saturating_sub(1));
            let loc = format!("{}:{loc_index}", e.name);
            match list {
                List::Bookmarks => {
                    let uri = first.to_string();
                    if uri.is_empty() {
                        cx.report
                            .skipped(Kind::Reaction, "bookmark row without a URI", loc);
                        continue;
                    }
                    let r =
                        Record::Reaction(reaction("bookmark", &owner_native, &owner, &uri, src));
                    let r = self.with_given_id(r, &e.name, n - 1);
                    self.emit_listed(r, &loc, cx)?;
                }
                List::BlockedDomains => {
                    let domain = first.to_ascii_lowercase();
                    if domain.is_empty() || domain.contains(char::is_whitespace) {
                        cx.report.skipped(Kind::Relationship, "not a domain", loc);
                        continue;
                    }
                    let r = Relationship {
                        id: record_id(
                            NET,
                            Kind::Relationship,
                            &format!("domain_block/{owner_native}/{domain}"),
                        ),
                        network: NET.into(),
                        kind: "domain_block".into(),
                        subject: owner.clone(),
                        object: domain,
                        source: src,
                        ..Default::default()
                    };
                    let r = self.with_given_id(Record::Relationship(r), &e.name, n - 1);
                    self.emit_listed(r, &loc, cx)?;
                }
                List::Lists => {
                    let title = first.to_string();
                    let member = acct(rec.get(1).unwrap_or(""));
                    if member.is_empty() {
                        cx.report
                            .skipped(Kind::Relationship, "list row without an account", loc);
                        continue;
                    }
                    let account = self.stub(address_ref(&member), &src);
                    let list_ref = format!("{owner_native}/lists/{title}");
                    let mut ext = Ext::default();
                    ext.insert_string("list", title);
                    let r = Relationship {
                        id: record_id(
                            NET,
                            Kind::Relationship,
                            &format!("list_member/{member}/{list_ref}"),
                        ),
                        network: NET.into(),
                        kind: "list_member".into(),
                        subject: account,
                        object: list_ref,
                        source: src,
                        ext,
                        ..Default::default()
                    };
                    let r = self.with_given_id(Record::Relationship(r), &e.name, n - 1);
                    self.emit_listed(r, &loc, cx)?;
                }
                List::Following | List::Followers | List::Muted | List::Blocked => {
                    let other = acct(first);
                    if other.is_empty() || other.contains(char::is_whitespace) {
                        cx.report
                            .skipped(Kind::Relationship, "not an account address", loc);
                        continue;
                    }
                    let other_id = self.stub(address_ref(&other), &src);
                    let kind = match list {
                        List::Following => "following",
                        List::Followers => "follower",
                        List::Muted => "mute",
                        _ => "block",
                    };
                    // the other columns, named by the header (or by Mastodon's order)
                    let default_names: &[&str] = match list {
                        List::Following => &[
                            "Account address",
                            "Show boosts",
                            "Notify on new posts",
                            "Languages",
                        ],
                        List::Muted => &["Account address", "Hide notifications"],
                        List::Blocked => &["Account address", "Stealth"],
                        _ => &["Account address"],
                    };
                    let mut ext = Ext::default();
                    let mut extra = BTreeMap::new();
                    for (i, cell) in rec.iter().enumerate().skip(1) {
                        let name = header
                            .as_ref()
                            .and_then(|h| h.get(i).cloned())
                            .or_else(|| default_names.get(i).map(|s| s.to_string()))
                            .unwrap_or_else(|| format!("column {}", i + 1));
                        let key = name.to_ascii_lowercase().replace(' ', "_");
                        let value = match key.as_str() {
                            "languages" => {
                                let langs: Vec<Value> = cell
                                    .split(',')
                                    .map(str::trim)
                                    .filter(|l| !l.is_empty())
                                    .map(|l| Value::String(l.to_string()))
                                    .collect();
                                if langs.is_empty() {
                                    continue;
                                }
                                Value::Array(langs)
                            }
                            _ if cell.trim().is_empty() => continue,
                            "show_boosts"
                            | "notify_on_new_posts"
                            | "hide_notifications"
                            | "stealth" => boolean(cell),
                            _ => Value::String(cell.to_string()),
                        };
                        extra.insert(key, value);
                    }
                    for (k, v) in extra {
                        ext.insert(&k, v);
                    }
                    let r = Relationship {
                        id: record_id(
                            NET,
                            Kind::Relationship,
                            &format!("{kind}/{owner_native}/{other}"),
                        ),
                        network: NET.into(),
                        kind: kind.into(),
                        // "the owner has the other as follower / following / mute / block"
                        subject: owner.clone(),
                        object: other_id,
                        source: src,
                        ext,
                        ..Default::default()
                    };
                    let r = self.with_given_id(Record::Relationship(r), &e.name, n - 1);
                    self.emit_listed(r, &loc, cx)?;
                }
            }
        }
        Ok(n)
    }
}
