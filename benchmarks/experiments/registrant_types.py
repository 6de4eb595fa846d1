"""How many registrants are alike: same wishes, audiences, needs and presence.

Registrants alike are interchangeable in the assignment model, so a model could hold one
integer count per type and seat instead of one Boolean per registrant and seat. For
one-round workshops the counts can always be split back into individual programmes (a
bipartite multigraph of rounds and workshops with degree at most n splits into n
matchings, König), so the aggregation is exact there. This counts the types.

    python benchmarks/experiments/registrant_types.py --generate '{"registrants": 100000, ...}'
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

from scheduler.generate import generate_instance
from scheduler.instance_io import load_instance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--instance")
    source.add_argument("--generate", help="generate_instance arguments as JSON")
    args = parser.parse_args()
    instance = (load_instance(args.instance) if args.instance
                else generate_instance(**json.loads(args.generate)))
    types: Counter[tuple[object, ...]] = Counter()
    for r in instance.registrants:
        types[(
            tuple(tuple(c) if isinstance(c, list) else c for c in r.ranked or []),
            tuple(sorted((t, tuple(ws)) for t, ws in (r.per_round or {}).items())),
            r.wanted, tuple(r.audiences), tuple(r.needs), tuple(r.present or ()),
            tuple((p.workshop, p.round) for p in r.pinned),
        )] += 1
    sizes = sorted(types.values(), reverse=True)
    print(json.dumps({
        "registrants": len(instance.registrants), "types": len(types),
        "largest_types": sizes[:5], "singletons": sum(1 for s in sizes if s == 1),
        "registrants_in_types_of_10_or_more": sum(s for s in sizes if s >= 10),
    }))


if __name__ == "__main__":
    main()
