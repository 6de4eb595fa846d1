"""Reading instances and solutions: every error names the file and the place in it."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import build, hourly_rounds, rooms

from scheduler.errors import InputError
from scheduler.instance_io import (
    dump_json,
    json_path,
    load_instance,
    load_solution,
    write_text_atomic,
)
from scheduler.model import Instance


def small_day() -> Instance:
    """Two rounds, a room with a feature, a speaker, two workshops and four registrants
    in both preference forms, with every optional kind of field used somewhere."""
    return build(
        rounds=2,
        rooms=[{"id": "A", "name": "Aula", "capacity": 5, "features": ["step-free"]}],
        speakers=[{"id": "s1", "name": "Ada", "unavailable": ["T1"]}],
        workshops=[
            {"id": "W1", "title": "Één", "speakers": ["s1"], "max_size": 4},
            {"id": "W2", "min_sessions": 0, "pins": [{"round": "T1", "room": "A"}]},
        ],
        registrants=[
            {"id": "r-001", "email": "a@example.org", "ranked": [["W1", "W2"]]},
            {"id": "r-002", "registered_at": "2025-01-02T09:00:00", "wanted": 1,
             "ranked": ["W2"]},
            {"id": "r-003", "per_round": {"T1": ["W2"], "T2": ["W1"]}, "needs": ["step-free"]},
            {"id": "r-004", "present": ["T2"], "pinned": [{"workshop": "W1"}]},
        ],
        name="small day",
        settings={"rank_costs": [0, 2], "policy": "first-come"},
    )


def data_of(instance: Instance) -> Any:
    return json.loads(dump_json(instance))


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def input_error(load: Any, path: Path) -> InputError:
    with pytest.raises(InputError) as raised:
        load(path)
    assert raised.value.path == str(path)
    return raised.value


# Files that are not documents.


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\t\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is a binary file, not JSON or YAML text"),
    ],
    ids=["empty", "blank", "binary"],
)
def test_unreadable_content(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "instance.json"
    path.write_bytes(content)
    error = input_error(load_instance, path)
    assert (error.message, error.place) == (message, "")
    assert str(error) == f"{path}: {message}"


def test_text_that_is_not_utf8_names_the_byte_and_its_place(tmp_path: Path) -> None:
    path = tmp_path / "instance.json"
    path.write_bytes(b'{\n "name": "caf\xe9"}')
    error = input_error(load_instance, path)
    assert error.place == "line 2, column 14"
    assert error.message == (
        "not UTF-8 text (byte 0xe9; perhaps Windows-1252 or Latin-1); save the file as UTF-8"
    )


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert input_error(load_instance, tmp_path / "none.json").message == "file not found"
    assert input_error(load_instance, tmp_path).message == "is a folder, not a file"


# Syntax errors: line and column.


def test_json_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "instance.json"
    path.write_text('{\n  "rounds": [],\n  "rooms": [,]\n}\n', encoding="utf-8")
    error = input_error(load_instance, path)
    assert error.place == "line 3, column 13"
    assert error.message == "invalid JSON: Expecting value (a value is missing here)"
    assert str(error) == (
        f"{path}: line 3, column 13: invalid JSON: Expecting value (a value is missing here)"
    )


def test_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "instance.yaml"
    # `end` is indented one space less than the keys above it.
    path.write_text(
        'rounds:\n  - id: T1\n    day: 2025-06-02\n    start: "09:00"\n   end: "10:00"\n',
        encoding="utf-8",
    )
    error = input_error(load_instance, path)
    assert error.place == "line 5, column 4"
    assert error.message == (
        "invalid YAML: expected <block end>, but found '<block mapping start>' "
        "(the indentation does not line up)"
    )


def test_yaml_reads_unquoted_times_as_numbers(tmp_path: Path) -> None:
    path = tmp_path / "instance.yml"
    path.write_text(
        "rounds:\n  - id: T1\n    day: 2025-06-02\n    start: 10:45\n    end: '11:00'\n"
        "rooms:\n  - {id: A, capacity: 5}\n",
        encoding="utf-8",
    )
    error = input_error(load_instance, path)
    assert error.place == "rounds[0] (id 'T1').start"
    assert error.message == (
        'write the time in quotes, as "10:45": YAML reads an unquoted 10:45 as the number 645'
    )


# Validation errors: a JSON path that names list items by id.


def test_field_error_path_names_the_list_item(tmp_path: Path) -> None:
    data = data_of(small_day())
    data["registrants"][3]["email"] = 42
    error = input_error(load_instance, write_json(tmp_path / "instance.json", data))
    assert error.place == "registrants[3] (id 'r-004').email"
    assert error.message == 'email must be text: write it in quotes, as "42"'
    assert str(error) == (
        f"{tmp_path / 'instance.json'}: registrants[3] (id 'r-004').email: "
        'email must be text: write it in quotes, as "42"'
    )


def test_an_unknown_time_zone_says_what_to_give(tmp_path: Path) -> None:
    data = data_of(small_day())
    data["settings"] = {"time_zone": "CET+1"}
    error = input_error(load_instance, write_json(tmp_path / "instance.json", data))
    assert (error.place, error.message) == (
        "settings.time_zone", "'CET+1' is not a known time zone; give an IANA name such as "
                              "Europe/Amsterdam or Europe/London")


def test_path_of_an_item_without_an_id(tmp_path: Path) -> None:
    data = data_of(small_day())
    data["rooms"].append({"capacity": 0})
    error = input_error(load_instance, write_json(tmp_path / "instance.json", data))
    assert error.place == "rooms[1]"
    assert error.message == "required field 'id' is missing (and 1 more problem)"


def test_capacity_zero(tmp_path: Path) -> None:
    data = data_of(small_day())
    data["rooms"][0]["capacity"] = 0
    error = input_error(load_instance, write_json(tmp_path / "instance.json", data))
    assert (error.place, error.message) == (
        "rooms[0] (id 'A').capacity", "capacity must be at least 1 (got 0)"
    )


def test_more_problems_are_counted(tmp_path: Path) -> None:
    data = data_of(small_day())
    for room in data["rooms"]:
        room["capacity"] = -1
    data["workshops"][0]["duration"] = 0
    data["registrants"][0]["wanted"] = -1
    error = input_error(load_instance, write_json(tmp_path / "instance.json", data))
    assert error.place == "rooms[0] (id 'A').capacity"
    assert error.message == "capacity must be at least 1 (got -1) (and 2 more problems)"


def test_unknown_reference_names_registrant_and_workshop(tmp_path: Path) -> None:
    data = data_of(small_day())
    data["registrants"][1]["ranked"] = ["W9"]
    error = input_error(load_instance, write_json(tmp_path / "instance.json", data))
    assert error.place == "registrants[1] (id 'r-002').ranked[0]"
    assert error.message == "registrant 'r-002': preference 1 names unknown workshop 'W9'"


def test_rule_across_fields_points_at_the_field(tmp_path: Path) -> None:
    data = data_of(small_day())
    data["workshops"][0]["min_sessions"] = 2
    error = input_error(load_instance, write_json(tmp_path / "instance.json", data))
    assert error.place == "workshops[0] (id 'W1').max_sessions"
    assert error.message == "workshop 'W1': max_sessions 1 is below min_sessions 2"


def test_round_ending_before_it_starts(tmp_path: Path) -> None:
    data = data_of(small_day())
    data["rounds"][0]["end"] = "08:00"
    error = input_error(load_instance, write_json(tmp_path / "instance.json", data))
    assert error.place == "rounds[0] (id 'T1').end"
    assert error.message == "round 'T1' must end after it starts (start 09:00, end 08:00)"


def test_misspelt_field(tmp_path: Path) -> None:
    data = data_of(small_day())
    data["registrants"][0]["emial"] = "a@example.org"
    error = input_error(load_instance, write_json(tmp_path / "instance.json", data))
    assert error.place == "registrants[0] (id 'r-001')"
    assert error.message == "unknown field 'emial' (did you mean 'email'?)"


def test_top_level_that_is_not_an_object(tmp_path: Path) -> None:
    error = input_error(load_instance, write_json(tmp_path / "instance.json", [1, 2]))
    assert error.message == (
        "the file must hold an instance, an object with rounds, rooms, workshops and "
        "registrants, not a list"
    )


def test_solution_errors_name_the_session(tmp_path: Path) -> None:
    path = write_json(tmp_path / "solution.json", {
        "sessions": [{"id": "W1-1", "workshop": "W1", "room": "A", "rounds": []}],
        "assignments": [],
    })
    error = input_error(load_solution, path)
    assert error.place == "sessions[0] (id 'W1-1').rounds"
    assert error.message == "rounds must not be empty"


def test_json_path_of_nested_keys() -> None:
    data = {"registrants": [{"id": "p1", "per_round": {"T1": ["W1", 7]}}]}
    assert json_path(("registrants", 0, "per_round", "T1", 1), data) == (
        "registrants[0] (id 'p1').per_round.T1[1]"
    )
    # A position past the list end still reads.
    assert json_path(("registrants", 5, "id"), data) == "registrants[5].id"


# Formats agree.


def test_yaml_instance_loads_the_same_as_json(tmp_path: Path) -> None:
    instance = small_day()
    data = data_of(instance)
    json_file = write_json(tmp_path / "day.json", data)
    yaml_file = tmp_path / "day.yaml"
    yaml_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert load_instance(yaml_file) == load_instance(json_file) == instance


def test_hand_written_yaml(tmp_path: Path) -> None:
    # Unquoted dates and a time with a leading zero are fine in YAML.
    path = tmp_path / "day.yaml"
    path.write_text(
        "name: hand written\n"
        "rounds:\n"
        "  - {id: T1, day: 2025-06-02, start: 09:00, end: '10:00'}\n"
        "rooms:\n"
        "  - {id: A, capacity: 5}\n"
        "workshops:\n"
        "  - id: W1\n"
        "registrants:\n"
        "  - id: p1\n"
        "    ranked: [W1]\n",
        encoding="utf-8",
    )
    assert load_instance(path) == build(
        rounds=hourly_rounds("T1"), rooms=rooms(A=5), workshops=[{"id": "W1"}],
        registrants=[{"id": "p1", "ranked": ["W1"]}], name="hand written",
    )


def test_json_with_byte_order_mark_and_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "instance.txt"
    path.write_bytes(b"\xef\xbb\xbf" + dump_json(small_day()).encode("utf-8"))
    assert load_instance(path) == small_day()


# Writing.


def test_dump_json_round_trips_and_is_stable() -> None:
    text = dump_json(small_day())
    assert Instance.model_validate_json(text) == small_day()
    assert dump_json(Instance.model_validate_json(text)) == text
    assert text.endswith("}\n")
    assert '"title": "Één"' in text  # kept readable, not \u-escaped
    assert "null" not in text  # unset optional fields are left out


def test_write_text_atomic_replaces_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "plan.json"
    write_text_atomic(target, "first\n")
    write_text_atomic(target, "second\n")
    assert target.read_text(encoding="utf-8") == "second\n"
    assert [p.name for p in target.parent.iterdir()] == ["plan.json"]


def test_write_text_atomic_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "day.json"
    write_text_atomic(target, "first\n")
    target.chmod(0o660)
    write_text_atomic(target, "second\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o660


def test_write_text_atomic_gives_a_new_file_the_mode_of_the_umask(tmp_path: Path) -> None:
    """Not the 0600 of a temporary file, which colleagues could not read."""
    previous = os.umask(0o002)
    try:
        write_text_atomic(tmp_path / "day.json", "{}\n")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "day.json").stat().st_mode) == 0o664


def test_write_text_atomic_writes_where_a_link_points(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    link = tmp_path / "day.json"
    link.symlink_to(Path("shared") / "day.json")
    write_text_atomic(link, "{}\n")
    assert link.is_symlink()
    assert (tmp_path / "shared" / "day.json").read_text(encoding="utf-8") == "{}\n"
