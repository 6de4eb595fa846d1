"""One entry point: `solve(instance, ...)` returns a `Result` with a plan, or why none.

The model is built once; a fairness rule that is lexicographic runs as a sequence of
stages on the same model, each fixing what the stage before reached and starting
from its plan.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from ortools.sat.python import cp_model

from scheduler.constraints import add_hard_rules
from scheduler.model import Fairness, Instance, Policy
from scheduler.objectives import Stage, stages
from scheduler.solution import Solution
from scheduler.variables import Variables


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
    bound: float
    wall_time_s: float


@dataclass(frozen=True)
class StageResult:
    name: str
    status: Status
    value: int | None
    bound: int | None


@dataclass(frozen=True)
class Result:
    status: Status
    solution: Solution | None
    objective: int | None
    """The total cost (`objectives.total_cost`) of the plan returned."""
    bound: int | None
    """A proven lower bound on the total cost (for the `sum` fairness rule only)."""
    wall_time_s: float
    build_time_s: float
    policy: Policy
    fairness: Fairness
    stages: list[StageResult] = field(default_factory=list)
    interrupted: bool = False
    improved_over_first_come: int | None = None
    """With `first-come-floor`: how many registrants did better than under `first-come`."""

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return (self.objective - self.bound) / max(1, abs(self.objective))

    def summary(self) -> str:
        parts = [f"status {self.status}"]
        if self.objective is not None:
            parts.append(f"objective {self.objective}")
        if self.bound is not None:
            parts.append(f"bound {self.bound}")
        if self.gap is not None:
            parts.append(f"gap {self.gap:.2%}")
        parts.append(f"{self.wall_time_s:.2f} s")
        if self.interrupted:
            parts.append("interrupted")
        return ", ".join(parts)


ProgressCallback = Callable[[Progress], None]


class _ProgressReporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, stage: str, on_progress: ProgressCallback, started: float) -> None:
        super().__init__()
        self._stage = stage
        self._on_progress = on_progress
        self._started = started

    def on_solution_callback(self) -> None:
        self._on_progress(
            Progress(self._stage, self.objective_value, self.best_objective_bound,
                     time.monotonic() - self._started)
        )


class PlanModel:
    """The CP-SAT model of one instance, built once, solved in one or more stages."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.model = cp_model.CpModel()
        self.vars = Variables.build(instance, self.model)
        add_hard_rules(self.vars)

    def hint(self, solution: Solution) -> None:
        """Start the search from `solution` (values missing from it are hinted as 0)."""
        self.model.clear_hints()
        chosen = self._keys_of(solution)
        for key, var in self.vars.start.items():
            self.model.add_hint(var, key in chosen.starts)
        for key, var in self.vars.in_room.items():
            if var.index not in chosen.start_indexes:
                self.model.add_hint(var, key in chosen.rooms)
        for key, var in self.vars.seat.items():
            self.model.add_hint(var, key in chosen.seats)

    def _keys_of(self, solution: Solution) -> _SolutionKeys:
        keys = _SolutionKeys(start_indexes={v.index for v in self.vars.start.values()})
        start_of = {}
        for s in solution.sessions:
            key = (s.workshop, s.rounds[0])
            start_of[s.id] = key
            keys.starts.add(key)
            keys.rooms.add((s.workshop, s.rounds[0], s.room))
        for a in solution.assignments:
            if a.session in start_of:
                w, r = start_of[a.session]
                keys.seats.add((a.registrant, w, r))
        return keys

    def to_solution(self, solver: cp_model.CpSolver) -> Solution:
        """Read the plan off the solver: sessions numbered per workshop in time order."""
        order = {r: i for i, r in enumerate(self.instance.round_order)}
        held = sorted(
            (key for key, var in self.vars.start.items() if solver.boolean_value(var)),
            key=lambda k: (order[k[1]], k[0]),
        )
        session_ids: dict[tuple[str, str], str] = {}
        count: dict[str, int] = {}
        sessions = []
        for w, r in held:
            count[w] = count.get(w, 0) + 1
            session_ids[w, r] = f"{w}-{count[w]}"
            room = next(
                m for m in self.vars.starts[w, r].rooms
                if solver.boolean_value(self.vars.in_room[w, r, m])
            )
            sessions.append(
                {"id": session_ids[w, r], "workshop": w, "room": room,
                 "rounds": list(self.vars.starts[w, r].rounds)}
            )
        registrant_order = {r.id: i for i, r in enumerate(self.instance.registrants)}
        taken = sorted(
            (key for key, var in self.vars.seat.items() if solver.boolean_value(var)),
            key=lambda k: (registrant_order[k[0]], order[k[2]], k[1]),
        )
        assignments = [{"registrant": p, "session": session_ids[w, r]} for p, w, r in taken]
        return Solution.model_validate(
            {"instance": self.instance.name, "sessions": sessions, "assignments": assignments}
        )


@dataclass
class _SolutionKeys:
    start_indexes: set[int]
    starts: set[tuple[str, str]] = field(default_factory=set)
    rooms: set[tuple[str, str, str]] = field(default_factory=set)
    seats: set[tuple[str, str, str]] = field(default_factory=set)


@dataclass
class SolveOptions:
    time_limit: float = 60.0
    workers: int = 2
    seed: int = 0
    log: bool = False
    on_progress: ProgressCallback | None = None
    interrupt: threading.Event | None = None
    """Set it (from a signal handler, say) to stop the search and keep the best plan."""


