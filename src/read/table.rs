//! CSV tables read by column name: the exports made of CSV files (Reddit, LinkedIn,
//! Mastodon's lists) name their columns in a header line, add columns over the years
//! and sometimes start with a byte-order mark.

use std::io::{self, Read};

use serde_json::{Map, Value};

/// Rows of a CSV file with a header line, streamed.
pub struct Table<R: Read> {
    rd: csv::Reader<RowGuard<R>>,
    header: Vec<String>,
    rec: csv::StringRecord,
}

/// Largest CSV row read, in bytes, unless the dialect says otherwise (the same as the
/// default `field-bytes` limit): a longer row is skipped and reported, and its bytes
/// are never held.
pub const MAX_ROW_BYTES: u64 = 32 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Csv {
    StartField,
    InField,
    InQuoted,
    EscapeInQuoted,
    QuoteInQuoted,
}

/// Follows a CSV stream as csv-core does (quoted fields, doubled quotes or backslash
/// escapes, CR/LF row ends) and keeps no row longer than `max` bytes: the rest of such a
/// row is dropped (and the row closed properly for the parser), and counted in `cut`.
/// At the end it knows whether a quote was left open.
pub(crate) struct RowGuard<R> {
    inner: R,
    delimiter: u8,
    escape: Option<u8>,
    max: u64,
    state: Csv,
    run: u64,
    /// Dropping the rest of a row; what the parser saw when dropping began.
    cutting: Option<Csv>,
    /// Rows cut short: where each began in the output (oldest first).
    pub cuts: std::collections::VecDeque<u64>,
    /// The stream ended inside a quoted field of the row that began here.
    pub open_quote: Option<u64>,
    /// Bytes handed out so far.
    out_total: u64,
    /// Where the current row began in the output.
    row_start: u64,
    at_row_start: bool,
    /// The stream has ended.
    pub eof: bool,
    raw: Vec<u8>,
    out: Vec<u8>,
    out_pos: usize,
}

impl<R: Read> RowGuard<R> {
    pub(crate) fn new(inner: R, delimiter: u8, escape: Option<u8>, max: u64) -> Self {
        RowGuard {
            inner,
            delimiter,
            escape,
            max,
            state: Csv::StartField,
            run: 0,
            cutting: None,
            cuts: std::collections::VecDeque::new(),
            open_quote: None,
            out_total: 0,
            row_start: 0,
            at_row_start: true,
            eof: false,
            raw: vec![0u8; 1 << 16],
            out: Vec::with_capacity(1 << 16),
            out_pos: 0,
        }
    }

    /// Feed one byte; returns whether the row ended with it.
    fn step(&mut self, b: u8) -> bool {
        let end_of_row = |b: u8| b == b'\n' || b == b'\r';
        let (next, ends) = match self.state {
            Csv::StartField | Csv::InField if end_of_row(b) => (Csv::StartField, true),
            Csv::StartField | Csv::InField if b == self.delimiter => (Csv::StartField, false),
            Csv::StartField if b == b'"' => (Csv::InQuoted, false),
            Csv::StartField | Csv::InField => (Csv::InField, false),
            Csv::InQuoted if Some(b) == self.escape => (Csv::EscapeInQuoted, false),
            Csv::InQuoted if b == b'"' => (Csv::QuoteInQuoted, false),
            Csv::InQuoted => (Csv::InQuoted, false),
            Csv::EscapeInQuoted => (Csv::InQuoted, false),
            Csv::QuoteInQuoted if b == b'"' && self.escape.is_none() => (Csv::InQuoted, false),
            Csv::QuoteInQuoted if b == self.delimiter => (Csv::StartField, false),
            Csv::QuoteInQuoted if end_of_row(b) => (Csv::StartField, true),
            Csv::QuoteInQuoted => (Csv::InField, false),
        };
        self.state = next;
        ends
    }

    fn fill(&mut self) -> io::Result<()> {
        self.out_total += self.out.len() as u64;
        self.out.clear();
        self.out_pos = 0;
        while self.out.is_empty() && !self.eof {
            let n = loop {
                match self.inner.read(&mut self.raw) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            };
            if n == 0 {
                self.eof = true;
                if matches!(self.state, Csv::InQuoted | Csv::EscapeInQuoted) {
                    self.open_quote = Some(self.row_start);
                }
                if let Some(seen) = self.cutting.take() {
                    self.close(seen);
                }
                break;
            }
            let mut i = 0;
            while i < n {
                // fast path: a run of bytes that cannot change the state
                let chunk = self.raw.get(i..n).unwrap_or_default();
                let skip = match self.state {
                    Csv::InQuoted => match self.escape {
                        Some(esc) => memchr::memchr2(b'"', esc, chunk),
                        None => memchr::memchr(b'"', chunk),
                    }
                    .unwrap_or(chunk.len()),
                    Csv::InField => {
                        memchr::memchr3(self.delimiter, b'\n', b'\r', chunk).unwrap_or(chunk.len())
                    }
                    _ => 0,
                };
                if skip > 0 {
                    let keep = if self.cutting.is_some() {
                        0
                    } else {
                        usize::try_from(self.max.saturating_sub(self.run))
                            .unwrap_or(usize::MAX)
                            .min(skip)
                    };
                    if keep > 0 {
                        self.out
                            .extend_from_slice(chunk.get(..keep).unwrap_or_default());
                    }
                    let step = if self.cutting.is_some() { skip } else { keep };
                    if step > 0 {
                        self.run += step as u64;
                        i += step;
                        continue;
                    }
                }
                let b = self.raw.get(i).copied().unwrap_or(b'\n');
                i += 1;
                let before = self.state;
                let ends = self.step(b);
                let here = self.out_total + self.out.len() as u64;
                if ends {
                    if let Some(seen) = self.cutting.take() {
                        self.close(seen);
                    }
                    self.run = 0;
                    self.at_row_start = true;
                    self.out.push(b);
                    continue;
                }
                if self.at_row_start {
                    self.at_row_start = false;
                    self.row_start = here;
                }
                self.run += 1;
                if self.cutting.is_some() {
                    continue;
                }
                if self.run > self.max {
                    self.cutting = Some(before);
                    self.cuts.push_back(self.row_start);
                    continue;
                }
                self.out.push(b);
            }
        }
        Ok(())
    }

