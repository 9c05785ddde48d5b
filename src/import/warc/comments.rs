//! Comment walls of the 2000s profile sites: a block of rows (or `div`s), each with a
//! cell naming the author (a link to their profile, often with their picture) and a
//! cell with the date and the text. The markup varied by year and by the user's own
//! CSS, so the rows are found by what they hold rather than by exact classes: the
//! innermost rows that link to a profile and hold text besides.

use scraper::ElementRef;

use super::page::{all, first, text, Page};

/// One comment as a page shows it.
pub(crate) struct Shown<'a> {
    /// The author's profile link (absolute).
    pub author_url: String,
    /// The author's name as shown.
    pub author_name: String,
    /// The author's picture.
    pub avatar: Option<String>,
    /// The date as shown.
    pub when: Option<String>,
    /// The element holding the text (the date inside it is left out of the text by
    /// the caller through `date_el`).
    pub body: ElementRef<'a>,
    /// The element the date came from, when it is inside the body.
    pub date_el: Option<ElementRef<'a>>,
}

/// The comments in `block`. `is_profile` tells a link to a member's profile;
/// `date_sels` are the selectors of the date element, tried in order.
pub(crate) fn rows<'a>(
    page: &Page<'_>,
    block: ElementRef<'a>,
    is_profile: &dyn Fn(&str) -> bool,
    date_sels: &[&str],
) -> Vec<Shown<'a>> {
    let mut out = Vec::new();
    // table rows: the innermost ones holding a profile link
    for tr in all(block, "tr") {
        if first(tr, "tr").is_some() {
            continue;
        }
        let cells: Vec<ElementRef<'a>> = tr
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| matches!(c.value().name(), "td" | "th"))
            .collect();
        let Some(author_cell) = cells
            .iter()
            .copied()
            .find(|c| profile_link(page, *c, is_profile).is_some())
        else {
            continue;
        };
        let Some(body) = cells
            .iter()
            .rev()
            .copied()
            .find(|c| c.id() != author_cell.id())
        else {
            continue;
        };
        if let Some(s) = shown(page, author_cell, body, is_profile, date_sels) {
            out.push(s);
        }
    }
    if !out.is_empty() {
        return out;
    }
    // or blocks: the innermost elements with a class naming a comment
    for el in all(block, "[class*=omment]") {
        if profile_link(page, el, is_profile).is_none() {
            continue;
        }
        let nested = all(el, "[class*=omment]")
            .into_iter()
            .any(|c| c.id() != el.id() && profile_link(page, c, is_profile).is_some());
        if nested {
            continue;
        }
        // the text is in the element's own text part when it has one
        let body = first(el, "[class*=ext], [class*=body], [class*=ontent]").unwrap_or(el);
        if let Some(s) = shown(page, el, body, is_profile, date_sels) {
            out.push(s);
        }
    }
    out
}

fn shown<'a>(
    page: &Page<'_>,
    author_cell: ElementRef<'a>,
    body: ElementRef<'a>,
    is_profile: &dyn Fn(&str) -> bool,
    date_sels: &[&str],
) -> Option<Shown<'a>> {
    let (author_url, link) = profile_link(page, author_cell, is_profile)?;
    let mut author_name = first(link, ".pilDisplayName")
        .map(text)
        .unwrap_or_else(|| text(link));
    if author_name.is_empty() {
        // the picture link came first: the name is in another link to the same profile
        author_name = all(author_cell, "a[href]")
            .into_iter()
            .filter(|a| {
                a.value()
                    .attr("href")
                    .and_then(|h| page.abs(h))
                    .is_some_and(|u| u == author_url)
            })
            .map(text)
            .find(|t| !t.is_empty())
            .unwrap_or_default();
    }
    let avatar = all(author_cell, "a[href] img[src]")
        .into_iter()
        .find_map(|i| i.value().attr("src").and_then(|s| page.abs(s)));
    let (when, date_el) = date_sels
        .iter()
        .find_map(|s| first(body, s).map(|e| (Some(text(e)), Some(e))))
        .unwrap_or((None, None));
    Some(Shown {
        author_url,
        author_name,
        avatar,
        when: when.filter(|w| !w.is_empty()),
        body,
        date_el,
    })
}

/// The first link in `el` to a member's profile, absolute, with its element.
fn profile_link<'a>(
    page: &Page<'_>,
    el: ElementRef<'a>,
    is_profile: &dyn Fn(&str) -> bool,
) -> Option<(String, ElementRef<'a>)> {
    all(el, "a[href]").into_iter().find_map(|a| {
        let u = page.abs(a.value().attr("href")?)?;
        is_profile(&u).then_some((u, a))
    })
}

/// The text of a comment's body without its date and without the author's cell.
pub(crate) fn body_html(s: &Shown<'_>) -> String {
    let mut html = s.body.inner_html();
    if let Some(d) = s.date_el {
        let date = d.html();
        if let Some(i) = html.find(&date) {
            html.replace_range(i..i + date.len(), "");
        }
    }
    html.trim().to_string()
}
