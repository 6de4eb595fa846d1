"""What "better off" than the published programme takes: a cheaper set of workshops."""

from __future__ import annotations

from scheduler.better_off import MOST_CHEAPER_SETS, cannot_do_better, cheaper_sets
from scheduler.candidates import Seat


def seat(workshop: str, cost: int) -> Seat:
    return Seat("p", workshop, "r1", ("r1",), None, cost, ("X",), 1)


def test_cannot_do_better_with_the_cheapest_programme() -> None:
    seats = [seat("A", 1), seat("B", 4), seat("C", 9)]
    assert cannot_do_better(seats, wanted=2, published_cost=5, empty_seat_cost=1000)
    assert not cannot_do_better(seats, wanted=2, published_cost=10, empty_seat_cost=1000)


def test_a_programme_with_an_empty_seat_can_always_be_bettered() -> None:
    seats = [seat("A", 1)]
    assert not cannot_do_better(seats, wanted=1, published_cost=1000, empty_seat_cost=1000)


def test_one_seat_per_workshop_counts_towards_the_cheapest_programme() -> None:
    """Two sessions of A at cost 1 do not make a programme of cost 2."""
    seats = [seat("A", 1), Seat("p", "A", "r2", ("r2",), None, 1, ("X",), 1), seat("B", 4)]
    assert cannot_do_better(seats, wanted=2, published_cost=5, empty_seat_cost=1000)


def test_a_session_longer_than_a_round_can_make_a_cheaper_programme() -> None:
    """Published A, B, C at cost 1 each (3) is the cheapest set of three workshops, but
    the two-round D (cost 1, two wanted seats) with A costs 2."""
    seats = [seat("A", 1), seat("B", 1), seat("C", 1),
             Seat("p", "D", "r2", ("r2", "r3"), None, 1, ("X",), 2)]
    assert not cannot_do_better(seats, wanted=3, published_cost=3, empty_seat_cost=1000)
    expensive = [*seats[:3], Seat("p", "D", "r2", ("r2", "r3"), None, 5, ("X",), 2)]
    assert cannot_do_better(expensive, wanted=3, published_cost=3, empty_seat_cost=1000)


def test_cheaper_sets_count_the_seats_each_workshop_fills() -> None:
    costs = {"A": 1, "B": 2, "C": 3, "D": 4}
    weights = {"D": 2}
    assert sorted(map(sorted, cheaper_sets(costs, wanted=3, below=7, weights=weights))) == [
        ["A", "B", "C"], ["A", "D"], ["B", "D"]]
    assert cheaper_sets(costs, wanted=2, below=10, weights={"A": 2, "B": 2}) == [
        frozenset({"A"}), frozenset({"B"}), frozenset({"C", "D"})]


def test_cheaper_sets_of_workshops() -> None:
    costs = {"A": 1, "B": 3, "C": 6, "D": 10}
    assert sorted(map(sorted, cheaper_sets(costs, wanted=2, below=9))) == [
        ["A", "B"], ["A", "C"]]
    assert cheaper_sets(costs, wanted=2, below=4) == []
    many = {f"W{n}": 1 for n in range(MOST_CHEAPER_SETS + 1)}
    assert cheaper_sets(many, wanted=1, below=2) is None