    /// Whether the row the parser read from `start` to `end` (offsets in this
    /// stream) was cut short or holds the quote left open at the end: the reason to
    /// skip it.
    pub(crate) fn bad_row(&mut self, start: u64, end: u64) -> Option<String> {
        while self.cuts.front().is_some_and(|&c| c < start) {
            self.cuts.pop_front();
        }
        if self.cuts.front().is_some_and(|&c| c < end) {
            self.cuts.pop_front();
            return Some(format!(
                "row longer than {} bytes (the field-bytes limit); skipped",
                self.max
            ));
        }
        if self.open_quote.is_some_and(|o| start <= o && o < end) {
            // an unbalanced quote read the rest of the file into this row
            self.open_quote = None;
            return Some(
                "unterminated quote: from this row to the end of the file everything reads \
                 as one field; the row is skipped"
                    .into(),
            );
        }
        None
    }

    /// End a cut row so that the parser, which saw it up to `seen`, is outside quotes.
    fn close(&mut self, seen: Csv) {
        match seen {
            Csv::InQuoted => self.out.push(b'"'),
            Csv::EscapeInQuoted => self.out.extend_from_slice(b" \""),
            _ => {}
        }
    }
}

impl<R: Read> Read for RowGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.out_pos >= self.out.len() {
            self.fill()?;
        }
        let rest = self.out.get(self.out_pos..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), rest.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.out_pos += n;
        if self.out_pos >= self.out.len() {
            self.out_total += self.out.len() as u64;
            self.out.clear();
            self.out_pos = 0;
        }
        Ok(n)
    }
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
    /// Longest row read, in bytes: a longer one is skipped and reported.
    pub max_row_bytes: u64,
}

impl Default for Dialect<'_> {
    fn default() -> Self {
        Dialect {
            delimiter: b',',
            backslash_escapes: false,
            header_starts: &[],
            max_row_bytes: MAX_ROW_BYTES,
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
        let guard = RowGuard::new(
            r,
            dialect.delimiter,
            dialect.backslash_escapes.then_some(b'\\'),
            dialect.max_row_bytes,
        );
        let mut rd = b.from_reader(guard);
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
                    // the record's bytes in the stream the parser read
                    let start = self.rec.position().map(|p| p.byte()).unwrap_or(0);
                    let end = self.rd.position().byte();
                    if let Some(reason) = self.rd.get_mut().bad_row(start, end) {
                        return Some(Err(BadRow {
                            line,
                            reason,
                            fatal: false,
                        }));
                    }
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
    fn a_row_longer_than_the_limit_is_skipped_and_reading_goes_on() {
        let big = "x".repeat(5000);
        for quoted in [false, true] {
            let cell = if quoted {
                format!("\"{big}, \"\"q\"\"\nmore\"")
            } else {
                big.clone()
            };
            let data = format!("id,v\n1,a\n2,{cell}\n3,c\n");
            let d = Dialect {
                max_row_bytes: 1000,
                ..Dialect::default()
            };
            let mut t = Table::with_dialect(data.as_bytes(), d).expect("header");
            assert_eq!(t.next_row().unwrap().unwrap().get("v"), Some("a"));
            let bad = t.next_row().unwrap().expect_err("too long");
            assert!(bad.reason.contains("longer than 1000"), "{}", bad.reason);
            assert!(!bad.fatal);
            let r = t.next_row().unwrap().unwrap();
            assert_eq!(
                (r.get("id"), r.get("v")),
                (Some("3"), Some("c")),
                "{quoted}"
            );
            assert!(t.next_row().is_none());
        }
    }

    #[test]
    fn an_unterminated_quote_is_reported() {
        let data = "id,v\n1,a\n2,\"oops\n3,c\n4,d\n";
        let mut t = Table::new(data.as_bytes()).expect("header");
        assert_eq!(t.next_row().unwrap().unwrap().get("v"), Some("a"));
        let bad = t.next_row().unwrap().expect_err("open quote");
        assert!(bad.reason.contains("unterminated quote"), "{}", bad.reason);
        assert_eq!(bad.line, 3);
        assert!(t.next_row().is_none());
        // a closed one is not
        let mut t = Table::new(&b"id,v\n1,\"a\nb\"\n"[..]).expect("header");
        assert_eq!(t.next_row().unwrap().unwrap().get("v"), Some("a\nb"));
        assert!(t.next_row().is_none());
    }

    #[test]
    fn empty_file_has_no_rows() {
        let mut t = Table::new(&b""[..]).expect("empty");
        assert!(t.header().is_empty());
        assert!(t.next_row().is_none());
    }
}
