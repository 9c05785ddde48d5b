//! CSV tables read by column name: the exports made of CSV files (Reddit, LinkedIn,
//! Mastodon's lists) name their columns in a header line, add columns over the years
//! and sometimes start with a byte-order mark.

use std::io::Read;

use serde_json::{Map, Value};

/// Rows of a CSV file with a header line, streamed.
pub struct Table<R: Read> {
    rd: csv::Reader<R>,
    header: Vec<String>,
    rec: csv::StringRecord,
}

/// A row that could not be read.
#[derive(Debug, Clone)]
pub struct BadRow {
    /// Line number (1-based) where the row starts.
    pub line: u64,
    /// What was wrong.
    pub reason: String,
    /// True when the rest of the file cannot be read either.
    pub fatal: bool,
}

/// One row, with its columns by name.
#[derive(Debug)]
pub struct Row<'a> {
    header: &'a [String],
    rec: &'a csv::StringRecord,
    /// Line number (1-based) where the row starts.
    pub line: u64,
}

impl<'a> Row<'a> {
    /// The cell under `name` (header names compare case-insensitively), trimmed;
    /// `None` when the column is absent or the cell empty.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        let i = self
            .header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))?;
        let v = self.rec.get(i)?.trim();
        (!v.is_empty()).then_some(v)
    }

    /// The cell under `name`, untrimmed (bodies keep their own spacing).
    pub fn raw(&self, name: &str) -> Option<&'a str> {
        let i = self
            .header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))?;
        let v = self.rec.get(i)?;
        (!v.trim().is_empty()).then_some(v)
    }

    /// Every non-empty cell whose column is not in `mapped`, by column name (cells
    /// beyond the header are named `column N`).
    pub fn rest(&self, mapped: &[&str]) -> Map<String, Value> {
        let mut m = Map::new();
        for (i, cell) in self.rec.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let name = self
                .header
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("column {}", i + 1));
            if mapped.iter().any(|k| k.eq_ignore_ascii_case(&name)) {
                continue;
            }
            m.insert(name, Value::String(cell.to_string()));
        }
        m
    }

    /// The cell at column `i` (0-based), trimmed; `None` when absent or empty. For
    /// tables whose header is translated, once the file's role is known by its shape.
    pub fn cell(&self, i: usize) -> Option<&'a str> {
        let v = self.rec.get(i)?.trim();
        (!v.is_empty()).then_some(v)
    }

    /// The cell at column `i`, untrimmed (titles may end in spaces); `None` when
    /// absent or blank.
    pub fn raw_cell(&self, i: usize) -> Option<&'a str> {
        let v = self.rec.get(i)?;
        (!v.trim().is_empty()).then_some(v)
    }

    /// Number of cells in the row.
    pub fn len(&self) -> usize {
        self.rec.len()
    }

    /// True when the row has no cells.
    pub fn is_empty(&self) -> bool {
        self.rec.is_empty()
    }

    /// True when every cell is blank.
    pub fn is_blank(&self) -> bool {
        self.rec.iter().all(|c| c.trim().is_empty())
    }
}

/// How a table is written: the CSV dialect and where its header is.
#[derive(Clone, Copy, Debug)]
pub struct Dialect<'a> {
    /// Field separator (`,`; LinkedIn's 2018 UTF-16 files use TAB).
    pub delimiter: u8,
    /// Quotes inside quoted fields are written `\"` instead of `""` (LinkedIn's
    /// `Comments.csv`).
    pub backslash_escapes: bool,
    /// The header is the first line whose first cells are these names (compared
    /// case-insensitively); lines before it are a free-text preamble (LinkedIn's
    /// `Connections.csv` starts with `Notes:`). Empty: the first line is the header.
    pub header_starts: &'a [&'a str],
}

impl Default for Dialect<'_> {
    fn default() -> Self {
        Dialect {
            delimiter: b',',
            backslash_escapes: false,
            header_starts: &[],
        }
    }
}

/// Lines of preamble read, at most, while looking for the header.
const PREAMBLE_MAX: usize = 64;

/// Header cells: BOM and surrounding spaces removed.
fn header_cells(rec: &csv::StringRecord) -> Vec<String> {
    rec.iter()
        .enumerate()
        .map(|(i, h)| {
            let h = if i == 0 {
                h.trim_start_matches('\u{feff}')
            } else {
                h
            };
            h.trim().to_string()
        })
        .collect()
}

impl<R: Read> Table<R> {
    /// Read the header line. An empty file has no rows.
    pub fn new(r: R) -> Result<Table<R>, BadRow> {
        Table::with_dialect(r, Dialect::default())
    }

