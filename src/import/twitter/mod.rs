//! Twitter / X account archives, every generation:
//!
//! - **G0** classic "Grailbird" archive (2012–2018): `data/js/tweets/YYYY_MM.js`,
//!   `data/js/user_details.js`, `tweets.csv`.
//! - **G1** first GDPR archive (2018–2019): `tweet.js` of bare tweet objects.
//! - **G2** wrapped archive (2019–2022): `data/tweet.js`, `window.YTD.tweet.part0`,
//!   items `{"tweet": {…}}`, `tweet_media/`.
//! - **G3** renamed archive (2022+): `data/tweets.js`, `tweets-partN.js`,
//!   `tweets_media/`, note tweets, edits, deleted and community tweets.
//!
//! The generation is detected from the entries, never from the dump's file name.
//! See `formats/twitter/README.md` for the field-by-field crosswalk.

mod dm;
mod finish;
mod graph;
mod items;
mod owner;
mod raw;
mod roles;
mod tweet;

use items::flat_or_skip;
use raw::{parse_flat, GraphFields, LikeFields, Str};

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;

use serde_json::{Map, Value};

use self::roles::base_name;
use self::roles::is_viewer;
use self::roles::media_folder;
use self::roles::phase;
use self::roles::{role_name, role_of, Role};
use super::{Context, Format, Importer, Plan, Stored};
use crate::container::Entry;
use crate::error::Result;
use crate::model::{
    record_id, Account, Ext, HandleChange, Kind, Media, Record, Relationship, Source, Timestamp,
};
use crate::read::json::{parse_value, stream_items, stream_items_threaded, ItemFault};

pub(crate) const NET: &str = "twitter";

/// Data files larger than this are read on a second thread.
const THREADED_BYTES: u64 = 4 << 20;

/// Generations read.
pub const GENERATIONS: &[&str] = &[
    "G0 classic Grailbird archive (2012-2018): data/js/tweets/YYYY_MM.js, tweets.csv",
    "G1 first GDPR archive (2018-2019): tweet.js with bare tweet objects",
    "G2 wrapped archive (2019-2022): data/tweet.js, window.YTD.tweet.part0, tweet_media/",
    "G3 renamed archive (2022+): data/tweets.js, tweets-partN.js, note-tweet.js, tweets_media/",
];

/// twitter: its line in the list of importers ([`crate::import::formats`]).
pub(crate) const FORMAT: Format = Format {
    name: "twitter",
    description: "Twitter / X account archive (\"Download your data\")",
    generations: GENERATIONS,
    detect,
    sniff: None,
    make,
};

/// Score how sure we are that these entries are a Twitter archive.
pub(crate) fn detect(entries: &[Entry]) -> Option<u8> {
    let mut score = 0u8;
    for e in entries {
        match role_of(&e.name) {
            Some(Role::Tweets) | Some(Role::ClassicMonth) => score = score.max(90),
            Some(Role::Manifest) if e.name.ends_with("manifest.js") => score = score.max(80),
            Some(Role::ClassicUser) | Some(Role::ClassicPayload) | Some(Role::ClassicIndex) => {
                score = score.max(80)
            }
            Some(Role::Account) | Some(Role::Graph(_)) | Some(Role::Likes) => score = score.max(50),
            _ => {}
        }
    }
    (score > 0).then_some(score)
}

pub(crate) fn make(entries: &[Entry]) -> Box<dyn super::Importer> {
    let mut gen = "unknown";
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    let has = |f: &dyn Fn(&str) -> bool| names.iter().any(|n| f(n));
    if has(&|n| role_of(n) == Some(Role::ClassicMonth)) {
        gen = "G0";
    } else if has(&|n| matches!(base_name(n), Some("tweets")))
        || has(&|n| media_folder(n) == Some("tweets_media"))
    {
        gen = "G3";
    } else if has(&|n| matches!(base_name(n), Some("tweet"))) {
        // G1 and G2 share the file name; the item shape tells them apart.
        gen = "G2";
    } else if has(&|n| n.ends_with("manifest.js")) {
        gen = "G3";
    }
    let has_classic_js = gen == "G0";
    Box::new(Twitter {
        gen: gen.to_string(),
        has_classic_js,
        // each name, and each name less a top folder (a re-zipped dump), hashed: a
        // dump may have a million entries
        present: names
            .iter()
            .flat_map(|n| [Some(*n), n.split_once('/').map(|(_, r)| r)])
            .flatten()
            .map(name_hash)
            .collect(),
        ..Twitter::default()
    })
}

