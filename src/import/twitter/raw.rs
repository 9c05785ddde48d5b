//! Typed views of the big item shapes (tweets), read straight from the item's bytes
//! with borrowed strings. Known fields get their own slot; every other field lands in
//! `rest`, verbatim, so nothing is dropped. Building a full `serde_json::Value` tree
//! per tweet and then taking it apart cost half of the import time.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, Error as _, MapAccess, Visitor};
use std::collections::BTreeMap;

use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// Fields a typed reader does not know, as the raw JSON they were.
pub(crate) type Rest = BTreeMap<String, Box<RawValue>>;

/// A string, or a number written where a string was expected (ids, counts).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Str<'de>(pub Cow<'de, str>);

impl<'de> Str<'de> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_string())))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_string())))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_any(V)
    }
}

/// Implements `Deserialize` for a struct with `Option` slots for known keys and a
/// `rest: Map` for the others.
macro_rules! open_struct {
    ($name:ident, $lt:lifetime, { $($key:literal => $field:ident),* $(,)? }) => {
        impl<$lt> Deserialize<$lt> for $name<$lt> {
            fn deserialize<D: Deserializer<$lt>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<$lt> Visitor<$lt> for V {
                    type Value = $name<$lt>;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str(concat!("an object (", stringify!($name), ")"))
                    }
                    fn visit_map<A: MapAccess<$lt>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                        let mut t = $name::default();
                        while let Some(k) = map.next_key::<Str<$lt>>()? {
                            match k.as_str() {
                                $($key => {
                                    if t.$field.is_some() {
                                        return Err(A::Error::custom(concat!("duplicate field ", $key)));
                                    }
                                    t.$field = map.next_value()?;
                                })*
                                _ => {
                                    let v: Box<RawValue> = map.next_value()?;
                                    t.rest.insert(k.into_string(), compact(v));
                                }
                            }
                        }
                        Ok(t)
                    }
                }
                d.deserialize_map(V)
            }
        }
    };
}

/// `indices`: two numbers, as strings (G1–G3) or numbers (G0).
#[derive(Debug, Default)]
pub(crate) struct Indices(pub Option<(usize, usize)>);

impl<'de> Deserialize<'de> for Indices {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v: Vec<Str<'de>> = Vec::deserialize(d)?;
        let n = |i: usize| v.get(i).and_then(|s| s.as_str().parse::<usize>().ok());
        Ok(Indices(match (n(0), n(1)) {
            (Some(a), Some(b)) if v.len() == 2 => Some((a, b)),
            _ => None,
        }))
    }
}

