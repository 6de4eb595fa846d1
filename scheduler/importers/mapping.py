"""The mapping file: says what a column means when the guess from its header is wrong.

A YAML (or JSON) file, every key optional::

    sheet: Formulierreacties 1          # the workbook sheet to read (default: the first)
    columns:                            # header as written -> what it holds
      Uw naam: name
      Welke workshop in het ochtendblok?: {round: 1, rank: 1}
      Eventueel een tweede keus: {rank: 2}
      Opmerkingen: ignore
    titles:                             # a title in the export -> workshop id or title
      Weerbaar bestuur (vervalt): integriteit
    timestamp_format: "%d-%m-%Y %H:%M"  # when the registration times are unusual

Column kinds: name, first_name, infix, last_name, email, organisation, audience,
timestamp, wanted, present, needs, ignore, and choices: ``choice`` (a first choice),
``{rank: N}`` (the N-th choice of a ranked list) or ``{round: R, rank: N}`` (the N-th
choice for round R: its id, its label, or its number among the workshop rounds).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scheduler.errors import InputError
from scheduler.importers.headers import KINDS, Role
from scheduler.instance_io import read_document


@dataclass(frozen=True)
class Mapping:
    path: str = ""
    sheet: str | None = None
    columns: dict[str, Role] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    timestamp_format: str | None = None


def load_mapping(path: str | Path | None) -> Mapping:
    if path is None:
        return Mapping()
    data = read_document(path)
    where = str(path)
    if not isinstance(data, dict):
        raise InputError(where, "a mapping file holds keys 'sheet', 'columns', 'titles' "
                         "and 'timestamp_format'")
    unknown = sorted(set(data) - {"sheet", "columns", "titles", "timestamp_format"})
    if unknown:
        raise InputError(where, "unknown key (known: sheet, columns, titles, "
                         "timestamp_format)", unknown[0])
    columns_data = data.get("columns") or {}
    titles_data = data.get("titles") or {}
    for key, value in (("columns", columns_data), ("titles", titles_data)):
        if not isinstance(value, dict):
            raise InputError(where, "must map names to values", key)
    columns = {str(h).strip(): _role(where, str(h), spec) for h, spec in columns_data.items()}
    titles = {str(k).strip(): str(v).strip() for k, v in titles_data.items()}
    sheet = data.get("sheet")
    fmt = data.get("timestamp_format")
    return Mapping(where, None if sheet is None else str(sheet), columns, titles,
                   None if fmt is None else str(fmt))


def _role(where: str, header: str, spec: Any) -> Role:
    place = f"columns, '{header}'"
    if isinstance(spec, str):
        kind = spec.strip().lower().replace(" ", "_").replace("-", "_")
        if kind == "organization":
            kind = "organisation"
        if kind not in KINDS:
            raise InputError(where, f"unknown column kind '{spec}' (kinds: "
                             + ", ".join(KINDS) + ")", place)
        return Role(kind)
    if isinstance(spec, dict) and set(spec) <= {"round", "rank"} and spec:
        rank = spec.get("rank", 1)
        if not isinstance(rank, int) or isinstance(rank, bool) or rank < 1:
            raise InputError(where, f"rank must be a whole number from 1, not '{rank}'", place)
        round_ref = spec.get("round")
        return Role("choice", rank=rank, round=None if round_ref is None else str(round_ref))
    raise InputError(where, "give a column kind (such as 'email' or 'ignore') or a choice "
                     "like {round: 1, rank: 2}", place)
