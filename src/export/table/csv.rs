//! One CSV file per record kind.

use super::*;

/// Write one CSV file per record kind into the folder `out`.
pub(crate) fn write(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
    crate::export::out::create_folder(out, crate::export::Format::Csv)?;
    for kind in Kind::ALL {
        let path = out.join(format!("{}.csv", table_name(kind)));
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_path(&path)
            .map_err(|e| csv_err(&path, e))?;
        w.write_record(columns(kind))
            .map_err(|e| csv_err(&path, e))?;
        for r in ctx.archive.records(kind)? {
            let r = r?;
            if !keep(ctx, &r, book) {
                continue;
            }
            let row: Vec<String> = cells(&r)
                .into_iter()
                .zip(columns(kind))
                .map(|(c, col)| {
                    let c = c.unwrap_or_default();
                    let n = neutral(&c);
                    if n != c {
                        book.field(kind, col, "a cell starting with = + - @, a tab or CR gets a ' in front, so that a spreadsheet does not run it");
                    }
                    n
                })
                .collect();
            for col in spaced_lists(&r) {
                book.field(kind, col, "a list is one cell of its items joined by spaces, and an item of this one holds a space");
            }
            w.write_record(&row).map_err(|e| csv_err(&path, e))?;
            book.wrote(kind);
        }
        w.flush().map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

pub(super) fn csv_err(path: &Path, e: ::csv::Error) -> Error {
    Error::Archive {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}
