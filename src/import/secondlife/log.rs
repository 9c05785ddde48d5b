//! Reading one log file, and `conversation.log`.

use std::io::{BufRead, BufReader, Read};

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde_json::json;

use super::line::{self, Line, SYSTEM};
use super::names;
use super::{stem_of, Listed, Log, SecondLife, NET};
use crate::container::Entry;
use crate::error::{Error, Result};
use crate::import::Context;
use crate::model::{record_id, ConversationEvent, Kind, Message, Record, Source, Timestamp};

/// A system line's event: `X is Online`, `X is Offline`, `X has joined/left …`.
pub(super) fn event_of(text: &str) -> (&'static str, Option<&str>) {
    for (suffix, kind) in [
        (" is Online", "online"),
        (" is Offline", "offline"),
        (" has joined the session", "join"),
        (" has joined the conversation", "join"),
        (" has left the session", "leave"),
        (" has left the conversation", "leave"),
    ] {
        if let Some(name) = text.strip_suffix(suffix) {
            return (kind, Some(name));
        }
    }
    ("system", None)
}

impl SecondLife {
    /// `conversation.log`: `[<unix time>] <type> <voice> <offline> <name>| <participant
    /// id> <session id> <history file>|`, type 0 an IM, 1 a group, 2 an ad-hoc
    /// conference.
    pub(super) fn conversation_log(
        &mut self,
        entry: &Entry,
        r: &mut dyn Read,
        cx: &mut Context,
    ) -> Result<u64> {
        self.features.insert("viewer 3.6+ (conversation.log)");
        let mut text = String::new();
        r.take(cx.limits.max_record_bytes)
            .read_to_string(&mut text)
            .map_err(|e| Error::io(&entry.name, e))?;
        for (i, l) in text.lines().enumerate() {
            let parsed = (|| {
                let rest = l.strip_prefix('[')?;
                let (t, rest) = rest.split_once(']')?;
                let mut it = rest.trim_start().splitn(4, ' ');
                let kind: i64 = it.next()?.parse().ok()?;
                let _voice = it.next()?;
                let _offline = it.next()?;
                let rest = it.next()?;
                let (name, ids) = rest.split_once('|')?;
                let mut ids = ids.trim().trim_end_matches('|').splitn(3, ' ');
                Some(Listed {
                    kind,
                    name: name.trim().to_string(),
                    participant: ids.next()?.to_string(),
                    session: ids.next()?.to_string(),
                    time: t.trim().parse::<i64>().ok().and_then(Timestamp::from_unix),
                })
                .zip(ids.next().map(|h| h.trim().to_string()))
            })();
            match parsed {
                Some((l, file)) => {
                    if l.kind == 0 {
                        if let Some(w) = names::partner(&file.replace('.', "_")) {
                            let seen = self.accounts.entry(w.native()).or_default();
                            seen.uuid = Some(l.participant.clone());
                            if seen.source.is_none() {
                                seen.source = Some(Source::at(&entry.name, i as u64));
                            }
                            let nl: Vec<&str> = l.name.split(' ').collect();
                            if nl.len() == 2 && seen.legacy.is_none() {
                                seen.legacy = Some(l.name.clone());
                            }
                        }
                    }
                    let _ = l.time;
                    self.listed.insert(file.to_ascii_lowercase(), l.clone());
                    self.listed
                        .insert(file.replace('.', "_").to_ascii_lowercase(), l);
                }
                None if l.trim().is_empty() => {}
                None => cx.report.warn(format!(
                    "{}#{i}: a conversation.log line lifeboat cannot read: {l:?}",
                    entry.name
                )),
            }
        }
        // the list holds no record of its own: it names who and what the logs are
        let mut b = text.as_bytes();
        cx.sink.carry(&entry.name, &mut b)?;
        Ok(0)
    }