#[derive(Debug, Default)]
pub(crate) struct UrlEntity<'de> {
    pub url: Option<Str<'de>>,
    pub expanded_url: Option<Str<'de>>,
    pub display_url: Option<Str<'de>>,
    pub indices: Option<Indices>,
    pub rest: Rest,
}
open_struct!(UrlEntity, 'de, { "url" => url, "expanded_url" => expanded_url, "display_url" => display_url, "indices" => indices });

#[derive(Debug, Default)]
pub(crate) struct MentionEntity<'de> {
    pub screen_name: Option<Str<'de>>,
    pub name: Option<Str<'de>>,
    pub id_str: Option<Str<'de>>,
    pub id: Option<Str<'de>>,
    pub indices: Option<Indices>,
    pub rest: Rest,
}
open_struct!(MentionEntity, 'de, { "screen_name" => screen_name, "name" => name, "id_str" => id_str, "id" => id, "indices" => indices });

#[derive(Debug, Default)]
pub(crate) struct TextEntity<'de> {
    pub text: Option<Str<'de>>,
    pub indices: Option<Indices>,
    pub rest: Rest,
}
open_struct!(TextEntity, 'de, { "text" => text, "indices" => indices });

#[derive(Debug, Default)]
pub(crate) struct Entities<'de> {
    pub urls: Option<Vec<UrlEntity<'de>>>,
    pub user_mentions: Option<Vec<MentionEntity<'de>>>,
    pub hashtags: Option<Vec<TextEntity<'de>>>,
    pub symbols: Option<Vec<TextEntity<'de>>>,
    pub media: Option<Vec<Map<String, Value>>>,
    pub rest: Rest,
}
open_struct!(Entities, 'de, { "urls" => urls, "user_mentions" => user_mentions, "hashtags" => hashtags, "symbols" => symbols, "media" => media });

/// A tweet object, every generation.
#[derive(Debug, Default)]
pub(crate) struct RawTweet<'de> {
    pub id_str: Option<Str<'de>>,
    pub id: Option<Str<'de>>,
    pub full_text: Option<Str<'de>>,
    pub text: Option<Str<'de>>,
    pub created_at: Option<Str<'de>>,
    pub deleted_at: Option<Str<'de>>,
    pub in_reply_to_status_id_str: Option<Str<'de>>,
    pub in_reply_to_status_id: Option<Str<'de>>,
    pub in_reply_to_user_id_str: Option<Str<'de>>,
    pub in_reply_to_user_id: Option<Str<'de>>,
    pub in_reply_to_screen_name: Option<Str<'de>>,
    pub lang: Option<Str<'de>>,
    pub source: Option<Str<'de>>,
    pub favorite_count: Option<Str<'de>>,
    pub retweet_count: Option<Str<'de>>,
    pub possibly_sensitive: Option<bool>,
    pub community_id_str: Option<Str<'de>>,
    pub community_id: Option<Str<'de>>,
    pub entities: Option<Entities<'de>>,
    pub extended_entities: Option<Entities<'de>>,
    pub user: Option<Map<String, Value>>,
    pub rest: Rest,
}
open_struct!(RawTweet, 'de, {
    "id_str" => id_str, "id" => id, "full_text" => full_text, "text" => text,
    "created_at" => created_at, "deleted_at" => deleted_at,
    "in_reply_to_status_id_str" => in_reply_to_status_id_str,
    "in_reply_to_status_id" => in_reply_to_status_id,
    "in_reply_to_user_id_str" => in_reply_to_user_id_str,
    "in_reply_to_user_id" => in_reply_to_user_id,
    "in_reply_to_screen_name" => in_reply_to_screen_name,
    "lang" => lang, "source" => source,
    "favorite_count" => favorite_count, "retweet_count" => retweet_count,
    "possibly_sensitive" => possibly_sensitive,
    "community_id_str" => community_id_str, "community_id" => community_id,
    "entities" => entities, "extended_entities" => extended_entities, "user" => user,
});

/// An item of a tweets file: `{"tweet": {…}}` (G2, G3) or the bare object (G0, G1).
#[derive(Debug, Default)]
pub(crate) struct TweetItem<'de> {
    pub tweet: Option<RawTweet<'de>>,
    pub rest: Rest,
}
open_struct!(TweetItem, 'de, { "tweet" => tweet });

/// What a tweets-file item holds, read as fast as its shape allows.
pub(crate) enum ParsedTweet<'de> {
    /// `{"tweet": {…}}`
    Wrapped(RawTweet<'de>),
    /// A bare tweet object.
    Bare(RawTweet<'de>),
    /// Not an object.
    NotAnObject,
}

/// Read a tweets-file item. The typed reading is tried first; when a field has an
/// unexpected type, the item is read as a plain JSON value and every field whose type
/// does not fit is kept aside (in `rest`, verbatim) instead of failing the tweet.
pub(crate) fn parse_tweet_item<'a>(
    bytes: &'a [u8],
    repaired: &mut bool,
) -> Result<ParsedTweet<'a>, String> {
    if let Ok(item) = serde_json::from_slice::<TweetItem>(bytes) {
        if let (Some(t), true) = (item.tweet, item.rest.is_empty()) {
            return Ok(ParsedTweet::Wrapped(t));
        }
    }
    if let Ok(t) = serde_json::from_slice::<RawTweet>(bytes) {
        // a wrapper whose tweet did not read as typed is not a bare tweet
        let wrapper = t.rest.contains_key("tweet") && t.id_str.is_none() && t.id.is_none();
        if !wrapper {
            return Ok(ParsedTweet::Bare(t));
        }
    }
    // the slow, forgiving way
    let v = crate::read::json::parse_value(bytes, repaired)?;
    let Value::Object(mut m) = v else {
        return Ok(ParsedTweet::NotAnObject);
    };
    let wrapped = m.len() == 1 && matches!(m.get("tweet"), Some(Value::Object(_)));
    if wrapped {
        if let Some(Value::Object(inner)) = m.remove("tweet") {
            m = inner;
        }
    }
    let t = forgiving(m);
    Ok(if wrapped {
        ParsedTweet::Wrapped(t)
    } else {
        ParsedTweet::Bare(t)
    })
}

