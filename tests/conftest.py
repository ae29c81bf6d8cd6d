"""Shared fixtures. Tests that need ../shared/data skip when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from training.common import ROOT, shared_dir

SHARED = shared_dir()
EXAMPLES = ROOT / "examples"
#: this folder: the stored gold judgments and golden reports live beside the tests
TESTS = Path(__file__).parent


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
