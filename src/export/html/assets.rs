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
