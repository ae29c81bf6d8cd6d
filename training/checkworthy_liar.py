# mypy: ignore-errors
# (an experiment script, typed as loosely as train_checkworthy.py)
"""Experiment: LIAR's PolitiFact statements as extra check-worthy rows for the check-worthiness model.

Issue 18 (CLEF-2019 dev MAP 0.180, target 0.20). LIAR (``../shared/data/liar/train.tsv`` and ``valid.tsv``,
column 3; the official test part is not read) holds ~11.5k statements PolitiFact chose to check, mostly by
U.S. politicians: check-worthy by definition. Here they join the training part of
:func:`training.train_checkworthy.load` (the dev split) as positive rows of the n-gram logistic regression
and/or the embedding network, with their own input column (always 0 at inference, so the shipped file
format and ``CheckworthyModel`` do not change: the saved weights leave that column out) and a row weight.

- A leading "Says " / "Says that " (PolitiFact's paraphrase) is stripped. A LIAR row is dropped if its
  normalised text is in a dev part (4), in any other ClaimBuster or CLEF row (11: it would leak into the
  out-of-fold scores) or is a duplicate (29): 11,509 rows stay.
- LIAR rows only ever train: in every fold they join the training rows; out-of-fold scores, the stackers
  and the measures are on the ClaimBuster and CLEF rows only, as in the trainer.
- Measures (training part only): the debate stacker refitted leaving one of the 15 training debates out,
  MAP over them, and the news stacker's out-of-fold ClaimBuster F1 (the CARD's "Tried" measures).
  ``final`` fits on the whole training part, writes ``weights.npz`` to ``--out`` and scores dev once (the
  task scorer of ``unspun eval clef2019``; ClaimBuster F1 at the out-of-fold threshold).
- ``NET_SEED`` (environment): the network's seed (the trainer's is 2025), to judge its noise.

Result (2026-12-03, models/checkworthy/CARD.md "Tried, not shipped"): no gain in the ranking; the network's
seed alone moves the training-debate MAP by 0.014 and dev MAP by 0.028, more than LIAR does.

    PYTHONPATH=src:. python -m training.checkworthy_liar oof --liar-weight 0 1 0.3
    PYTHONPATH=src:. python -m training.checkworthy_liar final --lr-w 0 --net-w 0.3 --out /tmp/cw-liar-n03
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier

import training.train_checkworthy as tc
from training.common import DATA
from unspun.eval.clef2019 import average_precision, score_debates

LIAR = DATA / "liar"
NET_SEED = int(os.environ.get("NET_SEED", tc.SEED))
T0 = time.time()


def log(*a) -> None:
    print(f"[{time.time() - T0:6.0f}s]", *a, flush=True)


def strip_says(t: str) -> str:
    """'Says that X' / 'Says X' -> 'X' (capitalised)."""
    t = t.strip()
    m = re.match(r"^Says(?: that)?\s+(.*)$", t, re.S)
    if m and m.group(1):
        t = m.group(1)[0].upper() + m.group(1)[1:]
    return t


def liar_texts() -> list[str]:
    out = []
    for name in ("train.tsv", "valid.tsv"):
        with (LIAR / name).open(encoding="utf-8", newline="") as fh:
            out += [strip_says(row[2]) for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return out


def embeddings(emb_dir: Path, name: str, texts: list[str]) -> np.ndarray:
    """``emb_dir/name.npy`` (all rows of the data file, in order), computed once."""
    f = emb_dir / f"{name}.npy"
    if f.is_file() and len(e := np.load(f)) == len(texts):
        return e.astype(np.float32)
    from unspun.runtime import embed

    e = embed.embed(texts, max_tokens=96).astype(np.float32)
    emb_dir.mkdir(parents=True, exist_ok=True)
    np.save(f, e)
    return e


def setup(emb_dir: Path) -> dict:
    d = tc.load(final=False)
    cb, clef = d["cb"], d["clef"]
    all_norms = {tc.norm(r["text"]) for r in cb} | {tc.norm(r["text"]) for r in clef}
    dev_norms = {tc.norm(cb[i]["text"]) for i in d["cb_dev"]} | {tc.norm(clef[i]["text"]) for i in d["clef_dev"]}
    lt = liar_texts()
    keep, seen, n_dev, n_any, n_dup = [], set(), 0, 0, 0
    for i, t in enumerate(lt):
        n = tc.norm(t)
        if n in dev_norms:
            n_dev += 1
        elif n in all_norms:
            n_any += 1
        elif not n or n in seen:
            n_dup += 1
        else:
            seen.add(n)
            keep.append(i)
    log(f"LIAR {len(lt)} rows: {n_dev} in a dev part, {n_any} in another CB/CLEF row, {n_dup} duplicates; {len(keep)} kept")
    e_cb = embeddings(emb_dir, "cb", [r["text"] for r in cb])
    e_clef = embeddings(emb_dir, "clef", [r["text"] for r in clef])
    e_liar = embeddings(emb_dir, "liar", lt)
    nb = len(d["cb_tr"]) + len(d["clef_tr"])
    return {
        "d": d, "nb": nb, "n_liar": len(keep), "e_cb": e_cb, "e_clef": e_clef,
        "texts": [cb[i]["text"] for i in d["cb_tr"]] + [clef[i]["text"] for i in d["clef_tr"]] + [lt[i] for i in keep],
        "y": np.array([int(cb[i]["label"]) for i in d["cb_tr"]] + [int(clef[i]["label"]) for i in d["clef_tr"]]
                      + [1] * len(keep)),
        "src": np.array([0] * len(d["cb_tr"]) + [1] * len(d["clef_tr"]) + [0] * len(keep), dtype=np.float32),
        "liar": np.array([0] * nb + [1] * len(keep), dtype=np.float32),
        "fold": np.concatenate([tc.folds([f"cb{i % 1000}" for i in d["cb_tr"]] + [clef[i]["debate"] for i in d["clef_tr"]]),
                                np.full(len(keep), -1)]),  # LIAR rows: in no test fold
        "emb": np.vstack([e_cb[d["cb_tr"]], e_clef[d["clef_tr"]], e_liar[keep]]).astype(np.float32),
        "debate": [clef[i]["debate"] for i in d["clef_tr"]],
    }


def rows_for(r: dict, w: float) -> tuple[np.ndarray, np.ndarray]:
    """Training-row mask and row weights for LIAR weight ``w`` (0: no LIAR rows, the trainer's model)."""
    return (np.ones(len(r["y"]), bool) if w > 0 else r["liar"] == 0), np.where(r["liar"] == 1, w, 1.0)


def lr_matrix(docs, src, liar, v, width: int | None = None) -> sp.csr_matrix:
    x = tc.matrix(docs, src, v)
    if liar.any() or (width is not None and width > x.shape[1]):  # the LIAR column (the baseline has none)
        x = sp.hstack([x, sp.csr_matrix(liar.reshape(-1, 1))]).tocsr()
    return x


def fit_lr(docs, r: dict, idx: np.ndarray, sw: np.ndarray):
    v = tc.fit_vocabs([docs[i] for i in idx])
    w = None if np.all(sw[idx] == 1) else sw[idx]
    return v, LogisticRegression(C=tc.C, max_iter=3000).fit(
        lr_matrix([docs[i] for i in idx], r["src"][idx], r["liar"][idx], v), r["y"][idx], sample_weight=w)


def fit_net(r: dict, idx: np.ndarray, sw: np.ndarray) -> tuple[MLPClassifier, np.ndarray]:
    cols = [r["emb"], r["src"][:, None]] + ([r["liar"][:, None]] if r["liar"][idx].any() else [])
    x = np.hstack(cols)
    w = None if np.all(sw[idx] == 1) else sw[idx]
    m = MLPClassifier(hidden_layer_sizes=(tc.HIDDEN,), alpha=tc.ALPHA, random_state=NET_SEED, max_iter=50,
                      early_stopping=True).fit(x[idx], r["y"][idx], sample_weight=w)
    return m, x


def oof(r: dict, docs, w: float, kind: str, cache: Path) -> np.ndarray:
    f = cache / (f"{kind}_w{w}.npy" if kind == "lr" or NET_SEED == tc.SEED else f"{kind}_w{w}_s{NET_SEED}.npy")
    if f.is_file():
        return np.load(f)
    use, sw = rows_for(r, w)
    out = np.zeros(r["nb"])
    for k in range(5):
        tr, te = np.where(use & (r["fold"] != k))[0], np.where(r["fold"] == k)[0]
        if kind == "lr":
            v, m = fit_lr(docs, r, tr, sw)
            out[te] = m.decision_function(lr_matrix([docs[i] for i in te], r["src"][te], r["liar"][te], v, m.coef_.shape[1]))
        else:
            m, x = fit_net(r, tr, sw)
            out[te] = tc.net_logit(m, x[te])
        log(f"{kind} w={w} fold {k}")
    cache.mkdir(parents=True, exist_ok=True)
    np.save(f, out)
    return out


def lodo(x: np.ndarray, y: np.ndarray, debate: list[str]) -> tuple[float, dict[str, float]]:
    """MAP over the training debates, each ranked by the debate stacker fitted on the others; and each AP."""
    deb = np.array(debate)
    s = np.zeros(len(y))
    for name in sorted(set(debate)):
        held = deb == name
        s[held] = LogisticRegression(C=1e4, max_iter=1000).fit(x[~held], y[~held]).decision_function(x[held])
    per = {}
    for name in sorted(set(debate)):
        idx = np.where(deb == name)[0]
        per[name] = average_precision([int(y[i]) for i in sorted(idx, key=lambda i: (-s[i], i))])
    return float(score_debates([(b, int(t), float(v)) for b, t, v in zip(debate, y, s, strict=True)])["map"]), per


def measures(r: dict, lr_o: np.ndarray, net_o: np.ndarray) -> tuple[dict, dict]:
    y, is_cb = r["y"][: r["nb"]], r["src"][: r["nb"]] == 0
    x = np.column_stack([lr_o, net_o])
    m, per = lodo(x[~is_cb], y[~is_cb], r["debate"])
    p = LogisticRegression(C=1e4, max_iter=1000).fit(x[is_cb], y[is_cb]).predict_proba(x[is_cb])[:, 1]
    t, f1 = tc.max_f1_threshold(p, y[is_cb])
    return {"train_debate_map": round(m, 4), "oof_cb_f1": round(f1, 4), "thr": t}, per


def cmd_oof(a: argparse.Namespace) -> None:
    r = setup(a.emb_dir)
    docs = tc.hashed(r["texts"])
    res = {w: {"lr": oof(r, docs, w, "lr", a.cache), "net": oof(r, docs, w, "net", a.cache)} for w in a.liar_weight}
    out, pers = {}, {}
    for wl in a.liar_weight:
        for wn in a.liar_weight:
            key = f"lr_w{wl}+net_w{wn}"
            out[key], pers[key] = measures(r, res[wl]["lr"], res[wn]["net"])
    base = f"lr_w{a.liar_weight[0]}+net_w{a.liar_weight[0]}"
    for key, per in pers.items():  # debates up / down against the first weight's pair
        out[key]["debates_up_down"] = [sum(per[n] > pers[base][n] + 1e-9 for n in per),
                                       sum(per[n] < pers[base][n] - 1e-9 for n in per)]
        log(key, out[key])
    name = f"measures_s{NET_SEED}_{'_'.join(map(str, a.liar_weight))}.json"
    (a.cache / name).write_text(json.dumps({"measures": out, "per_debate": pers}, indent=1))


def cmd_final(a: argparse.Namespace) -> None:
    r = setup(a.emb_dir)
    docs = tc.hashed(r["texts"])
    nb, y = r["nb"], r["y"][: r["nb"]]
    is_cb = r["src"][:nb] == 0
    x_oof = np.column_stack([oof(r, docs, a.lr_w, "lr", a.cache), oof(r, docs, a.net_w, "net", a.cache)])
    st_news, st_debate = tc.stacker(x_oof[is_cb], y[is_cb]), tc.stacker(x_oof[~is_cb], y[~is_cb])
    p_oof = 1 / (1 + np.exp(-(x_oof[is_cb] @ np.array(st_news[:2]) + st_news[2])))
    threshold, oof_f1 = tc.max_f1_threshold(p_oof, y[is_cb])
    use, sw = rows_for(r, a.lr_w)
    vocabs, lr = fit_lr(docs, r, np.where(use)[0], sw)
    use, sw = rows_for(r, a.net_w)
    net, _ = fit_net(r, np.where(use)[0], sw)
    parts = np.split(lr.coef_[0], np.cumsum([len(vocabs[g].slots) for g in tc.GROUPS]))  # 3 groups, [src(, liar)]
    arrays = {}
    for g, wg in zip(tc.GROUPS, parts[:3], strict=True):
        keep = np.abs(wg) > 1e-4
        arrays |= tc.hashfeat.save_vocab(g, tc.hashfeat.Vocab(vocabs[g].slots[keep], vocabs[g].idf[keep]))
        arrays[f"{g}_coef"] = wg[keep].astype(np.float16 if g == "c" else np.float32)
    dim = r["emb"].shape[1] + 1  # embedding + src; a LIAR input row (0 at inference) is left out
    arrays |= {
        "src_coef": np.array([parts[3][0]]), "intercept": np.array([lr.intercept_[0]]),
        "net_w1": net.coefs_[0][:dim].astype(np.float16), "net_b1": net.intercepts_[0].astype(np.float32),
        "net_w2": net.coefs_[1][:, 0].astype(np.float32), "net_b2": np.array([net.intercepts_[1][0]]),
        "stack_news": np.array(st_news), "stack_debate": np.array(st_debate), "threshold": np.array([threshold]),
    }
    a.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(a.out / "weights.npz", **arrays)
    from unspun.analyzers.checkworthy_claims.model import CheckworthyModel

    d, cb, clef = r["d"], r["d"]["cb"], r["d"]["clef"]
    m = CheckworthyModel.from_file(a.out / "weights.npz")
    p_dev = m.scores([cb[i]["text"] for i in d["cb_dev"]], r["e_cb"][d["cb_dev"]])
    y_dev = np.array([int(cb[i]["label"]) for i in d["cb_dev"]])
    s_clef = m.scores([clef[i]["text"] for i in d["clef_dev"]], r["e_clef"][d["clef_dev"]], debate=True)
    rows = [(clef[i]["debate"], int(clef[i]["label"]), float(s)) for i, s in zip(d["clef_dev"], s_clef, strict=True)]
    per = {}
    for deb in sorted({b for b, _, _ in rows}):
        ranked = sorted((-s, n, lab) for n, (b, lab, s) in enumerate(rows) if b == deb)
        per[deb] = round(average_precision([lab for _, _, lab in ranked]), 4)
    res = {"lr_w": a.lr_w, "net_w": a.net_w, "net_seed": NET_SEED, "n_liar": r["n_liar"], "oof_cb_f1": round(oof_f1, 4),
           "threshold": threshold, "stack_news": st_news, "stack_debate": st_debate,
           "dev_cb": {"n": len(y_dev), **tc.f1_at(p_dev, y_dev, threshold)}, "dev_clef": score_debates(rows), "dev_ap": per}
    (a.out / "dev.json").write_text(json.dumps(res, indent=1))
    print(json.dumps(res, indent=1))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--emb-dir", type=Path, default=Path("/tmp/cw-emb"), help="cb.npy, clef.npy, liar.npy (computed once)")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/cw-oof"), help="out-of-fold scores per weight and seed")
    sub = ap.add_subparsers(dest="cmd", required=True)
    o = sub.add_parser("oof", help="out-of-fold measures of every (LR weight, network weight) pair")
    o.add_argument("--liar-weight", type=float, nargs="+", default=[0.0, 1.0, 0.3])
    f = sub.add_parser("final", help="fit on the whole training part, write --out/weights.npz, score dev once")
    f.add_argument("--lr-w", type=float, required=True)
    f.add_argument("--net-w", type=float, required=True)
    f.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    cmd_oof(a) if a.cmd == "oof" else cmd_final(a)


if __name__ == "__main__":
    main()
