//! Integration tests over the synthetic Meta samples in `formats/{facebook,instagram,
//! threads}/samples/` (written by the `make_samples.py` beside them): every export
//! generation imported as a folder and as a zip, the records read back and checked
//! against what the sample files say: mojibake repaired (and plain UTF-8 left alone),
//! carousels as one post, split Messenger threads joined, unsent messages, reactions,
//! renames, missing media reported by name, EXIF kept, stable ids, HTML refused.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use lifeboat::Report;
use serde_json::Value;

mod common;
use common::TempDir;

fn sample(net: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("formats")
        .join(net)
        .join("samples")
        .join(name)
}

fn try_import(dump: &Path, out: &Path) -> lifeboat::Result<Report> {
    let done = common::import_dump(
        dump,
        out,
        &lifeboat::ImportOptions::default(),
        &mut lifeboat::NoProgress,
    )?;
    assert!(
        done.commit.is_some(),
        "{}: nothing committed",
        dump.display()
    );
    Ok(done.report)
}

fn import(dump: &Path, out: &Path) -> Report {
    try_import(dump, out).unwrap_or_else(|e| panic!("importing {} failed: {e}", dump.display()))
}

/// Records of a kind (`posts`, `messages`, …) read back from an archive.
fn records(out: &Path, file: &str) -> Vec<Value> {
    let p = out.join("data/records").join(format!("{file}.jsonl"));
    let Ok(s) = fs::read_to_string(&p) else {
        return Vec::new();
    };
    s.lines()
        .map(|l| serde_json::from_str(l).expect("record line is JSON"))
        .collect()
}

fn texts(out: &Path, file: &str) -> Vec<String> {
    records(out, file)
        .iter()
        .map(|r| r["text"].as_str().unwrap_or("").to_string())
        .collect()
}

fn all_ids(out: &Path) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for f in [
        "accounts",
        "posts",
        "media",
        "relationships",
        "reactions",
        "conversations",
        "messages",
    ] {
        for r in records(out, f) {
            let id = r["id"].as_str().expect("id").to_string();
            assert!(ids.insert(id.clone()), "duplicate id {id}");
        }
    }
    ids
}

fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
        for e in fs::read_dir(dir).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .expect("under root")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, p));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn zip_folder(dir: &Path, zip_path: &Path) {
    let f = fs::File::create(zip_path).expect("create zip");
    let mut z = zip::ZipWriter::new(f);
    for (rel, p) in files_under(dir) {
        z.start_file(rel, zip::write::SimpleFileOptions::default())
            .expect("start entry");
        z.write_all(&fs::read(&p).expect("read")).expect("write");
    }
    z.finish().expect("finish zip");
}

/// Import a sample as a folder and as a zip; both give the same records. Returns the
/// folder import's report and archive.
fn both(net: &str, name: &str, t: &TempDir) -> (Report, PathBuf) {
    let dir = sample(net, name);
    let out = t.join("folder.bag");
    let rep = import(&dir, &out);
    assert_eq!(rep.network, net, "{name}");
    assert!(rep.balanced(), "{name}: report does not balance");
    let zip = t.join("dump.zip");
    zip_folder(&dir, &zip);
    let out2 = t.join("zip.bag");
    let rep2 = import(&zip, &out2);
    assert_eq!(rep2.records, rep.records, "{name}: zip and folder differ");
    assert_eq!(all_ids(&out), all_ids(&out2), "{name}: ids differ");
    (rep, out)
}

fn no_mojibake(out: &Path) {
    for f in [
        "posts",
        "messages",
        "accounts",
        "reactions",
        "conversations",
    ] {
        let s = fs::read_to_string(out.join(format!("data/records/{f}.jsonl"))).unwrap_or_default();
        for bad in ["Ã", "Â", "ð\u{9f}", "â\u{80}"] {
            assert!(!s.contains(bad), "{f} still holds mojibake {bad:?}");
        }
    }
}

