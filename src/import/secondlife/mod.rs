//! Second Life viewer chat logs: the folder a viewer writes per account (official
//! viewer, Firestorm and the other viewers built on its code): `chat.txt` (nearby
//! chat), one file per IM partner (`john_doe.txt`, `John Doe.txt` before 2010),
//! group chats (`<group> (group).txt`), ad-hoc conferences, the same with a date in
//! the name when "LogFileNamewithDate" was set (`chat-2013-05-01.txt`,
//! `john_doe-2013-05.txt`), and `conversation.log` (the conversation list of viewer
//! 3.6 and later).
//!
//! Each file is a conversation (nearby chat is its own, `secondlife:conversation:nearby`),
//! each logged message a `message`, each system line (`Second Life: …`, `X is
//! Offline`) a message from the `Second Life` account flagged `ext.system` and a
//! conversation event. Timestamps are the viewer's clock, Second Life time (US
//! Pacific) unless `--timezone` says otherwise; the string as written is kept in
//! `raw_times`. See `formats/secondlife/README.md`.

mod line;
mod names;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::str::FromStr;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde_json::json;

use super::{Context, Cover, ImportOptions, Importer, Plan, Stored, COVERS_NOTHING};
use crate::container::Entry;
use crate::error::{Error, Result};
use crate::model::{
    record_id, Account, Conversation, ConversationEvent, Kind, Message, Record, Source, Timestamp,
};
use line::{Line, SYSTEM};
use names::Who;

const NET: &str = "secondlife";

/// Generations read.
pub const GENERATIONS: &[&str] = &[
    "official viewer 1.x (2003-2010): [YYYY/MM/DD H:MM] or [H:MM], legacy names, \"You:\" for your own lines, IM logs named \"First Last.txt\"",
    "viewer 2 and later (2010-): \"Second Life:\" system lines, multi-line messages continued with a space, IM logs by username, \"(group)\" logs, dated file names, conversation.log",
    "Firestorm and other third-party viewers: seconds in timestamps, 12-hour clocks, display names with usernames",
];

/// The clock Second Life shows (and the viewers log in): US Pacific.
pub const DEFAULT_TIMEZONE: &str = "America/Los_Angeles";

fn is_log(name: &str) -> bool {
    let f = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
    f.ends_with(".txt") || (f.contains(".txt.backup"))
}

fn is_nearby(stem: &str) -> bool {
    stem == "chat" || (stem.starts_with("chat-") && date_suffix(stem).is_some())
}

/// How sure we are the entries are a viewer's log folder.
pub(crate) fn detect(entries: &[Entry]) -> Option<u8> {
    let mut nearby = false;
    let mut convlog = false;
    let mut logs = 0;
    for e in entries {
        let f = e.file_name().to_ascii_lowercase();
        if f == "conversation.log" {
            convlog = true;
        }
        if is_log(&f) {
            logs += 1;
            if is_nearby(stem_of(&f).0.as_str()) {
                nearby = true;
            }
        }
    }
    match (convlog, nearby, logs) {
        (true, _, n) if n > 0 => Some(92),
        (_, true, _) => Some(85),
        _ => None,
    }
}

/// A log under a name that says nothing, from its first line.
pub(crate) fn sniff(name: &str, head: &[u8]) -> Option<u8> {
    if !is_log(name) {
        return None;
    }
    let text = String::from_utf8_lossy(head);
    let first = text.trim_start_matches('\u{feff}').lines().next()?;
    let (_, rest) = line::stamp(first)?;
    rest.contains(": ").then_some(60)
}

pub(crate) fn make(entries: &[Entry]) -> Box<dyn Importer> {
    // logs under `<account>/` name their owner
    let owner_dir = entries.iter().find_map(|e| {
        let f = e.file_name().to_ascii_lowercase();
        if !(is_nearby(stem_of(&f).0.as_str()) || f == "conversation.log") {
            return None;
        }
        let parent = e.name.rsplit('/').nth(1)?;
        names::partner(parent).and_then(|w| w.username)
    });
    Box::new(SecondLife {
        owner_dir,
        tz: chrono_tz::America::Los_Angeles,
        tz_name: DEFAULT_TIMEZONE.into(),
        ..SecondLife::default()
    })
}

