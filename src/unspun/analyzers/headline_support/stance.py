"""Headline-body stance (FNC-1 labels: agree, disagree, discuss, unrelated).

One feature function serves training (``python -m training.train_stance``), the
``unspun eval fnc1`` task and the ``headline_support`` analyzer, so the model
sees the same features everywhere. The model is a one-hidden-layer MLP run in
numpy from ``unspun/models/stance/stance.npz``.

Features (in the spirit of the strong FNC-1 systems, UCLMR 2017 and the
official baseline, plus sentence embeddings):

- term-frequency vectors of the headline and the body over a fixed vocabulary,
  and their TF-IDF cosine (UCLMR);
- word overlap, headline n-gram hits in the body and in its lead, refuting and
  hedging words, polarity (FNC-1 baseline, extended);
- MiniLM: cosine of the headline with the body's lead sentence and with the
  body sentences that share most words with it (candidates), and the
  element-wise product and difference with the best of them.

Only ``CANDIDATES`` body sentences are embedded per headline, which keeps a
check of an 800-word article inside its time budget; the eval embeds each
body sentence once and reuses it for every headline.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from unspun.text.tokens import LOWER_WORD, STOP_WORDS

LABELS: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")
#: lead sentence + this many best lexical matches are embedded per headline
CANDIDATES = 3
#: word pieces per embedded sentence (news sentences are rarely longer)
EMBED_TOKENS = 64

#: the base list, and what the FNC-1 stance features also leave out: "s" and "t" (left of "it's" and
#: "don't" by the tokenizer), the numbers "one" and "two" and the headline fillers "new", "like",
#: "get", "got". Baked into the trained stance model: change it only with a retrain.
STOP = STOP_WORDS | {"s", "t", "one", "two", "new", "like", "get", "got"}

#: words that deny or debunk (FNC-1 baseline list, plus inflections)
REFUTING = (
    "fake fraud fraudulent hoax hoaxes false falsely deny denies denied denial refute refutes refuted not no never "
    "despite nope doubt doubts doubtful bogus debunk debunked debunks prank pranks retract retracted retraction "
    "untrue myth rumour rumor rumors rumours satire satirical misleading baseless unfounded"
).split()
#: words that report a claim without endorsing it (discuss)
HEDGING = (
    "reportedly allegedly alleged claim claims claimed according reports reported report rumored rumoured "
    "purportedly apparently unconfirmed unverified may might could possibly possible suggests suggested "
    "appears appear seems seem believed speculation speculated unclear"
).split()
_REFUTE_SET = frozenset(REFUTING)
_HEDGE_SET = frozenset(HEDGING)

N_HAND = 16 + len(REFUTING)
N_EMB_SCALAR = 5


def tokens(text: str) -> list[str]:
    return LOWER_WORD.findall(text.lower().replace("’", "'"))


def content(toks: Sequence[str]) -> list[str]:
    return [t for t in toks if t not in STOP and len(t) > 1]


@dataclass(frozen=True)
class Vocab:
    index: dict[str, int]
    idf: np.ndarray  # (V,)
    default_idf: float  # for words outside the vocabulary

    def tf(self, toks: Sequence[str]) -> np.ndarray:
        v = np.zeros(len(self.index), dtype=np.float32)
        for t in toks:
            i = self.index.get(t)
            if i is not None:
                v[i] += 1.0
        n = float(np.linalg.norm(v))
        return v / n if n > 0 else v

    def weight(self, word: str) -> float:
        i = self.index.get(word)
        return float(self.idf[i]) if i is not None else self.default_idf


def build_vocab(docs: Sequence[Sequence[str]], size: int) -> Vocab:
    """Vocabulary of the ``size`` most frequent content words, with smoothed IDF."""
    df: Counter[str] = Counter()
    tf: Counter[str] = Counter()
    for d in docs:
        c = content(d)
        tf.update(c)
        df.update(set(c))
    words = [w for w, _ in sorted(tf.items(), key=lambda kv: (-kv[1], kv[0]))[:size]]
    n = len(docs)
    idf = np.array([math.log((1 + n) / (1 + df[w])) + 1.0 for w in words], dtype=np.float32)
    return Vocab({w: i for i, w in enumerate(words)}, idf, float(math.log(1 + n) + 1.0))


def candidates(vocab: Vocab, head_toks: Sequence[str], sent_toks: Sequence[Sequence[str]]) -> list[int]:
    """Indices of the body sentences to embed: the lead and the best idf-weighted word matches."""
    if not sent_toks:
        return []
    hc = set(content(head_toks))
    scores = []
    for i, st in enumerate(sent_toks):
        shared = hc & set(st)
        scores.append((-sum(vocab.weight(w) for w in shared), i))
    picked = [0]
    for s, i in sorted(scores):
        if len(picked) > CANDIDATES:
            break
        if i != 0 and s < 0:
            picked.append(i)
    return picked


def _ngrams(toks: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def hand_features(head_toks: Sequence[str], body_toks: Sequence[str], vocab: Vocab) -> np.ndarray:
    """Lexical overlap, refuting, hedging and polarity features (length ``N_HAND``)."""
    hc, bc = content(head_toks), content(body_toks)
    hs, bs = set(hc), set(bc)
    lead = body_toks[:60]
    lead_s = set(lead)
    f: list[float] = []
    union = hs | bs
    f.append(len(hs & bs) / len(union) if union else 0.0)
    f.append(len(hs & bs) / len(hs) if hs else 0.0)
    f.append(len(hs & lead_s) / len(hs) if hs else 0.0)
    wsum = sum(vocab.weight(w) for w in hs) or 1.0
    f.append(sum(vocab.weight(w) for w in hs & bs) / wsum)
    for n in (2, 3):
        hg = _ngrams(head_toks, n)
        f.append(len(hg & _ngrams(body_toks, n)) / len(hg) if hg else 0.0)
        f.append(len(hg & _ngrams(lead, n)) / len(hg) if hg else 0.0)
    nb = max(len(body_toks), 1)
    b_ref = sum(t in _REFUTE_SET for t in body_toks)
    b_hedge = sum(t in _HEDGE_SET for t in body_toks)
    h_ref = sum(t in _REFUTE_SET for t in head_toks)
    h_hedge = sum(t in _HEDGE_SET for t in head_toks)
    f += [1000.0 * b_ref / nb, 1000.0 * b_hedge / nb, float(h_ref > 0), float(h_hedge > 0)]
    f += [float(h_ref % 2), float(b_ref % 2), math.log1p(len(body_toks)), math.log1p(len(head_toks))]
    hw = set(head_toks)
    f += [float(w in hw) for w in REFUTING]
    return np.asarray(f, dtype=np.float32)


def embedding_features(head_vec: np.ndarray, cand_vecs: np.ndarray) -> np.ndarray:
    """Scalar cosines and best-match interactions (length ``N_EMB_SCALAR + 2*384``)."""
    if len(cand_vecs) == 0:
        return np.zeros(N_EMB_SCALAR + 2 * head_vec.shape[0], dtype=np.float32)
    cos = cand_vecs @ head_vec
    best = int(np.argmax(cos))
    centroid = cand_vecs.mean(0)
    cn = float(np.linalg.norm(centroid)) or 1.0
    scal = [float(cos.max()), float(cos.mean()), float(cos[0]), float(centroid @ head_vec / cn), float(np.sort(cos)[-2] if len(cos) > 1 else cos[0])]
    b = cand_vecs[best]
    return np.concatenate([np.asarray(scal, dtype=np.float32), head_vec * b, np.abs(head_vec - b)]).astype(np.float32)


def features(
    vocab: Vocab,
    head_toks: Sequence[str],
    body_toks: Sequence[str],
    body_tf: np.ndarray,
    head_vec: np.ndarray,
    cand_vecs: np.ndarray,
) -> np.ndarray:
    """The full feature row: [headline TF | body TF | tfidf cosine | hand | embedding]."""
    htf = vocab.tf(head_toks)
    hw = htf * vocab.idf
    bw = body_tf * vocab.idf
    d = float(np.linalg.norm(hw) * np.linalg.norm(bw))
    tfidf_cos = float(hw @ bw / d) if d > 0 else 0.0
    return np.concatenate(
        [htf, body_tf, np.asarray([tfidf_cos], dtype=np.float32), hand_features(head_toks, body_toks, vocab), embedding_features(head_vec, cand_vecs)]
    ).astype(np.float32)


# -- the shipped model -------------------------------------------------------------


@dataclass(frozen=True)
class StanceModel:
    vocab: Vocab
    mean: np.ndarray  # standardisation of the dense (non-TF) part
    std: np.ndarray
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]

    @classmethod
    def from_file(cls, file: str | Path) -> StanceModel:
        """A model saved by :func:`save` (the shipped one is :func:`load`)."""
        z = np.load(file, allow_pickle=False)
        words = [str(w) for w in z["vocab"]]
        vocab = Vocab({w: i for i, w in enumerate(words)}, z["idf"].astype(np.float32), float(z["default_idf"][0]))
        n = sum(1 for k in z.files if k.startswith("w"))
        return cls(
            vocab=vocab,
            mean=z["mean"].astype(np.float32),
            std=z["std"].astype(np.float32),
            weights=tuple(z[f"w{i}"].astype(np.float32) for i in range(n)),
            biases=tuple(z[f"b{i}"].astype(np.float32) for i in range(n)),
        )

    @property
    def n_tf(self) -> int:
        return 2 * len(self.vocab.index)

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities ``(n, 4)`` in ``LABELS`` order for feature rows ``x``."""
        x = np.atleast_2d(x).astype(np.float32).copy()
        x[:, self.n_tf :] = (x[:, self.n_tf :] - self.mean) / self.std
        h = x
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            h = h @ w + b
            if i < len(self.weights) - 1:
                h = np.maximum(h, 0.0)
        h = h - h.max(1, keepdims=True)
        e = np.exp(h)
        out: np.ndarray = e / e.sum(1, keepdims=True)
        return out


