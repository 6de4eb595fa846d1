"""Promotions in wait-list order: a freed seat goes to the first in line.

The published plan carries, for each full session, the registrants waiting for it, in
priority order (`waitlist`). When the rerun gives a seat in that workshop (in that
session, or in one it adds) to someone in its line, everyone ahead of them should have
been served first: seated in the workshop, or holding something they rank at least as
well in the session's rounds. Registrants new to the day come after the whole line.

A *skip* is a seat given while someone ahead is not served. The rerun minimises skips
after seats filled and moves, before the preference cost: the line decides who is
promoted, where that costs no seat and no move. Counting skips takes a chain of
"everyone so far is served" variables, one per place in line, not a pair per two
people: a line can hold hundreds.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.solution import Solution
from scheduler.variables import Variables


def line_skips(
    v: Variables, previous: Solution, moved: dict[str, cp_model.IntVar], forced: set[str]
) -> cp_model.LinearExprT:
    """Seats given out of line, over every wait-list of `previous`. A line is for a
    workshop's session; a seat in any session of that workshop, a new one included,
    is a seat it waits for. `moved` holds the registrants with a published programme,
    each with their "moved" variable: one moved into a session is not promoted, and
    skips nobody; nor does one `forced` out of their published programme, who needs a
    new seat wherever it is. The others in the instance are new, and wait behind each
    line they are not in."""
    model = v.model
    by_registrant = v.seats_by_registrant()
    sessions = {s.id: s for s in previous.sessions}
    newcomers = [r.id for r in v.instance.registrants if r.id not in moved]
    skips: list[cp_model.IntVar] = []
    for session_id, line in previous.wait_lists.items():
        session = sessions.get(session_id)
        if session is None:
            continue
        workshop, start = session.workshop, session.rounds[0]
        everyone_served: cp_model.IntVar | int = 1
        behind = [r for r in newcomers if r not in line]
        for place, registrant_id in enumerate([*line, *behind]):
            keys = by_registrant.get(registrant_id, [])
            in_workshop = [v.seat[key] for key in keys if key[1] == workshop]
            if not in_workshop:
                continue  # gone, or no longer able to take it: out of the line
            in_line = place < len(line)
            rank = v.instance.registrant_by_id[registrant_id].choice_rank(workshop, start)
            if in_line and rank is None:
                continue  # no longer wants it: out of the line
            if registrant_id not in forced:
                skip = model.new_bool_var(f"skip[{session_id},{registrant_id}]")
                model.add(skip >= sum(in_workshop) - everyone_served
                          - moved.get(registrant_id, 0))
                skips.append(skip)
            if not in_line or rank is None:
                continue  # newcomers only wait behind the line
            as_good = in_workshop + [
                v.seat[key] for key in keys
                if key[1] != workshop and set(v.seats[key].rounds) & set(session.rounds)
                and _ranked_at_least(v.seats[key].rank, rank)
            ]
            served = model.new_bool_var(f"served[{session_id},{registrant_id}]")
            model.add(served <= sum(as_good))
            so_far = model.new_bool_var(f"served_so_far[{session_id},{registrant_id}]")
            model.add(so_far <= served)
            model.add(so_far <= everyone_served)
            everyone_served = so_far
    return cp_model.LinearExpr.sum(skips)


def _ranked_at_least(rank: int | None, than: int) -> bool:
    return rank is not None and rank <= than