fn missing_reported(rep: &Report, out: &Path) {
    assert!(rep.missing_media_count >= 1);
    let named: Vec<&String> = rep
        .missing_media
        .iter()
        .filter(|m| m.contains("missing_"))
        .collect();
    assert!(!named.is_empty(), "{:?}", rep.missing_media);
    assert!(records(out, "media").iter().any(|m| m["missing"] == true
        && m["original_path"]
            .as_str()
            .is_some_and(|p| p.contains("missing_"))));
}

// ------------------------------------------------------------------ Facebook

#[test]
fn facebook_g1_root_sections() {
    let t = TempDir::new("fb-g1");
    let (rep, out) = both("facebook", "g1-2018", &t);
    assert!(rep.generation.starts_with("G1"), "{}", rep.generation);
    assert!(rep.repairs["mojibake"] > 0);
    no_mojibake(&out);
    missing_reported(&rep, &out);
    let posts = records(&out, "posts");
    let p = posts
        .iter()
        .find(|p| p["text"] == "Frühling in Tromsø 🌸")
        .expect("post");
    // G1 tags are plain strings
    assert_eq!(p["mentions"][0]["display_name"], "Zoë Müller");
    assert_eq!(p["media"].as_array().map(Vec::len), Some(1));
    assert!(texts(&out, "posts").contains(&"Så fint! 😍".to_string()));
    // message.json (G1), a call, a reaction with its actor
    let msgs = records(&out, "messages");
    assert_eq!(msgs.len(), 4);
    // no profile: the owner is known by the name on their own comments and reactions,
    // and their messages are theirs
    let owner = records(&out, "accounts")
        .into_iter()
        .find(|a| a["is_owner"] == true)
        .expect("owner");
    assert_eq!(owner["id"], "facebook:account:owner");
    assert_eq!(owner["display_name"], "Lina Ødegård");
    assert!(msgs
        .iter()
        .any(|m| m["text"] == "Ja, gjerne 👍" && m["sender"] == owner["id"]));
    assert!(msgs.iter().any(|m| m["ext"]["call_duration"] == 65));
    let reactions = records(&out, "reactions");
    assert!(reactions
        .iter()
        .any(|r| r["emoji"] == "❤" && r["target"].as_str().unwrap_or("").contains(":message:")));
    assert!(reactions.iter().any(|r| r["kind"] == "like"));
    let rels = records(&out, "relationships");
    assert_eq!(rels.iter().filter(|r| r["kind"] == "connection").count(), 2);
    assert!(rels
        .iter()
        .any(|r| r["kind"] == "following" && r["object"] == "facebook:account:name/Café Nørd"));
}