/// A note tweet waiting for its head.
#[derive(Debug)]
pub(crate) struct Note {
    value: Map<String, Value>,
    source: Source,
    used: bool,
    deleted: bool,
}

/// A stored media file, by file name.
#[derive(Debug)]
pub(crate) struct FileRef {
    entry: String,
    stored: Stored,
    used: bool,
}

/// What is known of another account, emitted at the end.
#[derive(Debug, Default)]
pub(crate) struct Stub {
    handle: Option<Box<str>>,
    name: Option<Box<str>>,
}

/// The other accounts with numeric ids, as compact as a 1M-tweet archive's 300,000
/// of them need: each id maps to its handle and name in one shared text buffer (about
/// 30 bytes an account plus its text, where a map of two boxed strings took 110).
#[derive(Default)]
pub(crate) struct StubTable {
    index: BTreeMap<u64, StubAt>,
    text: String,
}

/// Where an account's handle and name are in [`StubTable::text`] (length 0: unknown).
#[derive(Clone, Copy, Default)]
struct StubAt {
    at: usize,
    handle: u32,
    name: u32,
}

impl StubTable {
    /// Note what is known of `id`, keeping what was learnt first.
    fn see(&mut self, id: u64, handle: Option<&str>, name: Option<&str>) {
        let at = self.index.entry(id).or_default();
        let handle =
            handle.filter(|h| at.handle == 0 && !h.is_empty() && h.len() < u32::MAX as usize);
        let name = name.filter(|n| at.name == 0 && !n.is_empty() && n.len() < u32::MAX as usize);
        if handle.is_none() && name.is_none() {
            return;
        }
        // the new text goes at the end, with what was known before (rare: a follower
        // listed by id only, then met in a mention with its handle and name)
        let old = *at;
        let keep_h = self
            .text
            .get(old.at..old.at + old.handle as usize)
            .unwrap_or("");
        let keep_n = self
            .text
            .get(old.at + old.handle as usize..old.at + old.handle as usize + old.name as usize)
            .unwrap_or("");
        let (h, n) = (
            handle.unwrap_or(keep_h).to_string(),
            name.unwrap_or(keep_n).to_string(),
        );
        let new = StubAt {
            at: self.text.len(),
            handle: h.len() as u32,
            name: n.len() as u32,
        };
        self.text.push_str(&h);
        self.text.push_str(&n);
        self.index.insert(id, new);
    }

    /// Every account, by id, as a [`Stub`].
    fn drain(self) -> impl Iterator<Item = (u64, Stub)> {
        let text = self.text;
        self.index.into_iter().map(move |(id, at)| {
            let part = |from: usize, len: u32| -> Option<Box<str>> {
                (len > 0)
                    .then(|| text.get(from..from + len as usize).map(Into::into))
                    .flatten()
            };
            let stub = Stub {
                handle: part(at.at, at.handle),
                name: part(at.at + at.handle as usize, at.name),
            };
            (id, stub)
        })
    }
}