/// A raw value without the whitespace between its tokens (records are one line
/// each); everything else, key order and number spelling included, stays as it was.
pub(crate) fn compact(v: Box<RawValue>) -> Box<RawValue> {
    let raw = v.get();
    if !raw
        .bytes()
        .any(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
    {
        return v;
    }
    let mut out = String::with_capacity(raw.len());
    let (mut in_str, mut esc) = (false, false);
    for c in raw.chars() {
        if in_str {
            out.push(c);
            if esc {
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '"' {
                in_str = false;
            }
        } else if c == '"' {
            in_str = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\n' | '\r' | '\t') {
            out.push(c);
        }
    }
    RawValue::from_string(out).unwrap_or(v)
}

/// JSON values as raw JSON text.
pub(crate) fn raw_map(m: Map<String, Value>) -> Rest {
    m.into_iter()
        .filter_map(|(k, v)| serde_json::value::to_raw_value(&v).ok().map(|r| (k, r)))
        .collect()
}

/// A raw map as one JSON object value.
pub(crate) fn raw_object(m: &Rest) -> Box<RawValue> {
    serde_json::value::to_raw_value(m)
        .unwrap_or_else(|_| RawValue::from_string("{}".into()).unwrap_or_default())
}

/// Read a tweet object field by field, keeping any field that does not read as its
/// expected type in `rest` as it was.
fn forgiving(m: Map<String, Value>) -> RawTweet<'static> {
    let mut typed = Map::new();
    let mut aside = Map::new();
    for (k, v) in m {
        let fits = match k.as_str() {
            "entities" | "extended_entities" => Entities::<'static>::deserialize(v.clone()).is_ok(),
            "user" => v.is_object() || v.is_null(),
            "possibly_sensitive" => v.is_boolean() || v.is_null(),
            k if is_known(k) => matches!(v, Value::String(_) | Value::Number(_) | Value::Null),
            _ => true,
        };
        if fits {
            typed.insert(k, v);
        } else {
            aside.insert(k, v);
        }
    }
    let mut t: RawTweet<'static> = match RawTweet::deserialize(Value::Object(typed.clone())) {
        Ok(t) => t,
        // cannot happen with the checks above; if it does, nothing is mapped and
        // everything is kept
        Err(_) => RawTweet {
            rest: raw_map(typed),
            ..RawTweet::default()
        },
    };
    t.rest.extend(raw_map(aside));
    t
}

