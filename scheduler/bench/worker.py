"""One measurement in a fresh process: ``python -m scheduler.bench.worker JOB RESULT``.

A fresh process per (instance, method) keeps peak memory honest (peaks never carry over
from an earlier instance) and keeps highspy and OR-Tools apart: they cannot share a
process (see `scheduler.baselines.common`). JOB and RESULT are JSON files; the
process's own output (the CP-SAT log, with ``log``) goes wherever the caller sends it.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

from scheduler.bench.suite import RERUN, SOLVER, Entry, load_suite
from scheduler.model import Instance
from scheduler.solution import Solution


def peak_mib() -> float:
    """This process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    """CPU seconds this process has used, all threads. Against `workers` x wall time it
    says how much of the shared machine a measurement got."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run(job: dict[str, Any]) -> dict[str, Any]:
    suite = load_suite(job["suite"])
    entry = next(e for e in suite.entries if e.name == job["entry"])
    method = job["method"]
    if method == RERUN:
        return _rerun(entry, job)
    load = os.getloadavg()[0]
    loaded = time.monotonic()
    instance = entry.source.load()
    gc.collect()
    # The machine is shared: the load when a measurement starts says how much to trust it.
    facts: dict[str, Any] = {"load_s": time.monotonic() - loaded, "loaded_mib": peak_mib(),
                             "load_1min": load}
    facts.update(size_of(instance))
    if method == SOLVER:
        facts.update(_solve(instance, job))
    else:
        facts.update(_baseline(instance, method, job))
    return facts


def size_of(instance: Instance) -> dict[str, Any]:
    return {
        "registrants": len(instance.registrants),
        "workshops": len(instance.workshops),
        "rounds": len(instance.rounds),
        "rooms": len(instance.rooms),
    }


def _solve(instance: Instance, job: dict[str, Any]) -> dict[str, Any]:
    from scheduler.solve import solve

    started, cpu = time.monotonic(), cpu_s()
    result = solve(instance, time_limit=job["time_limit"], workers=job["workers"],
                   seed=job["seed"], log=job.get("log", False))
    wall = time.monotonic() - started
    facts: dict[str, Any] = {
        "cpu_s": cpu_s() - cpu,
        "status": str(result.status),
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "build_s": result.build_time_s,
        "solve_s": wall - result.build_time_s,
        "wall_s": wall,
        "peak_mib": peak_mib(),
        "stages": [[s.name, str(s.status), s.value, s.bound] for s in result.stages],
    }
    if result.solution is not None:
        facts.update(plan_facts(instance, result.solution))
        if job.get("solution_out"):
            from scheduler.instance_io import dump_json, write_text_atomic

            write_text_atomic(job["solution_out"], dump_json(result.solution))
    facts["seats"] = candidate_seats(instance)
    return facts


def _baseline(instance: Instance, method: str, job: dict[str, Any]) -> dict[str, Any]:
    from scheduler.baselines import BASELINES, fixed_placement
    from scheduler.baselines.common import pins_fix_placement

    if pins_fix_placement(instance):
        placement = fixed_placement(instance)
    elif job.get("placement_from"):
        from scheduler.instance_io import load_solution

        solution = load_solution(job["placement_from"])
        placement = {(s.workshop, s.rounds[0]): s.room for s in solution.sessions}
    else:
        return {"status": "NOT_APPLICABLE", "note": "no placement: sessions are not pinned "
                "and the planner found no plan to take them from"}
    started, cpu = time.monotonic(), cpu_s()
    result = BASELINES[method](instance, placement, job["time_limit"], job["workers"])
    facts: dict[str, Any] = {
        "cpu_s": cpu_s() - cpu,
        "status": result.status,
        "objective": result.objective,
        "bound": result.bound,
        "build_s": result.build_time_s,
        "wall_s": time.monotonic() - started,
        "peak_mib": peak_mib(),
        "note": result.note,
    }
    if result.solution is not None:
        facts.update(plan_facts(instance, result.solution))
    return facts


def plan_facts(instance: Instance, solution: Solution) -> dict[str, Any]:
    """What a plan gives people, from the independent checker's point of view."""
    from scheduler.check import check, evaluate

    evaluation = evaluate(instance, solution)
    return {
        "violations": len(check(instance, solution)),
        "checked_objective": evaluation.objective,
        "first_choice_share": first_choice_share(instance, solution),
        "unchosen": evaluation.rank_histogram["unchosen"],
        "empty": evaluation.empty_seats,
        "sessions": len(solution.sessions),
    }