    /// Read a table written in `dialect`. An empty file has no rows; a file whose
    /// expected header is not found is one fatal bad row.
    pub fn with_dialect(r: R, dialect: Dialect) -> Result<Table<R>, BadRow> {
        let mut b = csv::ReaderBuilder::new();
        b.has_headers(false)
            .flexible(true)
            .delimiter(dialect.delimiter);
        if dialect.backslash_escapes {
            b.escape(Some(b'\\')).double_quote(false);
        }
        let mut rd = b.from_reader(r);
        let mut rec = csv::StringRecord::new();
        let mut header = Vec::new();
        let mut seen = 0usize;
        loop {
            match rd.read_record(&mut rec) {
                Ok(true) => {
                    let cells = header_cells(&rec);
                    let wanted = dialect.header_starts;
                    let is_header = wanted.is_empty()
                        || (cells.len() >= wanted.len()
                            && wanted
                                .iter()
                                .zip(&cells)
                                .all(|(w, c)| w.eq_ignore_ascii_case(c)));
                    if is_header {
                        header = cells;
                        break;
                    }
                    seen += 1;
                    if seen >= PREAMBLE_MAX {
                        return Err(BadRow {
                            line: rec.position().map(|p| p.line()).unwrap_or(0),
                            reason: format!(
                                "no header line starting {:?} in the first {PREAMBLE_MAX} lines",
                                wanted.join(",")
                            ),
                            fatal: true,
                        });
                    }
                }
                Ok(false) if dialect.header_starts.is_empty() || seen == 0 => break,
                Ok(false) => {
                    return Err(BadRow {
                        line: 1,
                        reason: format!(
                            "no header line starting {:?}",
                            dialect.header_starts.join(",")
                        ),
                        fatal: true,
                    })
                }
                Err(e) => {
                    return Err(BadRow {
                        line: e.position().map(|p| p.line()).unwrap_or(1),
                        reason: format!("header line: {e}"),
                        fatal: true,
                    })
                }
            }
        }
        Ok(Table { rd, header, rec })
    }

    /// The column names.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The next row; `None` at the end. A row with invalid UTF-8 is reported and
    /// reading goes on; a broken file (I/O) ends the table.
    pub fn next_row(&mut self) -> Option<Result<Row<'_>, BadRow>> {
        loop {
            match self.rd.read_record(&mut self.rec) {
                Ok(false) => return None,
                Ok(true) => {
                    let line = self.rec.position().map(|p| p.line()).unwrap_or(0);
                    if self.rec.iter().all(|c| c.trim().is_empty()) {
                        continue; // blank lines carry nothing
                    }
                    return Some(Ok(Row {
                        header: &self.header,
                        rec: &self.rec,
                        line,
                    }));
                }
                Err(e) => {
                    let line = e.position().map(|p| p.line()).unwrap_or(0);
                    let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
                    return Some(Err(BadRow {
                        line,
                        reason: e.to_string(),
                        fatal,
                    }));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_by_name_with_bom_blank_lines_and_quotes() {
        let data = "\u{feff}id,Body,extra\n1,\"a, \"\"b\"\"\nline\",x\n\n2,,\n3,c,d,e\n";
        let mut t = Table::new(data.as_bytes()).expect("header");
        assert_eq!(t.header(), ["id", "Body", "extra"]);
        let r = t.next_row().expect("row").expect("ok");
        assert_eq!(r.get("ID"), Some("1"));
        assert_eq!(r.raw("body"), Some("a, \"b\"\nline"));
        assert_eq!(r.line, 2);
        assert_eq!(
            r.rest(&["id", "body"]).get("extra"),
            Some(&Value::String("x".into()))
        );
        let r = t.next_row().expect("row").expect("ok");
        assert_eq!((r.get("id"), r.get("body")), (Some("2"), None));
        let r = t.next_row().expect("row").expect("ok");
        assert_eq!(
            r.rest(&["id", "body", "extra"]).get("column 4"),
            Some(&Value::String("e".into()))
        );
        assert!(t.next_row().is_none());
    }

    #[test]
    fn invalid_utf8_row_is_reported_and_reading_goes_on() {
        let data = b"id,v\n1,\xff\xfe\n2,ok\n";
        let mut t = Table::new(&data[..]).expect("header");
        let bad = t.next_row().expect("row").expect_err("bad row");
        assert!(!bad.fatal);
        let r = t.next_row().expect("row").expect("ok");
        assert_eq!(r.get("v"), Some("ok"));
    }

    #[test]
    fn preamble_before_the_header_and_backslash_escapes() {
        let data = "Notes:\n\"Some text, with a comma\nand a line\"\n\nFirst Name,Last Name,URL\nA,\"B, C\",u\n";
        let d = Dialect {
            header_starts: &["First Name", "Last Name"],
            ..Dialect::default()
        };
        let mut t = Table::with_dialect(data.as_bytes(), d).expect("header");
        assert_eq!(t.header(), ["First Name", "Last Name", "URL"]);
        let r = t.next_row().expect("row").expect("ok");
        assert_eq!(r.get("last name"), Some("B, C"));
        assert!(t.next_row().is_none());
        // a file without the preamble reads the same
        let mut t = Table::with_dialect(&b"First Name,Last Name\nA,B\n"[..], d).expect("header");
        assert_eq!(
            t.next_row().expect("row").expect("ok").get("Last Name"),
            Some("B")
        );
        // no header at all: one fatal bad row
        let bad = Table::with_dialect(&b"x,y\n1,2\n"[..], d)
            .err()
            .expect("no header");
        assert!(bad.fatal);
        let d = Dialect {
            backslash_escapes: true,
            ..Dialect::default()
        };
        let data = "Date,Message\n1,\"He said \\\"no\\\" twice\"\n";
        let mut t = Table::with_dialect(data.as_bytes(), d).expect("header");
        let r = t.next_row().expect("row").expect("ok");
        assert_eq!(r.get("Message"), Some("He said \"no\" twice"));
    }

    #[test]
    fn empty_file_has_no_rows() {
        let mut t = Table::new(&b""[..]).expect("empty");
        assert!(t.header().is_empty());
        assert!(t.next_row().is_none());
    }
}
