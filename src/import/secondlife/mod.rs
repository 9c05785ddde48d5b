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
mod log;
mod names;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::str::FromStr;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde_json::json;

use super::{Context, Cover, Format, ImportOptions, Importer, Plan, Stored, COVERS_NOTHING};
use crate::container::Entry;
use crate::error::{Error, Result};
use crate::model::{
    record_id, Account, Conversation, ConversationEvent, Kind, Record, Source, Timestamp,
};
use line::SYSTEM;
use names::Who;

const NET: &str = "secondlife";

/// Generations read.
pub const GENERATIONS: &[&str] = &[
    "official viewer 1.x (2003-2010): [YYYY/MM/DD H:MM] or [H:MM], legacy names, \"You:\" for your own lines, IM logs named \"First Last.txt\"",
    "viewer 2 and later (2010-): \"Second Life:\" system lines, multi-line messages continued with a space, IM logs by username, \"(group)\" logs, dated file names, conversation.log",
    "Firestorm and other third-party viewers: seconds in timestamps, 12-hour clocks, display names with usernames",
];

/// secondlife: its line in the list of importers ([`crate::import::formats`]).
pub(crate) const FORMAT: Format = Format {
        name: "secondlife",
        description: "Second Life viewer chat logs (official viewer, Firestorm): nearby chat, IMs, group chats, conferences, conversation.log",
        generations: GENERATIONS,
        detect,
        sniff: Some(sniff),
        make,
};

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

#[cfg(test)]
mod tests {
    use super::log::{event_of, to_utc};
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
