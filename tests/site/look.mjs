// Open pages of an exported site (or an audit report) from file:// in headless
// Chromium over the DevTools protocol, at a desktop and a phone width, and report what
// a reader and an assistive technology would meet:
//
//   node --experimental-websocket tests/site/look.mjs ROOT SHOTS [--pdf] PAGE...
//
// For each page and width: a screenshot written to SHOTS (PNG), console errors and
// exceptions, every request (any that is not file:, data:, about: or blob: is a
// problem), the headings, landmarks, images without alt text, media without a label,
// the charts (an SVG with role=img, a title and a description, and each bar's colour
// against its background as a WCAG contrast ratio), horizontal overflow, and facts
// the Rust test checks (network labels per post, closed content warnings,
// thumbnails, entity links); then, with every content warning opened, whether what
// was behind it shows and whether every picture decodes. With --pdf, each page is also printed to PDF (SHOTS/
// NAME.pdf). Prints one JSON line; exits 0 when no problem was found.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const root = resolve(args.shift());
const shots = resolve(args.shift());
let pdf = false;
if (args[0] === "--pdf") { pdf = true; args.shift(); }
const pages = args;
mkdirSync(shots, { recursive: true });

const problems = [];
const requests = [];
const report = {};
const profile = mkdtempSync(join(tmpdir(), "lifeboat-chromium-"));
const chrome = spawn(process.env.CHROMIUM || "chromium", [
  "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
  `--user-data-dir=${profile}`, "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-default-apps",
  "--hide-scrollbars", "about:blank",
], { stdio: ["ignore", "ignore", "pipe"] });

function finish(code) {
  // the whole report goes to a file (a pipe may not be drained before exit)
  writeFileSync(join(shots, "report.json"), JSON.stringify({ ok: code === 0, problems, requests: requests.length, pages: report }));
  console.log(JSON.stringify({ ok: code === 0, problems: problems.slice(0, 20), requests: requests.length }));
  try { chrome.kill("SIGKILL"); } catch (e) { /* already gone */ }
  try { rmSync(profile, { recursive: true, force: true }); } catch (e) { /* best effort */ }
  process.exit(code);
}
setTimeout(() => { problems.push("timed out"); finish(1); }, 480000);

const wsUrl = await new Promise((ok, bad) => {
  let buf = "";
  chrome.stderr.on("data", (d) => {
    buf += d.toString();
    const m = /DevTools listening on (ws:\/\/\S+)/.exec(buf);
    if (m) { ok(m[1]); }
  });
  chrome.on("exit", (c) => bad(new Error(`chromium exited ${c}: ${buf.slice(-500)}`)));
}).catch((e) => { problems.push(String(e)); finish(1); });

const ws = new WebSocket(wsUrl);
await new Promise((ok) => ws.addEventListener("open", ok));
let nextId = 1;
const pending = new Map();
const waiters = [];
let current = "";
ws.addEventListener("message", (ev) => {
  const m = JSON.parse(ev.data);
  if (m.id && pending.has(m.id)) {
    const { ok, bad } = pending.get(m.id);
    pending.delete(m.id);
    m.error ? bad(new Error(JSON.stringify(m.error))) : ok(m.result);
    return;
  }
  const p = m.params || {};
  if (m.method === "Network.requestWillBeSent") {
    requests.push(p.request.url);
    if (!/^(file|data|about|blob):/.test(p.request.url)) {
      problems.push(`${current}: request left the machine: ${p.request.url}`);
    }
  } else if (m.method === "Network.loadingFailed" && !p.canceled) {
    problems.push(`${current}: a load failed: ${p.errorText}`);
  } else if (m.method === "Runtime.exceptionThrown") {
    problems.push(`${current}: exception: ${JSON.stringify(p.exceptionDetails).slice(0, 300)}`);
  } else if (m.method === "Runtime.consoleAPICalled" && ["error", "warning", "assert"].includes(p.type)) {
    problems.push(`${current}: console ${p.type}: ${JSON.stringify(p.args).slice(0, 300)}`);
  } else if (m.method === "Log.entryAdded" && ["error", "warning"].includes(p.entry.level)) {
    problems.push(`${current}: log ${p.entry.level}: ${p.entry.text} ${p.entry.url || ""}`);
  }
  for (const w of waiters.splice(0)) {
    if (w.method === m.method) { w.ok(p); } else { waiters.push(w); }
  }
});
function send(method, params = {}, sessionId) {
  const id = nextId++;
  ws.send(JSON.stringify({ id, method, params, sessionId }));
  return new Promise((ok, bad) => pending.set(id, { ok, bad }));
}
const waitFor = (method) => new Promise((ok) => waiters.push({ method, ok }));

