"""The optional NLI cross-encoder adapter, on a tiny randomly initialised BERT the test builds."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import save_file
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

from unspun import errors
from unspun.analyzers.headline_support import nli
from unspun.analyzers.headline_support.analyzer import HeadlineSupport
from unspun.document import Document

H, HEADS, LAYERS, FF = 8, 2, 2, 16
WORDS = "the minister resigned did not resign on monday body says a claim bank raised rates".split()


def build(folder: Path, seed: int = 0, label_bias: dict[str, float] | None = None, model_type: str = "bert") -> Path:
    """A BertForSequenceClassification-shaped folder with random weights and a WordPiece tokenizer."""
    folder.mkdir(parents=True, exist_ok=True)
    vocab = {t: i for i, t in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", *WORDS])}
    tok = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    tok.save(str(folder / "tokenizer.json"))
    labels = {0: "CONTRADICTION", 1: "ENTAILMENT", 2: "NEUTRAL"}
    cfg = {"model_type": model_type, "hidden_size": H, "num_attention_heads": HEADS, "num_hidden_layers": LAYERS,
           "intermediate_size": FF, "max_position_embeddings": 64, "type_vocab_size": 2, "layer_norm_eps": 1e-12,
           "vocab_size": len(vocab), "id2label": {str(k): v for k, v in labels.items()}}
    (folder / "config.json").write_text(json.dumps(cfg))
    rng = np.random.default_rng(seed)

    def r(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.5).astype(np.float32)

    w = {
        "bert.embeddings.word_embeddings.weight": r(len(vocab), H),
        "bert.embeddings.position_embeddings.weight": r(64, H),
        "bert.embeddings.token_type_embeddings.weight": r(2, H),
        "bert.embeddings.LayerNorm.weight": np.ones(H, np.float32),
        "bert.embeddings.LayerNorm.bias": np.zeros(H, np.float32),
        "bert.pooler.dense.weight": r(H, H),
        "bert.pooler.dense.bias": r(H),
        "classifier.weight": r(3, H),
        "classifier.bias": np.zeros(3, np.float32),
    }
    for name, b in (label_bias or {}).items():
        idx = [k for k, v in labels.items() if v.lower() == name][0]
        w["classifier.bias"][idx] = b
    for i in range(LAYERS):
        p = f"bert.encoder.layer.{i}."
        for n in ("query", "key", "value"):
            w[p + f"attention.self.{n}.weight"], w[p + f"attention.self.{n}.bias"] = r(H, H), r(H)
        w[p + "attention.output.dense.weight"], w[p + "attention.output.dense.bias"] = r(H, H), r(H)
        w[p + "intermediate.dense.weight"], w[p + "intermediate.dense.bias"] = r(FF, H), r(FF)
        w[p + "output.dense.weight"], w[p + "output.dense.bias"] = r(H, FF), r(H)
        for ln in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[p + ln + ".weight"], w[p + ln + ".bias"] = np.ones(H, np.float32), np.zeros(H, np.float32)
    save_file(w, str(folder / "model.safetensors"))
    return folder


def reference(folder: Path, premise: str, hypothesis: str) -> np.ndarray:
    """A plain, unbatched BERT forward pass written out step by step, to check the adapter against."""
    from safetensors.numpy import load_file

    w = load_file(str(folder / "model.safetensors"))
    enc = Tokenizer.from_file(str(folder / "tokenizer.json")).encode(premise, hypothesis)
    ids, types = enc.ids, enc.type_ids

    def ln(x: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-12) * g + b

    e = "bert.embeddings."
    x = np.stack([w[e + "word_embeddings.weight"][t] + w[e + "position_embeddings.weight"][j] + w[e + "token_type_embeddings.weight"][ty]
                  for j, (t, ty) in enumerate(zip(ids, types, strict=True))])
    x = ln(x, w[e + "LayerNorm.weight"], w[e + "LayerNorm.bias"])
    hd = H // HEADS
    for i in range(LAYERS):
        p = f"bert.encoder.layer.{i}."
        lin = {n: x @ w[p + f"attention.self.{n}.weight"].T + w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")}
        heads = []
        for h in range(HEADS):
            sl = slice(h * hd, (h + 1) * hd)
            a = lin["query"][:, sl] @ lin["key"][:, sl].T / math.sqrt(hd)
            a = np.exp(a - a.max(1, keepdims=True))
            heads.append((a / a.sum(1, keepdims=True)) @ lin["value"][:, sl])
        att = np.concatenate(heads, 1) @ w[p + "attention.output.dense.weight"].T + w[p + "attention.output.dense.bias"]
        x = ln(att + x, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
        u = x @ w[p + "intermediate.dense.weight"].T + w[p + "intermediate.dense.bias"]
        u = 0.5 * u * (1 + np.vectorize(math.erf)(u / math.sqrt(2)))  # exact GELU
        x = ln(u @ w[p + "output.dense.weight"].T + w[p + "output.dense.bias"] + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
    pooled = np.tanh(x[0] @ w["bert.pooler.dense.weight"].T + w["bert.pooler.dense.bias"])
    logits = pooled @ w["classifier.weight"].T + w["classifier.bias"]
    p_ = np.exp(logits - logits.max())
    p_ /= p_.sum()
    return p_[[1, 0, 2]]  # entailment, contradiction, neutral


@pytest.mark.parametrize(
    ("premises", "hypotheses"),
    [
        (["the minister resigned on monday"], ["the minister did not resign"]),
        (["the bank raised rates", "a claim"], ["the bank raised rates on monday", "the body says the minister resigned on monday"]),
    ],
)
def test_adapter_matches_reference(tmp_path: Path, premises: list[str], hypotheses: list[str]) -> None:
    folder = build(tmp_path / "m")
    model = nli.load(str(folder))
    got = model.predict(premises, hypotheses)
    assert got.shape == (len(premises), 3)
    for row, prem, hyp in zip(got, premises, hypotheses, strict=True):
        assert np.allclose(row, reference(folder, prem, hyp), atol=2e-3)


@pytest.mark.parametrize(
    ("change", "message"),
    [("no_weights", "model.safetensors"), ("roberta", "only BERT-family"), ("labels", "id2label")],
)
def test_bad_folders_give_clear_errors(tmp_path: Path, change: str, message: str) -> None:
    folder = build(tmp_path / change, model_type="roberta" if change == "roberta" else "bert")
    if change == "no_weights":
        (folder / "model.safetensors").unlink()
    if change == "labels":
        cfg = json.loads((folder / "config.json").read_text())
        cfg["id2label"] = {"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"}
        (folder / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(errors.UnspunError, match=message):
        nli.load(str(folder))


BODY = "The health minister resigned on Monday after weeks of criticism.\n\nThe prime minister accepted the resignation."


@pytest.mark.parametrize(("bias", "verdict", "named"), [("contradiction", "contradicted", "contradicting"), ("entailment", "supported", "entailing")])
def test_analyzer_uses_configured_nli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bias: str, verdict: str, named: str) -> None:
    monkeypatch.delenv(nli.ENV, raising=False)
    # A classifier bias of +20 makes the random model answer one label whatever it reads.
    folder = build(tmp_path / bias, label_bias={bias: 20.0})
    doc = Document.from_parts("Health minister resigned on Monday", BODY)
    f = HeadlineSupport(nli_model=str(folder))(doc)[0]
    assert f.label == verdict and f"NLI model reads its closest sentence as {named}" in f.explanation
    assert f.data["nli"][bias] > 0.99
    assert "nli" not in HeadlineSupport()(doc)[0].data
    monkeypatch.setenv(nli.ENV, str(folder))  # the environment variable configures it too
    assert HeadlineSupport()(doc)[0].label == verdict
