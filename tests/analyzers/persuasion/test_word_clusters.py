"""Word clusters of the persuasion span model: the shipped table, its features, its build script."""

from __future__ import annotations

from pathlib import Path

import pytest

from training import build_word_clusters
from unspun.analyzers.persuasion.features import prepare, token_features, word_clusters


@pytest.mark.parametrize("word", ["traitor", "disaster", "hoax", "patriots", "government", "said"])
def test_shipped_table_covers_common_and_charged_words(word: str) -> None:
    assert word in word_clusters()
    assert 0 <= int(word_clusters()[word]) < 512


@pytest.mark.parametrize(
    ("text", "index", "present", "absent"),
    [
        ("He is a traitor to the nation.", 3, {"c=" + word_clusters().get("traitor", "?")}, set()),
        # neighbours' clusters, not the word's own, at the sentence edges only where a neighbour exists
        ("Liars lied.", 0, {"c+1=" + word_clusters().get("lied", "?")}, {"c-1="}),
        ("The zzqxv plan.", 1, set(), {"c="}),  # an unknown word has no cluster feature
    ],
)
def test_token_features_carry_clusters(text: str, index: int, present: set[str], absent: set[str]) -> None:
    feats = set(token_features(prepare(text))[index])
    assert present <= feats
    for a in absent:
        assert not any(f == a or (a.endswith("=") and f.startswith(a)) for f in feats)


def test_build_script_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    for out in (a, b):
        assert build_word_clusters.main(["--limit", "200", "--k", "4", "--out", str(out)]) == 0
    lines = a.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 200 and a.read_text() == b.read_text()
    assert {int(line.split()[1]) for line in lines} <= {0, 1, 2, 3}
