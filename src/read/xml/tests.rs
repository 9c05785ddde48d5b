use super::*;

/// A reader that hands out at most `n` bytes per call.
struct Trickle<'a>(&'a [u8], usize);
impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.1.min(buf.len()).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

fn filter(input: &[u8], chunk: usize) -> (String, u64, u64) {
    let mut f = CharFilter::new(Trickle(input, chunk));
    let mut out = Vec::new();
    f.read_to_end(&mut out).unwrap();
    (String::from_utf8(out).unwrap(), f.dropped, f.recoded)
}

#[test]
fn a_token_larger_than_the_limit_stops_the_read() {
    let read_all = |doc: &str, max: u64| -> Result<u64, String> {
        let mut r = XmlReader::new(doc.as_bytes(), "t.xml").limit(max);
        let mut n = 0;
        loop {
            match r.next_open() {
                Ok(Some(o)) => {
                    if o.depth == 1 {
                        r.collect(o).map_err(|e| format!("{e:?}"))?;
                    }
                    n += 1;
                }
                Ok(None) => return Ok(n),
                Err(e) => return Err(format!("{e:?}")),
            }
        }
    };
    let body = "<p>x</p>".repeat(100);
    // a CDATA section full of markup is one token
    let cdata = format!("<r><i><![CDATA[{body}]]></i></r>");
    assert!(read_all(&cdata, 500).unwrap_err().contains("field-bytes"));
    assert!(read_all(&cdata, 5000).is_ok());
    // an attribute value may hold '>' inside its quotes
    let attr = format!("<r><i a=\"{}\"/></r>", "x>".repeat(400));
    assert!(read_all(&attr, 500).unwrap_err().contains("field-bytes"));
    // many small tokens are fine, but an element holding more than the limit is not
    let many = format!("<r><i>{}</i></r>", "<b>yy</b>".repeat(200));
    assert!(read_all(&many, 100).unwrap_err().contains("field-bytes"));
    assert!(read_all(&many, 10_000).is_ok());
    let flat = format!("<r>{}</r>", "<i>yy</i>".repeat(200));
    assert_eq!(read_all(&flat, 100), Ok(201));
}

#[test]
fn drops_forbidden_controls_keeps_whitespace() {
    let (s, d, r) = filter(b"a\x00b\x0bc\x0cd\x1be\tf\ng\rh", 1024);
    assert_eq!(s, "abcde\tf\ng\rh");
    assert_eq!((d, r), (4, 0));
}

#[test]
fn multibyte_sequences_survive_every_buffer_boundary() {
    let text = "Grüße 日本語 🎉\x0b end".as_bytes();
    for chunk in 1..8 {
        let (s, d, r) = filter(text, chunk);
        assert_eq!(s, "Grüße 日本語 🎉 end", "chunk {chunk}");
        assert_eq!((d, r), (1, 0), "chunk {chunk}");
    }
}

#[test]
fn invalid_utf8_is_read_as_cp1252() {
    for chunk in 1..5 {
        let (s, d, r) = filter(b"it\x92s caf\xe9 \xe2\x82", chunk);
        // a truncated sequence at the very end is recoded byte by byte
        assert_eq!(s, "it\u{2019}s café â\u{201a}", "chunk {chunk}");
        assert_eq!((d, r), (0, 4));
    }
}

#[test]
fn unknown_entities_stay_literal() {
    assert_eq!(
        unescape_xml("a &amp; &#233; &#x41; &l9; &xxe; & b"),
        ("a & é A &l9; &xxe; & b".to_string(), 2)
    );
}

#[test]
fn collect_reads_one_subtree_and_keeps_entities_inert() {
    let doc = br#"<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY l0 "lol"><!ENTITY l1 "&l0;&l0;">]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&l1; &amp; x</title>
<wp:post_id>7</wp:post_id><c><![CDATA[a]]]]><![CDATA[>b]]></c></item></channel></rss>"#;
    let mut r = XmlReader::new(&doc[..], "t.xml");
    let mut item = None;
    while let Some(o) = r.next_open().unwrap() {
        if o.node.name == "item" {
            item = Some(r.collect(o).unwrap());
        }
    }
    let item = item.unwrap();
    assert!(r.doctype);
    assert_eq!(item.text_of("title"), Some("&l1; & x"));
    assert_eq!(item.text_ns(Ns::Wp, "post_id"), Some("7"));
    assert_eq!(item.text_of("c"), Some("a]]>b"));
    assert_eq!(r.unexpanded, 1);
}

