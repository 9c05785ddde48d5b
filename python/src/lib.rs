//! The Python bindings of lifeboat: the extension module `lifeboat._native`, which the
//! package `lifeboat` (python/python/lifeboat) re-exports.
//!
//! Only the library's public API is used. Every long call (import, export, diff,
//! audit, verify, reading records) runs with the GIL released; records cross into
//! Python as the JSON of the published schema, parsed by Python's `json` (so a
//! record's keys keep the model's order). Errors of the library become
//! `lifeboat.LifeboatError` with the library's message and a `kind`; bad arguments
//! are `ValueError` or `TypeError`.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lifeboat::export::{ExportOptions, Filter, Format};
use lifeboat::model::{Kind, Timestamp};
use lifeboat::{Error, Import, ImportOptions, Progress};
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

pyo3::create_exception!(
    lifeboat,
    LifeboatError,
    PyException,
    "An operation of lifeboat failed: reading or writing a file, a corrupt or \
     unrecognised dump, a safety limit, a damaged archive, a strict import that \
     skipped records, an interruption. `kind` says which (`io`, `container`, `limit`, \
     `malformed`, `unrecognized`, `archive`, `strict`, `interrupted`, `usage`, \
     `other`); `report` is the import report of a refused strict import, else None."
);

/// The `kind` of a library error.
fn error_kind(e: &Error) -> &'static str {
    match e {
        Error::Io { .. } => "io",
        Error::Container { .. } => "container",
        Error::Limit { .. } => "limit",
        Error::Malformed { .. } => "malformed",
        Error::Unrecognized(_) => "unrecognized",
        Error::Archive { .. } => "archive",
        Error::Strict(_) => "strict",
        Error::Interrupted => "interrupted",
        Error::Usage(_) => "usage",
        _ => "other",
    }
}

/// A `LifeboatError` with its message, `kind` and `report`.
fn lifeboat_error(py: Python<'_>, kind: &str, message: String, report: Option<&str>) -> PyErr {
    let err = LifeboatError::new_err(message);
    let value = err.value(py);
    let report = match report {
        Some(json) => match loads(py, json) {
            Ok(v) => v,
            Err(e) => return e,
        },
        None => py.None().into_bound(py),
    };
    if let Err(e) = value
        .setattr("kind", kind)
        .and_then(|_| value.setattr("report", report))
    {
        return e;
    }
    err
}

/// A library error as a Python exception.
fn to_py_err(py: Python<'_>, e: Error) -> PyErr {
    lifeboat_error(py, error_kind(&e), e.to_string(), None)
}

/// Python's `json.loads` of a JSON text (the library's JSON forms are its contracts;
/// Python's parser keeps their key order).
fn loads<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (json,))
}

/// A path argument: `str`, `bytes` or any `os.PathLike` (an `Archive` is one).
fn path_arg(obj: &Bound<'_, PyAny>) -> PyResult<PathBuf> {
    obj.extract::<PathBuf>()
        .map_err(|_| PyTypeError::new_err("expected a path (str or os.PathLike)"))
}

/// One path, or a list or tuple of paths (the parts of one export).
fn paths_arg(obj: &Bound<'_, PyAny>) -> PyResult<Vec<PathBuf>> {
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let parts = obj
            .try_iter()?
            .map(|p| path_arg(&p?))
            .collect::<PyResult<Vec<_>>>()?;
        if parts.is_empty() {
            return Err(PyValueError::new_err("no dump to import (an empty list)"));
        }
        return Ok(parts);
    }
    Ok(vec![path_arg(obj)?])
}

