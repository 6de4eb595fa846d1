"""Where an event's tables are: the sheets of a workbook, or the CSV files of a folder,
found by their names (``Rondes`` or ``rounds.csv``, say)."""

from __future__ import annotations

from pathlib import Path

from scheduler.errors import InputError
from scheduler.importers.tables import CSV_SUFFIXES, Table, csv_table, open_workbook, sheet_table
from scheduler.importers.text import fold

# Table kind -> the folded names a sheet or file of that kind may have.
SHEETS = {
    "event": ("evenement", "event", "dag"),
    "rounds": ("rondes", "rounds", "ronde", "tijdsloten", "programma"),
    "rooms": ("zalen", "rooms", "ruimtes", "lokalen", "zaal"),
    "workshops": ("workshops", "workshop", "sessies"),
    "plenaries": ("plenair", "plenaries", "plenaire sessies", "plenary"),
    "speakers": ("sprekers", "speakers", "begeleiders"),
}
REQUIRED_SHEETS = ("rounds", "rooms", "workshops")


def workbook_tables(path: Path) -> dict[str, Table]:
    workbook = open_workbook(path)
    found: dict[str, Table] = {}
    for worksheet in workbook.worksheets:
        kind = _kind_of(worksheet.title)
        if kind and kind not in found:
            found[kind] = sheet_table(path, worksheet)
    _require_tables(path, found, "sheet", [ws.title for ws in workbook.worksheets])
    return found


def csv_tables(path: Path) -> dict[str, Table]:
    folder = path if path.is_dir() else path.parent
    if not folder.is_dir():
        raise InputError(str(path), "file not found")
    found: dict[str, Table] = {}
    for file in sorted(folder.iterdir()):
        kind = _kind_of(file.stem) if file.suffix.lower() in CSV_SUFFIXES else None
        if kind and kind not in found:
            found[kind] = csv_table(file)
    if path.is_file() and any(k not in found for k in REQUIRED_SHEETS):
        # One CSV file named where the folder was meant: most often the registration
        # export itself, given as --workshops too.
        raise InputError(str(path), (
            "one CSV file cannot hold the rounds, rooms and workshops: give a workbook "
            "(.xlsx) with those sheets, or a folder of CSV files (rondes.csv, zalen.csv, "
            f"workshops.csv); {folder} has no such files"))
    _require_tables(folder, found, "file", [f.name for f in sorted(folder.iterdir())])
    return found


def _kind_of(name: str) -> str | None:
    folded = fold(name)
    return next((kind for kind, names in SHEETS.items() if folded in names), None)


def _require_tables(path: Path, found: dict[str, Table], what: str, present: list[str]) -> None:
    missing = [k for k in REQUIRED_SHEETS if k not in found]
    if missing:
        wanted = "; ".join(f"'{SHEETS[k][0].capitalize()}' (or '{SHEETS[k][1]}')"
                           for k in missing)
        have = ", ".join(f"'{p}'" for p in present) or "none"
        raise InputError(str(path), f"no {what} for {wanted}; found: {have}")
