"""Checks before solving, and an explanation when no plan exists.

- `diagnose(instance)`: cheap checks (about linear in the instance), each finding in
  plain words with a level, a stable code and the ids it is about.
- `explain_infeasibility(instance, time_limit)`: a smallest set of relaxations (seats
  added, a pin dropped, an unavailable round allowed, a minimum lowered) that lets a
  plan exist, found with a relaxation model of its own, so the normal solve pays
  nothing for it.
"""

from scheduler.diagnose.checks import CHECKS, diagnose
from scheduler.diagnose.explain import Explanation, Relaxation, explain, explain_infeasibility
from scheduler.diagnose.findings import Finding, Level

__all__ = [
    "CHECKS",
    "Explanation",
    "Finding",
    "Level",
    "Relaxation",
    "diagnose",
    "explain",
    "explain_infeasibility",
]
