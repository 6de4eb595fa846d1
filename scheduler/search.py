"""Running CP-SAT: solver settings, stages, progress reports and interruption."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from ortools.sat.python import cp_model

from scheduler.objectives import Stage
from scheduler.plan_model import PlanModel
from scheduler.solution import Solution


class Status(StrEnum):
    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"
    UNKNOWN = "UNKNOWN"


_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.UNKNOWN: Status.UNKNOWN,
}


@dataclass(frozen=True)
class Progress:
    """A new best plan during the search."""

    stage: str
    objective: float
    bound: float | None
    """None where the stage's bound holds for one placement only."""
    wall_time_s: float


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class StageResult:
    name: str
    status: Status
    value: int | None
    bound: int | None


_deterministic_default: ContextVar[bool] = ContextVar("deterministic", default=False)


@contextmanager
def deterministic_search(on: bool = True) -> Iterator[None]:
    """Solves started inside run deterministically (see `SolveOptions.deterministic`).

    For callers of `solve()`, which has no parameter for it.
    """
    token = _deterministic_default.set(on)
    try:
        yield
    finally:
        _deterministic_default.reset(token)


@dataclass
class WorkClock:
    """When a solve began, and the deterministic time its CP-SAT calls have used.

    Shared by the copies of one solve's options (policies make copies with less time).
    """

    started: float
    time_limit: float
    deterministic_used: float = 0.0


@dataclass
class SolveOptions:
    time_limit: float = 60.0
    workers: int = 2
    seed: int = 0
    log: bool = False
    on_progress: ProgressCallback | None = None
    interrupt: threading.Event | None = None
    """Set it (from a signal handler, say) to stop the search and keep the best plan."""
    pool: bool | None = None
    """Draw unchosen seats from a pool per round: None decides by the instance's size."""
    deterministic: bool = field(default_factory=lambda: _deterministic_default.get())
    """Same instance, seed, workers and time limit: the same plan, on every run.

    CP-SAT's workers then take turns in fixed batches (`interleave_search`), and each
    call stops after its share of the time limit counted in CP-SAT's deterministic time
    (`max_deterministic_time`, in units close to seconds), not on the wall clock.
    Slower: see the README for the cost."""
    clock: WorkClock | None = None

    def __post_init__(self) -> None:
        if self.clock is None:
            self.clock = WorkClock(time.monotonic(), self.time_limit)

    def interrupted(self) -> bool:
        return self.interrupt is not None and self.interrupt.is_set()


Search = Literal["portfolio", "lp"]
"""`portfolio`: CP-SAT's default mix, whose neighbourhood search is what moves sessions
between rounds and rooms. `lp`: two full-model workers that lean on the LP relaxation,
which proves assignment models (sessions fixed) optimal many times faster: on the
ranked-choice example, 2.8 s instead of no proof in 20 s."""


# In deterministic mode the wall clock only guards against a runaway call; it should
# never be what stops the search (that would make the plan depend on the machine's load).
DETERMINISTIC_WALL_FACTOR = 10


def new_solver(options: SolveOptions, time_left: float, search: Search) -> cp_model.CpSolver:
    """A solver for one call; `time_left` is in deterministic seconds in deterministic
    mode, wall-clock seconds otherwise."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(0.01, time_left)
    if options.deterministic:
        params.max_deterministic_time = max(0.01, time_left)
        params.max_time_in_seconds = DETERMINISTIC_WALL_FACTOR * max(0.01, time_left) + 10
        # One worker is deterministic already; several need fixed batches.
        params.interleave_search = options.workers > 1
    params.num_workers = options.workers
    params.random_seed = options.seed
    # Ctrl-C is ours to handle (see `_solve_interruptibly`); CP-SAT's own handler would
    # abort the process when the search runs outside the main thread.
    params.catch_sigint_signal = False
    params.log_search_progress = options.log
    if search == "lp":
        params.subsolvers.extend(["max_lp", "default_lp"][: max(1, options.workers)])
    return solver


class _StageWatcher(cp_model.CpSolverSolutionCallback):
    """Reports each new best plan, and stops the search once a plan reaches the
    stage's best possible value."""

    def __init__(
        self, stage: Stage, on_progress: ProgressCallback | None, started: float
    ) -> None:
        super().__init__()
        self._stage = stage
        self._on_progress = on_progress
        self._started = started
        self.reached_best = False

    def on_solution_callback(self) -> None:
        if self._on_progress is not None:
            self._on_progress(
                Progress(self._stage.name, self.objective_value,
                         None if self._stage.one_placement else self.best_objective_bound,
                         time.monotonic() - self._started)
            )
        best = self._stage.best_possible
        if best is not None and round(self.objective_value) == best:
            self.reached_best = True
            self.stop_search()


@dataclass
class StagesOutcome:
    solution: Solution | None
    results: list[StageResult]
    interrupted: bool


