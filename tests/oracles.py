"""Student-project allocation instances with brute-force optima, as test oracles.

The instances and their optima come from the matchingproblems evaluation set
(``tests/data/oracles/``, see its README). This module reads them, turns them into our
`Instance`, and enumerates every matching itself, so the tests can first confirm which
reading of the format reproduces the published optima before trusting them as a check
on the solver.

Ranks follow the source: tied projects share a rank, and the k-th group of a student's
list is rank k. A profile is ``[number matched at rank 1, at rank 2, ...]``, as long as
the longest list (in groups) of any student.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Literal

from scheduler.model import Instance, Registrant, Room, Round, Settings, Workshop

DATA = Path(__file__).parent / "data" / "oracles"
SPA_ONESIDED = DATA / "spa_onesided"

LowerQuotas = Literal["closable", "must-run", "ignored"]
"""How a project's lower quota is read.

- ``closable``: a project is either closed (nobody) or has at least its lower quota.
- ``must-run``: every project gets at least its lower quota.
- ``ignored``: lower quotas play no part.

The published optima follow ``must-run``; ``test_oracles.py`` shows that the other two
readings give different numbers.
"""

# Larger than any project's upper quota, so rooms never bind and only quotas matter.
ROOM_CAPACITY = 100


@dataclass(frozen=True)
class Project:
    lower: int
    upper: int
    lecturer: str


@dataclass(frozen=True)
class Lecturer:
    lower: int
    target: int
    upper: int


@dataclass(frozen=True)
class SpaInstance:
    """Students rank projects (groups of tied projects, best first)."""

    name: str
    students: dict[str, list[list[str]]]
    projects: dict[str, Project]
    lecturers: dict[str, Lecturer]

    @property
    def profile_length(self) -> int:
        return max((len(groups) for groups in self.students.values()), default=0)

    def rank(self, student: str, project: str) -> int:
        for k, group in enumerate(self.students[student], start=1):
            if project in group:
                return k
        raise KeyError(f"student {student} did not rank project {project}")


@dataclass(frozen=True)
class Optima:
    """The numbers the oracle files publish for the best maximum-size matchings."""

    size: int
    min_cost: int
    min_sq_cost: int
    generous_profile: list[int]
    greedy_profile: list[int]


def _ranked_groups(text: str) -> list[list[str]]:
    groups: list[list[str]] = []
    for tied, single in re.findall(r"\(([^)]*)\)|(\S+)", text):
        groups.append(tied.split() if tied else [single])
    return groups


def parse_spa(text: str, name: str = "") -> SpaInstance:
    """Read the one-sided SPA text format; the free-text footer is ignored."""
    lines = [line.strip() for line in text.splitlines()]
    n_students, n_projects, n_lecturers = (int(v) for v in lines[0].split())
    body = lines[1 : 1 + n_students + n_projects + n_lecturers]
    students: dict[str, list[list[str]]] = {}
    for line in body[:n_students]:
        student, prefs = line.split(":", 1)
        students[student.strip()] = _ranked_groups(prefs)
    projects: dict[str, Project] = {}
    for line in body[n_students : n_students + n_projects]:
        project, lower, upper, lecturer = (f.strip() for f in line.split(":"))
        projects[project] = Project(int(lower), int(upper), lecturer)
    lecturers: dict[str, Lecturer] = {}
    for line in body[n_students + n_projects :]:
        # The trailing field is the lecturer's preference list, empty when one-sided.
        lecturer, lower, target, upper, _ = (f.strip() for f in line.split(":", 4))
        lecturers[lecturer] = Lecturer(int(lower), int(target), int(upper))
    return SpaInstance(name, students, projects, lecturers)


def _profile(text: str) -> list[int]:
    match = re.fullmatch(r"<\s*(.*?)\s*>", text.strip())
    if match is None:
        raise ValueError(f"not a profile: {text!r}")
    return [int(v) for v in match.group(1).split()]


def parse_optima(text: str) -> Optima:
    fields = dict(
        (key.strip(), value.strip())
        for key, value in (line.split(":", 1) for line in text.splitlines() if ":" in line)
    )
    return Optima(
        size=int(fields["optimal_size"]),
        min_cost=int(fields["optimal_maxsizemincost"]),
        min_sq_cost=int(fields["optimal_maxsizeminsqcost"]),
        generous_profile=_profile(fields["optimal_generousmaxprofile"]),
        greedy_profile=_profile(fields["optimal_greedymaxprofile"]),
    )


def spa_onesided_names() -> list[str]:
    return sorted(p.stem for p in (SPA_ONESIDED / "instances").glob("*.txt"))


def load_spa_onesided(name: str) -> tuple[SpaInstance, Optima]:
    spa = parse_spa((SPA_ONESIDED / "instances" / f"{name}.txt").read_text(), name)
    optima = parse_optima((SPA_ONESIDED / "bruteforce" / f"{name}.txt").read_text())
    return spa, optima


# Brute force: independent of any solver, small enough for 6 students.


def matchings(
    spa: SpaInstance,
    lower_quotas: LowerQuotas = "must-run",
    lecturer_quotas: bool = False,
) -> list[dict[str, str]]:
    """Every feasible matching, as student -> project (unmatched students left out)."""
    students = list(spa.students)
    options = [[None] + [p for group in spa.students[s] for p in group] for s in students]
    found: list[dict[str, str]] = []
    for choice in itertools.product(*options):
        matching = {s: p for s, p in zip(students, choice, strict=True) if p is not None}
        if _feasible(spa, matching, lower_quotas, lecturer_quotas):
            found.append(matching)
    return found


def _feasible(
    spa: SpaInstance,
    matching: dict[str, str],
    lower_quotas: LowerQuotas,
    lecturer_quotas: bool,
) -> bool:
    load = {p: 0 for p in spa.projects}
    for p in matching.values():
        load[p] += 1
    for p, project in spa.projects.items():
        if load[p] > project.upper:
            return False
        if lower_quotas == "must-run" and load[p] < project.lower:
            return False
        if lower_quotas == "closable" and 0 < load[p] < project.lower:
            return False
    if lecturer_quotas:
        lecturer_load = {lec: 0 for lec in spa.lecturers}
        for p, n in load.items():
            lecturer_load[spa.projects[p].lecturer] += n
        if any(
            not lecturer.lower <= lecturer_load[lec] <= lecturer.upper
            for lec, lecturer in spa.lecturers.items()
        ):
            return False
    return True


def profile(spa: SpaInstance, matching: dict[str, str]) -> list[int]:
    counts = [0] * spa.profile_length
    for s, p in matching.items():
        counts[spa.rank(s, p) - 1] += 1
    return counts


def brute_force_optima(
    spa: SpaInstance,
    lower_quotas: LowerQuotas = "must-run",
    lecturer_quotas: bool = False,
) -> Optima | None:
    """The oracle numbers recomputed by enumeration; None if no matching is feasible.

    Every optimum is taken over maximum-size matchings only. Generous: lexicographically
    fewest at the worst rank, then at the next worse, and so on. Greedy: lexicographically
    most at rank 1, then at rank 2, and so on. Costs: rank k costs k (or k squared).
    """
    feasible = matchings(spa, lower_quotas, lecturer_quotas)
    if not feasible:
        return None
    size = max(len(m) for m in feasible)
    profiles = [profile(spa, m) for m in feasible if len(m) == size]
    return Optima(
        size=size,
        min_cost=min(sum(k * n for k, n in enumerate(prof, start=1)) for prof in profiles),
        min_sq_cost=min(sum(k * k * n for k, n in enumerate(prof, start=1)) for prof in profiles),
        generous_profile=min(profiles, key=lambda prof: prof[::-1]),
        greedy_profile=max(profiles),
    )


def lecturer_quotas_bind(spa: SpaInstance, lower_quotas: LowerQuotas = "must-run") -> bool:
    """Whether lecturer quotas rule out any matching that project quotas allow.

    Our model has no lecturers, so an instance where they bind is no test of it.
    """
    with_lecturers = matchings(spa, lower_quotas, lecturer_quotas=True)
    return len(with_lecturers) != len(matchings(spa, lower_quotas))


# Conversion to our model.


def student_id(student: str) -> str:
    return f"S{student}"


def project_id(project: str) -> str:
    return f"P{project}"


def to_instance(spa: SpaInstance, lower_quotas: LowerQuotas = "must-run") -> Instance:
    """One round; one workshop and one roomy room per project; students want one seat.

    Lecturers have no counterpart in our model and are left out.
    """
    workshops = []
    for p, project in spa.projects.items():
        min_size = 0 if lower_quotas == "ignored" else project.lower
        must_run = lower_quotas == "must-run" and project.lower > 0
        min_sessions = 1 if must_run else 0
        workshops.append(
            Workshop(
                id=project_id(p),
                max_size=project.upper,
                min_size=min_size,
                min_sessions=min_sessions,
                max_sessions=1,
            )
        )
    registrants = [
        Registrant(
            id=student_id(s),
            ranked=[
                project_id(g[0]) if len(g) == 1 else [project_id(p) for p in g] for g in groups
            ],
            wanted=1,
        )
        for s, groups in spa.students.items()
    ]
    return Instance(
        name=f"spa_onesided/{spa.name}",
        rounds=[Round(id="R1", day=date(2020, 10, 3), start=time(9), end=time(10))],
        rooms=[Room(id=f"room-{p}", capacity=ROOM_CAPACITY) for p in spa.projects],
        workshops=workshops,
        registrants=registrants,
        settings=Settings(place_unchosen=False),
    )
