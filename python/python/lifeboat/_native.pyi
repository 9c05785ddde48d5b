"""Type stubs of lifeboat's native extension (re-exported by ``lifeboat``).

python/tests/test_api.py checks that these signatures are the ones the extension has.
"""

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Optional, Union

StrPath = Union[str, "os.PathLike[str]"]
DateLike = Union[str, date, datetime]
JSON = dict[str, Any]

__version__: str
KINDS: tuple[str, ...]
"""The record kinds: account, post, media, relationship, reaction, conversation, message."""
FORMATS: tuple[str, ...]
"""The export formats: mastodon, activitystreams, atom, rss, jsonfeed, wxr, csv, sqlite,
html, bluesky, parquet, rsmf, eml."""

class LifeboatError(Exception):
    """An operation of lifeboat failed."""

    kind: str
    """io, container, limit, malformed, unrecognized, archive, strict, interrupted, usage, other."""
    report: Optional[JSON]
    """The import report of a refused strict import, else None."""

class RecordIterator(Iterator[JSON]):
    """The records of one kind, streamed as dicts (the published record schema)."""

    @property
    def kind(self) -> str: ...
    def __iter__(self) -> "RecordIterator": ...
    def __next__(self) -> JSON: ...

class Archive(os.PathLike[str]):
    """An archive opened for reading; a path-like wherever an archive is asked for."""

    def __init__(self, path: StrPath) -> None: ...
    @property
    def path(self) -> str: ...
    @property
    def schema_version(self) -> str: ...
    @property
    def sources(self) -> list[JSON]: ...
    def records(self, kind: str) -> RecordIterator: ...
    def accounts(self) -> RecordIterator: ...
    def posts(self) -> RecordIterator: ...
    def media(self) -> RecordIterator: ...
    def relationships(self) -> RecordIterator: ...
    def reactions(self) -> RecordIterator: ...
    def conversations(self) -> RecordIterator: ...
    def messages(self) -> RecordIterator: ...
    def export(self, format: str, out: StrPath, **options: Any) -> JSON: ...
    def audit(self) -> JSON: ...
    def verify(self) -> JSON: ...
    def __fspath__(self) -> str: ...

def import_dump(
    dump: Union[StrPath, Sequence[StrPath]],
    archive: StrPath,
    *,
    network: Optional[str] = None,
    strict: bool = False,
    keep_original: bool = False,
    timezone: Optional[str] = None,
    blobs: Optional[StrPath] = None,
    bag_info: Optional[Mapping[str, str]] = None,
    progress: Optional[Callable[[int, int, str], object]] = None,
) -> JSON:
    """Import a dump into an archive; returns the import report."""

def inspect(
    dump: Union[StrPath, Sequence[StrPath]],
    *,
    network: Optional[str] = None,
    timezone: Optional[str] = None,
) -> JSON:
    """The report an import of the dump would make; writes nothing."""

def open(path: StrPath) -> Archive:
    """Open an archive for reading."""

def export(
    archive: StrPath,
    format: str,
    out: StrPath,
    *,
    include: Iterable[str] = (),
    since: Optional[DateLike] = None,
    until: Optional[DateLike] = None,
    network: Optional[str] = None,
    account: Optional[str] = None,
    force: bool = False,
    dry_run: bool = False,
    now: Optional[DateLike] = None,
    publish_uncleaned_media: bool = False,
    did: Optional[str] = None,
    signing_key: Optional[str] = None,
    threads: bool = False,
) -> JSON:
    """Export an archive to one of FORMATS; returns the export report."""

def diff(old: StrPath, new: StrPath) -> JSON:
    """What changed between two exports of one account (archives or dumps)."""

def audit(archive: StrPath) -> JSON:
    """What an auditor asks of an archive."""

def verify(archive: StrPath) -> JSON:
    """Re-check every checksum of an archive: ok, files, bytes, problems."""

def networks() -> list[JSON]:
    """Every network lifeboat reads: name, description, generations."""
