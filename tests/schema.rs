//! The published schema (`schema/records.schema.json`) is what `lifeboat schema`
//! prints, and it describes every field the records really have.

use std::path::Path;

use serde_json::Value;

mod common;

#[test]
fn the_committed_schema_is_current() {
    let committed: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/records.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        committed,
        serde_json::from_str::<Value>(&lifeboat::schema::schema()).unwrap(),
        "schema/records.schema.json is stale: run `cargo run -- schema > schema/records.schema.json`"
    );
}

#[test]
fn every_field_of_every_record_is_in_the_schema() {
    let schema: Value = serde_json::from_str(&lifeboat::schema::schema()).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats/twitter/samples");
    let tmp = std::env::temp_dir().join(format!("lifeboat-schema-{}", std::process::id()));
    let mut seen = 0;
    for sample in ["g0-classic-2014", "g1-2019", "g2-2021", "g3-2026"] {
        let out = tmp.join(sample);
        common::import_dump(
            &root.join(sample),
            &out,
            &lifeboat::ImportOptions::default(),
            &mut lifeboat::NoProgress,
        )
        .unwrap();
        for kind in lifeboat::model::Kind::ALL {
            let Ok(text) = std::fs::read_to_string(out.join("data/records").join(kind.file_name()))
            else {
                continue;
            };
            let def = &schema["$defs"][kind.as_str()];
            let props = def["properties"].as_object().unwrap();
            for line in text.lines() {
                let rec: Value = serde_json::from_str(line).unwrap();
                for key in rec.as_object().unwrap().keys() {
                    assert!(
                        props.contains_key(key),
                        "{}: field {key:?} is not in the schema",
                        kind.as_str()
                    );
                }
                for req in def["required"].as_array().unwrap() {
                    assert!(
                        rec.get(req.as_str().unwrap()).is_some(),
                        "{}: required {req} missing: {line}",
                        kind.as_str()
                    );
                }
                seen += 1;
            }
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(seen > 50, "{seen} records checked");
}
