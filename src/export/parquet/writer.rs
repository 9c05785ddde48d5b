//! One Parquet file written a row group at a time with the `parquet` crate's column
//! writers: rows are buffered per column and written out as a row group every
//! [`ROWS`] rows (or sooner, past [`BYTES`] of buffered text), so memory stays bounded
//! whatever the size of the archive.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::basic::{Compression, ZstdLevel};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, Int64Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use crate::error::{Error, Result};

/// Rows per row group (the last one of a file holds the rest).
pub(crate) const ROWS: usize = 10_000;
/// Buffered text (strings, JSON) past which a row group is written early.
pub(crate) const BYTES: usize = 8 << 20;
/// zstd level: 3 is zstd's own default (fast, and close to the best ratio on text).
const ZSTD_LEVEL: i32 = 3;

/// A column's Parquet type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    /// `required binary (STRING)`.
    ReqStr,
    /// `optional binary (STRING)`.
    Str,
    /// `optional binary (STRING)` holding JSON text (`ext`, nested fields).
    Json,
    /// `required boolean`.
    ReqBool,
    /// `optional boolean`.
    Bool,
    /// `optional int64`.
    Int,
    /// `optional int64 (TIMESTAMP(MICROS, true))`: microseconds since the epoch, UTC.
    Ts,
    /// `required group (LIST) { repeated group list { required binary element (STRING) } }`.
    List,
}

impl Ty {
    /// The column's line in a Parquet message type.
    fn decl(self, name: &str) -> String {
        match self {
            Ty::ReqStr => format!("required binary {name} (STRING);"),
            Ty::Str | Ty::Json => format!("optional binary {name} (STRING);"),
            Ty::ReqBool => format!("required boolean {name};"),
            Ty::Bool => format!("optional boolean {name};"),
            Ty::Int => format!("optional int64 {name};"),
            Ty::Ts => format!("optional int64 {name} (TIMESTAMP(MICROS,true));"),
            Ty::List => format!(
                "required group {name} (LIST) {{ repeated group list {{ required binary element (STRING); }} }}"
            ),
        }
    }

    /// The type as `docs/parquet.md` names it.
    #[cfg(test)]
    pub(crate) fn doc(self) -> &'static str {
        match self {
            Ty::ReqStr => "string, required",
            Ty::Str => "string",
            Ty::Json => "string (JSON)",
            Ty::ReqBool => "boolean, required",
            Ty::Bool => "boolean",
            Ty::Int => "int64",
            Ty::Ts => "timestamp (µs, UTC)",
            Ty::List => "list<string>, required",
        }
    }
}

/// One cell of a row.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell {
    Null,
    Str(String),
    Bool(bool),
    Int(i64),
    List(Vec<String>),
}

/// A column: its name and type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Col {
    pub name: &'static str,
    pub ty: Ty,
}

/// A column's buffered values and levels.
enum Buf {
    Bytes {
        v: Vec<ByteArray>,
        d: Vec<i16>,
        r: Vec<i16>,
    },
    Int {
        v: Vec<i64>,
        d: Vec<i16>,
    },
    Bool {
        v: Vec<bool>,
        d: Vec<i16>,
    },
}

impl Buf {
    fn new(ty: Ty) -> Buf {
        match ty {
            Ty::ReqStr | Ty::Str | Ty::Json | Ty::List => Buf::Bytes {
                v: Vec::new(),
                d: Vec::new(),
                r: Vec::new(),
            },
            Ty::Int | Ty::Ts => Buf::Int {
                v: Vec::new(),
                d: Vec::new(),
            },
            Ty::ReqBool | Ty::Bool => Buf::Bool {
                v: Vec::new(),
                d: Vec::new(),
            },
        }
    }
}

/// The message type of a file whose columns are `cols`.
pub(crate) fn message(name: &str, cols: &[Col]) -> String {
    let mut s = format!("message {name} {{\n");
    for c in cols {
        s.push_str("  ");
        s.push_str(&c.ty.decl(c.name));
        s.push('\n');
    }
    s.push('}');
    s
}

/// A Parquet file being written.
pub(crate) struct Part {
    path: PathBuf,
    cols: Vec<Col>,
    bufs: Vec<Buf>,
    rows: usize,
    bytes: usize,
    written: u64,
    w: SerializedFileWriter<BufWriter<File>>,
}

pub(crate) fn pq_err(path: &Path) -> impl Fn(parquet::errors::ParquetError) -> Error + '_ {
    move |e| Error::Archive {
        path: path.to_path_buf(),
        message: format!("Parquet: {e}"),
    }
}

