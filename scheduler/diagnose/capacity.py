"""Checks on numbers: seats per round, demand per workshop, plenary rooms."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from fractions import Fraction

from scheduler.candidates import session_capacity
from scheduler.diagnose.findings import Finding, error, warning
from scheduler.diagnose.reasons import plural
from scheduler.diagnose.survey import Survey


def round_seats(survey: Survey) -> Iterator[Finding]:
    """A round with fewer seats than registrants who want one in it.

    Seats are counted twice, and the smaller count holds: per room (its capacity, capped
    by the largest workshop that can run there then) and per workshop (one session at a
    time, in its largest possible room).
    """
    instance = survey.instance
    demand: Counter[str] = Counter()
    for profile, count in survey.profile_count.items():
        for t in profile.need_rounds:
            demand[t] += count
    per_room: dict[tuple[str, str], int] = defaultdict(int)
    per_workshop: dict[tuple[str, str], int] = defaultdict(int)
    for start in survey.starts.values():
        for m in start.rooms:
            seats = session_capacity(instance, start.workshop, m)
            for t in start.rounds:
                per_room[m, t] = max(per_room[m, t], seats)
                per_workshop[start.workshop, t] = max(per_workshop[start.workshop, t], seats)
    by_rooms: Counter[str] = Counter()
    by_workshops: Counter[str] = Counter()
    for (_, t), seats in per_room.items():
        by_rooms[t] += seats
    for (_, t), seats in per_workshop.items():
        by_workshops[t] += seats
    for t in instance.round_order:
        seats = min(by_rooms[t], by_workshops[t])
        if demand[t] > seats:
            yield warning(
                "round-seats",
                f"round '{t}' has {plural(seats, 'seat')} for "
                f"{plural(demand[t], 'registrant')}",
                round=t,
            )


def oversubscribed_workshops(survey: Survey) -> Iterator[Finding]:
    """Workshops chosen first by more registrants than they can seat, most
    oversubscribed first."""
    instance = survey.instance
    first: Counter[str] = Counter()
    for r in instance.registrants:
        if r.per_round is not None:
            first.update(choices[0] for choices in r.per_round.values() if choices)
        elif r.ranked:
            top = r.ranked[0]
            first.update([top] if isinstance(top, str) else top)
    found = []
    for w in instance.workshops:
        starts = survey.starts_of[w.id]
        if not starts or not first[w.id]:
            continue
        most = max(survey.best_capacity(s) for s in starts)
        sessions = min(w.max_sessions, len(starts))
        # A session pinned to a room holds what that room holds.
        pinned = [(p.room, session_capacity(instance, w.id, p.room))
                  for p in w.pins if p.room is not None][:sessions]
        seats = sum(size for _, size in pinned) + (sessions - len(pinned)) * most
        if first[w.id] > seats:
            found.append((Fraction(first[w.id], max(seats, 1)), w.id, seats,
                          _sessions_shape(sessions, most, pinned)))
    found.sort(key=lambda item: (-item[0], item[1]))
    for _, w_id, seats, shape in found:
        yield warning(
            "workshop-oversubscribed",
            f"workshop '{w_id}' is the first choice of {plural(first[w_id], 'registrant')} "
            f"but has {plural(seats, 'seat')} ({shape})",
            workshop=w_id,
        )


def _sessions_shape(sessions: int, most: int, pinned: list[tuple[str, int]]) -> str:
    """"2 sessions of at most 60", or with pinned rooms "2 sessions: 1 pinned to room
    'aula' of 25, 1 of at most 60"."""
    if not pinned:
        return f"{plural(sessions, 'session')} of at most {most}"
    parts = [f"1 pinned to room '{room}' of {size}" for room, size in pinned]
    if sessions > len(pinned):
        parts.append(f"{sessions - len(pinned)} of at most {most}")
    return f"{plural(sessions, 'session')}: {', '.join(parts)}"


def plenary_problems(survey: Survey) -> Iterator[Finding]:
    """A plenary room too small for everyone present, or unavailable; a plenary speaker
    who is away."""
    instance = survey.instance
    present: Counter[str] = Counter()
    everywhere = 0
    for r in instance.registrants:
        if r.present is None:
            everywhere += 1
        else:
            present.update(set(r.present))
    for p in instance.plenaries:
        room = instance.room_by_id[p.room]
        people = everywhere + present[p.round]
        if people > room.capacity:
            yield error(
                "plenary-room-too-small",
                f"plenary '{p.id}' is in room '{room.id}', which holds {room.capacity}, but "
                f"{plural(people, 'registrant')} {'is' if people == 1 else 'are'} present in "
                f"round '{p.round}'",
                plenary=p.id, room=room.id, round=p.round,
            )
        if p.round in room.unavailable:
            # Neither the solver nor the checker treats this as a rule: the plenary is
            # given, not planned. It still cannot happen as written.
            yield warning(
                "plenary-room-unavailable",
                f"plenary '{p.id}' is in room '{room.id}', which is unavailable in round "
                f"'{p.round}'",
                plenary=p.id, room=room.id, round=p.round,
            )
        for s in p.speakers:
            if p.round in instance.speaker_by_id[s].unavailable:
                yield error(
                    "plenary-speaker-unavailable",
                    f"speaker '{s}' speaks at plenary '{p.id}' in round '{p.round}', when "
                    "they are unavailable",
                    plenary=p.id, speaker=s, round=p.round,
                )


CAPACITY_CHECKS = (round_seats, oversubscribed_workshops, plenary_problems)