#[test]
fn facebook_g2_split_group_thread() {
    let t = TempDir::new("fb-g2");
    let (rep, out) = both("facebook", "g2-2021", &t);
    assert!(rep.generation.starts_with("G2"), "{}", rep.generation);
    no_mojibake(&out);
    missing_reported(&rep, &out);
    // owner from profile_v2 (no username: known by name)
    let accounts = records(&out, "accounts");
    let owner = accounts
        .iter()
        .find(|a| a["is_owner"] == true)
        .expect("owner");
    assert_eq!(owner["display_name"], "Lina Ødegård");
    assert_eq!(owner["created_at"], "2008-01-01T00:00:00Z");
    // message_1.json + message_2.json: one conversation, every message
    let convs = records(&out, "conversations");
    assert_eq!(convs.len(), 1);
    let c = &convs[0];
    assert_eq!(c["message_count"], 9);
    assert_eq!(c["group"], true);
    assert_eq!(c["title"], "Fjelltur 🏔️");
    assert_eq!(c["events"][0]["kind"], "rename");
    assert_eq!(c["participants"].as_array().map(Vec::len), Some(3));
    assert!(
        c["participants"]
            .as_array()
            .is_some_and(|p| p.contains(&owner["id"])),
        "the owner is a participant under their own id"
    );
    let msgs = records(&out, "messages");
    assert_eq!(msgs.len(), 9);
    let unsent: Vec<&Value> = msgs
        .iter()
        .filter(|m| m["ext"]["is_unsent"] == true)
        .collect();
    assert_eq!(unsent.len(), 1);
    assert_eq!(unsent[0]["text"], "");
    // reactions with mojibake repaired, on the right message
    let rs = records(&out, "reactions");
    let wow = rs.iter().find(|r| r["emoji"] == "😮").expect("😮 reaction");
    let target = msgs
        .iter()
        .find(|m| m["id"] == wow["target"])
        .expect("reacted message");
    assert_eq!(target["text"], "Se her!");
    assert_eq!(target["media"].as_array().map(Vec::len), Some(1));
    // EXIF/GPS kept on the photo
    let media = records(&out, "media");
    let photo = media
        .iter()
        .find(|m| m["original_path"] == "posts/media/Mobileuploads_202/2002_3002_n_4002.jpg")
        .expect("photo");
    assert_eq!(
        photo["ext"]["media_metadata"]["photo_metadata"]["exif_data"][0]["latitude"],
        69.6492
    );
    assert!(photo["sha256"].is_string());
    // a photo-only post takes its text from the media description
    assert!(texts(&out, "posts").contains(&"Hytta i snøen".to_string()));
    // edited, link, place
    let posts = records(&out, "posts");
    let p = posts
        .iter()
        .find(|p| p["text"] == "Nordlys over Tromsø ✨")
        .expect("post");
    assert_eq!(p["edited_at"], "2021-01-31T13:33:20Z");
    assert!(p["ext"]["attachments"][0]["place"]["name"] == "Tromsø");
    let l = posts
        .iter()
        .find(|p| p["text"] == "Skiføret er perfekt – «endelig»")
        .expect("link post");
    assert_eq!(l["links"][0]["url"], "https://example.no/ski?id=7");
    // group membership
    assert!(records(&out, "relationships")
        .iter()
        .any(|r| r["kind"] == "group_member"
            && r["object"] == "facebook:account:group/Strikkeklubben Tromsø"));
}

#[test]
fn facebook_g3_and_g4() {
    let t = TempDir::new("fb-g3");
    let (rep, out) = both("facebook", "g3-2023", &t);
    assert!(rep.generation.starts_with("G3"), "{}", rep.generation);
    no_mojibake(&out);
    missing_reported(&rep, &out);
    let posts = records(&out, "posts");
    let back = posts
        .iter()
        .find(|p| p["text"] == "Tilbakeblikk: 2010")
        .expect("backdated post");
    assert_eq!(back["ext"]["backdated_timestamp"], 1262304000);
    let gp = posts
        .iter()
        .find(|p| p["ext"]["meta_kind"] == "group_post")
        .expect("group post");
    assert_eq!(gp["community"], "Strikkeklubben Tromsø");
    // archived threads, shares as links
    let msgs = records(&out, "messages");
    assert!(msgs.iter().all(|m| m["conversation"]
        == "facebook:conversation:archived_threads/evelefevre_10158000000000001"));
    assert!(msgs
        .iter()
        .any(|m| m["links"][0]["url"] == "https://example.fr/soiree"));
    let rsvps: Vec<Value> = records(&out, "reactions")
        .into_iter()
        .filter(|r| r["kind"] == "rsvp")
        .collect();
    assert_eq!(rsvps.len(), 2);
    // a non-thread file of the messages folder is carried, not parsed
    assert!(rep
        .entry_list
        .iter()
        .any(|e| e.path.ends_with("autofill_information.json")
            && e.fate == lifeboat::report::EntryFate::Carried));

    let t = TempDir::new("fb-g4");
    let (rep, out) = both("facebook", "g4-2025", &t);
    assert!(rep.generation.starts_with("G4"), "{}", rep.generation);
    no_mojibake(&out);
    missing_reported(&rep, &out);
    let accounts = records(&out, "accounts");
    let owner = accounts
        .iter()
        .find(|a| a["is_owner"] == true)
        .expect("owner");
    assert_eq!(owner["id"], "facebook:account:lina.odegard.example");
    assert_eq!(owner["bio"], "Strikker, går på ski, drikker kaffe ☕");
    let posts = records(&out, "posts");
    assert!(posts.iter().all(|p| p["author"] == owner["id"]));
    assert!(texts(&out, "posts").contains(&"Startet i ny jobb hos Café Nørd".to_string()));
    let c = posts
        .iter()
        .find(|p| p["text"] == "Gratulerer så mye! 🎉")
        .expect("comment");
    assert_eq!(c["community"], "Strikkeklubben Tromsø");
    // label_values reactions (2025)
    let rs = records(&out, "reactions");
    let love = rs
        .iter()
        .find(|r| r["emoji"] == "Love")
        .expect("label_values reaction");
    assert!(love["target_url"]
        .as_str()
        .is_some_and(|u| u.contains("pfbid0x")));
    // album and videos: media of the owner, stored once
    let media = records(&out, "media");
    assert!(media
        .iter()
        .any(|m| m["kind"] == "video" && m["attached_to"][0] == owner["id"]));
    let album = media
        .iter()
        .find(|m| {
            m["original_path"]
                == "your_facebook_activity/posts/media/Profilepictures_405/4005_n_6005.jpg"
        })
        .expect("album photo");
    assert_eq!(album["ext"]["album"], "Profile pictures");
    let pdf = media
        .iter()
        .find(|m| m["kind"] == "document")
        .expect("a file sent in Messenger");
    assert_eq!(pdf["mime"], "application/pdf");
    // pages the owner runs; their admin log is kept raw, counted
    assert!(records(&out, "relationships")
        .iter()
        .any(|r| r["kind"] == "page_admin"));
    assert_eq!(rep.records["post"].kept_raw, 1);
}

