"""When no plan exists: a smallest set of changes that lets one exist, in plain words."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from scheduler.diagnose.reasons import describe_pin, plural, quoted
from scheduler.diagnose.relaxation_model import RelaxationModel, Slack
from scheduler.model import Instance

# Share of the time limit for finding the cheapest set; the rest picks among equals.
CHEAPEST_SHARE = 0.7


@dataclass(frozen=True)
class Relaxation:
    """One change to the instance. `before` and `after` are the numbers it changes:

    - ``add-room-seats``: the room's capacity (for the rounds named);
    - ``raise-max-size``: the workshop's `max_size`;
    - ``lower-min-size``: the workshop's `min_size`;
    - ``lower-min-sessions``: the workshop's `min_sessions`;
    - ``add-plenary-seats``: the plenary room's capacity;
    - ``drop-workshop-pin`` (pin number in `before`), ``drop-registrant-pin``,
      ``allow-speaker-round``, ``allow-room-round``: nothing else.
    """

    kind: str
    message: str
    subjects: dict[str, tuple[str, ...]] = field(default_factory=dict)
    before: int | None = None
    after: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "subjects": {kind: list(ids) for kind, ids in self.subjects.items()},
            "before": self.before,
            "after": self.after,
        }

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Explanation:
    relaxations: list[Relaxation]
    found: bool
    """False when the time limit ran out before any way to a plan was found."""
    smallest: bool
    """True when no cheaper set exists (the relaxation model was solved to optimality)."""


def explain_infeasibility(
    instance: Instance, time_limit: float = 10.0, *, workers: int = 1, seed: int = 0
) -> list[Relaxation]:
    """Changes that together let a plan exist; empty when one exists already (or when
    none were found within `time_limit` seconds: see `explain`)."""
    return explain(instance, time_limit, workers=workers, seed=seed).relaxations


def explain(
    instance: Instance, time_limit: float = 10.0, *, workers: int = 1, seed: int = 0
) -> Explanation:
    """Find a cheapest set of relaxations (see `relaxation_model`) within `time_limit`."""
    started = time.monotonic()
    fixed = _plenary_relaxations(instance)
    relax = RelaxationModel(instance)
    relax.model.minimize(relax.cost())
    relax.hint_nothing_runs()
    solver = _solver(started + time_limit * CHEAPEST_SHARE, workers, seed)
    status = solver.solve(relax.model)
    assert status != cp_model.MODEL_INVALID, relax.model.validate()
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Explanation(fixed, found=False, smallest=False)
    smallest = status == cp_model.OPTIMAL
    taken = [s for s in relax.slacks if solver.value(s.var) > 0]
    if smallest and sum(s.kind == "drop-registrant-pin" for s in relax.slacks) > 1:
        # Keep the cost, and among the sets that reach it drop the latest registrants' pins.
        relax.model.add(relax.cost() <= round(solver.objective_value))
        relax.model.clear_hints()
        for s in relax.slacks:
            relax.model.add_hint(s.var, solver.value(s.var))
        relax.model.minimize(relax.later_pins_first())
        tie_breaker = _solver(started + time_limit, workers, seed)
        if tie_breaker.solve(relax.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            solver = tie_breaker
            taken = [s for s in relax.slacks if solver.value(s.var) > 0]
    found = fixed + [r for s in taken for r in _describe(relax, solver, s)]
    return Explanation(sorted(found, key=_order), found=True, smallest=smallest)


def _solver(deadline: float, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, deadline - time.monotonic())
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # Measured on the 300-registrant example made plan-less: with the default settings
    # one worker found no set at all in 30 s; the fuller LP relaxation proves the
    # cheapest in about a second. Probing took seconds of presolve and bought nothing.
    solver.parameters.linearization_level = 2
    solver.parameters.cp_model_probing_level = 0
    return solver


KIND_ORDER = (
    "add-plenary-seats", "allow-speaker-round", "allow-room-round", "drop-workshop-pin",
    "lower-min-sessions", "lower-min-size", "add-room-seats", "raise-max-size",
    "drop-registrant-pin",
)


def _order(r: Relaxation) -> tuple[int, list[tuple[str, tuple[str, ...]]]]:
    return KIND_ORDER.index(r.kind), sorted(r.subjects.items())


def _plenary_relaxations(instance: Instance) -> list[Relaxation]:
    """Plenaries are given, not planned: what they lack is needed whatever the plan."""
    present: Counter[str] = Counter()
    for r in instance.registrants:
        present.update(instance.present_rounds(r))
    found = []
    for p in instance.plenaries:
        room = instance.room_by_id[p.room]
        if present[p.round] > room.capacity:
            more = present[p.round] - room.capacity
            found.append(Relaxation(
                "add-plenary-seats",
                f"add {plural(more, 'seat')} to room '{room.id}' for plenary '{p.id}' in round "
                f"'{p.round}' (it holds {room.capacity}, {present[p.round]} are present)",
                {"plenary": (p.id,), "room": (room.id,), "round": (p.round,)},
                room.capacity, present[p.round],
            ))
        for s in p.speakers:
            if p.round in instance.speaker_by_id[s].unavailable:
                found.append(Relaxation(
                    "allow-speaker-round",
                    f"allow speaker '{s}' in round '{p.round}' (plenary '{p.id}')",
                    {"speaker": (s,), "round": (p.round,)},
                ))
    return found


def _describe(relax: RelaxationModel, solver: cp_model.CpSolver, slack: Slack) -> list[Relaxation]:
    instance = relax.instance
    amount = solver.value(slack.var)
    if slack.kind == "allow-speaker-round":
        speaker, t = slack.key
        return [Relaxation(slack.kind, f"allow speaker '{speaker}' in round '{t}'",
                           {"speaker": (speaker,), "round": (t,)})]
    if slack.kind == "allow-room-round":
        room, t = slack.key
        return [Relaxation(slack.kind, f"allow room '{room}' in round '{t}'",
                           {"room": (room,), "round": (t,)})]
    if slack.kind == "drop-workshop-pin":
        w, n = slack.key
        pin = instance.workshop_by_id[w].pins[int(n) - 1]
        return [Relaxation(slack.kind, f"drop pin {n} of workshop '{w}' ({describe_pin(pin)})",
                           {"workshop": (w,)}, int(n))]
    if slack.kind == "drop-registrant-pin":
        p, w, t = slack.key
        in_round = f" in round '{t}'" if t else ""
        subjects: dict[str, tuple[str, ...]] = {"registrant": (p,), "workshop": (w,)}
        if t:
            subjects["round"] = (t,)
        return [Relaxation(slack.kind,
                           f"drop the pin of registrant '{p}' to workshop '{w}'{in_round}",
                           subjects)]
    if slack.kind == "lower-min-size":
        (w,) = slack.key
        minimum = instance.workshop_by_id[w].min_size
        return [Relaxation(
            slack.kind, f"lower the minimum size of workshop '{w}' from {minimum} to "
            f"{minimum - amount}", {"workshop": (w,)}, minimum, minimum - amount,
        )]
    if slack.kind == "lower-min-sessions":
        (w,) = slack.key
        minimum = instance.workshop_by_id[w].min_sessions
        after = minimum - amount
        tail = ", so it need not run" if after == 0 else ""
        return [Relaxation(
            slack.kind, f"lower the minimum number of sessions of workshop '{w}' from "
            f"{minimum} to {after}{tail}", {"workshop": (w,)}, minimum, after,
        )]
    assert slack.kind == "add-seats"
    return _extra_seats(relax, solver, *slack.key)


def _extra_seats(
    relax: RelaxationModel, solver: cp_model.CpSolver, w: str, r: str
) -> list[Relaxation]:
    """Word extra seats in a session as what has to grow: the room, the workshop's
    maximum, or both."""
    v = relax.vars
    start = v.starts[w, r]
    room_id = next(m for m in start.rooms if solver.boolean_value(v.in_room[w, r, m]))
    size = relax.session_size(solver, w, r)
    room = relax.instance.room_by_id[room_id]
    workshop = relax.instance.workshop_by_id[w]
    rounds = start.rounds
    in_rounds = f"round '{rounds[0]}'" if len(rounds) == 1 else f"rounds {quoted(rounds)}"
    found = []
    if size > room.capacity:
        found.append(Relaxation(
            "add-room-seats",
            f"add {plural(size - room.capacity, 'seat')} to room '{room_id}' in {in_rounds} "
            f"(for workshop '{w}': {size} registrants, the room holds {room.capacity})",
            {"room": (room_id,), "round": rounds, "workshop": (w,)}, room.capacity, size,
        ))
    if workshop.max_size is not None and size > workshop.max_size:
        found.append(Relaxation(
            "raise-max-size",
            f"raise the maximum size of workshop '{w}' from {workshop.max_size} to {size} "
            f"(its session in {in_rounds})",
            {"workshop": (w,), "round": rounds}, workshop.max_size, size,
        ))
    return found


def relaxed_instance(instance: Instance, relaxations: list[Relaxation]) -> Instance:
    """The instance with the relaxations made, each as a change to the data: room seats
    and maximum sizes grow for every round, so the result is at least as relaxed."""
    rooms = {room.id: room for room in instance.rooms}
    speakers = {s.id: s for s in instance.speakers}
    workshops = {w.id: w for w in instance.workshops}
    registrants = {r.id: r for r in instance.registrants}
    dropped_pins: dict[str, set[int]] = {}
    for relaxation in relaxations:
        subject = relaxation.subjects
        kind = relaxation.kind
        if kind in ("add-room-seats", "add-plenary-seats"):
            room = rooms[subject["room"][0]]
            capacity = max(room.capacity, relaxation.after or 0)
            rooms[room.id] = room.model_copy(update={"capacity": capacity})
        elif kind in ("raise-max-size", "lower-min-size", "lower-min-sessions"):
            name = {"raise-max-size": "max_size", "lower-min-size": "min_size",
                    "lower-min-sessions": "min_sessions"}[kind]
            w = workshops[subject["workshop"][0]]
            workshops[w.id] = w.model_copy(update={name: relaxation.after})
        elif kind == "allow-speaker-round":
            s = speakers[subject["speaker"][0]]
            away = [t for t in s.unavailable if t not in subject["round"]]
            speakers[s.id] = s.model_copy(update={"unavailable": away})
        elif kind == "allow-room-round":
            room = rooms[subject["room"][0]]
            away = [t for t in room.unavailable if t not in subject["round"]]
            rooms[room.id] = room.model_copy(update={"unavailable": away})
        elif kind == "drop-workshop-pin":
            assert relaxation.before is not None
            dropped_pins.setdefault(subject["workshop"][0], set()).add(relaxation.before)
        elif kind == "drop-registrant-pin":
            r = registrants[subject["registrant"][0]]
            t = subject.get("round", (None,))[0]
            kept = [pin for pin in r.pinned
                    if (pin.workshop, pin.round) != (subject["workshop"][0], t)]
            registrants[r.id] = r.model_copy(update={"pinned": kept})
    for w_id, numbers in dropped_pins.items():
        w = workshops[w_id]
        kept_pins = [pin for n, pin in enumerate(w.pins, start=1) if n not in numbers]
        workshops[w_id] = w.model_copy(update={"pins": kept_pins})
    data = {name: getattr(instance, name) for name in Instance.model_fields}
    data.update(rooms=list(rooms.values()), speakers=list(speakers.values()),
                workshops=list(workshops.values()), registrants=list(registrants.values()))
    return Instance.model_validate(data)
