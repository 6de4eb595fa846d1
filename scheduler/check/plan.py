"""The solution with its ids resolved against the instance, shared by every rule."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from scheduler.model import Instance, Registrant
from scheduler.solution import SessionPlan, Solution


@dataclass(frozen=True)
class Violation:
    """One broken rule: `rule` names its family, `message` the exact offender."""

    rule: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class Plan:
    """What the rules check: only the parts of a solution whose ids all resolve.

    A session is kept when its workshop, room and every round exist; of a repeated
    session id only the first is kept, so that each assignment names one session.
    A seat is kept when its registrant is known and its session kept, once per pair.
    Whatever is dropped is reported in `problems`, so no rule ever sees an unknown id.
    """

    sessions: dict[str, SessionPlan] = field(default_factory=dict)
    seats: dict[str, list[str]] = field(default_factory=dict)
    """Registrant id -> session ids, in solution order."""
    attendees: dict[str, list[str]] = field(default_factory=dict)
    """Session id -> registrant ids, in solution order; every kept session has an entry."""
    seated: list[tuple[Registrant, list[SessionPlan]]] = field(default_factory=list)
    """Registrants with at least one seat, in instance order, with their sessions."""
    problems: list[Violation] = field(default_factory=list)


def quoted(ids: list[str]) -> str:
    """'a', 'b' and 'c'."""
    parts = [f"'{i}'" for i in ids]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _session_problems(instance: Instance, session: SessionPlan) -> Iterator[Violation]:
    if session.workshop not in instance.workshop_by_id:
        yield Violation(
            "unknown-workshop",
            f"session '{session.id}' names unknown workshop '{session.workshop}'",
        )
    if session.room not in instance.room_by_id:
        yield Violation(
            "unknown-room", f"session '{session.id}' names unknown room '{session.room}'"
        )
    for round_id in dict.fromkeys(session.rounds):
        if round_id not in instance.round_by_id:
            yield Violation(
                "unknown-round", f"session '{session.id}' names unknown round '{round_id}'"
            )


def resolve(instance: Instance, solution: Solution) -> Plan:
    plan = Plan()
    counts = Counter(s.id for s in solution.sessions)
    for session_id, n in counts.items():
        if n > 1:
            plan.problems.append(
                Violation("duplicate-session", f"session id '{session_id}' is used {n} times")
            )
    seen: set[str] = set()
    for session in solution.sessions:
        if session.id in seen:
            continue
        seen.add(session.id)
        problems = list(_session_problems(instance, session))
        plan.problems += problems
        if not problems:
            plan.sessions[session.id] = session
            plan.attendees[session.id] = []

    pairs = Counter((a.registrant, a.session) for a in solution.assignments)
    for number, a in enumerate(solution.assignments, start=1):
        known = True
        if a.registrant not in instance.registrant_by_id:
            known = False
            plan.problems.append(
                Violation(
                    "unknown-registrant",
                    f"assignment {number} names unknown registrant '{a.registrant}'",
                )
            )
        if a.session not in seen:
            known = False
            plan.problems.append(
                Violation(
                    "unknown-session", f"assignment {number} names unknown session '{a.session}'"
                )
            )
        n = pairs.pop((a.registrant, a.session), 0)
        if n > 1:
            plan.problems.append(
                Violation(
                    "duplicate-assignment",
                    f"registrant '{a.registrant}' is assigned to session '{a.session}' {n} times",
                )
            )
        if known and n and a.session in plan.sessions:
            plan.seats.setdefault(a.registrant, []).append(a.session)
            plan.attendees[a.session].append(a.registrant)
    for r in instance.registrants:
        ids = plan.seats.get(r.id)
        if ids:
            plan.seated.append((r, [plan.sessions[i] for i in ids]))
    plan.problems += _wait_list_problems(instance, solution, seen, plan.seats)
    return plan


def _wait_list_problems(
    instance: Instance, solution: Solution, sessions: set[str], seats: dict[str, list[str]]
) -> Iterator[Violation]:
    """Wait-lists go out with the plan, and `rerun` promotes from them: each must name
    a session of the plan, and known registrants not already seated in it."""
    for session_id, waiting in solution.wait_lists.items():
        if session_id not in sessions:
            yield Violation("unknown-session",
                            f"the wait-lists name unknown session '{session_id}'")
            continue
        for registrant in waiting:
            if registrant not in instance.registrant_by_id:
                yield Violation("unknown-registrant", f"the wait-list of session "
                                f"'{session_id}' names unknown registrant '{registrant}'")
            elif session_id in seats.get(registrant, []):
                yield Violation("waiting-and-seated", f"registrant '{registrant}' waits "
                                f"for session '{session_id}', where they have a seat")
