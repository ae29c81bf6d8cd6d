"""Optional: a natural-language-inference cross-encoder the user has on disk.

No NLI weights ship on PyPI (see ``docs/headline-support.md``), so unspun
cannot bring one. A user who has a Hugging Face BERT-family cross-encoder
folder (``config.json`` with ``model_type: bert``, ``model.safetensors``,
``tokenizer.json``; for example a MiniLM NLI cross-encoder) can point
``headline_support`` at it with the environment variable ``UNSPUN_NLI_MODEL=DIR``
(or ``HeadlineSupport(nli_model=DIR)`` from Python). It runs in numpy on the same
encoder as :mod:`unspun.runtime.embed`: no torch, no transformers.

Labels are read from the model's ``id2label`` and mapped to ``entailment``,
``contradiction`` and ``neutral`` by name.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from unspun import errors
from unspun.findings import ModelInfo
from unspun.models import sha256_of
from unspun.runtime import embed

ENV = "UNSPUN_NLI_MODEL"
NLI_LABELS = ("entailment", "contradiction", "neutral")


def configured() -> str | None:
    """The NLI model folder set in the environment, if any."""
    v = os.environ.get(ENV, "").strip()
    return v or None


@dataclass(frozen=True)
class CrossEncoder:
    encoder: Any  # embed._Model
    pool_w: np.ndarray | None
    pool_b: np.ndarray | None
    cls_w: np.ndarray
    cls_b: np.ndarray
    order: tuple[int, ...]  # model output index for each of NLI_LABELS
    max_tokens: int
    folder: str

    def predict(self, premises: Sequence[str], hypotheses: Sequence[str]) -> np.ndarray:
        """``(n, 3)`` probabilities of entailment, contradiction, neutral for each (premise, hypothesis)."""
        n = len(premises)
        out = np.zeros((n, 3), dtype=np.float32)
        if n == 0:
            return out
        encs = self.encoder.tokenizer.encode_batch(list(zip(premises, hypotheses, strict=True)))
        seqs: list[tuple[list[int], list[int]]] = []
        for e in encs:
            tok_ids, tok_types = list(e.ids), list(e.type_ids)
            if len(tok_ids) > self.max_tokens:  # cut the premise's tail; keep the end of the hypothesis pair
                tok_ids = tok_ids[: self.max_tokens - 1] + tok_ids[-1:]
                tok_types = tok_types[: self.max_tokens - 1] + tok_types[-1:]
            seqs.append((tok_ids, tok_types))
        t = max(len(i) for i, _ in seqs)
        ids = np.zeros((n, t), dtype=np.int64)
        tys = np.zeros((n, t), dtype=np.int64)
        mask = np.zeros((n, t), dtype=np.float32)
        for r, (i, ty) in enumerate(seqs):
            ids[r, : len(i)] = i
            tys[r, : len(ty)] = ty
            mask[r, : len(i)] = 1.0
        x = embed.encode(self.encoder, ids, mask, tys)[:, 0, :]  # [CLS]
        if self.pool_w is not None and self.pool_b is not None:
            x = np.tanh(x @ self.pool_w + self.pool_b)
        logits = x @ self.cls_w + self.cls_b
        logits = logits - logits.max(1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(1, keepdims=True)
        probs: np.ndarray = p[:, list(self.order)].astype(np.float32)
        return probs


def _label_order(cfg: dict[str, Any], folder: str) -> tuple[int, ...]:
    id2label = {int(k): str(v).lower() for k, v in (cfg.get("id2label") or {}).items()}
    order = []
    for lab in NLI_LABELS:
        hit = [i for i, name in id2label.items() if name.startswith(lab[:7])]
        if len(hit) != 1:
            raise errors.model_missing(
                "NLI cross-encoder",
                f"{folder}/config.json id2label {id2label!r} does not name entailment, contradiction and neutral",
            )
        order.append(hit[0])
    return tuple(order)


def model_info(folder: str) -> ModelInfo:
    """Name, version and weights hash of an NLI cross-encoder folder (for the report)."""
    d = Path(folder)
    weights = d / "model.safetensors"
    digest = sha256_of(str(weights)) if weights.is_file() else "0" * 64
    return ModelInfo(f"NLI cross-encoder {d.name}", "user-installed", digest)


@lru_cache(maxsize=4)
def load(folder: str) -> CrossEncoder:
    """Load a BERT-family NLI cross-encoder folder once per process."""
    d = Path(folder)
    need = ("config.json", "model.safetensors", "tokenizer.json")
    missing = [f for f in need if not (d / f).is_file()]
    if missing:
        raise errors.model_missing("NLI cross-encoder", f"{folder} lacks {', '.join(missing)} (safetensors weights are required)")
    cfg = json.loads((d / "config.json").read_text(encoding="utf-8"))
    if cfg.get("model_type") != "bert":
        raise errors.model_missing("NLI cross-encoder", f"{folder} is a {cfg.get('model_type')!r} model; only BERT-family (model_type 'bert') runs without torch")
    order = _label_order(cfg, folder)
    enc = embed.load_bert(d, prefix="bert.")
    w = enc.weights
    pool = "bert.pooler.dense.weight" in w
    return CrossEncoder(
        encoder=enc,
        pool_w=np.ascontiguousarray(w["bert.pooler.dense.weight"].T) if pool else None,
        pool_b=w["bert.pooler.dense.bias"] if pool else None,
        cls_w=np.ascontiguousarray(w["classifier.weight"].T),
        cls_b=w["classifier.bias"],
        order=order,
        max_tokens=min(int(cfg.get("max_position_embeddings", 512)), 256),
        folder=str(d),
    )