/// A date argument: `str` (`YYYY-MM-DD` or RFC 3339), `datetime.date`, or a
/// timezone-aware `datetime.datetime`.
fn date_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Timestamp> {
    let text: String = if obj.is_instance_of::<PyString>() {
        obj.extract()?
    } else if obj.hasattr("isoformat")? {
        if obj.hasattr("tzinfo")? {
            // a datetime: a naive one is ambiguous
            if obj.call_method0("utcoffset")?.is_none() {
                return Err(PyValueError::new_err(format!(
                    "{what}: a naive datetime is ambiguous; give it a timezone (e.g. timezone.utc)"
                )));
            }
        }
        obj.call_method0("isoformat")?.extract()?
    } else {
        return Err(PyTypeError::new_err(format!(
            "{what}: expected a str, datetime.date or datetime.datetime"
        )));
    };
    Filter::parse_date(&text).map_err(|e| PyValueError::new_err(format!("{what}: {e}")))
}

/// `include`: any iterable of visibility names (a lone str is a mistake: its letters
/// would be read as names).
fn visibilities_arg(obj: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "include takes a list of visibilities, such as [\"direct\"], not a str",
        ));
    }
    obj.try_iter()
        .map_err(|_| PyTypeError::new_err("include takes a list of visibilities"))?
        .map(|v| v?.extract::<String>())
        .collect()
}

/// A record kind by name (`post`, `posts`).
fn kind_arg(name: &str) -> PyResult<Kind> {
    let singular = Kind::ALL
        .into_iter()
        .find(|k| k.file_name().strip_suffix(".jsonl") == Some(name));
    Kind::from_name(name).or(singular).ok_or_else(|| {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        PyValueError::new_err(format!(
            "unknown record kind {name:?}; one of {}",
            names.join(", ")
        ))
    })
}

/// Reports progress to a Python callable, and lets Ctrl-C (or an exception the
/// callable raises) stop an import: the main thread's signal handlers run between
/// entries, the GIL taken back only for that.
struct PyProgress {
    callback: Option<Py<PyAny>>,
    last_signals: Instant,
    error: Option<PyErr>,
    stop: Arc<AtomicBool>,
}

/// How often an import looks for Ctrl-C.
const SIGNALS_EVERY: Duration = Duration::from_millis(100);

impl Progress for PyProgress {
    fn update(&mut self, done: u64, total: u64, entry: &str) {
        if self.error.is_some() {
            return;
        }
        let signals = self.last_signals.elapsed() >= SIGNALS_EVERY;
        if self.callback.is_none() && !signals {
            return;
        }
        let res = Python::attach(|py| {
            if signals {
                self.last_signals = Instant::now();
                py.check_signals()?;
            }
            if let Some(cb) = &self.callback {
                cb.call1(py, (done, total, entry))?;
            }
            Ok::<_, PyErr>(())
        });
        if let Err(e) = res {
            self.error = Some(e);
            self.stop.store(true, Ordering::SeqCst);
        }
    }

    fn interrupted(&self) -> bool {
        self.error.is_some()
    }
}

/// The options of an import from the keyword arguments.
fn import_options(
    network: Option<String>,
    strict: bool,
    keep_original: bool,
    timezone: Option<String>,
    blobs: Option<&Bound<'_, PyAny>>,
    bag_info: Option<&Bound<'_, PyDict>>,
) -> PyResult<ImportOptions> {
    let mut info = Vec::new();
    if let Some(d) = bag_info {
        for (k, v) in d.iter() {
            info.push((k.extract::<String>()?, v.extract::<String>()?));
        }
    }
    Ok(ImportOptions {
        network,
        strict,
        keep_original,
        timezone,
        blobs: blobs.map(path_arg).transpose()?,
        bag_info: info,
        ..ImportOptions::default()
    })
}

