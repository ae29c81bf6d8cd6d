"""Shared fixtures. Tests that need ../shared/data skip when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the checkout; a worktree under wt/ finds it one level further up.
SHARED = next((p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()), ROOT.parent / "shared")
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    d = SHARED / "data"
    if not d.is_dir():
        pytest.skip("../shared/data is not present")
    return d


@pytest.fixture(scope="session")
def specimen_text() -> str:
    p = SHARED / "examples" / "specimen-article.txt"
    if not p.is_file():
        pytest.skip("../shared/examples/specimen-article.txt is not present")
    return p.read_text(encoding="utf-8")
