"""Session ids that survive a rerun: the new plan's sessions named after the published ones.

Calendar event UIDs, door lists and the change list name sessions by id, so a rerun
that numbered its sessions afresh would tell people a session they still attend was
cancelled and a new one added. Per workshop, a new session takes the id of a published
session:

1. held in the same round and room (it did not change at all);
2. else held in the same round (it changed room);
3. else no longer held (it moved to another round), paired so that as many as possible
   keep their room.

Among equally good pairings, a session keeps the id it already has, so naming an
already named plan changes nothing. Sessions left over (a workshop that now runs more
often, or a new one) get ids that no published session used.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.graph.python.linear_sum_assignment import SimpleLinearSumAssignment

from scheduler.solution import SessionPlan, Solution


def keep_published_ids(published: Solution, new: Solution) -> Solution:
    """`new` with each session renamed after the published session it continues, and
    its assignments and wait-lists following their sessions."""
    renamed = published_names(published, new)
    if all(old == name for old, name in renamed.items()):
        return new
    return new.model_copy(update={
        "sessions": [s.model_copy(update={"id": renamed[s.id]}) for s in new.sessions],
        "assignments": [a.model_copy(update={"session": renamed.get(a.session, a.session)})
                        for a in new.assignments],
        "wait_lists": {renamed.get(session, session): line
                       for session, line in new.wait_lists.items()},
    })


def published_names(published: Solution, new: Solution) -> dict[str, str]:
    """New session id -> the id it is to have: a published one, or one never used."""
    before = _by_workshop(published.sessions)
    renamed: dict[str, str] = {}
    for workshop, sessions in _by_workshop(new.sessions).items():
        for then, now in _pairs(before.get(workshop, []), sessions):
            renamed[now.id] = then.id
    taken = {s.id for s in published.sessions} | set(renamed.values())
    for s in new.sessions:
        if s.id not in renamed:
            renamed[s.id] = _unused_id(s, taken)
            taken.add(renamed[s.id])
    return renamed


def _pairs(
    published: list[SessionPlan], new: list[SessionPlan]
) -> list[tuple[SessionPlan, SessionPlan]]:
    """Published and new sessions of one workshop that are the same session: those in
    the same round and room first, then the most that keep their round, then their room
    (then their id)."""
    in_place = {_place(s): s for s in published}
    pairs = [(in_place.pop(_place(s)), s) for s in new if _place(s) in in_place]
    paired = {id(s) for pair in pairs for s in pair}
    published_left = [s for s in published if id(s) not in paired]
    new_left = [s for s in new if id(s) not in paired]
    return pairs + _best_pairing(published_left, new_left)


def _best_pairing(
    published: list[SessionPlan], new: list[SessionPlan]
) -> list[tuple[SessionPlan, SessionPlan]]:
    """As many pairs as the shorter list has sessions, keeping the most rounds, then
    the most rooms, then the most ids: an assignment problem, as a session held twice
    in one round could otherwise hand its room to the wrong partner."""
    if not published or not new:
        return []
    size = max(len(published), len(new))
    # Each count is at most `size`, so one more of a criterion outweighs any number of
    # the criteria after it.
    room_weight, round_weight = size + 1, (size + 1) ** 2
    assignment = SimpleLinearSumAssignment()
    for i in range(size):
        for j in range(size):
            score = 0
            if i < len(published) and j < len(new):
                then, now = published[i], new[j]
                score = (round_weight * (then.rounds[0] == now.rounds[0])
                         + room_weight * (then.room == now.room) + (then.id == now.id))
            # Rows or columns past a list's end stand for "not paired".
            assignment.add_arc_with_cost(i, j, -score)
    if assignment.solve() != assignment.OPTIMAL:
        raise RuntimeError("the assignment of session ids has no solution")
    return [(published[i], new[assignment.right_mate(i)]) for i in range(len(published))
            if assignment.right_mate(i) < len(new)]


def _unused_id(session: SessionPlan, taken: set[str]) -> str:
    number = 1
    while f"{session.workshop}-{number}" in taken:
        number += 1
    return f"{session.workshop}-{number}"


def _by_workshop(sessions: list[SessionPlan]) -> dict[str, list[SessionPlan]]:
    grouped: dict[str, list[SessionPlan]] = defaultdict(list)
    for s in sessions:
        grouped[s.workshop].append(s)
    return grouped


def _place(s: SessionPlan) -> tuple[str, str]:
    return (s.rounds[0], s.room)
