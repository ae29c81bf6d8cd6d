"""The machine_text analyzer: abstention, calibrated probability with its false-positive rate, shading."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests import resources
from unspun import inputs, models
from unspun.analyzers import NotApplicable
from unspun.analyzers.machine_text.analyzer import MachineText, shade_levels
from unspun.pipeline import Pipeline
from unspun.render import html as render_html
from unspun.runtime import lm


def test_machine_text_default_threshold_is_the_trained_one() -> None:
    meta = models.meta("machine_text")
    assert MachineText.DEFAULT_THRESHOLD == meta["threshold"]
    assert MachineText().get_params()["threshold"] == meta["threshold"]
    assert MachineText.slow


@pytest.mark.parametrize(("text", "words"), [(resources.SHORT_BODY, 12), (resources.SOBER, 28)])
def test_machine_text_short_body_is_not_applicable_with_the_reason(text: str, words: int) -> None:
    doc = inputs.from_text(text)
    with pytest.raises(NotApplicable, match=rf"the body has {words} words; .* at least 80"):
        MachineText()(doc)


def test_machine_text_min_words_is_a_parameter() -> None:
    doc = inputs.from_text(resources.SOBER)
    a = MachineText(min_words=10, threshold=0.0)
    (f,) = a(doc)
    assert 0.0 <= f.score <= 1.0


def test_machine_text_scores_model_filler_above_a_wire_report() -> None:
    llm = MachineText().analyse(inputs.from_text(resources.LLM_STYLE)).summary
    wire = MachineText().analyse(inputs.from_text(resources.WIRE_STYLE)).summary
    # the 1.2 detector (older generators); both texts were written for the project by a current chat model,
    # which the current-model head flags in both
    assert llm["probability_by_era"]["older_generators"] > wire["probability_by_era"]["older_generators"]
    assert llm["language_model"]["sha256"] == lm.model_info().sha256


def test_machine_text_finding_states_probability_threshold_and_fpr() -> None:
    doc = inputs.from_text(resources.LLM_STYLE)
    (f,) = MachineText(threshold=0.0)(doc)
    assert f.label == "machine_text_signals"
    assert f"probability {f.data['probability_by_era']['older_generators']:.2f}" in f.explanation
    assert f.data["probability"] >= f.data["probability_by_era"]["older_generators"]
    assert "older generators (GPT-2 to GPT-4" in f.explanation  # what it was shown to detect
    assert "threshold of 0.00" in f.explanation
    assert "of human-written news texts in the development data were flagged" in f.explanation
    assert f.data["human_fpr_at_threshold"] == 1.0  # every human text scores at least 0
    for word in ("fake", "AI-written", "written by AI"):
        assert word not in f.explanation
    # shading: sentences of the body, levels 1-3, the strongest at level 3
    shades = f.data["shading"]
    assert shades and {s["level"] for s in shades} <= {1, 2, 3} and max(s["level"] for s in shades) == 3
    sent = {(s.start, s.end) for s in doc.sentences}
    assert all((s["start"], s["end"]) in sent for s in shades)
    json.dumps(f.to_dict())


def test_machine_text_html_report_shades_sentences() -> None:
    doc = inputs.from_text(resources.LLM_STYLE)
    report = Pipeline(analyzers=[MachineText(threshold=0.0)]).run(doc)
    page = render_html.render(report)
    assert 'class="shade-3"' in page and "Shaded sentences" in page


def test_machine_text_html_without_shading_has_no_key() -> None:
    report = Pipeline(analyzers=[]).run(inputs.from_text(resources.SOBER))
    assert "shade-" not in render_html.render(report).split("</style>", 1)[1]


@pytest.mark.parametrize(
    ("contrib", "levels"),
    [([1.0, 0.5, 0.1, -1.0], [3, 2, 1, 0]), ([-1.0, -2.0], [0, 0]), ([], []), ([2.0, 0.01], [3, 0])],
)
def test_machine_text_shade_levels(contrib: list[float], levels: list[int]) -> None:
    assert shade_levels(np.array(contrib)) == levels


def test_machine_text_sentence_shares_add_up_to_the_shared_features() -> None:
    from unspun.analyzers.machine_text.features import LM_STATS, canonical, sentences, token_terms
    from unspun.analyzers.machine_text.model import load

    body = inputs.from_text(resources.LLM_STYLE).body_text
    s = load().score(body)
    canon = canonical(body)[0]
    spans = sentences(canon)
    shares = load().sentence_contributions(s, spans)
    shared = set(token_terms({k: np.zeros(40) for k in LM_STATS})) | {"st_llm_vocab", "st_llm_transition"}
    expected = sum(v for k, v in s.contributions.items() if k in shared)
    assert float(shares.sum()) == pytest.approx(expected, abs=1e-6)


def test_machine_text_contributions_add_up_to_the_logit() -> None:
    """Per-feature contributions (additive terms plus each feature's part of the trees' score) explain the whole logit."""
    from unspun.analyzers.machine_text.model import load

    m = load()
    s = m.score(inputs.from_text(resources.LLM_STYLE).body_text)
    x = m.vector(s.features)
    # the path attribution telescopes to the plain prediction: the baseline plus every tree's leaf value
    leaves = 0.0
    for k in m.gbt_roots.tolist():
        while not m.gbt_leaf[k]:
            k = int(m.gbt_left[k] if x[m.gbt_feature[k]] <= m.gbt_threshold[k] else m.gbt_right[k])
        leaves += float(m.gbt_value[k])
    assert m.tree_score(x) == pytest.approx(m.gbt_baseline + leaves, abs=1e-9)
    assert s.logit == pytest.approx(m.reference_logit() + sum(s.contributions.values()), abs=1e-9)
    assert s.probability == pytest.approx(m.calibrate(s.logit))


def test_machine_text_is_skipped_by_fast_and_runs_otherwise() -> None:
    from unspun.pipeline import select

    assert "machine_text" not in [a.name for a in select(fast=True)]
    assert "machine_text" in [a.name for a in select()]
    assert [a.name for a in select(only=["machine_text"], fast=True)] == ["machine_text"]


def test_machine_text_language_model_loads_only_when_the_analyzer_runs() -> None:
    import subprocess
    import sys

    code = (
        "import unspun, unspun.runtime.lm as lm\n"
        "from tests import resources\n"
        "unspun.check(text=resources.LLM_STYLE, fast=True)\n"
        "assert lm.load.cache_info().currsize == 0, 'loaded under --fast'\n"
        "unspun.check(text=resources.LLM_STYLE, only=['machine_text'])\n"
        "unspun.check(text=resources.WIRE_STYLE, only=['machine_text'])\n"
        "info = lm.load.cache_info()\n"
        "assert info.currsize == 1 and info.misses == 1, info\n"
    )
    from tests.conftest import ROOT

    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
