// Drive headless Chromium over the DevTools protocol to check an exported HTML site
// opened from file://: the home page loads, a search finds a known post, the post's
// page shows its replies, and there are no console errors and no request to any host.
//
// node --experimental-websocket tests/site/check.mjs SITE_DIR QUERY REPLY_TEXT
// Needs Node >= 20 (WebSocket) and Chromium (CHROMIUM, or `chromium` on PATH).
// Prints one JSON line; exits 0 when every check passed.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [site, query, replyText] = process.argv.slice(2);
const problems = [];
const requests = [];
const profile = mkdtempSync(join(tmpdir(), "lifeboat-chromium-"));
const chrome = spawn(process.env.CHROMIUM || "chromium", [
  "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
  `--user-data-dir=${profile}`, "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-default-apps", "about:blank",
], { stdio: ["ignore", "ignore", "pipe"] });

function finish(code, extra) {
  console.log(JSON.stringify({ ok: code === 0, problems, requests: requests.length, ...extra }));
  try { chrome.kill("SIGKILL"); } catch (e) { /* already gone */ }
  try { rmSync(profile, { recursive: true, force: true }); } catch (e) { /* best effort */ }
  process.exit(code);
}
setTimeout(() => { problems.push("timed out"); finish(1); }, 60000);

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
      problems.push(`request left the machine: ${p.request.url}`);
    }
  } else if (m.method === "Runtime.exceptionThrown") {
    problems.push(`exception: ${JSON.stringify(p.exceptionDetails).slice(0, 300)}`);
  } else if (m.method === "Runtime.consoleAPICalled" && ["error", "warning", "assert"].includes(p.type)) {
    problems.push(`console ${p.type}: ${JSON.stringify(p.args).slice(0, 300)}`);
  } else if (m.method === "Log.entryAdded" && p.entry.level === "error") {
    problems.push(`log error: ${p.entry.text} ${p.entry.url || ""}`);
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

try {
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  const s = (method, params) => send(method, params, sessionId);
  for (const d of ["Network", "Runtime", "Log", "Page"]) { await s(`${d}.enable`); }
  const evaluate = async (expr) => (await s("Runtime.evaluate", { expression: expr, returnByValue: true })).result.value;
  const open = async (url) => {
    const loaded = waitFor("Page.loadEventFired");
    await s("Page.navigate", { url });
    await loaded;
  };
  const root = resolve(site);
  await open(pathToFileURL(join(root, "index.html")).href);
  const h1 = await evaluate("document.querySelector('h1') && document.querySelector('h1').textContent");
  if (!h1) { problems.push("index.html has no h1"); }
  const alts = await evaluate("[...document.images].filter(i => !i.hasAttribute('alt')).length");
  if (alts) { problems.push(`${alts} images without alt`); }

  // search by typing into the box
  await open(pathToFileURL(join(root, "search.html")).href);
  await evaluate(`(() => { const q = document.getElementById('q'); q.focus(); q.value = ${JSON.stringify(query)};
                   q.dispatchEvent(new Event('input')); })()`);
  // the page searches shortly after typing stops: wait for its status line
  let hits = [];
  for (let i = 0; i < 50; i++) {
    await new Promise((ok) => setTimeout(ok, 100));
    hits = await evaluate("[...document.querySelectorAll('#results li a')].map(a => a.href)");
    if (hits && hits.length) { break; }
  }
  if (!hits || hits.length === 0) { problems.push(`search for ${query} found nothing`); }
  const scripts = await evaluate("document.querySelectorAll('#results script').length");
  if (scripts) { problems.push("search results carry a script element"); }

  // the found post's page shows its thread
  let replies = null;
  if (hits && hits.length) {
    await open(hits[0]);
    replies = await evaluate("(document.getElementById('replies-h') || {}).textContent || ''");
    const body = await evaluate("document.body.innerText");
    if (replyText && !replies) { problems.push("the post page shows no replies section"); }
    if (replyText && !body.includes(replyText)) { problems.push(`the post page lacks the reply ${replyText}`); }
    const live = await evaluate("document.querySelectorAll('main script').length");
    if (live) { problems.push("a post page carries a script element"); }
  }
  finish(problems.length ? 1 : 0, { hits: hits ? hits.length : 0, replies });
} catch (e) {
  problems.push(String(e && e.stack || e));
  finish(1);
}
