//! Company Page exports: the XLSX analytics workbooks (posts with their metrics).

use super::posts::urn_of;
use super::*;

/// How LinkedIn names the sections of a Company Page's analytics exports
/// (`<page>_content_<epoch ms>.xls`).
pub(super) const PAGE_SECTIONS: &[&str] = &["_content_", "_updates_", "_followers_", "_visitors_"];

/// The page's name from a workbook's file name, else `page`.
pub(super) fn page_name(file: &str) -> String {
    let lower = file.to_ascii_lowercase();
    PAGE_SECTIONS
        .iter()
        .find_map(|s| lower.find(s))
        .map(|i| file[..i].to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "page".to_string())
}

/// An analytics date: `06/10/2024`, ISO, or an Excel serial day number.
pub(super) fn sheet_date(s: &str) -> Option<Timestamp> {
    if let Some((t, _)) = Timestamp::parse(s) {
        return Some(t);
    }
    for fmt in ["%m/%d/%Y", "%m/%d/%y", "%Y/%m/%d"] {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(s.trim(), fmt) {
            return Timestamp::from_millis(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis());
        }
    }
    let serial: f64 = s.trim().parse().ok()?;
    if !(1.0..200_000.0).contains(&serial) {
        return None;
    }
    // days since 1899-12-30 (Excel's epoch, its 1900 leap-year bug included)
    let ms = ((serial - 25_569.0) * 86_400_000.0).round() as i64;
    Timestamp::from_millis(ms)
}

impl LinkedIn {
    /// A Company Page analytics workbook: the original is carried; the rows of an
    /// "All posts" sheet (a header with `Post title` / `Post link`) become the page's
    /// posts with their metrics (FORMAT §9: post text is only its title there).
    pub(super) fn page_workbook(
        &mut self,
        e: &Entry,
        r: &mut (dyn Read + Send),
        cx: &mut Context,
    ) -> Result<u64> {
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes)
            .map_err(|err| Error::io(&e.name, err))?;
        cx.sink.carry(&e.name, &mut std::io::Cursor::new(&bytes))?;
        // each part of the workbook is inflated in memory: at most 256 MiB of it
        let cap = cx.limits.max_entry_bytes.min(256 << 20);
        let sheets = match xlsx::sheets(bytes, cap) {
            Ok(s) => s,
            Err(why) => {
                cx.report.skipped(Kind::Post, why, &e.name);
                return Ok(1);
            }
        };
        let page = page_name(e.file_name());
        let page_native = format!("company/{page}");
        let src0 = Source::entry(&e.name);
        let author = {
            let s = self
                .stubs
                .entry(page_native.clone())
                .or_insert_with(|| Stub {
                    source: src0.clone(),
                    ..Stub::default()
                });
            if s.name.is_none() {
                s.name = Some(page.clone());
            }
            record_id(NET, Kind::Account, &page_native)
        };
        let mut n = 0u64;
        for sheet in sheets {
            let is_key = |c: &String| {
                let c = c.trim();
                c.eq_ignore_ascii_case("Post link") || c.eq_ignore_ascii_case("Post title")
            };
            let Some(h) = sheet
                .rows
                .iter()
                .take(16)
                .position(|r| r.iter().any(is_key))
            else {
                continue;
            };
            let header: Vec<String> = sheet.rows[h].iter().map(|c| c.trim().to_string()).collect();
            for (i, row) in sheet.rows.iter().enumerate().skip(h + 1) {
                if row.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                n += 1;
                let src = Source {
                    entry: e.name.clone(),
                    index: Some(i as u64),
                    pointer: Some(format!("/{}/{}", sheet.name, i + 1)),
                    ..Source::default()
                };
                let cell = |names: &[&str]| -> Option<&str> {
                    names.iter().find_map(|name| {
                        let k = header.iter().position(|h| h.eq_ignore_ascii_case(name))?;
                        row.get(k).map(|v| v.trim()).filter(|v| !v.is_empty())
                    })
                };
                let link = cell(&["Post link", "Update link"]);
                let title = cell(&["Post title", "Update title"]);
                let date = cell(&["Created date", "Date"]);
                if link.is_none() && title.is_none() {
                    cx.report.skipped(
                        Kind::Post,
                        "page post row without a link or a title",
                        format!("{}#{}", e.name, i + 1),
                    );
                    continue;
                }
                let native = link.and_then(urn_of).unwrap_or_else(|| {
                    format!(
                        "page/{page}/{:016x}",
                        fnv(&[link.unwrap_or(""), title.unwrap_or(""), date.unwrap_or("")])
                    )
                });
                let mut raw = BTreeMap::new();
                let created_at = date.and_then(|d| {
                    let t = sheet_date(d)?;
                    raw.insert("created_at".to_string(), d.to_string());
                    Some(t)
                });
                let mut metrics = BTreeMap::new();
                let mut ext = Ext::default();
                for (k, h) in header.iter().enumerate() {
                    let Some(v) = row.get(k).map(|v| v.trim()).filter(|v| !v.is_empty()) else {
                        continue;
                    };
                    if ["post link", "update link", "post title", "update title"]
                        .contains(&h.to_ascii_lowercase().as_str())
                    {
                        continue; // mapped: id, url, text
                    }
                    let metric = match h.to_ascii_lowercase().as_str() {
                        "impressions" => Some("impressions"),
                        "views (excluding off-site video views)" | "views" => Some("views"),
                        "off-site views" => Some("offsite_views"),
                        "clicks" => Some("clicks"),
                        "likes" | "reactions" => Some("likes"),
                        "comments" => Some("comments"),
                        "reposts" | "shares" => Some("reposts"),
                        "follows" | "followers" => Some("follows"),
                        _ => None,
                    };
                    match metric.and_then(|m| {
                        v.parse::<f64>()
                            .ok()
                            .filter(|x| x.is_finite() && *x >= 0.0)
                            .map(|x| (m, x.round() as u64))
                    }) {
                        Some((m, x)) => {
                            metrics.insert(m.to_string(), x);
                        }
                        None => {
                            if !h.is_empty() {
                                ext.insert_string(h, v.to_string());
                            }
                        }
                    }
                }
                ext.insert_string("sheet", sheet.name.clone());
                let post = Post {
                    id: record_id(NET, Kind::Post, &native),
                    network: NET.into(),
                    author: author.clone(),
                    created_at,
                    text: title.unwrap_or("").to_string(),
                    url: link.map(str::to_string),
                    visibility: Visibility::Public,
                    metrics,
                    raw_times: raw,
                    source: src,
                    ext,
                    ..Default::default()
                };
                cx.emit(Record::Post(post))?;
            }
        }
        Ok(n)
    }
}
