"""Where the model build spends its time: cProfile over building the planner's model.

    python benchmarks/experiments/build_profile.py --generate '{"registrants": 10000, ...}'

Prints the functions with the most time of their own, and the build's total time and
peak memory growth (tracemalloc is off: it slows the build several times over).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import resource
import time

from cpsat_variants import build  # noqa: E402  (same folder)

from scheduler.generate import generate_instance
from scheduler.instance_io import load_instance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--instance")
    source.add_argument("--generate", help="generate_instance arguments as JSON")
    parser.add_argument("--pool", choices=["auto", "on", "off"], default="auto")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    instance = (load_instance(args.instance) if args.instance
                else generate_instance(**json.loads(args.generate)))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    profiler = cProfile.Profile()
    started = time.monotonic()
    profiler.enable()
    plan, _ = build(instance, args.pool)
    profiler.disable()
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(args.top)
    print(text.getvalue())
    print(json.dumps({"build_s_profiled": round(wall, 2), "seat_vars": len(plan.vars.seat),
                      "pool_vars": len(plan.vars.pool),
                      "proto_constraints": len(plan.model.proto.constraints),
                      "peak_mib_before": round(before), "peak_mib_after": round(after)}))


if __name__ == "__main__":
    main()
