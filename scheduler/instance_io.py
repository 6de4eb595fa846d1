"""Read and write instances and solutions as JSON (or YAML), with errors that say where."""

from __future__ import annotations

import codecs
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from scheduler.errors import InputError, Location
from scheduler.fs import new_file, real_path, take_over_mode_and_group
from scheduler.input_messages import first_problem
from scheduler.model import Instance
from scheduler.solution import Solution

Model = TypeVar("Model", bound=BaseModel)


# Larger than any plausible event's file (200,000 registrants take some 100 MB).
MAX_FILE_BYTES = 512 * 1024 * 1024


def read_document(path: str | Path) -> Any:
    """Parse a JSON or YAML file (by extension; JSON if unknown) into plain data."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(str(path), f"the file is {size / 2**20:.0f} MB; the limit is "
                             f"{MAX_FILE_BYTES // 2**20} MB, far more than any event needs")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "file not found") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a folder, not a file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror})") from None
    text = _decode(raw, path)
    if path.suffix.lower() in (".yaml", ".yml"):
        return _parse_yaml(text, path)
    return _parse_json(text, path)


def _decode(raw: bytes, path: Path) -> str:
    if not raw.strip():
        raise InputError(str(path), "the file is empty")
    head = raw[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_like_utf16(head):
        raise InputError(str(path), "the file is UTF-16 text; save it as UTF-8")
    if head.startswith(b"PK\x03\x04"):
        raise InputError(str(path), "this is a zip file or an Excel workbook, not JSON or "
                         "YAML text")
    if b"\x00" in head:
        raise InputError(str(path), "this is a binary file, not JSON or YAML text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            str(path),
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x}; perhaps Windows-1252 or Latin-1); "
            "save the file as UTF-8",
            f"line {line}, column {column}",
        ) from None


def _looks_like_utf16(head: bytes) -> bool:
    """Text in UTF-16 without a byte-order mark: every other byte NUL, the rest not."""
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    for nuls, chars in ((even, odd), (odd, even)):
        if nuls.count(0) > 0.9 * len(nuls) and chars.count(0) < 0.1 * len(chars):
            return True
    return False


class _NoDuplicateKeysLoader(yaml.SafeLoader):
    """YAML that refuses a key given twice in one mapping (PyYAML keeps the last)."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        try:
            repeated = key in seen
        except TypeError:
            continue  # an unhashable key; the SafeLoader reports it below
        if repeated:
            raise yaml.constructor.ConstructorError(
                None, None, f"key '{key}' appears twice in the same mapping",
                key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node)


_NoDuplicateKeysLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _parse_yaml(text: str, path: Path) -> Any:
    try:
        return yaml.load(text, Loader=_NoDuplicateKeysLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        if "<block end>" in problem or "mapping values are not allowed" in problem:
            problem += " (the indentation does not line up)"
        elif "'\\t'" in problem:
            problem = "a tab; YAML indents with spaces only"
        elif "another document" in problem:
            problem = "a second document (---); an instance is one document"
        raise InputError(str(path), f"invalid YAML: {problem}", place) from None
    except RecursionError:
        raise InputError(str(path), "invalid YAML: nested too deeply") from None


class _RepeatedKey(dict[str, Any]):
    """An object in which a key came twice; `key` names it."""

    key = ""


_JSON_HINTS = {
    "Expecting ',' delimiter": "a comma is missing, or a bracket is not closed",
    "Expecting ':' delimiter": "a colon is missing after a field name",
    "Expecting property name enclosed in double quotes":
        "field names go in double quotes; is there a comma too many before this?",
    "Expecting value": "a value is missing here",
    "Unterminated string starting at": "text in quotes starts here but never ends",
    "Extra data": "there is more after the end of the document",
    "Invalid control character at": "a tab or line break inside text in quotes",
}


def _parse_json(text: str, path: Path) -> Any:
    repeats: list[_RepeatedKey] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        counts = Counter(key for key, _ in items)
        if len(counts) == len(items):
            return dict(items)
        marked = _RepeatedKey(items)
        marked.key = next(key for key, n in counts.items() if n > 1)
        repeats.append(marked)
        return marked

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        hint = _JSON_HINTS.get(exc.msg, "")
        if exc.msg == "Expecting value" and not text[exc.pos:].strip():
            hint = "the file ends too early: is it cut short?"
        raise InputError(
            str(path), f"invalid JSON: {exc.msg}" + (f" ({hint})" if hint else ""),
            f"line {exc.lineno}, column {exc.colno}",
        ) from None
    except RecursionError:
        raise InputError(str(path), "invalid JSON: nested too deeply") from None
    if repeats:
        # Where the first one is, as a path; json.loads gives no line for it.
        loc = _find(data, lambda node: isinstance(node, _RepeatedKey)) or ()
        raise InputError(str(path), f"key '{_node_at(data, loc).key}' appears twice in the "
                         "same object; the second would silently replace the first",
                         json_path(loc, data) or "top level")
    return data


def _find(data: Any, wanted: Any) -> Location | None:
    """The location of the first node (depth first, in file order) that `wanted` accepts."""
    stack: list[tuple[Location, Any]] = [((), data)]
    while stack:
        loc, node = stack.pop()
        if wanted(node):
            return loc
        children: list[tuple[Location, Any]] = []
        if isinstance(node, dict):
            children = [((*loc, key), value) for key, value in node.items()]
        elif isinstance(node, list):
            children = [((*loc, n), value) for n, value in enumerate(node)]
        stack.extend(reversed(children))
    return None


def _node_at(data: Any, loc: Location) -> Any:
    for key in loc:
        data = data[key]
    return data


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
        loc, message, count = first_problem(exc, model, data)
        if count > 1:
            message += f" (and {count - 1} more problem{'s' if count > 2 else ''})"
        raise InputError(str(path), message, json_path(loc, data)) from None


# Files that hold tables: a registration export or a workshops workbook, never an
# instance or a plan; read as JSON they would only give "invalid JSON at line 1".
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods")


def load_instance(path: str | Path) -> Instance:
    _refuse_a_table(path, "an instance file (JSON or YAML); `import` turns a registration "
                    "export into one, and `solve` writes one beside every plan")
    return parse_model(Instance, read_document(path), path)


def load_solution(path: str | Path) -> Solution:
    _refuse_a_table(path, "a plan (the solution.json that solve and rerun write)")
    return parse_model(Solution, read_document(path), path)


def _refuse_a_table(path: str | Path, wanted: str) -> None:
    if Path(path).suffix.lower() in TABLE_SUFFIXES:
        raise InputError(str(path), f"this is a table (a registration export or a "
                         f"workbook); here the tool reads {wanted}")


def dump_json(model: BaseModel) -> str:
    """Stable JSON text: same model, same bytes."""
    return json.dumps(model.model_dump(mode="json", exclude_none=True), indent=2,
                      ensure_ascii=False) + "\n"


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write through a temporary file in the same folder, then rename over the target.

    A crash at any moment leaves either the old file or the new one, never half of it.
    A symbolic link is followed and stays; the new file gets the old one's mode and
    group, or the umask's mode when there was none.
    """
    path = real_path(Path(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = new_file(path.parent, f".{path.name}.", ".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            if path.exists():
                take_over_mode_and_group(path.stat(), tmp)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
