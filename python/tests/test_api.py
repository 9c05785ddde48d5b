"""The Python API on the bundled samples: import, iterate, export, diff, audit, verify,
errors, and the type stubs against what the extension really has."""

from __future__ import annotations

import ast
import inspect
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

import lifeboat
from conftest import REPO, require, sample, sample_dumps

FILES = {
    "account": "accounts.jsonl",
    "post": "posts.jsonl",
    "media": "media.jsonl",
    "relationship": "relationships.jsonl",
    "reaction": "reactions.jsonl",
    "conversation": "conversations.jsonl",
    "message": "messages.jsonl",
}


def lines(archive: Path, kind: str) -> int:
    """The records of a kind as the archive's file holds them (non-empty lines)."""
    p = archive / "data" / "records" / FILES[kind]
    if not p.exists():
        return 0
    with p.open(encoding="utf-8") as f:
        return sum(1 for l in f if l.strip())


# --- the package -------------------------------------------------------------------


def test_version_is_the_crates():
    cargo = (REPO / "Cargo.toml").read_text(encoding="utf-8")
    version = re.search(r'(?m)^version = "([^"]+)"', cargo).group(1)
    assert lifeboat.__version__ == version
    # the import report names the library that wrote it
    report = lifeboat.inspect(sample("twitter/samples/g3-2026"))
    assert report["tool"] == f"lifeboat {version}"


def test_kinds_and_formats():
    schema = json.loads((REPO / "schema" / "records.schema.json").read_text(encoding="utf-8"))
    assert set(lifeboat.KINDS) == set(schema["$defs"])
    assert len(lifeboat.KINDS) == 7
    for f in ("parquet", "csv", "sqlite", "atom", "html", "mastodon", "rsmf", "eml"):
        assert f in lifeboat.FORMATS
    names = {n["name"] for n in lifeboat.networks()}
    assert {"twitter", "mastodon", "bluesky", "facebook", "wordpress"} <= names
    assert all(n["description"] and isinstance(n["generations"], list) for n in lifeboat.networks())


def test_typed_package_ships_stub_and_marker():
    pkg = Path(lifeboat.__file__).parent
    assert (pkg / "py.typed").exists()
    assert (pkg / "_native.pyi").exists()
    for name in lifeboat.__all__:
        assert getattr(lifeboat, name) is not None
        if callable(getattr(lifeboat, name)) and not name.startswith("_"):
            assert getattr(lifeboat, name).__doc__, f"{name} has no docstring"


def _stub() -> dict[str, ast.AST]:
    tree = ast.parse((Path(lifeboat.__file__).parent / "_native.pyi").read_text(encoding="utf-8"))
    return {
        n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))
    }


def _params(fn: ast.FunctionDef) -> list[str]:
    a = fn.args
    names = [x.arg for x in a.posonlyargs + a.args]
    if a.vararg:
        names.append("*" + a.vararg.arg)
    elif a.kwonlyargs:
        names.append("*")
    names += [x.arg for x in a.kwonlyargs]
    if a.kwarg:
        names.append("**" + a.kwarg.arg)
    return [n for n in names if n != "self"]


def _runtime_params(obj) -> list[str]:
    names = []
    star = False
    for p in inspect.signature(obj).parameters.values():
        if p.kind is p.VAR_POSITIONAL:
            names.append("*" + p.name)
            star = True
        elif p.kind is p.KEYWORD_ONLY and not star:
            names.append("*")
            star = True
            names.append(p.name)
        elif p.kind is p.VAR_KEYWORD:
            names.append("**" + p.name)
        else:
            names.append(p.name)
    return [n for n in names if n not in ("self", "$self")]