#[test]
fn namespaces_of_every_wxr_version() {
    for v in ["1.0", "1.1", "1.2"] {
        let wp = format!("http://wordpress.org/export/{v}/");
        assert_eq!(Ns::of(wp.as_bytes()), Ns::Wp);
        assert_eq!(Ns::of(format!("{wp}excerpt/").as_bytes()), Ns::Excerpt);
    }
    assert_eq!(Ns::of(b"http://disqus.com"), Ns::Disqus);
    assert_eq!(Ns::of(b"http://example.org/x"), Ns::Other);
}

#[test]
fn namespaces_match_whatever_the_scheme() {
    // WordPress.com and the theme unit test data write https:// namespaces
    for (uri, ns) in [
        ("wordpress.org/export/1.2/", Ns::Wp),
        ("wordpress.org/export/1.2/excerpt/", Ns::Excerpt),
        ("wordpress.org/export/1.0", Ns::Wp),
        ("purl.org/rss/1.0/modules/content/", Ns::Content),
        ("purl.org/dc/elements/1.1/", Ns::Dc),
        ("wellformedweb.org/CommentAPI/", Ns::Wfw),
        ("search.yahoo.com/mrss/", Ns::Media),
        ("www.w3.org/2005/Atom", Ns::Atom),
        ("schemas.google.com/blogger/2018", Ns::Blogger),
        ("purl.org/syndication/thread/1.0", Ns::Thr),
        ("purl.org/atom/app#", Ns::App),
        ("www.w3.org/2007/app", Ns::App),
        ("disqus.com", Ns::Disqus),
        ("disqus.com/disqus-internals", Ns::Other),
    ] {
        for scheme in ["http://", "https://"] {
            let full = format!("{scheme}{uri}");
            assert_eq!(Ns::of(full.as_bytes()), ns, "{full}");
        }
    }
}

#[test]
fn an_unbound_prefix_is_told_apart_from_no_namespace() {
    let doc = b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><app:control><app:draft>yes</app:draft></app:control><title>t</title></entry></feed>";
    let mut r = XmlReader::new(&doc[..], "t.xml");
    let mut entry = None;
    while let Some(o) = r.next_open().unwrap() {
        if o.node.name == "entry" {
            entry = Some(r.collect(o).unwrap());
        }
    }
    let e = entry.unwrap();
    let c = e.child("control").unwrap();
    assert_eq!(c.ns, Ns::Unbound);
    assert_eq!(c.child("draft").unwrap().ns, Ns::Unbound);
    assert_eq!(e.child("title").unwrap().ns, Ns::Atom);
}

#[test]
fn undefined_cp1252_bytes_and_controls_inside_text() {
    let (s, d, r) = filter(b"\x81x\x00\xc3\xa9", 2);
    assert_eq!(s, "\u{81}x\u{e9}");
    assert_eq!((d, r), (1, 1));
}

#[test]
fn root_name_skips_prolog() {
    assert_eq!(
        root_name(b"\xef\xbb\xbf<?xml version='1.0'?><!-- c --><feed xmlns='x'><id>"),
        Some("feed".into())
    );
    assert_eq!(root_name(b"not xml at all"), None);
}

#[test]
fn each_element_hands_out_trees_and_keeps_what_came_before_a_break() {
    let src = br#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>One &amp; two</t></si><si><r><t xml:space="preserve">a </t></r><r><t>b</t></r></si><x r:id="rId1"/><si><t><![CDATA[<b>raw</b>]]></t></si><si><t>cut"#;
    let mut got = Vec::new();
    let r = each_element(&src[..], "sharedStrings.xml", "si", |n| got.push(n));
    assert!(matches!(r, Err(XmlError::Syntax(..))), "{r:?}");
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].text_of("t"), Some("One & two"));
    let runs: Vec<&str> = got[1]
        .all("r")
        .filter_map(|r| r.child("t"))
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(runs, ["a ", "b"]);
    assert_eq!(got[2].text_of("t"), Some("<b>raw</b>"));
}
