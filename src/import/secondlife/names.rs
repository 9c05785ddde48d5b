//! Who a name in a log is. Second Life has had three kinds of names:
//!
//! - legacy names, `First Last` (2003–2010; since 2010 new residents get the last
//!   name `Resident`, which the viewers hide);
//! - usernames, `first.last` (or `first` for a `Resident`): the legacy name lower-cased
//!   with a dot, the account's stable handle;
//! - display names (2010–), free text, shown as `Display Name (first.last)` when they
//!   differ from the username.
//!
//! An avatar's account is `secondlife:account:<username>`. Anything else that speaks
//! (an object: `Tip Jar`, `Xstreet SL Terminal v2.2.5`) is
//! `secondlife:account:object/<name>` with `ext.kind: object`.

/// What a shown name says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Who {
    /// The username (`john.doe`), for avatars.
    pub username: Option<String>,
    /// The legacy name (`John Doe`), when shown.
    pub legacy: Option<String>,
    /// The display name, when shown beside the username.
    pub display: Option<String>,
    /// The name as shown, for objects.
    pub object: Option<String>,
}

impl Who {
    /// The native id of the account.
    pub fn native(&self) -> String {
        match (&self.username, &self.object) {
            (Some(u), _) => u.clone(),
            (None, Some(o)) => format!("object/{o}"),
            (None, None) => "unknown".into(),
        }
    }
}

fn is_name_part(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 31
        && s.chars().all(|c| c.is_ascii_alphanumeric())
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

/// `john.doe`, `mary`, `john.doe2`: a username.
fn is_username(s: &str) -> bool {
    let mut parts = s.split('.');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    rest.len() <= 1
        && is_name_part(first)
        && rest.iter().all(|p| is_name_part(p))
        && s.chars().all(|c| !c.is_ascii_uppercase())
}

/// The username of a legacy name: `John Doe` → `john.doe`, `Mary Resident` → `mary`.
pub(crate) fn username_of_legacy(first: &str, last: &str) -> String {
    if last.eq_ignore_ascii_case("resident") {
        first.to_ascii_lowercase()
    } else {
        format!(
            "{}.{}",
            first.to_ascii_lowercase(),
            last.to_ascii_lowercase()
        )
    }
}

/// Read a name shown in a log line.
pub(crate) fn who(name: &str) -> Who {
    let name = name.trim();
    // `Display Name (john.doe)`
    if let Some(open) = name.rfind(" (") {
        if let Some(inner) = name.get(open + 2..).and_then(|r| r.strip_suffix(')')) {
            let inner = inner.trim();
            let user = if is_username(inner) {
                Some(inner.to_string())
            } else {
                // `Display Name (John Doe)`, as some viewers show legacy names
                let w: Vec<&str> = inner.split(' ').collect();
                match w.as_slice() {
                    [f, l] if is_name_part(f) && is_name_part(l) => Some(username_of_legacy(f, l)),
                    _ => None,
                }
            };
            if let Some(u) = user {
                let display = name.get(..open).unwrap_or("").trim();
                return Who {
                    username: Some(u),
                    legacy: (inner.contains(' ')).then(|| inner.to_string()),
                    display: (!display.is_empty()).then(|| display.to_string()),
                    object: None,
                };
            }
        }
    }
    let words: Vec<&str> = name.split(' ').collect();
    match words.as_slice() {
        [f, l] if is_name_part(f) && is_name_part(l) => Who {
            username: Some(username_of_legacy(f, l)),
            legacy: Some(name.to_string()),
            display: None,
            object: None,
        },
        [u] if is_username(u) && u.contains('.') => Who {
            username: Some(u.to_string()),
            legacy: None,
            display: None,
            object: None,
        },
        _ => Who {
            username: None,
            legacy: None,
            display: None,
            object: Some(name.to_string()),
        },
    }
}

/// The partner of an IM log from its file stem: `john_doe` (a username, `.` written
/// `_`), `mary` (a `Resident`), or `John Doe` (a legacy name, viewers 1.x).
pub(crate) fn partner(stem: &str) -> Option<Who> {
    let words: Vec<&str> = stem.split(' ').collect();
    if let [f, l] = words.as_slice() {
        if is_name_part(f) && is_name_part(l) {
            return Some(who(stem));
        }
    }
    let user = stem.replace('_', ".");
    if words.len() == 1 && is_username(&user) {
        return Some(Who {
            username: Some(user),
            legacy: None,
            display: None,
            object: None,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_every_kind() {
        let w = who("John Doe");
        assert_eq!(
            (w.native(), w.legacy.as_deref()),
            ("john.doe".to_string(), Some("John Doe"))
        );
        assert_eq!(who("Mary Resident").native(), "mary");
        let w = who("Sparkle Queen (mary)");
        assert_eq!(
            (w.native(), w.display.as_deref()),
            ("mary".to_string(), Some("Sparkle Queen"))
        );
        let w = who("Johnny (john.doe)");
        assert_eq!(
            (w.native(), w.display.as_deref()),
            ("john.doe".to_string(), Some("Johnny"))
        );
        assert_eq!(who("john.doe").native(), "john.doe");
        let w = who("Xstreet SL Terminal v2.2.5");
        assert_eq!(w.native(), "object/Xstreet SL Terminal v2.2.5");
        // indistinguishable from `Display Name (resident)`: read as that
        assert_eq!(who("Tip Jar (donations)").native(), "donations");
        assert_eq!(
            who("Vendor (Gold Edition v2)").native(),
            "object/Vendor (Gold Edition v2)"
        );
        assert_eq!(partner("john_doe").unwrap().native(), "john.doe");
        assert_eq!(partner("John Doe").unwrap().native(), "john.doe");
        assert_eq!(partner("mary").unwrap().native(), "mary");
        assert!(partner("Builders Guild Extra").is_none());
    }
}
