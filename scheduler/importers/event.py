"""The workshops source: rounds, rooms, workshops, speakers and plenaries of an event.

Three forms are accepted:

- an instance JSON or YAML file: everything but its registrants is used;
- an .xlsx workbook with a sheet per table (``Rondes``, ``Zalen``, ``Workshops``, and
  optionally ``Plenair``, ``Sprekers``, ``Evenement``; English names work too);
- a folder of CSV files named like those sheets (``rondes.csv``, ``zalen.csv``,
  ``workshops.csv``, ...), or any CSV file in such a folder.

The tables and their columns are described in the README ("The workshops file").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scheduler.errors import InputError
from scheduler.importers.event_rows import (
    first_problem,
    require_distinct_titles,
    require_rounds_apart,
    require_unique_ids,
)
from scheduler.importers.event_sheet import Sheet
from scheduler.importers.event_tables import REQUIRED_SHEETS, csv_tables, workbook_tables
from scheduler.importers.speakers import SpeakerResolver
from scheduler.importers.tables import (
    CSV_SUFFIXES,
    EXCEL_SUFFIXES,
    Table,
    totals_word,
    without_totals,
)
from scheduler.importers.text import cell_text, fold, slug, split_list
from scheduler.importers.timestamps import NotATimestamp, parse_value
from scheduler.instance_io import parse_model, read_document
from scheduler.model import (
    Instance,
    Plenary,
    Room,
    Round,
    Settings,
    Speaker,
    Workshop,
    known_time_zone,
)

# Folded cell values of a yes-or-no column. An empty cell is no, so a workshops sheet
# without marks (or without the column) cancels nothing.
YES = frozenset({"ja", "j", "yes", "y", "x", "1", "true", "waar", "geannuleerd",
                 "cancelled", "canceled"})
NO = frozenset({"", "nee", "n", "no", "0", "false", "onwaar"})


@dataclass(frozen=True)
class Event:
    """An event without registrants, with what the organiser should check in its source
    (each note names the file and place)."""

    instance: Instance
    notes: list[str] = field(default_factory=list)


def load_event(path: str | Path) -> Instance:
    """The event without registrants, from any of the three forms."""
    return read_event(path).instance


def read_event(path: str | Path) -> Event:
    """The event without registrants and the notes on its source, from any form."""
    path = Path(path)
    if path.is_dir() or path.suffix.lower() in CSV_SUFFIXES:
        return _from_tables(path, csv_tables(path))
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return _from_tables(path, workbook_tables(path))
    data = read_document(path)
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k != "registrants"}
    return Event(parse_model(Instance, data, path))


def _require_rows(table: Table, what: str) -> None:
    """An event needs rounds, rooms and workshops. Without this, a sheet left with only
    its header surfaces later as a misleading error, such as "unknown round"."""
    if table.rows:
        return
    noun = "sheet" if table.sheet else "file"
    state = "has a header but no rows" if table.headers else "is empty"
    raise InputError(table.path, f"the {noun} {state}, so the event has no {what}",
                     f"sheet '{table.sheet}'" if table.sheet else "")


def _from_tables(path: Path, tables: dict[str, Table]) -> Event:
    totals_notes: list[str] = []
    for kind, table in tables.items():
        if kind != "event":  # Label-value rows, where no totals go.
            tables[kind], totals = without_totals(table)
            totals_notes += [f"{table.path}: {table.place(row.number)}: a row of totals "
                             f"('{totals_word(row)}'); left out" for row in totals]
    for kind in REQUIRED_SHEETS:
        _require_rows(tables[kind], kind)
    name, description, time_zone = _event_details(tables.get("event"))
    sheets = {kind: Sheet(kind, table) for kind, table in tables.items() if kind != "event"}
    rounds = _rounds(sheets["rounds"])
    require_unique_ids(sheets["rounds"], [r.id for r in rounds], "round")
    require_rounds_apart(sheets["rounds"], rounds)
    round_ref = _Resolver(
        "round", {r.id: r.id for r in rounds} | {fold(r.label): r.id for r in rounds if r.label}
    )
    rooms = _rooms(sheets["rooms"], round_ref)
    require_unique_ids(sheets["rooms"], [r.id for r in rooms], "room")
    room_ref = _Resolver("room", {r.id: r.id for r in rooms} | {fold(r.name): r.id for r in rooms})
    speakers = _speakers(sheets["speakers"], round_ref) if "speakers" in sheets else []
    if "speakers" in sheets:
        require_unique_ids(sheets["speakers"], [s.id for s in speakers], "speaker")
    speaker_ref = SpeakerResolver(speakers, _listed_in(tables.get("speakers")))
    workshops = _workshops(sheets["workshops"], round_ref, room_ref, speaker_ref)
    require_distinct_titles(sheets["workshops"], workshops)
    require_unique_ids(sheets["workshops"], [w.id for w in workshops], "workshop")
    plenaries = _plenaries(sheets["plenaries"], round_ref, room_ref,
                           speaker_ref) if "plenaries" in sheets else []
    if "plenaries" in sheets:
        require_unique_ids(sheets["plenaries"], [p.id for p in plenaries], "plenary")
    try:
        instance = Instance(name=name or path.stem, description=description, rounds=rounds,
                            rooms=rooms, speakers=speakers + speaker_ref.created,
                            workshops=workshops, plenaries=plenaries,
                            settings=Settings(time_zone=time_zone))
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where, message = first_problem(sheets, error["msg"].removeprefix("Value error, "),
                                       (error.get("ctx") or {}).get("error"))
        raise InputError(str(path), message, where) from None
    column_notes = [note for sheet in sheets.values() for note in sheet.notes]
    return Event(instance, totals_notes + column_notes + speaker_ref.notes)


def _listed_in(table: Table | None) -> str:
    """Where the known speakers are listed, as a note says it: "the Sprekers sheet"."""
    if table is None:
        return ""
    return f"the {table.sheet} sheet" if table.sheet else Path(table.path).name


def _event_details(table: Table | None) -> tuple[str, str, str | None]:
    """The event sheet: a name, a description and the venue's time zone, as label-value
    rows."""
    if table is None:
        return "", "", None
    pairs = [(fold(table.headers[0]), table.headers[1] if len(table.headers) > 1 else "",
              table.header_row)]
    pairs += [(fold(cell_text(r.get(0))), cell_text(r.get(1)), r.number) for r in table.rows]
    values = {key: (value, row) for key, value, row in pairs}

    def value_of(*labels: str) -> tuple[str, int]:
        return next((values[k] for k in labels if k in values), ("", 0))

    name, _ = value_of("naam", "name", "evenement", "event")
    description, _ = value_of("beschrijving", "description", "omschrijving")
    time_zone, row = value_of("tijdzone", "time zone", "timezone")
    if time_zone:
        try:
            known_time_zone(time_zone)
        except ValueError as exc:
            raise InputError(table.path, str(exc), table.place(row)) from None
    return name, description, time_zone or None


def _rounds(sheet: Sheet) -> list[Round]:
    rounds = []
    for n, (row, cells) in enumerate(sheet.rows(), start=1):
        label = cell_text(cells.get("label"))
        try:
            day = parse_value(cells["day"])
        except NotATimestamp:
            day = None
        if day is None:
            raise sheet.error(row, "day", f"'{cell_text(cells['day'])}' is not a date "
                              "(write it like 26-03-2026 or 2026-03-26)")
        start, end = (_time_of(sheet, row, cells, f) for f in ("start", "end"))
        round_id = cell_text(cells.get("id")) or slug(label) or f"ronde-{n}"
        rounds.append(_build(sheet, row, Round, id=round_id, day=day.date(), start=start,
                             end=end, label=label))
    return rounds


def _rooms(sheet: Sheet, round_ref: _Resolver) -> list[Room]:
    rooms = []
    for row, cells in sheet.rows():
        name = cell_text(cells.get("name"))
        room_id = cell_text(cells.get("id")) or slug(name)
        if not room_id:
            raise sheet.error(row, "name", "a room needs a name or an id")
        rooms.append(_build(
            sheet, row, Room, id=room_id, name=name,
            capacity=_whole(sheet, row, cells, "capacity", least=1),
            features=split_list(cells.get("features")),
            unavailable=round_ref.many(sheet, row, "unavailable", cells.get("unavailable")),
        ))
    return rooms


def _speakers(sheet: Sheet, round_ref: _Resolver) -> list[Speaker]:
    speakers = []
    for row, cells in sheet.rows():
        name = cell_text(cells.get("name"))
        if not name:
            # Workshops name their speakers; a nameless one could never be referred to.
            raise sheet.error(row, "name", "a speaker needs a name")
        speakers.append(_build(
            sheet, row, Speaker, id=cell_text(cells.get("id")) or "sp-" + slug(name), name=name,
            unavailable=round_ref.many(sheet, row, "unavailable", cells.get("unavailable")),
        ))
    return speakers


def _workshops(sheet: Sheet, round_ref: _Resolver, room_ref: _Resolver,
               speaker_ref: SpeakerResolver) -> list[Workshop]:
    workshops = []
    for row, cells in sheet.rows():
        title = cell_text(cells.get("title"))
        # Registrants choose by title and the programme prints it; a workshop without
        # one is a row left half filled in.
        if not title:
            raise sheet.error(row, "title", "a workshop needs a title")
        fields: dict[str, Any] = {
            "id": cell_text(cells.get("id")) or slug(title),
            "title": title,
            "speakers": _speaker_ids(sheet, row, cells, speaker_ref),
            "features": split_list(cells.get("features")),
            "audiences": [slug(a) for a in split_list(cells.get("audiences"))],
            # Marked, not deleted: registrations that chose it must stay valid.
            "cancelled": _yes_no(sheet, row, cells, "cancelled"),
        }
        if cell_text(cells.get("max_size")):
            fields["max_size"] = _whole(sheet, row, cells, "max_size", least=1)
        if cell_text(cells.get("min_size")):
            fields["min_size"] = _whole(sheet, row, cells, "min_size")
        if cell_text(cells.get("duration")):
            fields["duration"] = _whole(sheet, row, cells, "duration", least=1)
        if cell_text(cells.get("sessions")):
            fields["min_sessions"], fields["max_sessions"] = _sessions(sheet, row, cells)
        allowed = round_ref.many(sheet, row, "rounds", cells.get("rounds"))
        if allowed:
            fields["rounds"] = allowed
        room = cell_text(cells.get("room"))
        if room:
            fields["pins"] = [{"room": room_ref.one(sheet, row, "room", room)}]
        workshops.append(_build(sheet, row, Workshop, **fields))
    return workshops


def _plenaries(sheet: Sheet, round_ref: _Resolver, room_ref: _Resolver,
               speaker_ref: SpeakerResolver) -> list[Plenary]:
    plenaries = []
    for row, cells in sheet.rows():
        title = cell_text(cells.get("title"))
        if not title:
            raise sheet.error(row, "title", "a plenary session needs a title")
        plenaries.append(_build(
            sheet, row, Plenary, id=cell_text(cells.get("id")) or slug(title), title=title,
            round=round_ref.one(sheet, row, "round", cell_text(cells.get("round"))),
            room=room_ref.one(sheet, row, "room", cell_text(cells.get("room"))),
            speakers=_speaker_ids(sheet, row, cells, speaker_ref),
        ))
    return plenaries


def _speaker_ids(sheet: Sheet, row: int, cells: dict[str, Any],
                 speaker_ref: SpeakerResolver) -> list[str]:
    where = sheet.where(row, "speakers")
    return [speaker_ref.resolve(s, where) for s in split_list(cells.get("speakers"))]


class _Resolver:
    """Turns what a cell says (an id, or a name in any case or spelling) into an id."""

    def __init__(self, what: str, known: dict[str, str]) -> None:
        self.what = what
        self.known = {fold(k): v for k, v in known.items()} | known

    def one(self, sheet: Sheet, row: int, field: str, text: str) -> str:
        found = self.known.get(text) or self.known.get(fold(text))
        if found is None:
            choices = ", ".join(f"'{v}'" for v in dict.fromkeys(self.known.values()))
            raise sheet.error(row, field, f"unknown {self.what} '{text}' (known: {choices})")
        return found

    def many(self, sheet: Sheet, row: int, field: str, value: Any) -> list[str]:
        return list(dict.fromkeys(self.one(sheet, row, field, t) for t in split_list(value)))


def _build(sheet: Sheet, row: int, model: Callable[..., Any], **fields: Any) -> Any:
    try:
        return model(**fields)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        field = str(error["loc"][0]) if error["loc"] else None
        message = error["msg"].removeprefix("Value error, ")
        raise sheet.error(row, field if field in sheet.columns else None, message) from None


def _whole(sheet: Sheet, row: int, cells: dict[str, Any], field: str, least: int = 0) -> int:
    """A count cell: a whole number of `least` or more."""
    text = cell_text(cells.get(field))
    if not re.fullmatch(r"-?\d+", text):
        raise sheet.error(row, field, f"'{text}' is not a whole number")
    if int(text) < least:
        raise sheet.error(row, field, f"must be a whole number of {least} or more, not '{text}'")
    return int(text)


def _yes_no(sheet: Sheet, row: int, cells: dict[str, Any], field: str) -> bool:
    """A yes-or-no cell: ja/nee, yes/no, x, 1/0 or an Excel TRUE/FALSE; empty is no."""
    text = cell_text(cells.get(field))
    if fold(text) in YES:
        return True
    if fold(text) in NO:
        return False
    raise sheet.error(row, field, f"'{text}' is not yes or no (write ja or nee, yes or no)")


def _sessions(sheet: Sheet, row: int, cells: dict[str, Any]) -> tuple[int, int]:
    """"2" is exactly two sessions; "1-2" (or "1 tot 2", "1 to 2") one or two."""
    value = cells.get("sessions")
    if isinstance(value, date):
        # Excel reads "1-2" typed in a General cell as a date (1 February) and keeps
        # only the date: what was typed cannot be told for sure.
        raise sheet.error(row, "sessions", f"Excel turned what was typed here into the date "
                          f"{value:%d-%m-%Y}; type a range as text: '1-2 (with the "
                          "apostrophe), or 1 tot 2")
    text = cell_text(value)
    found = re.fullmatch(r"(\d+)\s*(?:-|–|tot|to|t/m)\s*(\d+)", text) or \
        re.fullmatch(r"(\d+)", text)
    if not found:
        raise sheet.error(row, "sessions", f"'{text}' is not a number of sessions "
                          "(write 1, 2, or a range like 1-2)")
    low = int(found.group(1))
    return low, int(found.group(found.lastindex or 1))


def _time_of(sheet: Sheet, row: int, cells: dict[str, Any], field: str) -> time:
    """A time cell: a time or date-time, a fraction of a day, or text like 9:30 or 9.30."""
    value = cells.get(field)
    if isinstance(value, datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, time):
        return value.replace(microsecond=0)
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1:
        seconds = round(value * 86400)
        return time(seconds // 3600 % 24, seconds // 60 % 60)
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 24:
        # 9.30 typed in a General cell is the number 9.3: the trailing zero is lost.
        value = f"{value:.2f}"
    text = cell_text(value)
    if re.fullmatch(r"\d{1,2}\.\d", text):
        text += "0"  # The same number, saved to CSV as "9.3".
    found = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?", text)
    if found and int(found.group(1)) < 24 and int(found.group(2)) < 60:
        return time(int(found.group(1)), int(found.group(2)))
    raise sheet.error(row, field, f"'{text}' is not a time (write it like 9:30 or 13:45)")
