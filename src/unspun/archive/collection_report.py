"""``unspun report``: one self-contained HTML file about a whole archive.

What it shows: the distribution of each signal (histograms), the share of flagged articles (a finding of
medium severity or above) per site and over time, the recycled-content clusters (their sizes, each with its
earliest member), and the most serious findings. Every finding and cluster links to the article's own
report, embedded further down the same file (for at most ``top`` articles, so the file stays small).
No script, no CDN, no external file: charts are inline SVG made here (:mod:`unspun.archive.svg`).

The signal figures come from :func:`unspun.archive.export.rows`, one report decoded at a time, so a large
archive needs the memory of the histograms, not of the archive.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

from unspun import __version__
from unspun.archive import export, svg
from unspun.archive.store import Archive

#: Articles embedded with their own report, at most (the most serious first, then clusters' earliest members).
TOP = 50
#: Sites shown in the per-site chart (the ones with most articles).
TOP_SITES = 25
#: A finding at or above this severity rank flags its article (2: medium).
FLAG_RANK = 2
_FLAGGED = "coalesce(max_severity IN ('medium', 'high'), 0)"  # NULL: no finding


@dataclass(frozen=True)
class Signal:
    column: str  # a column of unspun.archive.export
    title: str
    low: float
    high: float  # values at or above go in the last bin
    bins: int
    unit: str = ""


SIGNALS = (
    Signal("clickbait_probability", "Clickbait probability of the headline", 0.0, 1.0, 10),
    Signal("emotive_percentile", "Emotive intensity, percentile of ordinary news prose", 0.0, 100.0, 10),
    Signal("persuasion_share", "Share of the text in persuasion-technique spans", 0.0, 0.3, 10),
    Signal("sourcing_attributed_share", "Share of factual sentences attributed to a source", 0.0, 1.0, 10),
    Signal("machine_text_probability", "Machine-written text probability", 0.0, 1.0, 10),
    Signal("n_findings", "Findings per article", 0.0, 20.0, 20),
)


@dataclass
class Histogram:
    signal: Signal
    counts: list[int] = field(default_factory=list)
    missing: int = 0

    def __post_init__(self) -> None:
        self.counts = [0] * self.signal.bins

    def add(self, value: float | None) -> None:
        if value is None:
            self.missing += 1
            return
        s = self.signal
        i = int((value - s.low) / (s.high - s.low) * s.bins)
        self.counts[min(max(i, 0), s.bins - 1)] += 1

    def labels(self) -> list[str]:
        s = self.signal
        width = (s.high - s.low) / s.bins
        out = []
        for i in range(s.bins):
            a = s.low + i * width
            last = i == s.bins - 1
            if width == 1:
                out.append(f"{a:.0f}" + ("+" if last else ""))
            else:
                out.append(f"≥{_num(a)}" if last else f"{_num(a)}–{_num(a + width)}")
        return out


def _num(v: float) -> str:
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.2f}".rstrip("0")


def build(archive: Archive, *, top: int = TOP, title: str | None = None) -> str:
    """The report's HTML for ``archive`` (a complete document)."""
    name = title or Path(archive.path).name
    n_articles = _one(archive, "SELECT count(*) FROM current_reports")
    n_errors = _one(archive, "SELECT count(*) FROM errors")
    parts = [_head(name), "<header>", f"<h1>unspun collection report: {escape(name)}</h1>"]
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if n_articles == 0:
        parts.append(f'<p class="empty" id="empty">This archive holds no checked articles yet ({n_errors:,} item(s) '
                     "failed). Check a collection into it with <code>unspun batch INPUT --db ARCHIVE</code>, "
                     "then make this report again.</p>")
        parts.append(f"<p class='note'>Made by unspun {escape(__version__)} on {made}.</p></header></body></html>")
        return "\n".join(parts)
    flagged = _one(archive, f"SELECT count(*) FROM current_reports WHERE {_FLAGGED}")
    parts.append(
        f"<p>{n_articles:,} checked article(s), {flagged:,} flagged ({_pct(flagged, n_articles)}: a finding of "
        f"medium severity or above), {n_errors:,} item(s) that could not be checked. These are signals with "
        "their evidence, not verdicts: open an article to see the words behind each finding.</p>")
    parts.append(f"<p class='note'>Made by unspun {escape(__version__)} on {made}.</p>")
    parts.append('<nav><a href="#signals">Signals</a> · <a href="#sites">Sites</a> · <a href="#time">Over time</a>'
                 ' · <a href="#clusters">Recycled content</a> · <a href="#findings">Most serious findings</a>'
                 ' · <a href="#articles">Articles</a></nav></header>')

    embedded: dict[int, None] = {}  # article ids to embed, in order
    parts.append(_signals(archive))
    parts.append(_sites(archive))
    parts.append(_time(archive))
    findings_html, finding_ids = _findings(archive, top)
    clusters_html, cluster_ids = _clusters(archive, top)
    for i in finding_ids + cluster_ids:
        if len(embedded) < top:
            embedded.setdefault(i)
    parts.append(clusters_html)
    parts.append(findings_html)
    parts.append(_articles(archive, list(embedded), top))
    parts.append("</body></html>")
    return "\n".join(parts)


