"""`solve` on tiny instances: what a preference is worth, the fairness rules, and what a
result reports. Optima worked out by hand.

The arithmetic in the comments uses the default settings unless a test says otherwise:
a k-th choice costs 0, 1, 3, 6, 10, ... (k = 1, 2, 3, ...), a seat in a workshop the
registrant did not choose costs 100, and a wanted seat left empty costs
`instance.empty_seat_cost`, which is 100 * (wanted seats in the instance) + 1.
"""

from __future__ import annotations

import pytest
from conftest import build, held, proven_optimum, rooms, solve_tiny, workshops_of

from scheduler.check import evaluate
from scheduler.instance_io import dump_json
from scheduler.model import Instance
from scheduler.solve import Status

# Preferences and what a seat is worth.


def test_per_round_choice_counts_for_its_round() -> None:
    """Two rounds, two rooms; each workshop runs once.

    p1 wants W1, else W2, in T1, and W3 in T2; p2 wants W1 in T2 only.
    W1 in T1: p1 pays 0 + 0, p2 sits in W2 or W3 unchosen (100): 100.
    W1 in T2: p1 gets W2 (1) and W3 (0), p2 W1 (0): 1. W1 in T2 is not a choice of p1.
    """
    instance = build(
        rounds=2,
        rooms=rooms(A=5, B=5),
        workshops=[{"id": "W1"}, {"id": "W2"}, {"id": "W3"}],
        registrants=[
            {"id": "p1", "per_round": {"T1": ["W1", "W2"], "T2": ["W3"]}},
            {"id": "p2", "per_round": {"T2": ["W1"]}},
        ],
    )
    assert instance.empty_seat_cost == 301
    result = proven_optimum(instance)
    assert result.objective == 1
    assert held(result.solution)["W1"][0][1] == ["T2"]
    assert workshops_of(result.solution) == {"p1": ["W2", "W3"], "p2": ["W1"]}


def test_ranked_ties_share_a_rank() -> None:
    """One round, three rooms of one seat; p1, p2, p3 rank W1 and W2 equal first, then W3.

    Two get a first choice (0); W3 is their 2nd choice, not 3rd: 1.
    """
    ranked = [["W1", "W2"], "W3"]
    instance = build(
        rooms=rooms(A=1, B=1, C=1),
        workshops=[{"id": "W1"}, {"id": "W2"}, {"id": "W3"}],
        registrants=[{"id": p, "ranked": ranked} for p in ("p1", "p2", "p3")],
    )
    result = proven_optimum(instance)
    assert result.objective == 1
    assert evaluate(instance, result.solution).profile == [2, 1]


@pytest.mark.parametrize(
    ("wanted", "objective"),
    [
        (0, 0),
        (1, 0),  # W1
        (2, 1),  # W1, W2
        (3, 4),  # W1, W2, W3: 0 + 1 + 3
    ],
)
def test_wanted_caps_the_workshops(wanted: int, objective: int) -> None:
    """Three rounds, one room, one session each of W1, W2, W3, ranked in that order."""
    instance = build(
        rounds=3,
        rooms=rooms(A=5),
        workshops=[{"id": "W1"}, {"id": "W2"}, {"id": "W3"}],
        registrants=[{"id": "p1", "ranked": ["W1", "W2", "W3"], "wanted": wanted}],
    )
    result = proven_optimum(instance)
    assert result.objective == objective
    assert len(result.solution.assignments) == wanted


@pytest.mark.parametrize(
    ("place_unchosen", "objective"),
    [
        # The one left out of W1 (1 seat) sits in W2, unchosen: 100.
        (True, 100),
        # ... or stays without a seat: 201 (100 * 2 wanted seats + 1).
        (False, 201),
    ],
)
def test_place_unchosen(place_unchosen: bool, objective: int) -> None:
    """One round, rooms of one seat; p1 and p2 want only W1; W2 runs anyway."""
    instance = build(
        rooms=rooms(A=1, B=1),
        workshops=[{"id": "W1"}, {"id": "W2"}],
        registrants=[{"id": "p1", "ranked": ["W1"]}, {"id": "p2", "ranked": ["W1"]}],
        settings={"place_unchosen": place_unchosen},
    )
    result = proven_optimum(instance)
    assert result.objective == objective
    assert len(result.solution.assignments) == (2 if place_unchosen else 1)


@pytest.mark.parametrize(
    ("preferences", "weight", "objective"),
    [
        # One seat per round: W1 fills both rounds.
        pytest.param({"ranked": ["W1"]}, 2, 0, id="one-per-round"),
        pytest.param({"per_round": {"T1": ["W1"], "T2": ["W1"]}}, 2, 0, id="per-round"),
        # Asked for a number of workshops, W1 counts as one.
        pytest.param({"ranked": ["W1"], "wanted": 1}, 1, 0, id="wanted-1"),
        # Wanting two, one stays empty: 201 (100 * 2 wanted seats + 1).
        pytest.param({"ranked": ["W1"], "wanted": 2}, 1, 201, id="wanted-2"),
    ],
)
def test_two_round_workshop_fills_two_wanted_rounds(
    preferences: dict, weight: int, objective: int
) -> None:
    """Two rounds, one room; W1 takes both rounds and is the only workshop."""
    instance = build(
        rounds=2,
        rooms=rooms(A=5),
        workshops=[{"id": "W1", "duration": 2}],
        registrants=[{"id": "p1", **preferences}],
    )
    assert instance.seat_weight(instance.registrants[0], ["T1", "T2"]) == weight
    result = proven_optimum(instance)
    assert result.objective == objective
    assert workshops_of(result.solution) == {"p1": ["W1"]}


# Fairness rules.


