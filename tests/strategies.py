"""Hypothesis strategies for small, valid instances.

Every cross-reference holds by construction (ids are drawn from what exists), so each
example passes the model's validation; whether a plan exists is left to chance. Sizes
stay small enough that CP-SAT proves optimality well within a second.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import strategies as st

from scheduler.model import (
    Instance,
    PinnedAssignment,
    Plenary,
    Registrant,
    Room,
    Round,
    SessionPin,
    Settings,
    Speaker,
    Workshop,
)

FEATURES = ["projector", "step-free", "sink"]
AUDIENCES = ["staff", "students"]
FIRST_DAY = date(2025, 3, 10)

names = st.text(max_size=8)


def _subset(
    draw: st.DrawFn, items: list[str], max_size: int | None = None, min_size: int = 0
) -> list[str]:
    """A subset of `items`, kept in their order."""
    if not items:
        return []
    chosen = draw(st.sets(st.sampled_from(items), min_size=min_size, max_size=max_size))
    return [i for i in items if i in chosen]


def _sometimes(draw: st.DrawFn, percent: int) -> bool:
    # Written so that shrinking (towards 0) turns the feature off.
    return draw(st.integers(0, 99)) >= 100 - percent


@st.composite
def _rounds(draw: st.DrawFn) -> list[Round]:
    count = draw(st.integers(1, 4))
    days = sorted(draw(st.lists(st.integers(0, 1), min_size=count, max_size=count)))
    rounds = []
    for n, day in enumerate(days):
        slot = days[:n].count(day)
        start = time(9 + 2 * slot, 0)
        rounds.append(
            Round(
                id=f"T{n + 1}",
                day=FIRST_DAY + timedelta(days=day),
                start=start,
                end=time(start.hour + 1, 30),
                label=draw(names),
            )
        )
    return rounds


@st.composite
def _rooms(draw: st.DrawFn, rounds: list[str]) -> list[Room]:
    return [
        Room(
            id=f"M{n}",
            name=draw(names),
            capacity=draw(st.integers(1, 6)),
            features=_subset(draw, FEATURES),
            unavailable=_subset(draw, rounds, 2) if _sometimes(draw, 25) else [],
        )
        for n in range(1, draw(st.integers(1, 4)) + 1)
    ]


@st.composite
def _speakers(draw: st.DrawFn, rounds: list[str]) -> list[Speaker]:
    return [
        Speaker(
            id=f"K{n}",
            name=draw(names),
            unavailable=_subset(draw, rounds, 2) if _sometimes(draw, 30) else [],
        )
        for n in range(1, draw(st.integers(0, 3)) + 1)
    ]


@st.composite
def _workshop(
    draw: st.DrawFn, n: int, rounds: list[str], rooms: list[str], speakers: list[str]
) -> Workshop:
    # Sessions that must run, with a minimum size or over two rounds, are the usual
    # reasons no plan exists; kept uncommon so that most examples reach the checker.
    min_size = draw(st.integers(1, 2)) if _sometimes(draw, 30) else 0
    max_size = draw(st.none() | st.integers(max(1, min_size), 6))
    min_sessions = 1 if _sometimes(draw, 30) else 0
    max_sessions = draw(st.integers(max(1, min_sessions), 2))
    pins = []
    if _sometimes(draw, 5):
        pin_round = draw(st.none() | st.sampled_from(rounds))
        pin_room = (
            draw(st.sampled_from(rooms))
            if pin_round is None
            else draw(st.none() | st.sampled_from(rooms))
        )
        pins.append(SessionPin(round=pin_round, room=pin_room))
    return Workshop(
        id=f"W{n}",
        title=draw(names),
        speakers=_subset(draw, speakers, 2),
        max_size=max_size,
        min_size=min_size,
        duration=2 if _sometimes(draw, 25) else 1,
        min_sessions=min_sessions,
        max_sessions=max_sessions,
        rounds=_subset(draw, rounds, min_size=1) if _sometimes(draw, 25) else None,
        features=_subset(draw, FEATURES, 1) if _sometimes(draw, 25) else [],
        audiences=_subset(draw, AUDIENCES) if _sometimes(draw, 20) else [],
        pins=pins,
    )


@st.composite
def _ranked(draw: st.DrawFn, workshops: list[str]) -> list[str | list[str]]:
    order = draw(st.permutations(workshops))[: draw(st.integers(0, len(workshops)))]
    ranked: list[str | list[str]] = []
    i = 0
    while i < len(order):
        width = 2 if i + 1 < len(order) and _sometimes(draw, 15) else 1
        group = list(order[i : i + width])
        ranked.append(group[0] if width == 1 else group)
        i += width
    return ranked


@st.composite
def _registrant(draw: st.DrawFn, n: int, rounds: list[str], workshops: list[str]) -> Registrant:
    form = draw(st.sampled_from(["ranked", "per_round", "none"]))
    ranked = draw(_ranked(workshops)) if form == "ranked" else None
    wanted = draw(st.none() | st.integers(0, 3)) if form != "per_round" else None
    per_round = None
    if form == "per_round":
        per_round = {
            r: list(draw(st.permutations(workshops))[: draw(st.integers(0, 3))])
            for r in _subset(draw, rounds)
        }
    pinned = []
    if workshops and _sometimes(draw, 3):
        pinned.append(
            PinnedAssignment(
                workshop=draw(st.sampled_from(workshops)),
                round=draw(st.none() | st.sampled_from(rounds)),
            )
        )
    return Registrant(
        id=f"P{n}",
        name=draw(names),
        audiences=_subset(draw, AUDIENCES) if _sometimes(draw, 30) else [],
        registered_at=draw(st.none() | st.datetimes(datetime(2025, 1, 1), datetime(2025, 3, 1))),
        present=_subset(draw, rounds) if _sometimes(draw, 25) else None,
        needs=_subset(draw, FEATURES, 1) if _sometimes(draw, 15) else [],
        pinned=pinned,
        ranked=ranked,
        wanted=wanted,
        per_round=per_round,
    )


@st.composite
def _settings(draw: st.DrawFn) -> Settings:
    rank_costs = None
    if _sometimes(draw, 30):
        steps = draw(st.lists(st.integers(0, 4), min_size=1, max_size=4))
        rank_costs = [sum(steps[: k + 1]) for k in range(len(steps))]
    return Settings(
        rank_costs=rank_costs,
        unchosen_cost=draw(st.integers(0, 200)),
        place_unchosen=draw(st.booleans()),
        fairness=draw(st.sampled_from(["sum", "sum", "rank-maximal", "generous"])),
    )


@st.composite
def small_instances(draw: st.DrawFn) -> Instance:
    """1-2 days, 1-4 rounds, 1-4 rooms, up to 3 speakers, 5 workshops, 8 registrants."""
    rounds = draw(_rounds())
    round_ids = [r.id for r in rounds]
    rooms = draw(_rooms(round_ids))
    room_ids = [m.id for m in rooms]
    speakers = draw(_speakers(round_ids))
    speaker_ids = [s.id for s in speakers]
    workshops = [
        draw(_workshop(n, round_ids, room_ids, speaker_ids))
        for n in range(1, draw(st.integers(1, 5)) + 1)
    ]
    workshop_ids = [w.id for w in workshops]
    registrants = [
        draw(_registrant(n, round_ids, workshop_ids)) for n in range(1, draw(st.integers(0, 8)) + 1)
    ]
    plenaries = []
    if _sometimes(draw, 20):
        plenary = Plenary(
            id="plenary",
            title=draw(names),
            round=draw(st.sampled_from(round_ids)),
            room=draw(st.sampled_from(room_ids)),
            speakers=_subset(draw, speaker_ids, 1),
        )
        plenaries.append(plenary)
        # A plenary room too small for everyone present is a plan-less instance; make
        # that an occasional case rather than the usual one.
        if not _sometimes(draw, 20):
            present = sum(1 for r in registrants if r.present is None or plenary.round in r.present)
            rooms = [
                m.model_copy(update={"capacity": max(m.capacity, present)})
                if m.id == plenary.room
                else m
                for m in rooms
            ]
    return Instance(
        name=draw(names),
        rounds=rounds,
        rooms=rooms,
        speakers=speakers,
        workshops=workshops,
        plenaries=plenaries,
        registrants=registrants,
        settings=draw(_settings()),
    )
