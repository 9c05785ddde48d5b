use super::*;

fn all(s: &[u8]) -> Vec<Result<String, String>> {
    let mut it = JsonItems::new(s, &Limits::default());
    let mut out = Vec::new();
    while let Some(r) = it.next() {
        out.push(
            r.map(|b| String::from_utf8_lossy(b).into_owned())
                .map_err(|e| e.to_string()),
        );
    }
    out
}

#[test]
fn ytd_prefix_and_items() {
    let v = all(b"window.YTD.tweets.part0 = [ {\"a\" : \"x]}\\\"\"}, {\"b\":[1,2]} ]");
    assert_eq!(
        v,
        vec![
            Ok("{\"a\" : \"x]}\\\"\"}".into()),
            Ok("{\"b\":[1,2]}".into())
        ]
    );
}

#[test]
fn empty_arrays_both_spellings() {
    assert!(all(b"window.YTD.app.part0 = []").is_empty());
    assert!(all(b"window.YTD.app.part0 = [ ]").is_empty());
    assert!(all(b"window.YTD.app.part0 = [ ];\n").is_empty());
}

#[test]
fn grailbird_and_var_prefixes() {
    let v = all(b"Grailbird.data.tweets_2007_11 = \n [ {\n \"id\" : 1 } ]");
    assert_eq!(v.len(), 1);
    let v = all(b"var user_details =  {\n \"id\" : \"1\"\n}");
    assert_eq!(v, vec![Ok("{\n \"id\" : \"1\"\n}".into())]);
}

#[test]
fn scalars_and_bare_json() {
    let v = all(b"[1, \"two\", {\"x\":3}, 42]");
    assert_eq!(
        v,
        vec![
            Ok("1".into()),
            Ok("\"two\"".into()),
            Ok("{\"x\":3}".into()),
            Ok("42".into())
        ]
    );
}

#[test]
fn deep_item_is_skipped_and_next_is_read() {
    let mut s = b"x = [".to_vec();
    s.extend(std::iter::repeat_n(b'[', 5000));
    s.extend(std::iter::repeat_n(b']', 5000));
    s.extend(b", {\"ok\":true}]");
    let v = all(&s);
    assert_eq!(v.len(), 2);
    assert!(v[0].as_ref().unwrap_err().contains("nesting"));
    assert_eq!(v[1], Ok("{\"ok\":true}".into()));
}

#[test]
fn stray_closing_brackets_do_not_stall() {
    let v = all(b"x = [ {\"a\":1}, }, {\"b\":2} } ]");
    assert_eq!(v.len(), 4, "{v:?}");
    assert_eq!(v[0], Ok("{\"a\":1}".into()));
    assert!(v[1].as_ref().unwrap_err().contains("unexpected '}'"));
    assert_eq!(v[2], Ok("{\"b\":2}".into()));
    assert!(v[3].is_err());
}

#[test]
fn truncated_file_is_an_error() {
    let v = all(b"window.YTD.tweets.part0 = [ {\"a\": 1}, {\"b\": ");
    assert_eq!(v.len(), 2);
    assert!(v[1].as_ref().unwrap_err().contains("truncated"));
}

#[test]
fn small_buffers_split_anywhere() {
    // items spanning the 64 KiB buffer boundary
    let big = "y".repeat(70_000);
    let s = format!("a = [ {{\"t\":\"{big}\"}}, {{\"u\":1}} ]");
    let v = all(s.as_bytes());
    assert_eq!(v.len(), 2);
    assert_eq!(v[0].as_ref().unwrap().len(), 70_000 + 8);
}

type Seen = Vec<(u64, Result<Vec<u8>, String>)>;

fn collect(data: &[u8], threaded: bool) -> (Seen, Result<u64, io::Error>) {
    let mut out = Vec::new();
    let limits = Limits::default();
    let mut r: &[u8] = data;
    let each = |i: u64, b: Result<&[u8], ItemFault>| -> Result<(), io::Error> {
        out.push((i, b.map(<[u8]>::to_vec).map_err(|f| f.message)));
        Ok(())
    };
    let n = if threaded {
        stream_items_threaded(&mut r, &limits, each)
    } else {
        stream_items(&mut r, &limits, each)
    };
    (out, n)
}