#[test]
fn facebook_page_and_e2ee_backup() {
    let t = TempDir::new("fb-page");
    let (rep, out) = both("facebook", "page-2025", &t);
    assert!(rep.generation.starts_with("Page"), "{}", rep.generation);
    missing_reported(&rep, &out);
    let c = &records(&out, "conversations")[0];
    assert_eq!(c["ext"]["page_inbox"], true);
    assert!(texts(&out, "messages").contains(&"Har dere glutenfrie kaker? 🍰".to_string()));

    let t = TempDir::new("fb-e2ee");
    let (rep, out) = both("facebook", "e2ee-2024", &t);
    assert!(rep.generation.contains("encrypted"), "{}", rep.generation);
    let c = &records(&out, "conversations")[0];
    assert_eq!(c["id"], "facebook:conversation:e2ee/Zoë Müller");
    assert_eq!(c["title"], "Zoë Müller");
    let msgs = records(&out, "messages");
    assert_eq!(msgs.len(), 3);
    assert!(msgs.iter().any(|m| m["text"] == "Kryptert hei 🔒"));
    assert!(msgs.iter().any(|m| m["ext"]["is_unsent"] == true));
    let with_media = msgs
        .iter()
        .find(|m| m["text"] == "Hei igjen, Zoë!")
        .expect("message");
    assert_eq!(with_media["media"].as_array().map(Vec::len), Some(1));
    assert_eq!(rep.missing_media_count, 0);
    assert_eq!(records(&out, "reactions").len(), 1);
}

#[test]
fn html_exports_are_refused_with_a_request_for_json() {
    for (net, name) in [("facebook", "html-2024"), ("instagram", "html-2024")] {
        let t = TempDir::new("html");
        let err = try_import(&sample(net, name), &t.join("out.bag"))
            .expect_err("an HTML export must be refused");
        let msg = err.to_string();
        assert!(msg.contains("HTML"), "{msg}");
        assert!(msg.contains("JSON"), "{msg}");
    }
}

// ------------------------------------------------------------------ Instagram

