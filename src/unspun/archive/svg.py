"""Small inline SVG charts for the collection report: bars with labelled axes, no plotting library, no script.

Each function returns one ``<svg>`` element as a string; hovering a bar shows its exact value (``<title>``).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH = 560
BAR_COLOUR = "#3b6ea5"
FLAG_COLOUR = "#c0392b"


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"


def bars(labels: Sequence[str], values: Sequence[float], *, title: str, y_label: str = "",
         percent: bool = False, colour: str = BAR_COLOUR, notes: Sequence[str] | None = None,
         height: int = 220) -> str:
    """Vertical bars, one per label, with the y axis from 0 to the largest value (100% when ``percent``)."""
    n = max(len(values), 1)
    left, right, top, bottom = 56, 12, 28, 64
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    top_value = 100.0 if percent else _nice(max([*values, 1]))
    step = plot_w / n
    bar_w = max(step * 0.8, 1.0)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
           f'height="{height}" role="img" aria-label="{escape(title)}">',
           f'<text x="{left}" y="16" class="t">{escape(title)}</text>']
    for frac in (0.0, 0.5, 1.0) if percent or top_value % 2 == 0 else (0.0, 1.0):
        y = top + plot_h * (1 - frac)
        tick = top_value * frac
        out.append(f'<line x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}" class="g"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" class="a" text-anchor="end">'
                   f'{_fmt(tick)}{"%" if percent else ""}</text>')
    if y_label:
        out.append(f'<text x="12" y="{top + plot_h / 2:.1f}" class="a" text-anchor="middle" '
                   f'transform="rotate(-90 12 {top + plot_h / 2:.1f})">{escape(y_label)}</text>')
    every = max(1, int(len(labels) / 16 + 0.999))  # at most about 16 labels under the axis
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * (v / top_value if top_value else 0)
        x = left + i * step + (step - bar_w) / 2
        tip = notes[i] if notes else f"{label}: {_fmt(v)}{'%' if percent else ''}"
        out.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" height="{max(h, 0):.1f}" '
                   f'fill="{colour}"><title>{escape(tip)}</title></rect>')
        if i % every == 0:
            cx = left + i * step + step / 2
            out.append(f'<text x="{cx:.1f}" y="{top + plot_h + 14}" class="a" text-anchor="end" '
                       f'transform="rotate(-35 {cx:.1f} {top + plot_h + 14})">{escape(_short(label))}</text>')
    out.append("</svg>")
    return "".join(out)


def hbars(labels: Sequence[str], values: Sequence[float], counts: Sequence[int], *, title: str,
          colour: str = FLAG_COLOUR) -> str:
    """Horizontal bars of percentages (0-100), one row per label, with each row's count after it."""
    row, top, left = 22, 28, 190
    height = top + row * max(len(labels), 1) + 8
    plot_w = WIDTH - left - 90
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
           f'height="{height}" role="img" aria-label="{escape(title)}">',
           f'<text x="4" y="16" class="t">{escape(title)}</text>']
    for i, (label, v, c) in enumerate(zip(labels, values, counts, strict=True)):
        y = top + i * row
        w = plot_w * v / 100
        out.append(f'<text x="{left - 6}" y="{y + 14}" class="a" text-anchor="end">{escape(_short(label, 28))}</text>')
        out.append(f'<rect x="{left}" y="{y + 3}" width="{plot_w}" height="{row - 6}" class="bg"/>')
        out.append(f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{colour}">'
                   f'<title>{escape(label)}: {v:.1f}% of {c:,}</title></rect>')
        out.append(f'<text x="{left + plot_w + 6}" y="{y + 14}" class="a">{v:.0f}% of {c:,}</text>')
    out.append("</svg>")
    return "".join(out)


def _nice(v: float) -> float:
    """The smallest of 1, 2, 5, 10, 20, 50, ... at or above ``v``: a round top for a count axis."""
    import math

    base = 10.0 ** math.floor(math.log10(v))
    return next(m * base for m in (1, 2, 5, 10) if m * base >= v)


def _short(s: str, n: int = 18) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"
