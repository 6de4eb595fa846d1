"""Whether a published plan can be the start of a rerun.

A rerun trusts the published plan as the list of what people were told. A plan file
that names sessions it does not hold, or seats someone twice at the same time, was
edited or damaged after it was written; and a plan of another event shares ids like
`r-001` with this one, so it would be read as this day's plan with every workshop
cancelled. Both are refused before the search starts.
"""

from __future__ import annotations

from collections import Counter

from scheduler.check.plan import plural, quoted
from scheduler.model import Instance
from scheduler.solution import Solution


def inconsistencies(plan: Solution) -> list[str]:
    """What makes `plan` contradict itself, whatever day it is read against."""
    problems = [f"session id '{i}' is used {n} times"
                for i, n in Counter(s.id for s in plan.sessions).items() if n > 1]
    rounds_of = {s.id: s.rounds for s in plan.sessions}
    busy: dict[tuple[str, str], str] = {}
    for number, a in enumerate(plan.assignments, start=1):
        if a.session not in rounds_of:
            problems.append(f"assignment {number} names session '{a.session}', which "
                            "the plan does not hold")
            continue
        for round_id in rounds_of[a.session]:
            other = busy.setdefault((a.registrant, round_id), a.session)
            if other != a.session:
                problems.append(f"registrant '{a.registrant}' sits in sessions '{other}' "
                                f"and '{a.session}' in round '{round_id}'")
    unknown = [s for s in plan.wait_lists if s not in rounds_of]
    if unknown:
        problems.append(f"the wait-lists name {plural(len(unknown), 'session')} the plan "
                        f"does not hold: {quoted(unknown[:3])}")
    return problems


def made_for_another_day(instance: Instance, plan: Solution) -> str | None:
    """Why `plan` cannot be a plan of `instance` or of an earlier version of it; None
    when it can (see `_other_event`)."""
    return _other_event(plan, f"the day '{instance.name}'", instance.name,
                        set(instance.workshop_by_id))


def of_other_events(old: Solution, new: Solution) -> str | None:
    """Why `old` and `new` cannot be two versions of one day's plan; None when they can."""
    return _other_event(old, "the other plan", new.instance, {s.workshop for s in new.sessions})


def _other_event(plan: Solution, day: str, day_name: str, day_workshops: set[str]) -> str | None:
    """A changed day may cancel or replace workshops, so a missing workshop alone proves
    nothing. A plan none of whose workshops is on the day, or one made for an event of
    another name of which most workshops are gone, is another event's plan."""
    workshops = {s.workshop for s in plan.sessions}
    if not workshops or not day_workshops:
        return None
    held = workshops & day_workshops
    renamed = bool(plan.instance) and bool(day_name) and plan.instance != day_name
    if held and not (renamed and 2 * len(held) < len(workshops)):
        return None
    event = f" (it was made for '{plan.instance}')" if renamed else ""
    return (f"{len(workshops) - len(held)} of the plan's {len(workshops)} workshops are not "
            f"in {day}{event}: this is another event's plan, or the workshops' ids "
            "changed (they come from the titles when the workshops sheet has no Id column)")
