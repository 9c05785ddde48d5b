//! Charts as inline SVG, drawn at export time: no script, no web font, nothing
//! loaded. Each chart is a `<figure>` whose SVG has `role="img"`, a `<title>` and a
//! `<desc>` that says what it shows in words, followed by the same numbers as a
//! table (in a `<details>`) for screen readers, for print and for copying.
//!
//! The colours are fixed (not taken from the page's theme) and drawn on their own
//! white background, so their contrast does not depend on a dark mode: every series
//! colour has a contrast ratio of at least 4.5:1 against white (checked in the tests
//! below and in the browser test).

use std::collections::BTreeMap;

use super::text::{esc, month_label};

/// Series colours: each at least 4.5:1 against white, told apart by hue and lightness.
pub(crate) const PALETTE: [&str; 8] = [
    "#0b57d0", "#b3261e", "#146c2e", "#7e3ba8", "#8a4b00", "#00696b", "#a0306e", "#4a4a55",
];

/// Monthly counts by series (a network), months as `YYYY-MM`.
pub(crate) type Monthly = BTreeMap<String, BTreeMap<String, u64>>;

fn ym(m: &str) -> Option<(i32, u32)> {
    let (y, mo) = m.split_once('-')?;
    let y: i32 = y.parse().ok()?;
    let mo: u32 = mo.parse().ok()?;
    (1..=12).contains(&mo).then_some((y, mo))
}

