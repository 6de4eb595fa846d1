"""The assignment LP solved inside OR-Tools (GLOP or PDLP), the planner's own library.

HiGHS finds the fixed-placement LP integral on the generated instances (see
`lp_integrality.py`): its optimum is a plan, and its value the proven optimum. This
checks whether OR-Tools' LP solvers, which live in the planner's process (highspy cannot),
get there as fast: the same columns and rows (`scheduler.baselines.highs`), solved by
`pywraplp` with GLOP (dual simplex) or PDLP (first-order).

    python benchmarks/experiments/glop_lp.py --generate '{...}' --pooled --solver GLOP
"""

from __future__ import annotations

import argparse
import json
import time

from ortools.linear_solver import pywraplp

from scheduler.assignment_program import assignment_program
from scheduler.baselines.common import fixed_placement
from scheduler.generate import generate_instance
from scheduler.instance_io import load_instance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--instance")
    source.add_argument("--generate", help="generate_instance arguments as JSON")
    parser.add_argument("--solver", default="GLOP", choices=["GLOP", "PDLP"])
    parser.add_argument("--pooled", action="store_true")
    parser.add_argument("--time-limit", type=float, default=600)
    parser.add_argument("--empty-cost", type=int,
                        help="the LP's empty-seat weight (default: the instance's)")
    parser.add_argument("--params", default="",
                        help="solver parameters as text, e.g. 'use_dual_simplex: true'")
    args = parser.parse_args()
    instance = (load_instance(args.instance) if args.instance
                else generate_instance(**json.loads(args.generate)))
    started = time.monotonic()
    program = assignment_program(instance, fixed_placement(instance), pooled=args.pooled,
                                 empty_cost=args.empty_cost)
    solver = pywraplp.Solver.CreateSolver(args.solver)
    solver.SetTimeLimit(int(args.time_limit * 1000))
    if args.params:
        solver.SetSolverSpecificParametersAsString(args.params)
    x = [solver.NumVar(0.0, 1.0, "") for _ in program.columns]
    for i in range(program.rows):
        lower = program.lower[i] if program.lower[i] != float("-inf") else -solver.infinity()
        row = solver.RowConstraint(lower, program.upper[i], "")
        for j in program.index[program.start[i]:program.start[i + 1]]:
            row.SetCoefficient(x[j], 1.0)
    objective = solver.Objective()
    for j, c in enumerate(program.cost):
        objective.SetCoefficient(x[j], float(c))
    objective.SetOffset(program.offset)
    objective.SetMinimization()
    built = time.monotonic()
    status = solver.Solve()
    solved = time.monotonic()
    values = [v.solution_value() for v in x] if status == solver.OPTIMAL else []
    fractional = sum(1 for v in values if 1e-6 < v < 1 - 1e-6)
    print(json.dumps({
        "solver": args.solver, "pooled": args.pooled, "columns": len(x), "rows": program.rows,
        "status": status, "lp_value": objective.Value() if values else None,
        "fractional_columns": fractional, "build_s": round(built - started, 2),
        "lp_s": round(solved - built, 2), "iterations": solver.iterations(),
    }))


if __name__ == "__main__":
    main()
