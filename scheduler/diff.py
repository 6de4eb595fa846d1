"""Who must be told what: the change list between two plans, with reasons in words.

A registrant's programme changes when any of their sessions changes workshop, round or
room. Each change gets the reasons that can be read off the two plans and the
instances (the new one, and the old one when given). A published session is matched to
the new session that continues it (`session_ids`): what happened to it (moved, or no
longer held) is told in the same words to everyone who was in it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scheduler.model import Instance, Registrant
from scheduler.reports.tables import MAIL_MERGE_COLUMNS, mail_merge_row
from scheduler.reports.view import PlanView
from scheduler.session_ids import keep_published_ids
from scheduler.solution import SessionPlan, Solution


@dataclass(frozen=True)
class Change:
    registrant: str
    before: list[SessionPlan]
    after: list[SessionPlan]
    reasons: list[str]


def programmes(solution: Solution) -> dict[str, list[SessionPlan]]:
    sessions = {s.id: s for s in solution.sessions}
    by_registrant: dict[str, list[SessionPlan]] = {}
    for a in solution.assignments:
        if a.session in sessions:
            by_registrant.setdefault(a.registrant, []).append(sessions[a.session])
    return by_registrant


def _place(s: SessionPlan) -> tuple[str, str, str]:
    return (s.workshop, s.rounds[0], s.room)


def diff_solutions(
    old: Solution,
    new: Solution,
    instance: Instance | None = None,
    old_instance: Instance | None = None,
) -> list[Change]:
    """Every registrant whose programme differs, in a stable order (new instance's order,
    then those only in the old plan)."""
    # A rerun's plan already carries the published ids; another plan is matched here.
    new = keep_published_ids(old, new)
    before, after = programmes(old), programmes(new)
    order: list[str] = [r.id for r in instance.registrants] if instance else []
    known = set(order)
    for registrant_id in [*before, *after]:
        if registrant_id not in known:
            order.append(registrant_id)
            known.add(registrant_id)
    held = {s.id: s for s in new.sessions}
    changes = []
    for registrant_id in order:
        was, now = before.get(registrant_id, []), after.get(registrant_id, [])
        if sorted(map(_place, was)) == sorted(map(_place, now)):
            continue
        reasons = _reasons(registrant_id, was, now, instance, old_instance, held, old)
        changes.append(Change(registrant_id, was, now, reasons))
    return changes


def _reasons(
    registrant_id: str,
    was: list[SessionPlan],
    now: list[SessionPlan],
    instance: Instance | None,
    old_instance: Instance | None,
    held: dict[str, SessionPlan],
    old: Solution,
) -> list[str]:
    """Why the programme changed: for each published session the registrant no longer
    has where it was, what happened to the session, or else to them."""
    if instance is not None and registrant_id not in instance.registrant_by_id:
        return ["withdrawn"]
    if not was:
        if old_instance is not None and registrant_id in old_instance.registrant_by_id:
            return ["placed from the wait-list"]
        if instance is not None and registrant_id not in {a.registrant for a in old.assignments}:
            return ["new registration"]
        return ["newly placed"]
    registrant = instance.registrant_by_id[registrant_id] if instance else None
    own_change = _own_change(registrant, old_instance)
    new_workshops = {s.workshop for s in held.values()}
    kept = {_place(s) for s in now}
    reasons: list[str] = []
    for s in was:
        if _place(s) in kept:
            continue
        title = _title(instance, s.workshop)
        if s.workshop not in new_workshops:
            reasons.append(f"workshop {title} cancelled")
        elif s.id not in held:
            reasons.append(f"session of {title} in round {_round(instance, s)} cancelled")
        elif _place(held[s.id]) != _place(s):
            reasons.append(_session_moved(s, held[s.id], title, instance, old_instance)
                           + _not_followed(s, held[s.id], now, instance))
        elif _room_smaller(s, instance, old_instance):
            reasons.append(f"room of {title} is smaller")
        elif own_change:
            reasons.append(own_change)
        elif registrant is not None and _better(registrant, s, was, now):
            reasons.append(_promotion(registrant_id, now, old, "moved up to a higher choice"))
        else:
            reasons.append(f"moved out of {title} to make room")
    if not reasons:
        # Only additions: a seat in a round that was empty before.
        reasons.append(own_change or _promotion(registrant_id, now, old, "seat added"))
    return list(dict.fromkeys(reasons))


def _better(
    registrant: Registrant, old_seat: SessionPlan, was: list[SessionPlan],
    now: list[SessionPlan],
) -> bool:
    """A seat the registrant ranks higher than the old one: in the same rounds, or,
    when those rounds are left empty, a new seat elsewhere (one seat in another round
    of the day instead)."""
    old_rank = registrant.choice_rank(old_seat.workshop, old_seat.rounds[0])
    held_before = {_place(s) for s in was}
    same_rounds = [s for s in now if set(s.rounds) & set(old_seat.rounds)]
    instead = same_rounds or [s for s in now if _place(s) not in held_before]
    for s in instead:
        rank = registrant.choice_rank(s.workshop, s.rounds[0])
        if rank is not None and (old_rank is None or rank < old_rank):
            return True
    return False


def _promotion(
    registrant_id: str, now: list[SessionPlan], old: Solution, otherwise: str
) -> str:
    """A move up: from the wait-list when the published plan had them waiting for one
    of the workshops they now have, else `otherwise`."""
    old_workshops = {s.id: s.workshop for s in old.sessions}
    waited_for = {old_workshops.get(session) for session, waiting in old.wait_lists.items()
                  if registrant_id in waiting}
    if waited_for & {s.workshop for s in now}:
        return "promoted from the wait-list"
    return otherwise


def _own_change(registrant: Registrant | None, old_instance: Instance | None) -> str:
    """What the registrant changed in their own registration since the published plan,
    in words; empty when nothing did or the old instance is not known."""
    if registrant is None or old_instance is None:
        return ""
    then = old_instance.registrant_by_id.get(registrant.id)
    if then is None:
        return ""
    if (then.ranked, then.wanted, then.per_round) != (
        registrant.ranked, registrant.wanted, registrant.per_round
    ):
        return "preferences changed"
    if then.present != registrant.present:
        return "rounds attended changed"
    if then.needs != registrant.needs:
        return "room needs changed"
    return ""


def _session_moved(
    then: SessionPlan, now: SessionPlan, title: str, instance: Instance | None,
    old_instance: Instance | None,
) -> str:
    """Where a published session went: its new round, its new room, or both. The same
    words for all its people, whether they followed it or not (a smaller room is often
    why some did not)."""
    room = ""
    if now.room != then.room:
        before = (old_instance or instance).room_by_id.get(then.room) if instance else None
        after = instance.room_by_id.get(now.room) if instance else None
        smaller = before is not None and after is not None and after.capacity < before.capacity
        room = f"{'the smaller room' if smaller else 'room'} {_room(instance, now.room)}"
    if now.rounds[0] == then.rounds[0]:
        return f"session of {title} moved to {room}"
    where = f" in {room}" if room else ""
    return f"session of {title} moved to round {_round(instance, now)}{where}"


def _not_followed(
    then: SessionPlan, moved: SessionPlan, now: list[SessionPlan], instance: Instance | None
) -> str:
    """For someone who is not in the moved session: where they are instead (another
    session of the workshop, else what they have in the session's old rounds). Else
    the session's words alone would say they sit where they do not."""
    if any(s.id == moved.id for s in now):
        return ""
    instead = [s for s in now if s.workshop == then.workshop] or [
        s for s in now if set(s.rounds) & set(then.rounds)]
    if not instead:
        return " (no seat in its place)"
    s = instead[0]
    return f" (now in {_title(instance, s.workshop)} in round {_round(instance, s)})"


def _room_smaller(s: SessionPlan, instance: Instance | None, old: Instance | None) -> bool:
    if instance is None or old is None:
        return False
    room_now, room_then = instance.room_by_id.get(s.room), old.room_by_id.get(s.room)
    return room_now is not None and room_then is not None and (
        room_now.capacity < room_then.capacity
    )


def _title(instance: Instance | None, workshop_id: str) -> str:
    workshop = instance.workshop_by_id.get(workshop_id) if instance else None
    return f"'{workshop.display_title}'" if workshop else f"'{workshop_id}'"


def _round(instance: Instance | None, s: SessionPlan) -> str:
    round_ = instance.round_by_id.get(s.rounds[0]) if instance else None
    return round_.name if round_ else s.rounds[0]


def _room(instance: Instance | None, room_id: str) -> str:
    room = instance.room_by_id.get(room_id) if instance else None
    return room.display_name if room else room_id


def programme_text(instance: Instance | None, seats: list[SessionPlan]) -> str:
    """One line per session, in time order: 'dd-mm-yyyy start–end: title (room)', as the
    other organiser files write times."""
    if instance is None:
        return "; ".join(f"{s.rounds[0]}: {s.workshop} ({s.room})" for s in seats)
    order = {r: i for i, r in enumerate(instance.round_order)}
    lines = []
    for s in sorted(seats, key=lambda s: order.get(s.rounds[0], len(order))):
        first = instance.round_by_id.get(s.rounds[0])
        last = instance.round_by_id.get(s.rounds[-1])
        when = (
            f"{first.day:%d-%m-%Y} {first.start:%H:%M}–{last.end:%H:%M}"
            if first and last else s.rounds[0]
        )
        title = _title(instance, s.workshop).strip("'")
        lines.append(f"{when}: {title} ({_room(instance, s.room)})")
    return "\n".join(lines)


def changes_table(
    instance: Instance | None, changes: list[Change], old_instance: Instance | None = None
) -> pd.DataFrame:
    """The change list for organisers: one row per registrant whose programme changed.
    Given the published instance too, the old programme reads as it was published, and
    someone who withdrew is still named."""
    then = old_instance or instance
    rows = []
    for c in changes:
        registrant = _registrant(instance, c.registrant) or _registrant(then, c.registrant)
        rows.append({
            "registrant": c.registrant,
            "name": registrant.name if registrant else "",
            "email": registrant.email if registrant else "",
            "old programme": programme_text(then, c.before),
            "new programme": programme_text(instance, c.after),
            "reason": "; ".join(c.reasons),
        })
    return pd.DataFrame(rows, columns=[
        "registrant", "name", "email", "old programme", "new programme", "reason"
    ])


def _registrant(instance: Instance | None, registrant_id: str) -> Registrant | None:
    return instance.registrant_by_id.get(registrant_id) if instance else None


def notify_table(plan: PlanView, changes: list[Change]) -> pd.DataFrame:
    """Mail-merge rows for the people to write to, the affected who are still
    registered: the fields of `mail-merge.csv` (the new programme, its calendar file)
    and why it changed. Someone without an address is listed too, to be told otherwise."""
    rows = []
    for c in changes:
        registrant = plan.instance.registrant_by_id.get(c.registrant)
        if registrant is not None:
            rows.append({**mail_merge_row(plan, registrant), "reason": "; ".join(c.reasons)})
    return pd.DataFrame(rows, columns=[*MAIL_MERGE_COLUMNS, "reason"])
