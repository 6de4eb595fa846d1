"""Valid files, damaged at random, never give a traceback.

Each example takes a valid instance (a small random one, or the shipped congress day),
damages its JSON the way files get damaged (a key deleted, a value of the wrong type,
a negative number, an id used twice, a reference to an id that does not exist, the
text cut short, bytes flipped) and runs `solve`. Every outcome must be either a plan
that `check` accepts, or a clean exit: 2 with one error line and nothing written, or
1 or 3 with an error line (and the reasons no plan exists, where they are known).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from strategies import small_instances

from cli.main import cli
from scheduler.instance_io import dump_json
from scheduler.model import Instance

EXAMPLE = Path(__file__).parent.parent / "instances" / "examples" / "dag-van-weerbaar-bestuur.json"
BROKEN = Path(__file__).parent / "data" / "broken"

Location = tuple[int | str, ...]
STRUCTURAL = ["delete a key", "change a type", "make a number negative", "use an id twice",
              "point a reference nowhere"]
TEXTUAL = ["cut the text short", "flip bytes"]
ODD_VALUES = [None, True, 0, -1, 2.5, "", "x", [], {}, [1], {"id": 1}]


def nodes(data: Any, loc: Location = ()) -> list[tuple[Location, Any]]:
    """Every value below the top, with its location, in file order."""
    found: list[tuple[Location, Any]] = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(
        data, list) else []
    for key, value in items:
        found.append(((*loc, key), value))
        found.extend(nodes(value, (*loc, key)))
    return found


def parent_of(data: Any, loc: Location) -> Any:
    for key in loc[:-1]:
        data = data[key]
    return data


@st.composite
def damaged(draw: st.DrawFn, text: str) -> tuple[str, bytes]:
    """One or two kinds of damage done to the JSON `text`; returns what was done and the
    bytes."""
    kind = draw(st.sampled_from(STRUCTURAL + TEXTUAL))
    raw = text.encode("utf-8")
    if kind == "cut the text short":
        return kind, raw[: draw(st.integers(0, len(raw) - 1))]
    if kind == "flip bytes":
        flipped = bytearray(raw)
        for _ in range(draw(st.integers(1, 3))):
            flipped[draw(st.integers(0, len(raw) - 1))] ^= draw(st.integers(1, 255))
        return kind, bytes(flipped)
    data = json.loads(text)
    done = [kind]
    _damage(draw, data, kind)
    if draw(st.booleans()):
        second = draw(st.sampled_from(STRUCTURAL))
        _damage(draw, data, second)
        done.append(second)
    return " + ".join(done), json.dumps(data, indent=1).encode("utf-8")


def _damage(draw: st.DrawFn, data: dict[str, Any], kind: str) -> None:
    everything = nodes(data)
    if kind == "delete a key":
        loc, _ = draw(st.sampled_from(everything))
        del parent_of(data, loc)[loc[-1]]
    elif kind == "change a type":
        loc, value = draw(st.sampled_from(everything))
        odd = [v for v in ODD_VALUES if type(v) is not type(value)]
        parent_of(data, loc)[loc[-1]] = draw(st.sampled_from(odd))
    elif kind == "make a number negative":
        numbers = [(loc, v) for loc, v in everything
                   if isinstance(v, int | float) and not isinstance(v, bool)]
        loc, value = draw(st.sampled_from(numbers or everything))
        parent_of(data, loc)[loc[-1]] = -abs(value) if numbers else -1
    elif kind == "use an id twice":
        lists = [v for _, v in everything
                 if isinstance(v, list) and any(isinstance(i, dict) and "id" in i for i in v)]
        if lists:
            chosen = draw(st.sampled_from(lists))
            items = [i for i in chosen if isinstance(i, dict)]
            twin = draw(st.sampled_from(items))
            others = [i for i in items if i is not twin]
            if others and draw(st.booleans()):
                draw(st.sampled_from(others))["id"] = twin.get("id")
            else:
                chosen.append(json.loads(json.dumps(twin)))
    elif kind == "point a reference nowhere":
        ids = {v["id"] for _, v in everything
               if isinstance(v, dict) and isinstance(v.get("id"), str)}
        references = [loc for loc, v in everything
                      if isinstance(v, str) and v in ids and loc[-1] != "id"]
        if references:
            loc = draw(st.sampled_from(references))
            parent_of(data, loc)[loc[-1]] = "nowhere-" + str(parent_of(data, loc)[loc[-1]])


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def assert_clean_outcome(instance_bytes: bytes, folder: Path) -> int:
    """Solve the damaged file: a checked plan, or one clean error line. Returns the code."""
    path = folder / "instance.json"
    path.write_bytes(instance_bytes)
    out = folder / "plan"
    result = run("solve", path, "--out", out, "--time-limit", 2, "--workers", 1, "--quiet")
    assert result.exit_code in (0, 1, 2, 3), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception))
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        checked = run("check", path, out / "solution.json")
        assert checked.exit_code == 0, checked.output
    elif result.exit_code == 2:
        # Bad input: one line, and nothing written.
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
        assert not out.exists()
    else:
        # No plan: an error line, which the reasons found (and the changes that would
        # allow a plan) may surround.
        errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
        assert errors, result.stderr
    return result.exit_code


FAST = settings(max_examples=50, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FAST
@given(st.data(), small_instances())
def test_damaged_small_instances_give_a_checked_plan_or_a_clean_error(
    data: st.DataObject, instance: Instance
) -> None:
    kind, damaged_bytes = data.draw(damaged(dump_json(instance)))
    with tempfile.TemporaryDirectory() as folder:
        code = assert_clean_outcome(damaged_bytes, Path(folder))
    event(f"{kind}: exit {code}")


EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_example_day_gives_a_checked_plan_or_a_clean_error(data: st.DataObject) -> None:
    kind, damaged_bytes = data.draw(damaged(EXAMPLE_TEXT))
    with tempfile.TemporaryDirectory() as folder:
        code = assert_clean_outcome(damaged_bytes, Path(folder))
    event(f"{kind}: exit {code}")


VALID_INSTANCE = BROKEN / "valid-instance.json"
VALID_SOLUTION_TEXT = (BROKEN / "valid-solution.json").read_text(encoding="utf-8")


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_check_on_a_damaged_solution_gives_a_verdict_or_a_clean_error(
    data: st.DataObject,
) -> None:
    kind, damaged_bytes = data.draw(damaged(VALID_SOLUTION_TEXT))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "solution.json"
        path.write_bytes(damaged_bytes)
        result = run("check", VALID_INSTANCE, path)
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception))
    if result.exit_code == 2:
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    event(f"{kind}: exit {result.exit_code}")
