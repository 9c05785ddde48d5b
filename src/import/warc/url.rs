//! URLs of captured pages: enough of RFC 3986 to split a target URI, read its query,
//! resolve the links of a page against it, and name a page the same way across
//! captures (the scheme, default port, fragment and a trailing slash do not make
//! another page).

/// A parsed absolute `http(s)` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Url {
    /// `http` or `https` (lower case).
    pub scheme: String,
    /// Host, lower case, without the port.
    pub host: String,
    /// An explicit port other than the scheme's default.
    pub port: Option<u16>,
    /// Path, starting with `/`.
    pub path: String,
    /// Query without `?` (empty when none).
    pub query: String,
}

impl Url {
    /// Parse an absolute URL; `None` for anything else (`mailto:`, `javascript:`, a
    /// relative reference, a malformed host).
    pub fn parse(s: &str) -> Option<Url> {
        let s = s.trim();
        let (scheme, rest) = s.split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return None;
        }
        let rest = rest.split('#').next().unwrap_or("");
        let (authority, tail) = match rest.find(['/', '?']) {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        // user:password@ is not part of the page's name
        let authority = authority.rsplit('@').next().unwrap_or(authority);
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, "")) => (h, None),
            Some((h, p)) if !h.contains(']') || h.ends_with(']') => {
                (h, Some(p.parse::<u16>().ok()?))
            }
            _ => (authority, None),
        };
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if host.is_empty()
            || !host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._[]:".contains(&b))
        {
            return None;
        }
        let default = if scheme == "https" { 443 } else { 80 };
        let port = port.filter(|p| *p != default);
        let (path, query) = match tail.split_once('?') {
            Some((p, q)) => (p, q),
            None => (tail, ""),
        };
        let path = if path.is_empty() { "/" } else { path };
        Some(Url {
            scheme,
            host,
            port,
            path: path.to_string(),
            query: query.to_string(),
        })
    }

    /// The URL as a string.
    pub fn as_string(&self) -> String {
        let mut s = format!("{}://{}", self.scheme, self.host);
        if let Some(p) = self.port {
            s.push_str(&format!(":{p}"));
        }
        s.push_str(&self.path);
        if !self.query.is_empty() {
            s.push('?');
            s.push_str(&self.query);
        }
        s
    }

    /// The page's name across captures: host (without `www.`), path without a
    /// trailing slash, and query; no scheme, port or fragment.
    pub fn native(&self) -> String {
        let host = self.host.strip_prefix("www.").unwrap_or(&self.host);
        let path = self.path.trim_end_matches('/');
        let mut s = format!("{host}{path}");
        if !self.query.is_empty() {
            s.push('?');
            s.push_str(&self.query);
        }
        s
    }

    /// True when the host is `domain` or one of its subdomains.
    pub fn host_is(&self, domain: &str) -> bool {
        self.host == domain
            || self
                .host
                .strip_suffix(domain)
                .is_some_and(|h| h.ends_with('.'))
    }

    /// A query parameter, by case-insensitive name, percent-decoded.
    pub fn param(&self, name: &str) -> Option<String> {
        self.query.split('&').find_map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            k.eq_ignore_ascii_case(name).then(|| decode(v))
        })
    }

    /// The path's segments, percent-decoded, empty ones left out.
    pub fn segments(&self) -> Vec<String> {
        self.path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(decode)
            .collect()
    }

    /// Resolve a reference (an `href` or `src`) against this URL.
    pub fn join(&self, href: &str) -> Option<String> {
        let href = href.trim();
        if href.is_empty() || href.starts_with('#') {
            return None;
        }
        if let Some(u) = Url::parse(href) {
            return Some(u.as_string());
        }
        let lower = href.to_ascii_lowercase();
        if lower.contains(':') && !lower.starts_with("//") {
            let scheme = lower.split(':').next().unwrap_or("");
            if scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
                && !scheme.contains('/')
            {
                // mailto:, javascript:, data: — not a page
                return None;
            }
        }
        if let Some(rest) = href.strip_prefix("//") {
            return Url::parse(&format!("{}://{rest}", self.scheme)).map(|u| u.as_string());
        }
        let origin = {
            let mut o = format!("{}://{}", self.scheme, self.host);
            if let Some(p) = self.port {
                o.push_str(&format!(":{p}"));
            }
            o
        };
        let href = href.split('#').next().unwrap_or("");
        let joined = if href.starts_with('/') {
            format!("{origin}{}", normalize_path(href))
        } else if href.starts_with('?') {
            format!("{origin}{}{href}", self.path)
        } else {
            let dir = match self.path.rfind('/') {
                Some(i) => &self.path[..=i],
                None => "/",
            };
            format!("{origin}{}", normalize_path(&format!("{dir}{href}")))
        };
        Url::parse(&joined).map(|u| u.as_string())
    }
}