def test_stub_matches_the_extension():
    stub = _stub()
    for name in ("import_dump", "inspect", "open", "export", "diff", "audit", "verify", "networks"):
        assert name in stub, name
        assert _params(stub[name]) == _runtime_params(getattr(lifeboat, name)), name
    # defaults too: the stub promises what a call without the argument does
    sig = inspect.signature(lifeboat.export)
    assert sig.parameters["include"].default == ()
    assert sig.parameters["force"].default is False
    for cls in ("Archive", "RecordIterator"):
        methods = {
            n.name: n for n in stub[cls].body if isinstance(n, ast.FunctionDef)
        }
        public = {
            m for m in dir(getattr(lifeboat, cls))
            if not m.startswith("_") or m in ("__fspath__", "__next__", "__iter__")
        }
        assert public == set(methods) - {"__init__"}, cls
        for m, fn in methods.items():
            if m == "__init__":
                assert _params(fn) == _runtime_params(lifeboat.Archive)
            elif not any(isinstance(d, ast.Name) and d.id == "property" for d in fn.decorator_list):
                assert _params(fn) == _runtime_params(getattr(getattr(lifeboat, cls), m)), (cls, m)


# --- import and iterate ------------------------------------------------------------


def test_every_sample_imports_or_fails_with_a_reason(archives):
    # the samples that cannot be imported are the ones made to fail (HTML exports,
    # ill-formed WXR); every other one is an archive
    failed = {str(d.relative_to(REPO / "formats")) for d in sample_dumps()} - set(archives)
    assert failed == {
        "facebook/samples/html-2024",
        "instagram/samples/html-2024",
        "wordpress/samples/ill-formed",
        "wordpress/samples/php-notice",
    }
    assert len(archives) >= 60


def test_reports_balance_and_iteration_matches_the_archive(archives):
    for name, (archive, report) in archives.items():
        assert report["source"]["sha256"] and len(report["source"]["sha256"]) == 64
        a = lifeboat.open(archive)
        assert a.sources[0]["sha256"] == report["source"]["sha256"]
        for kind in lifeboat.KINDS:
            c = report["records"].get(kind, {"read": 0, "converted": 0, "kept_raw": 0, "skipped": 0})
            assert c["read"] == c["converted"] + c["kept_raw"] + c["skipped"], (name, kind)
            got = list(a.records(kind))
            # the iterator yields what the archive holds, one dict per line ...
            assert len(got) == lines(archive, kind), (name, kind)
            # ... at most what was converted (edits of one item fold into its history)
            assert len(got) <= c["converted"], (name, kind)
            assert len({r["id"] for r in got}) == len(got), (name, kind)
            for r in got:
                assert r["id"].startswith(f"{r['network']}:{kind}:"), (name, r["id"])
        assert a.verify()["ok"], name


def test_counts_equal_the_report(tmp_path):
    # samples where every converted record is a record of its own in the archive (no
    # edits folded into a history): what iterates is what the report says was
    # converted, kind by kind, and what the audit counts
    for rel in ("twitter/samples/g2-2021", "mastodon/samples/archive-2023.zip",
                "facebook/samples/g3-2023", "reddit/samples/export-2024"):
        archive = tmp_path / rel.replace("/", "_")
        report = lifeboat.import_dump(sample(rel), archive)
        a = lifeboat.Archive(archive)
        counts = {k: sum(1 for _ in a.records(k)) for k in lifeboat.KINDS}
        converted = {k: c["converted"] for k, c in report["records"].items()}
        assert {k: n for k, n in counts.items() if n} == {k: n for k, n in converted.items() if n}, rel
        assert sum(counts.values()) > 0
        audit = lifeboat.audit(a)
        assert {k: v["total"] for k, v in audit["records"].items() if v["total"]} == {
            k: n for k, n in counts.items() if n
        }, rel


