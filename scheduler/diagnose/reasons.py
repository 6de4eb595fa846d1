"""Why a session cannot start somewhere, in words an organiser recognises."""

from __future__ import annotations

from scheduler.candidates import session_capacity
from scheduler.model import Instance, SessionPin, Workshop


def quoted(ids: list[str] | tuple[str, ...]) -> str:
    """'a', 'b' and 'c'."""
    parts = [f"'{i}'" for i in ids]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def features(names: list[str] | tuple[str, ...]) -> str:
    return f"{'features' if len(names) > 1 else 'feature'} {quoted(names)}"


def describe_pin(pin: SessionPin) -> str:
    parts = []
    if pin.round is not None:
        parts.append(f"round '{pin.round}'")
    if pin.room is not None:
        parts.append(f"room '{pin.room}'")
    return ", ".join(parts)


def why_no_start(instance: Instance, workshop: Workshop, round_id: str) -> str:
    """Why no session of `workshop` can start in `round_id` (assumes none can)."""
    if workshop.rounds is not None and round_id not in workshop.rounds:
        return f"round '{round_id}' is not among its allowed rounds"
    covered = instance.consecutive_rounds(round_id, workshop.duration)
    if covered is None:
        return (f"it lasts {workshop.duration} rounds, more than are left on the day from "
                f"round '{round_id}'")
    for plenary in instance.plenaries:
        if plenary.round in covered:
            return f"round '{plenary.round}' holds plenary '{plenary.id}'"
    for speaker_id in workshop.speakers:
        speaker = instance.speaker_by_id[speaker_id]
        for t in covered:
            if t in speaker.unavailable:
                return f"speaker '{speaker_id}' is unavailable in round '{t}'"
    suitable = [m.id for m in instance.rooms if why_not_room(instance, workshop, m.id) is None]
    if not suitable:
        return why_no_room(instance, workshop)
    shown = quoted(suitable) if len(suitable) <= 3 else f"all {len(suitable)} rooms that suit it"
    reason = f"{shown} {'is' if len(suitable) == 1 else 'are'} unavailable then"
    if any(session_capacity(instance, workshop.id, m.id) < workshop.min_size
           for m in instance.rooms):
        # Otherwise the smaller rooms free then look like a way out.
        reason += f", and no other room holds its minimum size of {workshop.min_size}"
    return reason


def why_no_room(instance: Instance, workshop: Workshop) -> str:
    """Why no room suits `workshop` in any round (assumes none does)."""
    needed = set(workshop.features)
    if not any(needed <= set(m.features) for m in instance.rooms):
        if len(workshop.features) == 1:
            return f"no room has feature '{workshop.features[0]}'"
        return f"no room has {features(workshop.features)} together"
    if workshop.features:
        return (f"no room with its {features(workshop.features)} holds its minimum size "
                f"of {workshop.min_size}")
    return f"no room holds its minimum size of {workshop.min_size}"


def why_not_room(
    instance: Instance, workshop: Workshop, room_id: str, covered: list[str] | None = None
) -> str | None:
    """Why a session of `workshop` cannot use room `room_id` (in the `covered` rounds);
    None when it can."""
    room = instance.room_by_id[room_id]
    missing = [f for f in workshop.features if f not in room.features]
    if missing:
        return f"room '{room_id}' lacks {features(missing)}"
    if session_capacity(instance, workshop.id, room_id) < workshop.min_size:
        return (f"room '{room_id}' holds {room.capacity}, fewer than its minimum size of "
                f"{workshop.min_size}")
    for t in covered or []:
        if t in room.unavailable:
            return f"room '{room_id}' is unavailable in round '{t}'"
        for plenary in instance.plenaries:
            if plenary.room == room_id and plenary.round == t:
                return f"room '{room_id}' holds plenary '{plenary.id}' in round '{t}'"
    return None
