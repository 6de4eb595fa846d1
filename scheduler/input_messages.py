"""Plain wording for validation errors, and the place in the document each one is about.

Pydantic's own messages ("Input should be greater than 0") speak of inputs and types;
an organiser fixing a file wants "capacity must be at least 1 (got 0)" next to the
path of the room it concerns.
"""

from __future__ import annotations

import difflib
import json
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from scheduler.errors import LocatedProblems, Location
from scheduler.model import LIMIT_NOTE

_KINDS = {
    "string_type": "text",
    "list_type": "a list",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "an object",
    "model_type": "an object",
}

_FORMATS = {
    "workshop-scheduler/instance": "an instance",
    "workshop-scheduler/solution": "a solution",
}
_MAIN_FIELDS = {
    "workshop-scheduler/instance": "rounds, rooms, workshops and registrants",
    "workshop-scheduler/solution": "sessions and assignments",
}


def first_problem(
    exc: ValidationError, model: type[BaseModel], data: Any
) -> tuple[Location, str, int]:
    """The first problem as (location, message), and how many problems there are."""
    groups = _group_union_alternatives(exc.errors(include_url=False), data)
    problems = [problem for group in _typos_first(groups, model) for problem in
                _explain(group, model, data)]
    loc, message = problems[0]
    return loc, message, len(problems)


def _typos_first(
    groups: list[list[tuple[Location, ErrorDetails]]], model: type[BaseModel]
) -> list[list[tuple[Location, ErrorDetails]]]:
    """A misspelt field shows as a missing field and an unknown one; keep only the latter,
    which says "did you mean", and put it first."""
    missing = {group[0][0] for group in groups if group[0][1]["type"] == "missing"}
    typos, explained = [], set()
    for group in groups:
        loc, error = group[0]
        if error["type"] != "extra_forbidden":
            continue
        parent = _model_at(model, loc[:-1])
        fields = list(parent.model_fields) if parent is not None else []
        for close in difflib.get_close_matches(str(loc[-1]), fields, n=1, cutoff=0.6):
            if (*loc[:-1], close) in missing:
                typos.append(group)
                explained.add((*loc[:-1], close))
    rest = [g for g in groups if g not in typos and g[0][0] not in explained]
    return typos + rest


def _group_union_alternatives(
    errors: list[ErrorDetails], data: Any
) -> list[list[tuple[Location, ErrorDetails]]]:
    """Errors with union tags removed from their locations, one group per place.

    A value that may be a workshop id or a list of ids gets one error per alternative
    ("str", "list[str]" in the location); together they are one problem.
    """
    stripped: list[tuple[Location, bool, ErrorDetails]] = []
    for error in errors:
        loc, tagged = _strip_union_tags(tuple(error["loc"]), data, error["type"])
        stripped.append((loc, tagged, error))
    # An alternative that got further into the value says more than the others.
    deeper = {loc[:n] for loc, _, _ in stripped for n in range(len(loc))}
    groups: dict[Location, list[tuple[Location, ErrorDetails]]] = {}
    for loc, tagged, error in stripped:
        if tagged and loc in deeper:
            continue
        groups.setdefault(loc, []).append((loc, error))
    return list(groups.values())


def _strip_union_tags(loc: Location, data: Any, kind: str) -> tuple[Location, bool]:
    kept: list[int | str] = []
    tagged = False
    node = data
    for n, key in enumerate(loc):
        if isinstance(key, int):
            kept.append(key)
            node = node[key] if isinstance(node, list) and 0 <= key < len(node) else None
            continue
        is_last = n == len(loc) - 1
        if isinstance(node, dict) and (key in node or (kind == "missing" and is_last)):
            kept.append(key)
            node = node.get(key)
        else:
            tagged = True
    return tuple(kept), tagged


