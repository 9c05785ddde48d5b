//! Tells the tests whether the project's reference material (`../shared/reference`,
//! beside the repository, as CI has it) is here. Tests that need it carry
//! `#[cfg_attr(not(lifeboat_shared), ignore = "needs ../shared/reference ...")]`, so a
//! fresh clone reports them as ignored, with the reason, instead of as passed.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(lifeboat_shared)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=LIFEBOAT_SHARED");
    let shared = std::env::var_os("LIFEBOAT_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new("../shared").to_path_buf());
    if shared.join("reference").is_dir() {
        println!("cargo::rustc-cfg=lifeboat_shared");
        println!(
            "cargo::rerun-if-changed={}",
            shared.join("reference").display()
        );
    }
}
