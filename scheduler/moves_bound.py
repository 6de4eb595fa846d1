"""A lower bound on the changes a rerun needs, from where the sessions can go.

When the change forces sessions to move, CP-SAT's own bound on the moves is weak: its
LP relaxation moves a fraction of a session, which frees a fraction of a room at the
price of a fraction of the session's people. A session moves whole, with everyone in
it. This model keeps the sessions whole and drops who sits where:

- the sessions are placed under the same rules as in the plan (counts, pins, rooms,
  speakers);
- each round has seats for the registrants who need a seat in it, less as many as
  the seats the rerun leaves empty;
- a registrant is told of a change when any of their published sessions is not held
  again in its round and room (better off or not: only someone whose sessions all
  stay counts as promoted rather than moved).

Every plan of the rerun meets these conditions, so the least number of changes they
allow (or CP-SAT's proven bound on it) is a lower bound on the rerun's changes. A
session longer than a round takes its people's seats in every round it covers.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from scheduler.candidates import Seat, session_capacity
from scheduler.constraints import (
    add_room_conflicts,
    add_session_counts,
    add_speaker_conflicts,
    add_workshop_pins,
)
from scheduler.model import Instance
from scheduler.plan_model import keep_in_place
from scheduler.search import SolveOptions, solve_within
from scheduler.variables import SessionKey, Variables

if TYPE_CHECKING:
    from scheduler.rerun import RerunModel


@dataclass(frozen=True)
class Registrants:
    """What the bound needs to know of the registrants: how many need a seat in each
    round, and how many could sit in each session."""

    needing: Counter[str]
    """Round -> registrants who fill every wanted seat only with a seat in that round."""
    unavoidable_empty: int
    """Wanted seats left empty in every plan: more wanted than rounds with a seat open."""
    eligible: Counter[tuple[str, str]]
    """(workshop, round) -> registrants with a seat open in that session."""
    eligible_for_workshop: Counter[str]
    """Workshop -> registrants with a seat open in some session of it."""
    most_filled: dict[tuple[str, str], int]
    """(workshop, round) -> the most wanted seats one seat in that session fills (more
    than one for some registrants when it is longer than a round)."""

    @classmethod
    def of(cls, instance: Instance, seats: dict[tuple[str, str, str], Seat]) -> Registrants:
        """A seat fills at most as many wanted seats as it covers rounds: a registrant
        who wants as many seats as they have rounds open fills them all only by
        sitting in every one of those rounds, whatever the sessions' lengths."""
        rounds_of: dict[str, set[str]] = defaultdict(set)
        workshops_of: dict[str, set[str]] = defaultdict(set)
        eligible: Counter[tuple[str, str]] = Counter()
        most_filled: dict[tuple[str, str], int] = {}
        for (p, w, r), seat in seats.items():
            rounds_of[p].update(seat.rounds)
            workshops_of[p].add(w)
            eligible[w, r] += 1
            most_filled[w, r] = max(seat.weight, most_filled.get((w, r), 0))
        needing: Counter[str] = Counter()
        unavoidable = 0
        for registrant in instance.registrants:
            wanted = instance.wanted_count(registrant)
            open_rounds = rounds_of[registrant.id]
            unavoidable += max(0, wanted - len(open_rounds))
            if wanted >= len(open_rounds):
                needing.update(open_rounds)
        eligible_for_workshop = Counter(w for ws in workshops_of.values() for w in ws)
        return cls(needing, unavoidable, eligible, eligible_for_workshop, most_filled)


@dataclass(frozen=True)
class MovesBound:
    changes: int
    """No plan filling the seats has fewer changes (on `RerunModel.changes`' scale),
    among the plans not yet excluded."""
    proven: bool
    """The bound is the least number of changes the conditions allow."""
    kept: dict[SessionKey, str]
    """The published sessions that stay in place in the best placement found."""
    placement: dict[SessionKey, str]
    """Every session of that placement."""