/// A file's stem without `.txt`, `.backupN` and a date suffix, and that date.
fn stem_of(file: &str) -> (String, Option<NaiveDate>) {
    let mut s = file.to_string();
    if let Some(i) = s.to_ascii_lowercase().find(".txt") {
        s.truncate(i);
    }
    match date_suffix(&s) {
        Some((cut, d)) => (s[..cut].to_string(), d),
        None => (s, None),
    }
}

/// `-2013-05-01` (nearby) or `-2013-05` (others) at the end of a stem.
fn date_suffix(s: &str) -> Option<(usize, Option<NaiveDate>)> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|x| x.iter().all(u8::is_ascii_digit))
            .then(|| s.get(r).unwrap_or(""))
    };
    let n = b.len();
    if n > 11 && b[n - 11] == b'-' && b[n - 6] == b'-' && b[n - 3] == b'-' {
        let (y, m, d) = (
            digits(n - 10..n - 6)?,
            digits(n - 5..n - 3)?,
            digits(n - 2..n)?,
        );
        let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        return Some((n - 11, date));
    }
    if n > 8 && b[n - 8] == b'-' && b[n - 3] == b'-' {
        digits(n - 7..n - 3)?;
        digits(n - 2..n)?;
        return Some((n - 8, None));
    }
    None
}

/// What a log file is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Log {
    Nearby,
    Im(Who),
    Group(String),
    Conference(String),
}

/// One line of `conversation.log`.
#[derive(Clone, Debug)]
struct Listed {
    kind: i64,
    name: String,
    participant: String,
    session: String,
    time: Option<Timestamp>,
}

#[derive(Default)]
struct Conv {
    title: Option<String>,
    group: bool,
    participants: BTreeSet<String>,
    events: Vec<ConversationEvent>,
    count: u64,
    source: Option<Source>,
    kind: &'static str,
    session: Option<String>,
    /// The partner of an IM (native id).
    partner: Option<String>,
}

#[derive(Default)]
struct Seen {
    legacy: Option<String>,
    display: Option<String>,
    object: bool,
    uuid: Option<String>,
    source: Option<Source>,
}

/// The Second Life importer.
#[derive(Default)]
pub struct SecondLife {
    tz: Tz,
    tz_name: String,
    owner_dir: Option<String>,
    listed: HashMap<String, Listed>,
    accounts: BTreeMap<String, Seen>,
    convs: BTreeMap<String, Conv>,
    /// Speakers of IM logs other than the partner: the owner, most likely.
    im_speakers: BTreeMap<String, u64>,
    you: bool,
    features: BTreeSet<&'static str>,
}

impl SecondLife {
    fn log_kind(&self, stem: &str) -> (Log, bool) {
        if is_nearby(stem) || stem == "chat" {
            return (Log::Nearby, false);
        }
        if let Some(l) = self.listed.get(&stem.to_ascii_lowercase()) {
            match l.kind {
                0 => {
                    if let Some(w) = names::partner(stem) {
                        return (Log::Im(w), false);
                    }
                }
                1 => return (Log::Group(l.name.clone()), false),
                _ => return (Log::Conference(l.name.clone()), false),
            }
        }
        if let Some(g) = stem.strip_suffix(" (group)") {
            return (Log::Group(g.to_string()), false);
        }
        if stem.contains(" Conference ") || stem.starts_with("Ad-hoc Conference") {
            return (Log::Conference(stem.to_string()), false);
        }
        match names::partner(stem) {
            Some(w) => (Log::Im(w), false),
            // a name that is no avatar's: a group, as viewers 1.x named group logs
            None => (Log::Group(stem.to_string()), true),
        }
    }

    /// The account of a shown name (noting what the name says of it).
    fn account_of(&mut self, who: &Who, src: &Source) -> String {
        let native = who.native();
        let seen = self.accounts.entry(native.clone()).or_default();
        if seen.source.is_none() {
            seen.source = Some(src.clone());
        }
        if who.legacy.is_some() && seen.legacy.is_none() {
            seen.legacy = who.legacy.clone();
        }
        if who.display.is_some() {
            seen.display = who.display.clone();
        }
        seen.object |= who.object.is_some();
        record_id(NET, Kind::Account, &native)
    }

    /// The account of a name a system line shows: an avatar's name, else a display
    /// name already seen beside a username, else an object.
    fn resolve(&mut self, name: &str, src: &Source) -> String {
        let w = names::who(name);
        if w.username.is_none() {
            if let Some((native, _)) = self.accounts.iter().find(|(_, s)| {
                s.display.as_deref() == Some(name) || s.legacy.as_deref() == Some(name)
            }) {
                return record_id(NET, Kind::Account, native);
            }
        }
        self.account_of(&w, src)
    }

