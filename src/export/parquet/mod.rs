//! Parquet: one dataset per record kind, Hive-partitioned by network and owner
//! account, for DuckDB, Spark, Polars, DataFusion, Trino and pyarrow; the exports of
//! many archives share one tree.
//!
//! ```text
//! OUT/
//!   record=post/network=twitter/account=twitter%3Aaccount%3A12/part-<archive id>.parquet
//!   record=post/network=mastodon/account=…/part-<archive id>.parquet
//!   record=account/network=twitter/account=…/part-<archive id>.parquet
//!   …
//!   catalog/part-<archive id>.parquet     one row per dump of the archive
//! ```
//!
//! Every row carries its record id, where it came from (`source_dump`,
//! `source_sha256`, `source_entry`, `source_index`, …) and its archive (`archive`,
//! `archive_id`). Each archive writes only files named by its id ([`tree`]), so the
//! exports of many archives into one folder read as one dataset, and exporting an
//! archive again replaces its own files only. Typed columns for the model's fields,
//! timestamps as `TIMESTAMP(MICROS, UTC)`, lists of record ids or tags as
//! `LIST<STRING>`, nested fields and `ext` as JSON text (`docs/parquet.md` lists every
//! column; the choices are in `docs/decisions.md`, "Parquet export"). Files are
//! written a row group at a time ([`writer`]) and compressed with zstd.
//!
//! Like the CSV and SQLite exports, it holds every record whatever its visibility,
//! except what is direct: messages, conversations, direct posts, reactions to
//! messages and media only attached to messages go in only with `--include direct`.

mod columns;
mod tree;
mod writer;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use columns::{Origin, SCHEMA};
pub(crate) use tree::prepare;
use tree::{partition_value, Staging, CATALOG_DIR, RECORD_KEY};
use writer::{Cell, Col, Part, Ty};

use super::report::Book;
use super::select::{record_network, Ctx};
use crate::archive::ArchiveSource;
use crate::error::{Error, Result};
use crate::model::{Kind, Record, Visibility};

/// Write the archive's Parquet files into the tree at `out` (made ready by
/// [`prepare`], or a scratch folder for a dry run).
pub(crate) fn write(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let archive = archive_name(ctx.archive.root());
    let archive_id = ctx.archive.id();
    let dumps = Dumps::load(ctx.archive.root(), ctx.archive.sources());
    let owners = Owners::new(ctx.owners());
    let direct = ctx.filter.include.contains(&Visibility::Direct);
    if direct {
        book.note(
            "--include direct: direct messages, conversations and direct posts are in this export",
        );
    }
    let mut staging = Staging::new(out, &archive_id);
    for kind in Kind::ALL {
        let cols = columns::columns(kind);
        let mut parts: BTreeMap<(String, Option<String>), Part> = BTreeMap::new();
        for r in ctx.archive.records(kind)? {
            let r = r?;
            if !keep(ctx, &r, direct, book) {
                continue;
            }
            let network = record_network(&r).to_string();
            let key = (
                network,
                owners.of(record_network(&r), &r).map(str::to_string),
            );
            let part = match parts.get_mut(&key) {
                Some(p) => p,
                None => {
                    let rel = PathBuf::from(format!("{RECORD_KEY}={}", kind.as_str()))
                        .join(format!("network={}", partition_value(&key.0)))
                        .join(format!(
                            "account={}",
                            partition_value(key.1.as_deref().unwrap_or(""))
                        ));
                    let path = staging.file(&rel)?;
                    let kv = vec![
                        ("lifeboat.parquet_schema".to_string(), SCHEMA.to_string()),
                        (
                            "lifeboat.record_kind".to_string(),
                            kind.as_str().to_string(),
                        ),
                        ("lifeboat.network".to_string(), key.0.clone()),
                        (
                            "lifeboat.account".to_string(),
                            key.1.clone().unwrap_or_default(),
                        ),
                        ("lifeboat.archive".to_string(), archive.clone()),
                        ("lifeboat.archive_id".to_string(), archive_id.clone()),
                    ];
                    let p = Part::create(&path, kind.as_str(), &cols, kv)?;
                    parts.entry(key.clone()).or_insert(p)
                }
            };
            let origin = dumps.origin(&key.0, source_of(&r), &archive, &archive_id);
            let cells: Vec<Cell> = columns::row(&r, &origin)
                .into_iter()
                .map(|(_, c)| c)
                .collect();
            part.push(cells)?;
            book.wrote(kind);
        }
        for (_, p) in parts {
            p.finish()?;
        }
    }
    let path = staging.file(Path::new(CATALOG_DIR))?;
    write_catalog(&path, ctx, &archive, &archive_id)?;
    staging.commit()
}

