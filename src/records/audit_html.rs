//! `lifeboat audit ARCHIVE --html OUT`: the audit as one printable page a records
//! manager can read, print or attach — the verdict first, then the sources with their
//! checksums, two charts (dated records per month per network; what each kind's
//! records became: converted, kept raw, skipped), the records by kind, network and
//! visibility, the reconciliation against each export's declared counts, missing
//! media, skips and repairs, absences, the custody log and any hold. Inline SVG and
//! one style sheet in the page; no script, nothing loaded, print styles for A4 and
//! Letter.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Audit;
use crate::export::chart::{self, network_label, Monthly};
use crate::export::text::esc;

const CSS: &str = r#"
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#fff}
header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}header{padding-top:1rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.2rem;margin:1.5rem 0 .5rem;border-bottom:2px solid #d0d0d8;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}th,td{border:1px solid #c8c8d0;padding:.2rem .45rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}code,.sha{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem;overflow-wrap:anywhere;word-break:break-all}
.ok{color:#146c2e;font-weight:700}.bad{color:#b3261e;font-weight:700}.meta{color:#4a4a55}.wide{overflow-x:auto}
dl.verdict{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.verdict dt{font-weight:600}dl.verdict dd{margin:0}
figure.chart{margin:.75rem 0;break-inside:avoid}figure.chart>svg{width:100%;height:auto;border:1px solid #d0d0d8}figure.chart figcaption{font-weight:600}
ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:.3rem 0}ul.legend svg{margin-right:.3rem;vertical-align:-.1rem}
details.numbers summary{color:#4a4a55}footer{color:#4a4a55;font-size:.85rem;padding:2rem 1rem}
section{break-inside:auto}tr{break-inside:avoid}h2{break-after:avoid}
@media print{@page{margin:14mm}body{font-size:10.5pt}header,main,footer{max-width:none;padding:0}details.numbers{display:block}details.numbers>summary{display:none}a{color:inherit;text-decoration:none}}
"#;

fn num(v: Option<&Value>) -> u64 {
    v.and_then(Value::as_u64).unwrap_or(0)
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

fn yes(ok: bool, yes: &str, no: &str) -> String {
    if ok {
        format!("<span class=\"ok\">✓ {}</span>", esc(yes))
    } else {
        format!("<span class=\"bad\">✗ {}</span>", esc(no))
    }
}

/// The audit as a whole HTML page.
pub fn audit_html(a: &Audit) -> String {
    let j = &a.json;
    let mut b = String::new();
    let empty = serde_json::Map::new();
    let sources = j
        .get("sources")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let records = j
        .get("records")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let total: u64 = records.values().map(|r| num(r.get("total"))).sum();
    let balanced = j
        .get("reports_balanced")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let hold = j.get("hold").filter(|h| !h.is_null());

    // the verdict
    b.push_str("<section aria-labelledby=\"s-verdict\"><h2 id=\"s-verdict\">Verdict</h2><dl class=\"verdict\">");
    let mut row = |k: &str, v: String| b.push_str(&format!("<dt>{}</dt><dd>{v}</dd>", esc(k)));
    row(
        "Checksums",
        yes(
            a.verified,
            "every file matches its checksum (verify)",
            "verify found problems (listed below)",
        ),
    );
    row(
        "Declared counts",
        yes(
            a.reconciled,
            "every count an export declares matches what was read",
            "a declared count does not match (see Reconciliation)",
        ),
    );
    row(
        "Import reports",
        yes(
            balanced,
            "read = converted + kept raw + skipped, for every kind",
            "a report does not balance or is missing",
        ),
    );
    row("Sources", sources.len().to_string());
    row("Records", total.to_string());
    row(
        "Legal hold",
        match hold {
            Some(h) => format!(
                "<strong>held</strong> since {}: {}",
                esc(s(h, "since")),
                esc(s(h, "reason"))
            ),
            None => "none".into(),
        },
    );
    b.push_str("</dl></section>\n");

    // sources
    b.push_str("<section aria-labelledby=\"s-sources\"><h2 id=\"s-sources\">Sources</h2>\n<div class=\"wide\"><table><thead><tr><th scope=\"col\">File</th><th scope=\"col\">Network</th><th scope=\"col\">Imported</th><th scope=\"col\" class=\"n\">Bytes</th><th scope=\"col\">SHA-256</th><th scope=\"col\">Report</th></tr></thead><tbody>");
    for src in &sources {
        let gen = s(src, "generation");
        b.push_str(&format!(
            "<tr><td>{}</td><td>{}{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"sha\">{}</td><td>{}</td></tr>",
            esc(s(src, "file_name")),
            esc(&network_label(s(src, "network"))),
            if gen.is_empty() { String::new() } else { format!(" <span class=\"meta\">({})</span>", esc(gen)) },
            esc(s(src, "imported_at")),
            num(src.get("bytes")),
            esc(s(src, "sha256")),
            match src.get("balanced").and_then(Value::as_bool) {
                Some(true) => "<span class=\"ok\">balanced</span>".to_string(),
                Some(false) => "<span class=\"bad\">does not balance</span>".to_string(),
                None => "<span class=\"bad\">missing</span>".to_string(),
            }
        ));
    }
    b.push_str("</tbody></table></div></section>\n");

    // charts
    b.push_str("<section aria-labelledby=\"s-charts\"><h2 id=\"s-charts\">Over time, and what became of the records</h2>\n");
    let mut monthly = Monthly::new();
    if let Some(m) = j.get("by_month").and_then(Value::as_object) {
        for (net, months) in m {
            if let Some(months) = months.as_object() {
                let e = monthly.entry(net.clone()).or_default();
                for (k, v) in months {
                    e.insert(k.clone(), num(Some(v)));
                }
            }
        }
    }
    b.push_str(&chart::monthly(
        "by-month",
        "Dated records per month, by network",
        "records",
        &monthly,
    ));
    let mut fate: BTreeMap<String, [u64; 3]> = BTreeMap::new();
    for src in &sources {
        if let Some(r) = src.get("records").and_then(Value::as_object) {
            for (kind, c) in r {
                let e = fate.entry(kind.clone()).or_default();
                e[0] += num(c.get("converted"));
                e[1] += num(c.get("kept_raw"));
                e[2] += num(c.get("skipped"));
            }
        }
    }
    let rows: Vec<(String, Vec<u64>)> = fate
        .into_iter()
        .filter(|(_, v)| v.iter().any(|&x| x > 0))
        .map(|(k, v)| (k, v.to_vec()))
        .collect();
    if rows.is_empty() {
        b.push_str("<p>No import report names any record.</p>\n");
    } else {
        b.push_str(&chart::stacked_rows(
            "fate",
            "Records read from the dumps, by kind: converted, kept raw, skipped",
            &["converted", "kept raw", "skipped"],
            &rows,
        ));
    }
    b.push_str("</section>\n");

    // records
    b.push_str(
        "<section aria-labelledby=\"s-records\"><h2 id=\"s-records\">Records in the archive</h2>\n",
    );
    let mut nets: Vec<String> = Vec::new();
    for r in records.values() {
        if let Some(m) = r.get("by_network").and_then(Value::as_object) {
            for n in m.keys() {
                if !nets.contains(n) {
                    nets.push(n.clone());
                }
            }
        }
    }
    nets.sort();
    b.push_str("<div class=\"wide\"><table><caption class=\"meta\">By kind and network</caption><thead><tr><th scope=\"col\">Kind</th>");
    for n in &nets {
        b.push_str(&format!(
            "<th scope=\"col\" class=\"n\">{}</th>",
            esc(&network_label(n))
        ));
    }
    b.push_str("<th scope=\"col\" class=\"n\">Total</th></tr></thead><tbody>");
    for (k, r) in records {
        b.push_str(&format!("<tr><th scope=\"row\">{}</th>", esc(k)));
        for n in &nets {
            b.push_str(&format!(
                "<td class=\"n\">{}</td>",
                num(r.get("by_network").and_then(|m| m.get(n)))
            ));
        }
        b.push_str(&format!(
            "<td class=\"n\">{}</td></tr>",
            num(r.get("total"))
        ));
    }
    b.push_str("</tbody></table></div>\n");
    b.push_str(&kv_table(
        "Posts by visibility",
        j.get("visibility"),
        "Visibility",
    ));
    b.push_str(&format!(
        "<p>Deleted posts kept: {}.</p></section>\n",
        num(j.get("deleted_posts"))
    ));

    // reconciliation
    b.push_str("<section aria-labelledby=\"s-rec\"><h2 id=\"s-rec\">Reconciliation against each export's declared counts</h2>\n");
    let rec = j
        .get("reconciliation")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if rec.is_empty() {
        b.push_str("<p>No export declared counts about itself.</p>\n");
    } else {
        b.push_str("<div class=\"wide\"><table><thead><tr><th scope=\"col\">Source</th><th scope=\"col\">What</th><th scope=\"col\" class=\"n\">Declared</th><th scope=\"col\" class=\"n\">Found</th><th scope=\"col\">Status</th><th scope=\"col\">Note</th></tr></thead><tbody>");
        for r in &rec {
            let ok = s(r, "status") == "ok";
            b.push_str(&format!(
                "<tr><td class=\"sha\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
                esc(s(r, "source")),
                esc(s(r, "what")),
                scalar(r.get("declared")),
                scalar(r.get("found")),
                yes(ok, "ok", "mismatch"),
                esc(s(r, "note"))
            ));
        }
        b.push_str("</tbody></table></div>\n");
    }
    b.push_str("</section>\n");

    // missing media, skips, repairs, absences
    let mm = j.get("missing_media");
    b.push_str(&format!(
        "<section aria-labelledby=\"s-missing\"><h2 id=\"s-missing\">Missing media</h2>\n<p>{} media files named by the dumps were not in them; {} media records are marked missing.</p>\n",
        num(mm.and_then(|m| m.get("count"))),
        num(mm.and_then(|m| m.get("records")))
    ));
    if let Some(first) = mm
        .and_then(|m| m.get("first"))
        .and_then(Value::as_array)
        .filter(|f| !f.is_empty())
    {
        b.push_str("<table><thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Missing</th></tr></thead><tbody>");
        for f in first {
            b.push_str(&format!(
                "<tr><td class=\"sha\">{}</td><td><code>{}</code></td></tr>",
                esc(s(f, "source")),
                esc(s(f, "what"))
            ));
        }
        b.push_str("</tbody></table>\n");
    }
    b.push_str("</section>\n");
    let skips = j.get("skips");
    b.push_str(&format!(
        "<section aria-labelledby=\"s-skips\"><h2 id=\"s-skips\">Skips and repairs</h2>\n<p>{} records skipped; {} warnings.</p>\n",
        num(skips.and_then(|x| x.get("count"))),
        num(j.get("warnings"))
    ));
    b.push_str(&kv_table(
        "Skips by reason",
        skips.and_then(|x| x.get("reasons")),
        "Reason",
    ));
    b.push_str(&kv_table("Repairs", j.get("repairs"), "Repair"));
    b.push_str("</section>\n");
    let absent = j.get("absent");
    b.push_str("<section aria-labelledby=\"s-absent\"><h2 id=\"s-absent\">Absent from a later export</h2>\n");
    b.push_str(&kv_table(
        "Still absent from their network's latest export, by kind",
        j.get("absent_from_latest_export"),
        "Kind",
    ));
    b.push_str(&kv_table(
        "Every record ever marked absent, by the export it went missing from",
        absent.and_then(|x| x.get("since")),
        "Since",
    ));
    b.push_str("</section>\n");

    // custody and hold
    let log = j.get("log");
    b.push_str(&format!(
        "<section aria-labelledby=\"s-custody\"><h2 id=\"s-custody\">Chain of custody</h2>\n<p>The log <code>{}</code> records:</p>\n",
        esc(log.map(|l| s(l, "path")).unwrap_or(""))
    ));
    b.push_str(&kv_table(
        "Logged events",
        log.and_then(|l| l.get("events")),
        "Event",
    ));
    b.push_str(&format!(
        "<p>Legal hold: {}</p>\n",
        match hold {
            Some(h) => format!(
                "<strong>held</strong> since {} — {}",
                esc(s(h, "since")),
                esc(s(h, "reason"))
            ),
            None => "none.".into(),
        }
    ));
    let problems = j
        .get("problems")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if !problems.is_empty() {
        b.push_str("<h3>Problems found by verify</h3><ul>");
        for p in problems.iter().take(500) {
            b.push_str(&format!(
                "<li><code>{}</code></li>",
                esc(p.as_str().unwrap_or(""))
            ));
        }
        if problems.len() > 500 {
            b.push_str(&format!(
                "<li>… and {} more (in the JSON audit)</li>",
                problems.len() - 500
            ));
        }
        b.push_str("</ul>");
    }
    b.push_str("</section>\n");

    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>Audit of {arch}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header><p class=\"meta\">lifeboat audit report</p><h1>Audit of the archive {arch}</h1><p class=\"meta\">Audited {at} by {tool}. Archive created {created}, updated {updated}; schema {schema}.</p></header>\n<main>\n{b}</main>\n<footer>Written by {tool}. The same audit as JSON: <code>lifeboat audit ARCHIVE --json FILE</code>.</footer>\n</body>\n</html>\n",
        arch = esc(s(j, "archive")),
        at = esc(s(j, "audited_at")),
        tool = esc(s(j, "tool")),
        created = esc(s(j, "created_at")),
        updated = esc(s(j, "updated_at")),
        schema = scalar(j.get("schema_version")),
    )
}

fn scalar(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => esc(s),
        Some(Value::Null) | None => String::new(),
        Some(v) => esc(&v.to_string()),
    }
}

/// A two-column table of a JSON object of counts; "none" when it is empty.
fn kv_table(caption: &str, v: Option<&Value>, key: &str) -> String {
    let Some(m) = v.and_then(Value::as_object).filter(|m| !m.is_empty()) else {
        return format!("<p>{}: none.</p>\n", esc(caption));
    };
    let mut s = format!(
        "<table><caption class=\"meta\">{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"n\">Count</th></tr></thead><tbody>",
        esc(caption),
        esc(key)
    );
    for (k, c) in m {
        s.push_str(&format!(
            "<tr><td>{}</td><td class=\"n\">{}</td></tr>",
            esc(k),
            scalar(Some(c))
        ));
    }
    s.push_str("</tbody></table>\n");
    s
}