/// Import a dump (a zip, a tar.gz, a folder, a single file; or a list of the parts
/// of one export) into the archive at `archive` (created, or merged into when it
/// exists). Returns the import report as a dict: per record kind `read =
/// converted + kept_raw + skipped`, every entry and what became of it, skips with
/// their reasons, repairs, warnings, coverage (the JSON of `lifeboat import
/// --report`).
///
/// `network` forces the network instead of detecting it; `strict` refuses the import
/// (writes nothing, raises `LifeboatError` with `kind == "strict"` and the report)
/// when a record was skipped or an entry refused; `keep_original` keeps the whole
/// dump inside the archive; `timezone` is the clock of a dump whose times carry no
/// zone (an IANA name); `blobs` a folder of Bluesky blobs beside the dump;
/// `bag_info` fields for the archive's bag-info.txt. `progress(done, total, entry)`
/// is called as entries are read (bytes done of the dump's total); an exception it
/// raises stops the import and is raised here, as is Ctrl-C's `KeyboardInterrupt`
/// (nothing new is written; only an exception from the last call, made once every
/// entry was read, comes after the archive is written). The GIL is released while the
/// import runs.
#[pyfunction]
#[pyo3(signature = (dump, archive, *, network=None, strict=false, keep_original=false, timezone=None, blobs=None, bag_info=None, progress=None))]
#[allow(clippy::too_many_arguments)]
fn import_dump<'py>(
    py: Python<'py>,
    dump: &Bound<'py, PyAny>,
    archive: &Bound<'py, PyAny>,
    network: Option<String>,
    strict: bool,
    keep_original: bool,
    timezone: Option<String>,
    blobs: Option<&Bound<'py, PyAny>>,
    bag_info: Option<&Bound<'py, PyDict>>,
    progress: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let parts = paths_arg(dump)?;
    let out = path_arg(archive)?;
    if let Some(p) = &progress {
        if !p.is_callable() {
            return Err(PyTypeError::new_err("progress must be callable"));
        }
    }
    let mut opts = import_options(network, strict, keep_original, timezone, blobs, bag_info)?;
    let stop = Arc::new(AtomicBool::new(false));
    opts.interrupt = Some(stop.clone());
    let mut watch = PyProgress {
        callback: progress.map(Bound::unbind),
        last_signals: Instant::now(),
        error: None,
        stop,
    };
    let res = py.detach(|| {
        Import::parts(parts)
            .options(opts)
            .progress(&mut watch)
            .run(&out)
    });
    if let Some(e) = watch.error.take() {
        // Ctrl-C or the callback's exception, rather than "interrupted"
        return Err(e);
    }
    let done = res.map_err(|e| to_py_err(py, e))?;
    let json = done.report.to_json();
    if done.commit.is_none() {
        return Err(lifeboat_error(
            py,
            "strict",
            format!(
                "strict import refused: {} record(s) skipped, {} entry(ies) refused; nothing was written",
                done.report.skipped_total(),
                done.report.entries.refused
            ),
            Some(&json),
        ));
    }
    loads(py, &json)
}

/// Look at a dump without writing anything: the report an import would make (the
/// network, the generation, what each entry is, the records it holds).
#[pyfunction]
#[pyo3(signature = (dump, *, network=None, timezone=None))]
fn inspect<'py>(
    py: Python<'py>,
    dump: &Bound<'py, PyAny>,
    network: Option<String>,
    timezone: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let parts = paths_arg(dump)?;
    let opts = import_options(network, false, false, timezone, None, None)?;
    let report = py
        .detach(|| Import::parts(parts).options(opts).inspect())
        .map_err(|e| to_py_err(py, e))?;
    loads(py, &report.to_json())
}

/// Records read per trip without the GIL.
const BATCH: usize = 512;

/// The records of one kind of an archive, streamed: an iterator of dicts, each the
/// JSON of the published record schema (`lifeboat schema`). Read in batches with the
/// GIL released; the file is never read whole.
#[pyclass(module = "lifeboat")]
struct RecordIterator {
    kind: Kind,
    records: Option<lifeboat::archive::Records>,
    ready: VecDeque<String>,
    failed: Option<Error>,
}