def _one(archive: Archive, sql: str, *args: Any) -> int:
    return int(archive.conn.execute(sql, args).fetchone()[0] or 0)


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "n/a"


def _signals(archive: Archive) -> str:
    hists = [Histogram(s) for s in SIGNALS]
    verdicts: Counter[str] = Counter()
    for row in export.rows(archive):
        for h in hists:
            h.add(row[h.signal.column])
        verdicts[row["headline_verdict"] or "none"] += 1
    out = ['<section id="signals"><h2>Signals</h2><p>How each signal is distributed over the articles. An article '
           "without a value had the analyzer skipped (the fast profile skips machine text) or not applicable "
           "(too short, no headline, not English).</p><div class='grid'>"]
    for h in hists:
        n = sum(h.counts)
        if n == 0:
            out.append(f'<figure class="nodata"><b>{escape(h.signal.title)}</b><p class="empty">No article has '
                       "this signal: its analyzer did not run (the fast profile, --only or --skip) or did not "
                       f"apply.</p><figcaption>0 article(s) with a value; {h.missing:,} without.</figcaption>"
                       "</figure>")
            continue
        chart = svg.bars(h.labels(), h.counts, title=h.signal.title, y_label="articles")
        out.append(f"<figure>{chart}<figcaption>{n:,} article(s) with a value; {h.missing:,} without."
                   "</figcaption></figure>")
    order = ["supported", "overstated", "unsupported", "contradicted"]
    labels = sorted(verdicts, key=lambda v: (order.index(v) if v in order else len(order), v))
    out.append(f"<figure>{svg.bars(labels, [verdicts[v] for v in labels], title='Headline verdict', y_label='articles')}"
               "<figcaption>The headline's overall verdict against the body (headline_support); none: it did not run "
               "or did not apply.</figcaption></figure>")
    out.append("</div></section>")
    return "".join(out)


def _sites(archive: Archive) -> str:
    rows = archive.conn.execute(
        f"SELECT coalesce(a.site, '(no site)'), count(*), sum({_FLAGGED}) FROM current_reports r "
        "JOIN articles a ON a.id = r.article_id GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?", (TOP_SITES,)).fetchall()
    n_sites = _one(archive, "SELECT count(DISTINCT coalesce(site, '')) FROM articles a "
                            "JOIN current_reports r ON r.article_id = a.id")
    more = f" (the {TOP_SITES} with most articles of {n_sites:,})" if n_sites > TOP_SITES else ""
    chart = svg.hbars([r[0] for r in rows], [100 * r[2] / r[1] for r in rows], [r[1] for r in rows],
                      title="Flagged articles per site")
    return (f'<section id="sites"><h2>Flagged articles per site</h2><p>The share of each site\'s articles with a '
            f"finding of medium severity or above{more}.</p><figure>{chart}</figure></section>")


def _time(archive: Archive) -> str:
    # the publication date when the article states one that can be read, else when the archive first saw it
    when = "coalesce(a.published_at, a.first_seen)"
    span = archive.conn.execute(f"SELECT count(DISTINCT substr({when}, 1, 7)), sum(a.published_at IS NULL) "
                                "FROM articles a JOIN current_reports r ON r.article_id = a.id").fetchone()
    width = 7 if int(span[0] or 0) > 2 else 10  # by month, or by day over two months or less
    rows = archive.conn.execute(
        f"SELECT substr({when}, 1, {width}), count(*), sum({_FLAGGED}) FROM current_reports r "
        "JOIN articles a ON a.id = r.article_id GROUP BY 1 ORDER BY 1").fetchall()
    labels = [r[0] for r in rows]
    shares = [100 * r[2] / r[1] for r in rows]
    notes = [f"{r[0]}: {100 * r[2] / r[1]:.1f}% flagged of {r[1]:,}" for r in rows]
    unit = "month" if width == 7 else "day"
    chart = svg.bars(labels, shares, title=f"Flagged articles by {unit}", y_label="% flagged", percent=True,
                     colour=svg.FLAG_COLOUR, notes=notes)
    counts = svg.bars(labels, [r[1] for r in rows], title=f"Articles by {unit}", y_label="articles")
    no_date = int(span[1] or 0)
    return (f'<section id="time"><h2>Over time</h2><p>By publication date; {no_date:,} article(s) state none that '
            "can be read and are placed by when the archive first saw them.</p>"
            f"<div class='grid'><figure>{chart}</figure><figure>{counts}</figure></div></section>")


