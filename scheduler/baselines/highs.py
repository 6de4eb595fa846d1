"""The assignment model as an integer program for HiGHS, and its LP relaxation.

The same model as CP-SAT's with sessions fixed (`PlanModel(instance, placement)`): one
column per candidate seat (`scheduler.candidates`, so needs, audiences and presence
are already applied), and the rows of `scheduler.constraints`:

- a registrant attends at most one session per round;
- a registrant attends each workshop at most once;
- a registrant with `wanted` attends at most that many workshops;
- a session holds at most its capacity and, being held, at least the minimum size;
- a pinned assignment holds.

The objective is `objectives.total_cost`: the seat costs, minus the empty-seat cost for
every wanted seat filled, plus that cost for every wanted seat (the offset).
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from scheduler.baselines.common import (
    BaselineResult,
    Placement,
    not_applicable,
    placed_seats,
    solution_from_seats,
)
from scheduler.candidates import PooledCandidates, Start, poolable, session_capacity
from scheduler.check import evaluate
from scheduler.model import Instance

# Above this many (registrant, session) pairs the LP bound is taken on the pooled
# relaxation: a weaker but valid bound, on a model small enough to solve in minutes.
LP_POOL_ABOVE_PAIRS = 500_000

# HiGHS statuses by name, so that this module imports without highspy installed.
_STATUS = {"kOptimal": "OPTIMAL", "kInfeasible": "INFEASIBLE", "kTimeLimit": "TIME_LIMIT",
           "kInterrupt": "TIME_LIMIT", "kUnboundedOrInfeasible": "INFEASIBLE"}


def highspy_problem() -> str | None:
    """Why highspy cannot run in this process; None when it can."""
    if "ortools" in sys.modules:
        return ("OR-Tools is loaded in this process, and it cannot share one with highspy "
                "(both bring HiGHS); run HiGHS in its own process, as `bench` does")
    try:
        import highspy  # noqa: F401
    except ImportError as exc:
        return f"highspy cannot be loaded ({exc}); pip install '.[bench]'"
    return None


@dataclass(frozen=True)
class Column:
    """A seat, or (`workshop` None) an unchosen seat drawn from the round's pool."""

    registrant: str
    workshop: str | None
    round: str
    rounds: tuple[str, ...]
    cost: int
    weight: int


@dataclass
class AssignmentProgram:
    """Rows in compressed form: row i holds columns index[start[i]:start[i+1]]."""

    columns: list[Column]
    cost: np.ndarray
    offset: float
    start: list[int]
    index: list[int]
    lower: list[float]
    upper: list[float]
    missing: list[tuple[str, str]]

    @property
    def rows(self) -> int:
        return len(self.lower)


def _columns(instance: Instance, placement: Placement, pooled: bool) -> tuple[
    list[Column], dict[tuple[str, str], Start], list[tuple[str, str]]
]:
    placed = placed_seats(instance, placement, explicit=not pooled)
    columns = [Column(s.registrant, s.workshop, s.round, s.rounds, s.cost, s.weight)
               for s in placed.seats]
    if pooled:
        candidates = PooledCandidates(instance, placed.starts)
        columns = []
        for registrant in instance.registrants:
            seats, pool = candidates.seats(registrant)
            columns += [Column(s.registrant, s.workshop, s.round, s.rounds, s.cost, s.weight)
                        for s in seats]
            columns += [Column(s.registrant, None, s.round, (s.round,), s.cost, s.weight)
                        for s in pool]
    return columns, placed.starts, placed.missing


def assignment_program(
    instance: Instance, placement: Placement, pooled: bool = False
) -> AssignmentProgram:
    """The integer program on `placement`; with `pooled`, unchosen seats in poolable
    sessions come from one pool per round, as in the planner's large-instance model
    (`constraints.add_pool_capacity`): a relaxation, so its LP still bounds the optimum."""
    columns, starts, missing = _columns(instance, placement, pooled)
    empty_cost = instance.empty_seat_cost
    wanted = sum(instance.wanted_count(r) for r in instance.registrants)
    cost = np.fromiter((c.cost - empty_cost * c.weight for c in columns), dtype=np.float64,
                       count=len(columns))
    program = AssignmentProgram(columns, cost, float(empty_cost * wanted), [0], [], [], [],
                                missing)
    inf = float("inf")

    def add_row(group: list[int], lower: float, upper: float) -> None:
        program.index.extend(group)
        program.start.append(len(program.index))
        program.lower.append(lower)
        program.upper.append(upper)

    by_registrant: dict[str, list[int]] = defaultdict(list)
    by_session: dict[tuple[str, str], list[int]] = defaultdict(list)
    pool_at: dict[str, list[int]] = defaultdict(list)
    for j, c in enumerate(columns):
        by_registrant[c.registrant].append(j)
        if c.workshop is None:
            pool_at[c.round].append(j)
        else:
            by_session[c.workshop, c.round].append(j)
    for registrant in instance.registrants:
        own = by_registrant.get(registrant.id, [])
        by_round: dict[str, list[int]] = defaultdict(list)
        by_workshop: dict[str, list[int]] = defaultdict(list)
        for j in own:
            for t in columns[j].rounds:
                by_round[t].append(j)
            if columns[j].workshop is not None:
                by_workshop[columns[j].workshop].append(j)
        for group in (*by_round.values(), *by_workshop.values()):
            if len(group) > 1:
                add_row(group, -inf, 1)
        if registrant.wanted is not None and registrant.wanted < len(by_round):
            add_row(own, -inf, registrant.wanted)
        for pin in registrant.pinned:
            matching = [j for j in own if columns[j].workshop == pin.workshop
                        and (pin.round is None or columns[j].round == pin.round)]
            add_row(matching, 1, 1)
    for (w, r), start in starts.items():
        group = by_session.get((w, r), [])
        capacity = session_capacity(instance, w, start.rooms[0])
        minimum = instance.workshop_by_id[w].min_size
        if len(group) > capacity or minimum > 0:
            add_row(group, minimum, min(capacity, len(group)) if minimum else capacity)
    for t, drawn in pool_at.items():
        poolable_here = [(w, r) for (w, r) in starts
                         if r == t and poolable(instance.workshop_by_id[w])]
        taken = [j for key in poolable_here for j in by_session.get(key, [])]
        room = sum(session_capacity(instance, w, starts[w, r].rooms[0])
                   for w, r in poolable_here)
        add_row(drawn + taken, -inf, room)
    return program


