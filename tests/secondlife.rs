//! Second Life viewer logs: the samples of `formats/secondlife/samples/` (official
//! viewer 1.x and 3.x, Firestorm) imported and checked against the lines they hold.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{import, Imported, TempDir};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("formats/secondlife/samples")
        .join(name)
}

fn message<'a>(imp: &'a Imported, id: &str) -> &'a Value {
    imp.get("messages", &format!("secondlife:message:{id}"))
}

#[test]
fn official_viewer_1_logs() {
    let imp = import(&sample("official-v1-2008"));
    let r = &imp.report;
    assert!(r.balanced());
    assert_eq!(r.network, "secondlife");
    assert!(
        r.generation.contains("official viewer 1.x"),
        "{}",
        r.generation
    );
    assert_eq!(imp.fate("settings_per_account.xml").0, "Carried");
    // "You" is the owner, whose name the logs never say
    let owner = imp.get("accounts", "secondlife:account:owner");
    assert_eq!(owner["is_owner"], true);
    let m = message(&imp, "John Doe.txt/2");
    assert_eq!(m["sender"], "secondlife:account:owner");
    assert_eq!(m["conversation"], "secondlife:conversation:im/john.doe");
    // SLT: 2008-03-10 21:11 PDT
    assert_eq!(m["sent_at"], "2008-03-11T04:11:00Z");
    assert_eq!(m["raw_times"]["sent_at"], "2008/03/10 21:11");
    // a message written over several lines before viewer 1.23
    let m = message(&imp, "John Doe.txt/3");
    assert_eq!(
        m["text"],
        "the roof is on the wrong prim\n\nand the door is phantom"
    );
    // a time-only line takes the date of the line before
    let m = message(&imp, "chat.txt/3");
    assert_eq!(m["sent_at"], "2008-03-11T04:07:00Z");
    assert_eq!(m["raw_times"]["sent_at"], "21:07");
    assert!(m["ext"]["date_inferred"].is_string());
    // a system line: a message of the Second Life account and an event
    let m = message(&imp, "chat.txt/4");
    assert_eq!(m["sender"], "secondlife:account:second-life");
    assert_eq!(m["ext"]["system"], true);
    let nearby = imp.get("conversations", "secondlife:conversation:nearby");
    assert_eq!(nearby["title"], "Nearby chat");
    assert_eq!(nearby["events"][0]["kind"], "offline");
    assert_eq!(
        nearby["events"][0]["actor"],
        "secondlife:account:katar.ivercourt"
    );
    assert_eq!(nearby["message_count"], 5);
    // an object speaks
    let m = message(&imp, "chat.txt/5");
    let obj = imp.get("accounts", m["sender"].as_str().unwrap());
    assert_eq!(obj["ext"]["kind"], "object");
    assert_eq!(obj["display_name"], "Xstreet SL Terminal v2.2.5");
    // a group log named by the group alone
    let g = imp.get(
        "conversations",
        "secondlife:conversation:group/Builders Guild of Caledon",
    );
    assert_eq!(g["group"], true);
    assert_eq!(g["participants"].as_array().unwrap().len(), 3);
    assert!(r
        .warnings
        .iter()
        .any(|w| w.contains("read as a group chat")));
    let john = imp.get("accounts", "secondlife:account:john.doe");
    assert_eq!(john["ext"]["legacy_name"], "John Doe");
    assert_eq!(john["handle"], "john.doe");
}

