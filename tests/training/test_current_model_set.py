"""The current-model machine-text sets (issue 16): one canonical form on both sides, split by topic, length matching."""

from __future__ import annotations

import pytest

from training import build_current_model_set
from unspun.analyzers.machine_text.normalise import canonical, normalise, strip_agency_tags


@pytest.mark.parametrize(
    ("raw", "canon"),
    [
        ("He said \u201cyes\u201d and \u2018no\u2019.", "He said \"yes\" and 'no'."),
        ("It\u2019s \u00abodd\u00bb", "It's \"odd\""),
        ("word\u2014word", "word - word"),
        ("word \u2014 word", "word - word"),
        ("word -- word", "word - word"),
        ("word---word", "word - word"),
        ("word \u2013 word", "word - word"),
        ("in 2019\u201320", "in 2019-20"),
        ("well-known", "well-known"),
        ("a \u2212 b", "a - b"),
        ("wait\u2026", "wait..."),
        ("one\n\ntwo\r\nthree\tfour", "one two three four"),
        ("a\u00a0b\u2009c", "a b c"),
        ("zero\u200bwidth soft\u00adhyphen", "zerowidth softhyphen"),
        ("  padded  ", "padded"),
    ],
)
def test_normalise_table(raw: str, canon: str) -> None:
    assert normalise(raw) == canon
    assert normalise(canon) == canon  # a fixed point: a CSV written in it reads back unchanged


def test_canonical_points_back_at_the_original_characters() -> None:
    raw = "He said \u201cyes\u201d\u2014then\n\nleft\u2026"
    canon, src = canonical(raw)
    assert len(src) == len(canon)
    assert all(0 <= i < len(raw) for i in src)
    for c, i in zip(canon, src, strict=True):
        if c.isalnum():
            assert raw[i] == c


@pytest.mark.parametrize(
    ("raw", "out"),
    [
        ("WASHINGTON (Reuters) - The vote", "WASHINGTON - The vote"),
        ("ASHBY CORNERS, Vt. (AP) \u2014 A member", "ASHBY CORNERS, Vt. - A member"),
        ("PARIS (AFP) -- Talks", "PARIS - Talks"),
        ("the (APR) rate", "the (APR) rate"),
    ],
)
def test_agency_tags_are_stripped_alike_on_both_sides(raw: str, out: str) -> None:
    b = build_current_model_set
    assert b.clean(raw) == out == normalise(strip_agency_tags(raw))


def test_machine_split_is_by_topic_and_keeps_aldmark_together() -> None:
    b = build_current_model_set
    items = b.load_machine()
    n = len(items)
    assert n == 288  # six writer sessions of 48 (training/data/current_model_news/README.md)
    assert all(it.text == normalise(it.text) and "(AP)" not in it.text for it in items)
    tr, dv = b.split_machine(items)
    assert len(tr) + len(dv) == n and 0.2 < len(dv) / n < 0.4
    assert not {it.group for it in tr} & {it.group for it in dv}
    assert not {it.extra["topic_id"] for it in tr} & {it.extra["topic_id"] for it in dv}
    aldmark = [it for it in items if it.group == "w1-aldmark"]
    assert len(aldmark) == 7 and len({it in dv for it in aldmark}) == 1
    again = b.split_machine(b.load_machine())
    assert [it.id for it in again[1]] == [it.id for it in dv]  # seeded


def test_human_texts_are_length_matched_and_sources_take_turns() -> None:
    b = build_current_model_set

    def item(words: int, label: int, source: str, k: int) -> object:
        return b.Item(" ".join(["w"] * words), label, source, f"{source}:{k}", id=f"{source}:{k}")

    machine = [item(w, 1, "current-model", k) for k, w in enumerate([150, 200, 400, 450, 800, 900])]
    pool = [item(w, 0, s, k) for k, (w, s) in enumerate((w, s) for w in range(100, 1200, 10) for s in ("fnc", "ptc", "xsum", "iu"))]
    edges = b.length_bands(machine, bands=3)
    got = b.sample_humans(machine, pool, 2.0, edges)
    assert len(got) == 12
    for band in range(3):
        assert sum(b.band_of(h.words, edges) == band for h in got) == 2 * sum(b.band_of(m.words, edges) == band for m in machine)
    assert len({h.source for h in got}) == 4
    assert not {id(h) for h in got} & {id(p) for p in pool}  # drawn without replacement


def test_older_negatives_come_from_the_training_part_and_are_not_in_the_sets(shared_data: object) -> None:
    from training import machine_text_data as tmt

    b = build_current_model_set
    sets = b.build(real_pages=False)
    neg = b.older_negatives(sets, 50, iu=True)
    # the IU human texts of 1.2's training part left over after the sets drew theirs (none since the sets grew to six writers)
    assert sum(it.source == "xsum" for it in neg) == 50 and {it.source for it in neg} <= {"xsum", "iu"}
    assert all(it.label == 0 and it.extra["role"] == "older-negative" for it in neg)
    assert {it.source for it in b.older_negatives(sets, 5, iu=False)} == {"xsum"}
    assert not {it.text for it in neg} & {it.text for it in sets.train + sets.dev}
    rows = tmt.load_rows(b.DATA)
    _tr, dv = tmt.split(rows)
    dev_texts = {b.clean(rows[i].text) for i in dv}
    assert not {it.text for it in neg} & dev_texts  # 1.2's dev split stays unseen
    assert [it.id for it in b.older_negatives(sets, 50, iu=True)] == [it.id for it in neg]  # seeded
    assert [it.id for it in b.older_negatives(sets, 50)] == [it.id for it in neg if it.source == "xsum"]  # the BBC draw alone


@pytest.mark.parametrize(
    ("labels", "w", "want"),
    [
        ([0, 0, 0, 1], None, [2 / 3, 2 / 3, 2 / 3, 2.0]),
        ([0, 0, 1, 1], [1.0, 3.0, 1.0, 1.0], [0.5, 1.5, 1.0, 1.0]),
    ],
)
def test_balanced_weights_give_both_classes_the_same_total(labels: list[int], w: list[float] | None, want: list[float]) -> None:
    import numpy as np

    from training.train_current_model_head import balanced

    got = balanced(np.array(labels), None if w is None else np.array(w))
    assert np.allclose(got, want)
    y = np.array(labels)
    assert np.isclose(got[y == 0].sum(), got[y == 1].sum())


def test_extra_negatives_weigh_as_told() -> None:
    from training.train_current_model_head import weights

    b = build_current_model_set

    def item(label: int, role: str = "") -> object:
        return b.Item("w " * 120, label, "xsum" if role else "fnc", "g", extra={"role": role} if role else {})

    items = [item(1), item(0), item(0), item(0, "older-negative"), item(0, "older-negative"), item(0, "older-negative"), item(0, "older-negative")]
    w = weights(items, 0.5)  # type: ignore[arg-type]
    assert list(w[:3]) == [1.0, 1.0, 1.0]
    assert abs(w[3:].sum() - 0.5 * 2) < 1e-9
