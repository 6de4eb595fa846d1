"""Session ids kept across a rerun: the new plan's sessions named after the published."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scheduler.session_ids import keep_published_ids
from scheduler.solution import Assignment, SessionPlan, Solution


def plan(*sessions: tuple[str, str, str, str], people: dict[str, str] | None = None
         ) -> Solution:
    """Sessions as (id, workshop, round, room); people as registrant -> session id."""
    return Solution(
        sessions=[SessionPlan(id=i, workshop=w, rounds=[r], room=m) for i, w, r, m in sessions],
        assignments=[Assignment(registrant=p, session=s) for p, s in (people or {}).items()],
    )


def places(solution: Solution) -> dict[str, tuple[str, str, str]]:
    return {s.id: (s.workshop, s.rounds[0], s.room) for s in solution.sessions}


def test_a_session_that_stayed_keeps_its_id_when_an_earlier_one_moved() -> None:
    """W ran in r3 and r6; now in r2 and r3. Numbered in time order, the r3 session would
    become W-2; it keeps W-1, and the r6 session's id goes to the one in r2."""
    published = plan(("W-1", "W", "r3", "m1"), ("W-2", "W", "r6", "m1"))
    new = plan(("W-1", "W", "r2", "m3"), ("W-2", "W", "r3", "m1"),
               people={"p": "W-2", "q": "W-1"})
    named = keep_published_ids(published, new)
    assert places(named) == {"W-1": ("W", "r3", "m1"), "W-2": ("W", "r2", "m3")}
    assert {a.registrant: a.session for a in named.assignments} == {"p": "W-1", "q": "W-2"}


def test_a_session_in_its_round_in_another_room_comes_before_one_in_another_round() -> None:
    """W-1 (r1, m1) and W-2 (r2, m2) are gone; the new session in r1 (room m2) continues
    W-1, not W-2 whose room it has."""
    published = plan(("W-1", "W", "r1", "m1"), ("W-2", "W", "r2", "m2"))
    new = plan(("W-1", "W", "r1", "m2"), ("W-2", "W", "r3", "m2"))
    assert places(keep_published_ids(published, new)) == {
        "W-1": ("W", "r1", "m2"), "W-2": ("W", "r3", "m2")}


def test_sessions_moved_to_other_rounds_keep_their_rooms_where_they_can() -> None:
    """Both sessions moved to other rounds; each id goes to the session in its room."""
    published = plan(("W-1", "W", "r1", "m1"), ("W-2", "W", "r2", "m2"))
    new = plan(("W-1", "W", "r3", "m2"), ("W-2", "W", "r4", "m1"))
    assert places(keep_published_ids(published, new)) == {
        "W-1": ("W", "r4", "m1"), "W-2": ("W", "r3", "m2")}


def test_two_sessions_in_one_round_leave_the_room_that_pairs_best() -> None:
    """W ran twice in r1 (m1, m2); now once in r1 (m3) and once in r2 (m2). The r1
    session continues W-1, so that W-2 is the one that keeps its room m2."""
    published = plan(("W-1", "W", "r1", "m1"), ("W-2", "W", "r1", "m2"))
    new = plan(("W-1", "W", "r1", "m3"), ("W-2", "W", "r2", "m2"))
    assert places(keep_published_ids(published, new)) == {
        "W-1": ("W", "r1", "m3"), "W-2": ("W", "r2", "m2")}


def test_sessions_left_over_get_ids_no_published_session_used() -> None:
    """X is new and W runs once more than before; the cancelled V's id is not reused,
    and the wait-list follows its session."""
    published = plan(("W-1", "W", "r1", "m1"), ("V-1", "V", "r2", "m1"),
                     ("X-1", "Y", "r3", "m1"))
    new = plan(("W-1", "W", "r2", "m1"), ("W-2", "W", "r1", "m1"), ("X-1", "X", "r3", "m1"),
               ("Y-1", "Y", "r3", "m1"), people={"p": "W-1"})
    new = new.model_copy(update={"wait_lists": {"W-1": ["q"]}})
    named = keep_published_ids(published, new)
    assert places(named) == {"W-1": ("W", "r1", "m1"), "W-2": ("W", "r2", "m1"),
                             "X-2": ("X", "r3", "m1"), "X-1": ("Y", "r3", "m1")}
    assert named.assignments == [Assignment(registrant="p", session="W-2")]
    assert named.wait_lists == {"W-2": ["q"]}


ROUNDS, ROOMS = ["r1", "r2", "r3"], ["m1", "m2"]
PLACES = [(w, r, m) for w in "WX" for r in ROUNDS for m in ROOMS]


@st.composite
def day_plans(draw: st.DrawFn) -> Solution:
    """A plan of workshops W and X: at most one session per workshop, round and room,
    with arbitrary ids, and people in some of the sessions."""
    held = draw(st.lists(st.sampled_from(PLACES), unique=True, max_size=8))
    ids = draw(st.lists(st.sampled_from([f"{w}-{n}" for w in "WXY" for n in range(1, 5)]),
                        min_size=len(held), max_size=len(held), unique=True))
    sessions = [(i, w, r, m) for i, (w, r, m) in zip(ids, held, strict=True)]
    people = {f"p{n}": draw(st.sampled_from(ids)) for n in range(len(ids) and 4)}
    return plan(*sessions, people=people)


@given(day_plans(), day_plans())
def test_ids_are_unique_published_places_keep_theirs_and_people_follow(
    published: Solution, new: Solution,
) -> None:
    named = keep_published_ids(published, new)
    assert len({s.id for s in named.sessions}) == len(named.sessions)
    # The same sessions, in the same order, only renamed.
    assert [places(new)[s.id] for s in new.sessions] == list(places(named).values())
    published_at = {place: i for i, place in places(published).items()}
    for session_id, place in places(named).items():
        if place in published_at:
            assert session_id == published_at[place]
    place_of_new, place_of_named = places(new), places(named)
    assert [place_of_new[a.session] for a in new.assignments] == [
        place_of_named[a.session] for a in named.assignments]
    # A session renamed is one of its own workshop's, or an id nobody published.
    published_ids = {s.id: s.workshop for s in published.sessions}
    for s in named.sessions:
        assert published_ids.get(s.id, s.workshop) == s.workshop
    # Naming a named plan again changes nothing.
    assert keep_published_ids(published, named) == named