    /// One log file.
    pub(super) fn log(&mut self, entry: &Entry, r: &mut dyn Read, cx: &mut Context) -> Result<u64> {
        let (stem, file_date) = stem_of(entry.file_name());
        let (kind, guessed) = self.log_kind(&stem);
        let backup = entry
            .file_name()
            .to_ascii_lowercase()
            .contains(".txt.backup");
        let (conv_native, title, ckind, group) = match &kind {
            Log::Nearby => (
                "nearby".to_string(),
                "Nearby chat".to_string(),
                "nearby",
                true,
            ),
            Log::Im(w) => (
                format!("im/{}", w.native()),
                w.legacy.clone().unwrap_or_else(|| w.native()),
                "im",
                false,
            ),
            Log::Group(g) => (format!("group/{g}"), g.clone(), "group", true),
            Log::Conference(c) => (format!("conference/{c}"), c.clone(), "conference", true),
        };
        let conv_id = record_id(NET, Kind::Conversation, &conv_native);
        let partner_id = match &kind {
            Log::Im(w) => Some(self.account_of(w, &Source::entry(&entry.name))),
            _ => None,
        };
        {
            let c = self.convs.entry(conv_id.clone()).or_default();
            c.title.get_or_insert(title);
            c.group = group;
            c.kind = ckind;
            if c.source.is_none() {
                c.source = Some(Source::entry(&entry.name));
            }
            if let Some(p) = &partner_id {
                c.participants.insert(p.clone());
            }
            if let Log::Im(w) = &kind {
                c.partner = Some(w.native());
            }
            if let Some(l) = self.listed.get(&stem.to_ascii_lowercase()) {
                c.session = Some(l.session.clone());
            }
        }
        if guessed {
            cx.report.warn(format!(
                "{}: the file name is no avatar's name: read as a group chat (viewers 1.x named group logs by the group alone)",
                entry.name
            ));
        }
        let file_stem = entry
            .name
            .rsplit('/')
            .next()
            .unwrap_or(&entry.name)
            .to_string();
        let mut reader = BufReader::new(r);
        let mut buf = Vec::new();
        let mut pending: Option<(u64, Line, Vec<String>)> = None;
        let mut last_date = file_date;
        let mut n: u64 = 0;
        let mut count = 0u64;
        let mut recoded = 0u64;
        loop {
            buf.clear();
            let got = (&mut reader)
                .take(cx.limits.max_record_bytes)
                .read_until(b'\n', &mut buf)
                .map_err(|e| Error::io(&entry.name, e))?;
            if got == 0 {
                break;
            }
            n += 1;
            let text = match std::str::from_utf8(&buf) {
                Ok(t) => t.to_string(),
                Err(_) => {
                    recoded += 1;
                    buf.iter().map(|b| crate::read::text::cp1252(*b)).collect()
                }
            };
            let text = text.trim_end_matches(['\n', '\r']);
            let text = if n == 1 {
                text.trim_start_matches('\u{feff}')
            } else {
                text
            };
            if let Some(rest) = text.strip_prefix(' ') {
                if let Some((_, _, lines)) = pending.as_mut() {
                    lines.push(rest.to_string());
                    self.features.insert("viewer 1.23+ (multi-line messages)");
                    continue;
                }
            }
            if text.trim().is_empty() {
                // a blank line: a paragraph of the message before (older viewers)
                if let Some((_, _, lines)) = pending.as_mut() {
                    lines.push(String::new());
                }
                continue;
            }
            let parsed = line::parse(text);
            // before viewer 1.23 a message's further lines were written as they were:
            // a line with no timestamp among timestamped ones continues the message
            if parsed.stamp.is_none() {
                if let Some((_, prev, lines)) = pending.as_mut() {
                    if prev.stamp.is_some() {
                        lines.push(text.to_string());
                        self.features
                            .insert("viewer 1.x multi-line messages (lines as written)");
                        continue;
                    }
                }
            }
            if let Some((at, l, lines)) = pending.take() {
                count += 1;
                self.message(
                    &entry.name,
                    &file_stem,
                    at,
                    l,
                    lines,
                    &conv_id,
                    &kind,
                    &mut last_date,
                    cx,
                )?;
            }
            pending = Some((n, parsed, Vec::new()));
        }
        if let Some((at, l, lines)) = pending.take() {
            count += 1;
            self.message(
                &entry.name,
                &file_stem,
                at,
                l,
                lines,
                &conv_id,
                &kind,
                &mut last_date,
                cx,
            )?;
        }
        if recoded > 0 {
            *cx.report.repairs.entry("encoding".into()).or_default() += recoded;
            cx.report.warn(format!(
                "{}: {recoded} lines were not UTF-8 and were read as Windows-1252",
                entry.name
            ));
        }
        if backup {
            cx.report.warn(format!(
                "{}: a backup the viewer made when moving its logs; read like the others (the same lines in two files get two ids)",
                entry.name
            ));
        }
        if let Some(c) = self.convs.get_mut(&conv_id) {
            c.count += count;
        }
        Ok(count)
    }

