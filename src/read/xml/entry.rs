//! What an importer does when an entry's XML ends: a syntax error told from a fatal
//! one, repairs and breaks reported.

use super::*;

/// Everything a blog importer needs from a parse failure: stops reading the entry and
/// reports what was lost, or passes a fatal error on.
pub(super) fn syntax_or_fatal(e: XmlError) -> crate::error::Result<(String, u64)> {
    match e {
        XmlError::Syntax(m, p) => Ok((m, p)),
        XmlError::Fatal(e) => Err(e),
    }
}

/// After an entry: count the characters the filter repaired, and say what a DOCTYPE
/// or undeclared entities were left as.
pub fn finish_entry<R: Read>(r: &XmlReader<R>, entry: &str, report: &mut Report) {
    let (dropped, recoded) = r.repairs();
    if dropped > 0 {
        *report
            .repairs
            .entry("invalid_xml_chars".into())
            .or_default() += dropped;
        report.warn(format!(
            "{entry}: {dropped} characters that XML forbids (control characters) were removed"
        ));
    }
    if recoded > 0 {
        *report.repairs.entry("encoding".into()).or_default() += recoded;
        report.warn(format!(
            "{entry}: {recoded} bytes were not UTF-8 and were read as Windows-1252"
        ));
    }
    if r.doctype {
        report.warn(format!(
            "{entry}: its DOCTYPE was ignored (entities it declares are never expanded)"
        ));
    }
    if r.unexpanded > 0 {
        report.warn(format!(
            "{entry}: {} references to undeclared or DOCTYPE-declared entities were kept as text, not expanded",
            r.unexpanded
        ));
    }
}

/// A parse failure: the rest of the entry is lost. It is reported as one skipped
/// record at the place it happened; I/O errors, limits and interrupts are passed on.
pub fn parse_failure(
    e: XmlError,
    kind: Kind,
    entry: &str,
    report: &mut Report,
) -> crate::error::Result<()> {
    let (msg, pos) = syntax_or_fatal(e)?;
    report.unreadable(entry, pos, msg.clone());
    report.skipped(
        kind,
        format!("the XML is not well-formed ({msg}); the rest of the entry could not be read"),
        format!("{entry}@{pos}"),
    );
    Ok(())
}