#[pymethods]
impl RecordIterator {
    /// The record kind (`post`, `account`, …).
    #[getter]
    fn kind(&self) -> &'static str {
        self.kind.as_str()
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(
        mut slf: PyRefMut<'py, Self>,
        py: Python<'py>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        if slf.ready.is_empty() && slf.failed.is_none() {
            let this = &mut *slf;
            if let Some(records) = this.records.as_mut() {
                let (batch, failed) = py.detach(|| {
                    let mut batch = VecDeque::with_capacity(BATCH);
                    let mut failed = None;
                    let mut ended = false;
                    while batch.len() < BATCH {
                        match records.next() {
                            Some(Ok(r)) => batch.push_back(r.to_json()),
                            Some(Err(e)) => {
                                failed = Some(e);
                                break;
                            }
                            None => {
                                ended = true;
                                break;
                            }
                        }
                    }
                    (batch, (failed, ended))
                });
                this.ready = batch;
                let (failed, ended) = failed;
                if failed.is_some() || ended {
                    this.records = None;
                }
                this.failed = failed;
            }
        }
        if let Some(line) = slf.ready.pop_front() {
            return loads(py, &line).map(Some);
        }
        match slf.failed.take() {
            Some(e) => Err(to_py_err(py, e)),
            None => Ok(None),
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "<lifeboat.RecordIterator of {} records>",
            self.kind.as_str()
        )
    }
}

/// An archive opened for reading (a folder with bagit.txt and data/lifeboat.json;
/// nothing is verified on opening: see `verify`). An `Archive` is an `os.PathLike`,
/// so it can be given wherever a path to an archive is asked for.
#[pyclass(module = "lifeboat", frozen)]
struct Archive {
    inner: lifeboat::Archive,
}

impl Archive {
    fn iter(&self, py: Python<'_>, kind: Kind) -> PyResult<RecordIterator> {
        let records = self.inner.records(kind).map_err(|e| to_py_err(py, e))?;
        Ok(RecordIterator {
            kind,
            records: Some(records),
            ready: VecDeque::new(),
            failed: None,
        })
    }
}

#[pymethods]
impl Archive {
    #[new]
    fn new(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<Archive> {
        let root = path_arg(path)?;
        let inner = lifeboat::Archive::open(&root).map_err(|e| to_py_err(py, e))?;
        Ok(Archive { inner })
    }

    /// The archive's folder.
    #[getter]
    fn path(&self) -> std::ffi::OsString {
        self.inner.root().as_os_str().to_os_string()
    }

    /// The record schema version the archive was written with.
    #[getter]
    fn schema_version(&self) -> &str {
        self.inner.schema_version()
    }

    /// Every dump imported into the archive, oldest first: dicts with `id`,
    /// `file_name`, `sha256`, `bytes`, `network`, `generation`, `imported_at`,
    /// `report` (the path of its import report inside the archive).
    #[getter]
    fn sources<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for s in self.inner.sources() {
            let d = PyDict::new(py);
            d.set_item("id", &s.id)?;
            d.set_item("file_name", &s.file_name)?;
            d.set_item("sha256", &s.sha256)?;
            d.set_item("bytes", s.bytes)?;
            d.set_item("network", &s.network)?;
            d.set_item("generation", &s.generation)?;
            d.set_item("imported_at", &s.imported_at)?;
            d.set_item("report", &s.report)?;
            list.append(d)?;
        }
        Ok(list)
    }

    /// The records of one kind (`account`, `post`, `media`, `relationship`,
    /// `reaction`, `conversation`, `message`; the plural works too), streamed as dicts.
    fn records(&self, py: Python<'_>, kind: &str) -> PyResult<RecordIterator> {
        self.iter(py, kind_arg(kind)?)
    }

    /// The accounts (the owner and every other account that appears), streamed.
    fn accounts(&self, py: Python<'_>) -> PyResult<RecordIterator> {
        self.iter(py, Kind::Account)
    }

    /// The posts (anything published, comments and replies included), streamed.
    fn posts(&self, py: Python<'_>) -> PyResult<RecordIterator> {
        self.iter(py, Kind::Post)
    }