def run_stages(
    plan: PlanModel,
    stages: list[Stage],
    options: SolveOptions,
    deadline: float,
    search: Search,
    hint: Solution | None = None,
    fix_reached: bool = True,
    hint_more: Callable[[Solution], None] | None = None,
    keep_reached: bool = False,
) -> StagesOutcome:
    """Solve each stage in turn; fix each one's value before the next.

    Stops at the first stage that is not proven optimal: what it reached cannot be
    fixed, so later stages would rank plans on a wrong basis. With `keep_reached` it
    goes on instead, keeping what the stage reached (a floor, not the optimum).
    """
    results: list[StageResult] = []
    solution: Solution | None = None
    for stage in stages:
        start_from = solution or hint
        if start_from is not None:
            plan.hint(start_from)
            if hint_more is not None:
                hint_more(start_from)  # variables a caller added to the plan model
        if stage.sense == "min":
            plan.model.minimize(stage.expr)
        else:
            plan.model.maximize(stage.expr)
        clock = options.clock
        assert clock is not None
        watcher = (
            _StageWatcher(stage, options.on_progress, clock.started)
            if options.on_progress or stage.best_possible is not None else None
        )
        solver, cp_status = solve_within(plan.model, options, time_left(options, deadline),
                                         search, watcher)
        status = _STATUS.get(cp_status, Status.UNKNOWN)
        if watcher is not None and watcher.reached_best and status is Status.FEASIBLE:
            status = Status.OPTIMAL
        if status in (Status.OPTIMAL, Status.FEASIBLE):
            solution = plan.to_solution(solver)
            value = round(solver.objective_value)
            bound = value if status is Status.OPTIMAL else round(solver.best_objective_bound)
            results.append(StageResult(stage.name, status, value, bound))
        else:
            results.append(StageResult(stage.name, status, None, None))
        reached = status is Status.OPTIMAL or (keep_reached and status is Status.FEASIBLE)
        if not reached or options.interrupted() or not fix_reached:
            break
        # Later stages may not give up what this one reached.
        if stage.sense == "min":
            plan.model.add(stage.expr <= results[-1].value)
        else:
            plan.model.add(stage.expr >= results[-1].value)
    return StagesOutcome(solution, results, options.interrupted())


def time_left(options: SolveOptions, deadline: float) -> float:
    """The seconds a call may use before `deadline`: deterministic seconds in
    deterministic mode (see `_deterministic_time_left`), wall-clock seconds otherwise."""
    assert options.clock is not None
    if options.deterministic:
        return _deterministic_time_left(options.clock, deadline)
    return deadline - time.monotonic()


def deadline_after(options: SolveOptions, seconds: float) -> float:
    """The deadline `seconds` from now: in deterministic mode, from the deterministic
    time used so far, so that the deadline does not depend on the machine's load."""
    clock = options.clock
    assert clock is not None
    if options.deterministic:
        return clock.started + clock.deterministic_used + seconds
    return time.monotonic() + seconds


def solve_within(
    model: cp_model.CpModel,
    options: SolveOptions,
    seconds: float,
    search: Search,
    callback: cp_model.CpSolverSolutionCallback | None = None,
) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus]:
    """Solve `model` (a stage's, or a bound's) with the stages' settings and
    interruption, for `seconds` (as `time_left` counts them), counting the
    deterministic time it used."""
    solver = new_solver(options, seconds, search)
    status = _solve_interruptibly(solver, model, callback, options)
    clock = options.clock
    if options.deterministic and clock is not None and not options.interrupted():
        clock.deterministic_used += solver.response_proto.deterministic_time
    return solver, status


def _deterministic_time_left(clock: WorkClock, deadline: float) -> float:
    """The deterministic seconds a call may use before `deadline`.

    Callers set deadlines as the moment the solve began plus a share of the time limit
    (a quarter, a half, all of it). In deterministic mode that share counts in
    deterministic time, less what earlier calls used. The share is read back from the
    deadline, rounded to 1/64 of the limit: that drops the microseconds between making
    the options and the caller reading its clock, which differ from run to run.
    """
    step = clock.time_limit / 64
    share = round((deadline - clock.started) / step) * step
    return share - clock.deterministic_used


def _solve_interruptibly(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    callback: cp_model.CpSolverSolutionCallback | None,
    options: SolveOptions,
) -> cp_model.CpSolverStatus:
    """Solve in a helper thread while this one waits in short steps.

    A Python signal handler (Ctrl-C, SIGTERM) runs in the main thread only, and never
    while that thread is inside CP-SAT; waiting here instead lets it run at once, and
    the search stops within a twentieth of a second.
    """
    interrupt = options.interrupt
    if interrupt is not None and interrupt.is_set():
        return cp_model.UNKNOWN
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(solver.solve(model, callback))
        except BaseException as exc:  # raised again in the waiting thread
            outcome.append(exc)

    worker = threading.Thread(target=run, name="cp-sat", daemon=True)
    worker.start()
    stopped = False
    try:
        while worker.is_alive():
            worker.join(0.05)
            if not stopped and interrupt is not None and interrupt.is_set():
                solver.stop_search()
                stopped = True
    except BaseException:
        # Ctrl-C with Python's own handler: stop the search before giving up on it.
        solver.stop_search()
        worker.join()
        raise
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    status: cp_model.CpSolverStatus = outcome[0]
    return status
