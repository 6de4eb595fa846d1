"""Inline SVG and CSS pieces of the HTML report: no scripts, no fonts, no network."""

from __future__ import annotations

from html import escape

# Best choice green, through yellow, to orange for unchosen and red for empty seats.
RANK_COLOURS = ["#2e7d32", "#558b2f", "#9e9d24", "#f9a825", "#ef8f00", "#e65100"]
UNCHOSEN_COLOUR = "#8d6e63"
EMPTY_COLOUR = "#c62828"


def rank_chart(rows: list[tuple[str, int]]) -> str:
    """A bar chart of seats by choice, with the count above each bar."""
    width, height, top, bottom, left = 720, 260, 28, 44, 16
    plot = height - top - bottom
    peak = max([count for _, count in rows] + [1])
    slot = (width - 2 * left) / max(len(rows), 1)
    bar = min(72.0, slot * 0.7)
    parts = [f'<svg id="rank-chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" aria-label="Seats by choice">',
             f'<line x1="{left}" y1="{top + plot}" x2="{width - left}" y2="{top + plot}" '
             'stroke="#9aa5b1"/>']
    for i, (label, count) in enumerate(rows):
        colour = _colour(i, label)
        h = plot * count / peak
        x = left + i * slot + (slot - bar) / 2
        y = top + plot - h
        centre = x + bar / 2
        parts.append(f'<rect class="rank-bar" data-label="{escape(label)}" data-count="{count}" '
                     f'x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" rx="3" '
                     f'fill="{colour}"><title>{escape(label)}: {count}</title></rect>')
        parts.append(f'<text x="{centre:.1f}" y="{y - 6:.1f}" text-anchor="middle" '
                     f'class="count">{count}</text>')
        parts.append(f'<text x="{centre:.1f}" y="{top + plot + 20}" text-anchor="middle" '
                     f'class="axis">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _colour(index: int, label: str) -> str:
    if label == "not chosen":
        return UNCHOSEN_COLOUR
    if label == "empty seat":
        return EMPTY_COLOUR
    return RANK_COLOURS[min(index, len(RANK_COLOURS) - 1)]


def fill_bar(size: int, capacity: int, minimum: int) -> str:
    """A horizontal bar: filled share of the capacity, a tick at the minimum size."""
    share = 0 if capacity <= 0 else min(1.0, size / capacity)
    state = "under" if size < minimum else "full" if size >= capacity else "ok"
    tick = ""
    if 0 < minimum <= capacity:
        tick = f'<span class="min" style="left:{100 * minimum / capacity:.1f}%"></span>'
    return (f'<span class="bar {state}"><span class="fill" style="width:{100 * share:.1f}%">'
            f"</span>{tick}</span>")
