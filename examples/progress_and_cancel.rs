//! Report progress, and cancel an import: by the `Progress` hook, or by the interrupt
//! flag another thread (a Ctrl-C handler, a UI button) sets.
//!
//! ```sh
//! cargo run --example progress_and_cancel
//! ```

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use lifeboat::{Import, ImportOptions, Progress};

/// Prints each entry as it is read; asks to stop after `stop_after` entries.
struct Printer {
    entries: u32,
    stop_after: u32,
}

impl Progress for Printer {
    fn update(&mut self, done: u64, total: u64, entry: &str) {
        if !entry.is_empty() {
            self.entries += 1;
            println!("  {done:>8}/{total} bytes  {entry}");
        }
    }
    fn interrupted(&self) -> bool {
        self.entries >= self.stop_after
    }
}

fn main() -> lifeboat::Result<()> {
    let dump = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("formats/mastodon/samples/archive-2023.zip");
    let out =
        std::env::temp_dir().join(format!("lifeboat-example-progress-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);

    println!("a whole import, with progress:");
    let mut p = Printer {
        entries: 0,
        stop_after: u32::MAX,
    };
    let done = Import::new(&dump).progress(&mut p).run(&out)?;
    println!("done: {} entries", done.report.entries.total);

    println!("the same import, stopped by the progress hook after two entries:");
    let mut p = Printer {
        entries: 0,
        stop_after: 2,
    };
    match Import::new(&dump).progress(&mut p).run(&out) {
        Err(lifeboat::Error::Interrupted) => println!("interrupted; the archive is as it was"),
        other => panic!("expected an interruption, got {other:?}"),
    }

    println!("and stopped by the interrupt flag, set before it starts:");
    let flag = Arc::new(AtomicBool::new(false));
    flag.store(true, Ordering::Relaxed);
    let opts = ImportOptions {
        interrupt: Some(flag),
        ..ImportOptions::default()
    };
    let stopped = Import::new(&dump).options(opts).run(&out);
    assert!(matches!(stopped, Err(lifeboat::Error::Interrupted)));
    assert!(lifeboat::archive::verify(&out)?.ok());
    println!("interrupted; the archive still verifies");

    std::fs::remove_dir_all(&out).ok();
    Ok(())
}