def save(file: str | Path, model: StanceModel) -> None:
    words = sorted(model.vocab.index, key=model.vocab.index.__getitem__)
    arrays: dict[str, np.ndarray] = {
        "vocab": np.asarray(words),
        "idf": model.vocab.idf.astype(np.float32),
        "default_idf": np.asarray([model.vocab.default_idf], dtype=np.float32),
        "mean": model.mean.astype(np.float32),
        "std": model.std.astype(np.float32),
    }
    for i, (w, b) in enumerate(zip(model.weights, model.biases, strict=True)):
        arrays[f"w{i}"] = w.astype(np.float16)  # half precision halves the file; argmax unchanged in tests
        arrays[f"b{i}"] = b.astype(np.float32)
    # allow_pickle spelled out (its default) so the ** mapping is checked against ArrayLike only
    np.savez_compressed(file, allow_pickle=True, **arrays)


MODEL_NAME = "stance"
WEIGHTS = "stance.npz"


@cache
def load() -> StanceModel:
    """The shipped model, loaded once per process."""
    from unspun import models

    return StanceModel.from_file(models.path(MODEL_NAME, WEIGHTS))


# -- batch scoring (eval) ---------------------------------------------------------------


def pair_features(
    vocab: Vocab,
    headlines: Sequence[str],
    bodies: dict[str, str],
    body_ids: Sequence[str],
    embed_fn: Callable[[list[str]], np.ndarray] | None = None,
) -> np.ndarray:
    """Feature rows for (headline, body id) pairs; each body sentence and headline is embedded once."""
    from unspun.text import segment

    if embed_fn is None:
        from unspun.runtime import embed as emb

        def embed_fn(texts: list[str]) -> np.ndarray:
            return emb.embed(texts, max_tokens=EMBED_TOKENS)

    body_sents: dict[str, list[str]] = {}
    body_cache: dict[str, tuple[list[str], np.ndarray, list[list[str]]]] = {}
    for bid in sorted(set(body_ids)):
        text = segment.normalise_body(bodies[bid])
        body_sents[bid] = [text[s:e] for ps, pe in segment.paragraphs(text, 0, len(text)) for s, e in segment.sentences(text, ps, pe)]
        toks = tokens(text)
        body_cache[bid] = (toks, vocab.tf(toks), [tokens(s) for s in body_sents[bid]])
    uniq_heads = sorted(set(headlines))
    head_vec = dict(zip(uniq_heads, embed_fn(uniq_heads), strict=True))
    # Embed every body sentence once, for all bodies together (batched by length).
    order = sorted(body_sents)
    vecs = embed_fn([s for bid in order for s in body_sents[bid]])
    sent_vec: dict[str, np.ndarray] = {}
    pos = 0
    for bid in order:
        n = len(body_sents[bid])
        sent_vec[bid] = vecs[pos : pos + n]
        pos += n
    rows = []
    for h, bid in zip(headlines, body_ids, strict=True):
        htoks = tokens(h)
        btoks, btf, stoks = body_cache[bid]
        cand = candidates(vocab, htoks, stoks)
        rows.append(features(vocab, htoks, btoks, btf, head_vec[h], sent_vec[bid][cand]))
    if not rows:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack(rows)


def score_pairs(model: StanceModel, headlines: Sequence[str], bodies: dict[str, str], body_ids: Sequence[str]) -> np.ndarray:
    """Class probabilities ``(n, 4)`` for (headline, body id) pairs."""
    if not headlines:
        return np.zeros((0, len(LABELS)), dtype=np.float32)
    return model.predict_proba(pair_features(model.vocab, headlines, bodies, body_ids))