/// The archive's owner accounts by network (without the placeholder an importer
/// writes when a dump does not say whose it is): the `account=` partition of a
/// network's records.
struct Owners {
    by_network: HashMap<String, Vec<String>>,
}

impl Owners {
    fn new(ids: &HashSet<String>) -> Owners {
        let mut by_network: HashMap<String, Vec<String>> = HashMap::new();
        for id in ids {
            let mut it = id.splitn(3, ':');
            let (Some(net), Some("account"), Some(native)) = (it.next(), it.next(), it.next())
            else {
                continue;
            };
            if native != "owner" {
                by_network
                    .entry(net.to_string())
                    .or_default()
                    .push(id.clone());
            }
        }
        for v in by_network.values_mut() {
            v.sort();
        }
        Owners { by_network }
    }

    /// The owner account a record of `network` belongs to: the network's one owner;
    /// when the archive holds several, the one the record names (as the account
    /// itself, author, actor, subject, sender or participant); else none.
    fn of(&self, network: &str, r: &Record) -> Option<&str> {
        let list = self.by_network.get(network)?;
        if let [one] = list.as_slice() {
            return Some(one);
        }
        let named: Vec<&String> = match r {
            Record::Account(a) => vec![&a.id],
            Record::Post(p) => vec![&p.author],
            Record::Reaction(x) => vec![&x.actor],
            Record::Relationship(x) => vec![&x.subject],
            Record::Message(m) => vec![&m.sender],
            Record::Conversation(c) => c.participants.iter().collect(),
            Record::Media(_) => Vec::new(),
        };
        list.iter().find(|o| named.contains(o)).map(String::as_str)
    }
}

/// The records that go in: those the filter takes (`--network`, `--account`,
/// `--since`/`--until`, as for CSV and SQLite), and what is direct only with
/// `--include direct`; each record left out is counted with its reason.
fn keep(ctx: &Ctx, r: &Record, direct: bool, book: &mut Book) -> bool {
    if !ctx.filter.in_network(record_network(r)) {
        return false;
    }
    const WHY: &str =
        "direct messages and what belongs to them are exported only with --include direct";
    let is_message = |id: &str| id.split(':').nth(1) == Some("message");
    match r {
        Record::Post(p) => {
            if !ctx.keep_post(p, book) {
                return false;
            }
            if p.visibility == Visibility::Direct && !direct {
                book.lost(
                    Kind::Post,
                    "direct posts are exported only with --include direct",
                );
                return false;
            }
            true
        }
        Record::Message(m) => {
            if !direct {
                book.lost(Kind::Message, WHY);
                return false;
            }
            ctx.filter.in_time(m.sent_at.as_ref())
        }
        Record::Conversation(_) if !direct => {
            book.lost(Kind::Conversation, WHY);
            false
        }
        Record::Reaction(x) if !direct && is_message(&x.target) => {
            book.lost(Kind::Reaction, WHY);
            false
        }
        Record::Media(m)
            if !direct
                && !m.attached_to.is_empty()
                && m.attached_to.iter().all(|a| is_message(a)) =>
        {
            book.lost(Kind::Media, WHY);
            false
        }
        _ => true,
    }
}

fn source_of(r: &Record) -> &crate::model::Source {
    match r {
        Record::Account(x) => &x.source,
        Record::Post(x) => &x.source,
        Record::Media(x) => &x.source,
        Record::Relationship(x) => &x.source,
        Record::Reaction(x) => &x.source,
        Record::Conversation(x) => &x.source,
        Record::Message(x) => &x.source,
    }
}

/// The archive's name: its folder's name.
fn archive_name(root: &Path) -> String {
    let abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    abs.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| abs.display().to_string())
}

/// One dump of the archive: what a record needs to name where it came from.
struct Dump {
    id: String,
    sha256: String,
    network: String,
    /// The entries its import report lists (read only when the archive holds more
    /// than one dump).
    entries: HashSet<String>,
}

/// The archive's dumps, oldest first.
struct Dumps {
    list: Vec<Dump>,
    by_id: HashMap<String, usize>,
}

