"""The claims' earlier fact-checks and reference passages (``check --db``), for the terminal and HTML reports.

Both read the ``fact_checks`` and ``reference_passages`` analyzer runs' summaries (one entry per
check-worthy claim, with its matches): a claim with no match says so in words.
"""

from __future__ import annotations

import html
import textwrap
from typing import Any

from unspun.findings import AnalyzerRun, quote

NAMES = ("fact_checks", "reference_passages")


def _fact_check_line(m: dict[str, Any]) -> str:
    r = m["rating"]
    rating = r["label"] or (f"{r['value']:g}" + (f"/{r['best']:g}" if r["best"] is not None else "")
                            if r["value"] is not None else "no rating given")
    parts = [f"{rating}", m["publisher"] or "publisher not given", m["date"] or "date not given"]
    return f"{' · '.join(parts)} · score {m['score']:.2f}: {quote(m['claim_reviewed'], 100)}"


def _passage_line(p: dict[str, Any]) -> str:
    src = p["site"] or p["url"] or f"archive article {p['article_id']}"
    return f"{p['verdict'].upper()} · {src} · {p['date'] or 'date not given'}: {quote(p['passage']['text'], 120)}"


def terminal_lines(run: AnalyzerRun, width: int) -> list[str]:
    """Per claim: its matches (with links), or that none matched."""
    out: list[str] = []
    for n, c in enumerate(run.summary.get("claims", []), start=1):
        out.append("  " + textwrap.shorten(f"claim {n}: {c['text']}", width=width - 2, placeholder="…"))
        if not c["matches"]:
            none = "no earlier fact-check matches" if run.name == "fact_checks" else "no related passage"
            out.append(f"      {none}")
        for m in c["matches"]:
            line = _fact_check_line(m) if run.name == "fact_checks" else _passage_line(m)
            out.append(textwrap.fill(line, width=width, initial_indent="      - ", subsequent_indent="        "))
            if m.get("url"):
                out.append(f"        {m['url']}")
    return out


def _link(url: str | None, text: str) -> str:
    if url and url.startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}" rel="noreferrer">{html.escape(text)}</a>'
    return html.escape(text)


def html_section(runs: list[AnalyzerRun]) -> str:
    """One section with a list per analyzer run; empty when neither ran."""
    blocks = []
    for run in runs:
        if run.name not in NAMES:
            continue
        title = "Earlier fact-checks" if run.name == "fact_checks" else "Reference passages"
        if run.status != "ok":
            blocks.append(f'<h3>{title}</h3><p class="na">{html.escape(run.reason)}</p>')
            continue
        items = []
        for c in run.summary.get("claims", []):
            if not c["matches"]:
                none = "No earlier fact-check matches." if run.name == "fact_checks" else "No related passage."
                sub = f"<li>{none}</li>"
            elif run.name == "fact_checks":
                sub = "".join(f"<li>{_link(m['url'], _fact_check_line(m))}</li>" for m in c["matches"])
            else:
                sub = "".join(f"<li>{_link(p['url'], _passage_line(p))}<div class=\"meta\">"
                              f"{html.escape(p['reading'])}</div></li>" for p in c["matches"])
            items.append(f"<li>{html.escape(quote(c['text'], 160))}<ul>{sub}</ul></li>")
        blocks.append(f"<h3>{title}</h3><p>{html.escape(run.summary.get('line', ''))}</p><ol>{''.join(items)}</ol>")
    if not blocks:
        return ""
    return f'<section aria-label="claims in the archive"><h2>Claims against the archive</h2>{"".join(blocks)}</section>'
