"""The instance model: what it accepts, what it refuses and with which message, and the
lookups the solver and the checker share."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Any

import pytest
from conftest import NEXT_DAY, build, hourly_rounds, rooms
from pydantic import ValidationError

from scheduler.model import Instance, Registrant, Settings, triangular_rank_cost

Data = dict[str, Any]


def valid_data() -> Data:
    """Two rounds, one room, speaker s1 leading W1; W2 too; registrant p1 ranks both."""
    return {
        "rounds": hourly_rounds("T1", "T2"),
        "rooms": rooms(A=5),
        "speakers": [{"id": "s1"}],
        "workshops": [{"id": "W1", "speakers": ["s1"]}, {"id": "W2"}],
        "plenaries": [],
        "registrants": [{"id": "p1", "ranked": ["W1", "W2"]}],
    }


def problems(change: Callable[[Data], object]) -> list[str]:
    """The messages validation gives after `change` edits the valid data in place."""
    data = valid_data()
    change(data)
    with pytest.raises(ValidationError) as raised:
        Instance.model_validate(data)
    return [e["msg"].removeprefix("Value error, ") for e in raised.value.errors()]


def test_valid_data_is_valid() -> None:
    instance = Instance.model_validate(valid_data())
    assert instance.format == "workshop-scheduler/instance"
    assert instance.version == 1


def first(items: list[Data]) -> Data:
    return items[0]


INVALID: list[tuple[str, Callable[[Data], object], str]] = [
    # Ids name things; the same id twice makes every reference ambiguous.
    ("duplicate round", lambda d: d["rounds"].append({**d["rounds"][0], "day": NEXT_DAY}),
     "round id 'T1' is used 2 times"),
    ("duplicate workshop", lambda d: d["workshops"].append({"id": "W1"}),
     "workshop id 'W1' is used 2 times"),
    ("duplicate registrant", lambda d: d["registrants"].append({"id": "p1"}),
     "registrant id 'p1' is used 2 times"),
    # Unknown references, each naming the owner, the field and the missing id.
    ("unknown workshop in ranking", lambda d: first(d["registrants"]).update(ranked=["W1", "W9"]),
     "registrant 'p1': preference 2 names unknown workshop 'W9'"),
    ("unknown workshop in a tie",
     lambda d: first(d["registrants"]).update(ranked=[["W1", "W9"]]),
     "registrant 'p1': preference 1 names unknown workshop 'W9'"),
    ("unknown speaker", lambda d: first(d["workshops"]).update(speakers=["s9"]),
     "workshop 'W1': speakers names unknown speaker 's9'"),
    ("unknown allowed round", lambda d: first(d["workshops"]).update(rounds=["T9"]),
     "workshop 'W1': rounds names unknown round 'T9'"),
    ("unknown pinned room", lambda d: first(d["workshops"]).update(pins=[{"room": "Z"}]),
     "workshop 'W1': pin 1 names unknown room 'Z'"),
    ("unknown room round", lambda d: first(d["rooms"]).update(unavailable=["T9"]),
     "room 'A': unavailable names unknown round 'T9'"),
    ("unknown present round", lambda d: first(d["registrants"]).update(present=["T9"]),
     "registrant 'p1': present names unknown round 'T9'"),
    ("unknown pinned workshop",
     lambda d: first(d["registrants"]).update(pinned=[{"workshop": "W9"}]),
     "registrant 'p1': pinned assignment 1 names unknown workshop 'W9'"),
    ("unknown per-round round",
     lambda d: first(d["registrants"]).update(ranked=None, per_round={"T9": ["W1"]}),
     "registrant 'p1': per_round names unknown round 'T9'"),
    ("unknown per-round workshop",
     lambda d: first(d["registrants"]).update(ranked=None, per_round={"T1": ["W1", "W9"]}),
     "registrant 'p1': choice 2 for round 'T1' names unknown workshop 'W9'"),
    ("unknown plenary room",
     lambda d: d["plenaries"].append({"id": "P", "round": "T1", "room": "Z"}),
     "plenary 'P': room names unknown room 'Z'"),
    # Two plenaries cannot share a round: everyone attends each.
    ("plenaries in one round",
     lambda d: d["plenaries"].extend([{"id": "P", "round": "T1", "room": "A"},
                                      {"id": "Q", "round": "T1", "room": "A"}]),
     "plenary 'Q': round 'T1' already holds plenary 'P'"),
    # Preferences must say one thing once.
    ("ranked twice", lambda d: first(d["registrants"]).update(ranked=["W1", "W2", "W1"]),
     "registrant 'p1': ranked preferences name workshop 'W1' twice"),
    ("ranked twice in a tie", lambda d: first(d["registrants"]).update(ranked=[["W1", "W1"]]),
     "registrant 'p1': ranked preferences name workshop 'W1' twice"),
    ("per-round twice",
     lambda d: first(d["registrants"]).update(ranked=None, per_round={"T1": ["W2", "W2"]}),
     "registrant 'p1': choices for round 'T1' name workshop 'W2' twice"),
    ("both forms", lambda d: first(d["registrants"]).update(per_round={"T1": ["W1"]}),
     "registrant 'p1': give either 'ranked' or 'per_round' preferences, not both"),
    ("wanted with per-round",
     lambda d: first(d["registrants"]).update(ranked=None, per_round={"T1": ["W1"]}, wanted=1),
     "registrant 'p1': 'wanted' goes with 'ranked' preferences; "
     "with 'per_round' every listed round is wanted"),
    # Workshop numbers that contradict each other.
    ("max below min sessions", lambda d: first(d["workshops"]).update(min_sessions=2),
     "workshop 'W1': max_sessions 1 is below min_sessions 2"),
    ("max below min size", lambda d: first(d["workshops"]).update(max_size=2, min_size=3),
     "workshop 'W1': max_size 2 is below min_size 3"),
    ("more pins than sessions",
     lambda d: first(d["workshops"]).update(pins=[{"round": "T1"}, {"round": "T2"}]),
     "workshop 'W1': 2 pins but at most 1 sessions"),
    ("empty pin", lambda d: first(d["workshops"]).update(pins=[{}]),
     "a session pin needs a round, a room or both"),
    ("speaker listed twice", lambda d: first(d["workshops"]).update(speakers=["s1", "s1"]),
     "value listed more than once: s1"),
    # Single values out of range.
    ("capacity 0", lambda d: first(d["rooms"]).update(capacity=0),
     "Input should be greater than 0"),
    ("duration 0", lambda d: first(d["workshops"]).update(duration=0),
     "Input should be greater than or equal to 1"),
    ("no rooms", lambda d: d.update(rooms=[]),
     "List should have at least 1 item after validation, not 0"),
    ("unknown field", lambda d: first(d["registrants"]).update(mail="p1@example.org"),
     "Extra inputs are not permitted"),
    ("decreasing rank costs", lambda d: d.update(settings={"rank_costs": [0, 2, 1]}),
     "rank_costs must not decrease from one rank to the next"),
    ("negative rank cost", lambda d: d.update(settings={"rank_costs": [-1, 0]}),
     "rank_costs must not be negative"),
    ("no rank costs", lambda d: d.update(settings={"rank_costs": []}),
     "rank_costs must not be empty"),
    ("unknown policy", lambda d: d.update(settings={"policy": "lottery"}),
     "Input should be 'optimal', 'first-come' or 'first-come-floor'"),
]


@pytest.mark.parametrize(
    ("change", "message"), [case[1:] for case in INVALID], ids=[case[0] for case in INVALID]
)
def test_invalid_instance(change: Callable[[Data], object], message: str) -> None:
    assert problems(change) == [message]


def test_round_ending_before_it_starts() -> None:
    def change(d: Data) -> None:
        first(d["rounds"]).update(start="10:00", end="09:00")

    assert problems(change) == ["round 'T1' must end after it starts (start 10:00, end 09:00)"]


def test_round_ending_when_it_starts() -> None:
    def change(d: Data) -> None:
        first(d["rounds"]).update(end="09:00")

    assert problems(change) == ["round 'T1' must end after it starts (start 09:00, end 09:00)"]


def test_overlapping_rounds() -> None:
    def change(d: Data) -> None:
        d["rounds"][1]["start"] = "09:30"

    [message] = problems(change)
    assert message.startswith("round 'T2' overlaps round 'T1' on 2025-06-02")


def test_back_to_back_rounds_and_rounds_on_other_days_do_not_overlap() -> None:
    data = valid_data()
    data["rounds"].append({"id": "T3", "day": NEXT_DAY, "start": "09:30", "end": "10:30"})
    assert len(Instance.model_validate(data).rounds) == 3


def test_every_reference_problem_is_reported() -> None:
    def change(d: Data) -> None:
        first(d["registrants"]).update(ranked=["W8", "W9"], present=["T9"])

    assert "\n".join(problems(change)).splitlines() == [
        "registrant 'p1': present names unknown round 'T9'",
        "registrant 'p1': preference 1 names unknown workshop 'W8'",
        "registrant 'p1': preference 2 names unknown workshop 'W9'",
    ]


def test_many_problems_are_cut_short() -> None:
    def change(d: Data) -> None:
        first(d["registrants"]).update(ranked=[f"X{n}" for n in range(25)])

    lines = "\n".join(problems(change)).splitlines()
    assert len(lines) == 21
    assert lines[0] == "registrant 'p1': preference 1 names unknown workshop 'X0'"
    assert lines[-1] == "(and 5 more)"


# Settings.


def test_default_rank_costs_are_triangular() -> None:
    settings = Settings()
    assert [settings.rank_cost(k) for k in range(1, 7)] == [0, 1, 3, 6, 10, 15]
    assert [triangular_rank_cost(k) for k in range(1, 7)] == [0, 1, 3, 6, 10, 15]
    assert settings.seat_cost(None) == 100
    assert settings.seat_cost(3) == 3


@pytest.mark.parametrize(
    ("rank_costs", "expected"),
    [
        # Past the list, the last step repeats: 5 + 3, 5 + 6.
        ([0, 2, 5], [0, 2, 5, 8, 11]),
        # One cost alone: steps of 1.
        ([4], [4, 5, 6, 7, 8]),
        ([1, 1], [1, 1, 1, 1, 1]),
    ],
)
def test_rank_costs_past_the_list(rank_costs: list[int], expected: list[int]) -> None:
    settings = Settings(rank_costs=rank_costs)
    assert [settings.rank_cost(k) for k in range(1, 6)] == expected


# Lookups shared by the solver and the checker.


def test_rounds_in_time_order_whatever_the_file_order() -> None:
    instance = build(
        rounds=[
            {"id": "late", "day": NEXT_DAY, "start": "09:00", "end": "10:00"},
            {"id": "afternoon", "day": "2025-06-02", "start": "14:00", "end": "15:00"},
            {"id": "morning", "day": "2025-06-02", "start": "09:00", "end": "10:00"},
        ],
        rooms=rooms(A=5),
        workshops=[],
        registrants=[{"id": "p1", "present": ["late", "morning"]}],
    )
    assert instance.round_order == ["morning", "afternoon", "late"]
    assert instance.present_rounds(instance.registrants[0]) == ["morning", "late"]
    assert instance.consecutive_rounds("morning", 2) == ["morning", "afternoon"]
    # A session cannot run over the night, nor past the last round.
    assert instance.consecutive_rounds("afternoon", 2) is None
    assert instance.consecutive_rounds("late", 2) is None
    assert instance.round_by_id["morning"].start == time(9)


def registrant(instance: Instance, registrant_id: str) -> Registrant:
    return instance.registrant_by_id[registrant_id]


def test_wanted_seats_and_seat_weights() -> None:
    """Three rounds, T1 a plenary; p-rounds wants one seat per free round (T2, T3);
    p-two asked for 2 workshops; p-form chose for T2 only; p-away is there in T1 only."""
    instance = build(
        rounds=3,
        rooms=rooms(A=5),
        plenaries=[{"id": "opening", "round": "T1", "room": "A"}],
        workshops=[{"id": "W1"}],
        registrants=[
            {"id": "p-rounds", "ranked": ["W1"]},
            {"id": "p-two", "ranked": ["W1"], "wanted": 2},
            {"id": "p-form", "per_round": {"T2": ["W1"], "T3": []}},
            {"id": "p-away", "present": ["T1"]},
        ],
    )
    wanted = {r.id: instance.wanted_count(r) for r in instance.registrants}
    assert wanted == {"p-rounds": 2, "p-two": 2, "p-form": 1, "p-away": 0}
    assert instance.workshop_rounds(registrant(instance, "p-rounds")) == ["T2", "T3"]
    two_rounds = ["T2", "T3"]
    weights = {r.id: instance.seat_weight(r, two_rounds) for r in instance.registrants}
    assert weights == {"p-rounds": 2, "p-two": 1, "p-form": 1, "p-away": 2}
    # 6 wanted seats, worst seat 100 (unchosen): 100 * 5 + 1.
    assert instance.empty_seat_cost == 501


def test_empty_seat_cost_follows_the_worst_seat() -> None:
    # Rank costs 0, 50, 100, 150: a 4th choice (150) is worse than unchosen (40).
    instance = build(
        rooms=rooms(A=5),
        workshops=[{"id": f"W{n}"} for n in range(1, 5)],
        registrants=[{"id": "p1", "ranked": ["W1", "W2", "W3", "W4"]}],
        settings={"rank_costs": [0, 50, 100], "unchosen_cost": 40},
    )
    assert instance.empty_seat_cost == 150 * 1 + 1


def test_choice_ranks() -> None:
    instance = build(
        rounds=2,
        rooms=rooms(A=5),
        workshops=[{"id": "W1"}, {"id": "W2"}, {"id": "W3"}],
        registrants=[
            {"id": "ranked", "ranked": [["W1", "W2"], "W3"]},
            {"id": "form", "per_round": {"T1": ["W2", "W1"]}},
        ],
    )
    ranked, form = registrant(instance, "ranked"), registrant(instance, "form")
    assert [ranked.choice_rank(w, "T2") for w in ("W1", "W2", "W3")] == [1, 1, 2]
    assert ranked.ranked_ids == ["W1", "W2", "W3"]
    assert [form.choice_rank(w, "T1") for w in ("W1", "W2", "W3")] == [2, 1, None]
    # A per-round choice counts for its own round only.
    assert form.choice_rank("W2", "T2") is None


def test_models_are_frozen() -> None:
    instance = Instance.model_validate(valid_data())
    with pytest.raises(ValidationError, match="frozen"):
        instance.rooms[0].capacity = 9  # type: ignore[misc]
