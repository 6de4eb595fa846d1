"""Try CP-SAT settings and objective forms on the planner's own model, without changing it.

Builds the model exactly as `scheduler.solve` does for a fixed placement (the pinned
sessions; unchosen seats pooled per round on large instances), then solves it with the
parameters given, and reports where the time went: model build, CP-SAT presolve (read
from the log: "Starting search at"), search, and the first and last solutions.

    python benchmarks/experiments/cpsat_variants.py --generate \
        '{"registrants": 10000, "workshops": 80, "rounds": 6, "rooms": 20, "repeats": 40,
          "fixed_placement": true, "seed": 1}' \
        --params max_presolve_iterations=1 --params symmetry_level=0 --time-limit 60

`--objective two-stage` first maximises the seats filled, fixes that, then minimises
the seat cost alone: the same lexicographic optimum without the empty-seat weight
(millions) in the objective, which the LP has to scale against costs of 0 to 100.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from typing import Any

from ortools.sat.python import cp_model

from scheduler.check import check, evaluate
from scheduler.generate import generate_instance
from scheduler.instance_io import load_instance
from scheduler.model import Instance
from scheduler.objectives import seats_filled, total_cost
from scheduler.plan_model import PlanModel, pinned_placement, placement_is_fixed
from scheduler.solve import pooled_registrants


def build(instance: Instance, pool: str) -> tuple[PlanModel, float]:
    started = time.monotonic()
    placement = pinned_placement(instance) if placement_is_fixed(instance) else None
    pooled = pooled_registrants(instance, {"auto": None, "on": True, "off": False}[pool])
    plan = PlanModel(instance, placement, pooled)
    return plan, time.monotonic() - started


def parse_value(text: str) -> Any:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(text.lower(), text)


def new_solver(args: argparse.Namespace, time_left: float, log: list[str]) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.max_time_in_seconds = max(0.01, time_left)
    p.num_workers = args.workers
    p.random_seed = args.seed
    p.log_search_progress = True
    p.log_to_stdout = False
    if args.search == "lp":
        p.subsolvers.extend(["max_lp", "default_lp"][: max(1, args.workers)])
    for item in args.params:
        name, _, value = item.partition("=")
        if name == "subsolvers":
            del p.subsolvers[:]
            p.subsolvers.extend(value.split("+"))
        else:
            setattr(p, name, parse_value(value))
    solver.log_callback = log.append
    return solver


def log_facts(chunks: list[str]) -> dict[str, Any]:
    """Presolve end, first and last solution times, which workers found solutions, and
    the LP's numerical trouble counters ("Lp debug": Bad, BadScaling)."""
    lines = [line for chunk in chunks for line in chunk.splitlines()]
    facts: dict[str, Any] = {"presolve_s": None}
    solutions = []
    for i, line in enumerate(lines):
        if m := re.match(r"Starting search at ([\d.]+)s", line):
            facts["presolve_s"] = float(m.group(1))
        elif m := re.match(r"#(\d+)\s+([\d.]+)s best:(\S+)\s+next:\[\S*\]\s+(\S+)", line):
            solutions.append((float(m.group(2)), m.group(3), re.sub(r"\(.*", "", m.group(4))))
        elif m := re.match(r"#Done\s+([\d.]+)s", line):
            facts["done_s"] = float(m.group(1))
        elif line.startswith("Lp debug"):
            facts["lp_debug"] = [" ".join(x.split()) for x in lines[i:i + 3] if x.strip()]
        elif line.startswith("Presolved optimization model"):
            facts["presolved"] = " ".join(lines[i + 1].split()) if i + 1 < len(lines) else ""
    finders = [s[2] for s in solutions]
    facts["finders"] = {f: finders.count(f) for f in sorted(set(finders))}
    facts["first_solution_s"] = solutions[0][0] if solutions else None
    facts["last_solution_s"] = solutions[-1][0] if solutions else None
    return facts


def run(args: argparse.Namespace, instance: Instance) -> dict[str, Any]:
    started = time.monotonic()
    plan, build_s = build(instance, args.pool)
    v = plan.vars
    out: dict[str, Any] = {"build_s": round(build_s, 2), "seat_vars": len(v.seat),
                           "pool_vars": len(v.pool)}
    log: list[str] = []
    if args.objective == "weighted" and args.empty_cost is not None:
        # Diagnosis only: the same objective with a smaller empty-seat weight (exact
        # only while it still exceeds what any seat-cost saving can be worth).
        terms = v.seat_terms()
        plan.model.minimize(cp_model.LinearExpr.weighted_sum(
            [t[0] for t in terms], [t[3] - args.empty_cost * t[4] for t in terms]))
    elif args.objective == "weighted":
        plan.model.minimize(total_cost(v))
    else:
        wanted = sum(instance.wanted_count(r) for r in instance.registrants)
        # Implied by the one-seat-per-round rules; stated, it caps the objective's
        # domain, so a plan that seats everyone is known optimal at once.
        plan.model.add(seats_filled(v) <= wanted)
        plan.model.maximize(seats_filled(v))
        solver = new_solver(args, args.time_limit - (time.monotonic() - started), log)
        status = solver.solve(plan.model)
        out["stage1"] = [solver.status_name(status), solver.objective_value,
                         round(time.monotonic() - started, 2)]
        if status != cp_model.OPTIMAL:
            out["status"] = "stage 1 not optimal"
            return out
        plan.model.add(seats_filled(v) >= round(solver.objective_value))
        terms = v.seat_terms()
        plan.model.minimize(cp_model.LinearExpr.weighted_sum([t[0] for t in terms],
                                                             [t[3] for t in terms]))
        plan.hint(plan.to_solution(solver))
        log.clear()
    solver = new_solver(args, args.time_limit - (time.monotonic() - started), log)
    status = solver.solve(plan.model)
    wall = time.monotonic() - started
    out.update({"status": solver.status_name(status), "wall_s": round(wall, 2),
                "solver_s": round(solver.wall_time, 2),
                "solver_cpu_s": round(solver.user_time, 2),
                "dtime": round(solver.response_proto.deterministic_time, 2)})
    out.update(log_facts(log))
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        solution = plan.to_solution(solver)
        evaluation = evaluate(instance, solution)
        out.update({"objective": evaluation.objective, "violations": len(check(instance, solution)),
                    "pool_failures": len(plan.pool_failures)})
        if args.objective == "weighted" and args.empty_cost is None:
            out["bound"] = round(solver.best_objective_bound)
    if args.keep_log:
        with open(args.keep_log, "w", encoding="utf-8") as handle:
            handle.write("\n".join(log))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--instance")
    source.add_argument("--generate", help="generate_instance arguments as JSON")
    parser.add_argument("--params", action="append", default=[],
                        help="name=value of a CP-SAT parameter; repeatable")
    parser.add_argument("--search", choices=["lp", "portfolio"], default="lp")
    parser.add_argument("--objective", choices=["weighted", "two-stage"], default="weighted")
    parser.add_argument("--pool", choices=["auto", "on", "off"], default="auto")
    parser.add_argument("--empty-cost", type=int,
                        help="diagnosis: this empty-seat weight instead of the instance's")
    parser.add_argument("--time-limit", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep-log")
    args = parser.parse_args()
    instance = (load_instance(args.instance) if args.instance
                else generate_instance(**json.loads(args.generate)))
    print(json.dumps(run(args, instance)))


if __name__ == "__main__":
    main()
