"""Shared fixtures: the repository's bundled samples, imported once per session."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "formats"


def sample_dumps() -> list[Path]:
    """Every bundled sample dump (formats/*/samples/*), the scripts and notes left out."""
    out = []
    for p in sorted(SAMPLES.glob("*/samples/*")):
        if p.name in ("README.md",) or p.suffix == ".py":
            continue
        out.append(p)
    return out


def sample(rel: str) -> Path:
    """One sample by its path under formats/ (`twitter/samples/g3-2026`)."""
    p = SAMPLES / rel
    assert p.exists(), p
    return p


def require(module: str) -> None:
    """Skip (visibly, with the reason) when a module the test needs is missing; with
    LIFEBOAT_REQUIRE_ALL=1 (as .ci/run sets it) fail instead, so CI runs every test."""
    if importlib.util.find_spec(module) is not None:
        return
    msg = f"needs the Python module {module!r} (pip install {module}; .ci/run installs it)"
    if os.environ.get("LIFEBOAT_REQUIRE_ALL") == "1":
        pytest.fail(msg)
    pytest.skip(msg)


@pytest.fixture(scope="session")
def archives(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict]]:
    """Every sample that imports, imported into its own archive: name -> (archive, report).
    The samples that cannot be imported (an HTML export, an ill-formed WXR) are left out
    here and tested for their errors elsewhere."""
    import lifeboat

    root = tmp_path_factory.mktemp("archives")
    out = {}
    for i, dump in enumerate(sample_dumps()):
        name = str(dump.relative_to(SAMPLES))
        archive = root / f"a{i}"
        try:
            report = lifeboat.import_dump(dump, archive)
        except lifeboat.LifeboatError as e:
            assert e.kind in ("unrecognized", "malformed"), (name, e.kind, str(e))
            continue
        out[name] = (archive, report)
    return out
