"""Rules on where and when sessions run: rounds, rooms, speakers, sizes and pins.

Each function states its rule in its first line and yields one Violation per offender.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from scheduler.check.plan import Plan, Violation, plural, quoted
from scheduler.model import Instance, SessionPin


def session_counts(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """Each workshop runs between `min_sessions` and `max_sessions` sessions."""
    count = Counter(s.workshop for s in plan.sessions.values())
    for w in instance.workshops:
        n = count[w.id]
        if w.cancelled and n:
            yield Violation(
                "session-count",
                f"workshop '{w.id}' is cancelled but has {plural(n, 'session')}",
            )
        elif w.cancelled:
            continue
        elif n < w.min_sessions:
            yield Violation(
                "session-count",
                f"workshop '{w.id}' has {plural(n, 'session')} but needs at least {w.min_sessions}",
            )
        elif n > w.max_sessions:
            yield Violation(
                "session-count",
                f"workshop '{w.id}' has {plural(n, 'session')} but allows at most {w.max_sessions}",
            )


def session_rounds(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """A session runs in the `duration` consecutive rounds from its start, on one day."""
    for s in plan.sessions.values():
        w = instance.workshop_by_id[s.workshop]
        expected = instance.consecutive_rounds(s.rounds[0], w.duration)
        if expected is None:
            yield Violation(
                "session-rounds",
                f"session '{s.id}' of workshop '{w.id}' starts in round '{s.rounds[0]}', "
                f"but fewer than {w.duration} rounds follow on that day",
            )
        elif s.rounds != expected:
            yield Violation(
                "session-rounds",
                f"session '{s.id}' of workshop '{w.id}' runs in rounds {quoted(s.rounds)} "
                f"but must run in {quoted(expected)}",
            )


def start_rounds(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """A session starts in one of its workshop's allowed start rounds, when given."""
    for s in plan.sessions.values():
        w = instance.workshop_by_id[s.workshop]
        if w.rounds is not None and s.rounds[0] not in w.rounds:
            allowed = f"only in {quoted(w.rounds)}" if w.rounds else "in no round"
            yield Violation(
                "start-round",
                f"session '{s.id}' starts in round '{s.rounds[0]}', but workshop '{w.id}' "
                f"may start {allowed}",
            )


