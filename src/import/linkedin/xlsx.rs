//! The cells of an XLSX workbook (LinkedIn's Company Page analytics exports), as
//! strings, sheet by sheet. Only what those exports use: shared strings, inline
//! strings, numbers. Every part read is capped, so a workbook that is itself a zip
//! bomb stops at the cap. The parts are read by the one XML reader
//! ([`crate::read::xml::each_element`]), forgivingly: a part that breaks off or goes
//! wrong gives the elements read before the break.

use std::io::{Cursor, Read};

use crate::read::xml::{each_element, Node};

/// A worksheet: its name and its rows (cells by column, `""` where empty).
pub(crate) struct Sheet {
    /// Sheet name from `xl/workbook.xml`.
    pub name: String,
    /// Rows in order; a row's cells placed by their column letter.
    pub rows: Vec<Vec<String>>,
}

/// Most columns read from a row (LinkedIn's sheets have about twenty).
const MAX_COLS: usize = 256;

fn part(z: &mut zip::ZipArchive<Cursor<Vec<u8>>>, name: &str, cap: u64) -> Option<Vec<u8>> {
    let f = z.by_name(name).ok()?;
    let mut s = Vec::new();
    f.take(cap).read_to_end(&mut s).ok()?;
    Some(s)
}

/// Every element `name` of a part; a part that stops being XML gives what came
/// before (a truncated or damaged sheet still yields its first rows).
fn each(src: &[u8], part: &str, name: &str, f: impl FnMut(Node)) {
    // the error carries nothing the report could use: the rows read stand
    let _ = each_element(src, part, name, f);
}

/// All text of a node and its children (`<si><r><t>a</t></r><r><t>b</t></r></si>`).
fn all_text(n: &Node, out: &mut String) {
    if n.name == "t" {
        out.push_str(&n.text);
    }
    for c in &n.children {
        all_text(c, out);
    }
}

/// Column index of a cell reference (`C5` → 2).
fn column(r: &str) -> Option<usize> {
    let mut n = 0usize;
    let mut any = false;
    for b in r.bytes().take_while(u8::is_ascii_alphabetic) {
        n = n * 26 + usize::from(b.to_ascii_uppercase() - b'A') + 1;
        any = true;
        if n > MAX_COLS {
            return None;
        }
    }
    any.then(|| n - 1)
}

/// Read every worksheet of a workbook; `cap` bounds the bytes read from each part.
pub(crate) fn sheets(bytes: Vec<u8>, cap: u64) -> Result<Vec<Sheet>, String> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not an XLSX workbook: {e}"))?;
    let mut shared: Vec<String> = Vec::new();
    if let Some(s) = part(&mut z, "xl/sharedStrings.xml", cap) {
        each(&s, "xl/sharedStrings.xml", "si", |si| {
            let mut t = String::new();
            all_text(&si, &mut t);
            shared.push(t);
        });
    }
    // sheet names and their parts: workbook.xml + its relationships
    let mut targets: Vec<(String, String)> = Vec::new();
    if let Some(rels) = part(&mut z, "xl/_rels/workbook.xml.rels", cap) {
        each(&rels, "xl/_rels/workbook.xml.rels", "Relationship", |r| {
            if let (Some(id), Some(t)) = (r.attr("Id"), r.attr("Target")) {
                targets.push((id.to_string(), t.trim_start_matches('/').to_string()));
            }
        });
    }
    let mut order: Vec<(String, String)> = Vec::new();
    if let Some(wb) = part(&mut z, "xl/workbook.xml", cap) {
        each(&wb, "xl/workbook.xml", "sheet", |s| {
            let name = s.attr("name").unwrap_or("").to_string();
            // `r:id`: attributes go by local name
            let rid = s.attr("id").unwrap_or("");
            if let Some((_, t)) = targets.iter().find(|(id, _)| id == rid) {
                let path = if t.starts_with("xl/") {
                    t.clone()
                } else {
                    format!("xl/{t}")
                };
                order.push((name, path));
            }
        });
    }
    if order.is_empty() {
        // no workbook.xml: the sheets in name order
        let mut names: Vec<String> = z
            .file_names()
            .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml"))
            .map(str::to_string)
            .collect();
        names.sort();
        order = names.into_iter().map(|n| (n.clone(), n)).collect();
    }
    let mut out = Vec::new();
    for (name, path) in order {
        let Some(src) = part(&mut z, &path, cap) else {
            continue;
        };
        let mut rows = Vec::new();
        each(&src, &path, "row", |row| {
            let mut cells: Vec<String> = Vec::new();
            for (i, c) in row.all("c").enumerate() {
                let col = c.attr("r").and_then(column).unwrap_or(i);
                if col >= MAX_COLS {
                    continue;
                }
                let v = c.child("v").map(|v| v.text.as_str()).unwrap_or("");
                let value = match c.attr("t") {
                    Some("s") => v
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .and_then(|k| shared.get(k).cloned())
                        .unwrap_or_default(),
                    Some("inlineStr") => {
                        let mut t = String::new();
                        if let Some(is) = c.child("is") {
                            all_text(is, &mut t);
                        }
                        t
                    }
                    _ => v.to_string(),
                };
                if cells.len() <= col {
                    cells.resize(col + 1, String::new());
                }
                cells[col] = value;
            }
            rows.push(cells);
        });
        out.push(Sheet { name, rows });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_columns() {
        assert_eq!(column("A1"), Some(0));
        assert_eq!(column("C5"), Some(2));
        assert_eq!(column("AA10"), Some(26));
        assert_eq!(column("5"), None);
        assert_eq!(column("ZZZZ1"), None);
    }

    #[test]
    fn sample_workbook_sheets_in_order_with_shared_strings_and_numbers() {
        let b = std::fs::read(
            "formats/linkedin/samples/company-page-2024/examplecorp_content_1718064000000.xlsx",
        )
        .expect("sample workbook");
        let s = sheets(b, 1 << 20).expect("a workbook");
        let names: Vec<&str> = s.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["All posts", "Metrics"]);
        assert_eq!(s[0].rows[1], Vec::<String>::new());
        assert_eq!(s[0].rows[2][..2], ["Post title", "Post link"]);
        let row = &s[0].rows[4];
        assert_eq!(row[0], "Join our records day");
        assert_eq!(row[5], "45413", "a date cell stays its serial number");
        assert_eq!(row.len(), 16);
        assert_eq!(s[1].rows[1], ["06/10/2024", "1234", "56"]);
    }

    #[test]
    fn not_a_workbook_is_an_error() {
        assert!(sheets(b"not a zip".to_vec(), 1 << 20).is_err());
    }
}