    /// The media records (their files are under `path`), streamed.
    fn media(&self, py: Python<'_>) -> PyResult<RecordIterator> {
        self.iter(py, Kind::Media)
    }

    /// The relationships (follows, blocks, mutes, connections, list memberships).
    fn relationships(&self, py: Python<'_>) -> PyResult<RecordIterator> {
        self.iter(py, Kind::Relationship)
    }

    /// The reactions (likes, favourites, bookmarks, votes).
    fn reactions(&self, py: Python<'_>) -> PyResult<RecordIterator> {
        self.iter(py, Kind::Reaction)
    }

    /// The conversations (direct-message threads and group chats).
    fn conversations(&self, py: Python<'_>) -> PyResult<RecordIterator> {
        self.iter(py, Kind::Conversation)
    }

    /// The messages of every conversation.
    fn messages(&self, py: Python<'_>) -> PyResult<RecordIterator> {
        self.iter(py, Kind::Message)
    }

    /// Export this archive: `lifeboat.export(archive, format, out, **options)`.
    #[pyo3(signature = (format, out, **options))]
    fn export<'py>(
        slf: &Bound<'py, Self>,
        format: &str,
        out: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let f = wrap_pyfunction!(export, py)?;
        f.call((slf, format, out), options)
    }

    /// The audit of this archive: `lifeboat.audit(archive)`.
    fn audit<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        audit_path(py, self.inner.root().to_path_buf())
    }

    /// Re-check every checksum of this archive: `lifeboat.verify(archive)`.
    fn verify<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        verify_path(py, self.inner.root().to_path_buf())
    }

    fn __fspath__(&self) -> std::ffi::OsString {
        self.inner.root().as_os_str().to_os_string()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let path = self.path().into_pyobject(py)?.repr()?;
        Ok(format!("lifeboat.Archive({path})"))
    }
}

/// Open the archive at `path` for reading (the same as `Archive(path)`).
#[pyfunction]
fn open(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<Archive> {
    Archive::new(py, path)
}

/// Note an export in the archive's processing log, as the command line does (the log
/// is append-only; a failure to note it is a warning, not an error).
fn log_export(py: Python<'_>, archive: &Path, format: &str, out: &Path, wrote: serde_json::Value) {
    let ev = lifeboat::archive::custody::event(
        "exported",
        serde_json::json!({
            "format": format,
            "out": out.display().to_string(),
            "tool": format!("lifeboat {} (Python)", env!("CARGO_PKG_VERSION")),
            "wrote": wrote,
        }),
    );
    if let Err(e) = lifeboat::archive::custody::append_log(archive, &[ev]) {
        let msg = format!("the export could not be noted in the archive's log: {e}");
        let warn = py
            .import("warnings")
            .and_then(|w| w.call_method1("warn", (msg,)));
        if let Err(e) = warn {
            e.restore(py);
        }
    }
}

/// The export formats (`lifeboat export --to`): the library's, then the records
/// teams' RSMF and EML.
fn format_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
    names.extend(["rsmf", "eml"]);
    names
}

