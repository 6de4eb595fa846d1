"""The objective of a solution, recomputed in plain Python from the settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scheduler.check.plan import resolve
from scheduler.model import Instance
from scheduler.solution import Solution


@dataclass(frozen=True)
class Evaluation:
    """How good a solution is, term by term.

    A seat is one (registrant, session) assignment whose ids resolve (see `Plan`); its
    rank is `registrant.choice_rank(workshop, start round)`, None when unchosen.

    - `registrants`: registrants in the instance.
    - `wanted_seats`: sum of `instance.wanted_count` over registrants.
    - `filled_seats`: wanted seats filled, each session weighing
      `instance.seat_weight` (a two-round workshop fills two rounds).
    - `empty_seats`: sum over registrants of max(0, wanted - seats filled).
    - `placed`: registrants with every wanted seat filled.
    - `rank_histogram`: sessions attended by rank: "1", "2", ... up to the longest rank
      any registrant's preferences give (so two solutions of one instance have the same keys), then
      "unchosen", then "empty" (empty seats).
    - `profile`: seats at rank 1, 2, ..., same length as the numbered histogram keys.
    - `seat_cost`: sum of `settings.seat_cost(rank)` over seats.
    - `objective`: `instance.empty_seat_cost * empty_seats + seat_cost`.
    - `worst_off`: registrant ids, in instance order, of those served worst: most empty
      seats first, then the worst seat (unchosen is worse than any rank). Empty when
      every wanted seat is filled with a first choice.
    """

    registrants: int
    wanted_seats: int
    filled_seats: int
    empty_seats: int
    placed: int
    rank_histogram: dict[str, int]
    profile: list[int]
    seat_cost: int
    objective: int
    worst_off: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "registrants": self.registrants,
            "wanted_seats": self.wanted_seats,
            "filled_seats": self.filled_seats,
            "empty_seats": self.empty_seats,
            "placed": self.placed,
            "rank_histogram": dict(self.rank_histogram),
            "profile": list(self.profile),
            "seat_cost": self.seat_cost,
            "objective": self.objective,
            "worst_off": list(self.worst_off),
        }

    def summary(self, *, show: int = 5) -> str:
        """A few lines for people; at most `show` worst-off ids."""
        ranks = ", ".join(f"{k}: {n}" for k, n in self.rank_histogram.items())
        lines = [
            f"registrants: {self.registrants} ({self.placed} with every wanted seat)",
            f"seats: {self.wanted_seats} wanted, {self.filled_seats} filled, "
            f"{self.empty_seats} empty",
            f"ranks: {ranks}",
            f"objective: {self.objective} (seat cost {self.seat_cost})",
        ]
        if self.worst_off:
            more = len(self.worst_off) - show
            ids = ", ".join(self.worst_off[:show]) + (f" and {more} more" if more > 0 else "")
            lines.append(f"worst off: {ids}")
        return "\n".join(lines)



def evaluate(instance: Instance, solution: Solution) -> Evaluation:
    plan = resolve(instance, solution)
    longest = instance.longest_rank
    settings = instance.settings
    profile = [0] * longest
    unchosen = wanted_seats = filled = empty_seats = placed = seat_cost = 0
    badness: dict[str, tuple[int, int]] = {}
    for r in instance.registrants:
        seats = [plan.sessions[i] for i in plan.seats.get(r.id, [])]
        wanted = instance.wanted_count(r)
        held = sum(instance.seat_weight(r, s.rounds) for s in seats)
        empty = max(0, wanted - held)
        wanted_seats += wanted
        filled += held
        empty_seats += empty
        placed += empty == 0
        worst = 0
        for s in seats:
            rank = r.choice_rank(s.workshop, s.rounds[0])
            seat_cost += settings.seat_cost(rank)
            if rank is None:
                unchosen += 1
                worst = longest + 1
            else:
                profile[rank - 1] += 1
                worst = max(worst, rank)
        badness[r.id] = (empty, worst)

    worst_off: list[str] = []
    if badness:
        top = max(badness.values())
        if top > (0, 1):
            worst_off = [i for i, b in badness.items() if b == top]
    histogram = {str(k): n for k, n in enumerate(profile, start=1)}
    histogram["unchosen"] = unchosen
    histogram["empty"] = empty_seats
    return Evaluation(
        registrants=len(instance.registrants),
        wanted_seats=wanted_seats,
        filled_seats=filled,
        empty_seats=empty_seats,
        placed=placed,
        rank_histogram=histogram,
        profile=profile,
        seat_cost=seat_cost,
        objective=instance.empty_seat_cost * empty_seats + seat_cost,
        worst_off=worst_off,
    )
