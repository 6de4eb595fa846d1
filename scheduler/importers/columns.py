"""Decide what each column of an export holds: the mapping file first, then the header."""

from __future__ import annotations

from dataclasses import dataclass, field

from scheduler.errors import InputError
from scheduler.importers.column_choice import pick_column, why_passed_over
from scheduler.importers.headers import Role, guess_role
from scheduler.importers.mapping import Mapping
from scheduler.importers.tables import Table
from scheduler.importers.text import cell_text, fold, quoted_list
from scheduler.model import Instance, Workshop


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
    """The rounds that "round N" counts, in time order: those in which some workshop can
    start. A lunch or a break in the rounds sheet is a round too, but counting it would
    put the choices of every later round in it."""
    return [r for r in event.round_order if _can_hold_a_workshop(event, r)]


def _can_hold_a_workshop(event: Instance, round_id: str) -> bool:
    """Not a plenary, some room free, and some workshop allowed to start then. A
    cancelled workshop still counts: marking one cancelled must not renumber the rounds."""
    if round_id in event.plenary_rounds:
        return False
    if all(round_id in room.unavailable for room in event.rooms):
        return False
    return any(may_start_in(workshop, round_id) for workshop in event.workshops)


def may_start_in(workshop: Workshop, round_id: str) -> bool:
    return workshop.rounds is None or round_id in workshop.rounds


# The answers to a yes-or-no question, folded. Only whole answers: "Ja, graag" could
# start a workshop title, and a title that matches nothing is reported anyway.
YES_OR_NO = frozenset({"ja", "nee", "yes", "no", "j", "n", "y"})


def resolve_columns(table: Table, event: Instance, mapping: Mapping) -> Columns:
    rounds = workshop_round_ids(event)
    labels = {fold(event.round_by_id[r].label): r for r in rounds if event.round_by_id[r].label}
    labels |= {fold(r): r for r in rounds}
    names = {r: event.round_by_id[r].name for r in rounds}
    _check_mapped_headers(table, mapping)

    roles, mapped = _roles(table, mapping, labels)
    columns = Columns()
    set_aside: dict[int, str] = {}
    for index, role in roles.items():
        if role.kind != "choice":
            continue
        if index not in mapped and holds_yes_or_no(table, index):
            # "Neemt u deel aan de lunch?" says "deel" (part), as "Deel 2" does.
            set_aside[index] = "ignored (answers yes or no, so no workshop choices)"
            continue
        columns.choices[index] = Role(
            "choice", rank=role.rank,
            round=_round_id(table, mapping, table.headers[index], role.round, rounds, labels))
    set_aside |= _pick_single_columns(table, roles, mapped, columns)
    if columns.per_round and "wanted" in columns.single:
        # The model takes a number wanted only with one ranked list.
        set_aside[columns.single.pop("wanted")] = (
            "ignored (a number of workshops wanted: with choices per round, every round "
            "with a choice is wanted)")
    columns.described = [(header, _meaning(index, columns, set_aside, names))
                         for index, header in enumerate(table.headers)]
    _check_columns(table, columns, names)
    return columns


def _check_mapped_headers(table: Table, mapping: Mapping) -> None:
    missing = [h for h in mapping.columns if fold(h) not in {fold(t) for t in table.headers}]
    if missing:
        raise InputError(mapping.path, f"no column {quoted_list(missing)} in {table.path} "
                         f"(its columns: {quoted_list(list(table.headers))})", "columns")


def _roles(table: Table, mapping: Mapping,
           labels: dict[str, str]) -> tuple[dict[int, Role], set[int]]:
    """Column -> role for the columns that hold something to read, and the columns
    the mapping file gave their role."""
    by_header = {fold(h): role for h, role in mapping.columns.items()}
    roles: dict[int, Role] = {}
    mapped: set[int] = set()
    for index, header in enumerate(table.headers):
        role = by_header.get(fold(header))
        if role is not None:
            mapped.add(index)
        role = role or guess_role(header, labels)
        if role is not None and role.kind != "ignore":
            roles[index] = role
    return roles, mapped


