"""How close the assignment model's LP relaxation is to integral, measured with HiGHS.

Solves the LP relaxation of the fixed-placement model (`scheduler.baselines.highs`,
the same columns and rows as the planner's explicit-seat model) and counts the seat
columns whose value is neither 0 nor 1. When none are, the LP optimum is a plan and its
value the proven optimum: no branching is needed at all.

    python benchmarks/experiments/lp_integrality.py --generate '{"registrants": 10000, ...}'

Runs without OR-Tools in the process (highspy and OR-Tools cannot share one).
"""

from __future__ import annotations

import argparse
import json
import time

import highspy
import numpy as np

from scheduler.assignment_program import assignment_program
from scheduler.baselines.common import fixed_placement
from scheduler.generate import generate_instance
from scheduler.instance_io import load_instance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--instance")
    source.add_argument("--generate", help="generate_instance arguments as JSON")
    parser.add_argument("--solver", default="choose", help="HiGHS: choose, simplex, ipm, pdlp")
    parser.add_argument("--pooled", action="store_true",
                        help="unchosen seats from one pool per round, as the planner's "
                             "large-instance model")
    args = parser.parse_args()
    instance = (load_instance(args.instance) if args.instance
                else generate_instance(**json.loads(args.generate)))
    started = time.monotonic()
    program = assignment_program(instance, fixed_placement(instance), pooled=args.pooled)
    built = time.monotonic()
    n = len(program.columns)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, program.rows
    lp.col_cost_, lp.offset_ = program.cost, program.offset
    lp.col_lower_, lp.col_upper_ = np.zeros(n), np.ones(n)
    lp.row_lower_, lp.row_upper_ = np.array(program.lower), np.array(program.upper)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(program.start, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(program.index, dtype=np.int32)
    lp.a_matrix_.value_ = np.ones(len(program.index))
    h = highspy.Highs()
    h.silent()
    h.setOptionValue("solver", args.solver)
    h.passModel(lp)
    h.run()
    solved = time.monotonic()
    values = np.asarray(h.getSolution().col_value)
    fractional = int(np.count_nonzero((values > 1e-6) & (values < 1 - 1e-6)))
    people = {program.columns[j].registrant for j in np.flatnonzero(
        (values > 1e-6) & (values < 1 - 1e-6))}
    print(json.dumps({
        "pooled": args.pooled, "columns": n, "rows": program.rows, "nonzeros": len(program.index),
        "status": h.getModelStatus().name, "lp_value": h.getInfo().objective_function_value,
        "fractional_columns": fractional, "registrants_with_fractions": len(people),
        "build_s": round(built - started, 2), "lp_s": round(solved - built, 2),
        "iterations": h.getInfo().simplex_iteration_count,
    }))


if __name__ == "__main__":
    main()
