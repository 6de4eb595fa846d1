"""Checks on workshops: can they run at all, often enough, full enough, where pinned."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from scheduler.diagnose.findings import Finding, Level, error, warning
from scheduler.diagnose.reasons import (
    describe_pin,
    plural,
    quoted,
    why_no_room,
    why_no_start,
    why_not_room,
)
from scheduler.diagnose.survey import Survey
from scheduler.model import Workshop


def workshops_that_cannot_run(survey: Survey) -> Iterator[Finding]:
    """A workshop with no possible session: an error when it must run."""
    instance = survey.instance
    for w in instance.workshops:
        if survey.starts_of[w.id] or w.cancelled:
            continue
        if w.rounds == []:
            code, message = "workshop-no-round", f"workshop '{w.id}' has no allowed round"
        elif all(why_not_room(instance, w, m.id) for m in instance.rooms):
            code = "workshop-no-room"
            message = f"workshop '{w.id}' has no room: {why_no_room(instance, w)}"
        else:
            allowed = w.rounds if w.rounds is not None else instance.round_order
            reasons = list(dict.fromkeys(why_no_start(instance, w, r) for r in allowed))
            which = "no round" if w.rounds is None else "none of its allowed rounds"
            code = "workshop-no-round"
            message = f"workshop '{w.id}' can start in {which}: {'; '.join(reasons)}"
        if w.min_sessions > 0:
            yield error(code, message, workshop=w.id)
        else:
            yield warning(code, message + ", so it will not run", workshop=w.id)


def too_few_sessions(survey: Survey) -> Iterator[Finding]:
    """A workshop that must run more sessions than fit without overlapping."""
    for w in survey.instance.workshops:
        starts = survey.starts_of[w.id]
        if not starts or w.min_sessions <= 1:
            continue
        # Sessions of one workshop have one length, so taking the earliest start that
        # does not overlap the last one taken fits the most.
        fitting, taken = 0, set[str]()
        for start in starts:
            if taken.isdisjoint(start.rounds):
                fitting += 1
                taken.update(start.rounds)
        if fitting < w.min_sessions:
            yield error(
                "workshop-too-few-rounds",
                f"workshop '{w.id}' must run {w.min_sessions} sessions, but at most "
                f"{fitting} fit (possible starts: {quoted([s.round for s in starts])})",
                workshop=w.id,
            )


def unreachable_minimum_sizes(survey: Survey) -> Iterator[Finding]:
    """A minimum size that the registrants who could attend cannot reach."""
    by_workshop, by_start = survey.eligible
    for w in survey.instance.workshops:
        starts = survey.starts_of[w.id]
        if w.min_size == 0 or not starts:
            continue
        best = max(by_start[w.id, s.round] for s in starts)
        if best < w.min_size:
            message = (
                f"workshop '{w.id}' needs at least {w.min_size} registrants in a session, "
                f"but at most {best} can attend any of its sessions"
            )
            if w.min_sessions > 0:
                yield error("min-size-unreachable", message, workshop=w.id)
            else:
                yield warning("min-size-unreachable", message + ", so it will not run",
                              workshop=w.id)
        elif by_workshop[w.id] < w.min_size * w.min_sessions:
            yield error(
                "min-size-unreachable",
                f"workshop '{w.id}' must run {w.min_sessions} sessions of at least "
                f"{w.min_size} registrants, but only {by_workshop[w.id]} can attend it",
                workshop=w.id,
            )


def unreachable_workshop_pins(survey: Survey) -> Iterator[Finding]:
    """A session pin that no possible session meets, or two pins wanting one session."""
    instance = survey.instance
    for w in instance.workshops:
        if w.cancelled:
            continue  # Its pins no longer hold.
        for n, pin in enumerate(w.pins, start=1):
            reason = _why_pin_unmet(survey, w, pin.round, pin.room)
            if reason is not None:
                subjects = {"workshop": w.id}
                if pin.round is not None:
                    subjects["round"] = pin.round
                if pin.room is not None:
                    subjects["room"] = pin.room
                yield error(
                    "workshop-pin-unreachable",
                    f"workshop '{w.id}': pin {n} ({describe_pin(pin)}) cannot be met: {reason}",
                    **subjects,
                )
        covered = [
            instance.consecutive_rounds(pin.round, w.duration) if pin.round else None
            for pin in w.pins
        ]
        for i in range(len(w.pins)):
            for j in range(i + 1, len(w.pins)):
                a, b = covered[i], covered[j]
                shared = [t for t in a or [] if t in (b or [])]
                if shared:
                    yield error(
                        "workshop-pins-overlap",
                        f"workshop '{w.id}': pins {i + 1} and {j + 1} both need its session "
                        f"in round '{shared[0]}'",
                        workshop=w.id, round=shared[0],
                    )


def _why_pin_unmet(
    survey: Survey, w: Workshop, round_id: str | None, room: str | None
) -> str | None:
    instance = survey.instance
    if round_id is not None:
        start = survey.starts.get((w.id, round_id))
        if start is None:
            return why_no_start(instance, w, round_id)
        if room is not None and room not in start.rooms:
            return why_not_room(instance, w, room, list(start.rounds)) or (
                f"room '{room}' cannot hold it then"
            )
        return None
    assert room is not None
    if any(room in s.rooms for s in survey.starts_of[w.id]):
        return None
    reason = why_not_room(instance, w, room)
    if reason is not None:
        return reason
    if not survey.starts_of[w.id]:
        return "the workshop can start in no round"
    return f"room '{room}' is unavailable in every round the workshop can start in"


def double_bookings(survey: Survey) -> Iterator[Finding]:
    """A speaker or a room needed in one round by two workshops that must both be there."""
    instance = survey.instance
    forced = survey.forced_rounds
    speaker_needed: dict[tuple[str, str], list[str]] = defaultdict(list)
    room_needed: dict[tuple[str, str], list[str]] = defaultdict(list)
    for w in instance.workshops:
        for t in forced.get(w.id, {}):
            for speaker in w.speakers:
                speaker_needed[speaker, t].append(w.id)
        for t, room in _forced_rooms(survey, w).items():
            room_needed[room, t].append(w.id)
    for kind, needed in (("speaker", speaker_needed), ("room", room_needed)):
        reported: set[tuple[str, tuple[str, ...]]] = set()
        for (subject, t), workshops in needed.items():
            if len(workshops) < 2 or (subject, tuple(workshops)) in reported:
                continue
            reported.add((subject, tuple(workshops)))
            why = [f"'{w}' ({forced[w][t]})" for w in workshops]
            listed = ", ".join(why[:-1]) + " and " + why[-1]
            yield Finding(
                Level.ERROR, f"{kind}-double-booked",
                f"{kind} '{subject}' is needed in round '{t}' by workshops {listed}",
                {kind: (subject,), "round": (t,), "workshop": tuple(workshops)},
            )


def overbooked_speakers(survey: Survey) -> Iterator[Finding]:
    """A speaker whose workshops that must run need more rounds than they are free."""
    instance = survey.instance
    workshop_rounds = [t for t in instance.round_order if t not in instance.plenary_rounds]
    for speaker in instance.speakers:
        leads = [w for w in instance.workshops
                 if speaker.id in w.speakers and w.min_sessions > 0 and not w.cancelled]
        needed = sum(w.min_sessions * w.duration for w in leads)
        free = [t for t in workshop_rounds if t not in speaker.unavailable]
        if needed > len(free):
            yield error(
                "speaker-overbooked",
                f"speaker '{speaker.id}' is needed for {plural(needed, 'round')} of sessions "
                f"(workshops {quoted([w.id for w in leads])}), but is available in only "
                f"{plural(len(free), 'round')}",
                speaker=speaker.id, workshop=[w.id for w in leads],
            )


def _forced_rooms(survey: Survey, w: Workshop) -> dict[str, str]:
    """Round -> room for rounds in which the workshop must be in one particular room."""
    rooms: dict[str, str] = {}
    for t, why in survey.forced_rounds.get(w.id, {}).items():
        if why == "pinned there":
            possible = {
                m
                for pin in w.pins
                if pin.round is not None and (w.id, pin.round) in survey.starts
                and t in survey.starts[w.id, pin.round].rounds
                and pin.room in (None, *survey.starts[w.id, pin.round].rooms)
                for m in ([pin.room] if pin.room else survey.starts[w.id, pin.round].rooms)
            }
        else:
            possible = {m for s in survey.starts_of[w.id] for m in s.rooms}
        if len(possible) == 1:
            rooms[t] = possible.pop()
    return rooms


WORKSHOP_CHECKS = (
    workshops_that_cannot_run,
    too_few_sessions,
    unreachable_minimum_sizes,
    unreachable_workshop_pins,
    double_bookings,
    overbooked_speakers,
)
