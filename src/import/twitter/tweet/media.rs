//! A tweet's media (photos, GIFs, videos) as media records.

use super::*;

impl Twitter {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn media_record(
        &mut self,
        tid: &str,
        post_id: &str,
        mut mo: Map<String, Value>,
        src: &Source,
        dir: &str,
        classic: bool,
        cx: &mut Context,
    ) -> Media {
        let mid = take_str(&mut mo, "id_str")
            .or_else(|| take_str(&mut mo, "id"))
            .unwrap_or_default();
        if str_of(mo.get("id")).as_deref() == Some(mid.as_str()) {
            mo.remove("id");
        }
        let ty = take_str(&mut mo, "type").unwrap_or_else(|| "photo".into());
        let kind = match ty.as_str() {
            "animated_gif" => "gif",
            "video" => "video",
            _ => "photo",
        };
        let photo_url =
            take_str(&mut mo, "media_url_https").or_else(|| take_str(&mut mo, "media_url"));
        if let (Some(p), Some(Value::String(h))) = (&photo_url, mo.get("media_url")) {
            if h.trim_start_matches("http://") == p.trim_start_matches("https://") {
                mo.remove("media_url");
            }
        }
        mo.remove("indices");
        mo.remove("url");
        let alt_text = take_str(&mut mo, "ext_alt_text");
        // candidate file names: the best video variant first, then every other
        let mut names: Vec<String> = Vec::new();
        let mut best_url = None;
        if kind != "photo" {
            if let Some(Value::Object(vi)) = mo.get("video_info") {
                if let Some(Value::Array(vs)) = vi.get("variants") {
                    let mut vars: Vec<(u64, String)> = vs
                        .iter()
                        .filter_map(|v| {
                            let v = v.as_object()?;
                            let ct = get_str(v, "content_type").unwrap_or("");
                            if !ct.contains("mp4") {
                                return None;
                            }
                            let br = str_of(v.get("bitrate"))
                                .and_then(|b| b.parse().ok())
                                .unwrap_or(0);
                            Some((br, get_str(v, "url")?.to_string()))
                        })
                        .collect();
                    vars.sort_by_key(|v| std::cmp::Reverse(v.0));
                    best_url = vars.first().map(|v| v.1.clone());
                    names.extend(vars.iter().map(|v| basename(&v.1)));
                }
            }
        }
        if let Some(p) = &photo_url {
            names.push(basename(p));
        }
        let native = match mid.parse::<u64>() {
            Ok(n) if self.media_ids.insert(n) => mid.clone(),
            _ if mid.is_empty() => format!("{tid}-{}", names.first().cloned().unwrap_or_default()),
            _ => format!("{mid}@{tid}"),
        };
        let found = if classic {
            None
        } else {
            self.take_file(tid, &names)
        };
        let mut media = Media {
            id: record_id(NET, Kind::Media, &native),
            network: NET.into(),
            kind: kind.into(),
            alt_text,
            original_url: best_url.or(photo_url.clone()),
            attached_to: vec![post_id.to_string()],
            source: src.clone(),
            ..Default::default()
        };
        if kind != "photo" {
            if let Some(p) = photo_url {
                mo.insert("thumbnail_url".into(), Value::String(p));
            }
        }
        match found {
            Some((entry, stored)) => {
                media.set_file(entry, stored.sha256, stored.bytes, stored.path)
            }
            None => {
                media.missing = true;
                media.mime = media
                    .original_url
                    .as_deref()
                    .map(|u| crate::archive::mime_of(&basename(u)).to_string());
                if classic {
                    cx.report.repair("classic_media_reference");
                } else {
                    let want = names.first().cloned().unwrap_or_default();
                    cx.report.missing_media(format!(
                        "{dir}/{tid}-{want} (media {mid} of post {tid}) is referenced but not in the dump"
                    ));
                }
            }
        }
        media.ext = Ext::from_map(mo);
        media
    }
}