#[test]
fn instagram_legacy_plain_utf8() {
    let t = TempDir::new("ig-i1");
    let (rep, out) = both("instagram", "i1-2019", &t);
    assert!(rep.generation.starts_with("I1"), "{}", rep.generation);
    // plain UTF-8: nothing to repair, nothing damaged
    assert!(!rep.repairs.contains_key("mojibake"), "{:?}", rep.repairs);
    assert!(texts(&out, "messages").contains(&"Har dere åpent i dag?".to_string()));
    assert!(texts(&out, "posts").contains(&"Frokost ☕ #kaffe".to_string()));
    missing_reported(&rep, &out);
    let owner = records(&out, "accounts")
        .into_iter()
        .find(|a| a["is_owner"] == true)
        .expect("owner");
    assert_eq!(owner["id"], "instagram:account:nordlys.kaffe");
    let rels = records(&out, "relationships");
    assert!(rels.iter().any(|r| r["kind"] == "block"));
    assert_eq!(rels.iter().filter(|r| r["kind"] == "following").count(), 2);
    // a message with a media URL, a heart
    let msgs = records(&out, "messages");
    assert!(msgs
        .iter()
        .any(|m| m["media"].as_array().is_some_and(|a| !a.is_empty())));
    assert!(msgs.iter().any(|m| m["text"] == "❤️"));
}

/// The carousel is one post with three media; the single video's caption lives on its
/// media item; the video is left out of the sample and reported.
fn carousel_and_video(out: &Path, rep: &Report) {
    let posts = records(out, "posts");
    let car = posts
        .iter()
        .find(|p| p["text"] == "Nye bønner fra Äthiopia ☕\n#kaffe #tromsø")
        .expect("carousel");
    assert_eq!(car["media"].as_array().map(Vec::len), Some(3));
    assert_eq!(car["created_at"], "2023-06-09T08:40:05Z");
    let vid = posts
        .iter()
        .find(|p| p["text"] == "Latte-art øving 🎨")
        .expect("single video");
    assert_eq!(vid["created_at"], "2023-07-10T14:40:00Z");
    assert!(rep
        .missing_media
        .iter()
        .any(|m| m.contains("missing_AQabc_17900000000000009.mp4")));
    let media = records(out, "media");
    let v = media
        .iter()
        .find(|m| m["attached_to"][0] == vid["id"])
        .expect("video record");
    assert_eq!(v["missing"], true);
    assert_eq!(v["kind"], "video");
    assert_eq!(
        v["ext"]["media_metadata"]["video_metadata"]["exif_data"][0]["latitude"],
        69.6492
    );
}

#[test]
fn instagram_i2_i3_i4() {
    for (name, gen) in [("i2-2021", "I2"), ("i3-2023", "I3"), ("i4-2025", "I4")] {
        let t = TempDir::new(name);
        let (rep, out) = both("instagram", name, &t);
        assert!(
            rep.generation.starts_with(gen),
            "{name}: {}",
            rep.generation
        );
        assert!(rep.repairs["mojibake"] > 0);
        no_mojibake(&out);
        carousel_and_video(&out, &rep);
        let owner = records(&out, "accounts")
            .into_iter()
            .find(|a| a["is_owner"] == true && a["network"] == "instagram")
            .expect("owner");
        assert_eq!(owner["id"], "instagram:account:nordlys.kaffe", "{name}");
        assert_eq!(owner["display_name"], "Nordlys Kaffe ☕");
        // the profile photo is the owner's media
        assert!(records(&out, "media")
            .iter()
            .any(|m| m["attached_to"][0] == owner["id"] && m["sha256"].is_string()));
        // comments answer the post owner's account
        let posts = records(&out, "posts");
        let c = posts
            .iter()
            .find(|p| p["text"] == "Nydelig! 😍")
            .expect("comment");
        assert_eq!(c["reply_to_account"], "instagram:account:zoe.mueller");
        // likes keep the post link
        let like = records(&out, "reactions")
            .into_iter()
            .find(|r| r["kind"] == "like")
            .expect("like");
        assert_eq!(
            like["target_url"],
            "https://www.instagram.com/p/Cxyz987ABC/"
        );
        assert_eq!(like["emoji"], "👍");
        // followers / following by username (2025: following keyed by title)
        let rels = records(&out, "relationships");
        for kind in ["follower", "following"] {
            assert!(
                rels.iter()
                    .any(|r| r["kind"] == kind && r["object"] == "instagram:account:zoe.mueller"),
                "{name}: {kind}"
            );
        }
        // direct messages: unsent, reaction with time, photo, share
        let msgs = records(&out, "messages");
        assert_eq!(msgs.len(), 5, "{name}");
        assert!(msgs.iter().any(|m| m["ext"]["is_unsent"] == true));
        let r = records(&out, "reactions")
            .into_iter()
            .find(|r| r["kind"] == "emoji")
            .expect("DM reaction");
        assert_eq!(r["emoji"], "❤️");
        assert_eq!(r["created_at"], "2023-07-11T18:26:50Z");
        let share = msgs
            .iter()
            .find(|m| m["links"][0]["url"] == "https://www.instagram.com/p/Cabc123/")
            .expect("share");
        assert_eq!(
            share["ext"]["system_text"], true,
            "a service stub is flagged"
        );
        if name == "i3-2023" {
            assert!(rels.iter().any(|r| r["kind"] == "close_friend"));
            assert!(rels.iter().any(|r| r["kind"] == "block"));
        }
        if name == "i4-2025" {
            // reels, IGTV, stories; the bundled Threads posts as Threads records
            for k in ["reel", "igtv", "story"] {
                assert!(posts.iter().any(|p| p["ext"]["meta_kind"] == k), "{k}");
            }
            let saved = records(&out, "reactions")
                .into_iter()
                .find(|r| r["kind"] == "bookmark")
                .expect("saved post");
            assert_eq!(saved["target_url"], "https://www.instagram.com/p/Csaved42/");
            assert_eq!(saved["ext"]["post_owner"], "bakeri.nord");
            let th = posts
                .iter()
                .find(|p| p["network"] == "threads")
                .expect("threads post");
            assert_eq!(th["text"], "Første tråd fra Tromsø 🧵");
            assert_eq!(th["author"], "threads:account:nordlys.kaffe");
            assert!(records(&out, "accounts")
                .iter()
                .any(|a| a["id"] == "threads:account:nordlys.kaffe"));
        }
    }
}