    #[allow(clippy::too_many_arguments)]
    fn message(
        &mut self,
        entry: &str,
        file: &str,
        at: u64,
        l: Line,
        more: Vec<String>,
        conv_id: &str,
        kind: &Log,
        last_date: &mut Option<NaiveDate>,
        cx: &mut Context,
    ) -> Result<()> {
        let src = Source::at(entry, at);
        let mut text = l.text.clone();
        for m in &more {
            text.push('\n');
            text.push_str(m);
        }
        let text = text.trim_end().to_string();
        let mut m = Message {
            id: record_id(NET, Kind::Message, &format!("{file}/{at}")),
            network: NET.into(),
            conversation: conv_id.to_string(),
            source: src.clone(),
            ..Message::default()
        };
        if let Some(s) = &l.stamp {
            m.raw_times.insert("sent_at".into(), s.raw.clone());
            if s.seconds {
                self.features.insert("Firestorm (seconds in timestamps)");
            }
            if s.raw.to_ascii_lowercase().ends_with('m') {
                self.features.insert("12-hour clock");
            }
            let date = match s.date {
                Some(d) => {
                    *last_date = Some(d);
                    Some(d)
                }
                None => {
                    if last_date.is_some() {
                        m.ext.insert(
                            "date_inferred",
                            json!("the line shows a time only: the date is the file name's or an earlier line's"),
                        );
                    }
                    *last_date
                }
            };
            if let Some(d) = date {
                let (t, note) = to_utc(self.tz, line::local(d, s.time));
                m.sent_at = t;
                if let Some(note) = note {
                    m.ext.insert("time_note", json!(note));
                }
            }
        }
        let (sender, system) = match l.name.as_deref() {
            None => (self.system_account(&src), true),
            Some(n) if n == SYSTEM => (self.system_account(&src), true),
            Some("You") => {
                self.you = true;
                self.features
                    .insert("official viewer 1.x (\"You\" for your own lines)");
                (record_id(NET, Kind::Account, &self.owner_native()), false)
            }
            Some(n) => {
                let w = names::who(n);
                if w.legacy.is_some() && w.display.is_none() {
                    self.features.insert("legacy names");
                }
                if w.display.is_some() {
                    self.features.insert("display names with usernames");
                }
                let id = self.account_of(&w, &src);
                if let (Log::Im(p), Some(u)) = (kind, &w.username) {
                    if p.username.as_ref() != Some(u) {
                        *self.im_speakers.entry(u.clone()).or_default() += 1;
                    }
                }
                (id, false)
            }
        };
        if l.name.as_deref() == Some(SYSTEM) {
            self.features
                .insert("viewer 2+ (\"Second Life:\" system lines)");
        }
        m.sender = sender.clone();
        m.text = text.clone();
        if system {
            m.ext.insert("system", json!(true));
            let (ek, who) = event_of(&text);
            let actor = who.map(|w| self.resolve(w, &src));
            let conv = self.convs.entry(conv_id.to_string()).or_default();
            conv.events.push(ConversationEvent {
                kind: ek.into(),
                actor,
                accounts: Vec::new(),
                name: None,
                at: m.sent_at,
            });
        } else {
            let conv = self.convs.entry(conv_id.to_string()).or_default();
            conv.participants.insert(sender);
        }
        if !more.is_empty() {
            m.ext.insert("lines", json!(more.len() + 1));
        }
        cx.emit(Record::Message(m))
    }

    fn system_account(&mut self, src: &Source) -> String {
        let seen = self.accounts.entry("second-life".into()).or_default();
        if seen.source.is_none() {
            seen.source = Some(src.clone());
        }
        record_id(NET, Kind::Account, "second-life")
    }
}

/// A local time of the viewer's clock in UTC, with a note when the clock repeated or
/// skipped that hour (the changes of daylight saving time).
pub(super) fn to_utc(
    tz: Tz,
    n: chrono::NaiveDateTime,
) -> (Option<Timestamp>, Option<&'static str>) {
    use chrono::{LocalResult, TimeZone};
    let ts = |t: chrono::DateTime<Tz>| Timestamp::from_millis(t.timestamp_millis());
    match tz.from_local_datetime(&n) {
        LocalResult::Single(t) => (ts(t), None),
        LocalResult::Ambiguous(a, _) => (
            ts(a),
            Some(
                "an hour the clock showed twice (daylight saving time ended): the earlier is taken",
            ),
        ),
        LocalResult::None => (
            tz.from_local_datetime(&(n + chrono::Duration::hours(1)))
                .earliest()
                .and_then(ts),
            Some("an hour the clock skipped (daylight saving time began): read an hour later"),
        ),
    }
}
