"""Read and write instances and solutions as JSON (or YAML), with errors that say where."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from scheduler.errors import InputError
from scheduler.model import Instance
from scheduler.solution import Solution

Model = TypeVar("Model", bound=BaseModel)


def read_document(path: str | Path) -> Any:
    """Parse a JSON or YAML file (by extension; JSON if unknown) into plain data."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "file not found") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a folder, not a file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror})") from None
    if not raw.strip():
        raise InputError(str(path), "the file is empty")
    if b"\x00" in raw[:4096]:
        raise InputError(str(path), "this is a binary file, not JSON or YAML text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            str(path), f"not UTF-8 text (byte {exc.start}); save the file as UTF-8"
        ) from None
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            place = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            problem = getattr(exc, "problem", None) or str(exc)
            raise InputError(str(path), f"invalid YAML: {problem}", place) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            str(path), f"invalid JSON: {exc.msg}", f"line {exc.lineno}, column {exc.colno}"
        ) from None


def json_path(loc: tuple[int | str, ...], data: Any) -> str:
    """Turn a pydantic error location into a readable path, naming list items by id."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            if isinstance(node, list) and 0 <= key < len(node):
                node = node[key]
                if isinstance(node, dict) and isinstance(node.get("id"), str):
                    label = f"[{key}] (id '{node['id']}')"
            else:
                node = None
            parts.append(label)
        else:
            parts.append(("." if parts else "") + str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return "".join(parts)


def parse_model(model: type[Model], data: Any, path: str | Path) -> Model:
    """Validate plain data as `model`; the first problem becomes an InputError."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        place = json_path(tuple(error["loc"]), data)
        message = error["msg"].removeprefix("Value error, ")
        count = exc.error_count()
        if count > 1:
            message += f" (and {count - 1} more problem{'s' if count > 2 else ''})"
        raise InputError(str(path), message, place) from None


def load_instance(path: str | Path) -> Instance:
    return parse_model(Instance, read_document(path), path)


def load_solution(path: str | Path) -> Solution:
    return parse_model(Solution, read_document(path), path)


def dump_json(model: BaseModel) -> str:
    """Stable JSON text: same model, same bytes."""
    return json.dumps(model.model_dump(mode="json", exclude_none=True), indent=2,
                      ensure_ascii=False) + "\n"


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write through a temporary file in the same folder, then rename over the target.

    A crash at any moment leaves either the old file or the new one, never half of it.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