@dataclass
class _Run:
    status: str
    value: float | None
    """The solver's objective (offset included)."""
    bound: float | None
    taken: list[tuple[str, str, str]]
    """Seats at 1 in the solution (integer program only)."""
    build_time_s: float


def _solve(instance: Instance, placement: Placement, time_limit: float, workers: int,
           relax: bool, pooled: bool = False) -> _Run:
    import highspy

    started = time.monotonic()
    program = assignment_program(instance, placement, pooled)
    if program.missing:
        return _Run("INFEASIBLE", None, None, [], time.monotonic() - started)
    n = len(program.columns)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = program.rows
    lp.col_cost_ = program.cost
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = np.array(program.lower)
    lp.row_upper_ = np.array(program.upper)
    lp.offset_ = program.offset
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(program.start, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(program.index, dtype=np.int32)
    lp.a_matrix_.value_ = np.ones(len(program.index))
    if not relax:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    h = highspy.Highs()
    h.silent()
    h.setOptionValue("time_limit", float(max(0.01, time_limit - (time.monotonic() - started))))
    h.setOptionValue("threads", int(workers))
    h.setOptionValue("random_seed", 0)
    if relax and pooled:
        # Interior point (then crossover to an exact vertex): 21 s against 48 s for dual
        # simplex on the pooled LP of 10,000 registrants.
        h.setOptionValue("solver", "ipm")
    # The objective is an integer: a gap below 1 proves optimality, whatever the offset.
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999)
    h.passModel(lp)
    build = time.monotonic() - started
    h.run()
    status = _STATUS.get(h.getModelStatus().name, "UNKNOWN")
    info = h.getInfo()
    values = np.asarray(h.getSolution().col_value) if n else np.zeros(0)
    has_solution = info.primal_solution_status == 2 and len(values) == n
    value = info.objective_function_value if has_solution else None
    if relax:
        return _Run(status, value, value if status == "OPTIMAL" else None, [], build)
    if status == "TIME_LIMIT":
        status = "FEASIBLE" if has_solution else "UNKNOWN"
    columns = program.columns
    taken = [(columns[j].registrant, columns[j].workshop or "", columns[j].round)
             for j in np.flatnonzero(values > 0.5)] if has_solution else []
    return _Run(status, value, info.mip_dual_bound, taken, build)


def highs_baseline(
    instance: Instance, placement: Placement, time_limit: float = 60.0, workers: int = 1
) -> BaselineResult:
    """The assignment integer program, solved by HiGHS within `time_limit` seconds."""
    why = highspy_problem()
    if why:
        return not_applicable("highs", why)
    started = time.monotonic()
    run = _solve(instance, placement, time_limit, workers, relax=False)
    if run.value is None:
        return BaselineResult("highs", run.status, None, time.monotonic() - started,
                              run.build_time_s, run.bound)
    solution = solution_from_seats(instance, placement, run.taken)
    wall = time.monotonic() - started
    objective = evaluate(instance, solution).objective
    return BaselineResult("highs", run.status, objective, wall, run.build_time_s, run.bound,
                          solution, note=f"HiGHS objective {run.value:.1f}")


def lp_bound_baseline(
    instance: Instance, placement: Placement, time_limit: float = 60.0, workers: int = 1
) -> BaselineResult:
    """The LP relaxation's optimum: no plan on this placement costs less."""
    why = highspy_problem()
    if why:
        return not_applicable("lp-bound", why)
    started = time.monotonic()
    pairs = len(instance.registrants) * len(placement)
    pooled = pairs > LP_POOL_ABOVE_PAIRS and instance.settings.place_unchosen
    run = _solve(instance, placement, time_limit, workers, relax=True, pooled=pooled)
    note = "LP of the pooled relaxation (unchosen seats pooled per round)" if pooled else ""
    return BaselineResult("lp-bound", run.status, None, time.monotonic() - started,
                          run.build_time_s, run.bound, note=note)
