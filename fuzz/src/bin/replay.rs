//! Replay inputs outside afl: `cargo run --release --bin replay -- TARGET FILE...`.
fn main() {
    let mut args = std::env::args().skip(1);
    let Some(target) = args.next() else {
        eprintln!("usage: replay TARGET FILE...");
        std::process::exit(2);
    };
    for f in args {
        let data = std::fs::read(&f).unwrap_or_else(|e| panic!("{f}: {e}"));
        if !lifeboat_fuzz::run(&target, &data) {
            eprintln!("unknown target {target}");
            std::process::exit(2);
        }
        println!("{f}: ok");
    }
}
