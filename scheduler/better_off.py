"""When a registrant is better off than their published programme.

A registrant whose published sessions all stay in place and who gets a programme
costing less was promoted, and is told but not counted as moved. With every wanted
seat filled, costing less takes a set of workshops cheaper than the published ones,
each at most once; these helpers find such sets from the seats open to them.
"""

from __future__ import annotations

from collections.abc import Iterable

from scheduler.candidates import Seat


def cannot_do_better(
    seats: list[Seat], wanted: int, published_cost: int, empty_seat_cost: int
) -> bool:
    """True when no programme costs less than the published one (which fills every
    wanted seat): then the registrant is never better off, only kept or moved."""
    if published_cost >= empty_seat_cost:
        return False
    weights = seat_weights(seats)
    if weights is None:
        return False
    # A lower cost needs every wanted seat filled, each workshop at most once.
    return cheaper_sets(cheapest_by_workshop(seats), wanted, published_cost, weights) == []


def cheapest_by_workshop(seats: Iterable[Seat]) -> dict[str, int]:
    """Workshop -> the cost of its cheapest seat among `seats`."""
    cheapest: dict[str, int] = {}
    for seat in seats:
        cheapest[seat.workshop] = min(seat.cost, cheapest.get(seat.workshop, seat.cost))
    return cheapest


def seat_weights(seats: Iterable[Seat]) -> dict[str, int] | None:
    """Workshop -> how many wanted seats a seat in it fills (more than one in a session
    longer than a round); None when that differs between its sessions (a registrant
    who wants only some of the rounds a long session covers)."""
    weights: dict[str, int] = {}
    for seat in seats:
        if weights.setdefault(seat.workshop, seat.weight) != seat.weight:
            return None
    return weights


MOST_CHEAPER_SETS = 60
"""Past this many cheaper sets of workshops, a registrant's "better off" is stated by
its cost alone: the model would grow more than its LP gains."""


def cheaper_sets(
    costs: dict[str, int], wanted: int, below: int, weights: dict[str, int] | None = None
) -> list[frozenset[str]] | None:
    """Every set of workshops filling `wanted` seats (a seat in workshop w fills
    `weights[w]`, one by default) whose `costs` add up to less than `below`; None when
    there are more than `MOST_CHEAPER_SETS`."""
    order = sorted(costs, key=lambda w: (costs[w], w))
    fills = {w: (weights or {}).get(w, 1) for w in order}
    most = max(fills.values(), default=1)
    found: list[frozenset[str]] = []

    def extend(first: int, chosen: list[str], total: int, filled: int) -> bool:
        if filled == wanted:
            found.append(frozenset(chosen))
            return len(found) <= MOST_CHEAPER_SETS
        fewest = -(-(wanted - filled) // most)
        for i in range(first, len(order) - fewest + 1):
            # Costs ascend: completing takes at least the next `fewest` of them.
            if total + sum(costs[w] for w in order[i:i + fewest]) >= below:
                break
            w = order[i]
            if filled + fills[w] <= wanted and not extend(
                    i + 1, [*chosen, w], total + costs[w], filled + fills[w]):
                return False
        return True

    return found if extend(0, [], 0, 0) else None