/// Export the archive at `archive` to `out` in `format` (one of `FORMATS`: mastodon,
/// activitystreams, atom, rss, jsonfeed, wxr, csv, sqlite, html, bluesky, parquet;
/// rsmf and eml for records teams). Returns the export report as a dict: records
/// `written` per kind, what was `lost` (per kind, field and reason), `notes`. For
/// rsmf and eml, the summary of what was written.
///
/// Privacy as on the command line: public-facing formats carry public posts only,
/// and direct messages go into parquet (or the site) only with `include=["direct"]`;
/// `include` widens the audience (`unlisted`, `followers`, `limited`, `direct`,
/// `unknown`). `since` and `until` (a `YYYY-MM-DD` or RFC 3339 str, a `date`, or an
/// aware `datetime`), `network` and `account` filter. `force` replaces an existing
/// output; `dry_run` writes nothing and only computes the report; `now` fixes the
/// export's own date (reproducible output); `publish_uncleaned_media` publishes media
/// whose metadata cannot be removed; `did` and `signing_key` are for bluesky;
/// `threads` (rsmf) also writes public threads. The export is noted in the archive's
/// processing log. The GIL is released while it runs.
#[pyfunction]
#[pyo3(
    signature = (archive, format, out, *, include=None, since=None, until=None, network=None, account=None, force=false, dry_run=false, now=None, publish_uncleaned_media=false, did=None, signing_key=None, threads=false),
    text_signature = "(archive, format, out, *, include=(), since=None, until=None, network=None, account=None, force=False, dry_run=False, now=None, publish_uncleaned_media=False, did=None, signing_key=None, threads=False)"
)]
#[allow(clippy::too_many_arguments)]
fn export<'py>(
    py: Python<'py>,
    archive: &Bound<'py, PyAny>,
    format: &str,
    out: &Bound<'py, PyAny>,
    include: Option<&Bound<'py, PyAny>>,
    since: Option<&Bound<'py, PyAny>>,
    until: Option<&Bound<'py, PyAny>>,
    network: Option<String>,
    account: Option<String>,
    force: bool,
    dry_run: bool,
    now: Option<&Bound<'py, PyAny>>,
    publish_uncleaned_media: bool,
    did: Option<String>,
    signing_key: Option<String>,
    threads: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let root = path_arg(archive)?;
    let out = path_arg(out)?;
    let include = include
        .map(visibilities_arg)
        .transpose()?
        .unwrap_or_default();
    if format == "rsmf" || format == "eml" {
        let mut given = Vec::new();
        for (name, set) in [
            ("include", !include.is_empty()),
            ("since", since.is_some()),
            ("until", until.is_some()),
            ("network", network.is_some()),
            ("account", account.is_some()),
            ("dry_run", dry_run),
            ("now", now.is_some()),
            ("publish_uncleaned_media", publish_uncleaned_media),
            ("did", did.is_some()),
            ("signing_key", signing_key.is_some()),
            ("threads", threads && format == "eml"),
        ] {
            if set {
                given.push(name);
            }
        }
        if !given.is_empty() {
            return Err(PyValueError::new_err(format!(
                "the {format} export takes none of {}: it holds every conversation of the archive",
                given.join(", ")
            )));
        }
        let summary = py
            .detach(|| -> lifeboat::Result<serde_json::Value> {
                let staged = lifeboat::export::Staged::new(
                    Some(&root),
                    lifeboat::export::Shape::Folder,
                    &out,
                    force,
                )?;
                let v = if format == "rsmf" {
                    let opts = lifeboat::records::RsmfOptions {
                        threads,
                        ..Default::default()
                    };
                    let s = lifeboat::records::export_rsmf(&root, staged.path(), &opts)?;
                    serde_json::to_value(&s).unwrap_or_default()
                } else {
                    let s = lifeboat::records::export_eml(&root, staged.path())?;
                    serde_json::to_value(&s).unwrap_or_default()
                };
                staged.commit()?;
                Ok(v)
            })
            .map_err(|e| to_py_err(py, e))?;
        log_export(py, &root, format, &out, summary.clone());
        return loads(py, &summary.to_string());
    }
    let f = Format::from_name(format).ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown format {format:?}; one of {}",
            format_names().join(", ")
        ))
    })?;
    if threads {
        return Err(PyValueError::new_err("threads is an option of rsmf only"));
    }
    let mut vis = Vec::new();
    for i in &include {
        vis.push(Filter::parse_visibility(i).map_err(|e| PyValueError::new_err(e.to_string()))?);
    }
    let filter = Filter {
        include: vis,
        since: since.map(|d| date_arg(d, "since")).transpose()?,
        until: until.map(|d| date_arg(d, "until")).transpose()?,
        network,
        account,
    };
    let opts = ExportOptions {
        filter,
        dry_run,
        now: now.map(|d| date_arg(d, "now")).transpose()?,
        force,
        publish_uncleaned_media,
        bluesky: lifeboat::export::bluesky::BlueskyOptions { did, signing_key },
    };
    let report = py
        .detach(|| lifeboat::export::export(&root, f, &out, &opts))
        .map_err(|e| to_py_err(py, e))?;
    let json = report.to_json();
    if !dry_run {
        log_export(
            py,
            &root,
            f.name(),
            &out,
            serde_json::from_str(&json).unwrap_or_default(),
        );
    }
    loads(py, &json)
}

