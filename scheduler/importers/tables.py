"""Read a spreadsheet export (CSV or .xlsx) into header and rows, with row numbers.

Row numbers are the ones a spreadsheet program shows: the header is row 1 (or the row
it was found on), so an error message points at the row the organiser can open.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from scheduler.errors import InputError
from scheduler.importers.text import fold

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
SPREADSHEET_SUFFIXES = CSV_SUFFIXES + EXCEL_SUFFIXES

# Folded words that start a row of totals under a table ("Totaal", "Sum:").
TOTALS_WORDS = frozenset({
    "totaal", "totalen", "subtotaal", "eindtotaal", "som", "total", "totals", "subtotal",
    "grand total", "sum",
})

# Old binary Excel (.xls) and other OLE2 files start with these bytes.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Row:
    number: int
    cells: tuple[Any, ...]

    def get(self, column: int) -> Any:
        return self.cells[column] if column < len(self.cells) else None


@dataclass(frozen=True)
class Table:
    """One sheet: `headers` as written, `rows` that hold at least one value."""

    path: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    sheet: str = ""
    header_row: int = 1
    delimiter: str = ""
    """The separator of a CSV file; empty for a sheet."""
    hidden_rows: tuple[int, ...] = ()
    """Rows of `rows` that the workbook hides (filtered out, or hidden by hand)."""

    def place(self, row: int, column: int | None = None) -> str:
        """"sheet 'Zalen', row 4, column 'Capaciteit'" (sheet only for workbooks)."""
        parts = [f"sheet '{self.sheet}'"] if self.sheet else []
        parts.append(f"row {row}")
        if column is not None:
            parts.append(f"column '{self.headers[column]}'")
        return ", ".join(parts)


def without_totals(table: Table) -> tuple[Table, list[Row]]:
    """The table without its rows of totals, and those rows. Organisers add a "Totaal"
    row under a list of rooms or registrations; read as data it would be a room or a
    registrant."""
    totals = [row for row in table.rows if is_totals_row(row)]
    if not totals:
        return table, []
    kept = tuple(row for row in table.rows if row not in totals)
    return replace(table, rows=kept), totals


def is_totals_row(row: Row) -> bool:
    """A row whose only text is a totals word; its other cells hold numbers, formulas or
    nothing. A person or a workshop called "Som" has more to say than that."""
    words = [value for value in row.cells if not _empty_or_number(value)]
    return (len(words) == 1 and isinstance(words[0], str)
            and fold(words[0]) in TOTALS_WORDS)


def totals_word(row: Row) -> str:
    return next(v for v in row.cells if isinstance(v, str) and fold(v) in TOTALS_WORDS)


def _empty_or_number(value: Any) -> bool:
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return True
    if not isinstance(value, str):
        return False
    text = value.strip()
    # A formula kept as text (a workbook saved without its results), or a number as a
    # CSV file writes it: "470", "1.250", "12,5", "85%".
    return not text or text.startswith("=") or bool(re.fullmatch(r"[-+]?[\d.,\s]*\d%?", text))


def is_spreadsheet(path: str | Path) -> bool:
    return Path(path).suffix.lower() in SPREADSHEET_SUFFIXES


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "file not found") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a folder, not a file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror})") from None


def read_table(path: str | Path, sheet: str | None = None) -> Table:
    """The first sheet that holds rows (or `sheet`) of an .xlsx file, or a CSV file, by
    extension."""
    path = Path(path)
    if path.suffix.lower() in EXCEL_SUFFIXES:
        workbook = open_workbook(path)
        names = workbook.sheetnames
        if sheet is None:
            # An export saved beside an empty first sheet ("Blad1") is common; a
            # workbook whose sheets are all empty reads as its first.
            tables = (sheet_table(path, workbook[name]) for name in names)
            first = sheet_table(path, workbook[names[0]])
            return next((t for t in tables if t.headers and t.rows), first)
        if sheet not in names:
            raise InputError(str(path), f"has no sheet '{sheet}' (sheets: "
                             + ", ".join(f"'{n}'" for n in names) + ")")
        return sheet_table(path, workbook[sheet])
    return csv_table(path)


def open_workbook(path: Path) -> Any:
    """Open an .xlsx file read-only, with cached formula results as values."""
    from openpyxl import load_workbook

    raw = read_bytes(path)
    if not raw:
        raise InputError(str(path), "the file is empty")
    if raw.startswith(OLE2_MAGIC):
        raise InputError(str(path), "this is an old-style Excel file (.xls) or another "
                         "binary format, not .xlsx; save it as .xlsx or CSV")
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        looks = "CSV or text" if _looks_like_text(raw) else "something else"
        raise InputError(str(path), f"the name says .xlsx, but this is not an Excel workbook "
                         f"(it looks like {looks}); save it as .xlsx, or rename it to .csv "
                         "if it is CSV")
    try:
        return load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise InputError(str(path), f"not a readable Excel workbook ({exc})") from None


def sheet_table(path: Path, worksheet: Any) -> Table:
    """A worksheet's first non-empty row is the header; empty rows are left out."""
    header: tuple[str, ...] | None = None
    header_row = 1
    rows: list[Row] = []
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        cells = tuple(_strip(v) for v in values)
        if all(v is None or v == "" for v in cells):
            continue
        if header is None:
            header, header_row = _header(cells), number
        else:
            rows.append(Row(number, cells))
    hidden = hidden_row_numbers(worksheet)
    return Table(str(path), header or (), tuple(rows), sheet=worksheet.title,
                 header_row=header_row,
                 hidden_rows=tuple(row.number for row in rows if row.number in hidden))


