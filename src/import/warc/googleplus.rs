//! Google+ pages captured before the shutdown (April 2019; see
//! `formats/googleplus/README.md`, "Captured pages"): post pages
//! (`plus.google.com/<user>/posts/<id>`), profiles (`plus.google.com/<user>`, `+Name`)
//! and communities (`plus.google.com/communities/<id>`).
//!
//! A post page names its author and text in its Open Graph tags and carries its
//! comments in the positional JSON of `AF_initDataCallback({key: 'ds:3', …})`:
//! `[1]` the activity id, `[0][0]` the comments, each `[n, "<activity>#<comment>",
//! {"<n>": [… 3: time in ms, 4: ids, 6: author id, 25: [name, id, _, _, picture,
//! "./<id>"], 27: [[segments]]]}]`, a segment being `[0, text]`, `[1]` (a line
//! break) or `[2, text, _, [url, …]]` (a link). Ids are those of the Takeout HTML
//! reader: a post by its permalink without `https://plus.google.com/`, an account by
//! its numeric id or `+Name`.

use serde_json::{json, Value};

use super::page::{all, first, meta, text, Extractor, Out, Page};
use super::url::Url;
use crate::model::{Account, Link, Post, Record, Timestamp, Visibility};

const NET: &str = "googleplus";

pub(crate) struct GooglePlus;

impl Extractor for GooglePlus {
    fn network(&self) -> &'static str {
        NET
    }

    fn claims(&self, url: &Url) -> bool {
        url.host == "plus.google.com"
    }

    fn extract(&self, page: &Page<'_>, out: &mut Out) -> Result<(), String> {
        let mut segs = page.url.segments();
        if let [u, n, ..] = segs.as_slice() {
            if u == "u" && n.chars().all(|c| c.is_ascii_digit()) {
                segs.drain(..2);
            }
        }
        match segs.as_slice() {
            [c, id, ..] if c == "communities" => community(page, id, out),
            [user, p, post, ..] if p == "posts" => post_page(page, user, post, out),
            [user] | [user, _] if is_user(user) => profile(page, user, out),
            _ => Err("a Google+ page lifeboat does not read".into()),
        }
    }
}

fn is_user(s: &str) -> bool {
    s.starts_with('+') || (s.len() >= 15 && s.chars().all(|c| c.is_ascii_digit()))
}

/// "Jane Doe - Google+" → "Jane Doe".
fn name_of(t: &str) -> String {
    t.trim_end_matches(" - Google+")
        .trim_end_matches(" - Google Plus")
        .trim()
        .to_string()
}

fn person(page: &Page<'_>, user: &str, name: Option<String>) -> Account {
    let mut a = page.account(NET, user);
    a.display_name = name.filter(|n| !n.is_empty());
    a.url = Some(format!("https://plus.google.com/{user}"));
    if user.starts_with('+') {
        a.handle = Some(user.to_string());
    }
    a
}

fn profile(page: &Page<'_>, user: &str, out: &mut Out) -> Result<(), String> {
    let root = page.root();
    let Some(title) = meta(root, "og:title").or_else(|| super::page::title(page.doc)) else {
        return Err("a Google+ profile page without a name".into());
    };
    out.era = Some("captured pages (2011-2019)");
    let mut me = person(page, user, Some(name_of(&title)));
    me.is_owner = true;
    me.bio = meta(root, "og:description");
    me.avatar_url = meta(root, "og:image").and_then(|i| page.abs(&i));
    out.optional_image(me.avatar_url.clone(), &me.id, "avatar");
    let posts: Vec<String> = all(root, "a[href*=\"/posts/\"]")
        .into_iter()
        .filter_map(|a| page.abs(a.value().attr("href")?))
        .collect();
    if !posts.is_empty() {
        me.ext.insert("post_links", json!(posts));
    }
    out.records.push(Record::Account(me));
    Ok(())
}

fn community(page: &Page<'_>, id: &str, out: &mut Out) -> Result<(), String> {
    let root = page.root();
    out.era = Some("captured pages (2011-2019)");
    let mut c = page.account(NET, &format!("communities/{id}"));
    c.display_name = meta(root, "og:title")
        .or_else(|| super::page::title(page.doc))
        .map(|t| name_of(&t));
    c.bio = meta(root, "og:description");
    c.url = Some(format!("https://plus.google.com/communities/{id}"));
    c.ext.insert("kind", json!("community"));
    let posts: Vec<String> = all(root, "a[href*=\"/posts/\"]")
        .into_iter()
        .filter_map(|a| page.abs(a.value().attr("href")?))
        .collect();
    if !posts.is_empty() {
        c.ext.insert("post_links", json!(posts));
    }
    out.records.push(Record::Account(c));
    Ok(())
}