#[derive(Default)]
pub(crate) struct Twitter {
    gen: String,
    has_classic_js: bool,
    owner: Account,
    owner_native: Option<String>,
    protected: bool,
    accounts: StubTable,
    other_accounts: BTreeMap<String, Stub>,
    notes: BTreeMap<u64, Note>,
    files: HashMap<String, FileRef>,
    files_by_prefix: HashMap<String, Vec<String>>,
    edits: BTreeMap<u64, Vec<crate::model::Post>>,
    media_ids: HashSet<u64>,
    classic_ids: HashSet<u64>,
    manifest_counts: HashMap<String, u64>,
    classic_counts: HashMap<String, u64>,
    classic_total: Option<u64>,
    tweets_read: u64,
    headers_read: u64,
    deleted_headers_read: u64,
    deleted_read: u64,
    /// Conversations, held until the end: a conversation listed as two items (its
    /// messages split between them) is one record.
    conversations: BTreeMap<String, crate::model::Conversation>,
    /// Every conversation id met in the DM files, with the number of items it had.
    seen_conversations: HashMap<String, u32>,
    xchat_conversations: BTreeMap<String, (HashSet<String>, u64, Source)>,
    media_dir_names: HashMap<Role, String>,
    /// Hashes of the names of every entry of the dump (to find files the manifest
    /// lists but the dump lacks).
    present: HashSet<u64>,
}

fn name_hash(n: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    n.hash(&mut h);
    h.finish()
}

impl Twitter {
    pub(crate) fn owner_id(&self) -> String {
        match &self.owner_native {
            Some(n) => record_id(NET, Kind::Account, n),
            None => record_id(NET, Kind::Account, "owner"),
        }
    }

    pub(crate) fn see_account(&mut self, native: &str, handle: Option<&str>, name: Option<&str>) {
        if Some(native) == self.owner_native.as_deref()
            || native.is_empty()
            || native == "0"
            || native == "-1"
        {
            return;
        }
        let stub = match native.parse::<u64>() {
            Ok(n) => return self.accounts.see(n, handle, name),
            Err(_) => self.other_accounts.entry(native.to_string()).or_default(),
        };
        if stub.handle.is_none() {
            stub.handle = handle.filter(|h| !h.is_empty()).map(Into::into);
        }
        if stub.name.is_none() {
            stub.name = name.filter(|h| !h.is_empty()).map(Into::into);
        }
    }

    fn set_owner_native(&mut self, id: &str) {
        if self.owner_native.is_none() && !id.is_empty() {
            self.owner_native = Some(id.to_string());
            self.owner.id = record_id(NET, Kind::Account, id);
            self.owner.url = Some(format!("https://twitter.com/i/user/{id}"));
        }
    }

    /// Look up a stored media file: exact names first, then any unused file with
    /// the owner id prefix.
    pub(crate) fn take_file(
        &mut self,
        prefix: &str,
        basenames: &[String],
    ) -> Option<(String, Stored)> {
        for b in basenames {
            let name = format!("{prefix}-{b}");
            if let Some(f) = self.files.get_mut(&name) {
                f.used = true;
                return Some((f.entry.clone(), f.stored.clone()));
            }
        }
        let cands = self.files_by_prefix.get(prefix)?;
        for c in cands {
            if let Some(f) = self.files.get_mut(c) {
                if !f.used {
                    f.used = true;
                    return Some((f.entry.clone(), f.stored.clone()));
                }
            }
        }
        None
    }

    /// The media folder that holds the files of a role, as named in this dump.
    pub(crate) fn media_dir(&self, role: Role, entry: &str) -> String {
        if let Some(d) = self.media_dir_names.get(&role) {
            return d.clone();
        }
        let dir = entry
            .rsplit_once('/')
            .map(|(d, _)| format!("{d}/"))
            .unwrap_or_default();
        let folder = match role {
            Role::DeletedTweets => "deleted_tweets_media",
            Role::CommunityTweets => "community_tweet_media",
            Role::CircleTweets => "twitter_circle_tweet_media",
            Role::DirectMessages => "direct_messages_media",
            Role::GroupMessages => "direct_messages_group_media",
            _ if self.gen == "G3" => "tweets_media",
            _ => "tweet_media",
        };
        format!("{dir}{folder}")
    }
}

