"""The Spark recipe (docs/spark.md, examples/spark_job.py), for real: a local-mode Spark
imports every bundled sample dump through the Python package on its executors and
writes the Parquet lake; Spark SQL and DuckDB then answer the three queries, and both
must give the answer the archives themselves give (read with the Python API)."""

from __future__ import annotations

import os
import shutil
import sys
from collections import defaultdict
from pathlib import Path

import pytest

import lifeboat
from conftest import REPO, require, sample_dumps

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
import spark_job  # noqa: E402

TERM = "hello"
NOT_IMPORTABLE = {
    "facebook/samples/html-2024",
    "instagram/samples/html-2024",
    "wordpress/samples/ill-formed",
    "wordpress/samples/php-notice",
}


def need_java() -> None:
    if shutil.which("java") or os.environ.get("JAVA_HOME"):
        return
    msg = "needs Java 17+ for Spark (apt-get install openjdk-17-jre-headless; .ci/run installs it)"
    if os.environ.get("LIFEBOAT_REQUIRE_ALL") == "1":
        pytest.fail(msg)
    pytest.skip(msg)


@pytest.fixture(scope="module")
def spark():
    require("pyspark")
    require("duckdb")
    need_java()
    session = spark_job.spark_session("local[2]", "lifeboat-test")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def lake(spark, tmp_path_factory):
    """The job's part (a): every sample dump, one Spark task each; then part (b)."""
    storage = tmp_path_factory.mktemp("storage")
    dumps = [str(d) for d in sample_dumps()]
    outcomes = spark_job.import_on_executors(spark, dumps, str(storage))
    results = spark_job.spark_queries(spark, str(storage), TERM)
    return storage, dumps, outcomes, results


def test_every_dump_has_its_outcome_from_an_executor(lake):
    storage, dumps, outcomes, _ = lake
    assert sorted(o["dump"] for o in outcomes) == sorted(dumps)
    failed = {str(Path(o["dump"]).relative_to(REPO / "formats")) for o in outcomes if not o["ok"]}
    assert failed == NOT_IMPORTABLE  # a bad dump fails alone; the batch goes on
    for o in outcomes:
        if o["ok"]:
            # the work ran in Spark's Python workers, not in this process
            assert o["pid"] != os.getpid()
            assert Path(o["archive"]).is_dir() and lifeboat.verify(o["archive"])["ok"]
            assert any((Path(o["parquet"]) / "catalog").glob("part-*.parquet"))
            # direct messages asked for: every record of the archive is in the Parquet
            a = lifeboat.open(o["archive"])
            for kind in lifeboat.KINDS:
                assert o["written"].get(kind, 0) == sum(1 for _ in a.records(kind)), (o["dump"], kind)
        else:
            assert o["error"].split(":")[0] in ("unrecognized", "malformed"), o
    assert len({o["name"] for o in outcomes}) == len(outcomes)


def expected(outcomes) -> dict[str, list[tuple]]:
    """The three answers computed from the archives with the Python API alone."""
    months: dict[tuple, set] = defaultdict(set)
    matches = set()
    handles: dict[str, set] = defaultdict(set)
    pairs: dict[tuple, set] = defaultdict(set)
    for o in outcomes:
        if not o["ok"]:
            continue
        a = lifeboat.open(o["archive"])
        for p in a.posts():
            t = p.get("created_at")
            months[(p["network"], t[:7] if t else None)].add(p["id"])
            if TERM in p["text"].lower():
                matches.add((p["network"], p["id"], t[:19].replace("T", " ") if t else None, p["text"]))
        for acc in a.accounts():
            if acc.get("handle") is not None:
                handles[acc["id"]].add(acc["handle"])
        for m in a.messages():
            for r in m.get("recipients", []):
                pairs[(m["network"], m["sender"], r)].add(m["id"])
    handle = lambda i: min(handles[i]) if handles.get(i) else None  # noqa: E731
    return {
        "posts_per_month": sorted(
            ((n, m, len(ids)) for (n, m), ids in months.items()),
            key=lambda r: (r[0], r[1] is None, r[1] or ""),
        ),
        "text_filter": sorted(matches, key=lambda r: (r[0], r[1])),
        "who_messaged_whom": sorted(
            ((n, s, handle(s), r, handle(r), len(ids)) for (n, s, r), ids in pairs.items()),
            key=lambda r: (-r[5], r[0], r[1], r[3]),
        ),
    }


def test_spark_and_duckdb_give_the_archives_answers(lake):
    storage, _, outcomes, spark_results = lake
    duck = spark_job.duckdb_queries(str(storage), TERM)
    want = expected(outcomes)
    for q in ("posts_per_month", "text_filter", "who_messaged_whom"):
        assert spark_results[q] == duck[q], q
        assert spark_results[q] == want[q], q
    # not empty answers: many networks and months, a text found on several networks,
    # messages between named accounts
    assert len({r[0] for r in want["posts_per_month"]}) >= 10
    assert sum(r[2] for r in want["posts_per_month"]) > 100
    assert len({r[0] for r in want["text_filter"]}) >= 3
    assert len(want["who_messaged_whom"]) >= 5
    assert any(r[2] and r[4] for r in want["who_messaged_whom"])


def test_the_queries_do_not_depend_on_the_depth_of_the_tree(spark, lake, tmp_path):
    # The same lake with one more partition level under account=: the queries find the
    # files at any depth and give the same answers.
    storage, _, outcomes, spark_results = lake
    deeper = tmp_path / "deeper"
    shutil.copytree(storage / "lake", deeper / "lake")
    moved = 0
    for part in sorted((deeper / "lake").glob("*/record=*/network=*/account=*/*.parquet")):
        level = part.parent / "shard=0"
        level.mkdir(exist_ok=True)
        part.rename(level / part.name)
        moved += 1
    assert moved > 100
    again = spark_job.spark_queries(spark, str(deeper), TERM)
    duck = spark_job.duckdb_queries(str(deeper), TERM)
    for q in ("posts_per_month", "text_filter", "who_messaged_whom"):
        assert again[q] == spark_results[q] == duck[q], q
    # every level is a column in both engines
    lake_uri = (deeper / "lake").as_uri()
    cols = spark.read.option("basePath", lake_uri).parquet(f"{lake_uri}/*/record=post").columns
    assert {"archive_dir", "record", "network", "account", "shard"} <= set(cols)


def test_the_catalog_of_every_archive(spark, lake):
    import duckdb

    storage, _, outcomes, _ = lake
    ok = [o for o in outcomes if o["ok"]]
    lake_dir = storage / "lake"
    con = duckdb.connect()
    rows = con.execute(
        "SELECT archive, sha256 FROM read_parquet(?, hive_partitioning = true)",
        [str(lake_dir / "*" / "catalog" / "*.parquet")],
    ).fetchall()
    con.close()
    assert sorted(rows) == sorted((o["name"], o["sha256"]) for o in ok)
    uri = lake_dir.as_uri()
    got = spark.read.parquet(f"{uri}/*/catalog/*.parquet")
    assert sorted((r["archive"], r["sha256"]) for r in got.collect()) == sorted(rows)