    fn owner_native(&self) -> String {
        self.owner_dir.clone().unwrap_or_else(|| "owner".into())
    }
}

/// A system line's event: `X is Online`, `X is Offline`, `X has joined/left …`.
fn event_of(text: &str) -> (&'static str, Option<&str>) {
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

impl Importer for SecondLife {
    fn network(&self) -> &'static str {
        NET
    }

    fn generation(&self) -> String {
        "viewer chat logs".into()
    }

    fn configure(&mut self, opts: &ImportOptions) -> Result<()> {
        if let Some(name) = &opts.timezone {
            self.tz = Tz::from_str(name).map_err(|_| {
                Error::Usage(format!(
                    "--timezone {name:?}: not a time zone name (use an IANA name such as {DEFAULT_TIMEZONE}, Europe/London or UTC)"
                ))
            })?;
            self.tz_name = name.clone();
        }
        Ok(())
    }

    fn plan(&mut self, entry: &Entry) -> Plan {
        let f = entry.file_name().to_ascii_lowercase();
        if f == "conversation.log" {
            return Plan::Parse {
                phase: 5,
                role: "conversation list".into(),
            };
        }
        if is_log(&f) {
            let (stem, _) = stem_of(entry.file_name());
            let role = if is_nearby(&stem.to_ascii_lowercase()) {
                "nearby chat log"
            } else if stem.ends_with(" (group)") {
                "group chat log"
            } else {
                "IM or group chat log"
            };
            return Plan::Parse {
                phase: 10,
                role: role.into(),
            };
        }
        Plan::Carry {
            role: "not a chat log (viewer settings, caches)".into(),
        }
    }

    fn parse(&mut self, entry: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64> {
        if entry.file_name().eq_ignore_ascii_case("conversation.log") {
            return self.conversation_log(entry, r, cx);
        }
        self.log(entry, r, cx)
    }

    fn media(&mut self, _: &Entry, _: &Stored, _: &mut Context) -> Result<()> {
        Ok(())
    }

    /// The logs one viewer wrote on one computer, while logging was on: a part of
    /// what the account said, complete for nothing.
    fn covers(&self, _entry: &str, _role: &str) -> Cover {
        COVERS_NOTHING
    }

    fn finish(&mut self, cx: &mut Context) -> Result<()> {
        // the owner: the folder's account, else who speaks in every IM log
        let owner = self.owner_dir.clone().or_else(|| {
            self.im_speakers
                .iter()
                .max_by_key(|(_, n)| **n)
                .map(|(u, _)| u.clone())
        });
        let owner_id = owner
            .clone()
            .map(|o| record_id(NET, Kind::Account, &o))
            .or_else(|| self.you.then(|| record_id(NET, Kind::Account, "owner")));
        if let (Some(o), true) = (&owner, self.owner_dir.is_none()) {
            cx.report.warn(format!(
                "the logs do not say whose they are: taken for {o}'s, who speaks in the IM logs"
            ));
        }
        if self.you && owner.is_none() {
            self.accounts.entry("owner".into()).or_default();
        }
        if let Some(o) = &owner {
            self.accounts.entry(o.clone()).or_default();
        }
        let titles: HashMap<String, String> = self
            .accounts
            .iter()
            .filter_map(|(n, s)| Some((n.clone(), s.display.clone().or(s.legacy.clone())?)))
            .collect();
        for (native, seen) in std::mem::take(&mut self.accounts) {
            let mut a = Account {
                id: record_id(NET, Kind::Account, &native),
                network: NET.into(),
                source: seen.source.unwrap_or_default(),
                ..Account::default()
            };
            if native == "second-life" {
                a.display_name = Some(SYSTEM.into());
                a.ext.insert("kind", json!("system"));
            } else if seen.object {
                a.display_name = native.strip_prefix("object/").map(str::to_string);
                a.ext.insert("kind", json!("object"));
            } else if native != "owner" {
                a.handle = Some(native.clone());
                a.display_name = seen.display.clone().or(seen.legacy.clone());
                a.url = Some(format!("https://my.secondlife.com/{native}"));
                if let Some(l) = &seen.legacy {
                    a.ext.insert("legacy_name", json!(l));
                }
                if let Some(u) = &seen.uuid {
                    a.ext.insert("uuid", json!(u));
                }
            }
            a.is_owner = Some(&a.id) == owner_id.as_ref();
            cx.emit(Record::Account(a))?;
        }
        for (id, mut c) in std::mem::take(&mut self.convs) {
            if let Some(t) = c.partner.as_ref().and_then(|p| titles.get(p)) {
                c.title = Some(t.clone());
            }
            let mut participants = c.participants;
            if c.kind != "nearby" {
                if let Some(o) = &owner_id {
                    participants.insert(o.clone());
                }
            }
            let mut conv = Conversation {
                id,
                network: NET.into(),
                participants: participants.into_iter().collect(),
                title: c.title,
                group: c.group,
                events: c.events,
                message_count: c.count,
                source: c.source.unwrap_or_default(),
                ..Conversation::default()
            };
            conv.ext.insert("kind", json!(c.kind));
            if let Some(s) = c.session {
                conv.ext.insert("session_id", json!(s));
            }
            cx.emit(Record::Conversation(conv))?;
        }
        let mut gen: Vec<&str> = self.features.iter().copied().collect();
        if gen.is_empty() {
            gen.push("viewer chat logs");
        }
        cx.report.generation = gen.join(", ");
        cx.report.warn(format!(
            "times are read in the viewer's clock, {} (the logs give no zone); each message keeps the time as written in raw_times.sent_at",
            self.tz_name
        ));
        Ok(())
    }
}

impl SecondLife {
    /// `conversation.log`: `[<unix time>] <type> <voice> <offline> <name>| <participant
    /// id> <session id> <history file>|`, type 0 an IM, 1 a group, 2 an ad-hoc
    /// conference.
    fn conversation_log(
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
    fn log(&mut self, entry: &Entry, r: &mut dyn Read, cx: &mut Context) -> Result<u64> {
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
                    buf.iter().map(|b| crate::import::xml::cp1252(*b)).collect()
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
fn to_utc(tz: Tz, n: chrono::NaiveDateTime) -> (Option<Timestamp>, Option<&'static str>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks() {
        let la = chrono_tz::America::Los_Angeles;
        let d = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(
            to_utc(la, d("2009-11-20 03:00")).0.unwrap().to_rfc3339(),
            "2009-11-20T11:00:00Z"
        );
        assert_eq!(
            to_utc(la, d("2009-07-20 03:00")).0.unwrap().to_rfc3339(),
            "2009-07-20T10:00:00Z"
        );
        let (t, note) = to_utc(la, d("2012-11-04 01:30"));
        assert_eq!(
            (t.unwrap().to_rfc3339().as_str(), note.is_some()),
            ("2012-11-04T08:30:00Z", true)
        );
        let (t, note) = to_utc(la, d("2012-03-11 02:30"));
        assert_eq!(
            (t.unwrap().to_rfc3339().as_str(), note.is_some()),
            ("2012-03-11T10:30:00Z", true)
        );
    }

    #[test]
    fn file_names() {
        assert_eq!(stem_of("chat.txt").0, "chat");
        let (s, d) = stem_of("chat-2013-05-01.txt");
        assert_eq!(
            (s.as_str(), d),
            ("chat", NaiveDate::from_ymd_opt(2013, 5, 1))
        );
        assert_eq!(
            stem_of("john_doe-2013-05.txt"),
            ("john_doe".to_string(), None)
        );
        assert_eq!(
            stem_of("Builders (group)-2013-05.txt").0,
            "Builders (group)"
        );
        assert_eq!(stem_of("mary.txt.backup1").0, "mary");
        let sl = SecondLife::default();
        assert_eq!(sl.log_kind("chat").0, Log::Nearby);
        assert!(matches!(sl.log_kind("john_doe").0, Log::Im(w) if w.native() == "john.doe"));
        assert_eq!(
            sl.log_kind("Builders (group)").0,
            Log::Group("Builders".into())
        );
        assert!(matches!(
            sl.log_kind("Ad-hoc Conference hash597394a0-9982-766d-27b8-c75560213b9a")
                .0,
            Log::Conference(_)
        ));
        assert!(matches!(
            sl.log_kind("Builders Guild of Caledon"),
            (Log::Group(_), true)
        ));
        assert_eq!(
            event_of("Katar Ivercourt is Offline"),
            ("offline", Some("Katar Ivercourt"))
        );
    }
}
