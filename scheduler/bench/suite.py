"""A benchmark suite: a folder of instances described by its ``suite.yaml``.

```yaml
description: what the suite is for
time_limit: 30            # seconds per solve, unless an instance says otherwise
baselines: [first-come, highs, flow, lp-bound]
targets: {build_share_below: 0.10}       # for every instance
instances:
  - name: small
    file: small.json                     # committed next to suite.yaml
    expected_objective: 1234             # a known optimum (asserted by the smoke test)
  - name: large
    generate: {registrants: 100000, workshops: 150, rounds: 6, rooms: 30,
               fixed_placement: true, seed: 1}   # made on the fly, same every time
    time_limit: 300
    baseline_time_limit: 600              # HiGHS and the LP bound
    targets: {lp_gap_below: 0.01, peak_mib_below: 8192}
  - name: cancelled
    rerun:
      base: {file: base.json}            # or {generate: {...}}
      previous: base-solution.json       # the published plan (solved on the fly if absent)
      scenario: cancel-most-popular
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scheduler.errors import InputError
from scheduler.generate import generate_instance
from scheduler.instance_io import load_instance, load_solution, read_document
from scheduler.model import Instance
from scheduler.solution import Solution

SUITE_FILE = "suite.yaml"
SOLVER = "cp-sat"
RERUN = "rerun"
"""Method names of a measurement besides the baselines: the planner, and a rerun."""
KNOWN_BASELINES = ("first-come", "highs", "flow", "lp-bound")
KNOWN_TARGETS = (
    "optimal_within_s",
    "faster_than_highs",
    "lp_gap_below",
    "bound_gap_below",
    "peak_mib_below",
    "build_share_below",
    "rerun_faster_than_full",
)


@dataclass(frozen=True)
class Source:
    """Where an instance comes from: a file in the suite folder or generator arguments."""

    file: Path | None = None
    generate: dict[str, Any] | None = None

    def load(self) -> Instance:
        if self.file is not None:
            return load_instance(self.file)
        assert self.generate is not None
        return generate_instance(**self.generate)

    def describe(self) -> str:
        if self.file is not None:
            return self.file.name
        assert self.generate is not None
        return "generate(" + ", ".join(f"{k}={v}" for k, v in self.generate.items()) + ")"


@dataclass(frozen=True)
class Rerun:
    scenario: str
    previous: Path | None
    """The published plan; solved on the fly (with `base_time_limit`) when None."""
    base_time_limit: float
    seed: int = 0

    def load_previous(self) -> Solution | None:
        return load_solution(self.previous) if self.previous is not None else None


@dataclass(frozen=True)
class Entry:
    name: str
    source: Source
    time_limit: float
    baselines: tuple[str, ...]
    targets: dict[str, Any] = field(default_factory=dict)
    expected_objective: int | None = None
    rerun: Rerun | None = None
    baseline_time_limit: float | None = None
    """Seconds for HiGHS and the LP; default the planner's. Longer, to see how long
    HiGHS takes to prove what the planner proved."""


@dataclass(frozen=True)
class Suite:
    name: str
    folder: Path
    description: str
    entries: list[Entry]


def load_suite(folder: str | Path) -> Suite:
    """Read `folder/suite.yaml`; InputError naming the file and the entry on a mistake."""
    folder = Path(folder)
    path = folder / SUITE_FILE
    if folder.is_file():
        folder, path = folder.parent, folder
    data = read_document(path)
    if not isinstance(data, dict) or not isinstance(data.get("instances"), list):
        raise InputError(str(path), "a suite needs a mapping with an 'instances' list")
    default_limit = float(data.get("time_limit", 60))
    default_baselines = _baselines(data.get("baselines", list(KNOWN_BASELINES)), path, "suite")
    default_targets = _targets(data.get("targets", {}), path, "suite")
    entries = []
    for n, item in enumerate(data["instances"], start=1):
        place = f"instances[{n}]"
        if not isinstance(item, dict) or "name" not in item:
            raise InputError(str(path), "each instance needs a 'name'", place)
        place = f"instances[{n}] (name '{item['name']}')"
        rerun = None
        if "rerun" in item:
            spec = item["rerun"]
            source = _source(spec.get("base", {}), folder, path, place)
            previous = folder / spec["previous"] if spec.get("previous") else None
            from scheduler.scenarios import SCENARIOS

            if spec.get("scenario") not in SCENARIOS:
                raise InputError(str(path), f"unknown scenario '{spec.get('scenario')}'; "
                                 f"known: {', '.join(SCENARIOS)}", place)
            rerun = Rerun(spec["scenario"], previous,
                          float(spec.get("base_time_limit", default_limit)),
                          int(spec.get("seed", 0)))
        else:
            source = _source(item, folder, path, place)
        entries.append(Entry(
            name=str(item["name"]),
            source=source,
            time_limit=float(item.get("time_limit", default_limit)),
            baselines=_baselines(item.get("baselines", default_baselines), path, place),
            targets={**default_targets, **_targets(item.get("targets", {}), path, place)},
            expected_objective=item.get("expected_objective"),
            rerun=rerun,
            baseline_time_limit=(float(item["baseline_time_limit"])
                                 if "baseline_time_limit" in item else None),
        ))
    names = [e.name for e in entries]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise InputError(str(path), f"instance names used twice: {', '.join(repeated)}")
    return Suite(folder.name, folder, str(data.get("description", "")), entries)


def _source(item: dict[str, Any], folder: Path, path: Path, place: str) -> Source:
    if "file" in item:
        file = folder / item["file"]
        if not file.exists():
            raise InputError(str(path), f"instance file {item['file']} not found", place)
        return Source(file=file)
    if isinstance(item.get("generate"), dict):
        return Source(generate=dict(item["generate"]))
    raise InputError(str(path), "give 'file' or 'generate'", place)


def _baselines(value: Any, path: Path, place: str) -> tuple[str, ...]:
    names = value.split(",") if isinstance(value, str) else list(value or [])
    unknown = [b for b in names if b not in KNOWN_BASELINES]
    if unknown:
        raise InputError(str(path), f"unknown baseline '{unknown[0]}'; known: "
                         f"{', '.join(KNOWN_BASELINES)}", place)
    return tuple(names)


def _targets(value: Any, path: Path, place: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(str(path), "'targets' must be a mapping", place)
    unknown = [t for t in value if t not in KNOWN_TARGETS]
    if unknown:
        raise InputError(str(path), f"unknown target '{unknown[0]}'; known: "
                         f"{', '.join(KNOWN_TARGETS)}", place)
    return dict(value)
