//! ActivityStreams 2.0: a JSON-LD outbox, and the Mastodon-compatible account archive
//! (a zip of `actor.json`, `outbox.json`, `likes.json`, `bookmarks.json`,
//! `media_attachments/…` and Mastodon's import CSVs).

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::Path;

use serde_json::{json, Value};

use super::feeds::{body_html, post_losses};
use super::safe::{link, web};
use super::text::rfc3339;
use super::{clear, create, iri_of, native, post_iri, Book, Ctx, MediaLite};
use crate::error::{Error, Result};
use crate::model::{Kind, Post, Record, Visibility};

const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

fn w(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::io(path, e)
}

/// The actor IRI of the owner (its ActivityPub id when the archive has one).
fn actor_iri(ctx: &Ctx) -> String {
    match &ctx.owner {
        Some(o) => o
            .ext
            .get_str("id")
            .filter(|u| web(u).is_some())
            .unwrap_or_else(|| iri_of(&o.id, o.url.as_deref())),
        None => super::tag_uri("owner"),
    }
}

fn account_iri(ctx: &Ctx, id: &str) -> String {
    iri_of(id, ctx.accounts.get(id).and_then(|a| a.url.as_deref()))
}

/// The owner as an AS2 `Person`.
fn actor_object(ctx: &Ctx, icon: Option<&str>) -> Value {
    let id = actor_iri(ctx);
    let mut a = json!({"id": id, "type": "Person"});
    if let Some(o) = &ctx.owner {
        if let Some(h) = &o.handle {
            a["preferredUsername"] = json!(h.split('@').next().unwrap_or(h));
        }
        a["name"] = json!(ctx.owner_name());
        if let Some(b) = &o.bio {
            a["summary"] = json!(super::text::text_html(b));
        }
        if let Some(u) = o.url.as_deref().and_then(link) {
            a["url"] = json!(u);
        }
        if let Some(t) = &o.created_at {
            a["published"] = json!(rfc3339(t));
        }
        if let Some(p) = o.protected {
            a["manuallyApprovesFollowers"] = json!(p);
        }
    }
    a["followers"] = json!(followers_iri(ctx));
    if let Some(i) = icon {
        a["icon"] = json!({"type": "Image", "url": i});
    }
    a
}

fn followers_iri(ctx: &Ctx) -> String {
    ctx.owner
        .as_ref()
        .and_then(|o| o.ext.get_str("followers"))
        .filter(|u| web(u).is_some())
        .unwrap_or_else(|| format!("{}/followers", actor_iri(ctx)))
}

/// Addressing by visibility (Mastodon's mapping).
fn addressing(ctx: &Ctx, p: &Post) -> (Vec<String>, Vec<String>) {
    let f = followers_iri(ctx);
    let mentioned: Vec<String> = p
        .mentions
        .iter()
        .filter_map(|m| m.account.as_deref().map(|a| account_iri(ctx, a)))
        .collect();
    match p.visibility {
        Visibility::Public => (vec![PUBLIC.into()], [vec![f], mentioned].concat()),
        Visibility::Unlisted => (vec![f], [vec![PUBLIC.into()], mentioned].concat()),
        Visibility::Followers => (vec![f], mentioned),
        _ => (mentioned, vec![]),
    }
}

/// Where an attachment is published, and its type: `(URL, MIME type)`, or why it is
/// not.
type MediaUrl<'a> =
    dyn FnMut(&str, &MediaLite) -> std::result::Result<(String, String), String> + 'a;

