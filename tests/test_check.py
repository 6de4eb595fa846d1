"""The independent checker: a valid plan passes, each broken rule is named precisely."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import CliRunner

from cli.check import check_command
from scheduler.check import Evaluation, Violation, check, evaluate
from scheduler.model import Instance
from scheduler.solution import Solution

Data = dict[str, Any]


def by_id(items: list[Data], item_id: str) -> Data:
    return next(item for item in items if item["id"] == item_id)


def tiny_data() -> Data:
    """One day: rounds r1 and r2 for workshops, then round pl for plenary P in room A.

    Rooms: A (5 seats, projector, step-free), B (2 seats, step-free).
    Workshops: W1 (speaker s1, needs a projector, up to two sessions), W2 (speaker s2,
    for staff and guests), W3 (speaker s2, pinned to round r2 in room B).
    Registrants, each present everywhere unless said otherwise:

    - r1 ranks W1, W2, W3;
    - r2 (staff) ranks W2 and W3 equal first, then W1;
    - r3 chooses per round: W1 in r1; W3, then W1 in r2; needs step-free rooms;
    - r4 (guest) is present only in r1 and pl, with no preferences;
    - r5 ranks only W2 and wants one workshop.
    """
    return {
        "name": "tiny",
        "rounds": [
            {"id": "r1", "day": "2025-06-02", "start": "09:00", "end": "10:00"},
            {"id": "r2", "day": "2025-06-02", "start": "10:30", "end": "11:30"},
            {"id": "pl", "day": "2025-06-02", "start": "12:00", "end": "13:00"},
        ],
        "rooms": [
            {"id": "A", "capacity": 5, "features": ["projector", "step-free"]},
            {"id": "B", "capacity": 2, "features": ["step-free"]},
        ],
        "speakers": [{"id": "s1", "name": "Ada Speaker"}, {"id": "s2"}],
        "workshops": [
            {"id": "W1", "speakers": ["s1"], "features": ["projector"], "max_sessions": 2},
            {"id": "W2", "speakers": ["s2"], "audiences": ["staff", "guest"]},
            {"id": "W3", "speakers": ["s2"], "pins": [{"round": "r2", "room": "B"}]},
        ],
        "plenaries": [{"id": "P", "round": "pl", "room": "A", "speakers": ["s1"]}],
        "registrants": [
            {
                "id": "r1",
                "name": "Rosa Secret",
                "email": "rosa@example.org",
                "ranked": ["W1", "W2", "W3"],
            },
            {"id": "r2", "audiences": ["staff"], "ranked": [["W2", "W3"], "W1"]},
            {"id": "r3", "needs": ["step-free"], "per_round": {"r1": ["W1"], "r2": ["W3", "W1"]}},
            {"id": "r4", "audiences": ["guest"], "present": ["r1", "pl"]},
            {"id": "r5", "ranked": ["W2"], "wanted": 1},
        ],
    }


def tiny_solution_data() -> Data:
    """A valid plan for `tiny_data`; r5 is left without a seat."""
    return {
        "instance": "tiny",
        "sessions": [
            {"id": "W1-1", "workshop": "W1", "room": "A", "rounds": ["r1"]},
            {"id": "W2-1", "workshop": "W2", "room": "B", "rounds": ["r1"]},
            {"id": "W1-2", "workshop": "W1", "room": "A", "rounds": ["r2"]},
            {"id": "W3-1", "workshop": "W3", "room": "B", "rounds": ["r2"]},
        ],
        "assignments": [
            {"registrant": "r1", "session": "W1-1"},
            {"registrant": "r1", "session": "W3-1"},
            {"registrant": "r2", "session": "W2-1"},
            {"registrant": "r2", "session": "W1-2"},
            {"registrant": "r3", "session": "W1-1"},
            {"registrant": "r3", "session": "W3-1"},
            {"registrant": "r4", "session": "W2-1"},
        ],
    }


def violations(
    change_instance: Callable[[Data], object] | None = None,
    change_solution: Callable[[Data], object] | None = None,
) -> list[Violation]:
    """Check the tiny plan after changing its instance and/or solution data in place."""
    instance_data, solution_data = tiny_data(), tiny_solution_data()
    if change_instance:
        change_instance(instance_data)
    if change_solution:
        change_solution(solution_data)
    return check(Instance.model_validate(instance_data), Solution.model_validate(solution_data))


def messages(found: list[Violation], rule: str) -> list[str]:
    return [v.message for v in found if v.rule == rule]


def set_session(data: Data, session_id: str, **fields: Any) -> None:
    by_id(data["sessions"], session_id).update(fields)


def move(data: Data, registrant: str, old: str, new: str) -> None:
    for a in data["assignments"]:
        if a["registrant"] == registrant and a["session"] == old:
            a["session"] = new


@pytest.fixture
def tiny() -> Instance:
    """The tiny instance of `tiny_data`."""
    return Instance.model_validate(tiny_data())


@pytest.fixture
def tiny_solution() -> Solution:
    """The valid plan of `tiny_solution_data`."""
    return Solution.model_validate(tiny_solution_data())


# A valid plan.


def test_valid_plan_has_no_violations(tiny: Instance, tiny_solution: Solution) -> None:
    assert check(tiny, tiny_solution) == []


def test_evaluation_of_valid_plan(tiny: Instance, tiny_solution: Solution) -> None:
    # Seats: r1 W1 (1st) W3 (3rd); r2 W2 (1st) W1 (2nd); r3 W1 and W3 (1st for their
    # rounds); r4 W2 (unchosen); r5 nothing (one empty seat). Costs 0, 1, 3, 100.
    # Empty seat cost: worst seat 100 * 8 wanted seats + 1 = 801.
    assert evaluate(tiny, tiny_solution) == Evaluation(
        registrants=5,
        wanted_seats=8,
        filled_seats=7,
        empty_seats=1,
        placed=4,
        rank_histogram={"1": 4, "2": 1, "3": 1, "unchosen": 1, "empty": 1},
        profile=[4, 1, 1],
        seat_cost=104,
        objective=905,
        worst_off=["r5"],
    )


def test_worst_off_without_empty_seats_is_the_worst_seat(tiny: Instance) -> None:
    data = tiny_solution_data()
    data["assignments"].append({"registrant": "r5", "session": "W1-2"})
    evaluation = evaluate(tiny, Solution.model_validate(data))
    assert evaluation.empty_seats == 0
    assert evaluation.objective == 204
    # r4 and r5 both sit in a workshop they did not choose.
    assert evaluation.worst_off == ["r4", "r5"]


def test_to_dict_is_json_ready(tiny: Instance, tiny_solution: Solution) -> None:
    as_dict = evaluate(tiny, tiny_solution).to_dict()
    assert json.loads(json.dumps(as_dict)) == as_dict
    assert list(as_dict["rank_histogram"]) == ["1", "2", "3", "unchosen", "empty"]


def test_order_of_assignments_changes_nothing(tiny: Instance) -> None:
    data = tiny_solution_data()
    data["assignments"].reverse()
    data["sessions"].reverse()
    assert check(tiny, Solution.model_validate(data)) == []
    assert evaluate(tiny, Solution.model_validate(data)) == evaluate(
        tiny, Solution.model_validate(tiny_solution_data())
    )


def test_checker_imports_no_solver() -> None:
    code = (
        "import sys, scheduler.check, cli.check; "
        "bad = [m for m in sys.modules if m.startswith(('ortools', 'scheduler.solve', "
        "'scheduler.constraints', 'scheduler.variables', 'scheduler.objectives'))]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_violation_prints_its_message() -> None:
    assert str(Violation("audience", "registrant 'r1' ...")) == "registrant 'r1' ..."


# References in the solution.


def test_unknown_ids() -> None:
    def change(s: Data) -> None:
        s["sessions"].append({"id": "X-1", "workshop": "W9", "room": "Z", "rounds": ["r9"]})
        s["assignments"] += [
            {"registrant": "r99", "session": "W1-1"},
            {"registrant": "r5", "session": "nowhere"},
        ]

    assert violations(change_solution=change) == [
        Violation("unknown-workshop", "session 'X-1' names unknown workshop 'W9'"),
        Violation("unknown-room", "session 'X-1' names unknown room 'Z'"),
        Violation("unknown-round", "session 'X-1' names unknown round 'r9'"),
        Violation("unknown-registrant", "assignment 8 names unknown registrant 'r99'"),
        Violation("unknown-session", "assignment 9 names unknown session 'nowhere'"),
    ]


def test_repeated_session_id_and_assignment() -> None:
    def change(s: Data) -> None:
        s["sessions"].append({"id": "W3-1", "workshop": "W3", "room": "A", "rounds": ["r1"]})
        s["assignments"].append({"registrant": "r1", "session": "W1-1"})

    assert violations(change_solution=change) == [
        Violation("duplicate-session", "session id 'W3-1' is used 2 times"),
        Violation("duplicate-assignment", "registrant 'r1' is assigned to session 'W1-1' 2 times"),
    ]


# Rule 1: sessions and rounds.


def test_too_few_sessions() -> None:
    def change(i: Data) -> None:
        by_id(i["workshops"], "W2").update(min_sessions=2, max_sessions=2)

    assert violations(change) == [
        Violation("session-count", "workshop 'W2' has 1 session but needs at least 2")
    ]


def test_too_many_sessions() -> None:
    def change(i: Data) -> None:
        by_id(i["workshops"], "W1")["max_sessions"] = 1

    assert violations(change) == [
        Violation("session-count", "workshop 'W1' has 2 sessions but allows at most 1")
    ]


def test_session_shorter_than_duration() -> None:
    def change(i: Data) -> None:
        by_id(i["workshops"], "W3")["duration"] = 2

    assert violations(change) == [
        Violation(
            "session-rounds",
            "session 'W3-1' of workshop 'W3' runs in rounds 'r2' but must run in 'r2' and 'pl'",
        )
    ]


def test_session_rounds_not_consecutive() -> None:
    def change_instance(i: Data) -> None:
        by_id(i["workshops"], "W1")["duration"] = 2
        by_id(i["workshops"], "W1")["max_sessions"] = 1

    def change_solution(s: Data) -> None:
        s["sessions"] = [x for x in s["sessions"] if x["id"] != "W1-2"]
        set_session(s, "W1-1", rounds=["r1", "pl"])
        s["assignments"] = [a for a in s["assignments"] if a["session"] != "W1-2"]

    assert messages(violations(change_instance, change_solution), "session-rounds") == [
        "session 'W1-1' of workshop 'W1' runs in rounds 'r1' and 'pl' but must run in 'r1' and 'r2'"
    ]


def test_two_round_session_is_valid() -> None:
    # W1 now fills r1 and r2 in room A; for r1 and r3, who want a seat per round, it
    # fills both rounds, so only the seat nobody was given stays empty.
    def change_instance(i: Data) -> None:
        by_id(i["workshops"], "W1").update(duration=2, max_sessions=1)

    def change_solution(s: Data) -> None:
        s["sessions"] = [x for x in s["sessions"] if x["id"] != "W1-2"]
        set_session(s, "W1-1", rounds=["r1", "r2"])
        s["assignments"] = [
            {"registrant": "r1", "session": "W1-1"},
            {"registrant": "r2", "session": "W2-1"},
            {"registrant": "r2", "session": "W3-1"},
            {"registrant": "r3", "session": "W1-1"},
            {"registrant": "r4", "session": "W2-1"},
        ]

    instance_data, solution_data = tiny_data(), tiny_solution_data()
    change_instance(instance_data)
    change_solution(solution_data)
    instance = Instance.model_validate(instance_data)
    solution = Solution.model_validate(solution_data)
    assert check(instance, solution) == []
    evaluation = evaluate(instance, solution)
    assert (evaluation.filled_seats, evaluation.empty_seats) == (7, 1)


def test_session_past_the_end_of_its_day() -> None:
    def change_instance(i: Data) -> None:
        i["rounds"].append({"id": "d2", "day": "2025-06-03", "start": "09:00", "end": "10:00"})
        by_id(i["workshops"], "W2")["duration"] = 2

    def change_solution(s: Data) -> None:
        set_session(s, "W2-1", rounds=["d2"])

    assert messages(violations(change_instance, change_solution), "session-rounds") == [
        "session 'W2-1' of workshop 'W2' starts in round 'd2', "
        "but fewer than 2 rounds follow on that day"
    ]


def test_start_round_not_allowed() -> None:
    def change(i: Data) -> None:
        by_id(i["workshops"], "W3")["rounds"] = ["r1"]

    assert violations(change) == [
        Violation(
            "start-round",
            "session 'W3-1' starts in round 'r2', but workshop 'W3' may start only in 'r1'",
        )
    ]


def test_session_in_plenary_round() -> None:
    def change(s: Data) -> None:
        set_session(s, "W3-1", rounds=["pl"])

    found = violations(change_solution=change)
    assert messages(found, "session-in-plenary-round") == [
        "session 'W3-1' runs in round 'pl', which holds plenary 'P'"
    ]
    assert messages(found, "registrant-in-plenary-round") == [
        "registrant 'r1' is in session 'W3-1' in round 'pl', when they attend plenary 'P'",
        "registrant 'r3' is in session 'W3-1' in round 'pl', when they attend plenary 'P'",
    ]


def test_two_sessions_of_a_workshop_in_one_round() -> None:
    def change(s: Data) -> None:
        set_session(s, "W1-2", rounds=["r1"], room="B")
        set_session(s, "W2-1", rounds=["r2"], room="A")

    found = violations(change_solution=change)
    assert messages(found, "workshop-overlap") == [
        "workshop 'W1' has sessions 'W1-1' and 'W1-2' in round 'r1'"
    ]


# Rule 2: rooms.


def test_room_double_booked() -> None:
    def change(s: Data) -> None:
        set_session(s, "W2-1", room="A")

    assert messages(violations(change_solution=change), "room-double-booked") == [
        "room 'A' holds sessions 'W1-1' and 'W2-1' in round 'r1'"
    ]


def test_room_shared_with_plenary() -> None:
    def change_instance(i: Data) -> None:
        by_id(i["rooms"], "B")["capacity"] = 5

    def change_solution(s: Data) -> None:
        set_session(s, "W2-1", room="A", rounds=["pl"])

    assert messages(violations(change_instance, change_solution), "room-double-booked") == [
        "room 'A' holds plenary 'P' and session 'W2-1' in round 'pl'"
    ]


def test_session_in_unavailable_room_round() -> None:
    def change(i: Data) -> None:
        by_id(i["rooms"], "B")["unavailable"] = ["r2"]

    assert violations(change) == [
        Violation(
            "room-unavailable",
            "session 'W3-1' uses room 'B' in round 'r2', when the room is unavailable",
        )
    ]


def test_missing_room_features() -> None:
    def change(i: Data) -> None:
        by_id(i["workshops"], "W3")["features"] = ["projector", "piano"]

    assert violations(change) == [
        Violation(
            "room-features",
            "session 'W3-1' of workshop 'W3' needs features 'projector' and 'piano', "
            "which room 'B' lacks",
        )
    ]


# Rule 3: speakers.


def test_speaker_in_two_places() -> None:
    def change(i: Data) -> None:
        by_id(i["workshops"], "W3")["speakers"] = ["s1"]

    assert violations(change) == [
        Violation(
            "speaker-double-booked", "speaker 's1' is in sessions 'W1-2' and 'W3-1' in round 'r2'"
        )
    ]


def test_speaker_in_session_and_plenary() -> None:
    def change_instance(i: Data) -> None:
        by_id(i["rooms"], "B")["capacity"] = 5

    def change_solution(s: Data) -> None:
        set_session(s, "W1-2", room="B", rounds=["pl"])
        set_session(s, "W3-1", room="A")

    assert messages(violations(change_instance, change_solution), "speaker-double-booked") == [
        "speaker 's1' is in plenary 'P' and session 'W1-2' in round 'pl'"
    ]


def test_speaker_unavailable() -> None:
    def change(i: Data) -> None:
        by_id(i["speakers"], "s2")["unavailable"] = ["r1"]
        by_id(i["speakers"], "s1")["unavailable"] = ["pl"]

    assert violations(change) == [
        Violation(
            "speaker-unavailable",
            "speaker 's1' speaks at plenary 'P' in round 'pl', when they are unavailable",
        ),
        Violation(
            "speaker-unavailable",
            "speaker 's2' leads session 'W2-1' in round 'r1', when they are unavailable",
        ),
    ]


# Rule 4: registrants.


def test_registrant_in_two_sessions_in_one_round() -> None:
    def change(s: Data) -> None:
        move(s, "r1", "W3-1", "W2-1")

    found = violations(change_solution=change)
    assert messages(found, "registrant-double-booked") == [
        "registrant 'r1' is in sessions 'W1-1' and 'W2-1' in round 'r1'"
    ]


def test_registrant_absent() -> None:
    def change(s: Data) -> None:
        move(s, "r4", "W2-1", "W1-2")

    assert violations(change_solution=change) == [
        Violation(
            "registrant-absent",
            "registrant 'r4' is in session 'W1-2' in round 'r2', when they are not present",
        )
    ]


def test_workshop_attended_twice() -> None:
    def change(s: Data) -> None:
        move(s, "r2", "W2-1", "W1-1")

    assert violations(change_solution=change) == [
        Violation(
            "workshop-repeated",
            "registrant 'r2' attends workshop 'W1' 2 times: sessions 'W1-1' and 'W1-2'",
        )
    ]


def test_audience_mismatch() -> None:
    def change(i: Data) -> None:
        by_id(i["workshops"], "W2")["audiences"] = ["staff"]

    assert violations(change) == [
        Violation(
            "audience",
            "registrant 'r4' is in session 'W2-1', but workshop 'W2' is open only to "
            "audience 'staff'",
        )
    ]


def test_needs_mismatch() -> None:
    def change(i: Data) -> None:
        by_id(i["rooms"], "B")["features"] = []

    assert violations(change) == [
        Violation(
            "registrant-needs",
            "registrant 'r3' is in session 'W3-1' in room 'B', which lacks needed feature "
            "'step-free'",
        )
    ]


def test_more_seats_than_wanted() -> None:
    def change(i: Data) -> None:
        by_id(i["registrants"], "r1")["wanted"] = 1

    assert violations(change) == [
        Violation("too-many-seats", "registrant 'r1' has 2 seats but wants at most 1")
    ]


def test_per_round_seat_in_round_without_choices() -> None:
    def change(i: Data) -> None:
        by_id(i["registrants"], "r3")["per_round"] = {"r1": ["W1"], "r2": []}

    found = violations(change)
    assert messages(found, "unwanted-round") == [
        "registrant 'r3' is in session 'W3-1', which starts in round 'r2', "
        "a round they chose no workshop for"
    ]
    # A seat in an unlisted round fills no wanted seat, so it is not one too many.
    assert [v.rule for v in found] == ["unwanted-round"]


def test_pinned_registrant() -> None:
    def change(i: Data) -> None:
        by_id(i["registrants"], "r2")["pinned"] = [
            {"workshop": "W1", "round": "r1"},
            {"workshop": "W3"},
            {"workshop": "W2", "round": "r1"},
        ]

    assert violations(change) == [
        Violation(
            "registrant-pin",
            "registrant 'r2' is pinned to workshop 'W1' in round 'r1' but attends it in "
            "session 'W1-2' (from 'r2')",
        ),
        Violation(
            "registrant-pin", "registrant 'r2' is pinned to workshop 'W3' but does not attend it"
        ),
    ]


def test_unchosen_seat_when_not_allowed() -> None:
    def change(i: Data) -> None:
        i["settings"] = {"place_unchosen": False}

    assert violations(change) == [
        Violation(
            "unchosen-seat",
            "registrant 'r4' is in session 'W2-1', but did not choose workshop 'W2'",
        )
    ]


def test_per_round_choice_counts_only_in_its_round() -> None:
    # r3 chose both W1 and W3, each for the round the other runs in.
    def change(i: Data) -> None:
        i["settings"] = {"place_unchosen": False}
        by_id(i["registrants"], "r4")["ranked"] = ["W2"]
        by_id(i["registrants"], "r3")["per_round"] = {"r1": ["W3"], "r2": ["W1"]}

    assert messages(violations(change), "unchosen-seat") == [
        "registrant 'r3' is in session 'W1-1', but did not choose workshop 'W1' for round 'r1'",
        "registrant 'r3' is in session 'W3-1', but did not choose workshop 'W3' for round 'r2'",
    ]


# Rule 5: session sizes.


def test_over_full_session() -> None:
    def change(i: Data) -> None:
        by_id(i["rooms"], "B")["capacity"] = 1

    assert violations(change) == [
        Violation("session-over-capacity", "session 'W2-1' has 2 registrants but room 'B' holds 1"),
        Violation("session-over-capacity", "session 'W3-1' has 2 registrants but room 'B' holds 1"),
    ]


def test_session_over_workshop_max_size() -> None:
    def change(i: Data) -> None:
        by_id(i["workshops"], "W1")["max_size"] = 1

    assert violations(change) == [
        Violation(
            "session-over-max-size",
            "session 'W1-1' has 2 registrants but workshop 'W1' takes at most 1",
        )
    ]


def test_under_min_session() -> None:
    def change(i: Data) -> None:
        by_id(i["workshops"], "W1")["min_size"] = 2

    assert violations(change) == [
        Violation(
            "session-under-min-size",
            "session 'W1-2' has 1 registrant but workshop 'W1' needs at least 2",
        )
    ]


# Workshop pins.


def test_pin_met_by_no_session() -> None:
    def change(i: Data) -> None:
        by_id(i["workshops"], "W3")["pins"] = [{"round": "r1"}]

    assert violations(change) == [
        Violation("workshop-pin", "workshop 'W3': pin 1 (round 'r1') is met by no session")
    ]


def test_two_pins_never_share_a_session() -> None:
    def change(i: Data) -> None:
        by_id(i["workshops"], "W1")["pins"] = [{"round": "r1"}, {"round": "r1", "room": "A"}]

    assert violations(change) == [
        Violation(
            "workshop-pin",
            "workshop 'W1': pin 2 (round 'r1', room 'A') is met only by session 'W1-1', "
            "which another pin already takes",
        )
    ]


def test_pin_matching_looks_past_the_first_fit() -> None:
    # Pin 1 fits both sessions; a greedy pick of W1-1 would leave pin 2 unmet.
    def change(i: Data) -> None:
        by_id(i["workshops"], "W1")["pins"] = [{"room": "A"}, {"round": "r1"}]

    assert violations(change) == []


# Plenaries.


def test_plenary_room_too_small() -> None:
    def change(i: Data) -> None:
        by_id(i["rooms"], "A")["capacity"] = 4

    assert violations(change) == [
        Violation(
            "plenary-capacity",
            "plenary 'P' is in room 'A', which holds 4, but 5 registrants are present "
            "in round 'pl'",
        )
    ]


def test_violations_come_in_a_fixed_order() -> None:
    def change(s: Data) -> None:
        for session in s["sessions"]:
            session["room"] = "B"
        s["assignments"].reverse()

    first = violations(change_solution=change)
    assert len(first) > 3
    assert violations(change_solution=change) == first


# The command.


@pytest.fixture
def files(tmp_path: Any) -> Callable[..., tuple[str, str]]:
    """Write the tiny instance and a solution (valid unless changed) to JSON files."""

    def write(change_solution: Callable[[Data], object] | None = None) -> tuple[str, str]:
        solution = tiny_solution_data()
        if change_solution:
            change_solution(solution)
        instance_path, solution_path = tmp_path / "instance.json", tmp_path / "solution.json"
        instance_path.write_text(json.dumps(tiny_data()))
        solution_path.write_text(json.dumps(solution))
        return str(instance_path), str(solution_path)

    return write


def test_command_valid(files: Callable[..., tuple[str, str]]) -> None:
    result = CliRunner().invoke(check_command, list(files()))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "valid"
    assert "registrants: 5 (4 with every wanted seat)" in result.stdout
    assert "ranks: 1: 4, 2: 1, 3: 1, unchosen: 1, empty: 1" in result.stdout
    assert "objective: 905 (seat cost 104)" in result.stdout
    assert "Rosa" not in result.output and "@" not in result.output


def test_command_invalid(files: Callable[..., tuple[str, str]]) -> None:
    def change(s: Data) -> None:
        move(s, "r2", "W2-1", "W1-1")
        s["assignments"].append({"registrant": "r1", "session": "W2-1"})

    result = CliRunner().invoke(check_command, list(files(change)))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "registrant-double-booked: registrant 'r1' is in sessions 'W1-1' and 'W2-1' in round 'r1'",
        "workshop-repeated: registrant 'r2' attends workshop 'W1' 2 times: sessions 'W1-1' "
        "and 'W1-2'",
        "audience: registrant 'r1' is in session 'W2-1', but workshop 'W2' is open only to "
        "audiences 'staff' and 'guest'",
        "too-many-seats: registrant 'r1' has 3 seats but wants at most 2",
    ]


def test_command_json(files: Callable[..., tuple[str, str]]) -> None:
    def change(s: Data) -> None:
        move(s, "r2", "W2-1", "W1-1")

    result = CliRunner().invoke(check_command, [*files(change), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert report["violations"] == [
        {
            "rule": "workshop-repeated",
            "message": "registrant 'r2' attends workshop 'W1' 2 times: sessions 'W1-1' and 'W1-2'",
        }
    ]
    assert report["evaluation"]["registrants"] == 5


def test_command_json_valid(files: Callable[..., tuple[str, str]]) -> None:
    result = CliRunner().invoke(check_command, [*files(), "--json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report == {"valid": True, "violations": [], "evaluation": report["evaluation"]}
    assert report["evaluation"]["objective"] == 905
    assert report["evaluation"]["worst_off"] == ["r5"]


def test_command_missing_file(files: Callable[..., tuple[str, str]], tmp_path: Any) -> None:
    instance, _ = files()
    missing = str(tmp_path / "nope.json")
    result = CliRunner().invoke(check_command, [instance, missing])
    assert result.exit_code == 2
    assert result.stderr == (f"error: {missing}: the plan file does not exist; name a plan "
                             "folder written by `solve`, or its solution.json\n")
    assert result.stdout == ""


def test_command_invalid_json(files: Callable[..., tuple[str, str]], tmp_path: Any) -> None:
    _, solution = files()
    broken = tmp_path / "broken.json"
    broken.write_text('{"rounds": [')
    result = CliRunner().invoke(check_command, [str(broken), solution])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {broken}: line 1, column 13: invalid JSON")
    assert len(result.stderr.splitlines()) == 1


def test_command_invalid_solution(files: Callable[..., tuple[str, str]]) -> None:
    instance, solution = files(lambda s: s["sessions"][0].pop("room"))
    result = CliRunner().invoke(check_command, [instance, solution])
    assert result.exit_code == 2
    assert "sessions[0] (id 'W1-1'): required field 'room' is missing" in result.stderr