def _clusters(archive: Archive, top: int) -> tuple[str, list[int]]:
    n = _one(archive, "SELECT count(*) FROM clusters")
    if n == 0:
        return ('<section id="clusters"><h2>Recycled content</h2><p class="empty">No clusters in this archive: '
                "near-duplicate detection has not been run on it, or it found no recycled content.</p></section>",
                [])
    sizes = Counter(int(s) for (s,) in archive.conn.execute("SELECT size FROM clusters"))
    biggest = max(sizes)
    labels = [str(s) for s in range(2, min(biggest, 30) + 1)]
    values = [sizes[s] for s in range(2, min(biggest, 30) + 1)]
    if biggest > 30:
        labels.append("31+")
        values.append(sum(c for s, c in sizes.items() if s > 30))
    chart = svg.bars(labels, values, title="Cluster sizes (articles per cluster)", y_label="clusters")
    rows = archive.conn.execute(
        "SELECT c.id, c.method, c.size, a.id, a.headline, a.site, coalesce(a.published_at, a.first_seen), "
        "(SELECT group_concat(s, ', ') FROM (SELECT DISTINCT coalesce(a2.site, '(no site)') AS s "
        " FROM cluster_members m JOIN articles a2 ON a2.id = m.article_id WHERE m.cluster_id = c.id ORDER BY 1)) "
        "FROM clusters c LEFT JOIN articles a ON a.id = c.earliest_article_id "
        "ORDER BY c.size DESC, c.id LIMIT ?", (top,)).fetchall()
    ids = [int(r[3]) for r in rows if r[3] is not None]
    body = "".join(
        f"<tr><td>{cid}</td><td>{size:,}</td><td>{escape(method)}</td>"
        f"<td>{_link(aid, headline)}</td><td>{escape(site or '')}</td><td>{escape((when or '')[:10])}</td>"
        f"<td>{escape(_short(sites or '', 80))}</td></tr>"
        for cid, method, size, aid, headline, site, when, sites in rows)
    note = f" The {top} largest of {n:,} are listed." if n > top else ""
    return (f'<section id="clusters"><h2>Recycled content</h2><p>{n:,} cluster(s) of near-duplicate or '
            f"paraphrased articles, each with its earliest member (by publication date, else first seen).{note}</p>"
            f"<figure>{chart}</figure><table><thead><tr><th>cluster</th><th>size</th><th>found by</th>"
            "<th>earliest member</th><th>its site</th><th>date</th><th>sites in the cluster</th></tr></thead>"
            f"<tbody>{body}</tbody></table></section>", ids)


def _findings(archive: Archive, top: int) -> tuple[str, list[int]]:
    rows = archive.conn.execute(
        "SELECT f.article_id, f.severity, f.analyzer, f.label, f.score, f.explanation, a.headline, a.site "
        "FROM findings f JOIN current_reports r ON r.id = f.report_id JOIN articles a ON a.id = f.article_id "
        f"WHERE f.severity_rank >= {FLAG_RANK} ORDER BY f.severity_rank DESC, f.score DESC, f.id LIMIT ?",
        (top,)).fetchall()
    if not rows:
        return ('<section id="findings"><h2>Most serious findings</h2><p class="empty">No finding of medium '
                "severity or above in this archive.</p></section>", [])
    total = _one(archive, "SELECT count(*) FROM findings f JOIN current_reports r ON r.id = f.report_id "
                          f"WHERE f.severity_rank >= {FLAG_RANK}")
    body = "".join(
        f'<tr><td><span class="sev {sev}">{sev}</span></td><td>{escape(an)} · {escape(label)}</td>'
        f"<td>{score:.2f}</td><td>{_link(aid, headline)}<div class='ex'>{escape(expl)}</div></td>"
        f"<td>{escape(site or '')}</td></tr>"
        for aid, sev, an, label, score, expl, headline, site in rows)
    note = f"The {len(rows)} most serious of {total:,} findings of medium severity or above" if total > len(rows) \
        else f"All {total:,} findings of medium severity or above"
    ids = list(dict.fromkeys(int(r[0]) for r in rows))
    return (f'<section id="findings"><h2>Most serious findings</h2><p>{note}, by severity then score.</p>'
            "<table><thead><tr><th>severity</th><th>analyzer · label</th><th>score</th><th>article</th>"
            f"<th>site</th></tr></thead><tbody>{body}</tbody></table></section>", ids)