def _new_solver(options: SolveOptions, time_left: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(0.01, time_left)
    params.num_workers = options.workers
    params.random_seed = options.seed
    params.log_search_progress = options.log
    return solver


def run_stages(
    plan: PlanModel, stage_list: list[Stage], options: SolveOptions, started: float,
    hint: Solution | None = None,
) -> tuple[Solution | None, list[StageResult], cp_model.CpSolver | None, bool]:
    """Solve each stage in turn; fix each one's value before the next."""
    results: list[StageResult] = []
    solution = hint
    solver = None
    interrupted = False
    for stage in stage_list:
        if solution is not None:
            plan.hint(solution)
        if stage.sense == "min":
            plan.model.minimize(stage.expr)
        else:
            plan.model.maximize(stage.expr)
        solver = _new_solver(options, options.time_limit - (time.monotonic() - started))
        callback = (
            _ProgressReporter(stage.name, options.on_progress, started)
            if options.on_progress else None
        )
        status = _solve_interruptibly(solver, plan.model, callback, options.interrupt)
        result_status = _STATUS.get(status, Status.UNKNOWN)
        if result_status in (Status.OPTIMAL, Status.FEASIBLE):
            solution = plan.to_solution(solver)
            value = round(solver.objective_value)
            bound = round(solver.best_objective_bound)
            results.append(StageResult(stage.name, result_status, value, bound))
        else:
            results.append(StageResult(stage.name, result_status, None, None))
        if options.interrupt is not None and options.interrupt.is_set():
            interrupted = True
        if result_status is not Status.OPTIMAL or interrupted:
            break
        # Later stages may not give up what this one reached.
        if stage.sense == "min":
            plan.model.add(stage.expr <= results[-1].value)
        else:
            plan.model.add(stage.expr >= results[-1].value)
    return solution, results, solver, interrupted


def _solve_interruptibly(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    callback: cp_model.CpSolverSolutionCallback | None,
    interrupt: threading.Event | None,
) -> int:
    if interrupt is None:
        return solver.solve(model, callback)
    if interrupt.is_set():
        return cp_model.UNKNOWN
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.05):
            if interrupt.is_set():
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        return solver.solve(model, callback)
    finally:
        done.set()
        watcher.join()


def solve(
    instance: Instance,
    *,
    time_limit: float = 60.0,
    workers: int = 2,
    seed: int = 0,
    policy: Policy | None = None,
    fairness: Fairness | None = None,
    hint: Solution | None = None,
    log: bool = False,
    on_progress: ProgressCallback | None = None,
    interrupt: threading.Event | None = None,
) -> Result:
    """Plan `instance`: place sessions, assign registrants, optimise per the settings.

    `policy` and `fairness` override the instance's settings. `time_limit` (seconds)
    covers the whole call, all stages included.
    """
    from scheduler.policies import solve_with_policy

    options = SolveOptions(time_limit, workers, seed, log, on_progress, interrupt)
    return solve_with_policy(
        instance,
        policy or instance.settings.policy,
        fairness or instance.settings.fairness,
        options,
        hint,
    )


def solve_optimal(
    instance: Instance,
    fairness: Fairness,
    options: SolveOptions,
    hint: Solution | None = None,
    extra_rules: Callable[[PlanModel], None] | None = None,
    policy: Policy = "optimal",
) -> tuple[Result, PlanModel]:
    """The `optimal` policy: the objective of the settings, with an optional extra rule."""
    started = time.monotonic()
    plan = PlanModel(instance)
    if extra_rules is not None:
        extra_rules(plan)
    build_time = time.monotonic() - started
    solution, stage_results, solver, interrupted = run_stages(
        plan, stages(plan.vars, fairness), options, started, hint
    )
    status = _overall_status(stage_results, solution)
    objective = bound = None
    if solution is not None and solver is not None:
        if fairness == "sum" and stage_results[-1].value is not None:
            objective = stage_results[-1].value
            bound = stage_results[-1].bound
        else:
            objective = _total_cost_of(plan, solution)
    result = Result(
        status=status,
        solution=solution,
        objective=objective,
        bound=bound,
        wall_time_s=time.monotonic() - started,
        build_time_s=build_time,
        policy=policy,
        fairness=fairness,
        stages=stage_results,
        interrupted=interrupted,
    )
    return result, plan


def _overall_status(stage_results: list[StageResult], solution: Solution | None) -> Status:
    if not stage_results:
        return Status.UNKNOWN
    first = stage_results[0].status
    if first in (Status.INFEASIBLE, Status.UNKNOWN):
        return first
    if solution is None:
        return Status.UNKNOWN
    if all(s.status is Status.OPTIMAL for s in stage_results):
        return Status.OPTIMAL
    return Status.FEASIBLE


def _total_cost_of(plan: PlanModel, solution: Solution) -> int:
    """The total cost (as `objectives.total_cost` states it) of a plan of this model."""
    seats = plan._keys_of(solution).seats
    instance = plan.instance
    wanted = sum(instance.wanted_count(r) for r in instance.registrants)
    seat_cost = sum(plan.vars.seats[key].cost for key in seats)
    filled = sum(plan.vars.seats[key].weight for key in seats)
    return instance.empty_seat_cost * (wanted - filled) + seat_cost
