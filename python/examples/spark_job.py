#!/usr/bin/env python3
"""lifeboat on Spark: import many dumps on the executors, query the Parquet they make.

    python spark_job.py --master 'local[2]' --storage /data/lifeboat DUMP... [--dumps-from LIST]

(a) The driver distributes the list of dumps over the executors
    (``sc.parallelize(dumps).map(process_dump)``). Each task imports one dump with the
    Python package into its own archive, ``STORAGE/archives/<name>``, and exports that
    archive as Parquet, direct messages included, into ``STORAGE/lake/<name>``. A dump
    that cannot be read gives a failed outcome with the error; it never stops the job.
(b) The driver then runs three queries over the whole lake with Spark SQL (Hive
    partition discovery under every ``lake/*/record=<kind>``): posts per network per
    month, a full-text filter on post text, and who messaged whom. ``duckdb_queries``
    asks DuckDB the same over the same files.

To scale out, change ``--master`` (``spark://host:7077``, ``yarn``, ``k8s://…``) and
``--storage`` (a folder every executor and the driver mount: NFS, Lustre, /dbfs, a
gcsfuse or s3fs mount), nothing else; every executor needs the lifeboat wheel
installed. docs/spark.md has the details.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import socket
import sys
import time
from pathlib import Path
from typing import Any, Optional

# The three queries, as rows of plain Python values so that engines can be compared.
Rows = list[tuple]


def archive_name(dump: str) -> str:
    """A folder name for the archive of one dump: its file name (without the
    extension) and a short hash of its absolute path, so that two dumps of the same
    name stay apart and a rerun of the same dump finds its archive again."""
    p = Path(dump).resolve()
    stem = p.name
    for ext in (".tar.gz", ".tgz", ".zip", ".warc.gz", ".warc", ".wacz", ".car", ".json", ".xml"):
        if stem.lower().endswith(ext) and len(stem) > len(ext):
            stem = stem[: -len(ext)]
            break
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in stem)[:60] or "dump"
    digest = hashlib.sha256(str(p).encode("utf-8", "surrogateescape")).hexdigest()[:10]
    return f"{safe}-{digest}"


def process_dump(dump: str, storage: str) -> dict[str, Any]:
    """Runs on an executor: import one dump into its archive and export the archive's
    Parquet (direct messages included) into the lake. Returns the outcome."""
    import lifeboat  # imported on the executor, where the wheel is installed

    name = archive_name(dump)
    archive = os.path.join(storage, "archives", name)
    out = os.path.join(storage, "lake", f"archive_dir={name}")
    started = time.monotonic()
    outcome: dict[str, Any] = {
        "dump": dump,
        "name": name,
        "archive": archive,
        "parquet": out,
        "host": socket.gethostname(),
        "pid": os.getpid(),
    }
    try:
        report = lifeboat.import_dump(dump, archive)
        exported = lifeboat.export(archive, "parquet", out, include=["direct"], force=True)
    except lifeboat.LifeboatError as e:
        outcome.update(ok=False, error=f"{e.kind}: {e}")
    else:
        outcome.update(
            ok=True,
            error=None,
            network=report["network"],
            sha256=report["source"]["sha256"],
            records={k: c["converted"] + c["kept_raw"] for k, c in report["records"].items()},
            skipped=sum(c["skipped"] for c in report["records"].values()),
            written=exported["written"],
        )
    outcome["seconds"] = round(time.monotonic() - started, 3)
    return outcome


def import_on_executors(spark: Any, dumps: list[str], storage: str) -> list[dict[str, Any]]:
    """(a): one task per dump; returns every outcome (the failed ones too)."""
    sc = spark.sparkContext
    # ship this file to the executors, so that `process_dump` can be unpickled there
    sc.addPyFile(os.path.abspath(__file__))
    storage = os.path.abspath(storage)
    rdd = sc.parallelize(dumps, numSlices=max(1, len(dumps)))
    return rdd.map(lambda d: process_dump(d, storage)).collect()


def spark_session(master: str, app: str = "lifeboat") -> Any:
    """A session for the job: UTC (so months are UTC months), partition values read as
    strings (an X account id in `account=` is not a number to sum)."""
    from pyspark.sql import SparkSession

    # the executors' Python: the driver's own, where lifeboat is installed
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(master)
        .appName(app)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _lake_uri(storage: str) -> str:
    # an explicit file: URI, so that a cluster whose default file system is HDFS
    # still reads the shared mount
    return Path(storage, "lake").resolve().as_uri()


def _spark_kind(spark: Any, storage: str, kind: str) -> Optional[Any]:
    """The DataFrame of one record kind over every archive of the lake, or None when no
    archive holds that kind. Every `lake/<archive>/record=<kind>` is a root whose Hive
    partitions (network=, and account= where the export writes it) become columns."""
    from pyspark.errors import AnalysisException

    try:
        lake = _lake_uri(storage)
        return spark.read.option("basePath", lake).parquet(f"{lake}/*/record={kind}")
    except AnalysisException as e:
        if "PATH_NOT_FOUND" in str(e) or "Path does not exist" in str(e):
            return None
        raise


POSTS_PER_MONTH_SPARK = """
SELECT network, date_format(created_at, 'yyyy-MM') AS month, count(DISTINCT id) AS posts
FROM posts
GROUP BY network, date_format(created_at, 'yyyy-MM')
ORDER BY network, month NULLS LAST
"""

TEXT_FILTER_SPARK = """
SELECT DISTINCT network, id, date_format(created_at, 'yyyy-MM-dd HH:mm:ss') AS created_at, text
FROM posts
WHERE text ILIKE concat('%', :term, '%')
ORDER BY network, id
"""

WHO_MESSAGED_WHOM_SPARK = """
WITH handles AS (SELECT id, min(handle) AS handle FROM accounts GROUP BY id),
pairs AS (SELECT network, id, sender, explode(recipients) AS recipient FROM messages)
SELECT p.network, p.sender, s.handle AS sender_handle, p.recipient,
       r.handle AS recipient_handle, count(DISTINCT p.id) AS messages