def _articles(archive: Archive, ids: list[int], top: int) -> str:
    out = ['<section id="articles"><h2>Articles</h2>']
    n = _one(archive, "SELECT count(*) FROM current_reports")
    out.append(f"<p>The reports of the {len(ids):,} article(s) linked above (at most {top}; {n:,} in the archive: "
               "<code>unspun export</code> gives them all).</p>")
    for aid in ids:
        report = archive.report(aid)
        row = archive.conn.execute("SELECT headline, site, url, published, first_seen FROM articles WHERE id = ?",
                                   (aid,)).fetchone()
        if report is None or row is None:
            continue
        out.append(_article(aid, report, row))
    out.append("</section>")
    return "".join(out)


def _article(aid: int, report: dict[str, Any], row: tuple[Any, ...]) -> str:
    headline, site, url, published, first_seen = row
    text = report.get("document", {}).get("text", "")
    summary = report.get("summary", {})
    meta = " · ".join(escape(str(x)) for x in (site, published or f"first seen {first_seen[:10]}") if x)
    # the article's address as text, not a link: the report opens nothing outside itself
    link = f' · <span class="url">{escape(_short(url, 80))}</span>' if url else ""
    by = summary.get("by_severity", {})
    counts = ", ".join(f"{by.get(s, 0)} {s}" for s in ("high", "medium", "low", "info"))
    items = []
    for f in report.get("findings", []):
        quotes = "".join(f"<q>{escape(text[s['start']:s['end']])}</q> " for s in f.get("spans", [])[:3])
        items.append(f'<li><span class="sev {escape(f["severity"])}">{escape(f["severity"])}</span> '
                     f'<b>{escape(f["analyzer"])}</b> · {escape(f["label"])} · {float(f["score"]):.2f}'
                     f'<div>{quotes}</div><div class="ex">{escape(f["explanation"])}</div></li>')
    status = "".join(f"<li>{escape(a['name'])}: {escape(a['status'])}"
                     + (f" ({escape(str(a['reason']))})" if a.get("reason") else "") + "</li>"
                     for a in report.get("analyzers", []) if a.get("status") != "ok")
    paras = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n")[1:] if p.strip())
    return (f'<article id="a{aid}"><h3>{escape(headline or "(no headline)")}</h3><p class="note">{meta}{link} · '
            f"{counts}</p><ol class='findings'>{''.join(items)}</ol>"
            + (f"<ul class='note'>{status}</ul>" if status else "")
            + f"<details><summary>Article text</summary>{paras}</details>"
            '<p class="back"><a href="#findings">back to the findings</a></p></article>')


def _link(aid: int | None, headline: str | None) -> str:
    if aid is None:
        return "(gone)"
    return f'<a href="#a{aid}">{escape(_short(headline or "(no headline)", 110))}</a>'


def _short(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;max-width:1340px;margin:0 auto;
padding:16px 24px;background:#fff}
h1{font-size:1.5em;margin:.2em 0}h2{border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:1.6em}
h3{margin:.2em 0}nav a{white-space:nowrap}.note{color:#555;font-size:.9em}
.empty{background:#fff6d6;border:1px solid #e8d48a;padding:10px 14px;border-radius:6px}
.grid{display:flex;flex-wrap:wrap;gap:8px 24px}figure{margin:8px 0}figure.nodata{width:560px}figcaption{color:#555;font-size:.85em}
svg .t{font-size:13px;font-weight:600;fill:#222}svg .a{font-size:10.5px;fill:#444}svg .g{stroke:#e3e3e3}
svg .bg{fill:#f1f1f1}table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid #eee}th{background:#f6f6f6}
.ex{color:#444;font-size:.92em}.sev{display:inline-block;min-width:4.5em;text-align:center;border-radius:4px;
padding:0 4px;font-size:.82em;font-weight:600;color:#fff;background:#888}.sev.high{background:#b0281a}
.sev.medium{background:#d9822b}.sev.low{background:#5f7f9f}.sev.info{background:#8c8c8c}
article{border:1px solid #ddd;border-radius:8px;padding:10px 16px;margin:14px 0}article:target{border-color:#3b6ea5;
box-shadow:0 0 0 3px #cfe0f3}ol.findings li{margin:6px 0}q{background:#fff1b8}details summary{cursor:pointer}
.back{font-size:.85em}
"""


def _head(name: str) -> str:
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>unspun collection report: {escape(name)}</title><style>{_CSS}</style></head><body>")


def write(archive: Archive, out: str, *, top: int = TOP) -> int:
    """Write the report to ``out``; its size in bytes."""
    import os

    page = build(archive, top=top)
    tmp = f"{out}.part"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(page)
    os.replace(tmp, out)
    return len(page.encode("utf-8"))

