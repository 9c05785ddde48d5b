//! Reading archives back through the library: every record parses into the model and
//! serialises back to the very same line (nothing the importer wrote is lost on the
//! way through the model).

use std::path::Path;

use lifeboat::archive::Archive;
use lifeboat::model::Kind;

mod common;

#[test]
fn records_read_back_and_round_trip_byte_for_byte() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/twitter/samples");
    let tmp = std::env::temp_dir().join(format!("lifeboat-read-{}", std::process::id()));
    let mut total = 0;
    for sample in ["g0-classic-2014", "g1-2019", "g2-2021", "g3-2026"] {
        let out = tmp.join(sample);
        let done = common::import_dump(
            &root.join(sample),
            &out,
            &lifeboat::ImportOptions::default(),
            &mut lifeboat::NoProgress,
        )
        .unwrap();
        let a = Archive::open(&out).unwrap();
        assert_eq!(a.schema_version(), lifeboat::model::SCHEMA_VERSION);
        assert_eq!(a.sources().len(), 1);
        assert_eq!(a.sources()[0].sha256, done.report.source.sha256);
        for kind in Kind::ALL {
            let lines: Vec<String> =
                std::fs::read_to_string(out.join("data/records").join(kind.file_name()))
                    .map(|t| t.lines().map(str::to_string).collect())
                    .unwrap_or_default();
            let recs: Vec<_> = a.records(kind).unwrap().collect::<Result<_, _>>().unwrap();
            assert_eq!(recs.len(), lines.len(), "{sample} {kind:?}");
            for (r, line) in recs.iter().zip(&lines) {
                assert_eq!(r.kind(), kind);
                assert_eq!(
                    &r.to_json(),
                    line,
                    "{sample}: a field did not survive the model"
                );
            }
            total += recs.len();
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(total > 50);
}

#[test]
fn not_an_archive() {
    let e = Archive::open(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap_err();
    assert!(e.to_string().contains("bagit.txt"));
}