// ------------------------------------------------------------------ Threads

#[test]
fn threads_bundled_and_standalone() {
    let t = TempDir::new("th-2024");
    let (rep, out) = both("threads", "bundled-2024", &t);
    assert!(rep.generation.contains("Instagram"), "{}", rep.generation);
    no_mojibake(&out);
    missing_reported(&rep, &out);
    let posts = records(&out, "posts");
    assert_eq!(posts.len(), 4);
    assert!(posts
        .iter()
        .any(|p| p["text"] == "Tusen takk 🙏🏽🙏🏽 – «fantastisk»"));
    let car = posts
        .iter()
        .find(|p| p["text"] == "Karusell: vårt nye lesesal 📚 – kafé & arkiv")
        .expect("carousel");
    assert_eq!(car["media"].as_array().map(Vec::len), Some(3));
    // a video without file extension, known from its metadata
    let media = records(&out, "media");
    let v = media
        .iter()
        .find(|m| m["original_path"] == "media/posts/202402/cb1123abdd17b6c868f6")
        .expect("video");
    assert_eq!(v["kind"], "video");
    assert!(v["sha256"].is_string());
    // device ids are dropped
    assert!(!fs::read_to_string(out.join("data/records/media.jsonl"))
        .unwrap_or_default()
        .contains("device_id"));

    let t = TempDir::new("th-2026");
    let (rep, out) = both("threads", "standalone-2026", &t);
    assert!(
        rep.generation.starts_with("Threads export"),
        "{}",
        rep.generation
    );
    no_mojibake(&out);
    missing_reported(&rep, &out);
    let posts = records(&out, "posts");
    // the Threads profile names the owner
    let owner = records(&out, "accounts")
        .into_iter()
        .find(|a| a["is_owner"] == true)
        .expect("owner");
    assert_eq!(owner["id"], "threads:account:nordlys.kaffe");
    assert_eq!(owner["bio"], "Brenneri & kafé i Tromsø ❄️");
    assert!(posts.iter().all(|p| p["author"] == owner["id"]));
    let reply = posts
        .iter()
        .find(|p| p["text"] == "Enig – helt 神宫 nydelig!")
        .expect("reply");
    assert_eq!(reply["ext"]["is_reply"], true);
    assert_eq!(reply["ext"]["reply_control"], "accounts_you_follow");
    let rels = records(&out, "relationships");
    assert!(rels
        .iter()
        .any(|r| r["kind"] == "follower" && r["object"] == "threads:account:zoe.mueller"));
    assert!(rels
        .iter()
        .any(|r| r["kind"] == "following" && r["object"] == "threads:account:bakeri.nord"));
    let like = &records(&out, "reactions")[0];
    assert_eq!(like["emoji"], "❤️");
    assert_eq!(
        like["target_url"],
        "https://www.threads.com/@zoe.mueller/post/C1aBcD"
    );
}