#[test]
fn official_viewer_3_logs_with_the_conversation_list() {
    let imp = import(&sample("official-v3-2013"));
    let r = &imp.report;
    assert!(r.balanced());
    assert!(
        r.generation.contains("conversation.log"),
        "{}",
        r.generation
    );
    // the owner speaks in every IM log
    let mary = imp.get("accounts", "secondlife:account:mary.smith");
    assert_eq!(mary["is_owner"], true);
    assert!(r
        .warnings
        .iter()
        .any(|w| w.contains("taken for mary.smith's")));
    // legacy name, username and display name joined in one account; the uuid from
    // conversation.log
    let john = imp.get("accounts", "secondlife:account:john.doe");
    assert_eq!(john["display_name"], "Johnny");
    assert_eq!(john["ext"]["legacy_name"], "John Doe");
    assert_eq!(john["ext"]["uuid"], "7e4ec5be-783f-49f5-71dd-16c58c64c145");
    let im = imp.get("conversations", "secondlife:conversation:im/john.doe");
    assert_eq!(im["title"], "Johnny");
    assert_eq!(
        im["ext"]["session_id"],
        "4ec62a74-c246-0d25-2af6-846beac2aa55"
    );
    // "Johnny is Offline": the display name seen beside the username
    let offline = im["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "offline")
        .expect("offline event");
    assert_eq!(offline["actor"], "secondlife:account:john.doe");
    // a message over several lines (continued with a space), a BOM before the first
    let m = message(&imp, "chat.txt/4");
    assert_eq!(m["text"], "look at this list:\n1. prims\n2. scripts");
    assert_eq!(m["ext"]["lines"], 3);
    assert_eq!(
        message(&imp, "chat.txt/1")["sender"],
        "secondlife:account:mary.smith"
    );
    // CRLF line ends
    assert_eq!(message(&imp, "john_doe.txt/2")["text"], "yes, thanks");
    let g = imp.get("conversations", "secondlife:conversation:group/Builders");
    assert_eq!(g["participants"].as_array().unwrap().len(), 3);
    let bob = imp.get("accounts", "secondlife:account:bob");
    assert_eq!(bob["display_name"], "Bob Resident");
    let conf = imp
        .kind("conversations")
        .iter()
        .find(|c| c["ext"]["kind"] == "conference")
        .expect("a conference");
    assert_eq!(conf["message_count"], 2);
}

#[test]
fn firestorm_logs_with_seconds_dated_files_and_the_end_of_dst() {
    let imp = import(&sample("firestorm-2014"));
    let r = &imp.report;
    assert!(r.balanced());
    assert!(r.generation.contains("Firestorm"), "{}", r.generation);
    // the account folder names the owner
    let mary = imp.get("accounts", "secondlife:account:mary.smith");
    assert_eq!(mary["is_owner"], true);
    assert_eq!(mary["display_name"], "Mary");
    assert!(!r.warnings.iter().any(|w| w.contains("taken for")));
    // a nearby-chat file named by its day: the date comes from the name
    let m = message(&imp, "chat-2014-06-01.txt/1");
    assert_eq!(m["conversation"], "secondlife:conversation:nearby");
    assert_eq!(m["sent_at"], "2014-06-02T05:05:17Z");
    assert_eq!(m["raw_times"]["sent_at"], "22:05:17");
    let vendor = message(&imp, "chat-2014-06-01.txt/3");
    assert_eq!(vendor["sender"], "secondlife:account:object/Object: Vendor");
    // the hour that happened twice
    let m = message(&imp, "sparkle-2014-11.txt/1");
    assert_eq!(m["sent_at"], "2014-11-02T08:30:00Z");
    assert!(m["ext"]["time_note"].as_str().unwrap().contains("twice"));
    // a 12-hour clock
    let m = message(&imp, "Night Owls (group)-2014-06.txt/1");
    assert_eq!(m["sent_at"], "2014-06-04T06:45:00Z");
    let sparkle = imp.get("accounts", "secondlife:account:sparkle");
    assert_eq!(sparkle["display_name"], "Sparkle Queen");
}

#[test]
fn the_timezone_option_reads_the_clock_of_the_logs() {
    let t = TempDir::new("sl-tz");
    let out = t.join("a");
    let opts = lifeboat::ImportOptions {
        timezone: Some("Europe/London".into()),
        ..Default::default()
    };
    common::import_dump(
        &sample("official-v3-2013"),
        &out,
        &opts,
        &mut lifeboat::NoProgress,
    )
    .expect("import");
    let recs = common::read_records(&out);
    let m = recs["messages"]
        .iter()
        .find(|m| m["id"] == "secondlife:message:chat.txt/1")
        .unwrap();
    // 10:05 BST
    assert_eq!(m["sent_at"], "2013-05-01T09:05:00Z");
    assert_eq!(m["raw_times"]["sent_at"], "2013/05/01 10:05");
    let bad = lifeboat::ImportOptions {
        timezone: Some("Mars/Olympus_Mons".into()),
        ..Default::default()
    };
    match common::import_dump(
        &sample("official-v3-2013"),
        &t.join("b"),
        &bad,
        &mut lifeboat::NoProgress,
    ) {
        Err(lifeboat::Error::Usage(m)) => assert!(m.contains("--timezone"), "{m}"),
        other => panic!("{:?}", other.map(|d| d.report.network)),
    }
}

#[test]
fn the_timezone_option_on_the_command_line() {
    let t = TempDir::new("sl-tz-cli");
    let out = t.join("a");
    let st = std::process::Command::new(env!("CARGO_BIN_EXE_lifeboat"))
        .args(["import", "--quiet", "--timezone", "UTC", "--out"])
        .arg(&out)
        .arg(sample("official-v1-2008"))
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let recs = common::read_records(&out);
    let m = recs["messages"]
        .iter()
        .find(|m| m["id"] == "secondlife:message:John Doe.txt/2")
        .unwrap();
    assert_eq!(m["sent_at"], "2008-03-10T21:11:00Z");
    let st = std::process::Command::new(env!("CARGO_BIN_EXE_lifeboat"))
        .args(["import", "--quiet", "--timezone", "nowhere", "--out"])
        .arg(t.join("b"))
        .arg(sample("official-v1-2008"))
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&st.stderr).contains("--timezone"));
}
