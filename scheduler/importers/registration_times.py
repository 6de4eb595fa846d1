"""The registration time of each row, with notes where the reading may be wrong.

Which registration of a person counts depends on these times, so a date read with day
and month swapped keeps the wrong one without a word. When the column cannot tell
which comes first, a note says which order was assumed and how to set the other, and
another lists the registrations then dated after the event's first day, most often a
sign that the order is the other one.
"""

from __future__ import annotations

from datetime import date, datetime

from scheduler.errors import InputError
from scheduler.importers.choice_cells import SHOWN_ROWS
from scheduler.importers.columns import Columns
from scheduler.importers.mapping import Mapping
from scheduler.importers.tables import Table
from scheduler.importers.text import cell_text, rows_text
from scheduler.importers.timestamps import (
    EXAMPLES,
    NotATimestamp,
    SlashOrder,
    parse_column,
    slash_order,
)
from scheduler.model import Instance


def read_times(table: Table, columns: Columns, rules: Mapping,
               event: Instance) -> tuple[list[datetime | None], list[str]]:
    """Per row, the registration time (None without a time column), and the notes."""
    index = columns.single.get("timestamp")
    if index is None:
        return [None] * len(table.rows), []
    values = [row.get(index) for row in table.rows]
    times = _parse(table, index, values, rules)
    order = slash_order(values)
    if rules.timestamp_format or not order.ambiguous:
        return times, []
    header = table.headers[index]
    first_day = min(r.day for r in event.rounds)
    return times, [_order_note(header, order, times[order.position]),
                   *_after_the_event_notes(table, header, times, first_day)]


def _parse(table: Table, index: int, values: list[object],
           rules: Mapping) -> list[datetime | None]:
    try:
        return parse_column(values, rules.timestamp_format)
    except NotATimestamp as exc:
        (position,) = exc.args
        row = table.rows[position]
        expected = f"'{rules.timestamp_format}'" if rules.timestamp_format else EXAMPLES
        raise InputError(table.path, f"'{cell_text(row.get(index))}' is not a date and time "
                         f"(expected a value like {expected})",
                         table.place(row.number, index)) from None


def _order_note(header: str, order: SlashOrder, read: datetime | None) -> str:
    assumed = ("month first, as the AM/PM times suggest (the US style)" if order.month_first
               else "day first")
    shown = f" ('{order.sample}' is {read.day} {read:%B %Y})" if read else ""
    return (f"column '{header}': no date says whether the day or the month comes first; "
            f"read {assumed}{shown}. If that is wrong, set timestamp_format in a mapping "
            f"file (--mapping): \"{order.other_format()}\"")


def _after_the_event_notes(table: Table, header: str, times: list[datetime | None],
                           first_day: date) -> list[str]:
    """Rows dated after the event began: with the order only assumed, most likely read
    the wrong way round."""
    late = [row.number for row, moment in zip(table.rows, times, strict=True)
            if moment is not None and moment.date() > first_day]
    if not late:
        return []
    return [f"column '{header}', {rows_text(late, SHOWN_ROWS)}: registered after the "
            f"event's first day ({first_day:%d-%m-%Y}); if day and month are read the wrong "
            "way round, set timestamp_format in a mapping file (--mapping)"]