fn is_known(k: &str) -> bool {
    matches!(
        k,
        "id_str"
            | "id"
            | "full_text"
            | "text"
            | "created_at"
            | "deleted_at"
            | "in_reply_to_status_id_str"
            | "in_reply_to_status_id"
            | "in_reply_to_user_id_str"
            | "in_reply_to_user_id"
            | "in_reply_to_screen_name"
            | "lang"
            | "source"
            | "favorite_count"
            | "retweet_count"
            | "possibly_sensitive"
            | "community_id_str"
            | "community_id"
            | "entities"
            | "extended_entities"
            | "user"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_reading_borrows_and_keeps_the_rest() {
        let b = br#"{"tweet": {"id_str": "12", "id": "12", "full_text": "hi &amp; bye", "favorite_count": "3",
            "entities": {"urls": [{"url": "https://t.co/x", "expanded_url": "https://e.org", "indices": ["0", "14"], "extra": 1}],
                         "hashtags": [], "new_kind": [1]},
            "edit_info": {"initial": {"editTweetIds": ["12"]}}, "truncated": false}}"#;
        let mut rep = false;
        let ParsedTweet::Wrapped(t) = parse_tweet_item(b, &mut rep).unwrap() else {
            panic!()
        };
        assert!(matches!(t.full_text.as_ref().unwrap().0, Cow::Borrowed(_)));
        assert_eq!(t.favorite_count.unwrap().as_str(), "3");
        let e = t.entities.unwrap();
        assert_eq!(
            e.urls.as_ref().unwrap()[0].indices.as_ref().unwrap().0,
            Some((0, 14))
        );
        assert_eq!(e.urls.as_ref().unwrap()[0].rest["extra"].get(), "1");
        assert_eq!(e.rest["new_kind"].get(), "[1]");
        assert!(t.rest.contains_key("edit_info") && t.rest.contains_key("truncated"));
    }

    #[test]
    fn numbers_for_strings_and_bare_objects() {
        let b = br#"{"id": 296608467874099201, "id_str": "296608467874099201", "text": "x", "entities": {"urls": [{"url": "u", "indices": [1, 2]}]}}"#;
        let mut rep = false;
        let ParsedTweet::Bare(t) = parse_tweet_item(b, &mut rep).unwrap() else {
            panic!()
        };
        assert_eq!(t.id.unwrap().as_str(), "296608467874099201");
    }

    #[test]
    fn odd_field_types_are_kept_aside_not_fatal() {
        let b = br#"{"tweet": {"id_str": "5", "full_text": "t", "lang": {"odd": true}, "possibly_sensitive": "yes",
                    "entities": {"urls": "not a list"}}}"#;
        let mut rep = false;
        let ParsedTweet::Wrapped(t) = parse_tweet_item(b, &mut rep).unwrap() else {
            panic!()
        };
        assert_eq!(t.id_str.unwrap().as_str(), "5");
        assert!(t.lang.is_none());
        assert_eq!(t.rest["lang"].get(), r#"{"odd":true}"#);
        assert_eq!(t.rest["possibly_sensitive"].get(), r#""yes""#);
        assert!(t.entities.is_none());
        assert_eq!(t.rest["entities"].get(), r#"{"urls":"not a list"}"#);
    }

    #[test]
    fn flat_items_wrapped_bare_and_odd() {
        let mut rep = false;
        let f: LikeFields = parse_flat(
            br#"{"like": {"tweetId": "7", "fullText": "a &amp; b", "extra": [1]}}"#,
            &mut rep,
        )
        .unwrap()
        .unwrap();
        assert_eq!(f.tweet_id.unwrap().as_str(), "7");
        assert_eq!(f.rest["extra"].get(), "[1]");
        let g: GraphFields = parse_flat(br#"{"accountId": 12497}"#, &mut rep)
            .unwrap()
            .unwrap();
        assert_eq!(g.account_id.unwrap().as_str(), "12497");
        // a field of the wrong type is kept, the rest still read
        let f: LikeFields = parse_flat(
            br#"{"like": {"tweetId": "8", "fullText": {"odd": 1}}}"#,
            &mut rep,
        )
        .unwrap()
        .unwrap();
        assert_eq!(f.tweet_id.unwrap().as_str(), "8");
        assert!(f.full_text.is_none());
        assert_eq!(f.rest["fullText"].get(), r#"{"odd":1}"#);
        assert!(parse_flat::<LikeFields>(b"[1]", &mut rep)
            .unwrap()
            .is_none());
        assert!(parse_flat::<LikeFields>(b"{", &mut rep).is_err());
    }

    #[test]
    fn raw_values_are_kept_verbatim_but_on_one_line() {
        let b = b"{\"tweet\" : {\"id_str\" : \"1\", \"full_text\" : \"x\",\n  \"geo\" : { },\n  \"edit_info\" : {\n    \"z\" : 1.50,\n    \"a\" : \"two  spaces\\n\"\n  } } }";
        let mut rep = false;
        let ParsedTweet::Wrapped(t) = parse_tweet_item(b, &mut rep).unwrap() else {
            panic!()
        };
        assert_eq!(t.rest["geo"].get(), "{}");
        // key order and the number's spelling survive; only the layout goes
        assert_eq!(
            t.rest["edit_info"].get(),
            r#"{"z":1.50,"a":"two  spaces\n"}"#
        );
    }

    #[test]
    fn not_an_object() {
        let mut rep = false;
        assert!(matches!(
            parse_tweet_item(b"42", &mut rep).unwrap(),
            ParsedTweet::NotAnObject
        ));
        assert!(parse_tweet_item(b"{", &mut rep).is_err());
    }
}

/// Fields with a `rest` map, for the forgiving reading.
pub(crate) trait Open {
    fn rest_mut(&mut self) -> &mut Rest;
}

/// A like or bookmark: `{"like": {"tweetId", "fullText", "expandedUrl"}}`.
#[derive(Debug, Default)]
pub(crate) struct LikeFields<'de> {
    pub tweet_id: Option<Str<'de>>,
    pub full_text: Option<Str<'de>>,
    pub expanded_url: Option<Str<'de>>,
    pub created_at: Option<Str<'de>>,
    pub rest: Rest,
}
open_struct!(LikeFields, 'de, { "tweetId" => tweet_id, "fullText" => full_text, "expandedUrl" => expanded_url, "createdAt" => created_at });

/// An entry of a follower, following, block or mute list:
/// `{"follower": {"accountId", "userLink"}}`.
#[derive(Debug, Default)]
pub(crate) struct GraphFields<'de> {
    pub account_id: Option<Str<'de>>,
    pub user_link: Option<Str<'de>>,
    pub created_at: Option<Str<'de>>,
    pub rest: Rest,
}
open_struct!(GraphFields, 'de, { "accountId" => account_id, "userLink" => user_link, "createdAt" => created_at });

impl Open for LikeFields<'_> {
    fn rest_mut(&mut self) -> &mut Rest {
        &mut self.rest
    }
}
impl Open for GraphFields<'_> {
    fn rest_mut(&mut self) -> &mut Rest {
        &mut self.rest
    }
}

/// `{"<wrapper>": {…}}` with any wrapper name, read typed.
struct Wrapped<T>(Option<T>, Map<String, Value>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Wrapped<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Wrapped<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object with one wrapped object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Wrapped<T>, A::Error> {
                let mut inner = None;
                let mut rest = Map::new();
                while let Some(k) = map.next_key::<Str<'de>>()? {
                    if inner.is_none() && rest.is_empty() {
                        inner = Some(map.next_value::<T>()?);
                    } else {
                        rest.insert(k.into_string(), map.next_value::<Value>()?);
                    }
                }
                Ok(Wrapped(inner, rest))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// Read a small wrapped item (`{"like": {…}}`, `{"follower": {…}}`, or the bare
/// object) into typed fields; a field of an unexpected type is kept in `rest`.
/// `Ok(None)`: the item is not an object.
pub(crate) fn parse_flat<'a, T>(bytes: &'a [u8], repaired: &mut bool) -> Result<Option<T>, String>
where
    T: Deserialize<'a> + Open + Default,
{
    if let Ok(Wrapped(Some(t), rest)) = serde_json::from_slice::<Wrapped<T>>(bytes) {
        if rest.is_empty() {
            return Ok(Some(t));
        }
    }
    // the slow, forgiving way
    let v = crate::read::json::parse_value(bytes, repaired)?;
    let Value::Object(mut m) = v else {
        return Ok(None);
    };
    if m.len() == 1 && m.values().all(Value::is_object) {
        if let Some(Value::Object(inner)) = m.into_iter().next().map(|(_, v)| v) {
            m = inner;
        } else {
            return Ok(None);
        }
    }
    let (fit, aside): (Map<String, Value>, Map<String, Value>) = m
        .into_iter()
        .partition(|(_, v)| matches!(v, Value::String(_) | Value::Number(_) | Value::Null));
    // every field is a string now: typed reading cannot fail on types
    let mut t = T::deserialize(Value::Object(fit)).unwrap_or_default();
    t.rest_mut().extend(raw_map(aside));
    Ok(Some(t))
}
