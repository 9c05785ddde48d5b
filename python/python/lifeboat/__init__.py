"""lifeboat: read social-network data exports into one platform-neutral, verifiable archive.

The Python face of the lifeboat library (a Rust crate): every call runs the same
code as the ``lifeboat`` command line, with the GIL released while it works.

>>> import lifeboat
>>> report = lifeboat.import_dump("twitter-2026.zip", "my-archive")   # doctest: +SKIP
>>> report["records"]["post"]                                          # doctest: +SKIP
{'read': 1200, 'converted': 1200, 'kept_raw': 0, 'skipped': 0}
>>> archive = lifeboat.open("my-archive")                              # doctest: +SKIP
>>> for post in archive.posts():                                       # doctest: +SKIP
...     print(post["created_at"], post["text"])
>>> lifeboat.export(archive, "parquet", "lake/me", include=["direct"])  # doctest: +SKIP

- :func:`import_dump` a dump into an archive (the import report, a dict);
  :func:`inspect` a dump without writing anything.
- :func:`open` an archive (an :class:`Archive`) and iterate its records as dicts,
  streamed, per kind: the JSON of the published record schema (``lifeboat schema``).
- :func:`export` it to any of :data:`FORMATS` (the export report, a dict).
- :func:`diff` two exports of one account; :func:`audit` and :func:`verify` an archive.

Errors of the library raise :class:`LifeboatError` (its ``kind`` says which);
bad arguments raise ``ValueError`` or ``TypeError``. See docs/python.md.
"""

from ._native import (
    FORMATS,
    KINDS,
    Archive,
    LifeboatError,
    RecordIterator,
    __version__,
    audit,
    diff,
    export,
    import_dump,
    inspect,
    networks,
    open,
    verify,
)

__all__ = [
    "FORMATS",
    "KINDS",
    "Archive",
    "LifeboatError",
    "RecordIterator",
    "__version__",
    "audit",
    "diff",
    "export",
    "import_dump",
    "inspect",
    "networks",
    "open",
    "verify",
]