impl Dumps {
    fn load(root: &Path, sources: &[ArchiveSource]) -> Dumps {
        let many = sources.len() > 1;
        let list: Vec<Dump> = sources
            .iter()
            .map(|s| Dump {
                id: s.id.clone(),
                sha256: s.sha256.clone(),
                network: s.network.clone(),
                entries: if many {
                    report_entries(root, &s.report)
                } else {
                    HashSet::new()
                },
            })
            .collect();
        let by_id = list
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        Dumps { list, by_id }
    }

    /// The dump a record was last read from: the one its `last_seen_in` names; else
    /// the only dump (of its network, or of the archive); else the newest dump of its
    /// network (or of the archive) whose report lists the record's entry; else, when
    /// the archive holds dumps of its network, the newest of them (a merge keeps the
    /// newest export's copy of a record). Unknown (null) when none of these holds.
    fn of(&self, network: &str, s: &crate::model::Source) -> Option<&Dump> {
        if let Some(d) = s.last_seen_in.as_ref().and_then(|id| self.by_id.get(id)) {
            return self.list.get(*d);
        }
        let of_net: Vec<&Dump> = self.list.iter().filter(|d| d.network == network).collect();
        let candidates: Vec<&Dump> = if of_net.is_empty() {
            self.list.iter().collect()
        } else {
            of_net
        };
        if candidates.len() == 1 {
            return candidates.first().copied();
        }
        if let Some(d) = candidates
            .iter()
            .rev()
            .find(|d| d.entries.contains(&s.entry))
        {
            return Some(d);
        }
        candidates.last().copied().filter(|d| d.network == network)
    }

    fn origin(
        &self,
        network: &str,
        s: &crate::model::Source,
        archive: &str,
        archive_id: &str,
    ) -> Origin {
        let d = self.of(network, s);
        Origin {
            dump: d.map(|d| d.id.clone()),
            sha256: d.map(|d| d.sha256.clone()).filter(|s| !s.is_empty()),
            archive: archive.to_string(),
            archive_id: archive_id.to_string(),
        }
    }
}

/// The entry paths an import report lists (empty when it cannot be read).
fn report_entries(root: &Path, rel: &str) -> HashSet<String> {
    #[derive(serde::Deserialize)]
    struct Entry {
        path: String,
    }
    #[derive(serde::Deserialize)]
    struct Rep {
        #[serde(default)]
        entry_list: Vec<Entry>,
    }
    if rel.is_empty() {
        return HashSet::new();
    }
    let Ok(f) = std::fs::File::open(root.join(rel)) else {
        return HashSet::new();
    };
    serde_json::from_reader::<_, Rep>(std::io::BufReader::new(f))
        .map(|r| r.entry_list.into_iter().map(|e| e.path).collect())
        .unwrap_or_default()
}

/// A column of the catalog.
const fn col(name: &'static str, ty: Ty) -> Col {
    Col { name, ty }
}

/// The columns of the catalog's files (`catalog/part-<archive id>.parquet`).
const CATALOG: [Col; 12] = [
    col("archive", Ty::ReqStr),
    col("archive_id", Ty::ReqStr),
    col("dump", Ty::ReqStr),
    col("sha256", Ty::Str),
    col("file_name", Ty::Str),
    col("bytes", Ty::Int),
    col("network", Ty::Str),
    col("generation", Ty::Str),
    col("imported_at", Ty::Ts),
    col("account", Ty::Str),
    col("accounts", Ty::List),
    col("schema_version", Ty::Str),
];

