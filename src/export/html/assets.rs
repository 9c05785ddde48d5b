//! The site's style sheet and its search script (no other host, no script from a post).

pub(super) const CSS: &str = r#":root{--fg:#1d1d1f;--bg:#fdfdfb;--muted:#5c5c66;--line:#d9d9de;--accent:#0b57d0;--card:#fff}
@media (prefers-color-scheme:dark){:root{--fg:#ececf1;--bg:#15161a;--muted:#a8a8b3;--line:#33343b;--accent:#8ab4f8;--card:#1d1e23}}
*{box-sizing:border-box}body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}a:focus,button:focus,input:focus{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--card);padding:.5rem}
header.site{border-bottom:1px solid var(--line);padding:.75rem 1rem}header.site nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
header.site .name{font-weight:700;margin-right:1rem}main{max-width:42rem;margin:0 auto;padding:1rem}
article.post{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.75rem 1rem;margin:0 0 1rem}
article.post.focus{border-width:2px;border-color:var(--accent)}.meta{color:var(--muted);font-size:.9rem}
.media{display:flex;flex-wrap:wrap;gap:.5rem}.media img,.media video{max-width:100%;height:auto;border-radius:.25rem}
.cw{font-weight:700}article.post h2.meta,article.post h3.meta{margin:0 0 .4rem;font-size:.9rem;font-weight:400}.tags a{margin-right:.5rem}ol.thread,ol.replies{list-style:none;padding-left:0}ol.replies{padding-left:1rem;border-left:2px solid var(--line)}
.months li{margin:.2rem 0}input[type=search]{width:100%;font-size:1.1rem;padding:.5rem}footer{color:var(--muted);font-size:.85rem;text-align:center;padding:2rem 1rem}
img.avatar{width:6rem;height:6rem;border-radius:50%;object-fit:cover}img.header{max-width:100%;max-height:12rem;object-fit:cover}.badge{font-size:.8rem;border:1px solid var(--line);border-radius:1rem;padding:0 .5rem;margin-left:.5rem}
.net{display:inline-block;font-size:.75rem;font-weight:600;border:1px solid var(--muted);color:var(--fg);border-radius:.25rem;padding:0 .35rem;margin-right:.25rem;vertical-align:.05em}
header.site ul.owners{list-style:none;margin:.4rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.9rem}
details.cw{border:1px dashed var(--line);border-radius:.35rem;padding:.25rem .6rem;margin:.4rem 0}details.cw>summary{cursor:pointer;font-weight:600}details.cw[open]>summary{margin-bottom:.4rem}
.cw-label{color:var(--muted);font-weight:400}
.gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:.5rem;margin:.5rem 0}.gallery figure{margin:0}.gallery img,.gallery video{width:100%;height:auto;border-radius:.25rem}.gallery figcaption{font-size:.85rem;color:var(--muted)}
a.thumbs{display:flex;flex-wrap:wrap;gap:.35rem;margin:.35rem 0}a.thumbs img{width:7.5rem;height:7.5rem;object-fit:cover;border-radius:.25rem;border:1px solid var(--line)}
figure.chart{margin:1rem 0}figure.chart>svg{width:100%;height:auto;display:block;border:1px solid var(--line);border-radius:.25rem}figure.chart figcaption{font-weight:600;margin-bottom:.25rem}
ul.legend{list-style:none;padding:0;margin:.35rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.9rem}.legend .key{margin-right:.35rem;vertical-align:-.1rem}
details.numbers table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}details.numbers th,details.numbers td{border:1px solid var(--line);padding:.15rem .5rem;text-align:right}details.numbers th[scope=row]{text-align:left}
section.conversation ol.thread{border-left:3px solid var(--line);padding-left:.75rem}.pager p{display:flex;justify-content:space-between;gap:1rem}
h1.post-title{font-size:1.4rem;overflow-wrap:anywhere}article.post{overflow-wrap:anywhere}
.invisible{font-size:0;line-height:0;display:inline-block;width:0;height:0;overflow:hidden}.ellipsis::after{content:"…"}
"#;

pub(super) const SEARCH_JS: &str = r#"(function () {
  "use strict";
  var index = window.LIFEBOAT_INDEX || [];
  var input = document.getElementById("q");
  var status = document.getElementById("status");
  var list = document.getElementById("results");
  function run() {
    var q = input.value.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (q.length === 0) { status.textContent = index.length + " posts indexed."; return; }
    var found = 0;
    for (var i = 0; i < index.length && found < 200; i++) {
      var e = index[i], t = e.l || (e.l = e.t.toLowerCase()), ok = true;
      for (var j = 0; j < q.length; j++) { if (t.indexOf(q[j]) < 0) { ok = false; break; } }
      if (!ok) { continue; }
      found++;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.d;
      var p = document.createElement("p");
      p.textContent = e.t.length > 300 ? e.t.slice(0, 300) + "\u2026" : e.t;
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    }
    status.textContent = found === 0 ? "No post matches." : found + (found === 200 ? "+" : "") + " posts match.";
  }
  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
  var m = /[?&]q=([^&]*)/.exec(window.location.search);
  if (m) { input.value = decodeURIComponent(m[1].replace(/\+/g, " ")); }
  run();
})();
"#;
