//! Human-readable output of `diff` and `audit`.

pub(crate) fn print_diff(d: &lifeboat::records::Diff) {
    println!("--- {}\n+++ {}", d.old, d.new);
    for (network, c) in &d.coverage {
        println!("newer {network} export covers: {}", coverage_line(c));
    }
    if d.is_empty() {
        println!("identical: every record is the same");
        return;
    }
    for (kind, k) in &d.kinds {
        if k.added.is_empty()
            && k.removed.is_empty()
            && k.not_covered.is_empty()
            && k.changed.is_empty()
        {
            continue;
        }
        println!(
            "{kind}: {} added, {} removed, {} changed, {} unchanged{}",
            k.added.len(),
            k.removed.len(),
            k.changed.len(),
            k.unchanged,
            if k.not_covered.is_empty() {
                String::new()
            } else {
                format!(
                    "; {} only in the older one but not covered by the newer export",
                    k.not_covered.len()
                )
            }
        );
        for id in k.removed.iter().take(20) {
            println!("  - {id}");
        }
        for id in k.added.iter().take(20) {
            println!("  + {id}");
        }
        for c in k.changed.iter().take(20) {
            let fields: Vec<&str> = c.fields.iter().map(|f| f.field.as_str()).collect();
            println!("  ~ {} ({})", c.id, fields.join(", "));
            if let Some(t) = c.fields.iter().find(|f| f.field == "text") {
                let cut = |v: &serde_json::Value| -> String {
                    v.as_str().unwrap_or("").chars().take(100).collect()
                };
                println!("      was: {}", cut(&t.old));
                println!("      now: {}", cut(&t.new));
            }
        }
        let more = k.removed.len().saturating_sub(20)
            + k.added.len().saturating_sub(20)
            + k.changed.len().saturating_sub(20);
        if more > 0 {
            println!("  … {more} more (see --json)");
        }
    }
}

pub(crate) fn print_audit(a: &serde_json::Value) {
    use serde_json::Value;
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    println!("archive {}", s(&a["archive"]));
    println!(
        "verified: {}",
        if a["verified"] == true {
            "yes, every checksum holds"
        } else {
            "NO"
        }
    );
    for p in a["problems"].as_array().into_iter().flatten().take(20) {
        println!("  problem: {}", s(p));
    }
    println!("\nsources:");
    for src in a["sources"].as_array().into_iter().flatten() {
        println!(
            "  {} {} ({} {}) sha256 {} {} bytes, imported {} by {}",
            s(&src["id"]),
            s(&src["file_name"]),
            s(&src["network"]),
            s(&src["generation"]),
            s(&src["sha256"]),
            count(&src["bytes"]),
            s(&src["imported_at"]),
            s(&src["tool"])
        );
        if let Ok(c) = serde_json::from_value::<lifeboat::report::Coverage>(src["coverage"].clone())
        {
            println!("    covers: {}", coverage_line(&c));
        }
    }
    println!("\nrecords:");
    if let Some(m) = a["records"].as_object() {
        for (k, v) in m {
            println!(
                "  {k:<13} {:>9}  {}",
                count(&v["total"]),
                pairs(&v["by_network"])
            );
        }
    }
    println!("  posts by visibility: {}", pairs(&a["visibility"]));
    println!("\nreconciliation (what the exports declare against what was read):");
    for r in a["reconciliation"].as_array().into_iter().flatten() {
        println!(
            "  {:<8} {} declared {} found {}{}",
            s(&r["status"]),
            s(&r["what"]),
            count(&r["declared"]),
            count(&r["found"]),
            r["note"]
                .as_str()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        );
    }
    println!(
        "\nmissing media: {}; skipped records: {}; warnings: {}",
        count(&a["missing_media"]["count"]),
        count(&a["skips"]["count"]),
        count(&a["warnings"])
    );
    println!("repairs: {}", pairs(&a["repairs"]));
    println!(
        "absent from the latest export (by its coverage): {}; marked absent in all: {}",
        pairs(&a["absent_from_latest_export"]),
        pairs(&a["absent"]["by_kind"])
    );
    println!("custody log events: {}", count(&a["log"]["events"]));
    match a["hold"].as_object() {
        Some(h) => println!(
            "legal hold: since {} ({})",
            h.get("since").and_then(Value::as_str).unwrap_or(""),
            h.get("reason").and_then(Value::as_str).unwrap_or("")
        ),
        None => println!("legal hold: none"),
    }
}

/// What a dump covers, in one line: its complete scopes, or why they are unknown.
pub(crate) fn coverage_line(c: &lifeboat::report::Coverage) -> String {
    use lifeboat::report::CoverageStatus;
    let whose = if c.accounts.is_empty() {
        "owner not named".to_string()
    } else {
        c.accounts.join(", ")
    };
    match c.status {
        CoverageStatus::Unknown => {
            format!("unknown ({})", c.reason.as_deref().unwrap_or("not stated"))
        }
        CoverageStatus::Known if c.complete.is_empty() => format!("nothing completely ({whose})"),
        CoverageStatus::Known => format!(
            "{} ({whose})",
            c.complete.keys().cloned().collect::<Vec<_>>().join(", ")
        ),
    }
}

/// A JSON count for people: `1,234` (a number), the text of anything else.
fn count(v: &serde_json::Value) -> String {
    match v.as_u64() {
        Some(n) => {
            let d = n.to_string();
            let mut out = String::new();
            for (i, c) in d.chars().enumerate() {
                if i > 0 && (d.len() - i) % 3 == 0 {
                    out.push(',');
                }
                out.push(c);
            }
            out
        }
        None => match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => "0".into(),
            other => other.to_string(),
        },
    }
}

/// A JSON object of counts for people: `twitter 6, mastodon 3`, or `none`.
fn pairs(v: &serde_json::Value) -> String {
    match v.as_object() {
        Some(m) if !m.is_empty() => m
            .iter()
            .map(|(k, v)| match v {
                serde_json::Value::Object(_) => format!("{k} ({})", pairs(v)),
                _ => format!("{k} {}", count(v)),
            })
            .collect::<Vec<_>>()
            .join(", "),
        Some(_) => "none".into(),
        None => count(v),
    }
}
