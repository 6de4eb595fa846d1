"""The infeasibility explanation: on a day with exactly one way out, it names that way."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from click.testing import CliRunner
from hypothesis import event, given, settings
from strategies import small_instances
from test_diagnose import Data, day_data, registrant, room, speaker, workshop, write

from cli.main import cli
from scheduler.diagnose import Relaxation, explain, explain_infeasibility
from scheduler.diagnose.explain import relaxed_instance
from scheduler.model import Instance
from scheduler.solve import Status, solve


def relaxations(change: object) -> list[Relaxation]:
    data = day_data()
    change(data)  # type: ignore[operator]
    return explain_infeasibility(Instance.model_validate(data), time_limit=10)


def messages(found: list[Relaxation]) -> list[str]:
    return [r.message for r in found]


def test_feasible_day_needs_nothing() -> None:
    explanation = explain(Instance.model_validate(day_data()), time_limit=10)
    assert explanation.relaxations == []
    assert explanation.found and explanation.smallest


def test_speaker_unavailable_in_the_only_allowed_round() -> None:
    def change(data: Data) -> None:
        workshop(data, "W2", rounds=["r2"])
        speaker(data, "s2", unavailable=["r2"])

    found = relaxations(change)
    assert messages(found) == ["allow speaker 's2' in round 'r2'"]
    assert found[0].kind == "allow-speaker-round"
    assert found[0].subjects == {"speaker": ("s2",), "round": ("r2",)}


def test_room_two_seats_too_small() -> None:
    """Six registrants must attend W3, which needs room B (4 seats) and runs in r1."""

    def change(data: Data) -> None:
        workshop(data, "W3", max_size=None, features=["step-free"], rounds=["r1"])
        for n in range(1, 7):
            registrant(data, f"p{n}", pinned=[{"workshop": "W3"}])

    found = relaxations(change)
    assert messages(found) == [
        "add 2 seats to room 'B' in round 'r1' (for workshop 'W3': 6 registrants, the room "
        "holds 4)"
    ]
    assert (found[0].kind, found[0].before, found[0].after) == ("add-room-seats", 4, 6)


def test_workshop_maximum_one_too_low_for_its_pinned_registrants() -> None:
    """Five registrants pinned to W3 (at most 4); W3 fits room A (10 seats)."""

    def change(data: Data) -> None:
        workshop(data, "W3", rounds=["r1"])
        for n in range(1, 6):
            registrant(data, f"p{n}", pinned=[{"workshop": "W3"}],
                       registered_at=datetime(2025, 5, n).isoformat())

    # Cheapest: drop one pin, that of the latest registrant (full is full).
    assert messages(relaxations(change)) == [
        "drop the pin of registrant 'p5' to workshop 'W3'"
    ]


def test_pin_to_an_unavailable_room() -> None:
    def change(data: Data) -> None:
        workshop(data, "W1", pins=[{"round": "r1", "room": "B"}])
        room(data, "B", unavailable=["r1"])

    assert messages(relaxations(change)) == ["drop pin 1 of workshop 'W1' (round 'r1', room 'B')"]


def test_minimum_size_one_too_high() -> None:
    found = relaxations(lambda d: workshop(d, "W1", min_size=7))
    assert messages(found) == ["lower the minimum size of workshop 'W1' from 7 to 6"]
    assert (found[0].before, found[0].after) == (7, 6)


def test_lowering_a_minimum_size_comes_before_asking_for_a_room() -> None:
    # W1 may run only in r1, where room A (10 seats) is taken: B holds 4 of its 8.
    def change(data: Data) -> None:
        workshop(data, "W1", min_size=8, rounds=["r1"])
        room(data, "A", unavailable=["r1"])
        data["registrants"] += [{"id": f"q{n}", "ranked": ["W1"]} for n in range(4)]

    assert messages(relaxations(change)) == [
        "lower the minimum size of workshop 'W1' from 8 to 4"]


def test_registrant_pinned_to_a_workshop_whose_session_is_full() -> None:
    """W3 (at most 4) runs once, in r1; p1..p4 are pinned to it, and p5, who registered
    last, too."""

    def change(data: Data) -> None:
        workshop(data, "W3", rounds=["r1"])
        for n in range(1, 6):
            registrant(data, f"p{n}", pinned=[{"workshop": "W3", "round": "r1"}],
                       registered_at=datetime(2025, 5, 10 - n).isoformat())

    # p1 registered last here.
    assert messages(relaxations(change)) == [
        "drop the pin of registrant 'p1' to workshop 'W3' in round 'r1'"
    ]


def test_workshop_pinned_to_a_round_its_only_room_is_taken() -> None:
    """W3 needs room B, and W1 is pinned into B in r1: W3's pin to r1 cannot hold."""

    def change(data: Data) -> None:
        workshop(data, "W1", pins=[{"round": "r1", "room": "B"}])
        workshop(data, "W3", features=["step-free"], pins=[{"round": "r1"}])

    assert messages(relaxations(change)) in (
        ["drop pin 1 of workshop 'W1' (round 'r1', room 'B')"],
        ["drop pin 1 of workshop 'W3' (round 'r1')"],
    )


def test_one_speaker_for_three_workshops_in_two_rounds() -> None:
    """s1 leads W1, W2 and W3, which must all run, in rounds r1 and r2, and r3 where s1
    is away."""

    def change(data: Data) -> None:
        data["rounds"] = day_data()["rounds"] + [
            {"id": "r3", "day": "2025-06-02", "start": "13:00", "end": "14:00"}
        ]
        for w in ("W1", "W2", "W3"):
            workshop(data, w, speakers=["s1"])
        speaker(data, "s1", unavailable=["r3"])

    assert messages(relaxations(change)) == ["allow speaker 's1' in round 'r3'"]


