"""The workshop each choice cell of an export names, as workshop ids.

Every title that matches nothing, and every cell that names more than one workshop,
stops the import; all of them are listed at once, so that one pass over the export
fixes them.
"""

from __future__ import annotations

from scheduler.errors import InputError
from scheduler.importers.columns import Columns
from scheduler.importers.tables import Table
from scheduler.importers.text import cell_text, fold, is_no_choice, quoted_list, rows_text
from scheduler.importers.titles import TitleMatcher

SHOWN_ROWS = 10
"""How many row numbers an error lists before "and N more"."""


def match_titles(table: Table, columns: Columns,
                  matcher: TitleMatcher) -> list[dict[int, str]]:
    """Per row: column -> workshop id. Every title that matches nothing, and every cell
    that names more than one workshop, stops the import, all of them listed at once."""
    matched: list[dict[int, str]] = []
    unmatched: dict[str, tuple[str, list[int], list[str]]] = {}
    several: list[tuple[str, list[str]]] = []
    for row in table.rows:
        found: dict[int, str] = {}
        for index in columns.choices:
            text = cell_text(row.get(index))
            if is_no_choice(text):
                continue
            workshops = matcher.match(text)
            if len(workshops) == 1:
                found[index] = workshops[0]
            elif workshops:
                several.append((table.place(row.number, index),
                                [matcher.display[w] for w in workshops]))
            else:
                shown, rows, headers = unmatched.setdefault(fold(text), (text, [], []))
                rows.append(row.number)
                if table.headers[index] not in headers:
                    headers.append(table.headers[index])
        matched.append(found)
    if unmatched or several:
        every_row = [r for _, rows, _ in unmatched.values() for r in rows]
        lines = _unmatched_lines(unmatched, matcher) + _several_lines(several)
        where = rows_text(every_row, SHOWN_ROWS) if every_row else ""
        raise InputError(table.path, "\n".join(lines), where)
    return matched


def _unmatched_lines(unmatched: dict[str, tuple[str, list[int], list[str]]],
                     matcher: TitleMatcher) -> list[str]:
    if not unmatched:
        return []
    one = len(unmatched) == 1
    lines = [f"{len(unmatched)} workshop title{'' if one else 's'} "
             f"{'matches' if one else 'match'} no workshop:"]
    far = False
    for shown, rows, headers in unmatched.values():
        nearby = matcher.closest(shown)
        far = far or not nearby
        word = "column" if len(headers) == 1 else "columns"
        # Rows past the first few add length, not help: the title is what to fix.
        lines.append(f"  '{shown}' ({rows_text(rows, SHOWN_ROWS)}, {word} "
                     f"{quoted_list(headers)}); closest: "
                     f"{quoted_list(nearby) if nearby else 'none close'}")
    if far:
        lines.append(f"The workshops are {quoted_list(matcher.all_titles(), 8)}.")
    lines.append("Correct them in the export, or map each to a workshop under 'titles:' "
                 "in a mapping file (--mapping).")
    return lines


def _several_lines(several: list[tuple[str, list[str]]]) -> list[str]:
    """A cell that names two workshops (a checkbox answer) is no one choice: taking
    either would drop the other without a word."""
    if not several:
        return []
    count = len(several)
    lines = [f"{count} cell{'s' if count > 1 else ''} name{'' if count > 1 else 's'} more "
             "than one workshop, where a cell holds one choice:"]
    lines += [f"  {place}: {quoted_list(titles)}" for place, titles in several[:SHOWN_ROWS]]
    if count > SHOWN_ROWS:
        lines.append(f"  and {count - SHOWN_ROWS} more")
    lines.append("Keep one workshop per cell, and put further choices in columns of their "
                 "own (such as '2e keuze' or 'Ronde 1 - alternatief').")
    return lines