def first_choice_share(instance: Instance, solution: Solution) -> float:
    """Share of registrants with preferences who got their first choice: their
    top-ranked workshop, or (per-round choices) the first choice of every round."""
    sessions = {s.id: s for s in solution.sessions}
    got: dict[str, set[tuple[str, str]]] = {}
    for a in solution.assignments:
        s = sessions.get(a.session)
        if s is not None:
            got.setdefault(a.registrant, set()).add((s.workshop, s.rounds[0]))
    counted = satisfied = 0
    for r in instance.registrants:
        seats = got.get(r.id, set())
        if r.ranked:
            first = r.ranked[0]
            firsts = {first} if isinstance(first, str) else set(first)
            ok = any(w in firsts for w, _ in seats)
        elif r.per_round:
            wanted = {(ws[0], t) for t, ws in r.per_round.items()
                      if ws and t in instance.workshop_rounds(r)}
            if not wanted:
                continue
            ok = wanted <= seats
        else:
            continue
        counted += 1
        satisfied += ok
    return satisfied / counted if counted else 0.0


def candidate_seats(instance: Instance) -> int:
    """Seat variables of the explicit formulation (every seat that could exist, chosen
    or not), on the pinned sessions when pins fix them: the model's size before any
    pooling of unchosen seats."""
    from scheduler.baselines.common import fixed_placement, pins_fix_placement, placed_seats
    from scheduler.candidates import registrant_seats, session_starts

    if pins_fix_placement(instance):
        starts = placed_seats(instance, fixed_placement(instance)).starts
    else:
        starts = session_starts(instance)
    if not instance.settings.place_unchosen:
        return sum(len(registrant_seats(instance, r, starts)) for r in instance.registrants)
    # Every open seat counts, chosen or not, so registrants alike in what they can
    # attend have the same count: one scan per kind instead of one per registrant.
    counts: dict[tuple[object, ...], int] = {}
    total = 0
    for r in instance.registrants:
        kind = (tuple(instance.workshop_rounds(r)), tuple(r.audiences), tuple(r.needs),
                tuple(t for t, ws in (r.per_round or {}).items() if ws)
                if r.per_round is not None else None)
        if kind not in counts:
            counts[kind] = len(registrant_seats(instance, r, starts))
        total += counts[kind]
    return total


def _rerun(entry: Entry, job: dict[str, Any]) -> dict[str, Any]:
    from scheduler.check import check
    from scheduler.rerun import rerun
    from scheduler.scenarios import SCENARIOS
    from scheduler.solve import solve

    assert entry.rerun is not None
    base = entry.source.load()
    previous = entry.rerun.load_previous()
    if previous is None:
        previous = solve(base, time_limit=entry.rerun.base_time_limit,
                         workers=job["workers"], seed=job["seed"]).solution
        if previous is None:
            return {"status": "UNKNOWN", "note": "the base instance found no plan to change"}
    changed = SCENARIOS[entry.rerun.scenario](base, previous, entry.rerun.seed)
    facts: dict[str, Any] = size_of(changed)
    started = time.monotonic()
    result = rerun(changed, previous, time_limit=job["time_limit"], workers=job["workers"],
                   seed=job["seed"], log=job.get("log", False))
    rerun_s = time.monotonic() - started
    facts.update({
        "scenario": entry.rerun.scenario,
        "status": str(result.status),
        "moves": len(result.moved),
        "moves_bound": result.moves_bound,
        "sessions_in_place": result.sessions_in_place,
        "improved": len(result.improved),
        "newly_placed": len(result.newly_placed),
        "sessions_moved": result.sessions_moved,
        "sessions_dropped": result.sessions_dropped,
        "objective_before": result.objective_before,
        "objective": result.objective_after,
        "rerun_s": rerun_s,
        "wall_s": rerun_s,
        "violations": len(check(changed, result.solution)) if result.solution else None,
    })
    started = time.monotonic()
    full = solve(changed, time_limit=job["time_limit"], workers=job["workers"],
                 seed=job["seed"])
    facts.update({
        "full_status": str(full.status),
        "full_objective": full.objective,
        "full_s": time.monotonic() - started,
        "peak_mib": peak_mib(),
    })
    return facts


def main(argv: list[str]) -> int:
    job_path, result_path = Path(argv[1]), Path(argv[2])
    job = json.loads(job_path.read_text(encoding="utf-8"))
    facts = run(job)
    result_path.write_text(json.dumps(facts), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
