"""Organiser outputs of a plan: workbook, CSV tables, mail merge, calendars, HTML report.

`organiser_files(instance, solution, summary)` returns every file as name -> bytes:

- ``plan.xlsx``: summary, room plan, programme, fill, wait-lists, one door list per
  session;
- ``programme.csv``, ``room-plan.csv``, ``fill.csv``, ``wait-lists.csv``,
  ``door-lists.csv``: the same tables;
- ``mail-merge.csv``: e-mail, name and the programme as text lines, one row per person;
- ``ics/registrants/<id>.ics`` and ``ics/rooms/<room>.ics``: calendars;
- ``report.html``: one self-contained page to read or print.

The solution must be valid for the instance (as `solve` guarantees; run `check`
otherwise). Names and e-mail addresses appear in these files, which are for organisers.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from scheduler.model import Instance
from scheduler.reports.calendar import calendar_files
from scheduler.reports.cells import csv_text
from scheduler.reports.html_report import report_html
from scheduler.reports.tables import (
    door_lists_table,
    fill_table,
    mail_merge_table,
    programme_table,
    room_plan_table,
    wait_lists_table,
)
from scheduler.reports.view import PlanView
from scheduler.reports.workbook import workbook_bytes
from scheduler.solution import Solution

__all__ = ["PlanView", "organiser_files"]


def organiser_files(
    instance: Instance, solution: Solution, summary: dict[str, Any],
    *, generated: datetime | None = None, published: PlanView | None = None,
) -> dict[str, bytes]:
    """Every file as name -> bytes; with the `published` plan (a rerun's), calendars
    cancel the sessions people no longer attend."""
    generated = generated or datetime.now(UTC).replace(microsecond=0)
    plan = PlanView(instance, solution)
    sep = instance.settings.csv_separator
    files: dict[str, bytes] = {
        "plan.xlsx": workbook_bytes(plan, summary),
        "programme.csv": csv_text(programme_table(plan), sep).encode("utf-8"),
        "room-plan.csv": csv_text(room_plan_table(plan), sep).encode("utf-8"),
        "fill.csv": csv_text(fill_table(plan), sep).encode("utf-8"),
        "door-lists.csv": csv_text(door_lists_table(plan), sep).encode("utf-8"),
        "wait-lists.csv": csv_text(wait_lists_table(plan), sep).encode("utf-8"),
        "mail-merge.csv": csv_text(mail_merge_table(plan), sep).encode("utf-8"),
        "report.html": report_html(plan, summary, generated.astimezone()).encode("utf-8"),
    }
    files.update(calendar_files(plan, generated, published))
    return files
