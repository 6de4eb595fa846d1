"""Name splitting for door lists and the mail merge; the JSON Schema `schema` prints."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from report_fixtures import tiny_day

from cli.main import cli
from scheduler.model import Instance
from scheduler.reports import PlanView
from scheduler.reports.names import split_name
from scheduler.reports.tables import door_list, mail_merge_row

INSTANCES = Path(__file__).resolve().parent.parent / "instances"
EXAMPLE_INSTANCES = sorted((INSTANCES / "examples").glob("*.json"))
RERUN_SOLUTIONS = sorted((INSTANCES / "rerun").glob("*-plan.json"))


@pytest.mark.parametrize(("name", "first", "listed", "key"), [
    # A comma means "Surname, First names".
    ("Müller, Jan", "Jan", "Müller", ("muller", "jan")),
    ("van Dijk, Karel", "Karel", "Dijk, van", ("dijk", "karel")),
    ("Berg, Jan van den", "Jan", "Berg, van den", ("berg", "jan")),
    ("Santos Silva, Maria", "Maria", "Santos Silva", ("santos silva", "maria")),
    # Nothing after the comma: a surname alone, as a door list writes one.
    ("Berg, van den", "", "Berg, van den", ("berg", "")),
    ("El Amrani,", "", "El Amrani", ("el amrani", "")),
    # "d'" glued to the surname is part of it, with or without the comma.
    ("d'Ancona, Hedy", "Hedy", "d'Ancona", ("d'ancona", "hedy")),
    ("Hedy d'Ancona", "Hedy", "d'Ancona", ("d'ancona", "hedy")),
    # A particle first: no first name.
    ("de Vries", "", "Vries, de", ("vries", "")),
    ("Van der Berg", "", "Berg, Van der", ("berg", "")),
    # A single word is a surname.
    ("O'Neill", "", "O'Neill", ("o'neill", "")),
    # Titles are not first names, degrees not surnames.
    ("Dr. Anna Jansen", "Anna", "Jansen", ("jansen", "anna")),
    ("prof.dr.ir. A. de Boer", "A.", "Boer, de", ("boer", "a.")),
    ("Mevr. Drs. Ineke Brandsma", "Ineke", "Brandsma", ("brandsma", "ineke")),
    ("Dhr. de Vries", "", "Vries, de", ("vries", "")),
    ("Jansen, dr. Anna", "Anna", "Jansen", ("jansen", "anna")),
    ("Anna Jansen, MSc", "Anna", "Jansen", ("jansen", "anna")),
    ("Anna Jansen Ph.D.", "Anna", "Jansen", ("jansen", "anna")),
    ("Dr.", "", "Dr.", ("dr.", "")),
    # Whitespace of any kind and amount is one space.
    ("  Anna\nde   Vries\t", "Anna", "Vries, de", ("vries", "anna")),
    ("Jan\u00a0van Dijk", "Jan", "Dijk, van", ("dijk", "jan")),
    # A comma inside a word does not split: it is more likely data than a name.
    ('=HYPERLINK("http://x.example","klik")', "",
     '=HYPERLINK("http://x.example","klik")', ('=hyperlink("http://x.example","klik")', "")),
])
def test_first_names_and_surnames(name: str, first: str, listed: str,
                                  key: tuple[str, str]) -> None:
    person = split_name(name)
    assert (person.first, person.listed, person.sort_key) == (first, listed, key)


@pytest.mark.parametrize(("name", "first_name", "first", "listed"), [
    # The rules would take "García" for a first name; the form knew better.
    ("Maria José García López", "Maria José", "Maria José", "García López"),
    ("Jan Willem van der Berg", "Jan Willem", "Jan Willem", "Berg, van der"),
    ("Karim Ben Salah", "Karim Ben", "Karim Ben", "Salah"),
    ("dr. Anna de Vries MSc", "Anna", "Anna", "Vries, de"),
    ("MARIA josé García", "Maria José", "MARIA josé", "García"),
    # A name that no longer starts with its first names (edited since), or is nothing
    # else, is split by the rules.
    ("Maria García López", "Ana", "Maria García", "López"),
    ("Maria", "Maria", "", "Maria"),
])
def test_first_names_given_apart_decide_where_the_surname_starts(
        name: str, first_name: str, first: str, listed: str) -> None:
    person = split_name(name, first_name)
    assert (person.first, person.listed) == (first, listed)


def test_surname_first_splits_like_first_name_first() -> None:
    assert split_name("van den Berg, Jan") == split_name("Jan van den Berg")
    assert split_name("Berg, Jan van den") == split_name("Jan van den Berg")


def renamed_day(names: dict[str, str], first_names: dict[str, str] | None = None
                ) -> PlanView:
    """The report fixture's tiny day, with registrants renamed by id."""
    instance, solution, _ = tiny_day()
    data: dict[str, Any] = instance.model_dump()
    for registrant in data["registrants"]:
        registrant["name"] = names.get(registrant["id"], registrant["name"])
        registrant["first_name"] = (first_names or {}).get(registrant["id"])
    return PlanView(Instance.model_validate(data), solution)