FROM pairs p
LEFT JOIN handles s ON s.id = p.sender
LEFT JOIN handles r ON r.id = p.recipient
GROUP BY p.network, p.sender, s.handle, p.recipient, r.handle
ORDER BY messages DESC, p.network, p.sender, p.recipient
"""


def spark_queries(spark: Any, storage: str, term: str) -> dict[str, Rows]:
    """(b): the three queries in Spark SQL over the lake under `storage`."""
    posts = _spark_kind(spark, storage, "post")
    accounts = _spark_kind(spark, storage, "account")
    messages = _spark_kind(spark, storage, "message")
    out: dict[str, Rows] = {"posts_per_month": [], "text_filter": [], "who_messaged_whom": []}
    if posts is not None:
        posts.createOrReplaceTempView("posts")
        out["posts_per_month"] = [tuple(r) for r in spark.sql(POSTS_PER_MONTH_SPARK).collect()]
        out["text_filter"] = [
            tuple(r) for r in spark.sql(TEXT_FILTER_SPARK, args={"term": term}).collect()
        ]
    if messages is not None:
        if accounts is None:
            accounts = spark.createDataFrame([], "id string, handle string")
        accounts.createOrReplaceTempView("accounts")
        messages.createOrReplaceTempView("messages")
        out["who_messaged_whom"] = [tuple(r) for r in spark.sql(WHO_MESSAGED_WHOM_SPARK).collect()]
    return out


POSTS_PER_MONTH_DUCKDB = """
SELECT network, strftime(created_at, '%Y-%m') AS month, count(DISTINCT id) AS posts
FROM posts
GROUP BY ALL
ORDER BY network, month NULLS LAST
"""

TEXT_FILTER_DUCKDB = """
SELECT DISTINCT network, id, strftime(created_at, '%Y-%m-%d %H:%M:%S') AS created_at, text
FROM posts
WHERE text ILIKE '%' || $term || '%'
ORDER BY network, id
"""

WHO_MESSAGED_WHOM_DUCKDB = """
WITH handles AS (SELECT id, min(handle) AS handle FROM accounts GROUP BY id),
pairs AS (SELECT network, id, sender, unnest(recipients) AS recipient FROM messages)
SELECT p.network, p.sender, s.handle AS sender_handle, p.recipient,
       r.handle AS recipient_handle, count(DISTINCT p.id) AS messages