def _explain(
    group: list[tuple[Location, ErrorDetails]], model: type[BaseModel], data: Any
) -> list[tuple[Location, str]]:
    loc, error = group[0]
    kind = error["type"]
    if len(group) > 1:
        kinds = sorted({_KINDS.get(e["type"], "something else") for _, e in group})
        if loc[-2:-1] == ("ranked",) or loc[-3:-2] == ("ranked",):
            return [(loc, "a preference must be a workshop id, or a list of ids that share "
                          f"the rank (got {_shown(error['input'])})")]
        return [(loc, f"{_subject(loc, model)}must be {' or '.join(kinds)} "
                      f"(got {_shown(error['input'])})")]
    if kind == "value_error":
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, LocatedProblems):
            return [((*loc, *where), message) for where, message in cause.problems]
        return [(loc, error["msg"].removeprefix("Value error, "))]
    if kind == "missing":
        return [(loc[:-1], f"required field '{loc[-1]}' is missing")]
    if kind == "extra_forbidden":
        return [(loc[:-1], _unknown_field(str(loc[-1]), _model_at(model, loc[:-1])))]
    if kind == "too_long":
        ctx = error.get("ctx") or {}
        what = f" {loc[-1]}" if loc and isinstance(loc[-1], str) else ""
        return [(loc, f"at most {ctx['max_length']}{what} are supported and this file has "
                      f"{ctx['actual_length']}: {LIMIT_NOTE}")]
    if not loc and kind in ("model_type", "dict_type", "model_attributes_type"):
        what = _FORMATS.get(_format_of(model), "one document")
        fields = _MAIN_FIELDS.get(_format_of(model), "its fields")
        return [(loc, f"the file must hold {what}, an object with {fields}, "
                      f"not {_kind_of(error['input'])}")]
    if loc == ("format",) and kind == "literal_error":
        expected = _FORMATS.get(_format_of(model), "")
        found = _FORMATS.get(error["input"]) if isinstance(error["input"], str) else None
        if found and expected:
            return [(loc, f"this file holds {found}, not {expected}; "
                          "are the file names in the right order?")]
    return [(loc, _subject(loc, model) + _requirement(error))]


def _requirement(error: ErrorDetails) -> str:
    """What the value must be, and what it was."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error["input"]
    got = f" (got {_shown(value)})"
    if kind == "greater_than":
        return f"must be at least {ctx['gt'] + 1}{got}"
    if kind == "greater_than_equal":
        return f"must be {ctx['ge']} or more{got}"
    if kind == "less_than_equal":
        return f"must be at most {ctx['le']}{got}: {LIMIT_NOTE}"
    if kind == "too_short":
        if ctx["min_length"] == 1:
            return "must not be empty"
        return f"must list at least {ctx['min_length']}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_type":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f'must be text: write it in quotes, as "{value}"'
        return f"must be text{got}"
    if kind.startswith("int_"):
        return f"must be a whole number{got}"
    if kind.startswith("bool_"):
        return f"must be true or false{got}"
    if kind == "list_type":
        return f"must be a list [...]{got}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"must be an object {{...}}{got}"
    if kind.startswith("datetime_"):
        return f'must be a date and time such as "2026-02-16T09:30:00"{got}'
    if kind.startswith("date_"):
        return f'must be a date such as "2026-03-26" (year-month-day){got}'
    if kind.startswith("time_"):
        return f'must be a time such as "09:30"{got}'
    if kind == "literal_error":
        return f"must be {ctx['expected']}{got}"
    if kind == "finite_number":
        return f"must be a number{got}"
    return str(error["msg"]) + got


def _subject(loc: Location, model: type[BaseModel]) -> str:
    """The field's name to open the message with, when the place ends in a field."""
    if loc and isinstance(loc[-1], str):
        parent = _model_at(model, loc[:-1])
        if parent is not None and loc[-1] in parent.model_fields:
            return f"{loc[-1]} "
    return ""


def _unknown_field(name: str, model: type[BaseModel] | None) -> str:
    if model is None:
        return f"unknown field '{name}'"
    fields = list(model.model_fields)
    close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
    if close:
        return f"unknown field '{name}' (did you mean '{close[0]}'?)"
    return f"unknown field '{name}'; the fields here are {', '.join(fields)}"


def _model_at(model: type[BaseModel], loc: Location) -> type[BaseModel] | None:
    """The pydantic model that describes the object at `loc`, if one does."""
    current: type[BaseModel] | None = model
    for key in loc:
        if isinstance(key, int):
            continue
        if current is None or key not in current.model_fields:
            return None
        current = _inner_model(current.model_fields[key].annotation)
    return current


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _format_of(model: type[BaseModel]) -> str:
    field = model.model_fields.get("format")
    return str(field.default) if field is not None else ""


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    return "something else"


def _shown(value: Any) -> str:
    """A value as it would appear in the file, cut short."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except ValueError:
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