fn post_page(page: &Page<'_>, user: &str, post: &str, out: &mut Out) -> Result<(), String> {
    let root = page.root();
    out.era = Some("captured pages (2011-2019)");
    let author_name = meta(root, "og:title").map(|t| name_of(&t));
    let mut a = person(page, user, author_name);
    a.is_owner = true;
    let native = format!("{user}/posts/{post}");
    let mut p = page.post(NET, &native, &a.id);
    p.url = Some(format!("https://plus.google.com/{native}"));
    p.text = meta(root, "og:description").unwrap_or_default();
    // a post page captured signed out is a public post; one captured signed in
    // may be a limited one, which the page marks
    let shown = text(root);
    p.visibility = if shown.contains("Limited") || shown.contains("Shared privately") {
        Visibility::Private
    } else {
        Visibility::Public
    };
    if let Some(s) = meta(root, "datePublished").or_else(|| meta(root, "article:published_time")) {
        if let Some((t, canonical)) = Timestamp::parse(&s) {
            p.created_at = Some(t);
            if !canonical {
                p.raw_times.insert("created_at".into(), s);
            }
        }
    }
    if let Some(c) = first(root, "a[href*=\"/communities/\"]") {
        let name = text(c);
        p.community = Some(name).filter(|n| !n.is_empty());
    }
    out.image(
        meta(root, "og:image").and_then(|i| page.abs(&i)),
        &p.id,
        "content",
    );
    let data = ds3(page);
    if let Some(act) = data.as_ref().and_then(|d| d.get(1)).and_then(Value::as_str) {
        p.ext.insert("activity_id", json!(act));
    }
    p.ext.insert("kind", json!("post"));
    let post_id = p.id.clone();
    out.records.push(Record::Account(a));
    out.records.push(Record::Post(p));
    let comments = data
        .as_ref()
        .and_then(|d| d.get(0)?.get(0)?.as_array().cloned())
        .unwrap_or_default();
    for c in comments {
        if let Some((author, cp)) = comment(page, &c, &native, &post_id) {
            out.records.push(Record::Account(author));
            out.records.push(Record::Post(cp));
        }
    }
    Ok(())
}

/// The data of the page's `ds:3` callback.
fn ds3(page: &Page<'_>) -> Option<Value> {
    for s in all(page.root(), "script") {
        let t: String = s.text().collect();
        if !t.contains("AF_initDataCallback") {
            continue;
        }
        let compact: String = t.chars().filter(|c| !c.is_whitespace()).take(200).collect();
        if !compact.contains("key:'ds:3'") && !compact.contains("key:\"ds:3\"") {
            continue;
        }
        let i = t.find("data:")?;
        let j = t.get(i..)?.find('[')? + i;
        let mut it = serde_json::Deserializer::from_str(t.get(j..)?).into_iter::<Value>();
        if let Some(Ok(v)) = it.next() {
            return Some(v);
        }
    }
    None
}

/// One comment of the `ds:3` data.
fn comment(
    page: &Page<'_>,
    c: &Value,
    post_native: &str,
    post_id: &str,
) -> Option<(Account, Post)> {
    let key = c.get(0).map(|k| match k {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    })?;
    let f = c.get(2)?.get(&key)?;
    let full = f
        .get(4)
        .and_then(Value::as_str)
        .or_else(|| c.get(1)?.as_str())?;
    let cid = full.rsplit('#').next()?.to_string();
    let who = f.get(25);
    let user = who
        .and_then(|w| w.get(1))
        .and_then(Value::as_str)
        .or_else(|| f.get(6).and_then(Value::as_str))?
        .to_string();
    let name = who
        .and_then(|w| w.get(0))
        .and_then(Value::as_str)
        .or_else(|| f.get(1).and_then(Value::as_str))
        .map(str::to_string);
    let mut a = person(page, &user, name);
    a.avatar_url = who
        .and_then(|w| w.get(4))
        .and_then(Value::as_str)
        .and_then(|u| page.abs(u));
    let mut p = page.post(NET, &format!("{post_native}/comments/{cid}"), &a.id);
    p.reply_to = Some(post_id.to_string());
    if let Some(ms) = f.get(3).and_then(Value::as_i64) {
        // 2011-06-28 (launch) to 2019-04-03 (shutdown), in milliseconds
        if (1_309_000_000_000..1_555_000_000_000).contains(&ms) {
            p.created_at = Timestamp::from_millis(ms);
        }
    }
    if let Some(lang) = f.get(26).and_then(|l| l.get(0)).and_then(Value::as_str) {
        p.lang = Some(lang.to_string());
    }
    let segments = f.get(27).and_then(|b| b.get(0)).and_then(Value::as_array);
    for s in segments.into_iter().flatten() {
        match s.get(0).and_then(Value::as_i64) {
            Some(1) => p.text.push('\n'),
            Some(2) => {
                let t = s.get(1).and_then(Value::as_str).unwrap_or("");
                let url = s
                    .get(3)
                    .and_then(|d| d.get(0))
                    .and_then(Value::as_str)
                    .map(str::to_string);
                p.text.push_str(url.as_deref().unwrap_or(t));
                if let Some(url) = url {
                    p.links.push(Link {
                        url,
                        short_url: None,
                        display: Some(t.to_string()).filter(|t| !t.is_empty()),
                    });
                }
            }
            _ => p
                .text
                .push_str(s.get(1).and_then(Value::as_str).unwrap_or("")),
        }
    }
    p.ext.insert("kind", json!("comment"));
    p.ext.insert("comment_id", json!(full));
    if let Some(n) = f.get(15).and_then(|x| x.get(16)).and_then(Value::as_u64) {
        p.metrics.insert("plus_ones".into(), n);
    }
    Some((a, p))
}
