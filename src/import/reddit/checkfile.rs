//! `checkfile.csv`: the SHA-256 of every file, checked against what was read.

use super::*;

impl Reddit {
    /// `checkfile.csv`: `filename,sha256` rows (kept verbatim too).
    pub(super) fn checkfile(
        &mut self,
        e: &Entry,
        r: &mut (dyn Read + Send),
        cx: &mut Context,
    ) -> Result<u64> {
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes)
            .map_err(|err| crate::error::Error::io(&e.name, err))?;
        cx.sink.carry(&e.name, &mut &bytes[..])?;
        let mut listed = Vec::new();
        match Table::new(&bytes[..]) {
            Ok(mut t) => {
                while let Some(row) = t.next_row() {
                    let Ok(row) = row else { continue };
                    if let (Some(f), Some(h)) = (row.get("filename"), row.get("sha256")) {
                        listed.push((f.trim().to_string(), h.trim().to_ascii_lowercase()));
                    }
                }
            }
            Err(bad) => cx.report.warn(format!(
                "{}: {}; the export's files could not be checked against it",
                loc(e, bad.line),
                bad.reason
            )),
        }
        self.checkfile.get_or_insert_with(Vec::new).extend(listed);
        Ok(0)
    }

    /// Every file `checkfile.csv` lists: present, and with the SHA-256 it lists.
    pub(super) fn reconcile_checkfile(&mut self, cx: &mut Context) {
        let Some(listed) = self.checkfile.take() else {
            return;
        };
        let mut missing = Vec::new();
        let mut differ = Vec::new();
        for (file, want) in &listed {
            let (found, note) = match self.hashes.get(&file_key(file)) {
                None => {
                    missing.push(file.as_str());
                    (0, Some("listed in checkfile.csv, not in the dump"))
                }
                Some(h) if h == want => (1, None),
                Some(_) => {
                    differ.push(file.as_str());
                    (
                        0,
                        Some("in the dump, but its SHA-256 differs from the one listed"),
                    )
                }
            };
            cx.report
                .reconcile(format!("checkfile.csv: {file}"), 1, found, note);
        }
        let good = listed.len() - missing.len() - differ.len();
        cx.report.reconcile(
            "checkfile.csv: files listed, present with the listed SHA-256",
            listed.len() as u64,
            good as u64,
            None,
        );
        if !missing.is_empty() {
            cx.report.warn(format!(
                "checkfile.csv lists {} files; {} of them are not in the dump: {}",
                listed.len(),
                missing.len(),
                missing.join(", ")
            ));
        }
        if !differ.is_empty() {
            cx.report.warn(format!(
                "{} files differ from the SHA-256 checkfile.csv lists (changed after the export?): {}",
                differ.len(),
                differ.join(", ")
            ));
        }
        let listed_keys: HashSet<String> = listed.iter().map(|(f, _)| file_key(f)).collect();
        let mut extra: Vec<&String> = self
            .hashes
            .keys()
            .filter(|k| *k != "checkfile.csv" && !listed_keys.contains(*k))
            .collect();
        extra.sort();
        if !extra.is_empty() {
            cx.report.warn(format!(
                "{} files of the dump are not listed in checkfile.csv: {}",
                extra.len(),
                extra
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
}
