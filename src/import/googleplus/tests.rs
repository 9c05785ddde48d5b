use super::cards::add_cards;
use super::cards::card_links;
use super::cards::html_cards;
use super::cards::json_card;
use super::circles::vcards;
use super::*;

#[test]
fn urls_and_ids() {
    assert_eq!(
        url_native("https://plus.google.com/+AliceExample/posts/Vv2ZKXw6qDq"),
        "+AliceExample/posts/Vv2ZKXw6qDq"
    );
    assert_eq!(
        profile_native("https://plus.google.com/117766554433221100998").as_deref(),
        Some("117766554433221100998")
    );
    assert_eq!(profile_native("mailto:x").as_deref(), None);
}

#[test]
fn acl_to_visibility() {
    let v = |s: &str| visibility(Some(&serde_json::from_str(s).expect("json")));
    assert_eq!(v(r#"{"isPublic":true}"#), Visibility::Public);
    assert_eq!(
        v(r#"{"visibleToStandardAcl":{"circles":[{"type":"CIRCLE_TYPE_YOUR_CIRCLES"}]}}"#),
        Visibility::Followers
    );
    assert_eq!(
        v(r#"{"visibleToStandardAcl":{"circles":[{"type":"CIRCLE_TYPE_USER_CIRCLE"}]}}"#),
        Visibility::Private
    );
    assert_eq!(v(r#"{"communityAcl":{}}"#), Visibility::Private);
    assert_eq!(visibility(None), Visibility::Unknown);
}

#[test]
fn link_cards_become_links() {
    // JSON: the card's URL joins the links, titled, unless the text linked it
    let v: Value = serde_json::from_str(
        r#"{"title":"Harbour","url":"https://harbour.example/","imageUrl":"https://harbour.example/i.png"}"#,
    )
    .expect("json");
    let c = json_card(Some(&v)).expect("card");
    assert_eq!(c.image.as_deref(), Some("https://harbour.example/i.png"));
    let mut links = Vec::new();
    card_links(&[c], &mut links);
    assert_eq!(links[0].url, "https://harbour.example/");
    assert_eq!(links[0].display.as_deref(), Some("Harbour"));
    assert!(json_card(Some(&serde_json::json!({"title": "no url"}))).is_none());
    // HTML: both card shapes, and nothing inside the other anchors
    let doc = r#"<div class="main-content">x <a href="https://a.example/">a</a></div><a href="https://b.example/?p=1&amp;q=2" target="_blank" class="link-embed"><h3>B &amp; C</h3><img src="https://b.example/i.jpg" alt=""></a><a href="https://c.example/" class="inline-link-embed"><img src="https://c.example/f.png" alt=""><div class="link-title">C</div></a>"#;
    let els = html::elements(doc);
    let cards = html_cards(&els, |_| true);
    assert_eq!(cards.len(), 2);
    assert_eq!(cards[0].url, "https://b.example/?p=1&q=2");
    assert_eq!(cards[0].title.as_deref(), Some("B & C"));
    assert_eq!(cards[0].image.as_deref(), Some("https://b.example/i.jpg"));
    assert_eq!(cards[1].title.as_deref(), Some("C"));
    let mut ext = Ext::default();
    let mut links = Vec::new();
    add_cards(cards, &mut links, &mut ext);
    assert_eq!(links.len(), 2);
    assert!(ext.get_json("link_cards").is_some());
}

#[test]
fn vcards_unfold_and_unescape() {
    let c = vcards("BEGIN:VCARD\r\nFN:A\\, B\r\nURL:https://plus.google.com/\r\n 123\r\nEND:VCARD\r\nBEGIN:VCARD\nEMAIL;TYPE=INTERNET:x@y\nEND:VCARD\n");
    assert_eq!(c.len(), 2);
    assert_eq!(c[0][0], ("FN".to_string(), "A, B".to_string()));
    assert_eq!(c[0][1].1, "https://plus.google.com/123");
    assert_eq!(c[1][0].0, "EMAIL");
}