/// The archive's catalog file: one row per dump imported into it, with the owner
/// accounts its export names (`coverage.accounts`; `account` is the first of them,
/// in the form the `account=` partitions have).
fn write_catalog(path: &Path, ctx: &Ctx, archive: &str, archive_id: &str) -> Result<()> {
    let kv = vec![
        ("lifeboat.parquet_schema".to_string(), SCHEMA.to_string()),
        ("lifeboat.archive".to_string(), archive.to_string()),
        ("lifeboat.archive_id".to_string(), archive_id.to_string()),
    ];
    let mut p = Part::create(path, "catalog", &CATALOG, kv)?;
    let meta: serde_json::Value = std::fs::read(ctx.archive.root().join("data/lifeboat.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let accounts_of = |id: &str| -> Vec<String> {
        meta.get("sources")
            .and_then(|s| s.as_array())
            .and_then(|a| {
                a.iter()
                    .find(|s| s.get("id").and_then(|v| v.as_str()) == Some(id))
            })
            .and_then(|s| s.pointer("/coverage/accounts"))
            .and_then(|a| a.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let opt = |s: &str| {
        if s.is_empty() {
            Cell::Null
        } else {
            Cell::Str(s.to_string())
        }
    };
    for s in ctx.archive.sources() {
        let at = crate::model::Timestamp::parse(&s.imported_at)
            .and_then(|(t, _)| t.millis().checked_mul(1000))
            .map_or(Cell::Null, Cell::Int);
        let accounts = accounts_of(&s.id);
        p.push(vec![
            Cell::Str(archive.to_string()),
            Cell::Str(archive_id.to_string()),
            Cell::Str(s.id.clone()),
            opt(&s.sha256),
            opt(&s.file_name),
            i64::try_from(s.bytes).map_or(Cell::Null, Cell::Int),
            opt(&s.network),
            opt(&s.generation),
            at,
            accounts
                .first()
                .map_or(Cell::Null, |a| Cell::Str(a.clone())),
            Cell::List(accounts),
            opt(ctx.archive.schema_version()),
        ])?;
    }
    p.finish()?;
    Ok(())
}

/// The schema, as `docs/parquet.md` shows it (a test keeps the page true).
#[cfg(test)]
pub(crate) fn schema_markdown() -> String {
    let mut s = String::new();
    for kind in Kind::ALL {
        s.push_str(&format!(
            "### `{RECORD_KEY}={}`\n\n| column | type |\n|---|---|\n",
            kind.as_str()
        ));
        for c in columns::columns(kind) {
            s.push_str(&format!("| `{}` | {} |\n", c.name, c.ty.doc()));
        }
        s.push('\n');
    }
    s.push_str("### `catalog`\n\n| column | type |\n|---|---|\n");
    for c in CATALOG {
        s.push_str(&format!("| `{}` | {} |\n", c.name, c.ty.doc()));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows past the row-group size make several row groups; a list column keeps its
    /// items per row (empty lists included); nulls stay nulls.
    #[test]
    fn row_groups_are_bounded_and_read_back() {
        use parquet::file::reader::{FileReader, SerializedFileReader};
        use parquet::record::Field;
        let dir = std::env::temp_dir().join(format!("lifeboat-pq-unit-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("t.parquet");
        let cols = [
            Col {
                name: "id",
                ty: Ty::ReqStr,
            },
            Col {
                name: "tags",
                ty: Ty::List,
            },
            Col {
                name: "at",
                ty: Ty::Ts,
            },
            Col {
                name: "ok",
                ty: Ty::Bool,
            },
        ];
        let mut p = Part::create(&path, "t", &cols, vec![]).unwrap();
        for i in 0..25i64 {
            let tags: Vec<String> = (0..(i % 3)).map(|j| format!("t{i}-{j}")).collect();
            let at = if i % 2 == 0 {
                Cell::Int(i * 1_000_000)
            } else {
                Cell::Null
            };
            let ok = if i % 5 == 0 {
                Cell::Null
            } else {
                Cell::Bool(i % 2 == 0)
            };
            p.push_with(
                vec![Cell::Str(format!("r{i}")), Cell::List(tags), at, ok],
                10,
                usize::MAX,
            )
            .unwrap();
        }
        assert_eq!(p.finish().unwrap(), 25);
        let r = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
        assert_eq!(r.metadata().num_row_groups(), 3);
        let rows: Vec<_> = r.get_row_iter(None).unwrap().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 25);
        for (i, row) in rows.iter().enumerate() {
            let f: Vec<(&String, &Field)> = row.get_column_iter().collect();
            assert_eq!(f[0].1, &Field::Str(format!("r{i}")));
            match f[1].1 {
                Field::ListInternal(l) => {
                    let want: Vec<Field> = (0..(i % 3))
                        .map(|j| Field::Str(format!("t{i}-{j}")))
                        .collect();
                    assert_eq!(l.elements(), want.as_slice(), "row {i}");
                }
                other => panic!("tags: {other:?}"),
            }
            if i % 2 == 0 {
                assert!(matches!(f[2].1, Field::TimestampMicros(t) if *t == i as i64 * 1_000_000));
            } else {
                assert_eq!(f[2].1, &Field::Null);
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[cfg(test)]
mod doc_tests {
    /// `docs/parquet.md` shows the schema the code writes.
    #[test]
    fn the_documented_schema_is_the_written_one() {
        let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/parquet.md"))
            .unwrap_or_default();
        let want = super::schema_markdown();
        if std::env::var_os("LIFEBOAT_BLESS").is_some() {
            println!("{want}");
        }
        assert!(
            doc.contains(&want),
            "docs/parquet.md does not hold the schema:\n{want}"
        );
    }
}