def test_workshop_that_cannot_run_anywhere() -> None:
    found = relaxations(lambda d: workshop(d, "W3", features=["sink"]))
    assert messages(found) == [
        "lower the minimum number of sessions of workshop 'W3' from 1 to 0, so it need not run"
    ]


def test_plenary_room_too_small_and_speaker_away() -> None:
    def change(data: Data) -> None:
        room(data, "A", capacity=5)
        speaker(data, "s1", unavailable=["pl"])

    assert messages(relaxations(change)) == [
        "add 1 seat to room 'A' for plenary 'P' in round 'pl' (it holds 5, 6 are present)",
        "allow speaker 's1' in round 'pl' (plenary 'P')",
    ]


def test_several_relaxations_are_listed_in_a_fixed_order() -> None:
    def change(data: Data) -> None:
        workshop(data, "W1", min_size=7)
        workshop(data, "W2", rounds=["r2"])
        speaker(data, "s2", unavailable=["r2"])

    assert messages(relaxations(change)) == [
        "allow speaker 's2' in round 'r2'",
        "lower the minimum size of workshop 'W1' from 7 to 6",
    ]


# Every explanation is a way out: with the changes made, a plan exists.


@settings(max_examples=30, deadline=None)
@given(instance=small_instances())
def test_the_relaxed_instance_has_a_plan(instance: Instance) -> None:
    explanation = explain(instance, time_limit=10)
    assert explanation.found and explanation.smallest
    status = solve(instance, time_limit=10, workers=1, seed=0).status
    event(f"relaxations needed: {bool(explanation.relaxations)}")
    assert (status is Status.INFEASIBLE) == bool(explanation.relaxations)
    if explanation.relaxations:
        relaxed = relaxed_instance(instance, explanation.relaxations)
        assert solve(relaxed, time_limit=10, workers=1, seed=0).status is not Status.INFEASIBLE


# The commands.


def room_b_wanted_three_times(data: Data) -> None:
    """W1 and W2 need room B (step-free) and share speaker s1, so they fill B in r1 and
    r2; W3 is pinned to B in r1 as well. No single workshop is forced anywhere, so the
    cheap checks see nothing; dropping W3's pin (it fits room A) is the one way out."""
    workshop(data, "W1", features=["step-free"])
    workshop(data, "W2", speakers=["s1"], features=["step-free"])
    workshop(data, "W3", pins=[{"round": "r1", "room": "B"}])


def test_diagnose_explain_names_the_way_out(tmp_path: Path) -> None:
    path = write(tmp_path, room_b_wanted_three_times)
    result = CliRunner().invoke(cli, ["diagnose", "--explain", "--time-limit", "10", path])
    assert result.exit_code == 1
    assert result.output == (
        "0 errors, 0 warnings\n"
        "no plan exists\n"
        "the fewest changes that allow a plan:\n"
        "  - drop pin 1 of workshop 'W3' (round 'r1', room 'B')\n"
    )


def test_diagnose_explain_on_a_day_with_a_plan(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["diagnose", "--explain", write(tmp_path)])
    assert result.exit_code == 0
    assert result.output == "0 errors, 0 warnings\na plan exists\n"


def test_diagnose_explain_json(tmp_path: Path) -> None:
    path = write(tmp_path, lambda d: workshop(d, "W1", min_size=7))
    result = CliRunner().invoke(cli, ["diagnose", "--explain", "--json", path])
    assert result.exit_code == 1
    assert json.loads(result.output)["explanation"] == {
        "found": True,
        "smallest": True,
        "relaxations": [{
            "kind": "lower-min-size",
            "message": "lower the minimum size of workshop 'W1' from 7 to 6",
            "subjects": {"workshop": ["W1"]},
            "before": 7,
            "after": 6,
        }],
    }


def test_solve_explains_why_no_plan_exists(tmp_path: Path) -> None:
    path = write(tmp_path, room_b_wanted_three_times)
    result = CliRunner().invoke(
        cli, ["solve", path, "--out", str(tmp_path / "plan"), "--time-limit", "10",
              "--workers", "1", "--quiet"]
    )
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "error: no plan exists for this instance: the rules cannot all be met\n"
        "the fewest changes that allow a plan:\n"
        "  - drop pin 1 of workshop 'W3' (round 'r1', room 'B')\n"
    )
    assert not (tmp_path / "plan").exists()


def test_registrants_who_look_alike_are_counted_together() -> None:
    """1,200 registrants of two kinds (present all day, or only in r1), but with the same
    possible seats where it matters (W1, which runs only in r1 and needs 1,201)."""
    from scheduler.diagnose.relaxation_model import RelaxationModel

    data = day_data()
    room(data, "A", capacity=2_000)
    workshop(data, "W1", min_size=1_201, rounds=["r1"])
    data["registrants"] = [
        {"id": f"q{n}", "present": None if n % 2 else ["r1", "pl"]} for n in range(1_200)
    ]
    instance = Instance.model_validate(data)
    relax = RelaxationModel(instance)
    assert [crowd.size for crowd in relax.crowds] == [1_200]
    assert relax.vars.seat == {}
    assert messages(explain_infeasibility(instance, time_limit=10)) == [
        "lower the minimum size of workshop 'W1' from 1201 to 1200"
    ]