// What the page holds, computed in the page.
const FACTS = `(() => {
  const lum = (rgb) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(rgb) || /#([0-9a-f]{6})/i.exec(rgb);
    let c;
    if (!m) { return null; }
    if (m[0][0] === "#") { const v = parseInt(m[1], 16); c = [v >> 16 & 255, v >> 8 & 255, v & 255]; }
    else { c = m[1].split(",").map((x) => parseFloat(x)); }
    const f = (x) => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); if (x === null || y === null) { return 0; } return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const charts = [...document.querySelectorAll("figure.chart")].map((f) => {
    const svg = f.querySelector("svg");
    const bg = svg && svg.querySelector("rect.bg");
    const bgc = bg ? getComputedStyle(bg).fill : "rgb(255, 255, 255)";
    const bars = svg ? [...svg.querySelectorAll("rect:not(.bg)")] : [];
    const contrasts = bars.map((r) => ratio(getComputedStyle(r).fill, bgc));
    const text = svg ? [...svg.querySelectorAll("text")].map((t) => ratio(getComputedStyle(t).fill, bgc)) : [];
    return {
      role: svg && svg.getAttribute("role"),
      title: !!(svg && svg.querySelector("title") && svg.querySelector("title").textContent.trim()),
      desc: !!(svg && svg.querySelector("desc") && svg.querySelector("desc").textContent.trim()),
      bars: bars.length,
      minBarContrast: contrasts.length ? Math.min(...contrasts) : null,
      minTextContrast: text.length ? Math.min(...text) : null,
      tableRows: f.querySelectorAll("table tbody tr").length,
      width: svg ? svg.getBoundingClientRect().width : 0,
    };
  });
  const headings = [...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].map((h) => +h.tagName[1]);
  let skipped = 0;
  for (let i = 1; i < headings.length; i++) { if (headings[i] > headings[i - 1] + 1) { skipped++; } }
  const posts = [...document.querySelectorAll("main article.post")];
  const local = (a) => a.protocol === "file:";
  return {
    title: document.title,
    h1: document.querySelectorAll("h1").length,
    h1Text: (document.querySelector("h1") || {}).textContent || "",
    headingSkips: skipped,
    landmarks: { main: document.querySelectorAll("main").length, header: document.querySelectorAll("body > header").length, nav: document.querySelectorAll("nav").length, footer: document.querySelectorAll("body > footer").length },
    lang: document.documentElement.lang,
    imgNoAlt: [...document.images].filter((i) => !i.hasAttribute("alt")).length,
    imgEmptyAlt: [...document.images].filter((i) => i.getAttribute("alt") === "").length,
    imgBroken: [...document.images].filter((i) => i.complete && i.naturalWidth === 0 && i.loading !== "lazy").length,
    mediaNoLabel: [...document.querySelectorAll("video,audio")].filter((v) => !v.getAttribute("aria-label")).length,
    scripts: document.querySelectorAll("script").length,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    charts,
    owners: [...document.querySelectorAll("header ul.owners li")].map((l) => l.textContent.trim()),
    posts: posts.length,
    postsWithNetwork: posts.filter((a) => a.querySelector(".net")).length,
    networks: [...new Set(posts.map((a) => (a.querySelector(".net") || {}).textContent).filter(Boolean))],
    cw: document.querySelectorAll("details.cw").length,
    cwOpen: document.querySelectorAll("details.cw[open]").length,
    cwHiddenText: [...document.querySelectorAll("details.cw")].every((d) => !!d.querySelector("summary") && [...d.children].filter((c) => c.tagName !== "SUMMARY").every((c) => !c.checkVisibility())),
    thumbs: document.querySelectorAll("a.thumbs img").length,
    thumbsLoaded: [...document.querySelectorAll("a.thumbs img")].filter((i) => i.complete && i.naturalWidth > 0).length,
    gallery: document.querySelectorAll(".gallery figure").length,
    mentionsLocal: [...document.querySelectorAll("main a[href]")].filter((a) => local(a) && /\\/accounts\\//.test(a.href) && /^@/.test(a.textContent.trim())).length,
    hashtagsLocal: [...document.querySelectorAll("main a[href]")].filter((a) => local(a) && /\\/tags\\//.test(a.href) && /^#/.test(a.textContent.trim())).length,
    outsideLinks: [...document.querySelectorAll("main a[href]")].filter((a) => /^https?:/.test(a.href)).map((a) => a.href),
    // the links in the posts' words (not their headings, dates, galleries or
    // thumbnails): "mention" (@name), "tag" (the site's tag page), "account" (the
    // site's account page), "link" (the web)
    entityLinks: [...document.querySelectorAll("main article.post a[href]")]
      .filter((a) => !a.closest(".meta, .gallery, a.thumbs") && !a.classList.contains("thumbs"))
      .map((a) => {
        const t = a.textContent.trim();
        const kind = /^[@+]/.test(t) ? "mention" : local(a) && /\\/tags\\//.test(a.href) ? "tag" : local(a) && /\\/accounts\\//.test(a.href) ? "account" : /^https?:/.test(a.href) ? "link" : "other";
        return { kind, text: t.slice(0, 60), href: a.href.slice(0, 160) };
      }),
    // t.co links left short in the posts (the archive holds their expansions; a bio's
    // may be unknown)
    shortLinksShown: posts.map((a) => (a.textContent.match(/https?:\\/\\/t\\.co\\//g) || []).length).reduce((x, y) => x + y, 0),
  };
})()`;

