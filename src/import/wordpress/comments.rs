//! `<wp:comment>`: an item's comments, threaded by `comment_parent`.

use super::*;

impl WordPress {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn comments(
        &mut self,
        item: &Node,
        post_native: &str,
        post_id: &str,
        post_url: Option<&str>,
        entry: &str,
        index: u64,
        cx: &mut Context,
    ) -> Result<()> {
        let cids: HashSet<&str> = item
            .all("comment")
            .filter_map(|c| c.text_ns(Ns::Wp, "comment_id"))
            .collect();
        // comment id → the record id a lifeboat WXR gives it
        let given: std::collections::HashMap<&str, String> = item
            .all("comment")
            .filter_map(|c| {
                let id = given_id(meta_of(c, "commentmeta", "_lifeboat_id"), Kind::Post)?;
                Some((c.text_ns(Ns::Wp, "comment_id")?, id))
            })
            .collect();
        for (ci, c) in item.all("comment").enumerate() {
            let loc = format!("{entry}#item{index}/comment{ci}");
            let Some(cid) = c.text_ns(Ns::Wp, "comment_id") else {
                cx.report
                    .skipped(Kind::Post, "wp:comment without wp:comment_id", loc);
                continue;
            };
            let (_, id) = match given.get(cid) {
                Some(g) if self.ids.insert(g.clone()) => (String::new(), g.clone()),
                _ => self.claim(
                    Kind::Post,
                    format!("{post_native}/comment-{cid}"),
                    &loc,
                    "an earlier comment of the same item has the same wp:comment_id",
                    cx,
                ),
            };
            let ctype = c.text_ns(Ns::Wp, "comment_type").unwrap_or("").to_string();
            let linkback = matches!(ctype.as_str(), "pingback" | "trackback" | "webmention");
            let name = c.text_ns(Ns::Wp, "comment_author").map(decode);
            let url = c
                .text_ns(Ns::Wp, "comment_author_url")
                .map(str::to_string)
                .filter(|u| u != "http://");
            let user = c
                .text_ns(Ns::Wp, "comment_user_id")
                .filter(|u| *u != "0")
                .and_then(|u| self.author_ids.iter().find(|(i, _)| i == u))
                .map(|(_, l)| l.clone());
            let given_author =
                given_id(meta_of(c, "commentmeta", "_lifeboat_author"), Kind::Account);
            let author = if let Some(login) = user {
                self.author_of(Some(&login), entry)
            } else if let Some(aid) = given_author {
                // a commenter of another network, named by its record id
                let mut a = blog::account(NET, "", Source::at(entry, index));
                a.network = network_of(&aid);
                a.id = aid.clone();
                a.display_name = name.clone();
                a.url = url.clone();
                self.accounts.stub(a);
                aid
            } else {
                // a guest: a site for linkbacks, a name (and URL) for people
                let key = if linkback {
                    format!(
                        "site/{}",
                        url.as_deref()
                            .and_then(blog::host_of)
                            .unwrap_or("unknown")
                            .to_ascii_lowercase()
                    )
                } else {
                    format!("guest/{}", name.as_deref().unwrap_or("anonymous"))
                };
                let mut a = blog::account(NET, &self.native(&key), Source::at(entry, index));
                a.display_name = if linkback {
                    url.as_deref().and_then(blog::host_of).map(str::to_string)
                } else {
                    name.clone()
                };
                a.url = if linkback {
                    url.as_deref()
                        .and_then(|u| Some((u.split_once("://")?.0, blog::host_of(u)?)))
                        .map(|(scheme, host)| format!("{scheme}://{host}/"))
                } else {
                    url.clone()
                };
                let aid = a.id.clone();
                self.accounts.stub(a);
                aid
            };
            let mut p = Post {
                network: network_of(&id),
                id,
                author,
                source: Source {
                    entry: entry.to_string(),
                    index: Some(index),
                    pointer: Some(format!("/comment/{ci}")),
                    ..Source::default()
                },
                ..Post::default()
            };
            let (t, raw) = blog::time(c.text_ns(Ns::Wp, "comment_date_gmt"));
            p.created_at = t;
            if let Some(raw) = raw {
                p.raw_times.insert("created_at".into(), raw);
            }
            if p.created_at.is_none() {
                if let (Some(t), _) = blog::time(c.text_ns(Ns::Wp, "comment_date")) {
                    p.created_at = Some(t);
                    if let Some(l) = c.text_ns(Ns::Wp, "comment_date") {
                        p.raw_times
                            .insert("created_at".into(), format!("{l} (site local time)"));
                    }
                }
            }
            let content = c
                .child_ns(Ns::Wp, "comment_content")
                .map(|x| x.text.trim().to_string())
                .unwrap_or_default();
            set_body(&mut p, content);
            let approved = c.text_ns(Ns::Wp, "comment_approved").unwrap_or("1");
            (p.visibility, p.status) = match approved {
                "1" | "approve" | "approved" => (Visibility::Public, None),
                "0" | "hold" => (Visibility::Private, Some("pending".into())),
                "spam" => (Visibility::Private, Some("spam".into())),
                "trash" | "post-trashed" => (Visibility::Private, Some("trashed".into())),
                _ => (Visibility::Private, None),
            };
            let mut ext = Ext::default();
            ext.insert(
                "comment_type",
                json!(if ctype.is_empty() { "comment" } else { &ctype }),
            );
            if linkback {
                // a post by the linking site that links to ours: not a reply
                p.title = name.clone();
                p.url = url.clone();
                if let Some(u) = post_url {
                    p.links.push(Link {
                        url: u.to_string(),
                        short_url: None,
                        display: None,
                    });
                }
                ext.insert("links_to", json!(post_id));
            } else {
                let parent = c.text_ns(Ns::Wp, "comment_parent").unwrap_or("0");
                p.reply_to = Some(if parent == "0" {
                    post_id.to_string()
                } else if let Some(g) = given.get(parent) {
                    g.clone()
                } else if cids.contains(parent) {
                    record_id(NET, Kind::Post, &format!("{post_native}/comment-{parent}"))
                } else {
                    ext.insert("parent_missing", json!(parent));
                    post_id.to_string()
                });
            }
            let mut meta = Map::new();
            for x in &c.children {
                match x.name.as_str() {
                    "comment_id" | "comment_content" | "comment_type" | "comment_parent"
                    | "comment_date_gmt" => {}
                    "commentmeta" => {
                        if let Some(k) = x.text_ns(Ns::Wp, "meta_key").filter(|k| !is_given_meta(k))
                        {
                            let v = x
                                .child_ns(Ns::Wp, "meta_value")
                                .map(|v| v.text.clone())
                                .unwrap_or_default();
                            push_multi(&mut meta, k, Value::String(v));
                        }
                    }
                    name => {
                        let v = x.to_json();
                        if !v.as_str().is_some_and(str::is_empty) {
                            ext.insert(name, v);
                        }
                    }
                }
            }
            if !meta.is_empty() {
                ext.insert("commentmeta", Value::Object(meta));
            }
            p.ext = ext;
            cx.emit(Record::Post(p))?;
        }
        Ok(())
    }
}
