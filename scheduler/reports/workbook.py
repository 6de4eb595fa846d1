"""The organiser's Excel workbook: a sheet per purpose, door lists ready to print.

Sheets: Summary (key figures and the rank histogram with a chart), Room plan, Programme
(one row per registrant), Fill (per session), Wait-lists (per full session, in order),
then one door list per session and plenary, sorted by surname, with a check-in column.
Every text cell is stored as text, so a name like ``=HYPERLINK(...)`` is shown as it
was typed and never run as a formula (a formula in a workbook is a cell of its own
kind, which this one never writes); no quote is added, so printed door lists read
"@Sara" and not "'@Sara".
"""

from __future__ import annotations

import io
import re
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.reports.tables import (
    door_list,
    fill_table,
    key_figures,
    programme_table,
    rank_rows,
    room_plan_table,
    wait_lists_table,
)
from scheduler.reports.view import PlanView, SessionView

HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")

HEADERS = {
    "registrant": "Registrant", "name": "Name", "email": "E-mail", "organisation":
    "Organisation", "round": "Round", "session": "Session", "workshop": "Workshop",
    "title": "Title", "room": "Room", "time": "Time", "size": "Size", "capacity": "Capacity",
    "minimum": "Minimum", "free": "Free", "wait_list": "Wait-list", "check_in": "Check-in",
    "surname": "Surname", "first_name": "First name", "position": "Position",
}


def workbook_bytes(plan: PlanView, summary: dict[str, Any]) -> bytes:
    workbook = Workbook()
    summary_sheet = workbook.active
    summary_sheet.title = "Summary"
    _summary(summary_sheet, plan, summary)
    _table(workbook.create_sheet("Room plan"), room_plan_table(plan), wrap=True, width=30)
    _table(workbook.create_sheet("Programme"), programme_table(plan), width=34)
    _table(workbook.create_sheet("Fill"), fill_table(plan))
    _table(workbook.create_sheet("Wait-lists"), wait_lists_table(plan))
    names: set[str] = set(workbook.sheetnames)
    for n, view in enumerate(plan.everything, start=1):
        _door_list(workbook.create_sheet(_sheet_name(n, view, names)), view)
    _text_stays_text(workbook)
    workbook.properties.creator = "workshop-scheduler"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _summary(sheet: Worksheet, plan: PlanView, summary: dict[str, Any]) -> None:
    sheet["A1"] = _safe(plan.instance.name or "Plan")
    sheet["A1"].font = TITLE
    row = 3
    for label, value in key_figures(plan, summary):
        sheet.cell(row, 1, label).font = BOLD
        sheet.cell(row, 2, _safe(value))
        row += 1
    row += 1
    first = row
    sheet.cell(row, 1, "Seats by choice").font = BOLD
    sheet.cell(row, 2, "Seats").font = BOLD
    for label, count in rank_rows(summary):
        row += 1
        sheet.cell(row, 1, label)
        sheet.cell(row, 2, count)
    if row > first:
        chart = BarChart()
        chart.title = "Seats by choice"
        chart.legend = None
        chart.add_data(Reference(sheet, min_col=2, min_row=first, max_row=row),
                       titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=first + 1, max_row=row))
        chart.height, chart.width = 7.5, 15
        sheet.add_chart(chart, "D3")
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 16


def _table(sheet: Worksheet, frame: pd.DataFrame, *, start_row: int = 1, wrap: bool = False,
           width: int = 0) -> None:
    """Write `frame` with a bold header row, filters and frozen header; text neutralised."""
    for column, name in enumerate(frame.columns, start=1):
        cell = sheet.cell(start_row, column, _safe(HEADERS.get(name, name)))
        cell.font, cell.fill = BOLD, HEADER_FILL
    for r, values in enumerate(frame.itertuples(index=False), start=start_row + 1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(r, column, _safe(_plain(value)))
            if wrap or (isinstance(value, str) and "\n" in value):
                cell.alignment = WRAP
    sheet.freeze_panes = sheet.cell(start_row + 1, 1)
    if len(frame):
        sheet.auto_filter.ref = (f"A{start_row}:{get_column_letter(len(frame.columns))}"
                                 f"{start_row + len(frame)}")
    for column, name in enumerate(frame.columns, start=1):
        longest = max([len(str(HEADERS.get(name, name)))]
                      + [len(line) for v in frame[name] for line in str(v).split("\n")])
        chosen = width if width and longest > width else min(max(longest + 2, 8), 60)
        sheet.column_dimensions[get_column_letter(column)].width = chosen


def _door_list(sheet: Worksheet, view: SessionView) -> None:
    sheet["A1"] = _safe(view.title)
    sheet["A1"].font = TITLE
    details = f"{view.when}, {view.room_name}"
    if view.speakers:
        details += " — " + ", ".join(view.speakers)
    sheet["A2"] = _safe(details)
    sheet["A3"] = f"{view.size} registered, capacity {view.capacity}"
    frame = door_list(view)
    _table(sheet, frame, start_row=5)
    for r in range(6, 6 + len(frame)):
        sheet.cell(r, 1).border = BOX
    sheet.column_dimensions["A"].width = 10
    sheet.print_title_rows = "5:5"
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.center.text = _header_text(f"{view.title} — {view.room_name}")
    sheet.oddFooter.right.text = "&P / &N"


def _sheet_name(n: int, view: SessionView, taken: set[str]) -> str:
    """"3 Integriteit in het lokaal": numbered, at most 31 characters, unique."""
    title = re.sub(r"[\[\]:*?/\\']", "", view.title).strip()
    name = f"{n} {title}"[:31].rstrip()
    while name in taken:
        name = f"{n}~{len(taken)} {title}"[:31].rstrip()
    taken.add(name)
    return name


def _header_text(text: str) -> str:
    # "&" starts a code in Excel page headers.
    return text.replace("&", "&&")[:200]


def _safe(value: Any) -> Any:
    """A cell value Excel accepts: no control characters (a stray one in an export must
    not stop the workbook being written). See `_text_stays_text` for formulas."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _text_stays_text(workbook: Workbook) -> None:
    """openpyxl takes a text starting with "=" for a formula; every cell here is data,
    so each is stored as the text it is."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def _plain(value: Any) -> Any:
    """Pandas gives numpy scalars and NaN; openpyxl wants plain values."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value