FROM pairs p
LEFT JOIN handles s ON s.id = p.sender
LEFT JOIN handles r ON r.id = p.recipient
GROUP BY ALL
ORDER BY messages DESC, p.network, p.sender, p.recipient
"""


def duckdb_queries(storage: str, term: str) -> dict[str, Rows]:
    """The same three queries in DuckDB, over the same Parquet files: a recursive glob
    under every `lake/*/record=<kind>` with Hive partitioning (network=, account=)."""
    import duckdb

    lake = Path(storage, "lake").resolve()
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    present = {}
    for kind, view in (("post", "posts"), ("account", "accounts"), ("message", "messages")):
        files = f"{lake}/*/record={kind}/**/*.parquet"
        present[kind] = any(lake.glob(f"*/record={kind}"))
        if present[kind]:
            quoted = "'" + files.replace("'", "''") + "'"
            con.execute(
                f"CREATE VIEW {view} AS SELECT * FROM read_parquet({quoted}, "
                "hive_partitioning = true, hive_types_autocast = false, union_by_name = true)"
            )
    if not present["account"]:
        con.execute("CREATE TABLE accounts (id VARCHAR, handle VARCHAR)")
    out: dict[str, Rows] = {"posts_per_month": [], "text_filter": [], "who_messaged_whom": []}
    if present["post"]:
        out["posts_per_month"] = con.execute(POSTS_PER_MONTH_DUCKDB).fetchall()
        out["text_filter"] = con.execute(TEXT_FILTER_DUCKDB, {"term": term}).fetchall()
    if present["message"]:
        out["who_messaged_whom"] = con.execute(WHO_MESSAGED_WHOM_DUCKDB).fetchall()
    con.close()
    return out


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dumps", nargs="*", help="dumps to import (zip, tar.gz, folder, file)")
    ap.add_argument("--dumps-from", help="a file listing dumps, one path a line")
    ap.add_argument("--master", default="local[2]", help="the Spark master URL (default: local[2])")
    ap.add_argument("--storage", required=True, help="the shared folder for archives/ and lake/")
    ap.add_argument("--term", default="hello", help="the text the full-text query looks for (default: hello)")
    ap.add_argument("--duckdb", action="store_true", help="also run the queries in DuckDB")
    ap.add_argument("--query-only", action="store_true", help="skip the import; query the lake")
    a = ap.parse_args(argv)
    dumps = list(a.dumps)
    if a.dumps_from:
        dumps += [l.strip() for l in Path(a.dumps_from).read_text().splitlines() if l.strip()]

    spark = spark_session(a.master)
    try:
        failed = 0
        if not a.query_only:
            outcomes = import_on_executors(spark, dumps, a.storage)
            for o in outcomes:
                if o["ok"]:
                    print(f"ok   {o['dump']} -> {o['name']}: {o['network']}, {sum(o['written'].values())} rows ({o['seconds']}s, {o['host']}:{o['pid']})")
                else:
                    failed += 1
                    print(f"FAIL {o['dump']}: {o['error']}")
            print(f"{len(outcomes) - failed} of {len(outcomes)} dumps imported and exported")
        results = {"spark": spark_queries(spark, a.storage, a.term)}
        if a.duckdb:
            results["duckdb"] = duckdb_queries(a.storage, a.term)
        print(json.dumps(results, indent=1, default=str))
        if a.duckdb and results["spark"] != results["duckdb"]:
            print("Spark and DuckDB disagree", file=sys.stderr)
            return 1
        return 0
    finally:
        spark.stop()


if __name__ == "__main__":
    sys.exit(main())