def four_rivals() -> Instance:
    """One round, four workshops of one seat; rank costs 0, 3, 4, 8.

    p1: W4, W2, W3, W1      p3: W3, W1, W4, W2
    p2: W4, W2, W3          p4: W2, W3, W4, W1

    Rank-maximal: three first choices (p2 W4, p3 W3, p4 W2) force p1 into W1, their
    4th: profile 3, 0, 0, 1, cost 8.
    Generous: all within 2nd choices forces p1 and p2 into W4 and W2, so p4 into W3
    and p3 into W1: profile 1, 3, 0, 0, cost 9.
    Sum: p2 W4, p4 W2 (firsts), p3 W1 (2nd, 3), p1 W3 (3rd, 4): profile 2, 1, 1, 0,
    cost 7; no other profile costs 7 or less.
    """
    return build(
        rooms=rooms(A=1, B=1, C=1, D=1),
        workshops=[{"id": w} for w in ("W1", "W2", "W3", "W4")],
        registrants=[
            {"id": "p1", "ranked": ["W4", "W2", "W3", "W1"]},
            {"id": "p2", "ranked": ["W4", "W2", "W3"]},
            {"id": "p3", "ranked": ["W3", "W1", "W4", "W2"]},
            {"id": "p4", "ranked": ["W2", "W3", "W4", "W1"]},
        ],
        settings={"rank_costs": [0, 3, 4, 8]},
    )


@pytest.mark.parametrize(
    ("fairness", "profile", "objective"),
    [
        ("sum", [2, 1, 1, 0], 7),
        ("rank-maximal", [3, 0, 0, 1], 8),
        ("generous", [1, 3, 0, 0], 9),
    ],
)
def test_fairness_profiles(fairness: str, profile: list[int], objective: int) -> None:
    instance = four_rivals()
    result = proven_optimum(instance, fairness=fairness)
    assert result.fairness == fairness
    evaluation = evaluate(instance, result.solution)
    assert evaluation.profile == profile
    assert evaluation.rank_histogram["unchosen"] == 0
    assert result.objective == objective


def test_fairness_from_settings() -> None:
    instance = four_rivals()
    instance = instance.model_copy(
        update={"settings": instance.settings.model_copy(update={"fairness": "generous"})}
    )
    result = proven_optimum(instance)
    assert result.fairness == "generous"
    assert evaluate(instance, result.solution).profile == [1, 3, 0, 0]


@pytest.mark.parametrize("fairness", ["rank-maximal", "generous"])
def test_default_costs_three_rivals(fairness: str) -> None:
    """One round, three workshops of one seat; default costs 0, 1, 3.

    p1: W1, W2    p2: W2, W3    p3: W1, W2, W3
    Two plans' profiles exist: 2, 0, 1 (p1 W1, p2 W2, p3 W3; cost 3) and 1, 2, 0
    (cost 2). Sum and generous take 1, 2, 0; rank-maximal takes 2, 0, 1.
    """
    instance = build(
        rooms=rooms(A=1, B=1, C=1),
        workshops=[{"id": "W1"}, {"id": "W2"}, {"id": "W3"}],
        registrants=[
            {"id": "p1", "ranked": ["W1", "W2"]},
            {"id": "p2", "ranked": ["W2", "W3"]},
            {"id": "p3", "ranked": ["W1", "W2", "W3"]},
        ],
    )
    by_sum = proven_optimum(instance)
    assert by_sum.objective == 2
    assert evaluate(instance, by_sum.solution).profile == [1, 2, 0]
    result = proven_optimum(instance, fairness=fairness)
    expected = {"rank-maximal": ([2, 0, 1], 3), "generous": ([1, 2, 0], 2)}[fairness]
    assert (evaluate(instance, result.solution).profile, result.objective) == expected


# What a result says.


def test_bound_equals_objective_at_optimal() -> None:
    instance = four_rivals()
    result = proven_optimum(instance)
    assert result.bound == result.objective == 7
    assert result.gap == 0
    assert result.policy == "optimal"
    assert not result.interrupted
    assert result.stages and all(s.status is Status.OPTIMAL for s in result.stages)


def test_bound_is_only_given_for_the_sum() -> None:
    result = proven_optimum(four_rivals(), fairness="generous")
    assert result.bound is None
    assert result.gap is None


def test_summary_line() -> None:
    result = proven_optimum(four_rivals())
    assert result.summary().startswith("status OPTIMAL, objective 7, bound 7, gap 0.00%, ")


def symmetric_day() -> Instance:
    """Two rounds, three rooms, six registrants with identical wishes: many optimal
    plans, so only a deterministic search returns the same one twice."""
    return build(
        rounds=2,
        rooms=rooms(A=2, B=2, C=3),
        workshops=[{"id": f"W{n}", "max_sessions": 2, "min_sessions": 0} for n in range(1, 5)],
        registrants=[{"id": f"p{n}", "ranked": ["W1", ["W2", "W3"], "W4"]} for n in range(1, 7)],
    )


@pytest.mark.parametrize("workers", [1, 2])
def test_same_seed_same_plan(workers: int) -> None:
    instance = symmetric_day()
    runs = [solve_tiny(instance, workers=workers) for _ in range(2)]
    assert all(r.status is Status.OPTIMAL for r in runs)
    assert dump_json(runs[0].solution) == dump_json(runs[1].solution)


def test_day_without_registrants_places_every_required_session() -> None:
    """Nobody registered yet: the plan still places W1 and W2, each in its own round."""
    instance = build(rounds=2, rooms=rooms(A=5), workshops=[{"id": "W1"}, {"id": "W2"}])
    result = proven_optimum(instance)
    assert result.objective == 0
    assert sorted(rounds[0] for s in held(result.solution).values() for _, rounds in s) == [
        "T1", "T2"
    ]