/// One post as a `Create` (or `Announce` for a repost) activity. `media_url` gives the
/// URL and type of each media item, or why it has none (then it is counted lost).
fn activity(ctx: &Ctx, p: &Post, book: &mut Book, media_url: &mut MediaUrl, fmt: &str) -> Value {
    let id = post_iri(p);
    let actor = if Some(&p.author) == ctx.owner.as_ref().map(|o| &o.id) {
        actor_iri(ctx)
    } else {
        account_iri(ctx, &p.author)
    };
    let (to, cc) = addressing(ctx, p);
    let published = p.created_at.as_ref().map(rfc3339);
    let act_id = if id.starts_with("http") {
        format!("{id}/activity")
    } else {
        format!("{id}#activity")
    };
    if let Some(r) = &p.repost_of {
        let mut cc = cc;
        if let Some(a) = &p.repost_of_account {
            cc.push(account_iri(ctx, a));
        }
        book.wrote(Kind::Post);
        return json!({
            "id": act_id, "type": "Announce", "actor": actor, "published": published,
            "to": to, "cc": cc, "object": iri_of(r, None),
        });
    }
    let mut note = json!({
        "id": id,
        "type": if p.title.is_some() { "Article" } else { "Note" },
        "summary": p.content_warning,
        "inReplyTo": p.reply_to.as_deref().map(|r| iri_of(r, None)),
        "published": published,
        "attributedTo": actor,
        "to": to, "cc": cc,
        "sensitive": p.sensitive.unwrap_or(false) || p.content_warning.is_some(),
        "content": body_html(ctx, p),
    });
    if let Some(t) = &p.title {
        note["name"] = json!(t);
    }
    if let Some(u) = p.url.as_deref().and_then(link) {
        note["url"] = json!(u);
    }
    if let Some(l) = &p.lang {
        note["contentMap"] = json!({ l.as_str(): body_html(ctx, p) });
    }
    if let Some(t) = &p.edited_at {
        note["updated"] = json!(rfc3339(t));
    }
    if let Some(q) = &p.quote_of {
        note["quoteUri"] = json!(iri_of(q, None));
    }
    let mut tags = Vec::new();
    for t in &p.tags {
        tags.push(json!({"type": "Hashtag", "name": format!("#{t}")}));
    }
    for m in &p.mentions {
        let mut v = json!({"type": "Mention", "name": format!("@{}", m.handle)});
        if let Some(a) = &m.account {
            v["href"] = json!(account_iri(ctx, a));
        }
        tags.push(v);
    }
    if !tags.is_empty() {
        note["tag"] = Value::Array(tags);
    }
    let mut atts = Vec::new();
    for (mid, m) in ctx.post_media(p) {
        match media_url(mid, m) {
            Ok((u, mime)) => {
                atts.push(json!({
                    "type": "Document", "mediaType": mime, "url": u,
                    "name": m.alt,
                }));
                book.wrote(Kind::Media);
            }
            Err(why) => book.lost(Kind::Media, format!("{fmt}: {why}")),
        }
    }
    if !atts.is_empty() {
        note["attachment"] = Value::Array(atts);
    }
    post_losses(p, book, fmt);
    book.wrote(Kind::Post);
    json!({
        "id": act_id, "type": "Create", "actor": actor, "published": published,
        "to": note["to"].clone(), "cc": note["cc"].clone(), "object": note,
    })
}

/// Write an ActivityStreams 2.0 outbox (one JSON-LD file).
pub(crate) fn outbox(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
    clear(out)?;
    let mut f = create(out)?;
    let head = json!({
        "@context": [
            "https://www.w3.org/ns/activitystreams",
            {"sensitive": "as:sensitive",
             "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
             "quoteUri": {"@id": "http://fedibird.com/ns#quoteUri", "@type": "@id"}}
        ],
        "id": format!("{}/outbox", actor_iri(ctx)),
        "type": "OrderedCollection",
        "attributedTo": actor_object(ctx, None),
    });
    let h = serde_json::to_string(&head).unwrap_or_default();
    f.write_all(h.trim_end_matches('}').as_bytes())
        .map_err(w(out))?;
    f.write_all(b",\"orderedItems\":[\n").map_err(w(out))?;
    let mut n = 0u64;
    ctx.each_post(book, |p, book| {
        let a = activity(
            ctx,
            &p,
            book,
            &mut |_, m| {
                m.web_url()
                    .map(|u| (u.to_string(), m.mime_or_default()))
                    .ok_or_else(|| "no public URL for the attachment".to_string())
            },
            "ActivityStreams",
        );
        if n > 0 {
            f.write_all(b",\n").map_err(w(out))?;
        }
        n += 1;
        f.write_all(serde_json::to_string(&a).unwrap_or_default().as_bytes())
            .map_err(w(out))
    })?;
    f.write_all(format!("\n],\"totalItems\":{n}}}\n").as_bytes())
        .map_err(w(out))?;
    f.flush().map_err(w(out))?;
    // likes and bookmarks: not in an outbox
    ctx.count_unexpressed(
        book,
        &[Kind::Relationship, Kind::Reaction, Kind::Conversation],
        "an ActivityStreams outbox holds only the account's own activities",
    )?;
    Ok(())
}

/// A JSON value from the dump with every string that is not an `http(s)` URL taken
/// out (the URL policy, for the actor's collections and endpoints); `None` when
/// nothing is left. Booleans and numbers stay.
fn web_only(v: Value) -> Option<Value> {
    match v {
        Value::String(s) => web(&s).is_some().then_some(Value::String(s)),
        Value::Array(a) => {
            let a: Vec<Value> = a.into_iter().filter_map(web_only).collect();
            (!a.is_empty()).then_some(Value::Array(a))
        }
        Value::Object(o) => {
            let o: serde_json::Map<String, Value> = o
                .into_iter()
                .filter_map(|(k, v)| web_only(v).map(|v| (k, v)))
                .collect();
            (!o.is_empty()).then_some(Value::Object(o))
        }
        Value::Null => None,
        other => Some(other),
    }
}