/// Whether a file name of the manifest (`data/tweets.js`, from the archive root) names
/// this entry: below a top folder (a re-zipped dump, a part), or read from inside
/// `data/` (the user gave lifeboat the data folder itself).
fn manifest_names(manifest_name: &str, entry: &str) -> bool {
    let in_data = manifest_name.strip_prefix("data/").unwrap_or(manifest_name);
    entry == manifest_name
        || entry == in_data
        || entry.ends_with(&format!("/{manifest_name}"))
        || entry.ends_with(&format!("/{in_data}"))
}

/// Take a string field out of a map (numbers are accepted as their decimal form).
pub(crate) fn take_str(m: &mut Map<String, Value>, k: &str) -> Option<String> {
    match m.remove(k)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Null => None,
        other => {
            m.insert(k.to_string(), other);
            None
        }
    }
}

pub(crate) fn get_str<'a>(m: &'a Map<String, Value>, k: &str) -> Option<&'a str> {
    m.get(k).and_then(Value::as_str)
}

/// Parse a time field, recording its original form when it was not RFC 3339 UTC.
pub(crate) fn take_time(
    m: &mut Map<String, Value>,
    k: &str,
    field: &str,
    raw: &mut BTreeMap<String, String>,
) -> Option<Timestamp> {
    let s = take_str(m, k)?;
    match Timestamp::parse(&s) {
        Some((t, canonical)) => {
            if !canonical {
                raw.insert(field.to_string(), s);
            }
            Some(t)
        }
        None => {
            m.insert(k.to_string(), Value::String(s));
            None
        }
    }
}

/// Unwrap `{"<key>": {...}}` items; bare objects are returned as they are.
pub(crate) fn unwrap_item(v: Value, key: &str) -> Option<Map<String, Value>> {
    match v {
        Value::Object(mut m) => {
            if m.len() == 1 {
                if let Some(Value::Object(inner)) = m.remove(key) {
                    return Some(inner);
                }
            }
            Some(m)
        }
        _ => None,
    }
}

pub(crate) fn ext_of(m: Map<String, Value>) -> Ext {
    Ext::from_map(m)
}

