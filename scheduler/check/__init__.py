"""The independent checker: every hard rule re-verified on a finished solution.

Plain Python only, sharing nothing with the solver, so that a bug in the model cannot
hide itself. `check` lists violations; `evaluate` recomputes the objective.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from scheduler.check import registrants, sessions
from scheduler.check.evaluate import Evaluation, evaluate
from scheduler.check.plan import Plan, Violation, resolve
from scheduler.model import Instance
from scheduler.solution import Solution

__all__ = ["RULES", "Evaluation", "Violation", "check", "evaluate"]

Rule = Callable[[Instance, Plan], Iterator[Violation]]

# The order in which violations are reported; reference problems come before all.
RULES: tuple[Rule, ...] = (
    # Rule 1: sessions and rounds.
    sessions.session_counts,
    sessions.session_rounds,
    sessions.start_rounds,
    sessions.sessions_in_plenary_rounds,
    sessions.workshop_overlaps,
    # Rule 2: rooms.
    sessions.room_double_bookings,
    sessions.room_availability,
    sessions.room_features,
    # Rule 3: speakers.
    sessions.speaker_double_bookings,
    sessions.speaker_availability,
    # Rule 4: registrants.
    registrants.registrant_double_bookings,
    registrants.registrant_rounds,
    registrants.repeated_workshops,
    registrants.audiences,
    registrants.registrant_needs,
    registrants.seat_counts,
    registrants.per_round_choices,
    registrants.registrant_pins,
    registrants.chosen_only,
    # Rule 5: session sizes.
    sessions.session_sizes,
    # Pins and plenaries.
    sessions.workshop_pins,
    sessions.plenary_capacity,
)


def check(instance: Instance, solution: Solution) -> list[Violation]:
    """Every violation of a hard rule, in a fixed order; empty when the solution is valid.

    Sessions or assignments that name unknown ids are reported once and left out of
    every other rule.
    """
    plan = resolve(instance, solution)
    violations = list(plan.problems)
    for rule in RULES:
        violations.extend(rule(instance, plan))
    return violations
