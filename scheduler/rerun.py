"""Re-plan a changed day so that as few people as possible see their programme change.

The published plan is the starting point. The objective, strictly in this order:

1. fill as many wanted seats as possible (new registrants get seats; people whose
   workshop was cancelled get another one);
2. as few *moved* registrants as possible, then as few moved sessions. A registrant is
   moved when their programme changes (any session changes workshop, round or room)
   and they are not better off; someone promoted to a better choice, all of whose
   published sessions stay in their round and room, is not moved;
3. promotions in wait-list order: a freed seat goes to the first in line
   (`waitlist_order`);
4. as few published seats given up by moved registrants: someone whose workshop in
   one round was cancelled keeps their other rounds where that is possible;
5. the usual preference cost.

Variables added to the plan model, per registrant ``p`` of the published plan:

- ``keep[p]``: p's programme is exactly what was published;
- ``better[p]``: p's cost is lower than their published programme's cost, and each
  of p's published sessions is held again in its round and room;
- ``moved[p]``: neither, so p has to be told of a change they did not ask for.
"""

from __future__ import annotations

import time
from collections import defaultdict
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from functools import cached_property

from ortools.sat.python import cp_model

from scheduler.better_off import (
    cannot_do_better,
    cheaper_sets,
    cheapest_by_workshop,
    seat_weights,
)
from scheduler.candidates import Seat, session_capacity
from scheduler.check import check
from scheduler.model import Instance
from scheduler.moves_bound import MovesBound, SessionsModel
from scheduler.objectives import Stage, seat_cost, seats_filled
from scheduler.plan_model import PlanModel, SolutionKeys, placement_of
from scheduler.rerun_lp import LpStart, PublishedSeat, rerun_start
from scheduler.search import (
    SolveOptions,
    StageResult,
    StagesOutcome,
    Status,
    deadline_after,
    run_stages,
    time_left,
)
from scheduler.session_ids import keep_published_ids
from scheduler.solution import Solution
from scheduler.solve import lp_fits
from scheduler.variables import SessionKey
from scheduler.waitlist import with_wait_lists
from scheduler.waitlist_order import line_skips

SEATS_FILLED, REGISTRANTS_MOVED = "seats filled", "registrants moved"
"""The names of the first two stages, also when one search solves both."""
WAIT_LIST_ORDER, SEATS_GIVEN_UP = "wait-list order", "published seats given up"
STAGE_COUNT = 5
"""Seats filled, registrants moved, wait-list order, seats given up, preference cost."""


@dataclass(frozen=True)
class RerunOptions:
    max_moves: int | None = None
    """Never move more registrants than this (seats may stay empty instead)."""
    only_improve: bool = False
    """Move a registrant only when the change forces it or they get a better programme."""
    freeze_sessions: bool = False
    """No published session changes round or room (it may still be cancelled): the
    rerun plans only with the sessions in place, never with sessions free."""


@dataclass(frozen=True)
class RerunResult:
    status: Status
    solution: Solution | None
    moved: list[str]
    """Registrants whose programme changed without being better off."""
    improved: list[str]
    """Registrants of the published plan who got a better programme."""
    newly_placed: list[str]
    """Registrants without a seat in the published plan who have one now."""
    sessions_moved: int
    """Published sessions held again in another round or room."""
    moves_bound: int | None
    """Proven: no plan that fills as many seats moves fewer registrants than this
    (among plans that keep the published sessions in place, when `sessions_in_place`)."""
    sessions_in_place: bool
    """Every published session that can still run stayed in its round and room, because
    the search with sessions free found no plan filling more seats. That search is
    proven when the seats-filled stage is OPTIMAL; otherwise it ran out of time."""
    objective_before: int
    """Total cost of the published plan, measured on the changed instance."""
    objective_after: int | None
    empty_seats: int | None
    stages: list[StageResult]
    wall_time_s: float
    interrupted: bool
    sessions_dropped: int = 0
    """Published sessions not held again: a cancelled workshop's, say."""