/// What changed between two exports of one account (archives, or dumps imported into
/// temporary archives first): per record kind the ids `added`, `removed` (gone from
/// data the newer export covers), `not_covered`, the `changed` records with their
/// fields, `counts`, `coverage`, and `identical` (the JSON of `lifeboat diff
/// --json`).
#[pyfunction]
fn diff<'py>(
    py: Python<'py>,
    old: &Bound<'py, PyAny>,
    new: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let (old, new) = (path_arg(old)?, path_arg(new)?);
    let d = py
        .detach(|| lifeboat::diff(&old, &new).map(|d| d.to_json()))
        .map_err(|e| to_py_err(py, e))?;
    loads(py, &d)
}

fn audit_path(py: Python<'_>, root: PathBuf) -> PyResult<Bound<'_, PyAny>> {
    let a = py
        .detach(|| lifeboat::audit(&root).map(|a| a.json.to_string()))
        .map_err(|e| to_py_err(py, e))?;
    loads(py, &a)
}

/// What an auditor asks of an archive, as a dict (the JSON of `lifeboat audit
/// --json`): every dump imported with its sha256 and coverage, the records by kind,
/// network and visibility, declared counts reconciled, missing media, skips and
/// repairs, what the latest exports no longer hold, the custody log, any legal hold,
/// and whether every checksum holds.
#[pyfunction]
fn audit<'py>(py: Python<'py>, archive: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    audit_path(py, path_arg(archive)?)
}

fn verify_path(py: Python<'_>, root: PathBuf) -> PyResult<Bound<'_, PyDict>> {
    let v = py
        .detach(|| lifeboat::archive::verify(&root))
        .map_err(|e| to_py_err(py, e))?;
    let d = PyDict::new(py);
    d.set_item("ok", v.ok())?;
    d.set_item("files", v.files)?;
    d.set_item("bytes", v.bytes)?;
    let problems: Vec<String> = v.problems.iter().map(ToString::to_string).collect();
    d.set_item("problems", problems)?;
    Ok(d)
}

/// Re-check every checksum of an archive (payload and tag manifests, Payload-Oxum,
/// no file missing or extra): a dict with `ok`, `files`, `bytes`, `problems` (one
/// line each: `changed: …`, `missing: …`, `extra: …`, `bag: …`).
#[pyfunction]
fn verify<'py>(py: Python<'py>, archive: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    verify_path(py, path_arg(archive)?)
}

/// Every network lifeboat reads: dicts with `name` (the `network` argument of
/// `import_dump`), `description`, `generations`.
#[pyfunction]
fn networks(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let list = PyList::empty(py);
    for n in lifeboat::networks() {
        let d = PyDict::new(py);
        d.set_item("name", n.name)?;
        d.set_item("description", n.description)?;
        d.set_item("generations", n.generations.to_vec())?;
        list.append(d)?;
    }
    Ok(list)
}

/// lifeboat's native extension: the package `lifeboat` re-exports all of it.
#[pymodule(name = "_native")]
mod native {
    use super::*;

    #[pymodule_export]
    use super::{
        audit, diff, export, import_dump, inspect, networks, open, verify, Archive, LifeboatError,
        RecordIterator,
    };

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        m.add("KINDS", PyTuple::new(m.py(), kinds)?)?;
        m.add("FORMATS", PyTuple::new(m.py(), format_names())?)?;
        Ok(())
    }
}