/// Every month from the first to the last with a count (gaps included, so a pause or
/// the month a network was left shows), at most 600 months (50 years): an archive
/// spanning more is drawn by year.
fn month_axis(series: &Monthly) -> (Vec<String>, bool) {
    let all: Vec<(i32, u32)> = series
        .values()
        .flat_map(|m| m.keys())
        .filter_map(|k| ym(k))
        .collect();
    let (Some(first), Some(last)) = (all.iter().min(), all.iter().max()) else {
        return (Vec::new(), false);
    };
    let span = (last.0 - first.0) * 12 + last.1 as i32 - first.1 as i32;
    if span > 600 {
        return ((first.0..=last.0).map(|y| y.to_string()).collect(), true);
    }
    let mut out = Vec::new();
    let (mut y, mut m) = *first;
    while (y, m) <= *last {
        out.push(format!("{y:04}-{m:02}"));
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    (out, false)
}

fn nice_max(v: u64) -> u64 {
    if v <= 5 {
        return v.max(1);
    }
    let mut step = 1u64;
    while step.saturating_mul(10) <= v {
        step = step.saturating_mul(10);
    }
    for k in [1, 2, 5, 10] {
        if step.saturating_mul(k) >= v {
            return step.saturating_mul(k);
        }
    }
    v
}

/// A stacked bar chart of counts per month per series, with its table. `id` makes the
/// element ids unique in the page; `what` names the counted things ("posts").
pub(crate) fn monthly(id: &str, title: &str, what: &str, series: &Monthly) -> String {
    let (axis, by_year) = month_axis(series);
    if axis.is_empty() {
        return format!(
            "<figure class=\"chart\"><figcaption>{}</figcaption><p>No dated {}.</p></figure>\n",
            esc(title),
            esc(what)
        );
    }
    let bucket = |k: &str| -> String {
        if by_year {
            k.get(..4).unwrap_or(k).to_string()
        } else {
            k.to_string()
        }
    };
    // counts[axis][series]
    let names: Vec<&String> = series.keys().collect();
    let mut counts = vec![vec![0u64; names.len()]; axis.len()];
    let index: BTreeMap<&str, usize> = axis
        .iter()
        .enumerate()
        .map(|(i, a)| (a.as_str(), i))
        .collect();
    let mut undated = 0u64;
    for (si, n) in names.iter().enumerate() {
        for (k, v) in &series[*n] {
            match index.get(bucket(k).as_str()) {
                Some(&ai) => {
                    if let Some(c) = counts.get_mut(ai).and_then(|r| r.get_mut(si)) {
                        *c += v;
                    }
                }
                None => undated += v,
            }
        }
    }
    let top = counts
        .iter()
        .map(|r| r.iter().sum::<u64>())
        .max()
        .unwrap_or(0);
    let ymax = nice_max(top);
    let total: u64 = counts.iter().flatten().sum();
    let (w, h, left, bottom, topm) = (720.0f64, 240.0f64, 48.0, 28.0, 12.0);
    let plot_w = w - left - 8.0;
    let plot_h = h - bottom - topm;
    let bw = plot_w / axis.len() as f64;
    let mut s = String::new();
    let desc = {
        let per: Vec<String> = names
            .iter()
            .map(|n| {
                let c: u64 = series[*n].values().sum();
                format!("{}: {c}", network_label(n))
            })
            .collect();
        format!(
            "{total} {what} from {} to {}, by {}. {}.",
            label_of(axis.first().map(String::as_str).unwrap_or(""), by_year),
            label_of(axis.last().map(String::as_str).unwrap_or(""), by_year),
            if by_year { "year" } else { "month" },
            per.join("; ")
        )
    };
    s.push_str(&format!(
        "<figure class=\"chart\" id=\"{id}\"><figcaption id=\"{id}-t\">{}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-st {id}-sd\" preserveAspectRatio=\"xMidYMid meet\"><title id=\"{id}-st\">{}</title><desc id=\"{id}-sd\">{}</desc>\n<rect class=\"bg\" x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n",
        esc(title),
        esc(title),
        esc(&desc)
    ));
    // grid and y labels, at whole numbers: `nice_max` is at most 5, or 1, 2 or 5
    // times a power of ten (2·10ⁿ in four steps, the others in five)
    let mut lead = ymax;
    while lead >= 10 {
        lead /= 10;
    }
    let ticks = if ymax <= 5 {
        ymax
    } else if lead == 2 {
        4
    } else {
        5
    };
    for i in 0..=ticks {
        let v = ymax * i / ticks;
        let y = topm + plot_h - plot_h * (i as f64) / ticks as f64;
        s.push_str(&format!(
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#d0d0d8\" stroke-width=\"1\"/><text x=\"{}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#3a3a44\">{v}</text>\n",
            w - 8.0,
            left - 4.0,
            y + 4.0
        ));
    }
    // bars
    for (ai, row) in counts.iter().enumerate() {
        let x = left + bw * ai as f64;
        let mut y = topm + plot_h;
        for (si, &c) in row.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let bh = plot_h * c as f64 / ymax as f64;
            y -= bh;
            let colour = PALETTE[si % PALETTE.len()];
            s.push_str(&format!(
                "<rect class=\"s{si}\" x=\"{:.2}\" y=\"{y:.2}\" width=\"{:.2}\" height=\"{bh:.2}\" fill=\"{colour}\"><title>{}: {c} {} ({})</title></rect>\n",
                x + bw * 0.1,
                (bw * 0.8).max(0.5),
                esc(&label_of(&axis[ai], by_year)),
                esc(what),
                esc(&network_label(names[si]))
            ));
        }
    }
    // x labels: at most about 12
    for (ai, text) in x_labels(&axis, by_year) {
        let x = left + bw * ai as f64 + bw / 2.0;
        s.push_str(&format!(
            "<text x=\"{x:.1}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#3a3a44\">{}</text>\n",
            h - 10.0,
            esc(&text)
        ));
    }
    s.push_str("</svg>\n");
    // legend
    s.push_str("<ul class=\"legend\">");
    for (si, n) in names.iter().enumerate() {
        s.push_str(&format!(
            "<li><svg class=\"key\" width=\"14\" height=\"14\" aria-hidden=\"true\"><rect width=\"14\" height=\"14\" rx=\"2\" fill=\"{}\"/></svg>{}</li>",
            PALETTE[si % PALETTE.len()],
            esc(&network_label(n))
        ));
    }
    s.push_str("</ul>\n");
    // the table
    s.push_str(&format!(
        "<details class=\"numbers\"><summary>The numbers</summary><table><caption>{} (by {})</caption><thead><tr><th scope=\"col\">{}</th>",
        esc(title),
        if by_year { "year" } else { "month" },
        if by_year { "Year" } else { "Month" }
    ));
    for n in &names {
        s.push_str(&format!(
            "<th scope=\"col\">{}</th>",
            esc(&network_label(n))
        ));
    }
    s.push_str("</tr></thead><tbody>");
    for (ai, row) in counts.iter().enumerate() {
        if row.iter().all(|&c| c == 0) {
            continue;
        }
        s.push_str(&format!(
            "<tr><th scope=\"row\">{}</th>",
            esc(&label_of(&axis[ai], by_year))
        ));
        for c in row {
            s.push_str(&format!("<td>{c}</td>"));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    if undated > 0 {
        s.push_str(&format!(
            "<p>{undated} undated {} not drawn.</p>",
            esc(what)
        ));
    }
    s.push_str("</details></figure>\n");
    s
}

/// Where the x axis is labelled, and with what: at most about 12 labels. Over more
/// than a year of months, the Januaries carry their year (every `n`th year when there
/// are many), so the axis reads as years; a shorter span shows its months (`2024`,
/// `02`, `03`…, the year where it starts or turns).
fn x_labels(axis: &[String], by_year: bool) -> Vec<(usize, String)> {
    let year = |a: &str| a.get(..4).unwrap_or(a).to_string();
    if !by_year && axis.len() > 12 {
        let januaries = axis.iter().filter(|a| a.ends_with("-01")).count();
        let step = januaries.div_ceil(12).max(1);
        return axis
            .iter()
            .enumerate()
            .filter(|(_, a)| a.ends_with("-01"))
            .filter(|(_, a)| {
                a.get(..4)
                    .and_then(|y| y.parse::<usize>().ok())
                    .is_some_and(|y| y % step == 0)
            })
            .map(|(i, a)| (i, year(a)))
            .collect();
    }
    let every = axis.len().div_ceil(12).max(1);
    axis.iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(i, a)| {
            let text = if by_year || a.ends_with("-01") || i == 0 {
                year(a)
            } else {
                a.get(5..).unwrap_or(a).to_string()
            };
            (i, text)
        })
        .collect()
}

fn label_of(k: &str, by_year: bool) -> String {
    if by_year {
        k.to_string()
    } else {
        month_label(k)
    }
}

/// Horizontal stacked bars: one row per label, one segment per part (`parts` names
/// them in order), with the table.
pub(crate) fn stacked_rows(
    id: &str,
    title: &str,
    parts: &[&str],
    rows: &[(String, Vec<u64>)],
) -> String {
    let top = rows
        .iter()
        .map(|(_, v)| v.iter().sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1);
    let (w, row_h, left) = (720.0f64, 22.0f64, 150.0f64);
    let h = row_h * rows.len() as f64 + 8.0;
    let plot_w = w - left - 70.0;
    let desc: Vec<String> = rows
        .iter()
        .map(|(l, v)| {
            let p: Vec<String> = parts
                .iter()
                .zip(v)
                .map(|(n, c)| format!("{c} {n}"))
                .collect();
            format!("{l}: {}", p.join(", "))
        })
        .collect();
    let mut s = format!(
        "<figure class=\"chart\" id=\"{id}\"><figcaption id=\"{id}-t\">{}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-st {id}-sd\"><title id=\"{id}-st\">{}</title><desc id=\"{id}-sd\">{}</desc>\n<rect class=\"bg\" x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n",
        esc(title),
        esc(title),
        esc(&desc.join(". "))
    );
    for (ri, (label, v)) in rows.iter().enumerate() {
        let y = 4.0 + row_h * ri as f64;
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\" fill=\"#1d1d1f\">{}</text>\n",
            left - 6.0,
            y + row_h * 0.65,
            esc(label)
        ));
        let mut x = left;
        for (pi, &c) in v.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let bw = plot_w * c as f64 / top as f64;
            s.push_str(&format!(
                "<rect class=\"s{pi}\" x=\"{x:.2}\" y=\"{:.1}\" width=\"{:.2}\" height=\"{:.1}\" fill=\"{}\"><title>{}: {c} {}</title></rect>\n",
                y + 2.0,
                bw.max(1.0),
                row_h - 6.0,
                PALETTE[pi % PALETTE.len()],
                esc(label),
                esc(parts.get(pi).copied().unwrap_or(""))
            ));
            x += bw.max(1.0);
        }
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#1d1d1f\">{}</text>\n",
            x + 4.0,
            y + row_h * 0.65,
            v.iter().sum::<u64>()
        ));
    }
    s.push_str("</svg>\n<ul class=\"legend\">");
    for (pi, n) in parts.iter().enumerate() {
        s.push_str(&format!(
            "<li><svg class=\"key\" width=\"14\" height=\"14\" aria-hidden=\"true\"><rect width=\"14\" height=\"14\" rx=\"2\" fill=\"{}\"/></svg>{}</li>",
            PALETTE[pi % PALETTE.len()],
            esc(n)
        ));
    }
    s.push_str("</ul>\n<details class=\"numbers\"><summary>The numbers</summary><table><thead><tr><th scope=\"col\"></th>");
    for n in parts {
        s.push_str(&format!("<th scope=\"col\">{}</th>", esc(n)));
    }
    s.push_str("</tr></thead><tbody>");
    for (label, v) in rows {
        s.push_str(&format!("<tr><th scope=\"row\">{}</th>", esc(label)));
        for c in v {
            s.push_str(&format!("<td>{c}</td>"));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></details></figure>\n");
    s
}

/// A network's name for people.
pub(crate) fn network_label(n: &str) -> String {
    match n {
        "twitter" => "X (Twitter)".into(),
        "mastodon" => "Mastodon".into(),
        "bluesky" => "Bluesky".into(),
        "facebook" => "Facebook".into(),
        "instagram" => "Instagram".into(),
        "threads" => "Threads".into(),
        "linkedin" => "LinkedIn".into(),
        "reddit" => "Reddit".into(),
        "tumblr" => "Tumblr".into(),
        "youtube" => "YouTube".into(),
        "googleplus" => "Google+".into(),
        "wordpress" => "WordPress".into(),
        "blogger" => "Blogger".into(),
        "disqus" => "Disqus".into(),
        "myspace" => "MySpace".into(),
        "secondlife" => "Second Life".into(),
        "bebo" => "Bebo".into(),
        "web" => "Web capture".into(),
        other => {
            let mut c = other.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => "unknown network".into(),
            }
        }
    }
}

