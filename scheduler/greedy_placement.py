"""A first placement by rule of thumb, for days where sessions still have to be placed.

CP-SAT's first placements on a large day can leave hundreds of wanted seats empty,
and an assignment cannot repair a placement. Organisers place by hand with three rules,
and so does this:

- the most wanted workshops get the repeats (`max_sessions`) and the largest rooms;
- two workshops that many people chose together go in different rounds;
- rounds stay about equally full.

Only possible sessions are used (`candidates.session_starts`: speakers, room features,
availability and plenaries already applied), and speakers are kept to one session per
round. The result is a start, not a promise: the caller seats people on it and keeps it
only if the checker accepts the plan.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from scheduler.candidates import Start, session_capacity, session_starts
from scheduler.model import Instance

Placement = dict[tuple[str, str], str]


def greedy_placement(instance: Instance) -> Placement | None:
    """(workshop, start round) -> room, or None when the rules of thumb get stuck (pins,
    or too few rooms for the sessions every workshop must run)."""
    if any(w.pins for w in instance.workshops):
        return None
    starts = session_starts(instance)
    demand, together = _demand(instance)
    sessions = _session_counts(instance, starts, demand)
    if any(sessions.get(w.id, 0) < w.min_sessions for w in instance.workshops
           if not w.cancelled):
        return None  # too few possible sessions: the day has no plan at all
    order = sorted(
        ((w, k) for w, n in sessions.items() for k in range(n)),
        key=lambda item: (-instance.workshop_by_id[item[0]].duration,
                          -demand[item[0]] / sessions[item[0]], item[0], item[1]),
    )
    rooms_free = {t: {m.id for m in instance.rooms} for t in instance.round_order}
    speaker_busy: dict[str, set[str]] = defaultdict(set)
    in_round: dict[str, list[str]] = {t: [] for t in instance.round_order}
    placement: Placement = {}
    for w, k in order:
        workshop = instance.workshop_by_id[w]
        best: tuple[float, str, str] | None = None
        for (sw, t), start in starts.items():
            if sw != w or (w, t) in placement:
                continue
            if any(w in in_round[r] for r in start.rounds):
                continue
            if any(speaker_busy[s] & set(start.rounds) for s in workshop.speakers):
                continue
            room = _largest_free(instance, w, start, rooms_free)
            if room is None:
                continue
            clash = sum(together.get(_pair(w, other), 0)
                        for r in start.rounds for other in in_round[r])
            crowding = sum(len(in_round[r]) for r in start.rounds)
            score = clash + crowding * 1e-3
            if best is None or score < best[0]:
                best = (score, t, room)
        if best is None:
            if k < workshop.min_sessions:
                return None
            continue
        _, t, room = best
        start = starts[w, t]
        placement[w, t] = room
        for r in start.rounds:
            rooms_free[r].discard(room)
            in_round[r].append(w)
        for s in workshop.speakers:
            speaker_busy[s].update(start.rounds)
    return placement


def _demand(instance: Instance) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    """How much each workshop is wanted (a first choice counts most), and how often two
    workshops are wanted by the same registrant."""
    demand: dict[str, float] = defaultdict(float)
    together: dict[tuple[str, str], float] = defaultdict(float)
    for registrant in instance.registrants:
        if registrant.per_round is not None:
            chosen = {w for choices in registrant.per_round.values() for w in choices}
        else:
            chosen = set(registrant.ranked_ids)
        ranks = registrant.rank_by_workshop()
        for w in chosen:
            demand[w] += 1.0 / ranks.get(w, 1)
        for a, b in combinations(sorted(chosen), 2):
            together[a, b] += 1.0
    return demand, together


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _session_counts(
    instance: Instance, starts: dict[tuple[str, str], Start], demand: dict[str, float]
) -> dict[str, int]:
    """Each workshop's minimum, then repeats to the most wanted per session, while the
    rounds have rooms to spare."""
    possible = defaultdict(int)
    for w, _ in starts:
        possible[w] += 1
    counts = {w.id: min(w.min_sessions, possible[w.id]) for w in instance.workshops
              if not w.cancelled}
    for w in instance.workshops:
        if w.id in counts and counts[w.id] == 0 and demand.get(w.id) and w.max_sessions:
            counts[w.id] = 1
    slots = sum(len(instance.rooms) for _ in instance.round_order) - len(instance.plenaries)
    used = sum(n * instance.workshop_by_id[w].duration for w, n in counts.items())
    while used < slots:
        growable = [w for w, n in counts.items()
                    if n < min(instance.workshop_by_id[w].max_sessions, possible[w])]
        if not growable:
            break
        w = max(growable, key=lambda w: (demand.get(w, 0.0) / (counts[w] + 1), w))
        if not demand.get(w):
            break
        counts[w] += 1
        used += instance.workshop_by_id[w].duration
    return counts


def _largest_free(
    instance: Instance, workshop_id: str, start: Start, rooms_free: dict[str, set[str]]
) -> str | None:
    free = [m for m in start.rooms if all(m in rooms_free[r] for r in start.rounds)]
    if not free:
        return None
    return max(free, key=lambda m: (session_capacity(instance, workshop_id, m), m))