/// A fediverse address `user@domain` for an account, when the archive knows one.
fn address(ctx: &Ctx, id: &str) -> Option<String> {
    let a = ctx.accounts.get(id);
    let net = a
        .map(|a| a.network.as_str())
        .unwrap_or_else(|| id.split(':').next().unwrap_or(""));
    let fedi = matches!(
        net,
        "mastodon" | "pleroma" | "akkoma" | "misskey" | "gotosocial" | "fediverse" | "pixelfed"
    );
    if !fedi {
        return None;
    }
    let handle = a
        .and_then(|a| a.handle.clone())
        .unwrap_or_else(|| native(id).to_string());
    let h = handle.trim_start_matches('@');
    if h.contains('@') && h.split('@').all(|x| !x.is_empty()) {
        return Some(h.to_string());
    }
    // https://host/@user
    let url = a.and_then(|a| a.url.as_deref())?;
    let rest = url.strip_prefix("https://")?;
    let (host, path) = rest.split_once('/')?;
    let user = path.strip_prefix('@')?.trim_end_matches('/');
    (!user.is_empty() && !user.contains('/')).then(|| format!("{user}@{host}"))
}

/// A CSV line (RFC 4180 quoting, `\n`).
fn csv_line(cells: &[&str]) -> String {
    let mut s = cells
        .iter()
        .map(|c| {
            let c = super::text::neutral(c);
            if c.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    s.push('\n');
    s
}

/// Write the Mastodon-compatible archive (a zip).
pub(crate) fn mastodon(ctx: &Ctx, out: &Path, book: &mut Book) -> Result<()> {
    clear(out)?;
    let outbox_tmp = out.with_extension("outbox.tmp");
    let mut media_files: Vec<(String, std::path::PathBuf)> = Vec::new();
    let mut seen_media = BTreeSet::new();
    {
        let mut f = create(&outbox_tmp)?;
        let head = json!({
            "@context": [
                "https://www.w3.org/ns/activitystreams",
                {"ostatus": "http://ostatus.org#", "atomUri": "ostatus:atomUri",
                 "sensitive": "as:sensitive", "Hashtag": "as:Hashtag",
                 "toot": "http://joinmastodon.org/ns#",
                 "quoteUri": {"@id": "http://fedibird.com/ns#quoteUri", "@type": "@id"}}
            ],
            "id": "outbox.json",
            "type": "OrderedCollection",
        });
        let h = serde_json::to_string(&head).unwrap_or_default();
        f.write_all(h.trim_end_matches('}').as_bytes())
            .map_err(w(&outbox_tmp))?;
        f.write_all(b",\"orderedItems\":[\n")
            .map_err(w(&outbox_tmp))?;
        let mut n = 0u64;
        let res = ctx.each_post(book, |p, book| {
            let a = activity(
                ctx,
                &p,
                book,
                &mut |mid, m| {
                    let file = ctx
                        .media_file(m)
                        .ok_or_else(|| "no file for the attachment".to_string())?;
                    // cleaned now to learn its type (and again when it is zipped)
                    let out = match ctx.outgoing(&file) {
                        Ok(Ok(o)) => o,
                        Ok(Err(why)) => return Err(why),
                        Err(e) => return Err(format!("the file could not be read ({e})")),
                    };
                    let ext = out.ext;
                    let digits: String = super::text::slug(mid)
                        .chars()
                        .filter(|c| c.is_ascii_hexdigit())
                        .collect();
                    let name = format!(
                        "media_attachments/files/{}/original/{}.{ext}",
                        group3(&digits),
                        m.path
                            .as_deref()
                            .and_then(|p| p.rsplit('/').next())
                            .and_then(|f| f.split('.').next())
                            .unwrap_or("file")
                    );
                    if seen_media.insert(name.clone()) {
                        media_files.push((name.clone(), file));
                    }
                    Ok((name, out.mime.to_string()))
                },
                "the Mastodon archive",
            );
            if n > 0 {
                f.write_all(b",\n").map_err(w(&outbox_tmp))?;
            }
            n += 1;
            f.write_all(serde_json::to_string(&a).unwrap_or_default().as_bytes())
                .map_err(w(&outbox_tmp))
        });
        if let Err(e) = res {
            let _ = std::fs::remove_file(&outbox_tmp);
            return Err(e);
        }
        f.write_all(format!("\n],\"totalItems\":{n}}}\n").as_bytes())
            .map_err(w(&outbox_tmp))?;
        f.flush().map_err(w(&outbox_tmp))?;
    }
    let res = write_zip(ctx, out, &outbox_tmp, &media_files, book);
    let _ = std::fs::remove_file(&outbox_tmp);
    res
}

fn group3(digits: &str) -> String {
    let d: String = if digits.is_empty() {
        "000".into()
    } else {
        digits.into()
    };
    d.as_bytes()
        .chunks(3)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn write_zip(
    ctx: &Ctx,
    out: &Path,
    outbox_tmp: &Path,
    media_files: &[(String, std::path::PathBuf)],
    book: &mut Book,
) -> Result<()> {
    use zip::write::SimpleFileOptions;
    let file = std::fs::File::create(out).map_err(w(out))?;
    let mut z = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let opt = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let zerr = |e: zip::result::ZipError| Error::Container {
        path: out.display().to_string(),
        message: e.to_string(),
    };
    let put = |z: &mut zip::ZipWriter<_>, name: &str, data: &[u8]| -> Result<()> {
        z.start_file(name, opt).map_err(zerr)?;
        z.write_all(data).map_err(w(out))
    };
    for (name, src) in media_files {
        let f = match ctx.outgoing(src)? {
            Ok(f) => f,
            Err(why) => {
                return Err(Error::Container {
                    path: src.display().to_string(),
                    message: format!("changed during the export: {why}"),
                })
            }
        };
        z.start_file(name.as_str(), opt).map_err(zerr)?;
        f.write_to(&mut z, out)?;
    }
    // outbox.json, copied from the scratch file
    z.start_file("outbox.json", opt).map_err(zerr)?;
    let mut src = std::fs::File::open(outbox_tmp).map_err(w(outbox_tmp))?;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = src.read(&mut buf).map_err(w(outbox_tmp))?;
        if n == 0 {
            break;
        }
        z.write_all(&buf[..n]).map_err(w(out))?;
    }
    // reactions: likes, bookmarks
    let mut likes = Vec::new();
    let mut bookmarks = Vec::new();
    for r in ctx.archive.records(Kind::Reaction)? {
        let Record::Reaction(r) = r? else { continue };
        if !ctx.filter.in_network(&r.network) {
            continue;
        }
        let iri = iri_of(&r.target, r.target_url.as_deref());
        match r.kind.as_str() {
            "like" | "favourite" | "favorite" => {
                likes.push(iri);
                book.wrote(Kind::Reaction);
            }
            "bookmark" => {
                bookmarks.push(iri);
                book.wrote(Kind::Reaction);
            }
            k => book.lost(
                Kind::Reaction,
                format!("a Mastodon archive has no place for {k} reactions"),
            ),
        }
    }
    for (name, list) in [("likes.json", &likes), ("bookmarks.json", &bookmarks)] {
        let v = json!({
            "@context": "https://www.w3.org/ns/activitystreams", "id": name,
            "type": "OrderedCollection", "totalItems": list.len(), "orderedItems": list,
        });
        put(
            &mut z,
            name,
            serde_json::to_string_pretty(&v)
                .unwrap_or_default()
                .as_bytes(),
        )?;
    }
    let mut bm_csv = String::new();
    for b in &bookmarks {
        if b.starts_with("http") {
            bm_csv.push_str(&csv_line(&[b]));
        }
    }
    // avatar.<ext>, header.<ext>, named in actor.json
    let mut actor = actor_object(ctx, None);
    for (role, m) in &ctx.profile_images {
        let Some(src) = ctx.media_file(m) else {
            continue;
        };
        let Some(f) = ctx.prepare_media(&src, book)? else {
            continue;
        };
        if f.show != super::strip::Show::Image {
            book.lost(
                Kind::Media,
                "a profile image that is not a picture Mastodon shows is not published",
            );
            continue;
        }
        let name = format!("{role}.{}", f.ext);
        z.start_file(name.as_str(), opt).map_err(zerr)?;
        f.write_to(&mut z, out)?;
        let key = if role == "avatar" { "icon" } else { "image" };
        actor[key] = json!({"type": "Image", "mediaType": f.mime, "url": name});
        book.wrote(Kind::Media);
    }
    actor["@context"] = json!([
        "https://www.w3.org/ns/activitystreams",
        {"manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
         "toot": "http://joinmastodon.org/ns#",
         "featured": {"@id": "toot:featured", "@type": "@id"},
         "featuredTags": {"@id": "toot:featuredTags", "@type": "@id"},
         "alsoKnownAs": {"@id": "as:alsoKnownAs", "@type": "@id"},
         "discoverable": "toot:discoverable", "indexable": "toot:indexable"}
    ]);
    // the actor's own collections and endpoints, as the archive kept them
    if let Some(o) = &ctx.owner {
        for key in [
            "inbox",
            "following",
            "featured",
            "featuredTags",
            "endpoints",
            "alsoKnownAs",
            "discoverable",
            "indexable",
        ] {
            if let Some(v) = o
                .ext
                .get_json(key)
                .and_then(|j| serde_json::from_str::<Value>(j).ok())
                .and_then(web_only)
            {
                actor[key] = v;
            }
        }
    }
    actor["outbox"] = json!("outbox.json");
    actor["likes"] = json!("likes.json");
    actor["bookmarks"] = json!("bookmarks.json");
    put(
        &mut z,
        "actor.json",
        serde_json::to_string_pretty(&actor)
            .unwrap_or_default()
            .as_bytes(),
    )?;
    // the import CSVs
    let mut following = String::from("Account address,Show boosts,Notify on new posts,Languages\n");
    let mut blocked = String::new();
    let mut muted = String::from("Account address,Hide notifications\n");
    let mut domains = String::new();
    let mut lists = String::new();
    let mut unmapped =
        String::from("Relationship,Network,Account,Handle,Display name,Profile URL\n");
    for r in ctx.archive.records(Kind::Relationship)? {
        let Record::Relationship(r) = r? else {
            continue;
        };
        if !ctx.filter.in_network(&r.network) {
            continue;
        }
        let (target, kind) = match r.kind.as_str() {
            "following" | "block" | "mute" if ctx.is_owner(&r.subject) => {
                (r.object.clone(), r.kind.as_str())
            }
            "domain_block" => {
                domains.push_str(&csv_line(&[&r.object]));
                book.wrote(Kind::Relationship);
                continue;
            }
            "list_member" => (r.subject.clone(), "list_member"),
            "follower" => {
                book.lost(
                    Kind::Relationship,
                    "followers cannot be imported into Mastodon (they have to follow again)",
                );
                continue;
            }
            k => {
                book.lost(
                    Kind::Relationship,
                    format!("Mastodon's import has no place for {k} relationships"),
                );
                continue;
            }
        };
        let Some(addr) = address(ctx, &target) else {
            let a = ctx.accounts.get(&target).cloned().unwrap_or_default();
            unmapped.push_str(&csv_line(&[
                kind,
                if a.network.is_empty() {
                    &r.network
                } else {
                    &a.network
                },
                &target,
                a.handle.as_deref().unwrap_or(""),
                a.display_name.as_deref().unwrap_or(""),
                a.url.as_deref().unwrap_or(""),
            ]));
            book.lost(
                Kind::Relationship,
                "no fediverse address known (listed in unmapped_accounts.csv)",
            );
            continue;
        };
        match kind {
            "following" => following.push_str(&csv_line(&[&addr, "true", "false", ""])),
            "block" => blocked.push_str(&csv_line(&[&addr])),
            "mute" => muted.push_str(&csv_line(&[&addr, "true"])),
            _ => {
                let title = r
                    .ext
                    .get_str("list")
                    .unwrap_or_else(|| native(&r.object).to_string());
                lists.push_str(&csv_line(&[&title, &addr]));
            }
        }
        book.wrote(Kind::Relationship);
    }
    for (name, body) in [
        ("following_accounts.csv", &following),
        ("blocked_accounts.csv", &blocked),
        ("muted_accounts.csv", &muted),
        ("blocked_domains.csv", &domains),
        ("lists.csv", &lists),
        ("bookmarks.csv", &bm_csv),
        ("unmapped_accounts.csv", &unmapped),
    ] {
        put(&mut z, name, body.as_bytes())?;
    }
    z.finish().map_err(zerr)?;
    ctx.count_unexpressed(
        book,
        &[Kind::Conversation],
        "a Mastodon archive has no place for conversations",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_collections_keep_only_web_urls() {
        let v = json!({
            "sharedInbox": "javascript:alert(1)",
            "oauth": "https://h.example/oauth",
            "list": ["data:text/html,x", "https://old.example/users/r"],
        });
        assert_eq!(
            web_only(v),
            Some(
                json!({"oauth": "https://h.example/oauth", "list": ["https://old.example/users/r"]})
            )
        );
        assert_eq!(web_only(json!("vbscript:x")), None);
        assert_eq!(web_only(json!(true)), Some(json!(true)));
    }
}