/// Remove `.` and `..` segments of a path (with its query kept as it is).
fn normalize_path(p: &str) -> String {
    let (path, query) = match p.split_once('?') {
        Some((a, b)) => (a, Some(b)),
        None => (p, None),
    };
    let mut out: Vec<&str> = Vec::new();
    let segs: Vec<&str> = path.split('/').collect();
    let last = segs.len().saturating_sub(1);
    for (i, s) in segs.iter().enumerate() {
        match *s {
            "." => {
                if i == last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let mut s = out.join("/");
    if !s.starts_with('/') {
        s.insert(0, '/');
    }
    if let Some(q) = query {
        s.push('?');
        s.push_str(q);
    }
    s
}

/// Percent-decode (and `+` as space, as query strings use it); invalid UTF-8 is
/// read lossily.
pub(crate) fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(v) => {
                        out.push(v);
                        i += 3;
                    }
                    Err(_) => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_name_pages() {
        let u = Url::parse(
            "HTTP://Profile.MySpace.com:80/index.cfm?fuseaction=user.viewprofile&friendID=6221#c",
        )
        .unwrap();
        assert_eq!(u.host, "profile.myspace.com");
        assert_eq!(u.port, None);
        assert_eq!(u.param("FRIENDID").as_deref(), Some("6221"));
        assert_eq!(
            u.native(),
            "profile.myspace.com/index.cfm?fuseaction=user.viewprofile&friendID=6221"
        );
        assert!(u.host_is("myspace.com") && !u.host_is("space.com"));
        let a = Url::parse("https://www.bebo.com/").unwrap();
        let b = Url::parse("http://bebo.com").unwrap();
        assert_eq!(a.native(), b.native());
        assert!(Url::parse("mailto:a@b").is_none());
        assert!(Url::parse("http://exa mple.com/").is_none());
        assert_eq!(
            Url::parse("http://x.com/a/b%20c/").unwrap().segments(),
            ["a", "b c"]
        );
    }

    #[test]
    fn join_references() {
        let base = Url::parse("http://blog.myspace.com/index.cfm?fuseaction=blog.view&friendID=1")
            .unwrap();
        assert_eq!(
            base.join("/images/a.jpg").as_deref(),
            Some("http://blog.myspace.com/images/a.jpg")
        );
        assert_eq!(
            base.join("//x.myspacecdn.com/p.png").as_deref(),
            Some("http://x.myspacecdn.com/p.png")
        );
        assert_eq!(
            base.join("?fuseaction=blog.view&blogID=9").as_deref(),
            Some("http://blog.myspace.com/index.cfm?fuseaction=blog.view&blogID=9")
        );
        let deep = Url::parse("https://a.com/x/y/z.html").unwrap();
        assert_eq!(
            deep.join("../p.gif").as_deref(),
            Some("https://a.com/x/p.gif")
        );
        assert_eq!(
            deep.join("q.gif").as_deref(),
            Some("https://a.com/x/y/q.gif")
        );
        assert!(deep.join("javascript:void(0)").is_none());
        assert!(deep.join("#top").is_none());
        assert_eq!(decode("a%3Ab+c%zz"), "a:b c%zz");
    }
}
