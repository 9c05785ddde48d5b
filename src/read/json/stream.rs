//! Streaming a file's items to a callback: [`stream_items`], and
//! [`stream_items_threaded`] (one thread scans while the caller parses).

use super::*;

/// Why an item yielded no value.
#[derive(Debug, Clone)]
pub struct ItemFault {
    /// What was wrong.
    pub message: String,
    /// True when the rest of the file could not be read either.
    pub fatal: bool,
    /// Byte offset in the file where the scanner stopped.
    pub position: u64,
}

pub(super) fn fault(e: &ItemError, position: u64) -> ItemFault {
    ItemFault {
        message: e.to_string(),
        fatal: !e.recoverable(),
        position,
    }
}

/// Stream the items of a JSON/JS export file into `f` as byte slices (for readers
/// that parse items into their own types). Stops after a fatal fault (delivered to
/// `f` first). Returns the number of items delivered.
pub fn stream_items<E: From<io::Error>>(
    r: &mut dyn Read,
    limits: &Limits,
    mut f: impl FnMut(u64, Result<&[u8], ItemFault>) -> Result<(), E>,
) -> Result<u64, E> {
    let mut items = JsonItems::new(r, limits);
    let mut n = 0u64;
    loop {
        let (bytes, fatal) = match items.next() {
            None => break,
            Some(Ok(b)) => (Ok(b), false),
            Some(Err(ItemError::Io(e))) => return Err(e.into()),
            Some(Err(e)) => {
                let fl = fault(&e, items.position());
                let fatal = fl.fatal;
                (Err(fl), fatal)
            }
        };
        // every item scanned, good or not, has the next index
        let index = n;
        n += 1;
        f(index, bytes)?;
        if fatal {
            break;
        }
    }
    Ok(n)
}

/// Like [`stream_items`], with the reading (decompression included) and the
/// splitting into items on a second thread, so that they overlap with what `f` does.
/// Items cross in batches of about 512 KiB, at most two waiting.
pub fn stream_items_threaded<E: From<io::Error>>(
    r: &mut (dyn Read + Send),
    limits: &Limits,
    mut f: impl FnMut(u64, Result<&[u8], ItemFault>) -> Result<(), E>,
) -> Result<u64, E> {
    type Span = Result<(usize, usize), ItemFault>;
    struct Batch {
        buf: Vec<u8>,
        spans: Vec<Span>,
    }
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(2);
        // emptied batches go back to be filled again: no fresh pages per batch
        let (back_tx, back_rx) = std::sync::mpsc::sync_channel::<Batch>(4);
        let reader = std::thread::Builder::new()
            .name("lifeboat-reader".into())
            .spawn_scoped(s, move || -> io::Result<()> {
                let mut items = JsonItems::new(r, limits);
                loop {
                    let mut b = back_rx.try_recv().unwrap_or_else(|_| Batch {
                        buf: Vec::with_capacity(1 << 19),
                        spans: Vec::with_capacity(1024),
                    });
                    b.buf.clear();
                    b.spans.clear();
                    let mut end = false;
                    let mut failed = None;
                    while b.buf.len() < (1 << 19) && b.spans.len() < 4096 {
                        match items.next() {
                            None => {
                                end = true;
                                break;
                            }
                            Some(Ok(bytes)) => {
                                let at = b.buf.len();
                                b.buf.extend_from_slice(bytes);
                                b.spans.push(Ok((at, b.buf.len())));
                            }
                            Some(Err(ItemError::Io(e))) => {
                                failed = Some(e);
                                end = true;
                                break;
                            }
                            Some(Err(e)) => {
                                let fl = fault(&e, items.position());
                                end = fl.fatal;
                                b.spans.push(Err(fl));
                                if end {
                                    break;
                                }
                            }
                        }
                    }
                    if (!b.spans.is_empty() && tx.send(b).is_err()) || end {
                        // the receiver stopped (its error wins), or the file is done
                        return failed.map_or(Ok(()), Err);
                    }
                }
            })
            .map_err(E::from)?;
        let mut n = 0u64;
        for mut b in rx {
            for span in b.spans.drain(..) {
                let index = n;
                n += 1;
                f(index, span.map(|(a, z)| &b.buf[a..z]))?;
            }
            let _ = back_tx.try_send(b);
        }
        match reader.join() {
            Ok(r) => r.map_err(E::from)?,
            Err(_) => return Err(E::from(io::Error::other("the reading thread panicked"))),
        }
        Ok(n)
    })
}
