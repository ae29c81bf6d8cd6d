"""One self-contained HTML report: no scripts from elsewhere, no fonts, works offline.

Spans are highlighted with <mark>; the explanation shows on hover (title) and in
the findings list. Overlapping spans are split into segments that carry every
finding covering them. A finding may also shade whole stretches of text by how
much each contributed to its score (``data["shading"]``: ``start``, ``end``,
``level`` 1-3, ``contribution``), as machine_text does per sentence.
"""

from __future__ import annotations

import html
import json

from unspun.report import Report

_CSS = """
body{font:16px/1.55 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:52rem;margin:1rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem;line-height:1.3} .meta{color:#555;font-size:.9rem}
mark{background:#fff3b0;border-bottom:2px solid #d4a000;cursor:help;padding:0 1px}
mark.sev-high{background:#ffd6d6;border-color:#c00} mark.sev-medium{background:#ffe9c2;border-color:#d77a00}
mark.sev-low{background:#e3f1ff;border-color:#2a7bd1} mark.sev-info{background:#eee;border-color:#999}
.finding{border-left:4px solid #ccc;padding:.3rem .7rem;margin:.5rem 0}
.finding.high{border-color:#c00}.finding.medium{border-color:#d77a00}.finding.low{border-color:#2a7bd1}
.badge{font-size:.75rem;font-weight:600;text-transform:uppercase;margin-right:.4rem}
.na{color:#666} summary{cursor:pointer;font-weight:600}
.shade-1{background:#f3ecfb} .shade-2{background:#e4d4f6} .shade-3{background:#d2b8f0}
.shade-key span{padding:0 .4rem;margin-right:.3rem}
@media (max-width:600px){body{font-size:15px}}
"""


def _shading(report: Report) -> list[tuple[int, int, int, str]]:
    """(start, end, level, title) of every shaded stretch, from the findings' ``shading`` data."""
    out: list[tuple[int, int, int, str]] = []
    n = len(report.document.text)
    for f in report.findings:
        for item in f.data.get("shading", []) if isinstance(f.data.get("shading"), list) else []:
            try:
                a, b, lev = int(item["start"]), int(item["end"]), int(item["level"])
            except (KeyError, TypeError, ValueError):
                continue
            if 0 <= a < b <= n and 1 <= lev <= 3:
                c = item.get("contribution")
                title = f"{f.analyzer}: this sentence's contribution to the score" + (f" {c:+.2f}" if isinstance(c, int | float) else "")
                out.append((a, b, lev, title))
    return out


def _marked(report: Report, start: int, end: int) -> str:
    text = report.document.text
    cover: list[tuple[int, int, int]] = []
    for i, f in enumerate(report.findings):
        for s in f.spans:
            if s.start < end and s.end > start and s.end > s.start:
                cover.append((max(s.start, start), min(s.end, end), i))
    shades = [(max(a, start), min(b, end), lev, t) for a, b, lev, t in _shading(report) if a < end and b > start]
    cuts = sorted({start, end, *[c[0] for c in cover], *[c[1] for c in cover], *[x[0] for x in shades], *[x[1] for x in shades]})
    out = []
    rank = {"info": 0, "low": 1, "medium": 2, "high": 3}
    for a, b in zip(cuts, cuts[1:], strict=False):
        seg = html.escape(text[a:b])
        ids = [i for (s, e, i) in cover if s <= a and b <= e]
        if ids:
            fs = [report.findings[i] for i in ids]
            top = max(fs, key=lambda f: rank[f.severity])
            title = html.escape(" | ".join(f"{f.analyzer}: {f.explanation}" for f in fs), quote=True)
            data = " ".join(f"f{i}" for i in ids)
            analyzers = " ".join(sorted({f.analyzer for f in fs}))
            seg = f'<mark class="sev-{top.severity}" title="{title}" data-findings="{data}" data-analyzers="{analyzers}">{seg}</mark>'
        shade = [x for x in shades if x[0] <= a and b <= x[1]]
        if shade:
            lev, t = max((x[2], x[3]) for x in shade)
            seg = f'<span class="shade-{lev}" title="{html.escape(t, quote=True)}">{seg}</span>'
        out.append(seg)
    return "".join(out)


def _shade_key(report: Report) -> str:
    if not _shading(report):
        return ""
    return ('<p class="meta shade-key">Shaded sentences: how much each added to the machine-text score '
            '<span class="shade-1">some</span><span class="shade-2">more</span><span class="shade-3">most</span></p>')


def render(report: Report) -> str:
    doc = report.document
    paras = "\n".join(f"<p>{_marked(report, p.start, p.end)}</p>" for p in doc.paragraphs)
    items = []
    for i, f in enumerate(report.findings):
        ev = "".join(f"<blockquote>{html.escape(doc.text[e.start:e.end])}</blockquote>" for e in f.evidence[:3])
        line = f.data.get("structure_line")
        if isinstance(line, str) and line:  # a claim's who, what, when, where and quantities
            ev += f'<div class="meta">claim: {html.escape(line)}</div>'

        items.append(
            f'<div class="finding {f.severity}" id="f{i}"><span class="badge">{f.severity}</span>'
            f"<b>{html.escape(f.analyzer)}</b> · {html.escape(f.label)} · score {f.score:.2f}"
            f"<div>{html.escape(f.explanation)}</div>{ev}</div>"
        )
    na = "".join(
        f'<li class="na">{html.escape(a.name)}: {a.status.replace("_", " ")} — {html.escape(a.reason)}</li>'
        for a in report.analyzers if a.status != "ok"
    ) + "".join(
        f'<li class="na">{html.escape(a.name)}: long article — {html.escape(a.capped)}</li>'
        for a in report.analyzers if a.status == "ok" and a.capped
    )
    s = report.summary()
    sev = s["by_severity"]
    verdict = s.get("headline_support", {}).get("verdict")
    summary = (f"{s['findings']} finding(s): {sev['high']} high, {sev['medium']} medium, {sev['low']} low, {sev['info']} info"
               + (f"; headline {html.escape(verdict.replace('_', ' '))}" if verdict else ""))
    meta = doc.metadata
    facts = " · ".join(f"{k}: {html.escape(v.value or '')} ({v.source})" for k, v in
                       (("site", meta.site), ("author", meta.author), ("published", meta.published), ("url", meta.url)) if v.value)
    data = json.dumps(report.to_dict(), ensure_ascii=False).replace("</", "<\\/")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>unspun report: {html.escape(doc.headline_text)}</title><style>{_CSS}</style></head>
<body><main>
<p class="meta">unspun report · signals for an editor to weigh, not a verdict on the article</p>
<h1>{_marked(report, doc.headline.start, doc.headline.end)}</h1>
<p class="meta">{facts}</p>
<section aria-label="summary"><p><b>Summary:</b> {summary}</p></section>
<section aria-label="article">{paras}</section>{_shade_key(report)}
<section aria-label="findings"><h2>Findings</h2>{''.join(items) or '<p>No findings.</p>'}
<details><summary>Analyzers that did not run</summary><ul>{na or '<li>none</li>'}</ul></details></section>
</main>
<script type="application/json" id="unspun-report">{data}</script>
</body></html>
"""
