"""`diagnose`: each problem found on a small day built to have it, in exact words."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import hourly_rounds
from hypothesis import event, given, settings
from strategies import small_instances

from cli.main import cli
from scheduler.diagnose import Finding, Level, diagnose
from scheduler.model import Instance
from scheduler.solve import Status, solve

Data = dict[str, Any]


def day_data() -> Data:
    """One day: workshop rounds r1 and r2, then plenary P (speaker s1) in room A in round pl.

    Rooms: A (10 seats), B (4 seats, step-free). Workshops, each run once in r1 or r2:
    W1 (speaker s1), W2 (speaker s2), W3 (at most 4). Registrants p1..p6, present all
    day, one workshop per round: p1..p3 rank W1, W2, W3; p4..p6 rank W2, W3, W1.
    Nothing is wrong with it: 14 seats per round for 6 people, plenty of room for the
    first choices, and A holds everyone for the plenary.
    """
    return {
        "rounds": hourly_rounds("r1", "r2", "pl"),
        "rooms": [
            {"id": "A", "capacity": 10},
            {"id": "B", "capacity": 4, "features": ["step-free"]},
        ],
        "speakers": [{"id": "s1"}, {"id": "s2"}],
        "workshops": [
            {"id": "W1", "speakers": ["s1"]},
            {"id": "W2", "speakers": ["s2"]},
            {"id": "W3", "max_size": 4},
        ],
        "plenaries": [{"id": "P", "round": "pl", "room": "A", "speakers": ["s1"]}],
        "registrants": [
            {"id": f"p{n}", "ranked": ["W1", "W2", "W3"] if n <= 3 else ["W2", "W3", "W1"]}
            for n in range(1, 7)
        ],
    }


def by_id(items: list[Data], item_id: str) -> Data:
    return next(item for item in items if item["id"] == item_id)


def findings(change: Callable[[Data], object] | None = None) -> list[Finding]:
    data = day_data()
    if change is not None:
        change(data)
    return diagnose(Instance.model_validate(data))


def messages(found: list[Finding], code: str, level: Level) -> list[str]:
    return [f.message for f in found if f.code == code and f.level is level]


def workshop(data: Data, workshop_id: str, **fields: Any) -> None:
    by_id(data["workshops"], workshop_id).update(fields)


def registrant(data: Data, registrant_id: str, **fields: Any) -> None:
    by_id(data["registrants"], registrant_id).update(fields)


def room(data: Data, room_id: str, **fields: Any) -> None:
    by_id(data["rooms"], room_id).update(fields)


def speaker(data: Data, speaker_id: str, **fields: Any) -> None:
    by_id(data["speakers"], speaker_id).update(fields)


ERROR, WARNING = Level.ERROR, Level.WARNING


def test_the_day_has_nothing_wrong() -> None:
    assert findings() == []


# Seats and demand.


def test_round_with_fewer_seats_than_registrants() -> None:
    # Per workshop: W1 3 + W2 2 + W3 1 = 6 seats in either round, for 7 people.
    def change(data: Data) -> None:
        workshop(data, "W1", max_size=3)
        workshop(data, "W2", max_size=2)
        workshop(data, "W3", max_size=1)
        data["registrants"].append({"id": "p7", "ranked": ["W3"]})

    assert messages(findings(change), "round-seats", WARNING) == [
        "round 'r1' has 6 seats for 7 registrants",
        "round 'r2' has 6 seats for 7 registrants",
    ]


def test_round_seats_are_capped_by_room_capacity() -> None:
    # Per room: A 10 + B 4 = 14 seats; 15 people present.
    def change(data: Data) -> None:
        data["registrants"] += [{"id": f"q{n}"} for n in range(9)]

    assert messages(findings(change), "round-seats", WARNING) == [
        "round 'r1' has 14 seats for 15 registrants",
        "round 'r2' has 14 seats for 15 registrants",
    ]


def test_registrant_who_wants_fewer_workshops_than_rounds_counts_in_no_round() -> None:
    def change(data: Data) -> None:
        data["registrants"] += [{"id": f"q{n}", "wanted": 1} for n in range(9)]

    assert messages(findings(change), "round-seats", WARNING) == []


def test_oversubscribed_workshops_most_oversubscribed_first() -> None:
    # W2: 3 first choices for 1 seat (3x); W1: 3 for 2 seats (1.5x).
    def change(data: Data) -> None:
        workshop(data, "W1", max_size=2)
        workshop(data, "W2", max_size=1)

    assert messages(findings(change), "workshop-oversubscribed", WARNING) == [
        "workshop 'W2' is the first choice of 3 registrants but has 1 seat "
        "(1 session of at most 1)",
        "workshop 'W1' is the first choice of 3 registrants but has 2 seats "
        "(1 session of at most 2)",
    ]


def test_oversubscription_counts_sessions_that_can_run() -> None:
    # Two sessions of 2 seats for W1, so 3 first choices fit.
    def change(data: Data) -> None:
        workshop(data, "W1", max_size=2, max_sessions=2)

    assert messages(findings(change), "workshop-oversubscribed", WARNING) == []


def test_oversubscription_counts_a_session_pinned_to_a_room_at_that_room() -> None:
    # W1's one session is pinned to B (4 seats), though A holds 10: 3 first choices fit;
    # with two sessions, one pinned to B and one free, 4 + 10.
    def change(data: Data) -> None:
        workshop(data, "W1", pins=[{"room": "B"}])
        data["registrants"] += [{"id": f"q{n}", "ranked": ["W1"]} for n in range(2)]

    assert messages(findings(change), "workshop-oversubscribed", WARNING) == [
        "workshop 'W1' is the first choice of 5 registrants but has 4 seats "
        "(1 session: 1 pinned to room 'B' of 4)"]

    def two_sessions(data: Data) -> None:
        change(data)
        workshop(data, "W1", pins=[{"room": "B"}], max_sessions=2)
        data["registrants"] += [{"id": f"q{n}", "ranked": ["W1"]} for n in range(2, 12)]

    assert messages(findings(two_sessions), "workshop-oversubscribed", WARNING) == [
        "workshop 'W1' is the first choice of 15 registrants but has 14 seats "
        "(2 sessions: 1 pinned to room 'B' of 4, 1 of at most 10)"]


# Speakers and rooms needed twice.


def test_speaker_forced_into_two_places() -> None:
    def change(data: Data) -> None:
        workshop(data, "W1", pins=[{"round": "r1"}])
        workshop(data, "W2", speakers=["s1"], rounds=["r1"])

    found = findings(change)
    assert messages(found, "speaker-double-booked", ERROR) == [
        "speaker 's1' is needed in round 'r1' by workshops 'W1' (pinned there) and "
        "'W2' (can only run there)"
    ]
    assert next(f for f in found if f.code == "speaker-double-booked").subjects == {
        "speaker": ("s1",), "round": ("r1",), "workshop": ("W1", "W2"),
    }


def test_speaker_of_workshops_that_need_not_run_is_not_forced() -> None:
    def change(data: Data) -> None:
        workshop(data, "W1", rounds=["r1"], min_sessions=0)
        workshop(data, "W2", speakers=["s1"], rounds=["r1"])

    assert messages(findings(change), "speaker-double-booked", ERROR) == []


def test_room_forced_into_two_places() -> None:
    def change(data: Data) -> None:
        workshop(data, "W1", pins=[{"round": "r2", "room": "B"}])
        workshop(data, "W3", features=["step-free"], rounds=["r2"])

    assert messages(findings(change), "room-double-booked", ERROR) == [
        "room 'B' is needed in round 'r2' by workshops 'W1' (pinned there) and "
        "'W3' (can only run there)"
    ]


def test_speaker_needed_for_more_rounds_than_they_are_available() -> None:
    def change(data: Data) -> None:
        workshop(data, "W2", speakers=["s1"])
        workshop(data, "W3", speakers=["s1"])

    assert messages(findings(change), "speaker-overbooked", ERROR) == [
        "speaker 's1' is needed for 3 rounds of sessions (workshops 'W1', 'W2' and 'W3'), "
        "but is available in only 2 rounds"
    ]


# Workshops that cannot run.


def test_workshop_with_no_allowed_round() -> None:
    assert messages(findings(lambda d: workshop(d, "W2", rounds=[])), "workshop-no-round",
                    ERROR) == ["workshop 'W2' has no allowed round"]


def test_workshop_whose_speaker_is_away_in_every_round() -> None:
    found = findings(lambda d: speaker(d, "s2", unavailable=["r1", "r2"]))
    assert messages(found, "workshop-no-round", ERROR) == [
        "workshop 'W2' can start in no round: speaker 's2' is unavailable in round 'r1'; "
        "speaker 's2' is unavailable in round 'r2'; round 'pl' holds plenary 'P'"
    ]


def test_workshop_whose_allowed_round_has_no_free_room() -> None:
    def change(data: Data) -> None:
        workshop(data, "W3", features=["step-free"], rounds=["r1"])
        room(data, "B", unavailable=["r1"])

    assert messages(findings(change), "workshop-no-round", ERROR) == [
        "workshop 'W3' can start in none of its allowed rounds: 'B' is unavailable then"
    ]


def test_a_room_unavailable_when_the_others_are_below_the_minimum_says_so() -> None:
    def change(data: Data) -> None:
        workshop(data, "W2", min_size=5, rounds=["r1"])
        room(data, "A", unavailable=["r1"])

    assert messages(findings(change), "workshop-no-round", ERROR) == [
        "workshop 'W2' can start in none of its allowed rounds: 'A' is unavailable then, "
        "and no other room holds its minimum size of 5"
    ]


def test_workshop_that_need_not_run_and_cannot_is_a_warning() -> None:
    found = findings(lambda d: workshop(d, "W2", rounds=[], min_sessions=0))
    assert messages(found, "workshop-no-round", WARNING) == [
        "workshop 'W2' has no allowed round, so it will not run"
    ]
    assert messages(found, "workshop-no-round", ERROR) == []


def test_workshop_with_no_room_that_has_its_features() -> None:
    found = findings(lambda d: workshop(d, "W3", features=["sink", "step-free"]))
    assert messages(found, "workshop-no-room", ERROR) == [
        "workshop 'W3' has no room: no room has features 'sink' and 'step-free' together"
    ]


def test_workshop_with_no_room_large_enough() -> None:
    found = findings(lambda d: workshop(d, "W3", features=["step-free"], min_size=5,
                                        max_size=None))
    assert messages(found, "workshop-no-room", ERROR) == [
        "workshop 'W3' has no room: no room with its feature 'step-free' holds its minimum "
        "size of 5"
    ]


def test_workshop_that_must_run_more_sessions_than_fit() -> None:
    found = findings(lambda d: workshop(d, "W3", min_sessions=2, max_sessions=2,
                                        rounds=["r2"]))
    assert messages(found, "workshop-too-few-rounds", ERROR) == [
        "workshop 'W3' must run 2 sessions, but at most 1 fit (possible starts: 'r2')"
    ]


def test_two_round_sessions_overlap() -> None:
    # A two-round W3 can start only in r1 (pl follows r2), so one session fits.
    found = findings(lambda d: workshop(d, "W3", duration=2, min_sessions=2, max_sessions=2))
    assert messages(found, "workshop-too-few-rounds", ERROR) == [
        "workshop 'W3' must run 2 sessions, but at most 1 fit (possible starts: 'r1')"
    ]


# Minimum sizes.


def test_minimum_size_above_who_can_attend() -> None:
    found = findings(lambda d: workshop(d, "W1", min_size=7))
    assert messages(found, "min-size-unreachable", ERROR) == [
        "workshop 'W1' needs at least 7 registrants in a session, but at most 6 can attend "
        "any of its sessions"
    ]


def test_minimum_size_counts_only_those_it_is_open_to() -> None:
    def change(data: Data) -> None:
        workshop(data, "W1", min_size=3, audiences=["staff"])
        registrant(data, "p1", audiences=["staff"])
        registrant(data, "p2", audiences=["staff"])

    assert messages(findings(change), "min-size-unreachable", ERROR) == [
        "workshop 'W1' needs at least 3 registrants in a session, but at most 2 can attend "
        "any of its sessions"
    ]


def test_minimum_size_counts_only_choosers_when_unchosen_seats_are_off() -> None:
    def change(data: Data) -> None:
        data["settings"] = {"place_unchosen": False}
        registrant(data, "p1", ranked=["W1"])
        registrant(data, "p2", ranked=["W2"])
        for n in range(3, 7):
            registrant(data, f"p{n}", ranked=["W2", "W3"])
        workshop(data, "W1", min_size=2)

    assert messages(findings(change), "min-size-unreachable", ERROR) == [
        "workshop 'W1' needs at least 2 registrants in a session, but at most 1 can attend "
        "any of its sessions"
    ]


def test_sessions_of_the_minimum_size_need_different_people() -> None:
    found = findings(lambda d: workshop(d, "W1", min_size=4, min_sessions=2, max_sessions=2))
    assert messages(found, "min-size-unreachable", ERROR) == [
        "workshop 'W1' must run 2 sessions of at least 4 registrants, but only 6 can attend it"
    ]


def test_unreachable_minimum_of_a_workshop_that_need_not_run_is_a_warning() -> None:
    found = findings(lambda d: workshop(d, "W1", min_size=7, min_sessions=0))
    assert messages(found, "min-size-unreachable", WARNING) == [
        "workshop 'W1' needs at least 7 registrants in a session, but at most 6 can attend "
        "any of its sessions, so it will not run"
    ]


# Audiences, needs and choices.


def test_audience_with_no_workshop_open_in_a_round() -> None:
    # W2 is the only workshop open to guests, so in one of the rounds they have nothing.
    def change(data: Data) -> None:
        workshop(data, "W1", audiences=["staff"])
        workshop(data, "W3", audiences=["staff"])
        workshop(data, "W2", audiences=["staff", "guest"], rounds=["r1"])
        for n in (1, 2):
            registrant(data, f"p{n}", audiences=["guest"])
        for n in (3, 4, 5, 6):
            registrant(data, f"p{n}", audiences=["staff"])

    found = findings(change)
    assert messages(found, "audience-no-workshop", WARNING) == [
        "no workshop in round 'r2' is open to audience 'guest' (2 registrants)"
    ]
    assert next(f for f in found if f.code == "audience-no-workshop").subjects == {
        "audience": ("guest",), "round": ("r2",),
    }


def test_registrants_without_an_audience_shut_out_of_a_round() -> None:
    def change(data: Data) -> None:
        for w in ("W1", "W2"):
            workshop(data, w, audiences=["staff"])
        workshop(data, "W3", rounds=["r1"])

    assert messages(findings(change), "audience-no-workshop", WARNING) == [
        "no workshop in round 'r2' is open to registrants without an audience "
        "(6 registrants)"
    ]


def test_registrant_whose_needs_no_room_meets_in_a_round() -> None:
    def change(data: Data) -> None:
        registrant(data, "p1", needs=["step-free"])
        room(data, "B", unavailable=["r2"])

    assert messages(findings(change), "needs-unmet", WARNING) == [
        "registrant 'p1' needs feature 'step-free', but no workshop open to them in round "
        "'r2' has a room with it"
    ]


def test_registrant_whose_choices_are_all_impossible() -> None:
    def change(data: Data) -> None:
        workshop(data, "W2", audiences=["staff"])
        workshop(data, "W3", audiences=["staff"])
        registrant(data, "p4", ranked=["W2", "W3"])

    found = findings(change)
    assert messages(found, "choices-impossible", WARNING) == [
        "registrant 'p4' can attend none of the workshops they chose ('W2' and 'W3')"
    ]


def test_per_round_with_no_workshop_in_any_round_is_named() -> None:
    def change(data: Data) -> None:
        registrant(data, "p5", ranked=None, per_round={})
        registrant(data, "p6", ranked=None, per_round={"r1": [], "r2": []})

    assert messages(findings(change), "per-round-empty", WARNING) == [
        "2 registrants ('p5' and 'p6') list no workshop in any round under 'per_round', "
        "so they get no seat; leave 'per_round' out to give them a seat in every round"
    ]


def test_per_round_choice_for_a_round_the_workshop_cannot_start_in() -> None:
    def change(data: Data) -> None:
        workshop(data, "W3", rounds=["r1"])
        registrant(data, "p6", ranked=None, per_round={"r2": ["W3"]})

    assert messages(findings(change), "choices-impossible", WARNING) == [
        "registrant 'p6' can attend none of the workshops they chose ('W3')"
    ]


def test_a_per_round_choice_that_cannot_be_met_is_named_with_who_made_it() -> None:
    # p5 and p6 have a choice that can be met in r1, so they are not caught above.
    def change(data: Data) -> None:
        workshop(data, "W3", rounds=["r1"])
        for person in ("p5", "p6"):
            registrant(data, person, ranked=None, per_round={"r1": ["W1"], "r2": ["W3"]})

    assert messages(findings(change), "choice-round-impossible", WARNING) == [
        "workshop 'W3' is chosen for round 'r2' by 2 registrants ('p5' and 'p6'), but "
        "cannot start there: round 'r2' is not among its allowed rounds"
    ]


def test_choices_of_a_workshop_that_can_start_nowhere_are_left_to_its_error() -> None:
    def change(data: Data) -> None:
        workshop(data, "W3", features=["sink"])
        registrant(data, "p6", ranked=None, per_round={"r1": ["W1"], "r2": ["W3"]})

    found = findings(change)
    assert [f.code for f in found if "W3" in f.subjects.get("workshop", ())] == [
        "workshop-no-room"]


def test_registrants_present_in_no_round_are_named() -> None:
    found = findings(lambda data: registrant(data, "p2", present=[]))
    assert messages(found, "present-nowhere", WARNING) == [
        "1 registrant ('p2') is present in no round ('present' is empty), so they get no "
        "seat; leave 'present' out for the whole day"
    ]


# Pins.


def test_workshop_pinned_to_an_unavailable_room() -> None:
    def change(data: Data) -> None:
        workshop(data, "W1", pins=[{"round": "r1", "room": "B"}])
        room(data, "B", unavailable=["r1"])

    found = findings(change)
    assert messages(found, "workshop-pin-unreachable", ERROR) == [
        "workshop 'W1': pin 1 (round 'r1', room 'B') cannot be met: room 'B' is "
        "unavailable in round 'r1'"
    ]


def test_workshop_pinned_to_a_round_its_speaker_is_away() -> None:
    def change(data: Data) -> None:
        workshop(data, "W2", pins=[{"round": "r2"}])
        speaker(data, "s2", unavailable=["r2"])

    assert messages(findings(change), "workshop-pin-unreachable", ERROR) == [
        "workshop 'W2': pin 1 (round 'r2') cannot be met: speaker 's2' is unavailable in "
        "round 'r2'"
    ]


def test_workshop_pinned_to_a_room_without_its_features() -> None:
    def change(data: Data) -> None:
        workshop(data, "W3", features=["step-free"], pins=[{"room": "A"}])

    assert messages(findings(change), "workshop-pin-unreachable", ERROR) == [
        "workshop 'W3': pin 1 (room 'A') cannot be met: room 'A' lacks feature 'step-free'"
    ]


def test_two_pins_on_one_round() -> None:
    found = findings(lambda d: workshop(d, "W1", max_sessions=2,
                                        pins=[{"round": "r1"}, {"round": "r1", "room": "A"}]))
    assert messages(found, "workshop-pins-overlap", ERROR) == [
        "workshop 'W1': pins 1 and 2 both need its session in round 'r1'"
    ]


def test_registrant_pinned_in_a_round_they_are_absent() -> None:
    def change(data: Data) -> None:
        registrant(data, "p3", present=["r1", "pl"], pinned=[{"workshop": "W2", "round": "r2"}])

    assert messages(findings(change), "registrant-pin-unreachable", ERROR) == [
        "registrant 'p3' is pinned to workshop 'W2' in round 'r2' but cannot attend it: "
        "they are not present in round 'r2'"
    ]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: registrant(d, "p3", pinned=[{"workshop": "W2", "round": "pl"}]),
         "in round 'pl' but cannot attend it: round 'pl' holds plenary 'P'"),
        (lambda d: (registrant(d, "p3", pinned=[{"workshop": "W2"}]),
                    workshop(d, "W2", audiences=["staff"])),
         "but cannot attend it: it is open only to audience 'staff'"),
        (lambda d: (registrant(d, "p3", pinned=[{"workshop": "W2"}], needs=["step-free"]),
                    workshop(d, "W2", features=["projector"]),
                    room(d, "A", features=["projector"])),
         "but cannot attend it: no room it can use has feature 'step-free', which they need"),
        (lambda d: (registrant(d, "p3", pinned=[{"workshop": "W2", "round": "r1"}]),
                    speaker(d, "s2", unavailable=["r1"])),
         "in round 'r1' but cannot attend it: it cannot start in round 'r1': speaker 's2' "
         "is unavailable in round 'r1'"),
        (lambda d: (registrant(d, "p3", pinned=[{"workshop": "W2"}], ranked=["W1"]),
                    d.update(settings={"place_unchosen": False})),
         "but cannot attend it: they did not choose it, and the settings seat people only "
         "in workshops they chose"),
    ],
    ids=["plenary round", "audience", "needs", "speaker away", "not chosen"],
)
def test_registrant_pinned_to_a_workshop_they_cannot_attend(
    change: Callable[[Data], object], reason: str
) -> None:
    assert messages(findings(change), "registrant-pin-unreachable", ERROR) == [
        f"registrant 'p3' is pinned to workshop 'W2' {reason}"
    ]


def test_registrant_pinned_to_more_workshops_than_wanted() -> None:
    def change(data: Data) -> None:
        registrant(data, "p1", wanted=1, pinned=[{"workshop": "W1"}, {"workshop": "W2"}])

    assert messages(findings(change), "registrant-too-many-pins", ERROR) == [
        "registrant 'p1' is pinned to 2 workshops but wants only 1"
    ]


def test_registrant_pinned_to_two_workshops_in_one_round() -> None:
    def change(data: Data) -> None:
        registrant(data, "p1", pinned=[{"workshop": "W1", "round": "r1"},
                                       {"workshop": "W2", "round": "r1"}])

    assert messages(findings(change), "registrant-pins-clash", ERROR) == [
        "registrant 'p1' is pinned to workshops 'W1' and 'W2' both in round 'r1'"
    ]


def test_more_registrants_pinned_than_a_workshop_seats() -> None:
    def change(data: Data) -> None:
        for n in range(1, 6):
            registrant(data, f"p{n}", pinned=[{"workshop": "W3"}])

    assert messages(findings(change), "pinned-over-capacity", ERROR) == [
        "workshop 'W3' has 5 registrants pinned to it but at most 4 seats "
        "(1 session of at most 4)"
    ]


def test_more_registrants_pinned_to_one_session_than_it_seats() -> None:
    def change(data: Data) -> None:
        workshop(data, "W3", max_sessions=2)
        for n in range(1, 6):
            registrant(data, f"p{n}", pinned=[{"workshop": "W3", "round": "r1"}])

    assert messages(findings(change), "pinned-over-capacity", ERROR) == [
        "workshop 'W3' has 5 registrants pinned to its session in round 'r1', which holds "
        "at most 4"
    ]


# Plenaries.


def test_plenary_room_smaller_than_the_people_present() -> None:
    def change(data: Data) -> None:
        room(data, "A", capacity=5)

    assert messages(findings(change), "plenary-room-too-small", ERROR) == [
        "plenary 'P' is in room 'A', which holds 5, but 6 registrants are present in "
        "round 'pl'"
    ]


def test_plenary_room_counts_only_those_present() -> None:
    def change(data: Data) -> None:
        room(data, "A", capacity=5)
        registrant(data, "p6", present=["r1", "r2"])

    assert messages(findings(change), "plenary-room-too-small", ERROR) == []


def test_plenary_speaker_unavailable() -> None:
    assert messages(findings(lambda d: speaker(d, "s1", unavailable=["pl"])),
                    "plenary-speaker-unavailable", ERROR) == [
        "speaker 's1' speaks at plenary 'P' in round 'pl', when they are unavailable"
    ]


def test_plenary_room_unavailable_in_its_round() -> None:
    # Not a rule of the plan (the plenary is given), but it cannot happen as written.
    assert messages(findings(lambda d: room(d, "A", unavailable=["pl"])),
                    "plenary-room-unavailable", WARNING) == [
        "plenary 'P' is in room 'A', which is unavailable in round 'pl'"
    ]


# Order, JSON.


def test_errors_come_before_warnings() -> None:
    def change(data: Data) -> None:
        workshop(data, "W2", max_size=2)
        workshop(data, "W1", rounds=[])

    found = findings(change)
    assert [f.level for f in found] == [ERROR, WARNING]


def test_finding_as_dict_and_text() -> None:
    found = findings(lambda d: workshop(d, "W1", rounds=[]))
    assert found[0].to_dict() == {
        "level": "error", "code": "workshop-no-round",
        "message": "workshop 'W1' has no allowed round", "subjects": {"workshop": ["W1"]},
    }
    assert str(found[0]) == "error: workshop 'W1' has no allowed round [workshop-no-round]"


# Every error is certain: the solver finds no plan either.


@settings(max_examples=60, deadline=None)
@given(instance=small_instances())
def test_an_error_means_the_solver_finds_no_plan(instance: Instance) -> None:
    errors = [f for f in diagnose(instance) if f.level is ERROR]
    event(f"errors: {bool(errors)}")
    if errors:
        assert solve(instance, time_limit=10, workers=1, seed=0).status is Status.INFEASIBLE


# The command.


def write(tmp_path: Path, change: Callable[[Data], object] | None = None) -> str:
    data = day_data()
    if change is not None:
        change(data)
    path = tmp_path / "day.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_cli_reports_nothing_wrong(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["diagnose", write(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output == "0 errors, 0 warnings\n"


def test_cli_lists_errors_and_exits_1(tmp_path: Path) -> None:
    def change(data: Data) -> None:
        workshop(data, "W1", rounds=[])
        workshop(data, "W2", max_size=2)

    result = CliRunner().invoke(cli, ["diagnose", write(tmp_path, change)])
    assert result.exit_code == 1
    assert result.output == (
        "error: workshop 'W1' has no allowed round [workshop-no-round]\n"
        "warning: workshop 'W2' is the first choice of 3 registrants but has 2 seats "
        "(1 session of at most 2) [workshop-oversubscribed]\n"
        "1 error, 1 warning\n"
    )


def test_cli_warnings_alone_exit_0(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["diagnose", write(tmp_path, lambda d: workshop(d, "W2", max_size=1))]
    )
    assert result.exit_code == 0
    assert result.output.endswith("0 errors, 1 warning\n")


def test_cli_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["diagnose", "--json", write(tmp_path, lambda d: room(d, "A", capacity=5))]
    )
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["errors"] == 1
    assert report["warnings"] == 0
    assert report["findings"] == [{
        "level": "error", "code": "plenary-room-too-small",
        "message": "plenary 'P' is in room 'A', which holds 5, but 6 registrants are "
                   "present in round 'pl'",
        "subjects": {"plenary": ["P"], "room": ["A"], "round": ["pl"]},
    }]
    assert "explanation" not in report


def test_cli_bad_input_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    result = CliRunner().invoke(cli, ["diagnose", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {path}: ")
    assert "invalid JSON" in result.output


def test_cancelled_workshop_need_not_run() -> None:
    assert findings(lambda d: workshop(d, "W3", cancelled=True, rounds=[])) == []


def test_registrant_pinned_to_a_cancelled_workshop() -> None:
    def change(data: Data) -> None:
        workshop(data, "W3", cancelled=True)
        registrant(data, "p1", pinned=[{"workshop": "W3"}])

    assert messages(findings(change), "registrant-pin-unreachable", ERROR) == [
        "registrant 'p1' is pinned to workshop 'W3' but cannot attend it: it is cancelled"
    ]


def test_large_instances_take_seconds_at_most() -> None:
    """The checks run before every solve, so they stay about linear: registrants are
    grouped by what decides where they can sit. Quadratic work would take minutes here."""
    import time

    data = day_data()
    data["rooms"] = [{"id": f"M{n}", "capacity": 2_000} for n in range(30)]
    data["rounds"] = hourly_rounds("r1", "r2", "r3", "r4")
    data["plenaries"] = []
    data["workshops"] = [{"id": f"W{n}", "max_sessions": 2} for n in range(40)]
    data["registrants"] = [
        {"id": f"p{n}", "ranked": [f"W{(n + k) % 40}" for k in range(5)],
         "present": None if n % 3 else ["r1", "r2"], "needs": [] if n % 100 else ["loop"]}
        for n in range(20_000)
    ]
    instance = Instance.model_validate(data)
    started = time.monotonic()
    found = diagnose(instance)
    assert time.monotonic() - started < 5
    # Nobody is left out but the 200 who need a hearing loop, which no room has: 67 of
    # them (multiples of 300) are there for two rounds, 133 for four.
    assert Counter(f.code for f in found) == {"needs-unmet": 67 * 2 + 133 * 4,
                                              "choices-impossible": 200}


# Before every solve.


def test_solve_prints_warnings_and_still_plans(tmp_path: Path) -> None:
    path = write(tmp_path, lambda d: workshop(d, "W2", max_size=2))
    result = CliRunner().invoke(
        cli, ["solve", path, "--out", str(tmp_path / "plan"), "--time-limit", "10",
              "--workers", "1", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        "warning: workshop 'W2' is the first choice of 3 registrants but has 2 seats "
        "(1 session of at most 2) [workshop-oversubscribed]"
    )
    assert (tmp_path / "plan" / "solution.json").exists()


def test_solve_stops_before_solving_on_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, lambda d: room(d, "A", capacity=5))
    result = CliRunner().invoke(
        cli, ["solve", path, "--out", str(tmp_path / "plan"), "--time-limit", "10",
              "--workers", "1", "--quiet"]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "error: plenary 'P' is in room 'A', which holds 5, but 6 registrants are present "
        "in round 'pl' [plenary-room-too-small]\n"
        "error: no plan can exist for this instance (see the errors above); "
        "`workshop-scheduler diagnose --explain` suggests the fewest changes that allow one\n"
    )
    assert not (tmp_path / "plan").exists()


def test_solve_shows_a_few_findings_of_each_kind(tmp_path: Path) -> None:
    def change(data: Data) -> None:
        workshop(data, "W2", audiences=["staff"])
        workshop(data, "W3", audiences=["staff"])
        for n in range(1, 7):
            registrant(data, f"p{n}", ranked=["W2", "W3"])

    result = CliRunner().invoke(
        cli, ["solve", write(tmp_path, change), "--out", str(tmp_path / "plan"),
              "--time-limit", "10", "--workers", "1", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if "choices-impossible" in line]
    assert lines[-1] == (
        "... and 1 more [choices-impossible] (`workshop-scheduler diagnose` lists all)"
    )
    assert len(lines) == 6
