"""Rules on who sits where: one seat per round, presence, openness, needs and pins.

Each function states its rule in its first line and yields one Violation per offender.
Registrants are visited in instance order, their seats in solution order.
"""

from __future__ import annotations

from collections.abc import Iterator

from scheduler.check.plan import Plan, Violation, plural, quoted
from scheduler.model import Instance


def registrant_double_bookings(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """A registrant is in at most one session per round."""
    for r, sessions in plan.seated:
        by_round: dict[str, list[str]] = {}
        for s in sessions:
            for round_id in dict.fromkeys(s.rounds):
                by_round.setdefault(round_id, []).append(s.id)
        for round_id, ids in by_round.items():
            if len(ids) > 1:
                yield Violation(
                    "registrant-double-booked",
                    f"registrant '{r.id}' is in sessions {quoted(ids)} in round '{round_id}'",
                )


def registrant_rounds(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """A registrant is seated only in rounds they are present and that hold no plenary
    (everyone present attends the plenary)."""
    plenary_in = {p.round: p.id for p in instance.plenaries}
    for r, sessions in plan.seated:
        present = set(instance.present_rounds(r))
        for s in sessions:
            for round_id in dict.fromkeys(s.rounds):
                if round_id not in present:
                    yield Violation(
                        "registrant-absent",
                        f"registrant '{r.id}' is in session '{s.id}' in round '{round_id}', "
                        "when they are not present",
                    )
                elif round_id in plenary_in:
                    yield Violation(
                        "registrant-in-plenary-round",
                        f"registrant '{r.id}' is in session '{s.id}' in round '{round_id}', "
                        f"when they attend plenary '{plenary_in[round_id]}'",
                    )


def repeated_workshops(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """A registrant attends each workshop at most once."""
    for r, sessions in plan.seated:
        by_workshop: dict[str, list[str]] = {}
        for s in sessions:
            by_workshop.setdefault(s.workshop, []).append(s.id)
        for workshop, ids in by_workshop.items():
            if len(ids) > 1:
                yield Violation(
                    "workshop-repeated",
                    f"registrant '{r.id}' attends workshop '{workshop}' {len(ids)} times: "
                    f"sessions {quoted(ids)}",
                )


def audiences(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """A registrant attends only workshops open to them: open to all, or sharing an
    audience with the registrant."""
    for r, sessions in plan.seated:
        for s in sessions:
            open_to = instance.workshop_by_id[s.workshop].audiences
            if open_to and not set(open_to) & set(r.audiences):
                yield Violation(
                    "audience",
                    f"registrant '{r.id}' is in session '{s.id}', but workshop "
                    f"'{s.workshop}' is open only to "
                    f"{'audiences' if len(open_to) > 1 else 'audience'} {quoted(open_to)}",
                )


def registrant_needs(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """A registrant sits only in rooms that have every feature they need."""
    for r, sessions in plan.seated:
        for s in sessions:
            has = set(instance.room_by_id[s.room].features)
            missing = [f for f in r.needs if f not in has]
            if missing:
                yield Violation(
                    "registrant-needs",
                    f"registrant '{r.id}' is in session '{s.id}' in room '{s.room}', which "
                    f"lacks needed {'features' if len(missing) > 1 else 'feature'} "
                    f"{quoted(missing)}",
                )


def seat_counts(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """A registrant fills at most as many seats as they want (see `Instance.seat_weight`)."""
    for r, sessions in plan.seated:
        wanted = instance.wanted_count(r)
        held = sum(instance.seat_weight(r, s.rounds) for s in sessions)
        if held > wanted:
            yield Violation(
                "too-many-seats",
                f"registrant '{r.id}' has {plural(held, 'seat')} but wants at most {wanted}",
            )


def per_round_choices(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """A registrant with per-round preferences sits only in sessions starting in a round
    they listed choices for."""
    for r, sessions in plan.seated:
        if r.per_round is None:
            continue
        for s in sessions:
            if not r.per_round.get(s.rounds[0]):
                yield Violation(
                    "unwanted-round",
                    f"registrant '{r.id}' is in session '{s.id}', which starts in round "
                    f"'{s.rounds[0]}', a round they chose no workshop for",
                )


def registrant_pins(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """A pinned registrant attends the pinned workshop, in a session starting in the
    pinned round when one is named."""
    for r in instance.registrants:
        sessions = [plan.sessions[i] for i in plan.seats.get(r.id, [])]
        for pin in r.pinned:
            attended = [s for s in sessions if s.workshop == pin.workshop]
            in_round = f" in round '{pin.round}'" if pin.round is not None else ""
            pinned = f"registrant '{r.id}' is pinned to workshop '{pin.workshop}'{in_round}"
            if not attended:
                yield Violation("registrant-pin", f"{pinned} but does not attend it")
            elif pin.round is not None and all(s.rounds[0] != pin.round for s in attended):
                starts = ", ".join(f"'{s.id}' (from '{s.rounds[0]}')" for s in attended)
                yield Violation(
                    "registrant-pin",
                    f"{pinned} but attends it in "
                    f"{'sessions' if len(attended) > 1 else 'session'} {starts}",
                )


def chosen_only(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """Unless `place_unchosen` is set, a registrant sits only in workshops they chose."""
    if instance.settings.place_unchosen:
        return
    for r, sessions in plan.seated:
        for s in sessions:
            if r.choice_rank(s.workshop, s.rounds[0]) is None:
                for_round = f" for round '{s.rounds[0]}'" if r.per_round is not None else ""
                yield Violation(
                    "unchosen-seat",
                    f"registrant '{r.id}' is in session '{s.id}', but did not choose "
                    f"workshop '{s.workshop}'{for_round}",
                )
