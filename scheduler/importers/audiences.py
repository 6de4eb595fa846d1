"""A note on the audience values of an export that no workshop names.

An audience is matched to a workshop's audiences as an id: `Wethouder a.i.` becomes
`wethouder-a-i`, which is not `wethouder`, so that registrant is quietly kept out of
the workshops for aldermen. The import cannot know which values are slips and which are
roles no workshop is for (`Raadslid`); it lists the likely slips, those close to a
workshop's audience, with their rows, for the organiser to check.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from scheduler.importers.text import quoted_list, rows_text, slug
from scheduler.model import Workshop

SHOWN_ROWS = 5
"""Rows listed per value: enough to find it, short enough to read."""

# How alike an audience value and a workshop's audience must be to be called close.
CLOSE = 0.8


@dataclass
class AudienceValues:
    """The audience values of an export as first written, with the rows they are on."""

    written: dict[str, str] = field(default_factory=dict)
    rows: dict[str, list[int]] = field(default_factory=dict)

    def add(self, row: int, text: str) -> None:
        audience = slug(text)
        self.written.setdefault(audience, text)
        self.rows.setdefault(audience, []).append(row)


def unknown_audience_notes(header: str, values: AudienceValues,
                           workshops: list[Workshop]) -> list[str]:
    """Lines on the values no workshop's audiences name; none when no workshop is
    for an audience, since then audiences restrict nothing. Only values close to a
    workshop's audience, the likely slips, are listed, each with its rows."""
    named = sorted({a for w in workshops for a in w.audiences})
    unknown = [a for a in values.rows if a not in named]
    if not named or not unknown:
        return []
    close = {a: _close_to(a, named) for a in unknown}
    slips = [a for a in unknown if close[a]]
    lines: list[str] = []
    if slips:
        lines.append(f"column '{header}': values close to a workshop's audience (those "
                     f"name {quoted_list(named)}) but not the same; check for a misspelt "
                     "audience:")
        lines += [f"  '{values.written[a]}' ({rows_text(values.rows[a], SHOWN_ROWS)}): "
                  f"read as '{a}', close to '{close[a]}'" for a in slips]
    # The others are most often roles no workshop is kept for, with every open workshop
    # theirs to choose: named, they read as if these people could attend nothing.
    return lines


def _close_to(audience: str, named: list[str]) -> str:
    """The workshop audience `audience` looks like a variant of: one of its words
    ("wethouder" in "wethouder-a-i"), or much the same spelling; else ""."""
    words = audience.split("-")
    inside = [a for a in named if all(part in words for part in a.split("-"))]
    if inside:
        return inside[0]
    alike = difflib.get_close_matches(audience, named, n=1, cutoff=CLOSE)
    return alike[0] if alike else ""
