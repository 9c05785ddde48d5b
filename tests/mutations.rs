//! Hostile input, made systematically: every sample's data files are damaged in many
//! deterministic ways (bytes flipped, truncated, brackets and quotes dropped, nesting
//! added) and imported. The import must never panic and must either succeed with a
//! balanced report or fail with an error.

use std::path::{Path, PathBuf};

/// xorshift: deterministic, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn copy(from: &Path, to: &Path) {
    let mut all = Vec::new();
    files(from, &mut all);
    for f in all {
        let rel = f.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&f, &dest).unwrap();
    }
}

fn mutate(data: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut d = data.to_vec();
    if d.is_empty() {
        return b"[".to_vec();
    }
    match rng.below(7) {
        0 => {
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(d.len());
                d[i] ^= 1 << rng.below(8);
            }
        }
        1 => d.truncate(rng.below(d.len())),
        2 => {
            // drop a structural byte
            let picks: Vec<usize> = d
                .iter()
                .enumerate()
                .filter(|(_, b)| matches!(b, b'{' | b'}' | b'[' | b']' | b'"' | b',' | b':'))
                .map(|(i, _)| i)
                .collect();
            if !picks.is_empty() {
                d.remove(picks[rng.below(picks.len())]);
            }
        }
        3 => {
            // nest deeper somewhere
            let i = rng.below(d.len());
            let depth = 1 + rng.below(3000);
            let mut ins = vec![b'['; depth];
            ins.extend(std::iter::repeat_n(b']', depth));
            d.splice(i..i, ins);
        }
        4 => {
            // invalid UTF-8 inside
            let i = rng.below(d.len());
            d.splice(i..i, [0xff, 0xfe, 0xc3, 0x28]);
        }
        5 => {
            // replace a string value by a number, object or null
            if let Some(i) = d.windows(3).position(|w| w == b": \"") {
                let j = i + 2 + rng.below(3);
                let with: &[u8] =
                    [&b"{}"[..], b"null", b"12345678901234567890123", b"[1,{}]"][rng.below(4)];
                d.splice(j..j, with.iter().copied());
            }
        }
        _ => {
            // duplicate a slice
            let a = rng.below(d.len());
            let b = (a + rng.below(200)).min(d.len());
            let s = d[a..b].to_vec();
            d.splice(a..a, s);
        }
    }
    d
}

/// Rounds per sample; `LIFEBOAT_MUTATION_ROUNDS=2000 LIFEBOAT_MUTATION_SEED=7 cargo test
/// --release --test mutations` for a deeper search with another seed.
fn rounds() -> usize {
    std::env::var("LIFEBOAT_MUTATION_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40)
}

#[test]
fn damaged_samples_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/twitter/samples");
    let tmp = std::env::temp_dir().join(format!("lifeboat-mutations-{}", std::process::id()));
    let mut rng = Rng(std::env::var("LIFEBOAT_MUTATION_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15));
    let mut runs = 0;
    let mut ok = 0;
    for sample in ["g0-classic-2014", "g1-2019", "g2-2021", "g3-2026"] {
        let src = root.join(sample);
        let mut all = Vec::new();
        files(&src, &mut all);
        let data_files: Vec<PathBuf> = all
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "js" || e == "csv"))
            .collect();
        for round in 0..rounds() {
            let dump = tmp.join(format!("{sample}-{round}"));
            let _ = std::fs::remove_dir_all(&dump);
            copy(&src, &dump);
            // damage one to three files
            for _ in 0..1 + rng.below(3) {
                let f = &data_files[rng.below(data_files.len())];
                let rel = f.strip_prefix(&src).unwrap();
                let target = dump.join(rel);
                let data = std::fs::read(&target).unwrap();
                std::fs::write(&target, mutate(&data, &mut rng)).unwrap();
            }
            let out = tmp.join(format!("{sample}-{round}.bag"));
            // a hang is a failure too: each import gets 20 seconds
            let (tx, rx) = std::sync::mpsc::channel();
            let (d, o) = (dump.clone(), out.clone());
            std::thread::spawn(move || {
                let r = std::panic::catch_unwind(|| {
                    lifeboat::import_dump(
                        &d,
                        &o,
                        &lifeboat::ImportOptions::default(),
                        &mut lifeboat::import::NoProgress,
                    )
                });
                let _ = tx.send(r);
            });
            let r = rx
                .recv_timeout(std::time::Duration::from_secs(20))
                .unwrap_or_else(|_| {
                    panic!(
                        "{sample} round {round}: the import hangs (kept in {})",
                        dump.display()
                    )
                });
            runs += 1;
            match r {
                Err(_) => panic!(
                    "panic on {sample} round {round} (kept in {})",
                    dump.display()
                ),
                Ok(Ok(done)) => {
                    ok += 1;
                    assert!(
                        done.report.balanced(),
                        "{sample} round {round}: report does not balance"
                    );
                    assert!(lifeboat::archive::verify(&out).unwrap().ok());
                }
                Ok(Err(e)) => {
                    assert!(!e.to_string().is_empty());
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    assert_eq!(runs, 4 * rounds());
    // most damage is contained to a record or a file: the import still goes through
    assert!(ok > runs / 2, "only {ok} of {runs} damaged dumps imported");
}