def hidden_row_numbers(worksheet: Any) -> set[int]:
    """The rows a sheet hides. Read-only openpyxl does not give row attributes, so they
    are read from the sheet's XML; should openpyxl stop offering that stream, no row
    is taken for hidden, which only loses a note."""
    try:
        source = worksheet._get_source()
    except (AttributeError, KeyError, OSError):
        return set()
    hidden: set[int] = set()
    with source:
        for _, element in ElementTree.iterparse(source):
            if element.tag.endswith("}row"):
                if element.get("hidden") in ("1", "true") and element.get("r", "").isdigit():
                    hidden.add(int(element.get("r", "")))
                element.clear()
    return hidden


def csv_table(path: Path) -> Table:
    raw = read_bytes(path)
    if not raw.strip():
        raise InputError(str(path), "the file is empty")
    if raw.startswith(b"PK\x03\x04"):
        raise InputError(str(path), "this is an Excel workbook or another zip file, not CSV "
                         "text; give it the .xlsx extension")
    if raw.startswith(OLE2_MAGIC) or (b"\x00" in raw[:4096] and not is_utf16(raw)):
        raise InputError(str(path), "this is a binary file, not CSV text")
    text, delimiter = separator_hint(decode_text(path, raw))
    delimiter = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: tuple[str, ...] | None = None
    header_row = 1
    rows: list[Row] = []
    try:
        for number, values in enumerate(reader, start=1):
            cells = tuple(_strip(v) for v in values)
            if all(v == "" for v in cells):
                continue
            if header is None:
                header, header_row = _header(cells), number
            else:
                rows.append(Row(number, cells))
    except csv.Error as exc:
        raise InputError(str(path), f"unreadable CSV: {exc}", f"row {reader.line_num}") from None
    return Table(str(path), header or (), tuple(rows), header_row=header_row,
                 delimiter=delimiter)


def is_utf16(raw: bytes) -> bool:
    """Excel's "Unicode text" (.txt, tab-separated) is UTF-16 with a byte order mark."""
    return raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def separator_hint(text: str) -> tuple[str, str]:
    """The text without Excel's hint line ("sep=;"), and the separator it names ("" when
    there is none). Excel does not show the line, so the header stays row 1."""
    found = re.match(r"\ufeff?sep=(.)\r?\n", text)
    if found is None:
        return text, ""
    return text[found.end():], found.group(1)


def decode_text(path: Path, raw: bytes) -> str:
    """UTF-16 with a byte order mark, else UTF-8 (with or without BOM), then
    Windows-1252, the usual Excel export."""
    if is_utf16(raw):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(str(path), "cannot decode the text: it starts as UTF-16 but "
                             "is damaged; save the file as CSV UTF-8") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(
            str(path), f"cannot decode the text (byte {exc.start}, 0x{raw[exc.start]:02x}, is "
            "neither UTF-8 nor Windows-1252); save the file as CSV UTF-8"
        ) from None


def sniff_delimiter(text: str) -> str:
    """The separator of the header line: the candidate found most often outside quotes."""
    first_line = _first_record(text)
    counts = {d: _count_outside_quotes(first_line, d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _first_record(text: str) -> str:
    in_quotes = False
    for i, c in enumerate(text):
        if c == '"':
            in_quotes = not in_quotes
        elif c in "\r\n" and not in_quotes:
            return text[:i]
    return text


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, in_quotes = 0, False
    for c in line:
        if c == '"':
            in_quotes = not in_quotes
        elif c == delimiter and not in_quotes:
            count += 1
    return count


def _looks_like_text(raw: bytes) -> bool:
    return b"\x00" not in raw[:2048]


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _header(cells: tuple[Any, ...]) -> tuple[str, ...]:
    headers = []
    for n, value in enumerate(cells, start=1):
        text = " ".join(str(value).split()) if value is not None else ""
        headers.append(text or f"(column {n})")
    return tuple(headers)