class RerunModel:
    """The plan model plus the variables that track change against a published plan."""

    def __init__(
        self,
        instance: Instance,
        previous: Solution,
        options: RerunOptions,
        placement: dict[SessionKey, str] | None = None,
        kept: dict[SessionKey, str] | None = None,
    ) -> None:
        """With `placement`, the sessions are fixed there and only seats are decided;
        with `kept`, those sessions stay where they are and others may be added."""
        self.instance = instance
        self.plan = PlanModel(instance, placement, kept=kept)
        self.previous = previous
        self.options = options
        self.published = published_programmes(instance, previous)
        self.keep: dict[str, cp_model.IntVar] = {}
        self.better: dict[str, cp_model.IntVar] = {}
        self.moved: dict[str, cp_model.IntVar] = {}
        self.session_kept: dict[PublishedSeat, cp_model.IntVar | int] = {}
        self.never_better: set[str] = set()
        """Registrants whose published programme is the best they could have."""
        self.cost_before: dict[str, int] = {}
        """Registrant -> what their published programme costs on the changed day."""
        self._add_session_tracking()
        self._add_registrant_tracking()
        self._add_option_rules()

    @cached_property
    def affected(self) -> set[str]:
        """Registrants whose published programme the change may break."""
        return forced_to_change(self.instance, self.previous, self.published)

    @property
    def wanted_seats(self) -> int:
        """Nobody fills more seats than they want: no plan fills more than this."""
        return self.instance.wanted_seats

    @property
    def model(self) -> cp_model.CpModel:
        return self.plan.model

    def _add_session_tracking(self) -> None:
        """A published session is kept when it runs again in its round and room."""
        v = self.plan.vars
        for s in self.previous.sessions:
            key = (s.workshop, s.rounds[0], s.room)
            self.session_kept[key] = v.in_room.get(key, 0)

    def _add_registrant_tracking(self) -> None:
        v = self.plan.vars
        model = self.plan.model
        seats_of = v.seats_by_registrant()
        terms_of = v.terms_by_registrant()
        pool_indexes = {var.index for var in v.pool.values()}
        empty_cost = self.instance.empty_seat_cost
        for registrant_id, published in self.published.items():
            if not published:
                continue
            keep = model.new_bool_var(f"keep[{registrant_id}]")
            better = model.new_bool_var(f"better[{registrant_id}]")
            moved = model.new_bool_var(f"moved[{registrant_id}]")
            self.keep[registrant_id], self.better[registrant_id] = keep, better
            self.moved[registrant_id] = moved
            # Keeping the programme means every published seat, in its room, and no other.
            same = {(registrant_id, w, r) for w, r, _ in published}
            for w, r, m in published:
                seat = v.seat.get((registrant_id, w, r))
                room = v.in_room.get((w, r, m))
                if seat is None or room is None:
                    model.add(keep == 0)
                    break
                model.add_implication(keep, seat)
                model.add_implication(keep, room)
            for key in seats_of[registrant_id]:
                if key not in same:
                    model.add_implication(keep, v.seat[key].Not())
            for var, *_ in terms_of[registrant_id]:
                if var.index in pool_indexes:
                    model.add_implication(keep, var.Not())
            # Better off: a lower cost than the published programme has now.
            registrant = self.instance.registrant_by_id[registrant_id]
            terms = terms_of[registrant_id]
            wanted = self.instance.wanted_count(registrant)
            before = published_cost(self.instance, registrant_id, published)
            self.cost_before[registrant_id] = before
            seats = [v.seats[key] for key in seats_of[registrant_id]]
            if len(seats) == len(terms) and cannot_do_better(seats, wanted, before, empty_cost):
                self.never_better.add(registrant_id)
                model.add(better == 0)
            elif before < empty_cost:
                # The published programme filled every wanted seat: better is full too,
                # at a lower seat cost. Stated without the empty-seat weight (millions),
                # which would leave the LP badly scaled.
                filled = sum(weight * var for var, _, _, _, weight in terms)
                model.add(filled >= wanted).only_enforce_if(better)
                given = sum(cost * var for var, _, _, cost, _ in terms)
                model.add(given <= before - 1).only_enforce_if(better)
                self._better_needs_a_cheaper_set(registrant_id, seats, len(terms), wanted,
                                                 before, better)
            else:
                total = empty_cost * wanted + sum(
                    (cost - empty_cost * weight) * var for var, _, _, cost, weight in terms
                )
                model.add(total <= before - 1).only_enforce_if(better)
            # Better off is a promotion: whose session moved or is gone is told of a
            # change they did not ask for, better or not. (Counting them as better
            # off made it pay to take a first choice from one of them to promote
            # another: the one promoted no longer counted, the other already did.)
            for place in published:
                model.add(better <= self.session_kept.get(place, 0))
            model.add_bool_or([keep, better, moved])

    def _better_needs_a_cheaper_set(
        self, registrant_id: str, seats: list[Seat], terms: int, wanted: int, before: int,
        better: cp_model.IntVar,
    ) -> None:
        """Better off takes a seat in each workshop of a set that costs less than the
        published programme. The cost inequality alone lets the LP make `better` a
        fraction at little cost; this states which seats it needs."""
        weights = seat_weights(seats)
        if weights is None or len(seats) != terms:
            return  # Seats filling more in one session than another, or from a pool.
        sets = cheaper_sets(cheapest_by_workshop(seats), wanted, before, weights)
        if sets is None:
            return
        model, v = self.plan.model, self.plan.vars
        in_workshop: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        for seat in seats:
            in_workshop[seat.workshop].append(v.seat[registrant_id, seat.workshop, seat.round])
        options = []
        for workshops in sets:
            option = model.new_bool_var(f"better[{registrant_id}|{','.join(sorted(workshops))}]")
            for w in workshops:
                model.add(option <= sum(in_workshop[w]))
            options.append(option)
        model.add(better <= sum(options))

    def hint_tracking(self, solution: Solution) -> None:
        """Hint who keeps their programme in `solution`, after `PlanModel.hint`: a hint
        that leaves these open is often one the search cannot complete."""
        keys = SolutionKeys.of(solution)
        seats_of: dict[str, set[tuple[str, str, str]]] = {}
        for key in keys.seats:
            seats_of.setdefault(key[0], set()).add(key)
        for registrant_id, keep in self.keep.items():
            published = self.published[registrant_id]
            kept = seats_of.get(registrant_id, set()) == {
                (registrant_id, w, r) for w, r, _ in published
            } and all((w, r, m) in keys.rooms for w, r, m in published)
            self.model.add_hint(keep, kept)
            self.model.add_hint(self.moved[registrant_id], not kept)
            self.model.add_hint(self.better[registrant_id], False)

    def _add_option_rules(self) -> None:
        model = self.plan.model
        if self.options.max_moves is not None:
            model.add(sum(self.moved.values()) <= self.options.max_moves)
        if self.options.only_improve:
            for registrant_id, moved in self.moved.items():
                if registrant_id not in self.affected:
                    model.add(moved == 0)

    def seats_given_up(self) -> tuple[cp_model.LinearExprT, int]:
        """Published seats (workshop and round) that moved registrants no longer hold,
        and how many there could be.

        Counting moved registrants alone leaves the rest of their programme free: the
        preference stage took a moved registrant's first choice in a round the change
        did not touch to lower the total cost. Those who are better off chose their
        change, and keepers give up nothing.
        """
        v, model = self.plan.vars, self.plan.model
        given_up: list[cp_model.IntVar | int] = []
        for registrant_id, moved in self.moved.items():
            for w, r, _ in self.published[registrant_id]:
                seat = v.seat.get((registrant_id, w, r))
                if seat is None:
                    given_up.append(1)  # No such seat in this plan: moved, and lost.
                    continue
                lost = model.new_bool_var(f"given_up[{registrant_id},{w},{r}]")
                model.add(lost >= moved - seat)
                given_up.append(lost)
        return cp_model.LinearExpr.sum(given_up), len(given_up)

    def changes(self) -> cp_model.LinearExprT:
        """Moved registrants, each weighing more than all moved sessions together."""
        sessions = len(self.session_kept)
        moved_people = cp_model.LinearExpr.sum(list(self.moved.values()))
        sessions_moved = sessions - sum(
            k for k in self.session_kept.values() if not isinstance(k, int)
        )
        return moved_people * self.changes_per_person + sessions_moved

    @property
    def changes_per_person(self) -> int:
        return len(self.session_kept) + 1

    @property
    def fill_weight(self) -> int:
        """More than the changes can ever add up to: one more seat filled outweighs
        any number of moves."""
        return (len(self.moved) + 1) * self.changes_per_person

    def stages(self) -> list[Stage]:
        return [
            Stage(SEATS_FILLED, "max", seats_filled(self.plan.vars),
                  best_possible=self.wanted_seats),
            Stage(REGISTRANTS_MOVED, "min", self.changes()),
            # With the seats filled fixed by the first stage, the seat cost orders plans
            # as the total cost does, without the empty-seat weight. (When the first
            # stage was not proven, its value is only a floor, and this stage may keep
            # the floor rather than fill more.)
            Stage("preference cost", "min", seat_cost(self.plan.vars)),
        ]

    def fill_then_changes(self) -> Stage:
        """The first two stages as one objective: seats filled, then fewest changes.

        For the model whose sessions stay: there its LP is tight enough to prove both
        at once, and a search for seats alone would reach them through a plan that
        moves many people, which the moves stage then spends its time undoing (on
        `base-400` with 5% late registrants: 6 moved proven in 16 s this way; the moves
        stage alone took 28 s, starting from a plan that moved 267).
        """
        gone = sum(1 for k in self.session_kept.values() if isinstance(k, int))
        return Stage(
            "seats filled, then registrants moved", "max",
            seats_filled(self.plan.vars) * self.fill_weight - self.changes(),
            # Every wanted seat filled, and only the sessions that cannot run moved.
            best_possible=self.wanted_seats * self.fill_weight - gone,
        )

    def split(self, result: StageResult) -> list[StageResult]:
        """The seats-filled and moves results inside a `fill_then_changes` result.

        The bound on changes holds for every plan that fills at least as many seats.
        """
        if result.value is None:
            return [StageResult(name, result.status, None, None)
                    for name in (SEATS_FILLED, REGISTRANTS_MOVED)]
        weight, wanted = self.fill_weight, self.wanted_seats
        filled = -(-result.value // weight)
        changes = filled * weight - result.value
        proven = result.status is Status.OPTIMAL
        fill_bound = None if result.bound is None else min(wanted, -(-result.bound // weight))
        changes_bound = None if result.bound is None else max(0, filled * weight - result.bound)
        fill_status = Status.OPTIMAL if proven or filled == wanted else result.status
        return [
            StageResult(SEATS_FILLED, fill_status, filled,
                        filled if fill_status is Status.OPTIMAL else fill_bound),
            StageResult(REGISTRANTS_MOVED, result.status, changes,
                        changes if proven else changes_bound),
        ]


def published_programmes(
    instance: Instance, previous: Solution
) -> dict[str, list[PublishedSeat]]:
    """Registrant id -> their published seats, for registrants still in the instance."""
    sessions = {s.id: s for s in previous.sessions}
    programmes: dict[str, list[PublishedSeat]] = {
        r.id: [] for r in instance.registrants
    }
    for a in previous.assignments:
        if a.registrant in programmes and a.session in sessions:
            s = sessions[a.session]
            programmes[a.registrant].append((s.workshop, s.rounds[0], s.room))
    return programmes


def published_cost(instance: Instance, registrant_id: str, seats: list[PublishedSeat]) -> int:
    """The cost of a published programme under the changed instance's preferences."""
    registrant = instance.registrant_by_id[registrant_id]
    filled = cost = 0
    for w, r, _ in seats:
        filled += instance.seat_weight(registrant, _rounds_of(instance, w, r))
        cost += instance.settings.seat_cost(registrant.choice_rank(w, r))
    empty = max(0, instance.wanted_count(registrant) - filled)
    return instance.empty_seat_cost * empty + cost


def _rounds_of(instance: Instance, workshop_id: str, start: str) -> list[str]:
    """The rounds a session covers, as far as the changed instance still knows them."""
    workshop = instance.workshop_by_id.get(workshop_id)
    if workshop is None or start not in instance.round_by_id:
        return [start]
    return instance.consecutive_rounds(start, workshop.duration) or [start]


def forced_to_change(
    instance: Instance, previous: Solution, published: dict[str, list[PublishedSeat]]
) -> set[str]:
    """Registrants whose published programme the change may break.

    Their session can no longer run as published (workshop, room or round gone, the
    speaker unavailable, ...), their own situation changed so a seat is no longer
    open to them, or their session now holds fewer people than were in it.
    """
    from scheduler.candidates import registrant_seats, session_starts

    starts = session_starts(instance)
    size: dict[PublishedSeat, int] = defaultdict(int)
    for seats in published.values():
        for seat in seats:
            size[seat] += 1
    affected: set[str] = set()
    for registrant_id, seats in published.items():
        if not seats:
            continue
        registrant = instance.registrant_by_id[registrant_id]
        possible = {
            (s.workshop, s.round, m)
            for s in registrant_seats(instance, registrant, starts)
            for m in s.rooms
        }
        for seat in seats:
            w, r, m = seat
            if seat not in possible or size[seat] > session_capacity(instance, w, m):
                affected.add(registrant_id)
    return affected


DEADLINE_SHARES = {
    "in place": 0.15, "seats filled": 0.4, "moves in place": 0.5, "moves": 0.85, "cost": 1.0
}
"""By when (as shares of the time limit) each search ends: seats with the sessions in
place, seats with sessions free, seats and moves together from the published plan
(sessions in place), moves, and the preference cost."""


def rerun(
    instance: Instance,
    previous: Solution,
    *,
    rerun_options: RerunOptions | None = None,
    time_limit: float = 60.0,
    workers: int = 2,
    seed: int = 0,
    log: bool = False,
    interrupt=None,  # type: ignore[no-untyped-def]
) -> RerunResult:
    """Re-plan `instance` (the changed day) starting from the published `previous` plan.

    Sessions stay in their round and room unless the change forces a move: the plan is
    first sought with every published session that can still run kept in place,
    starting from the LP's plan on those sessions (`rerun_lp`); when that plan fills
    every wanted seat, only the moves are left to search. Only when the sessions in
    place leave wanted seats empty is the whole day searched, sessions free, for a
    plan that fills more; if none is found, the sessions stay. When sessions must
    move, which ones stay is chosen by the sessions model (`moves_bound`), which also
    bounds the moves from below (`_moves_by_sessions_kept`).
    """
    started = time.monotonic()
    options = SolveOptions(time_limit, workers, seed, log, None, interrupt)
    rerun_options = rerun_options or RerunOptions()
    deadline = {name: started + time_limit * share for name, share in DEADLINE_SHARES.items()}
    in_place = RerunModel(instance, previous, rerun_options, kept=placement_of(previous))
    rerun_model = in_place
    sessions: SessionsModel | None = None
    start = _lp_start(in_place, placement_of(previous), options, deadline["in place"])
    if start is not None and start.seats_filled == in_place.wanted_seats:
        filled = StagesOutcome(start.plan, [StageResult(
            SEATS_FILLED, Status.OPTIMAL, start.seats_filled, start.seats_filled)], False)
    else:
        filled = _fill_seats(in_place, options, deadline["in place"],
                             start.plan if start is not None else previous)
        added = _start_with_sessions_added(in_place, filled, start, options,
                                           deadline["moves in place"])
        if added is not None:
            start, filled.solution = added, added.plan
            filled.results[0] = _filled_more(filled.results[0], added.seats_filled)
    if not rerun_options.freeze_sessions and not options.interrupted() and (
        filled.solution is None or filled.results[0].value != in_place.wanted_seats
    ):
        anywhere = RerunModel(instance, previous, rerun_options)
        sessions = SessionsModel(anywhere, anywhere.wanted_seats)
        left = time_left(options, deadline["seats filled"])
        every_seat = _every_seat_filled(anywhere, sessions, options, deadline["seats filled"])
        if every_seat is None and sessions.unanswered:
            # The sessions model ran out of time without a placement: the searches for
            # seats and for moves in place get that time back, from the moves stage.
            # (On the ranked-choice example day with a room lost it used 6 s; the
            # search for seats then ended short of its proof, and the one for moves in
            # place, which proves most of the bound there, did not run.)
            spent = left - time_left(options, deadline["seats filled"])
            for name in ("seats filled", "moves in place"):
                deadline[name] = min(deadline[name] + spent, deadline["moves"])
        filled_anywhere = every_seat or _fill_seats(
            anywhere, options, deadline["seats filled"], filled.solution or previous)
        if _fills_more(filled_anywhere, filled):
            rerun_model, filled = anywhere, filled_anywhere
        elif filled_anywhere.results[0].value is not None:
            # The sessions stay: moving them filled no more seats. What the search with
            # sessions free proved is what is known of the day.
            free = filled_anywhere.results[0]
            filled.results[0] = StageResult(free.name, free.status,
                                            filled.results[0].value, free.bound)
    results = list(filled.results)
    solution = filled.solution
    interrupted = filled.interrupted
    moves: StageResult | None = None
    # With every wanted seat filled by the LP's plan, the seats are known: the moves
    # are searched with them fixed (below), from that plan.
    filled_by_start = start is not None and solution is start.plan \
        and results[0].status is Status.OPTIMAL
    if solution is not None and not interrupted and rerun_model is in_place \
            and not filled_by_start:
        solution, fill, moves, interrupted = _fewest_moves_in_place(
            in_place, start.plan if start is not None else previous, results[0], solution,
            options, deadline["moves in place"]
        )
        if fill is not None and (fill.value or 0) > (results[0].value or 0):
            results[0] = fill
    if solution is not None and not interrupted and rerun_model is not in_place:
        solution, results[0], moves, interrupted = _moves_by_sessions_kept(
            rerun_model, results[0], solution, options, deadline["moves"],
            sessions if sessions is not None and sessions.seats_filled == results[0].value
            else None,
        )
    unproven_in_place = (
        rerun_model is in_place and moves is not None and moves.status is not Status.OPTIMAL
    )
    no_moves_plan = moves is None or moves.value is None
    if solution is not None and not interrupted and (no_moves_plan or unproven_in_place):
        # Not proven from the published plan (or no search got back to the seats
        # filled, as on a 2,000-registrant day with 1,714 moved): go on with the
        # seats fixed, which is the tighter model, from the best plan so far.
        if rerun_model is not in_place and no_moves_plan:
            solution = _fewest_moves_where_the_seats_put_the_sessions(
                rerun_model, solution, results[0].value or 0, options, deadline["moves"])
        rerun_model.model.add(seats_filled(rerun_model.plan.vars) >= results[0].value)
        stage = rerun_model.stages()[1]
        if moves is not None and moves.bound is not None:
            stage = replace(stage, best_possible=moves.bound)
        outcome = run_stages(
            rerun_model.plan, [stage], options, deadline["moves"], "lp",
            hint=solution, hint_more=rerun_model.hint_tracking, keep_reached=True,
        )
        if outcome.solution is not None:
            moves = _with_best_bound(outcome.results[0], moves)
            solution = outcome.solution
        interrupted = outcome.interrupted
    if moves is not None and moves.value is not None:
        results.append(moves)
    if solution is not None and len(results) == 2 and results[1].value is not None \
            and not interrupted:
        cost_outcome = _least_preference_cost(
            rerun_model, rerun_model is in_place, solution, results, options, deadline["cost"]
        )
        results.extend(cost_outcome.results)
        solution = cost_outcome.solution or solution
        interrupted = cost_outcome.interrupted
    before = sum(
        published_cost(instance, p, seats) for p, seats in rerun_model.published.items()
    )
    status = _status(results, solution)
    moves_bound = None
    if len(results) >= 2 and results[1].bound is not None:
        moves_bound = max(0, results[1].bound) // rerun_model.changes_per_person
    if solution is None:
        return RerunResult(status, None, [], [], [], 0, moves_bound,
                           rerun_model is in_place, before, None, None, results,
                           time.monotonic() - started, interrupted)
    # Sessions numbered afresh would read as cancelled and added in calendars and lists.
    solution = keep_published_ids(previous, solution)
    solution = with_wait_lists(instance, replace_instance_name(solution, instance))
    summary = classify(instance, rerun_model.published, solution)
    moved_sessions, dropped_sessions = moved_and_dropped_sessions(previous, solution)
    return RerunResult(
        status=status,
        solution=solution,
        moved=summary.moved,
        improved=summary.improved,
        newly_placed=summary.newly_placed,
        sessions_moved=moved_sessions,
        sessions_dropped=dropped_sessions,
        moves_bound=moves_bound,
        sessions_in_place=rerun_model is in_place,
        objective_before=before,
        objective_after=rerun_model.plan.total_cost_of(solution),
        empty_seats=summary.empty_seats,
        stages=results,
        wall_time_s=time.monotonic() - started,
        interrupted=interrupted,
    )


def _lp_start(
    rerun_model: RerunModel, placement: dict[SessionKey, str], options: SolveOptions,
    deadline: float,
) -> LpStart | None:
    """The LP's plan on `placement` (`rerun_lp`), when it keeps every rule and the
    rerun's options (the LP knows neither `max_moves` nor `only_improve`); None
    otherwise."""
    seconds = time_left(options, deadline)
    instance, rules = rerun_model.instance, rerun_model.options
    # On a day too large for the LP in the time given (10,000 registrants and more),
    # building it alone would overrun the deadline.
    if seconds <= 0 or options.interrupted() or not lp_fits(instance, seconds):
        return None
    start = rerun_start(instance, placement, rerun_model.published, seconds)
    if start is None or not start.integral or check(instance, start.plan):
        return None
    moved = classify(instance, rerun_model.published, start.plan).moved
    if rules.max_moves is not None and len(moved) > rules.max_moves:
        return None
    if rules.only_improve and not set(moved) <= rerun_model.affected:
        return None
    return start


def _start_with_sessions_added(
    in_place: RerunModel,
    filled: StagesOutcome,
    start: LpStart | None,
    options: SolveOptions,
    deadline: float,
) -> LpStart | None:
    """When the search for seats filled more than the LP's plan by adding sessions
    beside the published ones, the LP's plan on that placement, if it fills as many
    seats; None otherwise.

    The LP keeps the sessions it is given. When a workshop is replaced by a new one,
    the new workshop's session opens in the freed room only in the search for seats;
    the LP on the published sessions leaves its people without a seat.
    """
    plan, reached = filled.solution, filled.results[0].value
    if plan is None or reached is None or (start is not None and start.seats_filled >= reached):
        return None
    placement = placement_of(plan)
    if placement.items() <= placement_of(in_place.previous).items():
        return None
    added = _lp_start(in_place, placement, options, deadline)
    return added if added is not None and added.seats_filled >= reached else None


def _fewest_moves_in_place(
    in_place: RerunModel,
    start: Solution,
    filled: StageResult,
    fill_plan: Solution,
    options: SolveOptions,
    deadline: float,
) -> tuple[Solution, StageResult | None, StageResult | None, bool]:
    """Fewest moves with the sessions in place, searched from `start`: the LP's plan
    (`rerun_lp`) or the published one.

    The plan that filled the seats is a poor start: the search for seats alone moves
    many people to get there. Seats and moves are searched together instead (see
    `RerunModel.fill_then_changes`). Returns the plan and the
    seats-filled and moves results, or no results when that search does not reach the
    seats already filled; the caller then searches for moves from `fill_plan`.
    """
    outcome = run_stages(
        in_place.plan, [in_place.fill_then_changes()], options, deadline, "lp",
        hint=start, hint_more=in_place.hint_tracking, keep_reached=True,
    )
    fill, moves = in_place.split(outcome.results[0])
    if outcome.solution is None or fill.value is None or fill.value < (filled.value or 0):
        return fill_plan, None, None, outcome.interrupted
    return outcome.solution, fill, moves, outcome.interrupted


SESSIONS_MODEL_SHARE, SESSIONS_CHOICE_SHARE = 0.1, 0.2
"""The shares of the time limit that one solve of the sessions model may take, and
the first choice of sessions to keep (at least; see `_first_choice_deadline`). The
sessions model's first solve took 1 to 4 s on `base-400` (60 s limit); stopped short
of its proof, its bound is CP-SAT's (93 instead of 149 on `speaker-400`)."""


def _first_choice_deadline(options: SolveOptions, deadline: float) -> float:
    """When the search of the first choice of sessions ends: after half the time left
    before `deadline`, or `SESSIONS_CHOICE_SHARE` of the limit if that is more.

    The first choice gives the plan; the choices after it mostly prove that none
    beats it. Under a short limit a fixed share left it no time to improve on its
    start: on `cancel-400` with a 20 s limit, 4 s ended at the LP's 273 moved, where
    the search reaches 207 in 4.5 s more.
    """
    seconds = max(options.time_limit * SESSIONS_CHOICE_SHARE, time_left(options, deadline) / 2)
    return min(deadline, deadline_after(options, seconds))


def _moves_by_sessions_kept(
    rerun_model: RerunModel,
    filled: StageResult,
    fill_plan: Solution,
    options: SolveOptions,
    deadline: float,
    sessions: SessionsModel | None = None,
) -> tuple[Solution, StageResult, StageResult | None, bool]:
    """Fewest moves on a day where sessions must move, by choosing which stay.

    The whole-day search moves sessions poorly: on `base-400` with its fullest
    workshop cancelled it ended at 297 moved, where keeping every other session in
    place and moving one into the cancelled workshop's room moves 207. So the
    sessions model (`SessionsModel`) picks the published sessions to keep, by its
    bound, and the fewest moves with those kept (the others free) are searched from
    the published plan. That choice is then left out of the sessions model and the
    next one tried, until the deadline or until no choice left can beat the best plan;
    each choice after the first is searched only for a plan that beats the best, two
    at a time when there are two workers or more.

    The sessions model knows rooms and rounds, not who can sit where: when seats stay
    empty, its seat counts let through choices that do not fill as many (on
    `room-lost-400`, the first choice's search used its share of the time without
    filling them, and the whole-day search left then moved 359 instead of 297). There,
    and when the first choice's search does not fill the seats in its share of the
    time, the caller searches the whole day instead, with the sessions model's bound.

    Returns the best plan (`fill_plan` if none), its seats-filled and moves results
    (a moves result without a value when only a bound is known, None when not even
    that) and whether the search was interrupted. The bound on moves is
    the least of the sessions model's bound on the choices not tried and each tried
    choice's own bound.
    """
    seats = filled.value or 0
    sessions = sessions or SessionsModel(rerun_model, seats)
    if seats < rerun_model.wanted_seats:
        return fill_plan, filled, _bound_only(sessions, options, deadline), options.interrupted()
    best_plan, best, best_fill = fill_plan, None, filled
    few_kept: dict[SessionKey, str] | None = None
    bounds: list[int] = []
    untried_floor: int | None = None  # The sessions model's bound on choices not tried.
    while best is None and time_left(options, deadline) > 0 and not options.interrupted():
        left = time_left(options, deadline)
        choice = sessions.solve(options, min(left, options.time_limit * SESSIONS_MODEL_SHARE))
        if choice is None:
            if not sessions.exhausted:
                # Not solved in time: what it proved before still holds for them.
                bounds.append(sessions.floor)
            untried_floor = NO_PLAN
            break
        untried_floor = choice.changes
        few = _plan_with_few_moves(rerun_model, choice, seats, options, deadline)
        if few is not None:
            # The choice is searched again, from that plan, only for one that beats it.
            best_plan, best = few
            few_kept = choice.kept
            break
        kept, outcome = _search_choice(rerun_model, choice, seats, None, None, options,
                                       _first_choice_deadline(options, deadline))
        bounds.append(max(choice.changes, _changes_bound(kept, seats, outcome.results[0])))
        sessions.exclude_keeping(choice.kept)
        fill, moves = kept.split(outcome.results[0])
        if outcome.solution is None or fill.value is None or fill.value < seats:
            break
        best_plan, best = outcome.solution, moves.value
        if fill.value > seats:
            best_fill = _filled_more(filled, fill.value)
    # Past the first choice, each is searched only for a plan that beats the best one;
    # most have none. Two such searches run side by side, one solver thread each: a
    # search that proves "no better plan" from its bound gains little from a second
    # thread (2.3 to 3.3 s a choice with one, 2.9 to 4.3 s with two, on `cancel-400`).
    side_by_side = 2 if options.workers >= 2 and not options.deterministic else 1
    one_search = replace(options, workers=max(1, options.workers // side_by_side))
    pending: dict[Future[tuple[RerunModel, StagesOutcome]], MovesBound] = {}
    more = untried_floor != NO_PLAN
    with ThreadPoolExecutor(side_by_side, thread_name_prefix="choice") as searches:
        while best is not None:
            while more and len(pending) < side_by_side and time_left(options, deadline) > 0 \
                    and not options.interrupted():
                # With every worker: on one, unproven in its time, its bound fell from 149
                # to 94 on `speaker-400`.
                left = time_left(options, deadline)
                choice = sessions.solve(
                    options, min(left, options.time_limit * SESSIONS_MODEL_SHARE))
                if choice is None:
                    if not sessions.exhausted:
                        bounds.append(sessions.floor)
                    untried_floor, more = NO_PLAN, False
                    break
                untried_floor = choice.changes
                if choice.changes >= best:
                    more = False  # Nor can any choice after it beat the best plan.
                    break
                # Left out now, so that the next solve gives another choice.
                sessions.exclude_keeping(choice.kept)
                hint = best_plan if choice.kept == few_kept else None
                pending[searches.submit(_search_choice, rerun_model, choice, seats, best,
                                        hint, one_search, deadline)] = choice
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                tried = pending.pop(future)
                kept, outcome = future.result()
                # The sessions model's bound covered this choice too, before it was
                # left out.
                bounds.append(max(tried.changes,
                                  _changes_bound(kept, seats, outcome.results[0])))
                fill, moves = kept.split(outcome.results[0])
                if outcome.solution is None or fill.value is None or fill.value < seats:
                    continue
                # Seats filled come first: a search that fills more than the first stage
                # found wins over fewer moves.
                if (-fill.value, moves.value) < (-(best_fill.value or 0), best):
                    best_plan, best = outcome.solution, moves.value
                    if fill.value > seats:
                        best_fill = _filled_more(filled, fill.value)
    if untried_floor is not None and untried_floor != NO_PLAN:
        # Choices the time left untried: the sessions model's bound on them.
        bounds.append(untried_floor)
    if best is None:
        # No plan, but what the sessions model proved still bounds the search after.
        known = StageResult(REGISTRANTS_MOVED, Status.UNKNOWN, None, min(bounds)) \
            if bounds else None
        return best_plan, filled, known, options.interrupted()
    bound = min([*bounds, best])
    status = Status.OPTIMAL if bound >= best else Status.FEASIBLE
    moves_result = StageResult(REGISTRANTS_MOVED, status, best, bound)
    return best_plan, best_fill, moves_result, options.interrupted()


def _fewest_moves_where_the_seats_put_the_sessions(
    anywhere: RerunModel, fill_plan: Solution, seats: int, options: SolveOptions,
    deadline: float,
) -> Solution:
    """The fewest moves with every session where the search for seats put it, for half
    the time left: a start for the whole-day search for moves.

    With wanted seats left empty, the sessions model's choices are no guide (see
    `_moves_by_sessions_kept`), and the whole-day search started from the seat plan,
    which moves many people to fill the seats: on `room-lost-400` it ended at 326
    moved where keeping the sessions in place moved 228.
    """
    fixed = RerunModel(anywhere.instance, anywhere.previous, anywhere.options,
                       placement=placement_of(fill_plan))
    fixed.model.add(seats_filled(fixed.plan.vars) >= seats)
    until = deadline_after(options, time_left(options, deadline) / 2)
    outcome = run_stages(fixed.plan, [fixed.stages()[1]], options, until, "lp",
                         hint=fill_plan, hint_more=fixed.hint_tracking, keep_reached=True)
    return outcome.solution or fill_plan


def _search_choice(
    rerun_model: RerunModel, choice: MovesBound, seats: int, best: int | None,
    hint: Solution | None, options: SolveOptions, deadline: float,
    rules: RerunOptions | None = None,
) -> tuple[RerunModel, StagesOutcome]:
    """The fewest moves with `choice`'s sessions kept (the others free), filling `seats`
    or more, under `rules` (default: the rerun's own); given `best`, only a plan that
    beats it. From `hint`, else from the LP's plan on the choice's placement where it
    fills the seats (the published plan is no complete start once sessions move), else
    from the published plan."""
    kept = RerunModel(rerun_model.instance, rerun_model.previous,
                      rules or rerun_model.options, kept=choice.kept)
    if best is not None:
        # Most choices past the first have no better plan, and the search proves that
        # from its bound alone, without first finding its own best plan.
        kept.model.add(seats_filled(kept.plan.vars) >= seats)
        kept.model.add(kept.changes() <= best - 1)
    if hint is None:
        start = _lp_start(kept, choice.placement, options, deadline)
        hint = start.plan if start is not None and start.seats_filled >= seats \
            else rerun_model.previous
    outcome = run_stages(
        kept.plan, [kept.fill_then_changes()], options, deadline, "lp",
        hint=hint, hint_more=kept.hint_tracking, keep_reached=True,
    )
    return kept, outcome


FEW_MOVES, FEW_MOVES_SHARE = 8, 0.25
"""The fewest registrants moved that `_plan_with_few_moves` caps the moves at, and the
largest share of the published registrants the cap may allow: a looser cap rules out
too little to make the search quicker (on `base-400` with its fullest workshop
cancelled, the bound is 195 of 400)."""


def _plan_with_few_moves(
    rerun_model: RerunModel, choice: MovesBound, seats: int, options: SolveOptions,
    deadline: float,
) -> tuple[Solution, int] | None:
    """A plan filling `seats` with `choice`'s sessions kept, found with the moves
    capped at twice the sessions model's bound (`FEW_MOVES` at least), and its
    changes; None when the cap is too loose to help (`FEW_MOVES_SHARE`) or no tighter
    than the rules, or no such plan is found in half the first choice's share of the
    time.

    Where many registrants can be better off (a published plan with many unchosen
    seats), the search for the fewest moves wanders among promotions: on the
    ranked-choice example day with a room halved, it ended at 48 to 52 moved where
    the sessions model's bound, 1, is reached. With the moves capped, most of those
    promotions are ruled out and the plan is found in seconds.
    """
    rules = rerun_model.options
    cap = max(FEW_MOVES, 2 * (choice.changes // rerun_model.changes_per_person))
    if cap > FEW_MOVES_SHARE * len(rerun_model.moved) or (
            rules.max_moves is not None and cap >= rules.max_moves):
        return None
    until = min(deadline, deadline_after(
        options, options.time_limit * SESSIONS_CHOICE_SHARE / 2))
    capped, outcome = _search_choice(rerun_model, choice, seats, None, None, options, until,
                                     rules=replace(rules, max_moves=cap))
    fill, moves = capped.split(outcome.results[0])
    if outcome.solution is None or fill.value is None or fill.value < seats \
            or moves.value is None:
        return None
    return outcome.solution, moves.value


def _every_seat_filled(
    anywhere: RerunModel, sessions: SessionsModel, options: SolveOptions, deadline: float
) -> StagesOutcome | None:
    """A plan filling every wanted seat, from the LP on the sessions model's first
    placement; None when that plan leaves a seat empty or breaks a rule.

    Filling every wanted seat is the most any plan does, so such a plan proves the
    seats stage at once. On `base-400` with its fullest workshop cancelled, the search
    for seats with the sessions free took 8 s to prove the same.
    """
    left = min(time_left(options, deadline), options.time_limit * SESSIONS_MODEL_SHARE)
    choice = sessions.solve(options, left) if left > 0 else None
    if choice is None:
        return None
    start = _lp_start(anywhere, choice.placement, options, deadline)
    if start is None or start.seats_filled < anywhere.wanted_seats:
        return None
    every = anywhere.wanted_seats
    return StagesOutcome(
        start.plan, [StageResult(SEATS_FILLED, Status.OPTIMAL, every, every)], False)


def _bound_only(
    sessions: SessionsModel, options: SolveOptions, deadline: float
) -> StageResult | None:
    """The sessions model's bound on changes, as a moves result without a plan."""
    left = min(time_left(options, deadline), options.time_limit * SESSIONS_MODEL_SHARE)
    choice = sessions.solve(options, left) if left > 0 else None
    if choice is None:
        return None
    return StageResult(REGISTRANTS_MOVED, Status.UNKNOWN, None, choice.changes)


def _filled_more(filled: StageResult, value: int) -> StageResult:
    """The seats-filled result once a later search filled `value` seats."""
    proven = filled.bound is not None and value >= filled.bound
    return StageResult(filled.name, Status.OPTIMAL if proven else filled.status, value,
                       filled.bound)


NO_PLAN = 10**18
"""The changes of a choice of sessions with no plan at all: more than any plan has."""


def _changes_bound(kept: RerunModel, filled: int, result: StageResult) -> int:
    """The fewest changes of a plan filling `filled` seats or more with the `kept`
    model's sessions in place, from its seats-and-moves search (`fill_then_changes`):
    that search's bound caps seats·weight − changes."""
    if result.status is Status.INFEASIBLE:
        return NO_PLAN
    if result.bound is None:
        return 0
    return max(0, filled * kept.fill_weight - result.bound)


def _with_best_bound(result: StageResult, earlier: StageResult | None) -> StageResult:
    """`result`, with the better of its bound and an earlier search's bound on the same
    value (both hold for every plan that fills at least as many seats)."""
    bounds = [b for b in (result.bound, earlier.bound if earlier else None) if b is not None]
    return StageResult(result.name, result.status, result.value,
                       max(bounds) if bounds else None)


def _fill_seats(
    rerun_model: RerunModel, options: SolveOptions, deadline: float, hint: Solution
) -> StagesOutcome:
    return run_stages(rerun_model.plan, rerun_model.stages()[:1], options, deadline, "lp",
                      hint=hint, hint_more=rerun_model.hint_tracking)


def _fills_more(outcome: StagesOutcome, than: StagesOutcome) -> bool:
    value, other = outcome.results[0].value, than.results[0].value
    return value is not None and (other is None or value > other)


WHOLE_DAY_SHARE = 0.1
"""With sessions moved, the share of the time limit the last stages get on the whole
day, to prove (or better) the plan found on the placement the moves stage reached."""


def _least_preference_cost(
    rerun_model: RerunModel,
    sessions_in_place: bool,
    reached: Solution,
    results: list[StageResult],
    options: SolveOptions,
    deadline: float,
) -> StagesOutcome:
    """The last stages: the fewest wait-list skips, then the fewest published seats
    given up, then the lowest preference cost, keeping the seats filled and the moves
    reached.

    On the whole model when the sessions stayed in place and the moves were proven
    fewest. Otherwise first with the sessions where the moves stage put them: the model
    without placement decisions presolves in a fraction of the time (on `base-400` with
    its fullest workshop cancelled, 1.5 s against 10 s; on the ranked-choice example
    day the whole model's search did not end within the limit). When the moves were
    proven, the whole day then gets `WHOLE_DAY_SHARE` of the limit to prove that plan,
    which it does on small days.
    """
    proven_moves = results[1].status is Status.OPTIMAL
    if proven_moves and sessions_in_place:
        return _last_stages(rerun_model, reached, results, options, deadline)
    placed = RerunModel(rerun_model.instance, rerun_model.previous, rerun_model.options,
                        placement_of(reached))
    on_placement = _last_stages(placed, reached, results, options, deadline)
    # Proven for this placement only, not for the day.
    on_placement = replace(on_placement, results=[
        StageResult(r.name, Status.FEASIBLE if r.status is Status.OPTIMAL else r.status,
                    r.value, None) for r in on_placement.results])
    if not proven_moves or on_placement.solution is None or on_placement.interrupted:
        return on_placement
    until = min(deadline, deadline_after(options, options.time_limit * WHOLE_DAY_SHARE))
    whole_day = _last_stages(rerun_model, on_placement.solution, results, options, until)
    if whole_day.results[-1].status is Status.OPTIMAL:
        return whole_day
    return replace(on_placement, interrupted=whole_day.interrupted)


def _last_stages(
    model: RerunModel,
    reached: Solution,
    results: list[StageResult],
    options: SolveOptions,
    deadline: float,
) -> StagesOutcome:
    """Skips, seats given up and preference cost on `model`, from `reached`."""
    fill, moves, cost = model.stages()
    model.model.add(fill.expr >= results[0].value)
    model.model.add(moves.expr <= results[1].value)
    skips = line_skips(model.plan.vars, model.previous, model.moved, model.affected)
    given_up, most_given_up = model.seats_given_up()
    # One objective, each term outweighing all later ones together. Stages one after
    # another took longer: on `late-400` 19 s to reach no skips, then 7 s for the
    # cost, against 8 s for both at once.
    weights = _Weights(most_given_up + 1,
                       sum(t[3] for t in model.plan.vars.seat_terms() if t[3] > 0) + 1)
    outcome = run_stages(
        model.plan,
        [Stage(cost.name, "min", cp_model.LinearExpr.weighted_sum(
            [skips, given_up, cost.expr], [weights.skip, weights.seat_given_up, 1]))],
        options, deadline, "lp", hint=reached, hint_more=model.hint_tracking,
    )
    return replace(outcome, results=weights.split(outcome.results[0]))


@dataclass(frozen=True)
class _Weights:
    """Weights of `skips * skip + seats_given_up * seat_given_up + cost` that order
    plans by skips, then seats given up, then cost."""

    most_given_up: int
    """More than the seats given up can add up to."""
    seat_given_up: int
    """More than the preference cost can add up to."""

    @property
    def skip(self) -> int:
        return self.most_given_up * self.seat_given_up

    def split(self, result: StageResult) -> list[StageResult]:
        """The wait-list, seats-given-up and cost results inside one `result`."""
        names = (WAIT_LIST_ORDER, SEATS_GIVEN_UP, result.name)
        if result.value is None:
            return [StageResult(name, result.status, None, None) for name in names]
        skips, rest = divmod(result.value, self.skip)
        given_up, cost = divmod(rest, self.seat_given_up)
        proven = result.status is Status.OPTIMAL
        skips_bound = None if result.bound is None else max(0, result.bound) // self.skip
        in_line = Status.OPTIMAL if proven or skips == skips_bound else result.status
        return [
            StageResult(WAIT_LIST_ORDER, in_line, skips,
                        skips if in_line is Status.OPTIMAL else skips_bound),
            StageResult(SEATS_GIVEN_UP, result.status, given_up, given_up if proven else None),
            StageResult(result.name, result.status, cost, cost if proven else None),
        ]


def replace_instance_name(solution: Solution, instance: Instance) -> Solution:
    return solution.model_copy(update={"instance": instance.name})


@dataclass(frozen=True)
class _Classified:
    moved: list[str]
    improved: list[str]
    newly_placed: list[str]
    empty_seats: int


def classify(
    instance: Instance, published: dict[str, list[PublishedSeat]], solution: Solution
) -> _Classified:
    """Sort registrants by what the new plan did to them, in the same terms as the model:
    better off is a lower cost with every published session still in its round and
    room."""
    new = published_programmes(instance, solution)
    held = {(s.workshop, s.rounds[0], s.room) for s in solution.sessions}
    moved, improved, newly_placed = [], [], []
    empty = 0
    for registrant in instance.registrants:
        before = sorted(published.get(registrant.id, []))
        after = sorted(new[registrant.id])
        cost_after = published_cost(instance, registrant.id, after)
        filled = sum(instance.seat_weight(registrant, _rounds_of(instance, w, r))
                     for w, r, _ in after)
        empty += max(0, instance.wanted_count(registrant) - filled)
        if before == after:
            continue
        if not before:
            if after:
                newly_placed.append(registrant.id)
        elif cost_after < published_cost(instance, registrant.id, before) \
                and set(before) <= held:
            improved.append(registrant.id)
        else:
            moved.append(registrant.id)
    return _Classified(moved, improved, newly_placed, empty)


def least_max_moves(
    instance: Instance, previous: Solution, rerun_options: RerunOptions, *,
    time_limit: float, workers: int = 2, seed: int = 0,
) -> int | None:
    """The fewest registrants any plan moves under `rerun_options` but their
    `max_moves`, seats filled or not: the least `--max-moves` that leaves a plan.
    None when that is not proven within `time_limit`.

    A registrant whose session is cancelled changes programme whether they are moved
    or left without a seat, so a cap below this number leaves no plan at all."""
    uncapped = replace(rerun_options, max_moves=None)
    kept = placement_of(previous) if rerun_options.freeze_sessions else None
    model = RerunModel(instance, previous, uncapped, kept=kept)
    options = SolveOptions(time_limit, workers, seed)
    stage = Stage(REGISTRANTS_MOVED, "min", cp_model.LinearExpr.sum(list(model.moved.values())))
    outcome = run_stages(model.plan, [stage], options, deadline_after(options, time_limit),
                         "lp", hint=previous, hint_more=model.hint_tracking)
    result = outcome.results[0]
    return result.value if result.status is Status.OPTIMAL else None


def moved_and_dropped_sessions(previous: Solution, solution: Solution) -> tuple[int, int]:
    """Published sessions held again elsewhere (moved), and those not held again at all
    (dropped: a cancelled workshop's, or one of a workshop that now runs fewer times).

    Per workshop, a session held in a published round and room stays; the published
    sessions left pair with the new ones left, as moved, and the rest are dropped."""
    def places(plan: Solution) -> dict[str, set[tuple[str, str]]]:
        by_workshop: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for s in plan.sessions:
            by_workshop[s.workshop].add((s.rounds[0], s.room))
        return by_workshop

    then, now = places(previous), places(solution)
    moved = dropped = 0
    for workshop, published in then.items():
        left = published - now.get(workshop, set())
        elsewhere = now.get(workshop, set()) - published
        moved += min(len(left), len(elsewhere))
        dropped += max(0, len(left) - len(elsewhere))
    return moved, dropped


def _status(results: list[StageResult], solution: Solution | None) -> Status:
    if solution is None:
        return results[0].status if results else Status.UNKNOWN
    if len(results) == STAGE_COUNT and all(r.status is Status.OPTIMAL for r in results):
        return Status.OPTIMAL
    return Status.FEASIBLE

