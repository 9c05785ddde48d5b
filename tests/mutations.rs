//! Hostile input, made systematically: every network's samples (`formats/*/samples/`)
//! have their data files damaged in many
//! deterministic ways (bytes flipped, truncated, brackets and quotes dropped, nesting
//! added) and imported. The import must never panic and must either succeed with a
//! balanced report or fail with an error.

use std::path::{Path, PathBuf};

mod common;

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
        .unwrap_or(12)
}

/// Extensions of the files that hold records, in every network's samples.
const DATA: [&str; 11] = [
    "js", "json", "csv", "xml", "html", "htm", "atom", "txt", "vcf", "car", "jsonl",
];

fn is_data(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DATA.contains(&e.to_ascii_lowercase().as_str()))
}

/// Every sample of every network that is a folder or a single data file (zip and
/// tar.gz samples are damaged at the container level by the hostile tests instead).
fn samples() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats");
    let mut out = Vec::new();
    let mut nets: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("samples").is_dir())
        .collect();
    nets.sort();
    for net in nets {
        let mut items: Vec<PathBuf> = std::fs::read_dir(net.join("samples"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir() || is_data(p))
            .collect();
        items.sort();
        for p in items {
            let name = format!(
                "{}/{}",
                net.file_name().unwrap().to_string_lossy(),
                p.file_name().unwrap().to_string_lossy()
            );
            out.push((name, p));
        }
    }
    out
}

#[test]
fn damaged_samples_never_panic() {
    let tmp = std::env::temp_dir().join(format!("lifeboat-mutations-{}", std::process::id()));
    let mut rng = Rng(std::env::var("LIFEBOAT_MUTATION_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15));
    let mut runs = 0;
    let mut ok = 0;
    let all_samples = samples();
    assert!(all_samples.len() >= 4, "the samples are there");
    let mut tried = 0;
    for (sample, src) in &all_samples {
        let single = src.is_file();
        let data_files: Vec<PathBuf> = if single {
            vec![src.clone()]
        } else {
            let mut all = Vec::new();
            files(src, &mut all);
            all.into_iter().filter(|p| is_data(p)).collect()
        };
        if data_files.is_empty() {
            continue;
        }
        tried += 1;
        let tag = sample.replace('/', "-");
        for round in 0..rounds() {
            let dump = if single {
                tmp.join(format!("{tag}-{round}"))
                    .join(src.file_name().unwrap())
            } else {
                tmp.join(format!("{tag}-{round}"))
            };
            let _ = std::fs::remove_dir_all(tmp.join(format!("{tag}-{round}")));
            if single {
                std::fs::create_dir_all(dump.parent().unwrap()).unwrap();
                let data = std::fs::read(src).unwrap();
                std::fs::write(&dump, mutate(&data, &mut rng)).unwrap();
            } else {
                copy(src, &dump);
                // damage one to three files
                for _ in 0..1 + rng.below(3) {
                    let f = &data_files[rng.below(data_files.len())];
                    let rel = f.strip_prefix(src).unwrap();
                    let target = dump.join(rel);
                    let data = std::fs::read(&target).unwrap();
                    std::fs::write(&target, mutate(&data, &mut rng)).unwrap();
                }
            }
            let out = tmp.join(format!("{tag}-{round}.bag"));
            // a hang is a failure too: each import gets 20 seconds
            let (tx, rx) = std::sync::mpsc::channel();
            let (d, o) = (dump.clone(), out.clone());
            std::thread::spawn(move || {
                let r = std::panic::catch_unwind(|| {
                    common::import_dump(
                        &d,
                        &o,
                        &lifeboat::ImportOptions::default(),
                        &mut lifeboat::NoProgress,
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
            let _ = std::fs::remove_dir_all(tmp.join(format!("{tag}-{round}")));
            let _ = std::fs::remove_dir_all(&out);
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    assert_eq!(runs, tried * rounds());
    // most damage is contained to a record or a file: the import still goes through
    assert!(ok > runs / 3, "only {ok} of {runs} damaged dumps imported");
}
