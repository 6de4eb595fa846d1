"""Checks on registrants: pins they cannot keep, rounds with nothing open to them,
choices that cannot be met."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from scheduler.diagnose.findings import Finding, error, warning
from scheduler.diagnose.reasons import features, plural, quoted, why_no_start
from scheduler.diagnose.survey import Profile, Survey, open_to
from scheduler.model import PinnedAssignment, Registrant

# Choices named in a message before "and N more".
SHOWN_CHOICES = 5


def unreachable_registrant_pins(survey: Survey) -> Iterator[Finding]:
    """A registrant pinned to a workshop they cannot attend (in the pinned round)."""
    for r in survey.instance.registrants:
        for pin in r.pinned:
            rounds = survey.attendable(r, pin.workshop)
            if pin.round is not None:
                rounds = [t for t in rounds if t == pin.round]
            if rounds:
                continue
            where = f" in round '{pin.round}'" if pin.round is not None else ""
            subjects = {"registrant": r.id, "workshop": pin.workshop}
            if pin.round is not None:
                subjects["round"] = pin.round
            yield error(
                "registrant-pin-unreachable",
                f"registrant '{r.id}' is pinned to workshop '{pin.workshop}'{where} but "
                f"cannot attend it: {_why_cannot_attend(survey, r, pin)}",
                **subjects,
            )


def _why_cannot_attend(survey: Survey, r: Registrant, pin: PinnedAssignment) -> str:
    instance = survey.instance
    w = instance.workshop_by_id[pin.workshop]
    profile = survey.profile[r.id]
    if w.cancelled:
        return "it is cancelled"
    if instance.wanted_count(r) == 0:
        return "they want no seat"
    if pin.round is not None:
        plenary = next((p for p in instance.plenaries if p.round == pin.round), None)
        if plenary is not None:
            return f"round '{pin.round}' holds plenary '{plenary.id}'"
        if pin.round not in profile.free_rounds:
            return f"they are not present in round '{pin.round}'"
        if pin.round not in profile.start_rounds:
            return f"they chose no workshop for round '{pin.round}'"
    if not open_to(w, profile.audiences):
        which = "audiences" if len(w.audiences) > 1 else "audience"
        return f"it is open only to {which} {quoted(w.audiences)}"
    starts = [s for s in survey.starts_of[w.id] if pin.round in (None, s.round)]
    if not starts:
        if pin.round is not None:
            return f"it cannot start in round '{pin.round}': {why_no_start(instance, w, pin.round)}"
        return "it can start in no round"
    fitting = [s for s in starts if profile.free_rounds.issuperset(s.rounds)
               and s.round in profile.start_rounds]
    if not fitting:
        return "it runs only in rounds they are not free for"
    needs = sorted(profile.needs)
    if not any(
        profile.needs.issubset(instance.room_by_id[m].features) for s in fitting for m in s.rooms
    ):
        return f"no room it can use has {features(needs)}, which they need"
    return "they did not choose it, and the settings seat people only in workshops they chose"


def registrant_pin_counts(survey: Survey) -> Iterator[Finding]:
    """A registrant pinned to more workshops than they can attend, or to two in one round."""
    for r in survey.instance.registrants:
        if not r.pinned:
            continue
        workshops = list(dict.fromkeys(pin.workshop for pin in r.pinned))
        rounds = len(survey.profile[r.id].start_rounds)
        if r.wanted is not None and len(workshops) > r.wanted:
            yield error(
                "registrant-too-many-pins",
                f"registrant '{r.id}' is pinned to {plural(len(workshops), 'workshop')} but "
                f"wants only {r.wanted}",
                registrant=r.id, workshop=workshops,
            )
        elif len(workshops) > rounds:
            yield error(
                "registrant-too-many-pins",
                f"registrant '{r.id}' is pinned to {plural(len(workshops), 'workshop')} but "
                f"can attend workshops in only {plural(rounds, 'round')}",
                registrant=r.id, workshop=workshops,
            )
        by_round: dict[str, list[str]] = defaultdict(list)
        for pin in r.pinned:
            if pin.round is not None and pin.workshop not in by_round[pin.round]:
                by_round[pin.round].append(pin.workshop)
        for t, clashing in by_round.items():
            if len(clashing) > 1:
                yield error(
                    "registrant-pins-clash",
                    f"registrant '{r.id}' is pinned to workshops {quoted(clashing)} both in "
                    f"round '{t}'",
                    registrant=r.id, workshop=clashing, round=t,
                )


def pinned_over_capacity(survey: Survey) -> Iterator[Finding]:
    """More registrants pinned to a workshop (or one of its sessions) than it seats."""
    pinned: Counter[str] = Counter()
    pinned_in: Counter[tuple[str, str]] = Counter()
    for r in survey.instance.registrants:
        # Each registrant counts once per workshop (and session), however often pinned.
        pinned.update({pin.workshop for pin in r.pinned})
        pinned_in.update({(pin.workshop, pin.round) for pin in r.pinned if pin.round is not None})
    for w in survey.instance.workshops:
        starts = survey.starts_of[w.id]
        if not pinned[w.id] or not starts:
            continue
        most = max(survey.best_capacity(s) for s in starts)
        seats = most * w.max_sessions
        if pinned[w.id] > seats:
            sessions = plural(w.max_sessions, "session")
            yield error(
                "pinned-over-capacity",
                f"workshop '{w.id}' has {pinned[w.id]} registrants pinned to it but at most "
                f"{seats} seats ({sessions} of at most {most})",
                workshop=w.id,
            )
    for (w_id, t), count in pinned_in.items():
        start = survey.starts.get((w_id, t))
        if start is not None and count > survey.best_capacity(start):
            yield error(
                "pinned-over-capacity",
                f"workshop '{w_id}' has {count} registrants pinned to its session in round "
                f"'{t}', which holds at most {survey.best_capacity(start)}",
                workshop=w_id, round=t,
            )


def rounds_with_nothing_open(survey: Survey) -> Iterator[Finding]:
    """A round in which nothing is open to an audience, or to a registrant's needs, while
    other workshops run."""
    members: dict[Profile, list[str]] = defaultdict(list)
    for r in survey.instance.registrants:
        if survey.profile[r.id].needs:
            members[survey.profile[r.id]].append(r.id)
    shut_out: Counter[tuple[frozenset[str], str]] = Counter()
    for profile, count in survey.profile_count.items():
        served = _covered(survey, survey.open_starts(profile))
        without_needs = _covered(survey, survey.open_without_needs(profile))
        anyone = _covered(survey, survey.open_to_all(profile))
        for t in profile.need_rounds:
            if t in served:
                continue
            if t in without_needs:
                needs = sorted(profile.needs)
                for registrant in members[profile]:
                    yield warning(
                        "needs-unmet",
                        f"registrant '{registrant}' needs {features(needs)}, but no "
                        f"workshop open to them in round '{t}' has a room with "
                        f"{'it' if len(needs) == 1 else 'them'}",
                        registrant=registrant, round=t,
                    )
            elif t in anyone:
                shut_out[profile.audiences, t] += count
    for (audiences, t), count in shut_out.items():
        if audiences:
            names = sorted(audiences)
            who = f"{'audiences' if len(names) > 1 else 'audience'} {quoted(names)}"
        else:
            who = "registrants without an audience"
        yield warning(
            "audience-no-workshop",
            f"no workshop in round '{t}' is open to {who} ({plural(count, 'registrant')})",
            audience=sorted(audiences), round=t,
        )


def _covered(survey: Survey, keys: frozenset[tuple[str, str]]) -> set[str]:
    return {t for key in keys for t in survey.starts[key].rounds}


def impossible_choices(survey: Survey) -> Iterator[Finding]:
    """A registrant none of whose chosen workshops they can attend."""
    for r in survey.instance.registrants:
        profile = survey.profile[r.id]
        if not profile.start_rounds:
            continue
        if r.per_round is not None:
            chosen = list(dict.fromkeys(w for ws in r.per_round.values() for w in ws))
            open_ = survey.open_starts(profile)
            possible = any((w, t) in open_ for t, ws in r.per_round.items() for w in ws)
        else:
            chosen = r.ranked_ids
            possible = not survey.open_workshops(profile).isdisjoint(chosen)
        if possible or not chosen:
            continue
        shown = quoted(chosen)
        if len(chosen) > SHOWN_CHOICES:
            more = len(chosen) - SHOWN_CHOICES
            shown = ", ".join(f"'{w}'" for w in chosen[:SHOWN_CHOICES]) + f" and {more} more"
        yield warning(
            "choices-impossible",
            f"registrant '{r.id}' can attend none of the workshops they chose ({shown})",
            registrant=r.id, workshop=chosen,
        )


def per_round_without_choices(survey: Survey) -> Iterator[Finding]:
    """Registrants whose `per_round` lists no workshop in any round. With per-round
    choices only the rounds listed are wanted, so they get no seat at all, where a
    registrant without preferences gets one in every round: most likely a form's
    empty answer, not a wish to attend nothing."""
    empty = [r.id for r in survey.instance.registrants
             if r.per_round is not None and not any(r.per_round.values())
             and survey.profile[r.id].free_rounds]
    if empty:
        yield warning(
            "per-round-empty",
            f"{plural(len(empty), 'registrant')} ({quoted(empty[:SHOWN_CHOICES])}"
            f"{' and more' if len(empty) > SHOWN_CHOICES else ''}) list no workshop in any "
            "round under 'per_round', so they get no seat; leave 'per_round' out to give "
            "them a seat in every round",
            registrant=empty,
        )


def choices_for_rounds_they_cannot_run_in(survey: Survey) -> Iterator[Finding]:
    """Per-round choices of a workshop for a round where no session of it can start:
    such a choice is never met, and without another choice for that round the
    registrant gets a workshop they did not choose there. Most likely the form offered
    the workshop in a round the event's tables do not allow it in."""
    chosen_by: dict[tuple[str, str], list[str]] = {}
    for r in survey.instance.registrants:
        for t, workshops in (r.per_round or {}).items():
            for w in workshops:
                # A cancelled workshop's choices stay valid and are reported as such;
                # one that can start nowhere has an error of its own.
                if (w, t) not in survey.starts and survey.starts_of[w] \
                        and not survey.instance.workshop_by_id[w].cancelled:
                    chosen_by.setdefault((w, t), []).append(r.id)
    for (w, t), people in chosen_by.items():
        shown = quoted(people[:SHOWN_CHOICES]) + (
            " and more" if len(people) > SHOWN_CHOICES else "")
        reason = why_no_start(survey.instance, survey.instance.workshop_by_id[w], t)
        yield warning(
            "choice-round-impossible",
            f"workshop '{w}' is chosen for round '{t}' by {plural(len(people), 'registrant')} "
            f"({shown}), but cannot start there: {reason}",
            registrant=people, workshop=w, round=t,
        )


def present_in_no_round(survey: Survey) -> Iterator[Finding]:
    """Registrants whose `present` lists no round: they get no seat and are on no door
    list; most likely an attendance question left empty."""
    absent = [r.id for r in survey.instance.registrants if r.present == []]
    if absent:
        yield warning(
            "present-nowhere",
            f"{plural(len(absent), 'registrant')} ({quoted(absent[:SHOWN_CHOICES])}"
            f"{' and more' if len(absent) > SHOWN_CHOICES else ''}) "
            f"{'is' if len(absent) == 1 else 'are'} present in no round "
            "('present' is empty), so they get no seat; leave 'present' out for the whole "
            "day",
            registrant=absent,
        )


PEOPLE_CHECKS = (
    unreachable_registrant_pins,
    registrant_pin_counts,
    pinned_over_capacity,
    rounds_with_nothing_open,
    impossible_choices,
    choices_for_rounds_they_cannot_run_in,
    per_round_without_choices,
    present_in_no_round,
)