def sessions_in_plenary_rounds(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """No session runs in a plenary round."""
    plenary_in = {p.round: p.id for p in instance.plenaries}
    for s in plan.sessions.values():
        for r in dict.fromkeys(s.rounds):
            if r in plenary_in:
                yield Violation(
                    "session-in-plenary-round",
                    f"session '{s.id}' runs in round '{r}', which holds plenary '{plenary_in[r]}'",
                )


def workshop_overlaps(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """Two sessions of one workshop never share a round."""
    running: dict[tuple[str, str], list[str]] = {}
    for s in plan.sessions.values():
        for r in dict.fromkeys(s.rounds):
            running.setdefault((s.workshop, r), []).append(s.id)
    for (workshop, r), ids in running.items():
        if len(ids) > 1:
            yield Violation(
                "workshop-overlap",
                f"workshop '{workshop}' has sessions {quoted(ids)} in round '{r}'",
            )


def _occupants(plenary: str | None, sessions: list[str]) -> str:
    parts = [f"plenary '{plenary}'"] if plenary else []
    if sessions:
        parts.append(("sessions " if len(sessions) > 1 else "session ") + quoted(sessions))
    return " and ".join(parts)


def room_double_bookings(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """A room holds at most one session per round, and none beside a plenary."""
    plenary_at = {(p.room, p.round): p.id for p in instance.plenaries}
    held: dict[tuple[str, str], list[str]] = {}
    for s in plan.sessions.values():
        for r in dict.fromkeys(s.rounds):
            held.setdefault((s.room, r), []).append(s.id)
    for (room, r), ids in held.items():
        plenary = plenary_at.get((room, r))
        if len(ids) + (plenary is not None) > 1:
            yield Violation(
                "room-double-booked",
                f"room '{room}' holds {_occupants(plenary, ids)} in round '{r}'",
            )


def room_availability(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """A room is used only in rounds it is available."""
    for s in plan.sessions.values():
        unavailable = set(instance.room_by_id[s.room].unavailable)
        for r in dict.fromkeys(s.rounds):
            if r in unavailable:
                yield Violation(
                    "room-unavailable",
                    f"session '{s.id}' uses room '{s.room}' in round '{r}', "
                    "when the room is unavailable",
                )


def room_features(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """A session's room has every feature its workshop requires."""
    for s in plan.sessions.values():
        has = set(instance.room_by_id[s.room].features)
        missing = [f for f in instance.workshop_by_id[s.workshop].features if f not in has]
        if missing:
            yield Violation(
                "room-features",
                f"session '{s.id}' of workshop '{s.workshop}' needs "
                f"{'features' if len(missing) > 1 else 'feature'} {quoted(missing)}, "
                f"which room '{s.room}' lacks",
            )


def speaker_double_bookings(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """A speaker is in at most one session or plenary per round."""
    plenary_of: dict[tuple[str, str], str] = {}
    for p in instance.plenaries:
        for speaker in p.speakers:
            plenary_of[(speaker, p.round)] = p.id
    leads: dict[tuple[str, str], list[str]] = {}
    for s in plan.sessions.values():
        for speaker in instance.workshop_by_id[s.workshop].speakers:
            for r in dict.fromkeys(s.rounds):
                leads.setdefault((speaker, r), []).append(s.id)
    for (speaker, r), ids in leads.items():
        plenary = plenary_of.get((speaker, r))
        if len(ids) + (plenary is not None) > 1:
            yield Violation(
                "speaker-double-booked",
                f"speaker '{speaker}' is in {_occupants(plenary, ids)} in round '{r}'",
            )


def speaker_availability(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """A speaker never speaks in a round they are unavailable."""
    away = {s.id: set(s.unavailable) for s in instance.speakers}
    for p in instance.plenaries:
        for speaker in p.speakers:
            if p.round in away.get(speaker, ()):
                yield Violation(
                    "speaker-unavailable",
                    f"speaker '{speaker}' speaks at plenary '{p.id}' in round '{p.round}', "
                    "when they are unavailable",
                )
    for s in plan.sessions.values():
        for speaker in instance.workshop_by_id[s.workshop].speakers:
            for r in dict.fromkeys(s.rounds):
                if r in away.get(speaker, ()):
                    yield Violation(
                        "speaker-unavailable",
                        f"speaker '{speaker}' leads session '{s.id}' in round '{r}', "
                        "when they are unavailable",
                    )


def session_sizes(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """A session holds at most its workshop's max_size and its room's capacity, and at
    least its workshop's min_size (every session in a solution is held)."""
    for s in plan.sessions.values():
        w = instance.workshop_by_id[s.workshop]
        room = instance.room_by_id[s.room]
        size = len(plan.attendees[s.id])
        has = f"session '{s.id}' has {plural(size, 'registrant')}"
        if size > room.capacity:
            yield Violation(
                "session-over-capacity", f"{has} but room '{room.id}' holds {room.capacity}"
            )
        if w.max_size is not None and size > w.max_size:
            yield Violation(
                "session-over-max-size", f"{has} but workshop '{w.id}' takes at most {w.max_size}"
            )
        if size < w.min_size:
            yield Violation(
                "session-under-min-size", f"{has} but workshop '{w.id}' needs at least {w.min_size}"
            )


def _describe_pin(pin: SessionPin) -> str:
    parts = []
    if pin.round is not None:
        parts.append(f"round '{pin.round}'")
    if pin.room is not None:
        parts.append(f"room '{pin.room}'")
    return ", ".join(parts)


def _match(candidates: list[list[str]]) -> dict[str, int]:
    """A maximum matching of pins to sessions (Kuhn's augmenting paths): session -> pin."""
    owner: dict[str, int] = {}

    def augment(pin: int, visited: set[str]) -> bool:
        for session in candidates[pin]:
            if session in visited:
                continue
            visited.add(session)
            if session not in owner or augment(owner[session], visited):
                owner[session] = pin
                return True
        return False

    for pin in range(len(candidates)):
        augment(pin, set())
    return owner


def workshop_pins(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """Each pin of a workshop is met by its own session: the pin's round is the session's
    start round, the pin's room its room."""
    by_workshop: dict[str, list[tuple[str, str, str]]] = {}
    for s in plan.sessions.values():
        by_workshop.setdefault(s.workshop, []).append((s.id, s.rounds[0], s.room))
    for w in instance.workshops:
        if not w.pins or w.cancelled:
            continue
        candidates = [
            [
                session
                for session, start, room in by_workshop.get(w.id, [])
                if pin.round in (None, start) and pin.room in (None, room)
            ]
            for pin in w.pins
        ]
        met = set(_match(candidates).values())
        for n, (pin, fits) in enumerate(zip(w.pins, candidates, strict=True), start=1):
            if n - 1 in met:
                continue
            where = f"workshop '{w.id}': pin {n} ({_describe_pin(pin)})"
            if fits:
                yield Violation(
                    "workshop-pin",
                    f"{where} is met only by {'sessions' if len(fits) > 1 else 'session'} "
                    f"{quoted(fits)}, which another pin already takes",
                )
            else:
                yield Violation("workshop-pin", f"{where} is met by no session")


def plenary_capacity(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """A plenary's room holds everyone present in its round."""
    present: Counter[str] = Counter()
    for registrant in instance.registrants:
        present.update(instance.present_rounds(registrant))
    for p in instance.plenaries:
        room = instance.room_by_id[p.room]
        if present[p.round] > room.capacity:
            yield Violation(
                "plenary-capacity",
                f"plenary '{p.id}' is in room '{room.id}', which holds {room.capacity}, "
                f"but {plural(present[p.round], 'registrant')} "
                f"{'is' if present[p.round] == 1 else 'are'} present in round '{p.round}'",
            )
