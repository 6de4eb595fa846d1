"""Turn a registration export and a workshops source into an instance.

Registrant ids are ``r-0001``, ``r-0002``, ... in the order people first appear in the
export. A person who registers again (same e-mail address, in any case, and same name)
keeps their number; the latest registration (by registration time, else the lower row)
supplies their answers, and the others are reported. Rows that share an address but
not a name are different people who share a mailbox; each is kept, with a note.
Reports name rows, never people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scheduler.errors import InputError
from scheduler.importers.audiences import AudienceValues, unknown_audience_notes
from scheduler.importers.choice_cells import SHOWN_ROWS, match_titles
from scheduler.importers.column_choice import is_address
from scheduler.importers.columns import Columns, check_choice_rounds, resolve_columns
from scheduler.importers.event import read_event
from scheduler.importers.mapping import Mapping, load_mapping
from scheduler.importers.registration_times import read_times
from scheduler.importers.tables import Row, Table, read_table, totals_word, without_totals
from scheduler.importers.text import (
    cell_text,
    fold,
    is_no_choice,
    quoted_list,
    rows_text,
    slug,
    split_list,
)
from scheduler.importers.titles import TitleMatcher
from scheduler.model import Instance, Registrant, Workshop


@dataclass
class ImportReport:
    """What the import read and decided, for the organiser to verify. Rows, no names."""

    source: str = ""
    columns: list[tuple[str, str]] = field(default_factory=list)
    rows_read: int = 0
    registrants: int = 0
    duplicates: list[tuple[int, list[int]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = ["columns:"]
        lines += [f"  '{header}': {meaning}" for header, meaning in self.columns]
        lines.append(f"{self.rows_read} rows read, {self.registrants} registrants")
        if self.duplicates:
            lines.append(f"{len(self.duplicates)} registered more than once (same e-mail "
                         "address and name); the latest registration counts:")
            lines += [f"  row {kept} kept, {rows_text(dropped)} left out"
                      for kept, dropped in self.duplicates]
        lines += self.notes
        return lines


@dataclass
class Imported:
    instance: Instance
    report: ImportReport


@dataclass
class _Record:
    row: int
    name: str
    first_name: str | None
    """Set where the export has first names and surnames apart."""
    email: str
    organisation: str
    audiences: list[str]
    registered_at: datetime | None
    wanted: int | None
    present: list[str] | None
    needs: list[str]
    choices: list[tuple[str | None, int, str]]
    """(round id or None, rank, workshop id), in column order."""


def import_registrations(
    registrations: str | Path, workshops: str | Path, mapping: str | Path | None = None
) -> Imported:
    source = read_event(workshops)
    event = source.instance
    if not event.workshops:
        raise InputError(str(workshops), "the event has no workshops to choose from")
    rules = load_mapping(mapping)
    table, totals = without_totals(read_table(registrations, sheet=rules.sheet))
    if not table.headers or not table.rows:
        raise InputError(table.path, "holds no registrations (no rows under the header)")
    columns = resolve_columns(table, event, rules)
    report = ImportReport(table.path, list(columns.described), len(table.rows),
                          notes=list(source.notes))
    report.notes += [f"{table.place(row.number)}: a row of totals ('{totals_word(row)}'); "
                     "left out" for row in totals]
    report.notes += _hidden_rows_notes(table) + _sheet_of_a_csv_notes(table, rules)

    matcher = TitleMatcher(event.workshops, rules.titles)
    if matcher.unknown_aliases:
        alias, target = matcher.unknown_aliases[0]
        raise InputError(rules.path, f"'{target}' is not a workshop id or title",
                         f"titles, '{alias}'")
    workshop_ids = match_titles(table, columns, matcher)
    check_choice_rounds(table, event, rules, columns, workshop_ids)
    times, time_notes = read_times(table, columns, rules, event)
    report.notes += time_notes
    reader = _RowReader(table, columns, event)
    records = []
    for row, workshop_id_of, registered_at in zip(table.rows, workshop_ids, times, strict=True):
        record = reader.read(row, workshop_id_of, registered_at)
        if record is None:
            report.notes.append(f"row {row.number}: no name, e-mail address or choice; skipped")
        else:
            records.append(record)
    report.notes += reader.address_notes()
    report.notes += reader.audience_notes(event.workshops)
    people = _deduplicate(records, report)
    registrants = [_registrant(n, record, columns, report, width=max(4, len(str(len(people)))))
                   for n, record in enumerate(people, start=1)]
    _note_without_choices(people, report)
    report.registrants = len(registrants)

    data = event.model_dump(exclude={"registrants"})
    if table.delimiter == ";":
        # The export came from software set up for Excel in Dutch (or most of Europe):
        # the files written for the organiser should open in it the same way.
        data["settings"] = {**data.get("settings", {}), "csv_separator": ";"}
    try:
        instance = Instance(**data, registrants=registrants)
    except ValidationError as exc:
        message = exc.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        raise InputError(table.path, message) from None
    return Imported(instance, report)


def _hidden_rows_notes(table: Table) -> list[str]:
    """A filter in the workbook hides rows, but they are registrations all the same: say
    which, so that rows filtered out on purpose can be deleted."""
    kept = {row.number for row in table.rows}
    hidden = [n for n in table.hidden_rows if n in kept]
    if not hidden:
        return []
    return [f"sheet '{table.sheet}', {rows_text(hidden, SHOWN_ROWS)}: hidden in the workbook "
            "(filtered out, say), and read like the other rows; delete them from the export "
            "if they should not count"]


def _sheet_of_a_csv_notes(table: Table, rules: Mapping) -> list[str]:
    if rules.sheet is None or table.sheet:
        return []
    return [f"{rules.path}: sheet: '{rules.sheet}' is not used: {table.path} is a CSV file, "
            "which has no sheets"]


class _RowReader:
    def __init__(self, table: Table, columns: Columns, event: Instance) -> None:
        self.table, self.columns = table, columns
        self.rounds = {fold(r.id): r.id for r in event.rounds}
        self.rounds |= {fold(r.label): r.id for r in event.rounds if r.label}
        self.features = {fold(f): f for room in event.rooms for f in room.features}
        self.not_addresses: list[int] = []
        self.audience_values = AudienceValues()

    def text(self, row: Row, kind: str) -> str:
        index = self.columns.single.get(kind)
        return cell_text(row.get(index)) if index is not None else ""

    def read(self, row: Row, workshop_of: dict[int, str],
             registered_at: datetime | None) -> _Record | None:
        name, first_name = self.text(row, "name"), None
        if not name:
            first, infix, last = (self.text(row, k) for k in ("first_name", "infix", "last_name"))
            name = " ".join(part for part in (first, infix, last) if part)
            # With no surname, a lone first name cannot tell the rules anything.
            first_name = first if first and last else None
        email = self._address(row)
        choices = [(self.columns.choices[i].round, self.columns.choices[i].rank, workshop)
                   for i, workshop in workshop_of.items()]
        if not (name or email):
            if not choices:
                return None  # A row with only a remark, or left over from a deletion.
            # Nobody could be told where they sit, nor this row told apart from others.
            raise self._error(row, self._name_kind(), "has workshop choices but neither a "
                              "name nor an e-mail address")
        return _Record(
            row=row.number, name=name, first_name=first_name, email=email,
            organisation=self.text(row, "organisation"),
            audiences=self._audiences(row),
            registered_at=registered_at,
            wanted=self._wanted(row),
            present=self._present(row),
            needs=self._needs(row),
            choices=choices,
        )

    def _audiences(self, row: Row) -> list[str]:
        written = [a for a in split_list(self.text(row, "audience")) if slug(a)]
        for text in written:
            self.audience_values.add(row.number, text)
        return list(dict.fromkeys(slug(a) for a in written))

    def audience_notes(self, workshops: list[Workshop]) -> list[str]:
        if "audience" not in self.columns.single:
            return []
        header = self.table.headers[self.columns.single["audience"]]
        return unknown_audience_notes(header, self.audience_values, workshops)

    def _address(self, row: Row) -> str:
        """The e-mail address, or "" for a value that is none ("anonymous"): two rows with
        the same such value must not be taken for one person."""
        text = self.text(row, "email")
        if text and not is_address(text):
            self.not_addresses.append(row.number)
            return ""
        return text

    def address_notes(self) -> list[str]:
        if not self.not_addresses:
            return []
        header = self.table.headers[self.columns.single["email"]]
        # The values stay out of the note: a name typed where the address belongs is
        # personal data.
        return [f"column '{header}', {rows_text(self.not_addresses, SHOWN_ROWS)}: not an "
                "e-mail address; read as empty, so these rows are not taken for one person"]

    def _name_kind(self) -> str:
        """The column a missing name is reported in: the name, else its first part."""
        return next(kind for kind in ("name", "first_name", "last_name", "email")
                    if kind in self.columns.single)

    def _wanted(self, row: Row) -> int | None:
        text = self.text(row, "wanted")
        if not text:
            return None
        if text.startswith("-") and text[1:].isdigit():
            raise self._error(row, "wanted", f"must be a whole number of workshops, 0 or "
                              f"more, not '{text}'")
        if not text.isdigit():
            raise self._error(row, "wanted", f"'{text}' is not a whole number of workshops")
        return int(text)

    def _present(self, row: Row) -> list[str] | None:
        # An empty cell means present throughout, as in a form where the question is
        # only answered by people who come for part of the day.
        if not self.text(row, "present"):
            return None
        present = []
        for part in split_list(self.text(row, "present")):
            round_id = self.rounds.get(fold(part))
            if round_id is None:
                known = quoted_list(sorted(set(self.rounds.values())))
                raise self._error(row, "present", f"unknown round '{part}' (rounds: {known})")
            present.append(round_id)
        return list(dict.fromkeys(present))

    def _needs(self, row: Row) -> list[str]:
        needs = []
        for part in split_list(self.text(row, "needs")):
            if is_no_choice(part):
                continue
            feature = self.features.get(fold(part))
            if feature is None:
                known = quoted_list(sorted(set(self.features.values()))) or "none"
                raise self._error(row, "needs", f"'{part}' is not a room feature of this event "
                                  f"(features: {known})")
            needs.append(feature)
        return list(dict.fromkeys(needs))

    def _error(self, row: Row, kind: str, message: str) -> InputError:
        return InputError(self.table.path, message,
                          self.table.place(row.number, self.columns.single[kind]))


def _deduplicate(records: list[_Record], report: ImportReport) -> list[_Record]:
    """One record per person: the latest, at the place of the person's first row.

    A person is an e-mail address with a name. Rows at one address with different names
    are most likely people who share a mailbox (an office or a family), and dropping
    all but one of them would take away a seat without a word.
    """
    groups: dict[tuple[str, str], list[_Record]] = {}
    for record in records:
        groups.setdefault(_person_of(record), []).append(record)
    groups = _nameless_to_the_only_name(groups)
    _note_shared_addresses(groups, report)
    people = []
    for group in sorted(groups.values(), key=lambda g: min(r.row for r in g)):
        latest = max(group, key=lambda r: (r.registered_at or datetime.min, r.row))
        if len(group) > 1:
            report.duplicates.append(
                (latest.row, sorted(r.row for r in group if r is not latest)))
        people.append(latest)
    return people


def _person_of(record: _Record) -> tuple[str, str]:
    """(e-mail address, folded name); a row without an address is a person of its own."""
    address = record.email.casefold()
    if not address:
        return f"row {record.row}", ""
    return address, fold(record.name)


def _nameless_to_the_only_name(
        groups: dict[tuple[str, str], list[_Record]]) -> dict[tuple[str, str], list[_Record]]:
    """Rows without a name join the one person named at their address, if there is just
    one: a form that left the name optional still has a re-registration."""
    names_at: dict[str, list[str]] = {}
    for address, name in groups:
        if name:
            names_at.setdefault(address, []).append(name)
    joined: dict[tuple[str, str], list[_Record]] = {}
    for (address, name), group in groups.items():
        named = names_at.get(address, [])
        person = (address, named[0]) if not name and len(named) == 1 else (address, name)
        joined.setdefault(person, []).extend(group)
    return joined


def _note_shared_addresses(groups: dict[tuple[str, str], list[_Record]],
                           report: ImportReport) -> None:
    people_at: dict[str, list[list[_Record]]] = {}
    for (address, _), group in groups.items():
        people_at.setdefault(address, []).append(group)
    for people in people_at.values():
        if len(people) > 1:
            rows = [r.row for group in people for r in group]
            report.notes.append(f"{rows_text(rows)} share the e-mail address but not the "
                                f"name: taken as {len(people)} people")


def _registrant(n: int, record: _Record, columns: Columns, report: ImportReport,
                width: int) -> Registrant:
    fields: dict[str, Any] = {
        "id": f"r-{n:0{width}d}", "name": record.name, "first_name": record.first_name,
        "email": record.email,
        "organisation": record.organisation, "audiences": record.audiences,
        "registered_at": record.registered_at, "present": record.present,
        "needs": record.needs,
    }
    by_round: dict[str | None, list[tuple[int, str]]] = {}
    for round_id, rank, workshop in record.choices:
        by_round.setdefault(round_id, []).append((rank, workshop))
    ordered: dict[str | None, list[str]] = {}
    for round_id, picks in by_round.items():
        ids: list[str] = []
        for _, workshop in sorted(picks, key=lambda p: p[0]):
            if workshop in ids:
                where = f" for round '{round_id}'" if round_id else ""
                report.notes.append(f"row {record.row}: workshop '{workshop}' is chosen twice"
                                    f"{where}; the second choice is left out")
            else:
                ids.append(workshop)
        ordered[round_id] = ids
    if columns.per_round and ordered:
        fields["per_round"] = {r: ids for r, ids in ordered.items() if r is not None}
    elif ordered:
        fields["ranked"] = ordered[None]
        fields["wanted"] = record.wanted
    try:
        return Registrant(**fields)
    except ValidationError as exc:
        message = exc.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        raise InputError(report.source, message, f"row {record.row}") from None


def _note_without_choices(people: list[_Record], report: ImportReport) -> None:
    rows = [r.row for r in people if not r.choices]
    if rows:
        report.notes.append(f"{rows_text(rows)}: no workshop chosen; a seat in any open "
                            "workshop is given in every round")
