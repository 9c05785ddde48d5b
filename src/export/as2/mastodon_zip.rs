//! The Mastodon archive zip: `outbox.json`, `actor.json`, `likes.json`,
//! `bookmarks.json`, the media files, and the CSV lists Mastodon's import takes.

use super::*;

/// Bytes on their way to a writer, counted and hashed.
pub(super) struct HashTee<'w, W: Write> {
    inner: &'w mut W,
    hasher: sha2::Sha256,
    n: u64,
}

impl<'w, W: Write> HashTee<'w, W> {
    pub(super) fn new(inner: &'w mut W) -> Self {
        use sha2::Digest;
        HashTee {
            inner,
            hasher: sha2::Sha256::new(),
            n: 0,
        }
    }

    /// The SHA-256 (hex) and size of what was written.
    pub(super) fn finish(self) -> (String, u64) {
        use sha2::Digest;
        let h = self.hasher.finalize();
        (h.iter().map(|x| format!("{x:02x}")).collect(), self.n)
    }
}

impl<W: Write> Write for HashTee<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        let k = self.inner.write(buf)?;
        self.hasher.update(buf.get(..k).unwrap_or(&[]));
        self.n += k as u64;
        Ok(k)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A fediverse address `user@domain` for an account, when the archive knows one.
pub(super) fn address(ctx: &Ctx, id: &str) -> Option<String> {
    let a = ctx.accounts.get(id);
    let a = a.as_deref();
    let net = a
        .map(|a| a.network.as_str())
        .unwrap_or_else(|| network_of(id));
    if !crate::export::ids::is_fediverse(net) {
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
pub(super) fn csv_line(cells: &[&str]) -> String {
    let mut s = cells
        .iter()
        .map(|c| {
            let c = crate::export::text::neutral(c);
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

/// A list spooled to a scratch file beside the output, one JSON value a line: the
/// likes, bookmarks and id lists of a large archive (a million likes) are written to
/// the zip as they are read back, never held (the file goes with the value).
struct Spool {
    path: std::path::PathBuf,
    w: Option<std::io::BufWriter<std::fs::File>>,
    n: usize,
}

impl Spool {
    fn new(path: std::path::PathBuf) -> Result<Spool> {
        let f = std::fs::File::create(&path).map_err(w(&path))?;
        Ok(Spool {
            w: Some(std::io::BufWriter::with_capacity(1 << 16, f)),
            path,
            n: 0,
        })
    }

    fn push<T: serde::Serialize + ?Sized>(&mut self, v: &T) -> Result<()> {
        let path = &self.path;
        let Some(out) = self.w.as_mut() else {
            return Ok(());
        };
        serde_json::to_writer(&mut *out, v)
            .map_err(std::io::Error::from)
            .and_then(|_| out.write_all(b"\n"))
            .map_err(w(path))?;
        self.n += 1;
        Ok(())
    }

    /// The lines written, in order.
    fn lines(&mut self) -> Result<impl Iterator<Item = Result<String>> + '_> {
        if let Some(mut out) = self.w.take() {
            out.flush().map_err(w(&self.path))?;
        }
        let f = std::fs::File::open(&self.path).map_err(w(&self.path))?;
        let path = &self.path;
        Ok(
            std::io::BufRead::lines(std::io::BufReader::with_capacity(1 << 16, f))
                .map(move |l| l.map_err(w(path))),
        )
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        self.w = None;
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The lifeboat ids of list items whose ids Mastodon's files cannot carry, by file:
/// each file's `[index, id]` pairs spooled in index order.
struct IdLists {
    base: std::path::PathBuf,
    files: BTreeMap<&'static str, Spool>,
}

impl IdLists {
    fn insert(&mut self, file: &'static str, index: usize, id: &str) -> Result<()> {
        if !self.files.contains_key(file) {
            let n = self.files.len();
            let sp = Spool::new(self.base.with_extension(format!("ids{n}.tmp")))?;
            self.files.insert(file, sp);
        }
        match self.files.get_mut(file) {
            Some(sp) => sp.push(&(index, id)),
            None => Ok(()),
        }
    }
}

/// Write `{ "@context", "id", "orderedItems", "totalItems", "type" }` (the keys in
/// the order `serde_json` sorts them, pretty-printed as it does) with the items read
/// back from `items`, one JSON value a line.
fn write_collection<W: Write>(z: &mut W, name: &str, items: &mut Spool) -> Result<()> {
    let n = items.n;
    let head = format!(
        "{{\n  \"@context\": \"https://www.w3.org/ns/activitystreams\",\n  \"id\": {},\n  \"orderedItems\": ",
        Value::String(name.to_string())
    );
    let io = |e| Error::io(name, e);
    z.write_all(head.as_bytes()).map_err(io)?;
    if n == 0 {
        z.write_all(b"[]").map_err(io)?;
    } else {
        z.write_all(b"[\n").map_err(io)?;
        for (i, l) in items.lines()?.enumerate() {
            let l = l?;
            if i > 0 {
                z.write_all(b",\n").map_err(io)?;
            }
            z.write_all(b"    ").map_err(io)?;
            z.write_all(l.as_bytes()).map_err(io)?;
        }
        z.write_all(b"\n  ]").map_err(io)?;
    }
    let tail = format!(",\n  \"totalItems\": {n},\n  \"type\": \"OrderedCollection\"\n}}");
    z.write_all(tail.as_bytes()).map_err(io)
}

/// Write `lifeboat_ids.json`: `{ "about", "ids": { file: { "index": id } } }`, pretty.
fn write_ids<W: Write>(z: &mut W, ids: &mut IdLists) -> Result<()> {
    let io = |e| Error::io(IDS_FILE, e);
    z.write_all(b"{\n  \"about\": \"lifeboat record ids of the list items whose ids Mastodon's files cannot carry, by file and 0-based item (or data row) index\",\n  \"ids\": {")
        .map_err(io)?;
    for (fi, (file, sp)) in ids.files.iter_mut().enumerate() {
        let sep = if fi > 0 { "," } else { "" };
        z.write_all(format!("{sep}\n    {}: {{", Value::String(file.to_string())).as_bytes())
            .map_err(io)?;
        for (i, l) in sp.lines()?.enumerate() {
            let l = l?;
            let (index, id): (usize, String) =
                serde_json::from_str(&l).map_err(|e| Error::io(IDS_FILE, e.into()))?;
            let sep = if i > 0 { "," } else { "" };
            z.write_all(format!("{sep}\n      \"{index}\": {}", Value::String(id)).as_bytes())
                .map_err(io)?;
        }
        z.write_all(b"\n    }").map_err(io)?;
    }
    z.write_all(b"\n  }\n}").map_err(io)
}

pub(super) fn write_zip(
    wr: &mut Writer,
    out: &Path,
    outbox_tmp: &Path,
    book: &mut Book,
) -> Result<()> {
    use zip::write::SimpleFileOptions;
    let ctx = wr.ctx;
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
    // media files, each as it is published (EXIF removed), noted for the records
    let mut written: HashMap<String, (String, u64)> = HashMap::new();
    for (name, src) in std::mem::take(&mut wr.zip_files) {
        let f = match ctx.outgoing(&src)? {
            Ok(f) => f,
            Err(why) => {
                return Err(Error::Container {
                    path: src.display().to_string(),
                    message: format!("changed during the export: {why}"),
                })
            }
        };
        z.start_file(name.as_str(), opt).map_err(zerr)?;
        // the file as written, hashed on its way into the zip
        let mut tee = HashTee::new(&mut z);
        f.write_to(&mut tee, out)?;
        let (sha, n) = tee.finish();
        written.insert(name, (sha, n));
    }
    for mo in wr.media_out.values_mut() {
        let key = reader_media_key(&mo.url);
        if let Some((sha, n)) = written.get(&key) {
            mo.file = Some((key, sha.clone(), *n));
        }
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
        z.write_all(buf.get(..n).unwrap_or(&[])).map_err(w(out))?;
    }
    // the owner: its reader-given id and native part
    let owner_id = wr
        .owner_id
        .clone()
        .unwrap_or_else(|| "mastodon:account:owner".to_string());
    let owner_native = match &ctx.owner {
        Some(o) if is_mastodon(&o.id) => o
            .handle
            .clone()
            .filter(|h| h.contains('@'))
            .unwrap_or_else(|| native(&o.id).to_string()),
        Some(o) => native(&o.id).to_string(),
        None => "owner".to_string(),
    };
    let mut ids = IdLists {
        base: out.to_path_buf(),
        files: BTreeMap::new(),
    };
    // reactions: likes, bookmarks (with the lifeboat id when it is not the one the
    // reader derives)
    let mut likes = Spool::new(out.with_extension("likes.tmp"))?;
    let mut bookmarks = Spool::new(out.with_extension("bookmarks.tmp"))?;
    for r in ctx.archive.records(Kind::Reaction)? {
        let Record::Reaction(r) = r? else { continue };
        if !ctx.filter.in_network(&r.network) {
            continue;
        }
        let (list, file) = match r.kind.as_str() {
            "like" | "favourite" | "favorite" => (&mut likes, "likes.json"),
            "bookmark" => (&mut bookmarks, "bookmarks.json"),
            k => {
                book.lost(
                    Kind::Reaction,
                    format!("a Mastodon archive has no place for {k} reactions"),
                );
                continue;
            }
        };
        let iri = iri_of(&r.target, None);
        let kind = if file == "likes.json" {
            "like"
        } else {
            "bookmark"
        };
        let derived = format!("mastodon:reaction:{kind}/{owner_native}/{iri}");
        if derived != r.id {
            ids.insert(file, list.n, &r.id)?;
        }
        let b = Reaction {
            id: r.id.clone(),
            network: network_of(&r.id).to_string(),
            kind: kind.to_string(),
            actor: owner_id.clone(),
            target: reader::post_ref(&iri),
            target_url: (iri.starts_with("http://") || iri.starts_with("https://"))
                .then(|| iri.clone()),
            source: r.source.clone(),
            ..Reaction::default()
        };
        settle(book, Kind::Reaction, &r, &b, &[], &|f| {
            reason(Format::Mastodon, Kind::Reaction, f)
        });
        if kind == "bookmark" {
            let own = (derived != r.id).then_some(r.id.as_str());
            list.push(&(iri.as_str(), own))?;
        } else {
            list.push(&iri)?;
        }
        book.wrote(Kind::Reaction);
    }
    z.start_file("likes.json", opt).map_err(zerr)?;
    write_collection(&mut z, "likes.json", &mut likes)?;
    drop(likes);
    // bookmarks.json: the IRIs of the `[iri, id]` lines
    let mut bm_iris = Spool::new(out.with_extension("bookmark-iris.tmp"))?;
    for l in bookmarks.lines()? {
        let (iri, _): (String, Option<String>) =
            serde_json::from_str(&l?).map_err(|e| Error::io("bookmarks", e.into()))?;
        bm_iris.push(&iri)?;
    }
    z.start_file("bookmarks.json", opt).map_err(zerr)?;
    write_collection(&mut z, "bookmarks.json", &mut bm_iris)?;
    drop(bm_iris);
    // avatar.<ext>, header.<ext>, named in actor.json
    let mut actor = actor_object(ctx, &wr.owner_iri);
    for (role, m) in &ctx.profile_images {
        let Some(src) = ctx.media_file(m) else {
            continue;
        };
        let Some(f) = ctx.prepare_media(&src, book)? else {
            continue;
        };
        if f.show != crate::export::strip::Show::Image {
            book.lost(
                Kind::Media,
                "a profile image that is not a picture Mastodon shows is not published",
            );
            continue;
        }
        let key = if role == "avatar" { "icon" } else { "image" };
        // the name the source's actor.json gave (when it names the file's type), else
        // avatar.<ext>
        let given = actor
            .get(key)
            .and_then(|i| i.get("url"))
            .and_then(Value::as_str)
            .filter(|u| !u.contains('/') && !u.is_empty() && crate::archive::mime_of(u) == f.mime)
            .map(str::to_string);
        let name = given.unwrap_or_else(|| format!("{role}.{}", f.ext));
        z.start_file(name.as_str(), opt).map_err(zerr)?;
        let mut tee = HashTee::new(&mut z);
        f.write_to(&mut tee, out)?;
        let (sha, n) = tee.finish();
        if actor
            .get(key)
            .and_then(|i| i.get("url"))
            .and_then(Value::as_str)
            != Some(name.as_str())
        {
            actor[key] = json!({"type": "Image", "mediaType": f.mime, "url": name});
        }
        if let Some(path) = &m.path {
            wr.profile_out.insert(path.clone(), (name, sha, n));
        }
    }
    let has_owner = ctx.owner.is_some();
    if has_owner {
        let mut a = actor.as_object().cloned().unwrap_or_default();
        a.insert("@context".into(), context());
        a.insert("outbox".into(), json!("outbox.json"));
        a.insert("likes".into(), json!("likes.json"));
        a.insert("bookmarks".into(), json!("bookmarks.json"));
        actor = Value::Object(a);
        put(
            &mut z,
            "actor.json",
            serde_json::to_string_pretty(&actor)
                .unwrap_or_default()
                .as_bytes(),
        )?;
    }
    // the import CSVs, with Mastodon's headers and every flag the archive holds
    let mut following = String::from("Account address,Show boosts,Notify on new posts,Languages\n");
    let mut blocked = String::new();
    let mut muted = String::from("Account address,Hide notifications\n");
    let mut domains = String::new();
    let mut lists = String::new();
    let mut unmapped =
        String::from("Relationship,Network,Account,Handle,Display name,Profile URL\n");
    let mut rows: BTreeMap<&'static str, usize> = BTreeMap::new();
    for r in ctx.archive.records(Kind::Relationship)? {
        let Record::Relationship(r) = r? else {
            continue;
        };
        if !ctx.filter.in_network(&r.network) {
            continue;
        }
        let (target, kind) = match r.kind.as_str() {
            "following" | "block" | "mute" | "domain_block" if ctx.is_owner(&r.subject) => {
                (r.object.clone(), r.kind.as_str())
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
        let (file, addr) = if kind == "domain_block" {
            ("blocked_domains.csv", r.object.to_ascii_lowercase())
        } else {
            let Some(addr) = address(ctx, &target) else {
                let a = ctx
                    .accounts
                    .get(&target)
                    .as_deref()
                    .cloned()
                    .unwrap_or_default();
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
            let file = match kind {
                "following" => "following_accounts.csv",
                "block" => "blocked_accounts.csv",
                "mute" => "muted_accounts.csv",
                _ => "lists.csv",
            };
            (file, addr)
        };
        let flag = |k: &str| -> String {
            match r.ext.get_value(k) {
                Some(Value::Bool(b)) => b.to_string(),
                Some(Value::String(s)) => s,
                _ => String::new(),
            }
        };
        let languages = match r.ext.get_value("languages") {
            Some(Value::Array(l)) => l
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            _ => String::new(),
        };
        let title = r
            .ext
            .get_str("list")
            .unwrap_or_else(|| native(&r.object).to_string());
        let mut ext = crate::model::Ext::default();
        let (subject, object, derived) = match kind {
            "following" => {
                following.push_str(&csv_line(&[
                    &addr,
                    &flag("show_boosts"),
                    &flag("notify_on_new_posts"),
                    &languages,
                ]));
                for k in ["show_boosts", "notify_on_new_posts"] {
                    let v = flag(k);
                    if !v.is_empty() {
                        ext.insert(k, reader_bool(&v));
                    }
                }
                if !languages.is_empty() {
                    ext.insert(
                        "languages",
                        json!(languages
                            .split(',')
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .collect::<Vec<_>>()),
                    );
                }
                (
                    owner_id.clone(),
                    reader::address_ref(&addr).id,
                    format!("following/{owner_native}/{addr}"),
                )
            }
            "block" => {
                blocked.push_str(&csv_line(&[&addr]));
                (
                    owner_id.clone(),
                    reader::address_ref(&addr).id,
                    format!("block/{owner_native}/{addr}"),
                )
            }
            "mute" => {
                muted.push_str(&csv_line(&[&addr, &flag("hide_notifications")]));
                let v = flag("hide_notifications");
                if !v.is_empty() {
                    ext.insert("hide_notifications", reader_bool(&v));
                }
                (
                    owner_id.clone(),
                    reader::address_ref(&addr).id,
                    format!("mute/{owner_native}/{addr}"),
                )
            }
            "domain_block" => {
                domains.push_str(&csv_line(&[&addr]));
                (
                    owner_id.clone(),
                    addr.clone(),
                    format!("domain_block/{owner_native}/{addr}"),
                )
            }
            _ => {
                lists.push_str(&csv_line(&[&title, &addr]));
                ext.insert("list", json!(title));
                let list_ref = format!("{owner_native}/lists/{title}");
                (
                    reader::address_ref(&addr).id,
                    list_ref.clone(),
                    format!("list_member/{addr}/{list_ref}"),
                )
            }
        };
        let row = rows.entry(file).or_default();
        let derived = format!("mastodon:relationship:{derived}");
        if derived != r.id {
            ids.insert(file, *row, &r.id)?;
        }
        *row += 1;
        if kind != "domain_block" {
            wr.refs.see(reader::address_ref(&addr));
        }
        let b = Relationship {
            id: r.id.clone(),
            network: network_of(&r.id).to_string(),
            kind: r.kind.clone(),
            subject,
            object,
            source: r.source.clone(),
            ext,
            ..Relationship::default()
        };
        settle(book, Kind::Relationship, &r, &b, &[], &|f| {
            reason(Format::Mastodon, Kind::Relationship, f)
        });
        book.wrote(Kind::Relationship);
    }
    // bookmarks.csv: the same bookmarks, for Mastodon's import (its addresses only)
    let mut bm_csv = String::new();
    let mut bm_row = 0usize;
    for l in bookmarks.lines()? {
        let (b, id): (String, Option<String>) =
            serde_json::from_str(&l?).map_err(|e| Error::io("bookmarks", e.into()))?;
        if b.starts_with("http") {
            bm_csv.push_str(&csv_line(&[&b]));
            if let Some(id) = id {
                ids.insert("bookmarks.csv", bm_row, &id)?;
            }
            bm_row += 1;
        }
    }
    drop(bookmarks);
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
    if !ids.files.is_empty() {
        z.start_file(IDS_FILE, opt).map_err(zerr)?;
        write_ids(&mut z, &mut ids)?;
    }
    drop(ids);
    z.finish().map_err(zerr)?;
    wr.accounts_fidelity(book, has_owner.then_some(&actor))?;
    wr.media_fidelity(book)?;
    ctx.count_unexpressed(
        book,
        &[Kind::Conversation],
        "a Mastodon archive has no place for conversations",
    )?;
    Ok(())
}

/// A `true`/`false` cell as lifeboat's reader takes it.
pub(super) fn reader_bool(s: &str) -> Value {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        other => Value::String(other.to_string()),
    }
}
