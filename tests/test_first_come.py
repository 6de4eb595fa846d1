"""First come, first served on sessions already placed (`scheduler.first_come`)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from conftest import build, priority_breaches, rooms, workshops_of
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import small_instances

from scheduler.check import check
from scheduler.first_come import first_come_assign, registration_order
from scheduler.model import Instance
from scheduler.policies import registrant_costs
from scheduler.solution import SessionPlan

# Rules the seating alone must keep, whatever the placement it is given.
SEATING_RULES = {
    "audience",
    "registrant-absent",
    "registrant-double-booked",
    "registrant-in-plenary-round",
    "registrant-needs",
    "too-many-seats",
    "unchosen-seat",
    "unwanted-round",
    "workshop-repeated",
    "session-over-capacity",
    "session-over-max-size",
}


def session(workshop: str, room: str, *rounds: str, number: int = 1) -> SessionPlan:
    return SessionPlan(id=f"{workshop}-{number}", workshop=workshop, room=room, rounds=list(rounds))


def at(day: int, hour: int = 9) -> str:
    return (datetime(2025, 1, 1, hour) + timedelta(days=day)).isoformat()


# Registration order.


def test_registration_order_is_by_time_then_file_order() -> None:
    instance = build(
        rooms=rooms(A=5),
        workshops=[{"id": "W1"}],
        registrants=[
            {"id": "no-time-1"},
            {"id": "late", "registered_at": at(3)},
            {"id": "early", "registered_at": at(1)},
            {"id": "no-time-2"},
            {"id": "same-time", "registered_at": at(3)},
        ],
    )
    assert [r.id for r in registration_order(instance)] == [
        "early", "late", "same-time", "no-time-1", "no-time-2"
    ]


def test_registration_times_with_a_zone_count_in_utc() -> None:
    # 10:00+02:00 is 08:00 UTC, so it comes before a plain 09:30.
    instance = build(
        rooms=rooms(A=5),
        workshops=[{"id": "W1"}],
        registrants=[
            {"id": "plain", "registered_at": "2025-01-01T09:30:00"},
            {"id": "zoned", "registered_at": datetime(
                2025, 1, 1, 10, tzinfo=timezone(timedelta(hours=2))).isoformat()},
        ],
    )
    assert [r.id for r in registration_order(instance)] == ["zoned", "plain"]


# Exact cases.


def contested_seat() -> Instance:
    """One round; W1 has one seat, W2 plenty. p-late is listed first but registered a
    day after p-early; both rank W1 then W2."""
    return build(
        rooms=rooms(A=5, B=5),
        workshops=[{"id": "W1", "max_size": 1}, {"id": "W2"}],
        registrants=[
            {"id": "p-late", "ranked": ["W1", "W2"], "registered_at": at(2)},
            {"id": "p-early", "ranked": ["W1", "W2"], "registered_at": at(1)},
        ],
    )


def test_first_registered_gets_the_contested_seat() -> None:
    instance = contested_seat()
    solution = first_come_assign(instance, [session("W1", "A", "T1"), session("W2", "B", "T1")])
    assert workshops_of(solution) == {"p-late": ["W2"], "p-early": ["W1"]}
    assert registrant_costs(instance, solution) == {"p-late": 1, "p-early": 0}
    assert check(instance, solution) == []


def test_best_programme_over_rounds() -> None:
    """Two rounds; p1 ranks W1, W2, W3. W1 runs in both rounds, W2 in T1 only: the
    cheapest programme takes W2 in T1 and W1 in T2 (0 + 1), not W1 first (0 + 3)."""
    instance = build(
        rounds=2,
        rooms=rooms(A=5, B=5),
        workshops=[{"id": "W1", "max_sessions": 2}, {"id": "W2"}, {"id": "W3"}],
        registrants=[{"id": "p1", "ranked": ["W1", "W2", "W3"]}],
    )
    solution = first_come_assign(instance, [
        session("W1", "A", "T1"), session("W2", "B", "T1"),
        session("W1", "A", "T2", number=2), session("W3", "B", "T2"),
    ])
    assert sorted(solution.programme()["p1"]) == ["W1-2", "W2-1"]
    assert registrant_costs(instance, solution) == {"p1": 1}


def test_full_sessions_leave_an_empty_seat() -> None:
    """One round, W1 only, one seat: the first registrant takes it; the second keeps an
    empty wanted seat, costing 100 * 2 wanted seats + 1 = 201."""
    instance = build(
        rooms=rooms(A=1),
        workshops=[{"id": "W1"}],
        registrants=[{"id": "p1", "ranked": ["W1"]}, {"id": "p2", "ranked": ["W1"]}],
    )
    solution = first_come_assign(instance, [session("W1", "A", "T1")])
    assert registrant_costs(instance, solution) == {"p1": 0, "p2": 201}


def under_minimum() -> Instance:
    """One round, three rooms; W1 and W2 need two people each and may be dropped.

    p1 ranks W1, W2, W3; p2 ranks W2, W1, W3 (p1 registered first).
    """
    return build(
        rooms=rooms(A=5, B=5, C=5),
        workshops=[
            {"id": "W1", "min_size": 2, "min_sessions": 0},
            {"id": "W2", "min_size": 2, "min_sessions": 0},
            {"id": "W3"},
        ],
        registrants=[
            {"id": "p1", "ranked": ["W1", "W2", "W3"], "registered_at": at(1)},
            {"id": "p2", "ranked": ["W2", "W1", "W3"], "registered_at": at(2)},
        ],
    )


def test_min_size_cancellation_loop() -> None:
    # First pass: p1 in W1, p2 in W2, both sessions one short. The emptiest goes first,
    # ties by session id: W1-1. Second pass: p1 and p2 both in W2, which now holds.
    instance = under_minimum()
    placed = [session("W1", "A", "T1"), session("W2", "B", "T1"), session("W3", "C", "T1")]
    solution = first_come_assign(instance, placed)
    assert [s.id for s in solution.sessions] == ["W2-1", "W3-1"]
    assert workshops_of(solution) == {"p1": ["W2"], "p2": ["W2"]}
    assert check(instance, solution) == []


def test_cancellation_drops_the_emptiest_session_first() -> None:
    """W1 and W2 now need three people each; p3 ranks like p2 and registered last.

    First pass: W1 holds p1, W2 holds p2 and p3, both under three. W1, the emptier,
    goes; p1 then joins W2, which reaches three. Dropping W2 first would have sent p2
    and p3 to W1 instead.
    """
    instance = under_minimum()
    instance = Instance.model_validate({
        **instance.model_dump(),
        "workshops": [
            {"id": "W1", "min_size": 3, "min_sessions": 0},
            {"id": "W2", "min_size": 3, "min_sessions": 0},
            {"id": "W3"},
        ],
        "registrants": [
            *instance.model_dump()["registrants"],
            {"id": "p3", "ranked": ["W2", "W1", "W3"], "registered_at": at(3)},
        ],
    })
    placed = [session("W1", "A", "T1"), session("W2", "B", "T1"), session("W3", "C", "T1")]
    solution = first_come_assign(instance, placed)
    assert [s.id for s in solution.sessions] == ["W2-1", "W3-1"]
    assert workshops_of(solution) == {"p1": ["W2"], "p2": ["W2"], "p3": ["W2"]}
    assert check(instance, solution) == []


def test_session_a_workshop_cannot_lose_stays_under_its_minimum() -> None:
    # W1 must run once: its session stays with p1 alone, and the checker says so.
    instance = build(
        rooms=rooms(A=5),
        workshops=[{"id": "W1", "min_size": 2}],
        registrants=[{"id": "p1", "ranked": ["W1"]}],
    )
    solution = first_come_assign(instance, [session("W1", "A", "T1")])
    assert solution.programme() == {"p1": ["W1-1"]}
    assert [v.rule for v in check(instance, solution)] == ["session-under-min-size"]


def test_cheaper_two_round_programme_is_found() -> None:
    """Rounds a and b; rank costs 1, 3; p ranks A first, then B, C and D equal.

    A runs in b, B and C in a, D over both rounds. A + B costs 1 + 3 = 4; D alone fills
    both rounds for 3, so D is the best programme.
    """
    instance = build(
        rounds=2,
        rooms=rooms(R1=5, R2=5, R3=5),
        workshops=[{"id": "A"}, {"id": "B"}, {"id": "C"}, {"id": "D", "duration": 2}],
        registrants=[{"id": "p", "ranked": ["A", ["B", "C", "D"]]}],
        settings={"rank_costs": [1, 3]},
    )
    solution = first_come_assign(instance, [
        session("A", "R1", "T2"), session("B", "R1", "T1"), session("C", "R2", "T1"),
        session("D", "R3", "T1", "T2"),
    ])
    assert registrant_costs(instance, solution) == {"p": 3}


# Properties on any placement.


@st.composite
def placed_instances(draw: st.DrawFn) -> tuple[Instance, list[SessionPlan]]:
    """A small instance and sessions placed at random: each workshop up to its maximum
    number of sessions, at distinct start rounds, in any room (room and speaker clashes
    allowed: seating does not look at them)."""
    instance = draw(small_instances())
    sessions = []
    for w in instance.workshops:
        starts = [r for r in instance.round_order if instance.consecutive_rounds(r, w.duration)]
        if not starts:
            continue
        chosen = draw(st.lists(st.sampled_from(starts), unique=True, max_size=w.max_sessions))
        for n, start in enumerate(chosen, start=1):
            room = draw(st.sampled_from([m.id for m in instance.rooms]))
            rounds = instance.consecutive_rounds(start, w.duration)
            sessions.append(SessionPlan(id=f"{w.id}-{n}", workshop=w.id, room=room, rounds=rounds))
    return instance, sessions


@settings(max_examples=75, deadline=None)
@given(placed_instances())
def test_seating_on_any_placement(case: tuple[Instance, list[SessionPlan]]) -> None:
    """Nobody gives way to a later registrant, and no registrant or size rule breaks."""
    instance, sessions = case
    solution = first_come_assign(instance, sessions)
    assert priority_breaches(instance, solution) == []
    # Pins beyond the seats someone wants contradict each other; seating keeps the pins.
    assume(all(len(r.pinned) <= instance.wanted_count(r) for r in instance.registrants))
    assert [v for v in check(instance, solution) if v.rule in SEATING_RULES] == []
    # Only sessions of workshops that cannot lose one more stay under their minimum.
    sizes = {s.id: 0 for s in solution.sessions}
    for a in solution.assignments:
        sizes[a.session] += 1
    for s in solution.sessions:
        workshop = instance.workshop_by_id[s.workshop]
        if sizes[s.id] < workshop.min_size:
            count = sum(1 for t in solution.sessions if t.workshop == s.workshop)
            assert count <= workshop.min_sessions
    assert {s.id for s in solution.sessions} <= {s.id for s in sessions}
