//! G0 `tweets.csv`.

use super::*;

/// G0 `tweets.csv`: a cross-check when the month files are there, the tweets
/// themselves when they are not.
pub(crate) fn read_csv(
    t: &mut Twitter,
    e: &Entry,
    r: &mut dyn Read,
    cx: &mut Context,
) -> Result<u64> {
    let mut rd = ::csv::ReaderBuilder::new().flexible(true).from_reader(r);
    let headers = match rd.headers() {
        Ok(h) => h.clone(),
        Err(err) => {
            cx.report.skipped(
                Kind::Post,
                format!("tweets.csv has no readable header: {err}"),
                e.name.clone(),
            );
            return Ok(0);
        }
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (c_id, c_text, c_ts) = (col("tweet_id"), col("text"), col("timestamp"));
    let (c_rs, c_ru, c_src, c_urls) = (
        col("in_reply_to_status_id"),
        col("in_reply_to_user_id"),
        col("source"),
        col("expanded_urls"),
    );
    let (c_rt, c_rtu) = (col("retweeted_status_id"), col("retweeted_status_user_id"));
    let mut n = 0u64;
    let (mut matched, mut only_csv) = (0u64, 0u64);
    let mut rec = ::csv::StringRecord::new();
    loop {
        let idx = n;
        match rd.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                n += 1;
                let stop = err.is_io_error();
                cx.report.skipped(
                    Kind::Post,
                    format!("bad CSV row: {err}"),
                    format!("{}#{}", e.name, idx),
                );
                if stop {
                    break;
                }
                continue;
            }
        }
        n += 1;
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).filter(|s| !s.is_empty());
        let Some(id) = get(c_id).filter(|s| s.bytes().all(|b| b.is_ascii_digit())) else {
            cx.report.skipped(
                Kind::Post,
                "CSV row without a numeric tweet_id",
                format!("{}#{}", e.name, idx),
            );
            continue;
        };
        let nid: u64 = id.parse().unwrap_or(0);
        if t.has_classic_js && t.classic_ids.contains(&nid) {
            matched += 1;
            continue;
        }
        only_csv += 1;
        let mut raw = BTreeMap::new();
        let created_at = get(c_ts).and_then(|s| {
            let (ts, canon) = Timestamp::parse(s)?;
            if !canon {
                raw.insert("created_at".to_string(), s.to_string());
            }
            Some(ts)
        });
        let text_raw = get(c_text).unwrap_or("");
        let mut text = decode_entities(text_raw).into_owned();
        let urls: Vec<&str> = get(c_urls)
            .map(|s| s.split(',').filter(|u| !u.is_empty()).collect())
            .unwrap_or_default();
        let tcos: Vec<String> = text
            .split_whitespace()
            .filter(|w| w.starts_with("http://t.co/") || w.starts_with("https://t.co/"))
            .map(str::to_string)
            .collect();
        let mut links = Vec::new();
        if tcos.len() == urls.len() {
            let mut removed = false;
            for (s, u) in tcos.iter().zip(&urls) {
                if is_media_link(u) {
                    // a photo or video: the link goes, as in the other generations
                    text = text.replacen(s.as_str(), "", 1);
                    removed = true;
                    continue;
                }
                text = text.replacen(s.as_str(), u, 1);
                links.push(Link {
                    url: u.to_string(),
                    short_url: Some(s.clone()),
                    display: None,
                });
            }
            if removed {
                text = text.trim_end().to_string();
            }
        } else {
            links.extend(urls.iter().map(|u| Link {
                url: u.to_string(),
                short_url: None,
                display: None,
            }));
        }
        let mut ext = Map::new();
        ext.insert(
            "csv_row".into(),
            Value::Array(rec.iter().map(|s| Value::String(s.into())).collect()),
        );
        let post = Post {
            id: record_id(NET, Kind::Post, id),
            network: NET.into(),
            author: t.owner_id(),
            created_at: created_at.or_else(|| snowflake_time(nid)),
            text,
            reply_to: get(c_rs).map(|s| record_id(NET, Kind::Post, s)),
            reply_to_account: get(c_ru).map(|s| record_id(NET, Kind::Account, s)),
            repost_of: get(c_rt).map(|s| record_id(NET, Kind::Post, s)),
            repost_of_account: get(c_rtu).map(|s| record_id(NET, Kind::Account, s)),
            client: get(c_src).map(client_name),
            visibility: if t.protected {
                Visibility::Followers
            } else {
                Visibility::Public
            },
            links,
            raw_times: raw,
            source: Source::at(&e.name, idx),
            ext: Ext::from_map(ext),
            ..Default::default()
        };
        t.tweets_read += 1;
        cx.emit(Record::Post(post))?;
    }
    if t.has_classic_js {
        cx.report.warn(format!(
            "{}: {matched} rows repeat tweets read from data/js/tweets (cross-check), {only_csv} rows only in the CSV were imported",
            e.name
        ));
    }
    Ok(n)
}