// Open every disclosure, load every picture; what shows then.
const OPENED = `(async () => {
  const warnings = [...document.querySelectorAll("details.cw")];
  warnings.forEach((d) => { d.open = true; });
  const imgs = [...document.querySelectorAll("main img")];
  imgs.forEach((i) => { i.loading = "eager"; });
  await Promise.all(imgs.map((i) => i.decode().catch(() => null)));
  const ok = (i) => i.complete && i.naturalWidth > 0;
  const thumbs = [...document.querySelectorAll("a.thumbs img")];
  const gallery = [...document.querySelectorAll(".gallery img")];
  return {
    cwShown: warnings.every((d) => [...d.children].filter((c) => c.tagName !== "SUMMARY").some((c) => c.checkVisibility())),
    thumbs: thumbs.length,
    thumbsLoaded: thumbs.filter(ok).length,
    thumbsVisible: thumbs.filter((i) => i.checkVisibility()).length,
    galleryImgs: gallery.length,
    galleryLoaded: gallery.filter(ok).length,
    imgsBroken: imgs.filter((i) => !ok(i)).map((i) => i.getAttribute("src")),
  };
})()`;

try {
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  const s = (method, params) => send(method, params, sessionId);
  for (const d of ["Network", "Runtime", "Log", "Page"]) { await s(`${d}.enable`); }
  const evaluate = async (expr) => {
    const r = await s("Runtime.evaluate", { expression: expr, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) { throw new Error(`in the page: ${JSON.stringify(r.exceptionDetails).slice(0, 500)}`); }
    return r.result.value;
  };
  const open = async (url) => {
    const loaded = waitFor("Page.loadEventFired");
    await s("Page.navigate", { url });
    await loaded;
  };
  for (const page of pages) {
    report[page] = {};
    for (const [label, width, height, mobile] of [["desktop", 1280, 900, false], ["phone", 390, 844, true]]) {
      current = `${page} (${label})`;
      await s("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile });
      await open(pathToFileURL(join(root, page)).href);
      // lazy pictures load once scrolled to
      await evaluate("window.scrollTo(0, document.body.scrollHeight)");
      await new Promise((ok) => setTimeout(ok, 300));
      await evaluate("window.scrollTo(0, 0)");
      const facts = await evaluate(FACTS);
      const shot = await s("Page.captureScreenshot", { format: "png", captureBeyondViewport: false });
      // then as a reader who opens every warning: what was behind them shows, and
      // every picture (thumbnail or gallery) decodes
      facts.opened = await evaluate(OPENED);
      const png = Buffer.from(shot.data, "base64");
      const name = `${page.replace(/\.html$/, "").replace(/[\/\\]/g, "_")}-${label}.png`;
      writeFileSync(join(shots, name), png);
      facts.screenshot = { file: name, bytes: png.length, png: png.subarray(1, 4).toString() === "PNG" };
      report[page][label] = facts;
      if (facts.overflow > 1) { problems.push(`${current}: wider than the screen by ${facts.overflow}px`); }
    }
    if (pdf) {
      current = `${page} (print)`;
      const r = await s("Page.printToPDF", { printBackground: true, preferCSSPageSize: true });
      const bytes = Buffer.from(r.data, "base64");
      const name = `${page.replace(/\.html$/, "").replace(/[\/\\]/g, "_")}.pdf`;
      writeFileSync(join(shots, name), bytes);
      const pagesN = (bytes.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
      report[page].pdf = { file: name, bytes: bytes.length, magic: bytes.subarray(0, 5).toString(), pages: pagesN };
    }
  }
  finish(problems.length ? 1 : 0);
} catch (e) {
  problems.push(String(e && e.stack || e));
  finish(1);
}
