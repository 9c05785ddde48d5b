//! Posts (with drafts and scheduled posts) and comments.

use super::*;

impl Reddit {
    pub(super) fn post(
        &mut self,
        row: &Row,
        src: Source,
        cx: &mut Context,
        role: Role,
    ) -> Result<()> {
        let l = format!("{}:{}", src.entry, row.line);
        let id = match role {
            Role::Drafts => row.get("id").map(|i| format!("draft/{i}")),
            Role::Scheduled => row
                .get("scheduled_post_id")
                .map(|i| format!("scheduled/{i}")),
            _ => row.get("id").map(|i| bare(i).to_string()),
        };
        let Some(native) = id else {
            cx.report.skipped(Kind::Post, "row without an id", l);
            return Ok(());
        };
        match role {
            Role::PostHeaders => self.header_rows.entry("post").or_default().0 += 1,
            Role::Posts => self.header_rows.entry("post").or_default().1 += 1,
            _ => {}
        }
        if role == Role::PostHeaders && self.posts.contains(&native) {
            return Ok(()); // the same post, read from posts.csv
        }
        // a post listed twice in its table is kept twice (the id guard derives the
        // second's id); the header table's copy of a post is not a second listing
        self.posts.insert(native.clone());
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let date_col = match role {
            Role::Drafts => "created",
            Role::Scheduled => "submission_time",
            _ => "date",
        };
        let created_at = time(row, date_col, "created_at", &mut raw, &mut ext);
        let body = row.raw("body").unwrap_or("");
        let (text, deleted) = match placeholder(body) {
            Some(p) => {
                ext.insert_string("body", p.to_string());
                (String::new(), true)
            }
            None => (body.to_string(), false),
        };
        let permalink = row.get("permalink").map(str::to_string);
        let url = row.get("url");
        let mut links = Vec::new();
        // a link post: its URL is not its own permalink
        if let Some(u) = url {
            if !u.contains(&format!("/comments/{native}/")) {
                links.push(Link {
                    url: u.to_string(),
                    short_url: None,
                    display: None,
                });
            }
        }
        let mut metrics = BTreeMap::new();
        if let Some(g) = row.get("gildings").and_then(|g| g.parse::<u64>().ok()) {
            metrics.insert("gildings".into(), g);
        }
        let (status, visibility) = match role {
            Role::Drafts => (Some("draft".to_string()), Visibility::Private),
            Role::Scheduled => (Some("pending".to_string()), Visibility::Private),
            _ => (None, Visibility::Public),
        };
        ext.extend_map(row.rest(&[
            "id",
            "scheduled_post_id",
            "permalink",
            date_col,
            "subreddit",
            "gildings",
            "title",
            "url",
            "body",
        ]));
        if let Some(u) = url.filter(|u| Some(*u) != row.get("permalink")) {
            ext.insert_string("url", u.to_string());
        }
        if role == Role::PostHeaders {
            ext.insert("from_headers", Value::Bool(true));
        }
        let post = Post {
            id: record_id(NET, Kind::Post, &native),
            network: NET.into(),
            author: self.owner_id(),
            created_at,
            text,
            title: row.get("title").map(str::to_string),
            url: permalink.or_else(|| url.filter(|u| u.contains("/comments/")).map(str::to_string)),
            visibility,
            status,
            links,
            community: row.get("subreddit").map(str::to_string),
            metrics,
            deleted_at: deleted.then_some(self.export_time).flatten(),
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        if role == Role::PostHeaders {
            cx.report.warn(format!(
                "post {native} is in post_headers.csv but not in posts.csv: kept without its title and body"
            ));
        }
        cx.emit(Record::Post(post))
    }

    pub(super) fn comment(
        &mut self,
        row: &Row,
        src: Source,
        cx: &mut Context,
        headers: bool,
    ) -> Result<()> {
        let l = format!("{}:{}", src.entry, row.line);
        let Some(id) = row.get("id").map(|i| bare(i).to_string()) else {
            cx.report
                .skipped(Kind::Post, "comment row without an id", l);
            return Ok(());
        };
        let counts = self.header_rows.entry("comment").or_default();
        if headers {
            counts.0 += 1;
        } else {
            counts.1 += 1;
        }
        if headers && self.comments.contains(&id) {
            return Ok(());
        }
        // listed twice: kept twice (the id guard derives the second's id)
        self.comments.insert(id.clone());
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let created_at = time(row, "date", "created_at", &mut raw, &mut ext);
        let body = row.raw("body").unwrap_or("");
        let (text, deleted) = match placeholder(body) {
            Some(p) => {
                ext.insert_string("body", p.to_string());
                (String::new(), true)
            }
            None => (body.to_string(), false),
        };
        // the parent: a comment (t1_) or the post (t3_); else the post of the link
        let reply_to = match row.get("parent") {
            Some(p) => Some(thing_id(p, true)),
            None => row
                .get("link")
                .and_then(post_of_link)
                .map(|p| thing_id(p, false)),
        };
        let mut links = Vec::new();
        if let Some(m) = row.get("media") {
            links.push(Link {
                url: m.to_string(),
                short_url: None,
                display: None,
            });
        }
        let mut metrics = BTreeMap::new();
        if let Some(g) = row.get("gildings").and_then(|g| g.parse::<u64>().ok()) {
            metrics.insert("gildings".into(), g);
        }
        ext.extend_map(row.rest(&[
            "id",
            "permalink",
            "date",
            "subreddit",
            "gildings",
            "parent",
            "body",
            "media",
        ]));
        if headers {
            ext.insert("from_headers", Value::Bool(true));
            cx.report.warn(format!(
                "comment {id} is in comment_headers.csv but not in comments.csv: kept without its body"
            ));
        }
        let post = Post {
            id: thing_id(&id, true),
            network: NET.into(),
            author: self.owner_id(),
            created_at,
            text,
            url: row.get("permalink").map(str::to_string),
            reply_to,
            visibility: Visibility::Public,
            links,
            community: row.get("subreddit").map(str::to_string),
            metrics,
            deleted_at: deleted.then_some(self.export_time).flatten(),
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Post(post))
    }
}