#[test]
fn threaded_reading_gives_the_same_items_in_order() {
    // several MiB, so that items cross many batches; a stray byte, a too-deep item
    let mut data = b"window.YTD.tweets.part0 = [".to_vec();
    for i in 0..60_000 {
        if i % 9_999 == 0 {
            data.extend_from_slice(b"}, ");
        }
        if i % 20_000 == 1 {
            data.extend(std::iter::repeat_n(b'[', 500));
            data.extend(std::iter::repeat_n(b']', 500));
            data.extend_from_slice(b", ");
        }
        data.extend_from_slice(
            format!(
                "{{\"tweet\" : {{ \"id_str\" : \"{i}\", \"full_text\" : \"{}\" }} }},\n",
                "x".repeat(i % 300)
            )
            .as_bytes(),
        );
    }
    data.extend_from_slice(b"{} ]");
    let (seq, n1) = collect(&data, false);
    let (thr, n2) = collect(&data, true);
    assert_eq!(n1.unwrap(), n2.unwrap());
    assert_eq!(seq.len(), thr.len());
    assert!(seq.len() > 60_000);
    assert_eq!(seq, thr);
    assert!(seq
        .iter()
        .any(|(_, r)| r.as_ref().is_err_and(|m| m.contains("nesting"))));
    // truncated: the fault is delivered, then reading stops, in both
    let cut = &data[..data.len() / 2];
    let (a, _) = collect(cut, false);
    let (b, _) = collect(cut, true);
    assert_eq!(a, b);
    assert!(a
        .last()
        .unwrap()
        .1
        .as_ref()
        .is_err_and(|m| m.contains("truncated")));
}

type Keyed = (Vec<Result<String, String>>, Vec<(String, String)>);

fn keyed(data: &[u8], key: &str) -> Keyed {
    let mut it = JsonItems::at_key(data, &Limits::default(), key);
    let mut out = Vec::new();
    while let Some(r) = it.next() {
        out.push(
            r.map(|b| String::from_utf8_lossy(b).into_owned())
                .map_err(|e| e.to_string()),
        );
    }
    let others = it
        .others()
        .iter()
        .map(|(k, v)| (k.clone(), String::from_utf8_lossy(v).into_owned()))
        .collect();
    (out, others)
}

#[test]
fn keyed_array_inside_a_collection() {
    let (items, others) = keyed(
        br#"{"@context":["https://www.w3.org/ns/activitystreams",{"x":"y"}],"id":"outbox.json","type":"OrderedCollection",
            "totalItems":3,"orderedItems":[{"type":"Create","object":{"content":"<p>a]}</p>"}},"https://x/1",{"type":"Announce"}],"after":true}"#,
        "orderedItems",
    );
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[1], Ok("\"https://x/1\"".into()));
    let names: Vec<&str> = others.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["@context", "id", "type", "totalItems", "after"]);
    assert_eq!(others[3].1, "3");
}

#[test]
fn keyed_mode_without_the_key_or_with_a_bare_array() {
    let (items, others) = keyed(
        br#"{"id":"likes.json","type":"OrderedCollection"}"#,
        "orderedItems",
    );
    assert!(items.is_empty());
    assert_eq!(others.len(), 2);
    let (items, others) = keyed(br#"{"orderedItems":null,"a":1}"#, "orderedItems");
    assert!(items.is_empty());
    assert_eq!(others[0], ("orderedItems".to_string(), "null".to_string()));
    let (items, _) = keyed(br#"[{"a":1},{"b":2}]"#, "orderedItems");
    assert_eq!(items.len(), 2);
    let (items, _) = keyed(br#"{"orderedItems":[{"a":1},{"b":"#, "orderedItems");
    assert!(items
        .last()
        .unwrap()
        .as_ref()
        .unwrap_err()
        .contains("truncated"));
}

#[test]
fn damaged_input_always_ends() {
    // every item consumes at least one byte, so a reader always reaches the end
    let base = br#"window.x = {"a":[1,{"b":"c\"]}"}],"orderedItems":[{"t":"x"},"s",3,[4]],"z":{}}"#;
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for round in 0..3_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let mut d = base.to_vec();
        let i = (x % d.len() as u64) as usize;
        match round % 3 {
            0 => {
                d.remove(i);
            }
            1 => d[i] = b"{}[],:\"\\ x"[(x >> 8) as usize % 10],
            _ => d.truncate(i),
        }
        for keyed_mode in [false, true] {
            let mut it = if keyed_mode {
                JsonItems::at_key(&d[..], &Limits::default(), "orderedItems")
            } else {
                JsonItems::new(&d[..], &Limits::default())
            };
            let mut steps = 0;
            while it.next().is_some() {
                steps += 1;
                assert!(
                    steps <= d.len() + 2,
                    "no progress on {:?}",
                    String::from_utf8_lossy(&d)
                );
            }
        }
    }
}

#[test]
fn invalid_utf8_is_repaired() {
    let mut rep = false;
    let v = parse_value(b"{\"t\":\"a\xff\xfeb\"}", &mut rep).unwrap();
    assert!(rep);
    assert_eq!(v["t"], "a\u{fffd}\u{fffd}b");
}