impl Part {
    /// Create the file at `path` with the columns `cols` and key-value metadata `kv`.
    pub(crate) fn create(
        path: &Path,
        name: &str,
        cols: &[Col],
        kv: Vec<(String, String)>,
    ) -> Result<Part> {
        let e = pq_err(path);
        let schema = Arc::new(parse_message_type(&message(name, cols)).map_err(&e)?);
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(
                ZstdLevel::try_new(ZSTD_LEVEL).map_err(&e)?,
            ))
            .set_created_by(format!("lifeboat {}", env!("CARGO_PKG_VERSION")))
            .set_key_value_metadata(Some(
                kv.into_iter().map(|(k, v)| KeyValue::new(k, v)).collect(),
            ))
            .build();
        let f = File::create(path).map_err(|err| Error::io(path, err))?;
        let w = SerializedFileWriter::new(
            BufWriter::with_capacity(1 << 16, f),
            schema,
            Arc::new(props),
        )
        .map_err(&e)?;
        Ok(Part {
            path: path.to_path_buf(),
            cols: cols.to_vec(),
            bufs: cols.iter().map(|c| Buf::new(c.ty)).collect(),
            rows: 0,
            bytes: 0,
            written: 0,
            w,
        })
    }

    /// Add one row (its cells in column order); a row group is written when enough
    /// rows are buffered.
    pub(crate) fn push(&mut self, cells: Vec<Cell>) -> Result<()> {
        self.push_with(cells, ROWS, BYTES)
    }

    pub(crate) fn push_with(&mut self, cells: Vec<Cell>, rows: usize, bytes: usize) -> Result<()> {
        if cells.len() != self.cols.len() {
            return Err(Error::Archive {
                path: self.path.clone(),
                message: format!(
                    "Parquet: a row of {} cells for {} columns",
                    cells.len(),
                    self.cols.len()
                ),
            });
        }
        for ((col, buf), cell) in self.cols.iter().zip(&mut self.bufs).zip(cells) {
            let mut text = |v: &mut Vec<ByteArray>, s: String| {
                self.bytes += s.len();
                v.push(ByteArray::from(s.into_bytes()));
            };
            match (buf, col.ty, cell) {
                (Buf::Bytes { v, .. }, Ty::ReqStr, Cell::Str(s)) => text(v, s),
                (Buf::Bytes { v, .. }, Ty::ReqStr, _) => text(v, String::new()),
                (Buf::Bytes { v, d, r }, Ty::List, Cell::List(items)) => {
                    // an empty list is one entry at definition level 0; each item is
                    // one at level 1, repetition level 0 where the row starts, 1 after
                    if items.is_empty() {
                        d.push(0);
                        r.push(0);
                    }
                    for (i, s) in items.into_iter().enumerate() {
                        text(v, s);
                        d.push(1);
                        r.push(i16::from(i > 0));
                    }
                }
                (Buf::Bytes { d, r, .. }, Ty::List, _) => {
                    d.push(0);
                    r.push(0);
                }
                (Buf::Bytes { v, d, .. }, _, Cell::Str(s)) => {
                    text(v, s);
                    d.push(1);
                }
                (Buf::Bytes { d, .. }, _, _) => d.push(0),
                (Buf::Int { v, d }, _, Cell::Int(n)) => {
                    v.push(n);
                    d.push(1);
                }
                (Buf::Int { d, .. }, _, _) => d.push(0),
                (Buf::Bool { v, d }, Ty::ReqBool, Cell::Bool(b)) => {
                    v.push(b);
                    d.push(1);
                }
                (Buf::Bool { v, d }, Ty::ReqBool, _) => {
                    v.push(false);
                    d.push(1);
                }
                (Buf::Bool { v, d }, _, Cell::Bool(b)) => {
                    v.push(b);
                    d.push(1);
                }
                (Buf::Bool { d, .. }, _, _) => d.push(0),
            }
        }
        self.rows += 1;
        if self.rows >= rows || self.bytes >= bytes {
            self.flush()?;
        }
        Ok(())
    }

    /// Write the buffered rows as one row group.
    fn flush(&mut self) -> Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let path = self.path.clone();
        let e = pq_err(&path);
        let mut rg = self.w.next_row_group().map_err(&e)?;
        for (col, buf) in self.cols.iter().zip(&mut self.bufs) {
            let Some(mut cw) = rg.next_column().map_err(&e)? else {
                return Err(Error::Archive {
                    path: path.clone(),
                    message: "Parquet: fewer columns in the schema than in the rows".into(),
                });
            };
            match buf {
                Buf::Bytes { v, d, r } => {
                    let w = cw.typed::<ByteArrayType>();
                    match col.ty {
                        Ty::ReqStr => w.write_batch(v, None, None),
                        Ty::List => w.write_batch(v, Some(d), Some(r)),
                        _ => w.write_batch(v, Some(d), None),
                    }
                    .map_err(&e)?;
                    v.clear();
                    d.clear();
                    r.clear();
                }
                Buf::Int { v, d } => {
                    cw.typed::<Int64Type>()
                        .write_batch(v, Some(d), None)
                        .map_err(&e)?;
                    v.clear();
                    d.clear();
                }
                Buf::Bool { v, d } => {
                    let w = cw.typed::<BoolType>();
                    if col.ty == Ty::ReqBool {
                        w.write_batch(v, None, None)
                    } else {
                        w.write_batch(v, Some(d), None)
                    }
                    .map_err(&e)?;
                    v.clear();
                    d.clear();
                }
            }
            cw.close().map_err(&e)?;
        }
        rg.close().map_err(&e)?;
        self.written += self.rows as u64;
        self.rows = 0;
        self.bytes = 0;
        Ok(())
    }

    /// Write the last row group and the footer; the number of rows written.
    pub(crate) fn finish(mut self) -> Result<u64> {
        self.flush()?;
        let e = pq_err(&self.path);
        self.w.close().map_err(&e)?;
        Ok(self.written)
    }
}
