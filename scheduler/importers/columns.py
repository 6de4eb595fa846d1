"""Decide what each column of an export holds: the mapping file first, then the header."""

from __future__ import annotations

from dataclasses import dataclass, field

from scheduler.errors import InputError
from scheduler.importers.column_choice import pick_column, why_passed_over
from scheduler.importers.headers import Role, guess_role
from scheduler.importers.mapping import Mapping
from scheduler.importers.tables import Table
from scheduler.importers.text import fold, quoted_list
from scheduler.model import Instance


@dataclass
class Columns:
    """Column index -> role, with what was read and what was left out, for the report."""

    single: dict[str, int] = field(default_factory=dict)
    choices: dict[int, Role] = field(default_factory=dict)
    described: list[tuple[str, str]] = field(default_factory=list)

    @property
    def per_round(self) -> bool:
        return any(role.round is not None for role in self.choices.values())


def workshop_round_ids(event: Instance) -> list[str]:
    return [r for r in event.round_order if r not in event.plenary_rounds]


def resolve_columns(table: Table, event: Instance, mapping: Mapping) -> Columns:
    rounds = workshop_round_ids(event)
    labels = {fold(event.round_by_id[r].label): r for r in rounds if event.round_by_id[r].label}
    labels |= {fold(r): r for r in rounds}
    names = {r: event.round_by_id[r].name for r in rounds}
    by_header = {fold(h): role for h, role in mapping.columns.items()}

    missing = [h for h in mapping.columns if fold(h) not in {fold(t) for t in table.headers}]
    if missing:
        raise InputError(mapping.path, f"no column {quoted_list(missing)} in {table.path} "
                         f"(its columns: {quoted_list(list(table.headers))})", "columns")

    columns = Columns()
    candidates: dict[str, list[int]] = {}
    mapped: set[int] = set()
    for index, header in enumerate(table.headers):
        role = by_header.get(fold(header))
        if role is not None:
            mapped.add(index)
        role = role or guess_role(header, labels)
        if role is None or role.kind == "ignore":
            continue
        if role.kind == "choice":
            columns.choices[index] = Role(
                "choice", rank=role.rank,
                round=_round_id(table, mapping, header, role.round, rounds, labels))
        else:
            candidates.setdefault(role.kind, []).append(index)

    passed_over: dict[int, str] = {}
    for kind, indices in candidates.items():
        # A column the mapping file names beats any guess from a header.
        named = [i for i in indices if i in mapped]
        chosen = pick_column(table, kind, named or indices)
        columns.single[kind] = chosen
        for index in indices:
            if index != chosen:
                passed_over[index] = why_passed_over(table, kind, chosen, index,
                                                     mapped=bool(named))
    columns.described = [(header, _meaning(index, columns, passed_over, names))
                         for index, header in enumerate(table.headers)]

    if not columns.choices:
        raise InputError(table.path, "no column with workshop choices (such as 'Keuze ronde 1' "
                         "or '1e keuze'); say which columns hold them in a mapping file "
                         f"(--mapping); columns: {quoted_list(list(table.headers))}")
    if not ({"name", "email", "first_name", "last_name"} & set(columns.single)):
        raise InputError(table.path, "no column with names or e-mail addresses (such as "
                         "'Naam' or 'E-mailadres'); say which in a mapping file (--mapping)")
    ranked = [table.headers[i] for i, r in columns.choices.items() if r.round is None]
    if ranked and columns.per_round:
        per_round = [table.headers[i] for i, r in columns.choices.items() if r.round]
        raise InputError(table.path, f"columns {quoted_list(per_round)} hold choices per round, "
                         f"but {quoted_list(ranked)} name no round; say which round each is "
                         "for in a mapping file (--mapping)")
    return columns


def _meaning(index: int, columns: Columns, passed_over: dict[int, str],
             round_names: dict[str, str]) -> str:
    """What the report says a column was read as."""
    if index in columns.choices:
        return columns.choices[index].describe(round_names)
    if index in passed_over:
        return passed_over[index]
    kind = next((k for k, i in columns.single.items() if i == index), None)
    return "ignored" if kind is None else Role(kind).describe()


def _round_id(table: Table, mapping: Mapping, header: str, ref: str | None, rounds: list[str],
              labels: dict[str, str]) -> str | None:
    if ref is None:
        return None
    if ref in rounds:
        return ref
    if fold(ref) in labels:
        return labels[fold(ref)]
    if ref.isdigit() and 1 <= int(ref) <= len(rounds):
        return rounds[int(ref) - 1]
    source = mapping.path if fold(header) in {fold(h) for h in mapping.columns} else table.path
    raise InputError(source, f"is for round {ref}, but the event has "
                     f"{len(rounds)} workshop round{'s' if len(rounds) != 1 else ''} "
                     f"({quoted_list(rounds)})", f"column '{header}'")