// ------------------------------------------------------------------ ids

#[test]
fn ids_are_stable_and_reimport_adds_nothing() {
    for (net, name) in [
        ("facebook", "g2-2021"),
        ("instagram", "i4-2025"),
        ("threads", "bundled-2024"),
    ] {
        let t = TempDir::new("ids");
        let a = t.join("a.bag");
        let b = t.join("b.bag");
        import(&sample(net, name), &a);
        import(&sample(net, name), &b);
        let ids = all_ids(&a);
        assert_eq!(ids, all_ids(&b), "{name}: ids differ between two imports");
        // Facebook ids: `<seconds>-<12 hex>` for posts, thread + ms + hash for messages
        if net == "facebook" {
            assert!(ids.contains("facebook:conversation:inbox/fjelltur_b2c3d4"));
            assert!(ids
                .iter()
                .any(|i| i.starts_with("facebook:post:1612000000-")));
            assert!(ids
                .iter()
                .any(|i| i.starts_with("facebook:message:inbox/fjelltur_b2c3d4/1612400120000-")));
        }
        import(&sample(net, name), &a);
        assert_eq!(all_ids(&a), ids, "{name}: re-import changed the records");
    }
}

// ------------------------------------------------------------------ hostile input

#[test]
fn malformed_items_are_skipped_not_fatal() {
    let t = TempDir::new("hostile");
    let dir = t.join("dump");
    let thread = dir.join("your_facebook_activity/messages/inbox/x_1");
    fs::create_dir_all(&thread).expect("mkdir");
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    fs::write(
        thread.join("message_1.json"),
        format!(
            r#"{{"participants": "not a list", "messages": [
                {{"sender_name": "A", "timestamp_ms": 1600000000000, "content": "ok \u00c3\u00a9"}},
                42,
                {deep},
                {{"sender_name": 7, "timestamp_ms": "soon", "content": ["x"], "photos": "nope",
                  "reactions": [1, {{"reaction": 5}}], "share": 3}},
                {{"sender_name": "B", "timestamp_ms": -5, "photos": [{{"uri": "../../etc/passwd"}}]}}
            ], "title": 12}}"#
        ),
    )
    .expect("write");
    let posts = dir.join("your_facebook_activity/posts");
    fs::create_dir_all(&posts).expect("mkdir");
    fs::write(
        posts.join("your_posts__check_ins__photos_and_videos_1.json"),
        r#"[{"timestamp": "x", "data": "y", "attachments": [1, {"data": [2, {"media": 3}]}], "tags": [null]},
            "a string", {"timestamp": 1600000000, "data": [{"post": "fine"}]}, {"truncated": "#,
    )
    .expect("write");
    fs::write(
        dir.join("your_facebook_activity/posts/album"),
        b"not a folder, not JSON",
    )
    .expect("write");
    let out = t.join("out.bag");
    let rep = import(&dir, &out);
    assert!(rep.balanced());
    assert!(rep.skipped_total() >= 3, "{:?}", rep.skips);
    let msgs = texts(&out, "messages");
    assert!(msgs.contains(&"ok é".to_string()), "{msgs:?}");
    assert!(texts(&out, "posts").contains(&"fine".to_string()));
    // the path-escaping uri is a missing media file, not a read outside the dump
    assert!(rep.missing_media.iter().any(|m| m.contains("etc/passwd")));
}

// ------------------------------------------------------------------ Accounts Center

