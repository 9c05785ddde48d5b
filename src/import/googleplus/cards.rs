//! Link cards: the previews of shared links, from the JSON posts' `link` objects and
//! the HTML pages' card markup, kept as links and in `ext`.

use super::*;

/// A shared link's preview card: where it leads, its title, description and image.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Card {
    pub(super) url: String,
    pub(super) title: Option<String>,
    pub(super) description: Option<String>,
    pub(super) image: Option<String>,
}

impl Card {
    fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("url".into(), Value::String(self.url.clone()));
        for (k, v) in [
            ("title", &self.title),
            ("description", &self.description),
            ("image", &self.image),
        ] {
            if let Some(v) = v {
                m.insert(k.into(), Value::String(v.clone()));
            }
        }
        Value::Object(m)
    }
}

/// The link cards of HTML (`a.link-embed > h3 (+ img)` after a post's text,
/// `a.inline-link-embed > img + div.link-title` in comments; a `p` is a description),
/// those `keep` accepts.
pub(super) fn html_cards<'a>(
    els: &[Element<'a>],
    keep: impl Fn(&Element<'a>) -> bool,
) -> Vec<Card> {
    let mut out = Vec::new();
    for x in els.iter().filter(|x| {
        x.name == "a" && (x.has_class("link-embed") || x.has_class("inline-link-embed"))
    }) {
        if !keep(x) {
            continue;
        }
        let Some(url) = html::attr(x.attrs, "href").filter(|h| !h.trim().is_empty()) else {
            continue;
        };
        let sub = html::elements(x.inner);
        let text = |pred: &dyn Fn(&Element) -> bool| {
            sub.iter()
                .find(|e| pred(e))
                .map(|e| html::to_text(e.inner).trim().to_string())
                .filter(|t| !t.is_empty())
        };
        out.push(Card {
            url,
            title: text(&|e: &Element| {
                matches!(e.name.as_str(), "h3" | "h2") || e.has_class("link-title")
            }),
            description: text(&|e: &Element| e.name == "p" || e.has_class("link-description")),
            image: sub
                .iter()
                .find(|e| e.name == "img")
                .and_then(|e| html::attr(e.attrs, "src"))
                .filter(|s| !s.is_empty()),
        });
    }
    out
}

/// Put link cards on a post: each becomes a link (its title shown for it, also when
/// the text already links the URL), and every card field is kept in `ext.link_cards`.
pub(super) fn add_cards(cards: Vec<Card>, links: &mut Vec<Link>, ext: &mut Ext) {
    if cards.is_empty() {
        return;
    }
    card_links(&cards, links);
    ext.insert(
        "link_cards",
        Value::Array(cards.iter().map(Card::to_json).collect()),
    );
}

/// Each card as a link of the post (its title shown for it).
pub(super) fn card_links(cards: &[Card], links: &mut Vec<Link>) {
    for c in cards {
        match links.iter_mut().find(|l| l.url == c.url) {
            Some(l) => {
                if l.display.is_none() {
                    l.display = c.title.clone();
                }
            }
            None => links.push(Link {
                url: c.url.clone(),
                short_url: None,
                display: c.title.clone(),
            }),
        }
    }
}

/// The card of a JSON `link` object (`{title, url, imageUrl}`).
pub(super) fn json_card(v: Option<&Value>) -> Option<Card> {
    let s = |k: &str| {
        v?.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };
    Some(Card {
        url: s("url")?,
        title: s("title"),
        description: s("description"),
        image: s("imageUrl"),
    })
}