def test_records_are_the_published_schema(archives):
    require("jsonschema")
    import jsonschema

    schema = json.loads((REPO / "schema" / "records.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    seen = set()
    for name, (archive, _) in archives.items():
        for kind in lifeboat.KINDS:
            for r in lifeboat.open(archive).records(kind):
                errors = list(validator.iter_errors(r))
                assert not errors, (name, r["id"], errors[0].message)
                seen.add(kind)
    assert seen == set(lifeboat.KINDS)


def test_records_keep_the_archive_json_and_key_order(archives):
    archive, _ = archives["twitter/samples/g3-2026"]
    with (archive / "data" / "records" / "posts.jsonl").open(encoding="utf-8") as f:
        on_disk = [json.loads(l) for l in f if l.strip()]
    got = list(lifeboat.open(archive).posts())
    assert got == on_disk
    assert [list(r) for r in got] == [list(r) for r in on_disk]
    assert list(got[0])[:2] == ["id", "network"]


def test_iteration_is_streamed_and_typed_by_kind(archives):
    archive, _ = archives["mastodon/samples/archive-2023.zip"]
    a = lifeboat.open(archive)
    it = a.posts()
    assert it.kind == "post"
    assert iter(it) is it
    first = next(it)
    assert first["id"].startswith("mastodon:post:")
    rest = list(it)
    assert len(rest) == lines(archive, "post") - 1
    with pytest.raises(StopIteration):
        next(it)
    # the plural works as well; the typed shortcuts are the same streams
    assert [r["id"] for r in a.records("posts")] == [first["id"]] + [r["id"] for r in rest]
    for kind, method in zip(lifeboat.KINDS, ("accounts", "posts", "media", "relationships",
                                             "reactions", "conversations", "messages")):
        assert [r["id"] for r in getattr(a, method)()] == [r["id"] for r in a.records(kind)]
    with pytest.raises(ValueError, match="unknown record kind"):
        a.records("tweets")


def test_many_records_in_batches(tmp_path, archives):
    # more records than one batch (512): an archive whose posts file is a sample's,
    # repeated with fresh ids, streams every one of them in order
    archive, _ = archives["mastodon/samples/archive-2023.zip"]
    copy = tmp_path / "big"
    shutil.copytree(archive, copy)
    posts = copy / "data" / "records" / "posts.jsonl"
    one = [json.loads(l) for l in posts.read_text(encoding="utf-8").splitlines() if l.strip()]
    with posts.open("w", encoding="utf-8") as f:
        for i in range(1300):
            r = dict(one[i % len(one)])
            r["id"] = f"{r['id']}-{i}"
            f.write(json.dumps(r) + "\n")
    ids = [r["id"] for r in lifeboat.open(copy).posts()]
    assert len(ids) == 1300
    assert ids[0].endswith("-0") and ids[-1].endswith("-1299")


def test_a_damaged_record_raises_where_it_is(tmp_path, archives):
    archive, _ = archives["twitter/samples/g3-2026"]
    copy = tmp_path / "damaged"
    shutil.copytree(archive, copy)
    posts = copy / "data" / "records" / "posts.jsonl"
    n = lines(copy, "post")
    with posts.open("a", encoding="utf-8") as f:
        f.write('{"id": "twitter:post:1", "this is": not json\n')
    it = lifeboat.open(copy).posts()
    got = []
    with pytest.raises(lifeboat.LifeboatError) as e:
        for r in it:
            got.append(r)
    assert len(got) == n  # every good record first
    assert e.value.kind == "archive"
    assert f"line {n + 1}" in str(e.value)
    assert e.value.report is None
    # and verify sees the change
    v = lifeboat.verify(copy)
    assert not v["ok"] and any("posts.jsonl" in p for p in v["problems"])


def test_archive_object(archives):
    archive, report = archives["twitter/samples/g3-2026"]
    a = lifeboat.Archive(archive)
    assert a.path == str(archive)
    assert Path(a) == archive  # os.PathLike
    assert a.schema_version
    (s,) = a.sources
    assert s["network"] == "twitter" == report["network"]
    assert s["generation"] == report["generation"]
    assert s["report"].startswith("data/reports/")
    assert (archive / s["report"]).is_file()
    assert repr(a) == f"lifeboat.Archive({str(archive)!r})"


def test_parts_and_options(tmp_path):
    # a list of parts; a forced network; bag-info fields kept in the bag
    out = tmp_path / "a"
    r = lifeboat.import_dump(
        [sample("mastodon/samples/archive-2023.zip")], out,
        network="mastodon", bag_info={"Source-Organization": "Records Office"},
    )
    assert r["network"] == "mastodon"
    assert "Source-Organization: Records Office" in (out / "bag-info.txt").read_text(encoding="utf-8")
    with pytest.raises(lifeboat.LifeboatError) as e:
        lifeboat.import_dump(sample("mastodon/samples/archive-2023.zip"), tmp_path / "b", network="twitter")
    assert e.value.kind == "unrecognized"
    assert not (tmp_path / "b").exists()
    with pytest.raises(ValueError):
        lifeboat.import_dump([], tmp_path / "c")


def test_reimport_merges_into_the_archive(tmp_path):
    dump = sample("twitter/samples/g2-2021")
    first = lifeboat.import_dump(dump, tmp_path / "a")
    posts = [r["id"] for r in lifeboat.open(tmp_path / "a").posts()]
    again = lifeboat.import_dump(dump, tmp_path / "a")
    assert again["source"]["sha256"] == first["source"]["sha256"]
    assert again["records"] == first["records"]
    a = lifeboat.open(tmp_path / "a")
    # the same dump again: one source, the same records
    assert [s["sha256"] for s in a.sources] == [first["source"]["sha256"]]
    assert [r["id"] for r in a.posts()] == posts
    # another export of the same account merges into it
    lifeboat.import_dump(sample("twitter/samples/g3-2026"), tmp_path / "a")
    assert len(lifeboat.open(tmp_path / "a").sources) == 2


def test_inspect_writes_nothing(tmp_path):
    report = lifeboat.inspect(sample("twitter/samples/g3-2026"))
    assert report["network"] == "twitter"
    assert report["entries"]["total"] > 0
    assert list(tmp_path.iterdir()) == []


def test_progress_is_called_and_can_stop_the_import(tmp_path):
    calls = []
    lifeboat.import_dump(
        sample("twitter/samples/g3-2026"), tmp_path / "a",
        progress=lambda done, total, entry: calls.append((done, total, entry)),
    )
    assert calls
    assert all(isinstance(d, int) and isinstance(t, int) and isinstance(e, str) for d, t, e in calls)
    assert all(d <= t for d, t, _ in calls)

    class Stop(Exception):
        pass

    def stop(done, total, entry):
        raise Stop(entry)

    with pytest.raises(Stop):
        lifeboat.import_dump(sample("twitter/samples/g3-2026"), tmp_path / "b", progress=stop)
    assert not (tmp_path / "b").exists()
    with pytest.raises(TypeError):
        lifeboat.import_dump(sample("twitter/samples/g3-2026"), tmp_path / "c", progress=3)


def test_strict_refuses_and_carries_the_report(tmp_path):
    dump = sample("reddit/samples/export-2024")
    assert sum(c["skipped"] for c in lifeboat.inspect(dump)["records"].values()) > 0
    with pytest.raises(lifeboat.LifeboatError) as e:
        lifeboat.import_dump(dump, tmp_path / "a", strict=True)
    assert e.value.kind == "strict"
    assert e.value.report["network"] == "reddit"
    assert sum(c["skipped"] for c in e.value.report["records"].values()) > 0
    assert not (tmp_path / "a").exists()


def test_errors_are_lifeboat_errors(tmp_path):
    with pytest.raises(lifeboat.LifeboatError) as e:
        lifeboat.import_dump(tmp_path / "nothing-here.zip", tmp_path / "a")
    assert e.value.kind == "io" and "nothing-here.zip" in str(e.value)
    with pytest.raises(lifeboat.LifeboatError) as e:
        lifeboat.import_dump(sample("wordpress/samples/ill-formed"), tmp_path / "b")
    assert e.value.kind == "malformed" and "not well-formed" in str(e.value)
    with pytest.raises(lifeboat.LifeboatError) as e:
        lifeboat.open(tmp_path)
    assert e.value.kind == "archive" and "bagit.txt" in str(e.value)
    assert isinstance(e.value, Exception)
    with pytest.raises(TypeError):
        lifeboat.open(42)


GIL_SCRIPT = r"""
import fcntl, sys, threading, time
import lifeboat

dump, archive, lock = sys.argv[1:4]
lifeboat.import_dump(dump, archive)
done = {}
with open(lock, "a+") as f:
    fcntl.flock(f, fcntl.LOCK_EX)
    t = threading.Thread(target=lambda: done.setdefault("r", lifeboat.import_dump(dump, archive)))
    t.start()
    ticks = 0
    deadline = time.monotonic() + 0.5
    while time.monotonic() < deadline:
        ticks += 1  # Python runs here while the import waits in Rust
    waiting = t.is_alive() and "r" not in done
    fcntl.flock(f, fcntl.LOCK_UN)
    t.join(60)
print(waiting, ticks, t.is_alive(), done["r"]["network"])
"""


def test_the_gil_is_released_during_an_import(tmp_path):
    # An import waits for the archive's lock (a flock beside the archive) while another
    # writer holds it. Hold it from Python, start the import on a thread, and let the
    # lock go only from the main thread: that can happen only if the import waits
    # without the GIL. Holding it, the script would deadlock (in a subprocess, so the
    # timeout ends it and the test fails).
    archive = tmp_path / "a"
    res = subprocess.run(
        [sys.executable, "-c", GIL_SCRIPT, str(sample("twitter/samples/g3-2026")), str(archive),
         str(tmp_path / ".a.lifeboat-lock")],
        capture_output=True, text=True, timeout=60,
    )
    assert res.returncode == 0, res.stderr
    waiting, ticks, alive, network = res.stdout.split()
    assert waiting == "True"  # the import was still waiting for the lock ...
    assert int(ticks) > 1000  # ... while Python ran freely on the main thread
    assert alive == "False" and network == "twitter"
    assert lifeboat.verify(archive)["ok"]


# --- export --------------------------------------------------------------------------


def test_export_parquet_counts_and_privacy(tmp_path, archives):
    require("duckdb")
    import duckdb

    archive, _ = archives["twitter/samples/g3-2026"]
    a = lifeboat.open(archive)
    counts = {k: sum(1 for _ in a.records(k)) for k in lifeboat.KINDS}
    assert counts["message"] > 0

    def rows(out: Path, kind: str) -> int:
        files = list(out.glob(f"record={kind}/**/*.parquet"))
        if not files:
            return 0
        con = duckdb.connect()
        try:
            return con.execute(
                "SELECT count(*) FROM read_parquet(?, hive_partitioning = true)",
                [[str(f) for f in files]],
            ).fetchall()[0][0]
        finally:
            con.close()

    with_dm = a.export("parquet", tmp_path / "with", include=["direct"])
    assert with_dm["format"] == "parquet"
    for k in lifeboat.KINDS:
        assert rows(tmp_path / "with", k) == counts[k] == with_dm["written"].get(k, 0), k

    without = lifeboat.export(archive, "parquet", tmp_path / "without")
    assert rows(tmp_path / "without", "message") == 0
    assert without["written"].get("message", 0) == 0
    lost = {l["kind"]: l["count"] for l in without["lost"] if l.get("field") is None}
    assert lost["message"] == counts["message"]
    assert rows(tmp_path / "without", "post") <= counts["post"]


def test_export_csv_sqlite_and_filters(tmp_path, archives):
    archive, _ = archives["mastodon/samples/archive-2023.zip"]
    posts = list(lifeboat.open(archive).posts())
    db = tmp_path / "a.sqlite"
    r = lifeboat.export(archive, "sqlite", db)
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM posts").fetchone()[0] == len(posts) == r["written"]["post"]
    con.close()

    # since/until as a date, an aware datetime, or a string: the posts of that window
    times = sorted(p["created_at"] for p in posts if p.get("created_at"))
    cut = times[len(times) // 2]
    since = datetime.fromisoformat(cut.replace("Z", "+00:00"))
    want = sum(1 for p in posts if p.get("created_at") and p["created_at"] >= cut)
    r = lifeboat.export(archive, "csv", tmp_path / "csv", since=since)
    assert r["written"]["post"] == want
    with (tmp_path / "csv" / "posts.csv").open(encoding="utf-8", newline="") as f:
        import csv

        assert sum(1 for _ in csv.DictReader(f)) == want
    r = lifeboat.export(archive, "csv", tmp_path / "csv2", since=date(1990, 1, 1), until="2999-01-01")
    assert r["written"]["post"] == sum(1 for p in posts if p.get("created_at"))
    with pytest.raises(ValueError, match="naive"):
        lifeboat.export(archive, "csv", tmp_path / "csv3", since=datetime(2020, 1, 1))
    with pytest.raises(ValueError, match="not a date"):
        lifeboat.export(archive, "csv", tmp_path / "csv3", until="yesterday")


def test_export_feed_site_and_records_formats(tmp_path, archives):
    archive, _ = archives["twitter/samples/g3-2026"]
    now = datetime(2026, 3, 1, tzinfo=timezone.utc)
    r = lifeboat.export(archive, "atom", tmp_path / "feed.atom", now=now)
    feed = ET.parse(tmp_path / "feed.atom").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert len(feed.findall("a:entry", ns)) == r["written"]["post"] > 0
    assert feed.find("a:updated", ns).text.startswith("2026-03-01")
    # a public format: the direct messages are declared lost, not published
    assert any(l["kind"] == "message" for l in r["lost"])

    r = lifeboat.export(archive, "html", tmp_path / "site")
    assert (tmp_path / "site" / "index.html").is_file()

    r = lifeboat.export(archive, "rsmf", tmp_path / "rsmf")
    assert r["conversations"] >= 1 and r["files"] == len(list((tmp_path / "rsmf").glob("**/*.rsmf")))
    r = lifeboat.export(archive, "eml", tmp_path / "eml")
    assert r["messages"] >= 1 and list((tmp_path / "eml").glob("**/*.eml"))
    with pytest.raises(ValueError, match="takes none of include"):
        lifeboat.export(archive, "rsmf", tmp_path / "rsmf2", include=["direct"])


def test_export_dry_run_force_and_errors(tmp_path, archives):
    archive, _ = archives["twitter/samples/g3-2026"]
    r = lifeboat.export(archive, "jsonfeed", tmp_path / "feed.json", dry_run=True)
    assert r["out"] == "" and r["written"]["post"] > 0
    assert not (tmp_path / "feed.json").exists()
    (tmp_path / "mine.json").write_text("not lifeboat's")
    with pytest.raises(lifeboat.LifeboatError):
        lifeboat.export(archive, "jsonfeed", tmp_path / "mine.json")
    assert (tmp_path / "mine.json").read_text() == "not lifeboat's"
    lifeboat.export(archive, "jsonfeed", tmp_path / "mine.json", force=True)
    assert json.loads((tmp_path / "mine.json").read_text())["version"].startswith("https://jsonfeed.org/")
    with pytest.raises(ValueError, match="unknown format"):
        lifeboat.export(archive, "pdf", tmp_path / "x")
    with pytest.raises(ValueError, match="--include takes"):
        lifeboat.export(archive, "csv", tmp_path / "x", include=["everyone"])
    with pytest.raises(TypeError, match="not a str"):
        lifeboat.export(archive, "csv", tmp_path / "x", include="direct")
    # any iterable of names will do
    r = lifeboat.export(archive, "parquet", tmp_path / "pq", include=(v for v in ["direct"]))
    assert r["written"]["message"] > 0


def test_exports_are_in_the_custody_log(tmp_path, archives):
    archive, _ = archives["youtube/samples/takeout-2021-en"]
    before = lifeboat.audit(archive)["log"]["events"].get("exported", 0)
    lifeboat.export(archive, "csv", tmp_path / "csv")
    lifeboat.export(archive, "csv", tmp_path / "dry", dry_run=True)  # a dry run is not noted
    assert lifeboat.audit(archive)["log"]["events"]["exported"] == before + 1
    with (archive / "data" / "log.jsonl").open(encoding="utf-8") as f:
        last = [json.loads(l) for l in f if l.strip()][-1]
    assert last["event"] == "exported" and last["format"] == "csv"
    assert last["out"] == str(tmp_path / "csv")
    assert last["tool"] == f"lifeboat {lifeboat.__version__} (Python)"
    assert last["wrote"]["written"]["post"] > 0
    # the log's new checksum is in the manifest: the archive still verifies
    assert lifeboat.verify(archive)["ok"]


# --- diff, audit, verify ----------------------------------------------------------------


def test_diff_of_two_exports(archives):
    old, _ = archives["mastodon/samples/archive-2022.tar.gz"]
    new, _ = archives["mastodon/samples/archive-2023.zip"]
    d = lifeboat.diff(old, new)
    assert d["identical"] is False
    o, n = lifeboat.open(old), lifeboat.open(new)
    for kind in lifeboat.KINDS:
        old_ids = {r["id"] for r in o.records(kind)}
        new_ids = {r["id"] for r in n.records(kind)}
        c = d["counts"].get(kind, {"added": 0, "removed": 0, "not_covered": 0, "changed": 0, "unchanged": 0})
        assert set(d["added"].get(kind, [])) == new_ids - old_ids, kind
        assert set(d["removed"].get(kind, [])) | set(d["not_covered"].get(kind, [])) == old_ids - new_ids, kind
        assert c["changed"] + c["unchanged"] == len(old_ids & new_ids), kind
    same = lifeboat.diff(new, new)
    assert same["identical"] is True


def test_diff_takes_dumps_too(archives):
    archive, _ = archives["twitter/samples/g3-2026"]
    d = lifeboat.diff(sample("twitter/samples/g3-2026"), archive)
    assert d["identical"] is True


def test_audit(archives):
    archive, report = archives["twitter/samples/g3-2026"]
    a = lifeboat.audit(archive)
    assert a["verified"] is True and a["reports_balanced"] is True
    (src,) = a["sources"]
    assert src["sha256"] == report["source"]["sha256"]
    assert src["records"] == report["records"]
    o = lifeboat.open(archive)
    for kind in lifeboat.KINDS:
        got = a["records"].get(kind, {"total": 0})["total"]
        assert got == sum(1 for _ in o.records(kind)), kind
    assert o.audit()["sources"] == a["sources"]


def test_verify_finds_a_changed_file(tmp_path, archives):
    archive, _ = archives["mastodon/samples/archive-2023.zip"]
    copy = tmp_path / "a"
    shutil.copytree(archive, copy)
    v = lifeboat.verify(copy)
    assert v["ok"] and v["files"] > 0 and v["bytes"] > 0 and v["problems"] == []
    (copy / "data" / "records" / "accounts.jsonl").write_text("{}\n", encoding="utf-8")
    v = lifeboat.open(copy).verify()
    assert not v["ok"]
    assert "changed: data/records/accounts.jsonl" in v["problems"]
    with pytest.raises(lifeboat.LifeboatError) as e:
        lifeboat.verify(tmp_path / "nowhere")
    assert e.value.kind == "archive"