/// The WCAG contrast ratio of two `#rrggbb` colours.
#[cfg(test)]
pub(crate) fn contrast(a: &str, b: &str) -> f64 {
    fn lum(c: &str) -> f64 {
        let v = u32::from_str_radix(c.trim_start_matches('#'), 16).unwrap_or(0);
        let ch = |s: u32| {
            let x = ((v >> s) & 0xff) as f64 / 255.0;
            if x <= 0.03928 {
                x / 12.92
            } else {
                ((x + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(16) + 0.7152 * ch(8) + 0.0722 * ch(0)
    }
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_contrasts_with_the_white_chart_background() {
        for c in PALETTE {
            assert!(
                contrast(c, "#ffffff") >= 4.5,
                "{c}: {}",
                contrast(c, "#ffffff")
            );
        }
        assert!(contrast("#3a3a44", "#ffffff") >= 4.5);
    }

    #[test]
    fn monthly_chart_fills_gaps_and_tabulates_every_month_with_posts() {
        let mut s = Monthly::new();
        s.entry("twitter".into())
            .or_default()
            .insert("2021-11".into(), 3);
        s.entry("twitter".into())
            .or_default()
            .insert("2022-02".into(), 1);
        s.entry("mastodon".into())
            .or_default()
            .insert("2022-02".into(), 5);
        let h = monthly("c", "Posts per month", "posts", &s);
        // four months on the axis (Nov, Dec, Jan, Feb): three drawn bars
        assert_eq!(h.matches("<rect class=\"s").count(), 3, "{h}");
        assert!(h.contains("<th scope=\"row\">November 2021</th><td>0</td><td>3</td>"));
        assert!(h.contains("<th scope=\"row\">February 2022</th><td>5</td><td>1</td>"));
        assert!(
            !h.contains("December 2021</th>"),
            "empty months are not tabulated"
        );
        assert!(h.contains("9 posts from November 2021 to February 2022"));
        assert!(h.contains("role=\"img\""));
        let none = monthly("c", "Posts", "posts", &Monthly::new());
        assert!(none.contains("No dated posts"));
    }

    #[test]
    fn the_count_axis_is_labelled_at_whole_numbers() {
        let y_labels = |top: u64| -> Vec<u64> {
            let mut s = Monthly::new();
            s.entry("twitter".into())
                .or_default()
                .insert("2021-05".into(), top);
            let h = monthly("c", "Posts", "posts", &s);
            h.split("text-anchor=\"end\" fill=\"#3a3a44\">")
                .skip(1)
                .filter_map(|x| x.split('<').next()?.parse().ok())
                .collect()
        };
        assert_eq!(y_labels(3), [0, 1, 2, 3]);
        assert_eq!(y_labels(7), [0, 2, 4, 6, 8, 10]);
        assert_eq!(y_labels(17), [0, 5, 10, 15, 20]);
        assert_eq!(y_labels(420), [0, 100, 200, 300, 400, 500]);
        assert_eq!(y_labels(0), [0, 1]);
    }

    #[test]
    fn years_of_months_are_labelled_by_year_at_january() {
        let months = |from: i32, n: usize| -> Vec<String> {
            (0..n)
                .map(|i| {
                    let m = 10 + i as i32; // from November
                    format!("{}-{:02}", from + m / 12, m % 12 + 1)
                })
                .collect()
        };
        // 12 years from November 2012: one label per January, each a year
        let l = x_labels(&months(2012, 144), false);
        let texts: Vec<&str> = l.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts.first(), Some(&"2013"), "{texts:?}");
        assert!(texts.iter().all(|t| t.len() == 4), "{texts:?}");
        assert!(l.len() <= 12, "{l:?}");
        assert!(l
            .iter()
            .all(|(i, _)| months(2012, 144)[*i].ends_with("-01")));
        // 30 years: every third year
        let l = x_labels(&months(1990, 360), false);
        assert!(l.len() <= 12 && l.len() >= 9, "{l:?}");
        // under a year: months, the year where it starts
        let l = x_labels(&months(2023, 6), false);
        let texts: Vec<&str> = l.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, ["2023", "12", "2024", "02", "03", "04"]);
    }

    #[test]
    fn a_long_span_is_drawn_by_year() {
        let mut s = Monthly::new();
        let m = s.entry("web".into()).or_default();
        m.insert("1950-01".into(), 1);
        m.insert("2024-05".into(), 2);
        let h = monthly("c", "Posts", "posts", &s);
        assert!(h.contains("by year"), "{h}");
        assert!(h.contains("<th scope=\"row\">2024</th><td>2</td>"));
    }
}