class SessionsModel:
    """The sessions of `rerun_model`'s day, kept whole, among plans that fill
    `seats_filled` wanted seats."""

    def __init__(self, rerun_model: RerunModel, seats_filled: int) -> None:
        instance, variables = rerun_model.instance, rerun_model.plan.vars
        self.model = cp_model.CpModel()
        self.seats_filled = seats_filled
        self.exhausted = False
        """Every placement is left out (or none meets the conditions)."""
        self.unanswered = False
        """The last solve ran out of time before finding a placement or proving none."""
        self._proven: MovesBound | None = None
        self.floor = 0
        """The best bound proven so far: leaving placements out only raises it, so it
        holds when a later solve stops before proving as much."""
        registrants = Registrants.of(instance, variables.seats)
        sessions = Variables(instance, self.model, variables.starts, {})
        sessions.new_session_vars()
        for add_rule in (add_session_counts, add_workshop_pins, add_room_conflicts,
                         add_speaker_conflicts):
            add_rule(sessions)
        keep_in_place(sessions, rerun_model.plan.kept)
        _add_seats_per_round(sessions, registrants, seats_filled)
        self.in_room = sessions.in_room
        self.kept = {seat: sessions.in_room.get(seat, 0) for seat in rerun_model.session_kept}
        told = _told(self.model, rerun_model, self.kept)
        people_told = sum(weight * var for var, weight in told)
        if rerun_model.options.max_moves is not None:
            self.model.add(people_told <= rerun_model.options.max_moves)
        sessions_moved = sum(1 - k for k in self.kept.values())
        self.model.minimize(rerun_model.changes_per_person * people_told + sessions_moved)

    def exclude_keeping(self, kept: dict[SessionKey, str]) -> None:
        """Leave out every placement that keeps all of `kept` in place (their changes
        are known otherwise)."""
        held = [self.kept.get((*key, room), 0) for key, room in kept.items()]
        self.model.add(sum(held) <= len(held) - 1)
        self._proven = None

    def solve(self, options: SolveOptions, seconds: float) -> MovesBound | None:
        """None when no placement is left, or none was found in `seconds` (as
        `search.time_left` counts them)."""
        if self._proven is not None:
            return self._proven  # Nothing was left out since it was proven.
        solver, status = solve_within(self.model, options, seconds, "portfolio")
        self.exhausted = status == cp_model.INFEASIBLE
        self.unanswered = status not in (cp_model.OPTIMAL, cp_model.FEASIBLE,
                                         cp_model.INFEASIBLE)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        kept = {(w, r): m for (w, r, m), var in self.kept.items()
                if not isinstance(var, int) and solver.boolean_value(var)}
        placement = {(w, r): m for (w, r, m), var in self.in_room.items()
                     if solver.boolean_value(var)}
        self.floor = max(self.floor, math.ceil(solver.best_objective_bound - 1e-6))
        choice = MovesBound(self.floor, status == cp_model.OPTIMAL, kept, placement)
        self._proven = choice if choice.proven else None
        return choice


def _add_seats_per_round(
    sessions: Variables, registrants: Registrants, seats_filled: int
) -> None:
    """Each round has seats for those who need one there, but for the seats left empty.

    A session's useful seats are at most its room's and at most the registrants who
    could sit in it; a registrant sits in a workshop once, so its sessions together
    seat at most everyone it is open to.
    """
    model, instance = sessions.model, sessions.instance
    useful: dict[tuple[str, str], cp_model.IntVar] = {}
    for (w, r), start in sessions.starts.items():
        most = min(max(session_capacity(instance, w, m) for m in start.rooms),
                   registrants.eligible[w, r])
        useful[w, r] = model.new_int_var(0, most, f"useful[{w},{r}]")
        model.add(useful[w, r] <= sum(
            session_capacity(instance, w, m) * sessions.in_room[w, r, m] for m in start.rooms
        ))
    by_workshop: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    by_round: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    for (w, r), var in useful.items():
        by_workshop[w].append(var)
        for t in sessions.starts[w, r].rounds:
            by_round[t].append(var)  # Its people sit there in every round it covers.
    for w, vars_ in by_workshop.items():
        model.add(sum(vars_) <= registrants.eligible_for_workshop[w])
    model.add(sum(registrants.most_filled.get(key, 1) * var for key, var in useful.items())
              >= seats_filled)
    wanted = instance.wanted_seats
    # Each registrant who needs every open round and misses one leaves a seat empty.
    may_miss = max(0, wanted - seats_filled - registrants.unavoidable_empty)
    missed = []
    for t, needing in registrants.needing.items():
        short = model.new_int_var(0, needing, f"short[{t}]")
        model.add(short >= needing - sum(by_round[t]))
        missed.append(short)
    model.add(sum(missed) <= may_miss)


def _told(
    model: cp_model.CpModel,
    rerun_model: RerunModel,
    kept: dict[tuple[str, str, str], cp_model.IntVar | int],
) -> list[tuple[cp_model.IntVar | int, int]]:
    """For each group of registrants who share a published programme: whether they are
    told of a change (one of its sessions is not held again in its round and room),
    and how many they are."""
    members: dict[tuple[tuple[str, str, str], ...], list[str]] = defaultdict(list)
    for p, published in rerun_model.published.items():
        if published:
            members[tuple(sorted(published))].append(p)
    told: list[tuple[cp_model.IntVar | int, int]] = []
    for programme, group in members.items():
        count = len(group)
        if any(isinstance(kept.get(seat, 0), int) for seat in programme):
            told.append((1, count))
            continue
        var = model.new_bool_var(f"told[{len(told)}]")
        if rerun_model.options.only_improve and not set(group) <= rerun_model.affected:
            # Someone in the group may not be moved: their sessions stay.
            model.add(var == 0)
        for seat in programme:
            model.add(var >= 1 - kept[seat])
        told.append((var, count))
    return told