def _pick_single_columns(table: Table, roles: dict[int, Role], mapped: set[int],
                         columns: Columns) -> dict[int, str]:
    """Set the one column read per kind; returns why each other one is not read."""
    candidates: dict[str, list[int]] = {}
    for index, role in roles.items():
        if role.kind != "choice":
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
    return passed_over


def holds_yes_or_no(table: Table, index: int) -> bool:
    """Whether every answer in a column is a yes or a no (and there is one)."""
    answers = [fold(cell_text(row.get(index))) for row in table.rows]
    answers = [a for a in answers if a]
    return bool(answers) and all(a in YES_OR_NO for a in answers)


def _check_columns(table: Table, columns: Columns, round_names: dict[str, str]) -> None:
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
    _check_one_column_per_choice(table, columns, round_names)


def _check_one_column_per_choice(table: Table, columns: Columns,
                                 round_names: dict[str, str]) -> None:
    """Two columns read as the same choice would be merged into one list without a
    word ("Welke workshop ... in de ochtend?" and "... in de middag?" are both a first
    choice when the rounds are called something else)."""
    same: dict[tuple[str | None, int], list[str]] = {}
    for index, role in columns.choices.items():
        same.setdefault((role.round, role.rank), []).append(table.headers[index])
    for (round_id, rank), headers in same.items():
        if len(headers) > 1:
            what = Role("choice", rank=rank, round=round_id).describe(round_names)
            raise InputError(table.path, (
                f"columns {quoted_list(headers)} are each read as the {what}; in a mapping "
                f"file (--mapping), give each its round ('{headers[0]}': {{round: 1}}) or "
                f"its rank in one list ('{headers[1]}': {{rank: 2}})"))


def _meaning(index: int, columns: Columns, set_aside: dict[int, str],
             round_names: dict[str, str]) -> str:
    """What the report says a column was read as, or why it was not read."""
    if index in columns.choices:
        return columns.choices[index].describe(round_names)
    if index in set_aside:
        return set_aside[index]
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



def check_choice_rounds(table: Table, event: Instance, mapping: Mapping, columns: Columns,
                        chosen: list[dict[int, str]]) -> None:
    """Stop when a column is read as the choices for a round in which none of the
    workshops chosen in it can start: the column is read for the wrong round (one that
    the header's number counts differently, say), and every choice in it would go unmet.

    `chosen` holds, per row, column -> workshop id."""
    rounds = workshop_round_ids(event)
    for index, role in columns.choices.items():
        workshops = [event.workshop_by_id[w] for w in
                     dict.fromkeys(found[index] for found in chosen if index in found)]
        if role.round is None or not workshops:
            continue
        if any(may_start_in(workshop, role.round) for workshop in workshops):
            continue
        possible = [r for r in rounds if any(may_start_in(w, r) for w in workshops)]
        raise _wrong_round(table, event, mapping, table.headers[index], role, possible)


def _wrong_round(table: Table, event: Instance, mapping: Mapping, header: str, role: Role,
                 possible: list[str]) -> InputError:
    rounds = workshop_round_ids(event)
    what = role.describe({role.round: event.round_by_id[role.round].name}
                         if role.round else None)
    can = (f"they can start in {quoted_list([event.round_by_id[r].name for r in possible])}"
           if possible else "they can start in no workshop round")
    message = f"is read as the {what}, but none of the workshops chosen in it can start in " \
              f"that round ({can})"
    if fold(header) in {fold(h) for h in mapping.columns}:
        return InputError(mapping.path, f"{message}; correct its round", f"columns, '{header}'")
    if possible:
        number = rounds.index(possible[0]) + 1
        message += (f"; say which round the column is for in a mapping file (--mapping): "
                    f"'{header}': {{round: {number}, rank: {role.rank}}}")
    return InputError(table.path, message, f"column '{header}'")
