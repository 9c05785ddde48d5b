//! A post as the site shows it: the article with its gallery, its list entry, the
//! replies of a conversation.

use super::*;

fn lang_attr(p: &Post) -> String {
    p.lang
        .as_deref()
        .filter(|l| {
            !l.is_empty()
                && l.len() <= 35
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .map(|l| format!(" lang=\"{l}\""))
        .unwrap_or_default()
}

/// The network label every post carries.
fn net_badge(network: &str) -> String {
    format!(
        "<span class=\"net\" data-network=\"{}\">{}</span>",
        esc(network),
        esc(&network_label(network))
    )
}

/// What a post shares or quotes, as a line.
fn shares(ctx: &Ctx, p: &Post) -> String {
    let mut h = String::new();
    if let Some(r) = &p.repost_of {
        let who = p
            .repost_of_account
            .as_deref()
            .map(|a| format!(" by {}", esc(&ctx.account_label(a))))
            .unwrap_or_default();
        h.push_str(&format!(
            "<p>Shared a post{who}: {}</p>",
            crate::export::feeds::post_link(r)
        ));
    }
    if let Some(q) = &p.quote_of {
        h.push_str(&format!(
            "<p>Quoting {}</p>",
            crate::export::feeds::post_link(q)
        ));
    }
    h
}

/// The HTML of one post as an `<article>`: its words with their entities, its media
/// as a gallery (alt text under each picture), behind its content warning when it
/// has one.
pub(super) fn article(
    ctx: &Ctx,
    render: &Renderer,
    p: &Post,
    up: &str,
    media_paths: &HashMap<String, SiteMedia>,
    focus: bool,
    heading: &str,
) -> String {
    let s = esc(&slug(&p.id));
    let mut a = format!(
        "<article class=\"post{}\" aria-labelledby=\"h-{s}\"{}>\n",
        if focus { " focus" } else { "" },
        lang_attr(p)
    );
    let when = p
        .created_at
        .as_ref()
        .map(|t| {
            format!(
                "<time datetime=\"{}\">{}</time>",
                rfc3339(t),
                esc(&human_time(t))
            )
        })
        .unwrap_or_else(|| "undated".into());
    a.push_str(&format!(
        "<{heading} id=\"h-{s}\" class=\"meta\">{} {} · <a href=\"{up}posts/{s}.html\">{when}</a>{}</{heading}>\n",
        net_badge(&p.network),
        esc(&ctx.account_label(&p.author)),
        if p.visibility != Visibility::Public {
            format!("<span class=\"badge\">{}</span>", crate::export::select::vis_name(p.visibility))
        } else {
            String::new()
        }
    ));
    let mut inner = String::new();
    if let Some(t) = &p.title {
        inner.push_str(&format!("<h3>{}</h3>\n", esc(t)));
    }
    inner.push_str(&render.post(
        p,
        &|id: &str| ctx.accounts.get(id).and_then(|a| a.url.clone()),
        up,
    ));
    inner.push_str(&shares(ctx, p));
    let media = gallery(ctx, p, up, media_paths);
    match p
        .content_warning
        .as_deref()
        .filter(|c| !c.trim().is_empty())
    {
        Some(cw) => {
            a.push_str(&format!(
                "<details class=\"cw\"><summary><span class=\"cw-label\">Content warning:</span> {}</summary>\n{inner}{media}</details>\n",
                esc(cw)
            ));
        }
        None if p.sensitive == Some(true) && !media.is_empty() => {
            a.push_str(&inner);
            a.push_str(&format!(
                "<details class=\"cw\"><summary>Sensitive media</summary>\n{media}</details>\n"
            ));
        }
        None => {
            a.push_str(&inner);
            a.push_str(&media);
        }
    }
    if !p.tags.is_empty() {
        a.push_str("<p class=\"tags\">");
        for t in &p.tags {
            match render.pages().tags.get(&t.to_lowercase()) {
                Some(ts) => a.push_str(&format!(
                    "<a href=\"{up}tags/{}.html\">#{}</a>",
                    esc(ts),
                    esc(t)
                )),
                None => a.push_str(&format!("<span>#{}</span>", esc(t))),
            }
        }
        a.push_str("</p>\n");
    }
    match p.url.as_deref() {
        Some(u) if safe::is_link(u) => a.push_str(&format!(
            "<p class=\"meta\"><a href=\"{}\" rel=\"nofollow noopener noreferrer\">Original on {}</a></p>\n",
            esc(u),
            esc(&network_label(&p.network))
        )),
        // not http, https or mailto: shown as text, never a link
        Some(u) => a.push_str(&format!(
            "<p class=\"meta\">Original address (not a web link): <code>{}</code></p>\n",
            esc(u)
        )),
        None => {}
    }
    a.push_str("</article>\n");
    a
}

/// A post's media as a gallery: each picture a figure with its alt text as caption.
fn gallery(ctx: &Ctx, p: &Post, up: &str, media_paths: &HashMap<String, SiteMedia>) -> String {
    let mut media = String::new();
    let list = ctx.post_media(p);
    let n = list.len();
    for (i, (mid, m)) in list.into_iter().enumerate() {
        let given = m.alt.as_deref().filter(|a| !a.trim().is_empty());
        let alt = esc(&given.map(str::to_string).unwrap_or_else(|| {
            format!(
                "{} {} of {n} (no description in the archive)",
                kind_word(&m.kind),
                i + 1
            )
        }));
        let caption = given
            .map(|g| format!("<figcaption>{}</figcaption>", esc(g)))
            .unwrap_or_default();
        // shown inline only when its bytes are a picture, video or sound of a known
        // safe type (never by the kind or type the dump declared); anything else is
        // a download under a name that no browser runs
        match media_paths.get(mid) {
            Some(f) if f.show == Show::Image => media.push_str(&format!(
                "<figure><a href=\"{up}{0}\"><img src=\"{up}{0}\" alt=\"{alt}\" loading=\"lazy\"></a>{caption}</figure>",
                esc(&f.rel)
            )),
            Some(f) if f.show == Show::Video => media.push_str(&format!(
                "<figure><video controls preload=\"none\" src=\"{up}{}\" aria-label=\"{alt}\"></video>{caption}</figure>",
                esc(&f.rel)
            )),
            Some(f) if f.show == Show::Audio => media.push_str(&format!(
                "<figure><audio controls preload=\"none\" src=\"{up}{}\" aria-label=\"{alt}\"></audio>{caption}</figure>",
                esc(&f.rel)
            )),
            Some(f) => media.push_str(&format!(
                "<figure><a href=\"{up}{0}\" download=\"{1}\" type=\"application/octet-stream\">Download the {2} file ({1})</a>{caption}</figure>",
                esc(&f.rel),
                esc(f.rel.rsplit('/').next().unwrap_or("")),
                esc(&m.kind)
            )),
            None => media.push_str(&format!(
                "<figure class=\"missing\"><p class=\"meta\">({} not in the archive)</p>{caption}</figure>",
                esc(&m.kind),
            )),
        }
    }
    if media.is_empty() {
        media
    } else {
        format!("<div class=\"gallery\" data-count=\"{n}\">{media}</div>\n")
    }
}

fn kind_word(k: &str) -> &'static str {
    match k {
        "photo" | "image" => "Picture",
        "video" | "gif" | "animated_gif" => "Video",
        "audio" => "Sound",
        _ => "Attachment",
    }
}

/// A post's entry in a list (home, months, tags, its conversation): the network, the
/// author, the date, the excerpt (behind the content warning) and the thumbnails.
/// `up` is a placeholder ([`UP`]) when the entry is spooled.
pub(super) fn list_item(
    ctx: &Ctx,
    p: &Post,
    slug: &str,
    date: &str,
    excerpt: &str,
    media_paths: &HashMap<String, SiteMedia>,
    up: &str,
) -> String {
    let mut thumbs = String::new();
    let mut other = 0usize;
    let list = ctx.post_media(p);
    let n = list.len();
    for (i, (mid, m)) in list.into_iter().enumerate() {
        match media_paths.get(mid).and_then(|f| f.thumb.as_ref()) {
            Some((t, tw, th)) => {
                let alt = m
                    .alt
                    .as_deref()
                    .filter(|a| !a.trim().is_empty())
                    .map(str::to_string)
                    .unwrap_or_else(|| {
                        format!("Picture {} of {n} (no description in the archive)", i + 1)
                    });
                thumbs.push_str(&format!(
                    "<img src=\"{up}{}\" alt=\"{}\" width=\"{tw}\" height=\"{th}\" loading=\"lazy\">",
                    esc(t),
                    esc(&alt)
                ));
            }
            None => other += 1,
        }
    }
    let mut media = String::new();
    if !thumbs.is_empty() {
        let a = format!(
            "<a class=\"thumbs\" href=\"{up}posts/{}.html\">{thumbs}</a>",
            esc(slug)
        );
        // sensitive media stay behind a disclosure, as on the post's page (a content
        // warning already hides the whole entry)
        if p.sensitive == Some(true)
            && p.content_warning
                .as_deref()
                .is_none_or(|c| c.trim().is_empty())
        {
            media.push_str(&format!(
                "<details class=\"cw\"><summary>Sensitive media</summary>{a}</details>"
            ));
        } else {
            media.push_str(&a);
        }
    }
    if other > 0 || (n == 0 && !p.media.is_empty()) {
        let k = other.max(p.media.len().saturating_sub(n));
        media.push_str(&format!(
            "<p class=\"meta\">{k} attachment{} (on the post's page)</p>",
            if k == 1 { "" } else { "s" }
        ));
    }
    let words = format!("<p>{}</p>{media}", esc(excerpt));
    let content = match p.content_warning.as_deref().filter(|c| !c.trim().is_empty()) {
        Some(cw) => format!(
            "<details class=\"cw\"><summary><span class=\"cw-label\">Content warning:</span> {}</summary>{words}</details>",
            esc(cw)
        ),
        None => words,
    };
    format!(
        "<li><article class=\"post\"{}><h3 class=\"meta\">{} {} · <a href=\"{up}posts/{}.html\">{}</a></h3>{content}</article></li>\n",
        lang_attr(p),
        net_badge(&p.network),
        esc(&ctx.account_label(&p.author)),
        esc(slug),
        esc(date),
    )
}

/// The list's short form of a post: the text with its short links expanded, or what
/// it shares (the content warning is shown apart, as the disclosure's summary).
pub(super) fn excerpt(p: &Post) -> String {
    let mut text = p.text.clone();
    for l in &p.links {
        if let Some(short) = l.short_url.as_deref().filter(|s| !s.is_empty()) {
            if safe::is_link(&l.url) && text.contains(short) {
                text = text.replace(short, &l.url);
            }
        }
    }
    if text.trim().is_empty() {
        text = match (&p.repost_of, &p.quote_of) {
            (Some(r), _) => format!(
                "Shared {}",
                crate::export::ids::web_url_of(r)
                    .unwrap_or_else(|| crate::export::ids::iri_of(r, None))
            ),
            (_, Some(q)) => format!(
                "Quoted {}",
                crate::export::ids::web_url_of(q)
                    .unwrap_or_else(|| crate::export::ids::iri_of(q, None))
            ),
            _ if !p.media.is_empty() => "(media only)".to_string(),
            _ => "(no text)".to_string(),
        };
    }
    snippet(&text, 280)
}

/// The replies under post `at`, nested, each its list entry from the spool.
pub(super) fn replies_tree<'a>(
    spool: &Spool,
    entries: &[Entry],
    children: &dyn Fn(usize) -> &'a [(u32, u32)],
    at: usize,
    seen: &mut HashSet<usize>,
) -> Result<String> {
    let mut s = String::from("<ol class=\"replies\">\n");
    seen.insert(at);
    for &(_, k) in children(at) {
        let k = k as usize;
        // replies whose parents loop are shown once
        if !seen.insert(k) {
            continue;
        }
        let Some(e) = entries.get(k) else { continue };
        let inner = spool.get(e, "../")?;
        s.push_str(inner.trim_end().trim_end_matches("</li>"));
        if seen.len() < 10_000 && !children(k).is_empty() {
            s.push_str(&replies_tree(spool, entries, children, k, seen)?);
        }
        s.push_str("</li>\n");
    }
    s.push_str("</ol>\n");
    Ok(s)
}
