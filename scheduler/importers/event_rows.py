"""Checks across the rows of an event's sheets: a title or an id written on two rows,
and rounds that overlap. Each error names the sheet and every row involved, so the
organiser can open the workbook at the rows to fix.

The instance's own validation holds the same rules for ids and overlaps, but it knows
list positions, not rows; `row_place` turns any problem it still finds into a place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scheduler.errors import InputError, LocatedProblems, Location
from scheduler.importers.event_sheet import Sheet
from scheduler.importers.text import fold, quoted_list, rows_text
from scheduler.model import Round, Workshop


def rows_place(sheet: Sheet, rows: list[int]) -> str:
    """"sheet 'Workshops', rows 4 and 10" (no sheet for a CSV file)."""
    table = sheet.table
    return (f"sheet '{table.sheet}', " if table.sheet else "") + rows_text(rows)


def row_numbers(sheet: Sheet) -> list[int]:
    """The row each item was read from: the importer makes one item per row, in order."""
    return [row for row, _ in sheet.rows()]


def require_distinct_titles(sheet: Sheet, workshops: list[Workshop]) -> None:
    """Registrants choose a workshop by its title, so of two rows with one title the
    second would take every choice and the first would run empty."""
    rows = row_numbers(sheet)
    by_title: dict[str, list[int]] = {}
    for n, workshop in enumerate(workshops):
        by_title.setdefault(fold(workshop.title), []).append(n)
    for positions in by_title.values():
        if len(positions) > 1:
            first = workshops[positions[0]]
            ids = quoted_list([workshops[n].id for n in positions])
            raise InputError(sheet.table.path, (
                f"{len(positions)} workshops have the title '{first.title}' (ids {ids}); "
                "registrants choose by title, so one would get every choice. Keep one row "
                "(a workshop that runs more than once says so under 'Sessies'), or give "
                "each a title of its own"), rows_place(sheet, [rows[n] for n in positions]))


def require_unique_ids(sheet: Sheet, ids: Sequence[str], what: str) -> None:
    rows = row_numbers(sheet)
    by_id: dict[str, list[int]] = {}
    for n, item_id in enumerate(ids):
        by_id.setdefault(item_id, []).append(rows[n])
    for item_id, found in by_id.items():
        if len(found) > 1:
            raise InputError(sheet.table.path, f"{what} id '{item_id}' is used "
                             f"{len(found)} times", rows_place(sheet, found))


def require_rounds_apart(sheet: Sheet, rounds: list[Round]) -> None:
    """A person cannot be in two rounds at once, so rounds on one day must not overlap."""
    rows = row_numbers(sheet)
    ordered = sorted(range(len(rounds)), key=lambda n: (rounds[n].day, rounds[n].start))
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        a, b = rounds[earlier], rounds[later]
        if a.day == b.day and b.start < a.end:
            raise InputError(sheet.table.path, (
                f"round '{b.id}' overlaps round '{a.id}' on {a.day} ('{a.id}' ends "
                f"{a.end:%H:%M}, '{b.id}' starts {b.start:%H:%M})"),
                rows_place(sheet, [rows[earlier], rows[later]]))


def first_problem(sheets: dict[str, Sheet], message: str, cause: Any) -> tuple[str, str]:
    """The first problem the instance's validation found, as (place, message): its
    sheet, row and column where it lies in a sheet, and how many more there are."""
    if not isinstance(cause, LocatedProblems) or not cause.problems:
        return "", message
    location, first = cause.problems[0]
    more = len(cause.problems) - 1
    if more:
        first += f" (and {more} more problem{'s' if more > 1 else ''})"
    return _row_place(sheets, location), first


def _row_place(sheets: dict[str, Sheet], location: Location) -> str:
    """"sheet 'Zalen', row 4, column 'Capaciteit'" for a list position, or "" where it
    lies outside the sheets (a speaker named only in the workshops)."""
    if len(location) < 2 or location[0] not in sheets or not isinstance(location[1], int):
        return ""
    sheet, n = sheets[str(location[0])], location[1]
    rows = row_numbers(sheet)
    if n >= len(rows):
        return ""
    field = str(location[2]) if len(location) > 2 else None
    return sheet.place(rows[n], field if field in sheet.columns else None)