impl Importer for Twitter {
    fn network(&self) -> &'static str {
        NET
    }

    fn generation(&self) -> String {
        match self.gen.as_str() {
            "G0" => GENERATIONS[0].to_string(),
            "G1" => GENERATIONS[1].to_string(),
            "G2" => GENERATIONS[2].to_string(),
            "G3" => GENERATIONS[3].to_string(),
            g => g.to_string(),
        }
    }

    fn plan(&mut self, e: &Entry) -> Plan {
        if let Some(folder) = media_folder(&e.name) {
            return Plan::Media {
                role: folder.to_string(),
            };
        }
        if is_viewer(&e.name) {
            return Plan::Ignore {
                reason: "archive viewer (HTML, scripts, styles), not data".into(),
            };
        }
        match role_of(&e.name) {
            Some(Role::ClassicCsv) if !self.has_classic_js => Plan::Parse {
                phase: 10,
                role: "tweets.csv".into(),
            },
            Some(r) => Plan::Parse {
                phase: phase(r),
                role: role_name(r),
            },
            None => Plan::Carry {
                role: if e.name.ends_with(".js") {
                    "data type lifeboat does not map: kept verbatim".into()
                } else {
                    "not a data file lifeboat reads: kept verbatim".into()
                },
            },
        }
    }

    fn parse(&mut self, e: &Entry, r: &mut (dyn Read + Send), cx: &mut Context) -> Result<u64> {
        let Some(role) = role_of(&e.name) else {
            return Ok(0);
        };
        match role {
            Role::Manifest => self.read_items(e, r, cx, Kind::Account, |t, v, _, _| {
                t.manifest(v);
                Ok(())
            }),
            Role::Tweets
            | Role::DeletedTweets
            | Role::CommunityTweets
            | Role::CircleTweets
            | Role::ClassicMonth => {
                let n = self.read_item_bytes(e, r, cx, Kind::Post, |t, b, src, cx| {
                    t.tweet(role, b, src, cx)
                })?;
                if role == Role::ClassicMonth {
                    let key = e
                        .name
                        .rsplit('/')
                        .next()
                        .unwrap_or("")
                        .trim_end_matches(".js")
                        .to_string();
                    if let Some(&want) = self.classic_counts.get(&key) {
                        if want != n {
                            cx.report.warn(format!(
                                "{}: tweet_index.js says {want} tweets, {n} were read",
                                e.name
                            ));
                        }
                    }
                }
                Ok(n)
            }
            Role::Notes | Role::DeletedNotes => {
                self.read_items(e, r, cx, Kind::Post, |t, v, src, cx| {
                    match unwrap_item(v, "noteTweet") {
                        Some(m) => {
                            let id = get_str(&m, "noteTweetId").and_then(|s| s.parse::<u64>().ok());
                            match id {
                                Some(id) => {
                                    t.notes.insert(
                                        id,
                                        Note {
                                            value: m,
                                            source: src,
                                            used: false,
                                            deleted: role == Role::DeletedNotes,
                                        },
                                    );
                                }
                                None => cx.report.skipped(
                                    Kind::Post,
                                    "note tweet without a numeric noteTweetId",
                                    loc(&src),
                                ),
                            }
                        }
                        None => cx.report.skipped(
                            Kind::Post,
                            "note tweet item is not an object",
                            loc(&src),
                        ),
                    }
                    Ok(())
                })
            }
            Role::TweetHeaders | Role::DeletedTweetHeaders => {
                // Headers repeat tweets read elsewhere: they are a completeness check, not
                // records, so they are only counted, not parsed.
                let n = self.read_item_bytes(e, r, cx, Kind::Post, |_, _, _, _| Ok(()))?;
                if role == Role::TweetHeaders {
                    self.headers_read += n;
                } else {
                    self.deleted_headers_read += n;
                }
                Ok(n)
            }
            Role::Likes | Role::Bookmarks => self.read_item_bytes(
                e,
                r,
                cx,
                Kind::Reaction,
                |t, b, src, cx| match flat_or_skip::<LikeFields>(b, Kind::Reaction, &src, cx) {
                    Some(f) => t.like(role, f, src, cx),
                    None => Ok(()),
                },
            ),
            Role::Graph(kind) => {
                self.read_item_bytes(e, r, cx, Kind::Relationship, |t, b, src, cx| {
                    match flat_or_skip::<GraphFields>(b, Kind::Relationship, &src, cx) {
                        Some(f) => t.graph(kind, f, src, cx),
                        None => Ok(()),
                    }
                })
            }
            Role::Lists(kind) => self.read_items(e, r, cx, Kind::Relationship, |t, v, src, cx| {
                t.list(kind, v, src, cx)
            }),
            Role::DirectMessages | Role::GroupMessages => {
                self.read_items(e, r, cx, Kind::Conversation, |t, v, src, cx| {
                    t.dm_conversation(role, v, src, cx)
                })
            }
            Role::MessageEvents => self.read_items(e, r, cx, Kind::Message, |t, v, src, cx| {
                t.message_event(v, src, cx)
            }),
            Role::Account
            | Role::Profile
            | Role::Verified
            | Role::ScreenNameChange
            | Role::ProtectedHistory
            | Role::AccountTimezone
            | Role::ClassicUser
            | Role::ClassicPayload
            | Role::ClassicIndex => self.read_items(e, r, cx, Kind::Account, |t, v, src, cx| {
                t.owner_part(role, v, src, cx);
                Ok(())
            }),
            Role::ClassicCsv => self.csv(e, r, cx),
        }
    }

    fn media(&mut self, e: &Entry, stored: &Stored, _cx: &mut Context) -> Result<()> {
        let file = e.file_name().to_string();
        if let Some((prefix, _)) = file.split_once('-') {
            self.files_by_prefix
                .entry(prefix.to_string())
                .or_default()
                .push(file.clone());
        }
        if let Some(folder) = media_folder(&e.name) {
            let dir = e
                .name
                .rsplit_once('/')
                .map(|(d, _)| d.to_string())
                .unwrap_or_default();
            let role = match folder {
                "tweets_media" | "tweet_media" => Some(Role::Tweets),
                "deleted_tweets_media" => Some(Role::DeletedTweets),
                "community_tweet_media" => Some(Role::CommunityTweets),
                "direct_messages_media" => Some(Role::DirectMessages),
                "direct_messages_group_media" => Some(Role::GroupMessages),
                _ => None,
            };
            if let Some(r) = role {
                self.media_dir_names.entry(r).or_insert(dir);
            }
        }
        self.files.insert(
            file,
            FileRef {
                entry: e.name.clone(),
                stored: stored.clone(),
                used: false,
            },
        );
        Ok(())
    }

    fn finish(&mut self, cx: &mut Context) -> Result<()> {
        self.finish_import(cx)
    }

    /// An X archive is one snapshot of the whole account: each data file present (even
    /// empty) holds all of its kind. Posts and media by file family (tweets, deleted,
    /// community, circle tweets, unjoined notes); relationships and reactions by their
    /// kind; DMs by conversation type; accounts as a whole. A classic archive that
    /// holds fewer tweets than `payload_details.js` declares is cut: its tweets are not
    /// complete.
    fn covers(&self, entry: &str, _role: &str) -> super::Cover {
        use super::{Cover, COVERS_NOTHING};
        let cut = self
            .classic_total
            .is_some_and(|want| want > self.tweets_read);
        let Some(role) = role_of(entry) else {
            return COVERS_NOTHING;
        };
        Cover::Complete(match role {
            Role::Tweets => &["post:tweets", "media:tweets"],
            Role::ClassicMonth | Role::ClassicCsv if cut => &[],
            Role::ClassicMonth => &["post:tweets", "media:tweets"],
            Role::ClassicCsv => &["post:tweets"],
            Role::DeletedTweets => &["post:deleted", "media:deleted"],
            Role::CommunityTweets => &["post:community", "media:community"],
            Role::CircleTweets => &["post:circle", "media:circle"],
            Role::Notes => &["post:notes"],
            Role::DeletedNotes => &["post:deleted_notes"],
            Role::Likes => &["reaction:like"],
            Role::Bookmarks => &["reaction:bookmark"],
            Role::Graph("follower") => &["relationship:follower"],
            Role::Graph("following") => &["relationship:following"],
            Role::Graph("block") => &["relationship:block"],
            Role::Graph("mute") => &["relationship:mute"],
            Role::Lists("list_owner") => &["relationship:list_owner"],
            Role::Lists("list_member") => &["relationship:list_member"],
            Role::Lists("list_subscriber") => &["relationship:list_subscriber"],
            Role::DirectMessages => &[
                "conversation:dm",
                "message:dm",
                "media:dm",
                "reaction:emoji",
            ],
            Role::GroupMessages => &[
                "conversation:group_dm",
                "message:group_dm",
                "media:group_dm",
                "reaction:emoji",
            ],
            Role::MessageEvents => &["conversation:xchat", "message:xchat"],
            Role::Account | Role::ClassicUser => &["account"],
            Role::Graph(_)
            | Role::Lists(_)
            | Role::Manifest
            | Role::TweetHeaders
            | Role::DeletedTweetHeaders
            | Role::Profile
            | Role::Verified
            | Role::ScreenNameChange
            | Role::ProtectedHistory
            | Role::AccountTimezone
            | Role::ClassicPayload
            | Role::ClassicIndex => &[],
        })
    }
}

pub(crate) fn loc(s: &Source) -> String {
    match s.index {
        Some(i) => format!("{}#{}", s.entry, i),
        None => s.entry.clone(),
    }
}

impl Twitter {
    fn csv(&mut self, e: &Entry, r: &mut dyn Read, cx: &mut Context) -> Result<u64> {
        tweet::csv::read_csv(self, e, r, cx)
    }
}

pub(crate) fn merge_ext(ext: &mut Ext, add: Map<String, Value>) {
    ext.extend_map(add);
}