def test_door_lists_and_mail_merge_use_the_split_names() -> None:
    plan = renamed_day({"r-1": "Müller, Jan", "r-2": "Dr. Anna Jansen", "r-3": "de Vries",
                        "r-4": "van Dijk, Karel"})
    opening = next(view for view in plan.everything if view.id == "opening")
    doors = door_list(opening)
    assert list(zip(doors["surname"], doors["first_name"], strict=True)) == [
        ("Dijk, van", "Karel"), ("Jansen", "Anna"), ("Müller", "Jan"), ("Vries, de", "")]
    greeted = {r.id: mail_merge_row(plan, r)["first_name"] for r in plan.instance.registrants
               if r.email}
    assert greeted == {"r-1": "Jan", "r-2": "Anna", "r-3": ""}
    assert mail_merge_row(plan, plan.instance.registrants[1])["name"] == "Dr. Anna Jansen"


def test_door_lists_and_mail_merge_use_first_names_given_apart() -> None:
    names = {"r-1": "Maria José García López", "r-2": "Ana Bos", "r-3": "Jan Willem Abbink",
             "r-4": "Karel Zwart"}
    plan = renamed_day(names, {"r-1": "Maria José", "r-3": "Jan Willem"})
    opening = next(view for view in plan.everything if view.id == "opening")
    doors = door_list(opening)
    assert list(zip(doors["surname"], doors["first_name"], strict=True)) == [
        ("Abbink", "Jan Willem"), ("Bos", "Ana"), ("García López", "Maria José"),
        ("Zwart", "Karel")]
    assert mail_merge_row(plan, plan.instance.registrants[0])["first_name"] == "Maria José"
    # By the rules alone, "García" is a first name and the surname sorts under L.
    guessed = door_list(next(view for view in renamed_day(names).everything
                             if view.id == "opening"))
    assert list(guessed["surname"]) == ["Abbink", "Bos", "López", "Zwart"]


def printed_schema(kind: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["schema", kind])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def formats(node: Any) -> set[str]:
    """Every "format" keyword in a schema; a property named "format" maps to a schema,
    not to a string, so it is not counted."""
    if isinstance(node, list):
        return {f for item in node for f in formats(item)}
    if not isinstance(node, dict):
        return set()
    found = {node["format"]} if isinstance(node.get("format"), str) else set()
    return found.union(*(formats(value) for value in node.values()))


@pytest.mark.parametrize("kind", ["instance", "solution"])
def test_the_schema_names_its_dialect_and_no_offset_requiring_formats(kind: str) -> None:
    schema = printed_schema(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    # RFC 3339 "time" and "date-time" need a time zone offset; the tool's times have none.
    assert not formats(schema) & {"time", "date-time"}


def test_the_time_patterns_accept_the_examples_and_refuse_offsets() -> None:
    definitions = printed_schema("instance")["$defs"]
    clock = definitions["Round"]["properties"]["start"]["pattern"]
    stamp = next(option["pattern"] for option in
                 definitions["Registrant"]["properties"]["registered_at"]["anyOf"]
                 if "pattern" in option)
    instances = [json.loads(path.read_text(encoding="utf-8")) for path in EXAMPLE_INSTANCES]
    times = {r[end] for data in instances for r in data["rounds"] for end in ("start", "end")}
    stamps = {r["registered_at"] for data in instances for r in data["registrants"]
              if r.get("registered_at")}
    assert times and stamps
    assert [t for t in times | {"09:30", "09:30:00.5"} if not re.search(clock, t)] == []
    assert [s for s in stamps | {"2026-02-16 08:00", "2026-02-16T08:00:52Z",
                                 "2026-02-16T08:00:52+01:00", "2026-02-16"}
            if not re.search(stamp, s)] == []
    # Offsets are refused by the model for round times, so by the schema too.
    assert [t for t in ("09:30:00+01:00", "09:30Z", "9:30", "24:00") if re.search(clock, t)] == []


@pytest.mark.parametrize("path", EXAMPLE_INSTANCES + RERUN_SOLUTIONS, ids=lambda p: p.name)
def test_shipped_files_validate_with_format_checking(path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = printed_schema("solution" if path.name.endswith("-plan.json") else "instance")
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [error.message for error in validator.iter_errors(data)] == []