/// An Accounts Center download: a Facebook and an Instagram export side by side in one
/// zip. Each keeps its network, its owner and its media.
#[test]
fn accounts_center_download_with_facebook_and_instagram() {
    let t = TempDir::new("center");
    let zip = t.join("meta-2025-Jan-15.zip");
    let f = fs::File::create(&zip).expect("create zip");
    let mut z = zip::ZipWriter::new(f);
    for (net, name, top) in [
        (
            "facebook",
            "g4-2025",
            "meta-2025-Jan-15-10-00-00/facebook-lina-2025-01-15-AbCdEfGh/",
        ),
        (
            "instagram",
            "i4-2025",
            "meta-2025-Jan-15-10-00-00/instagram-nordlys.kaffe-2025-01-15-IjKlMnOp/",
        ),
    ] {
        for (rel, p) in files_under(&sample(net, name)) {
            z.start_file(
                format!("{top}{rel}"),
                zip::write::SimpleFileOptions::default(),
            )
            .expect("entry");
            z.write_all(&fs::read(&p).expect("read")).expect("write");
        }
    }
    z.finish().expect("finish");
    let out = t.join("out.bag");
    let rep = import(&zip, &out);
    assert!(rep.balanced());
    let owners: BTreeSet<String> = records(&out, "accounts")
        .iter()
        .filter(|a| a["is_owner"] == true)
        .map(|a| a["id"].as_str().unwrap_or("").to_string())
        .collect();
    for id in [
        "facebook:account:lina.odegard.example",
        "instagram:account:nordlys.kaffe",
        "threads:account:nordlys.kaffe",
    ] {
        assert!(owners.contains(id), "{id} in {owners:?}");
    }
    let convs = records(&out, "conversations");
    assert!(convs.iter().any(|c| c["network"] == "facebook"));
    assert!(convs.iter().any(|c| c["network"] == "instagram"));
    let posts = records(&out, "posts");
    let fb = posts
        .iter()
        .find(|p| p["text"] == "Julemarked i Tromsø 🎄 – gløgg og pepperkaker")
        .expect("facebook post");
    assert_eq!(fb["author"], "facebook:account:lina.odegard.example");
    let ig = posts
        .iter()
        .find(|p| p["text"] == "Latte-art øving 🎨")
        .expect("instagram post");
    assert_eq!(ig["author"], "instagram:account:nordlys.kaffe");
    // both exports' media were found under their folders
    let media = records(&out, "media");
    assert!(media
        .iter()
        .any(|m| m["network"] == "facebook" && m["sha256"].is_string()));
    assert!(media
        .iter()
        .any(|m| m["network"] == "instagram" && m["sha256"].is_string()));
}

/// A root file named like a chat backup that is not one is skipped with a reason;
/// macOS metadata of a re-zipped dump is ignored.
#[test]
fn lookalike_backup_and_macos_metadata() {
    let t = TempDir::new("lookalike");
    let dir = t.join("dump");
    fs::create_dir_all(dir.join("__MACOSX")).expect("mkdir");
    fs::write(dir.join("notes_1.json"), r#"{"a": 1}"#).expect("write");
    fs::write(dir.join("__MACOSX/._notes_1.json"), b"\x00\x05\x16\x07").expect("write");
    let out = t.join("out.bag");
    let rep = import(&dir, &out);
    assert_eq!(rep.network, "facebook");
    assert!(rep.balanced());
    assert_eq!(rep.records["conversation"].skipped, 1);
    assert!(records(&out, "conversations").is_empty());
    assert!(
        rep.entry_list
            .iter()
            .any(|e| e.path.starts_with("__MACOSX/")
                && e.fate == lifeboat::report::EntryFate::Ignored)
    );
}

/// The CLI refuses an HTML export with one clear error line and a non-zero exit, and
/// writes no archive.
#[test]
fn cli_refuses_html_with_one_line() {
    let t = TempDir::new("cli-html");
    let out = t.join("out.bag");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_lifeboat"))
        .arg("import")
        .arg(sample("facebook", "html-2024"))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run lifeboat");
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("HTML") && err.contains("JSON"), "{err}");
    assert!(!out.join("bagit.txt").exists());
}
