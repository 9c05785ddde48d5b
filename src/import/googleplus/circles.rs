//! Circles: the people in each circle, from `.vcf` and `.csv` files.

use super::*;

/// One vCard: its properties (name upper-cased, parameters dropped), values unescaped.
pub(super) fn vcards(text: &str) -> Vec<Vec<(String, String)>> {
    // unfold continuation lines
    let mut lines: Vec<String> = Vec::new();
    for l in text.lines() {
        if (l.starts_with(' ') || l.starts_with('\t')) && !lines.is_empty() {
            if let Some(last) = lines.last_mut() {
                last.push_str(&l[1..]);
            }
        } else {
            lines.push(l.to_string());
        }
    }
    let mut cards = Vec::new();
    let mut cur: Option<Vec<(String, String)>> = None;
    for l in lines {
        let Some((k, v)) = l.split_once(':') else {
            continue;
        };
        let name = k.split(';').next().unwrap_or(k).trim().to_uppercase();
        match (name.as_str(), v.trim().to_uppercase().as_str()) {
            ("BEGIN", "VCARD") => cur = Some(Vec::new()),
            ("END", "VCARD") => {
                if let Some(c) = cur.take() {
                    cards.push(c);
                }
            }
            _ => {
                if let Some(c) = cur.as_mut() {
                    let v = v
                        .replace("\\n", "\n")
                        .replace("\\N", "\n")
                        .replace("\\,", ",")
                        .replace("\\;", ";")
                        .replace("\\\\", "\\");
                    c.push((name, v));
                }
            }
        }
    }
    cards
}

impl GooglePlus {
    /// A person of a circle file.
    pub(super) fn circle_member(
        &mut self,
        circle: &str,
        name: Option<String>,
        url: Option<String>,
        email: Option<String>,
        src: Source,
    ) -> bool {
        let object = match (&url, &email) {
            (Some(u), _) => match self.profile(u, name.as_deref().unwrap_or(""), &src) {
                Some(id) => id,
                None => return false,
            },
            (None, Some(m)) => format!("mailto:{m}"),
            (None, None) => return false,
        };
        let c = self
            .circled
            .entry(object.clone())
            .or_insert_with(|| Circled {
                object,
                source: src,
                ..Circled::default()
            });
        if !c.circles.iter().any(|x| x == circle) {
            c.circles.push(circle.to_string());
        }
        if c.email.is_none() {
            c.email = email;
        }
        true
    }

    pub(super) fn circle_vcf(&mut self, e: &Entry, text: &str, cx: &mut Context) -> u64 {
        let circle = e
            .file_name()
            .rsplit_once('.')
            .map(|(s, _)| s)
            .unwrap_or(e.file_name())
            .to_string();
        let mut n = 0u64;
        for (i, card) in vcards(text).into_iter().enumerate() {
            n += 1;
            let get = |k: &str| {
                card.iter()
                    .find(|(n, v)| n == k && !v.trim().is_empty())
                    .map(|(_, v)| v.trim().to_string())
            };
            let src = Source::at(&e.name, i as u64);
            if !self.circle_member(&circle, get("FN"), get("URL"), get("EMAIL"), src) {
                cx.report.skipped(
                    Kind::Relationship,
                    "a card with neither profile URL nor e-mail",
                    format!("{}#{i}", e.name),
                );
            }
        }
        n
    }

    pub(super) fn circle_csv(&mut self, e: &Entry, buf: &[u8], cx: &mut Context) -> u64 {
        let circle = e
            .file_name()
            .rsplit_once('.')
            .map(|(s, _)| s)
            .unwrap_or(e.file_name())
            .to_string();
        let mut t = match Table::new(buf) {
            Ok(t) => t,
            Err(bad) => {
                cx.report.skipped(
                    Kind::Relationship,
                    bad.reason,
                    format!("{}:{}", e.name, bad.line),
                );
                return 1;
            }
        };
        let mut n = 0u64;
        while let Some(row) = t.next_row() {
            n += 1;
            match row {
                Ok(row) => {
                    let name = row
                        .get("display name")
                        .or_else(|| row.get("nickname"))
                        .map(str::to_string);
                    let url = row.get("profile url").map(str::to_string);
                    let email = row
                        .get("e-mail")
                        .or_else(|| row.get("email"))
                        .map(str::to_string);
                    let src = Source::at(&e.name, n - 1);
                    if !self.circle_member(&circle, name, url, email, src) {
                        cx.report.skipped(
                            Kind::Relationship,
                            "a row with neither profile URL nor e-mail",
                            format!("{}:{}", e.name, row.line),
                        );
                    }
                }
                Err(bad) => {
                    cx.report.skipped(
                        Kind::Relationship,
                        bad.reason,
                        format!("{}:{}", e.name, bad.line),
                    );
                    if bad.fatal {
                        break;
                    }
                }
            }
        }
        n
    }
}
