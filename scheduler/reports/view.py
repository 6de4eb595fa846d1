"""A finished plan as organisers read it: sessions with times, rooms and people.

Every output (workbook, CSV, calendars, HTML) is built from this one view, so that they
all say the same thing. Plenaries are listed as sessions too: everyone present in
their round attends them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from scheduler.model import Instance, Registrant
from scheduler.reports.names import split_name
from scheduler.solution import Solution
from scheduler.waitlist import wait_lists


@dataclass(frozen=True)
class SessionView:
    id: str
    title: str
    workshop: str
    """Workshop id; the plenary id for a plenary."""
    room: str
    room_name: str
    rounds: tuple[str, ...]
    start: datetime
    end: datetime
    speakers: tuple[str, ...]
    """Speaker names."""
    attendees: tuple[Registrant, ...]
    """Sorted by surname."""
    capacity: int
    min_size: int
    plenary: bool = False

    @property
    def size(self) -> int:
        return len(self.attendees)

    @property
    def when(self) -> str:
        """"26-03-2026 10:45–12:00"."""
        return f"{self.start:%d-%m-%Y %H:%M}–{self.end:%H:%M}"


class PlanView:
    def __init__(self, instance: Instance, solution: Solution) -> None:
        self.instance, self.solution = instance, solution

    @cached_property
    def sessions(self) -> list[SessionView]:
        """Workshop sessions by start time, then room order of the instance."""
        instance = self.instance
        by_session: dict[str, list[Registrant]] = {}
        for a in self.solution.assignments:
            registrant = instance.registrant_by_id.get(a.registrant)
            if registrant is not None:
                by_session.setdefault(a.session, []).append(registrant)
        views = []
        for s in self.solution.sessions:
            workshop = instance.workshop_by_id[s.workshop]
            room = instance.room_by_id[s.room]
            views.append(self._view(
                s.id, workshop.display_title, workshop.id, room.id, tuple(s.rounds),
                workshop.speakers, by_session.get(s.id, []),
                min(room.capacity, workshop.max_size or room.capacity), workshop.min_size,
            ))
        return sorted(views, key=self._order)

    @cached_property
    def plenaries(self) -> list[SessionView]:
        instance = self.instance
        views = []
        for p in instance.plenaries:
            present = [r for r in instance.registrants if p.round in instance.present_rounds(r)]
            views.append(self._view(p.id, p.title or p.id, p.id, p.room, (p.round,), p.speakers,
                                    present, instance.room_by_id[p.room].capacity, 0,
                                    plenary=True))
        return sorted(views, key=self._order)

    @cached_property
    def everything(self) -> list[SessionView]:
        """Plenaries and sessions, in time order."""
        return sorted(self.plenaries + self.sessions, key=self._order)

    @cached_property
    def programme(self) -> dict[str, list[SessionView]]:
        """Registrant id -> what they attend, in time order (every registrant has a key)."""
        programme: dict[str, list[SessionView]] = {r.id: [] for r in self.instance.registrants}
        for view in self.everything:
            for registrant in view.attendees:
                programme[registrant.id].append(view)
        return programme

    def rank(self, registrant: Registrant, view: SessionView) -> int | None:
        return registrant.choice_rank(view.workshop, view.rounds[0])

    @cached_property
    def without_choice(self) -> list[tuple[Registrant, int, int]]:
        """Registrants who chose workshops but got none of them, in instance order, with
        their seats in unchosen workshops and their wanted seats left empty."""
        rows = []
        for r in self.instance.registrants:
            if not (r.ranked or any((r.per_round or {}).values())):
                continue
            seats = [v for v in self.programme[r.id] if not v.plenary]
            if any(self.rank(r, v) is not None for v in seats):
                continue
            held = sum(self.instance.seat_weight(r, v.rounds) for v in seats)
            rows.append((r, len(seats), max(0, self.instance.wanted_count(r) - held)))
        return rows

    @cached_property
    def wait_lists(self) -> dict[str, list[Registrant]]:
        """Session id -> who waits for a seat in it, first in line first (full sessions
        only; see `scheduler.waitlist`)."""
        lines = self.solution.wait_lists or wait_lists(self.instance, self.solution)
        by_id = self.instance.registrant_by_id
        return {session: [by_id[r] for r in ids if r in by_id] for session, ids in lines.items()}

    def _view(self, view_id: str, title: str, workshop: str, room_id: str,
              rounds: tuple[str, ...], speaker_ids: list[str], people: list[Registrant],
              capacity: int, min_size: int, plenary: bool = False) -> SessionView:
        instance = self.instance
        first, last = instance.round_by_id[rounds[0]], instance.round_by_id[rounds[-1]]
        room = instance.room_by_id[room_id]
        speakers = tuple(
            instance.speaker_by_id[s].name or s if s in instance.speaker_by_id else s
            for s in speaker_ids
        )
        return SessionView(
            id=view_id, title=title, workshop=workshop, room=room_id,
            room_name=room.display_name, rounds=rounds,
            start=datetime.combine(first.day, first.start),
            end=datetime.combine(last.day, last.end), speakers=speakers,
            attendees=tuple(sorted(people, key=_by_surname)),
            capacity=capacity, min_size=min_size, plenary=plenary,
        )

    def _order(self, view: SessionView) -> tuple[int, int, str]:
        rounds = self.instance.round_order
        rooms = [r.id for r in self.instance.rooms]
        return (rounds.index(view.rounds[0]), rooms.index(view.room), view.id)


def _by_surname(registrant: Registrant) -> tuple[tuple[str, str], str]:
    return split_name(registrant.name, registrant.first_name).sort_key, registrant.id


def published_view(instance: Instance, solution: Solution) -> PlanView:
    """`solution` as far as `instance` still knows its sessions: a rerun's changed day
    may have dropped a workshop, a room or a round that the published plan used."""
    known = [s for s in solution.sessions
             if s.workshop in instance.workshop_by_id and s.room in instance.room_by_id
             and all(r in instance.round_by_id for r in s.rounds)]
    ids = {s.id for s in known}
    return PlanView(instance, solution.model_copy(update={
        "sessions": known, "assignments": [a for a in solution.assignments if a.session in ids],
    }))
