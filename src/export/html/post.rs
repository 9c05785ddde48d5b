//! A post as the site shows it: the article, its excerpt, the thread of replies.

use super::*;

/// The HTML of one post as an `<article>` (the full text).
pub(super) fn article(
    ctx: &Ctx,
    p: &Post,
    up: &str,
    media_paths: &HashMap<String, SiteMedia>,
    focus: bool,
    heading: &str,
) -> String {
    let lang = p
        .lang
        .as_deref()
        .filter(|l| {
            !l.is_empty()
                && l.len() <= 35
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .map(|l| format!(" lang=\"{l}\""))
        .unwrap_or_default();
    let mut a = format!(
        "<article class=\"post{}\" aria-labelledby=\"h-{}\"{lang}>\n",
        if focus { " focus" } else { "" },
        esc(&slug(&p.id))
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
        "<{heading} id=\"h-{}\" class=\"meta\">{} · <a href=\"{up}posts/{}.html\">{when}</a>{}</{heading}>\n",
        esc(&slug(&p.id)),
        esc(&ctx.account_label(&p.author)),
        esc(&slug(&p.id)),
        if p.visibility != Visibility::Public {
            format!("<span class=\"badge\">{}</span>", crate::export::select::vis_name(p.visibility))
        } else {
            String::new()
        }
    ));
    if let Some(t) = &p.title {
        a.push_str(&format!("<h3>{}</h3>\n", esc(t)));
    }
    a.push_str(&body_html(ctx, p));
    let mut media = String::new();
    for (mid, m) in ctx.post_media(p) {
        let alt = esc(m.alt.as_deref().unwrap_or(""));
        // shown inline only when its bytes are a picture, video or sound of a known
        // safe type (never by the kind or type the dump declared); anything else is
        // a download under a name that no browser runs
        match media_paths.get(mid) {
            Some(f) if f.show == Show::Image => media.push_str(&format!(
                "<a href=\"{up}{0}\"><img src=\"{up}{0}\" alt=\"{alt}\" loading=\"lazy\"></a>",
                esc(&f.rel)
            )),
            Some(f) if f.show == Show::Video => media.push_str(&format!(
                "<video controls preload=\"none\" src=\"{up}{}\" aria-label=\"{alt}\"></video>",
                esc(&f.rel)
            )),
            Some(f) if f.show == Show::Audio => media.push_str(&format!(
                "<audio controls preload=\"none\" src=\"{up}{}\" aria-label=\"{alt}\"></audio>",
                esc(&f.rel)
            )),
            Some(f) => media.push_str(&format!(
                "<a href=\"{up}{0}\" download=\"{1}\" type=\"application/octet-stream\">Download the {2} file ({1})</a>",
                esc(&f.rel),
                esc(f.rel.rsplit('/').next().unwrap_or("")),
                esc(&m.kind)
            )),
            None => media.push_str(&format!(
                "<p class=\"meta\">({} not in the archive{})</p>",
                esc(&m.kind),
                if alt.is_empty() {
                    String::new()
                } else {
                    format!(": {alt}")
                }
            )),
        }
    }
    if !media.is_empty() {
        a.push_str(&format!("<div class=\"media\">{media}</div>\n"));
    }
    if !p.tags.is_empty() {
        a.push_str("<p class=\"tags\">");
        for t in &p.tags {
            a.push_str(&format!(
                "<a href=\"{up}tags/{}.html\">#{}</a>",
                esc(&tag_slug(t)),
                esc(t)
            ));
        }
        a.push_str("</p>\n");
    }
    match p.url.as_deref() {
        Some(u) if safe::is_link(u) => a.push_str(&format!(
            "<p class=\"meta\"><a href=\"{}\" rel=\"nofollow noopener noreferrer\">Original</a></p>\n",
            esc(u)
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

pub(super) fn summary_html(s: &Summary, up: &str) -> String {
    format!(
        "<li><article class=\"post\"><h3 class=\"meta\">{} · <a href=\"{up}posts/{}.html\">{}</a>{}</h3><p>{}</p></article></li>\n",
        esc(&s.author),
        esc(&s.slug),
        esc(&s.date),
        if s.media > 0 {
            format!(" · {} media", s.media)
        } else {
            String::new()
        },
        esc(&s.excerpt)
    )
}

/// The timeline's short form of a post: the content warning, the text, or what it
/// shares.
pub(super) fn excerpt(p: &Post) -> String {
    let cw = p
        .content_warning
        .as_deref()
        .map(|c| format!("CW: {c} — "))
        .unwrap_or_default();
    let mut text = p.text.clone();
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
    snippet(&format!("{cw}{text}"), 280)
}

pub(super) fn replies_tree(
    sums: &[Summary],
    children: &HashMap<usize, Vec<usize>>,
    at: usize,
    seen: &mut std::collections::HashSet<usize>,
) -> String {
    let mut s = String::from("<ol class=\"replies\">\n");
    seen.insert(at);
    if let Some(kids) = children.get(&at) {
        for &k in kids {
            // replies whose parents loop are shown once
            if !seen.insert(k) {
                continue;
            }
            let inner = summary_html(&sums[k], "../");
            s.push_str(inner.trim_end().trim_end_matches("</li>"));
            if seen.len() < 10_000 && children.contains_key(&k) {
                s.push_str(&replies_tree(sums, children, k, seen));
            }
            s.push_str("</li>\n");
        }
    }
    s.push_str("</ol>\n");
    s
}
