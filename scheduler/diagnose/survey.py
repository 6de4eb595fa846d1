"""What can exist at all, gathered once and shared by every check.

Registrants are grouped into profiles (audiences, needs, rounds) so that the work per
registrant stays proportional to their own choices: a 100,000-registrant day usually has
a few dozen profiles.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property

from scheduler.candidates import Start, session_capacity, session_starts
from scheduler.model import Instance, Registrant, Workshop

SessionKey = tuple[str, str]


@dataclass(frozen=True)
class Profile:
    """Everything about a registrant, apart from their choices, that decides where they
    can sit."""

    audiences: frozenset[str]
    needs: frozenset[str]
    free_rounds: frozenset[str]
    """Rounds they are present in that hold no plenary."""
    start_rounds: frozenset[str]
    """Rounds a session of theirs may start in: per-round preferences limit them to the
    rounds with choices; none when they want no seat at all."""
    need_rounds: tuple[str, ...]
    """Rounds in which they want a seat. Empty for a registrant who asked for fewer
    workshops than they have rounds: which rounds they fill is the plan's choice."""


def profile_of(instance: Instance, registrant: Registrant, rounds: list[str]) -> Profile:
    """The profile of a registrant whose workshop rounds (`Instance.workshop_rounds`)
    are `rounds`."""
    # As `Instance.wanted_count`, without working out the rounds again.
    starts: list[str]
    need: list[str]
    if registrant.per_round is not None:
        starts = need = [r for r in rounds if registrant.per_round.get(r)]
    elif registrant.wanted == 0 or not rounds:
        starts = need = []
    else:
        starts = rounds
        limited = registrant.wanted is not None and registrant.wanted < len(rounds)
        need = [] if limited else rounds
    return Profile(
        frozenset(registrant.audiences), frozenset(registrant.needs), frozenset(rounds),
        frozenset(starts), tuple(need),
    )


def open_to(workshop: Workshop, audiences: frozenset[str]) -> bool:
    return not workshop.audiences or bool(audiences.intersection(workshop.audiences))


class Survey:
    """Possible sessions, registrant profiles and who can attend what."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.starts: dict[SessionKey, Start] = session_starts(instance)
        self.starts_of: dict[str, list[Start]] = {w.id: [] for w in instance.workshops}
        for start in self.starts.values():
            self.starts_of[start.workshop].append(start)
        # Registrants who look alike share one profile, worked out once.
        profiles: dict[tuple[object, ...], Profile] = {}
        self.profile: dict[str, Profile] = {}
        for r in instance.registrants:
            chosen_rounds = None if r.per_round is None else tuple(
                t for t, choices in r.per_round.items() if choices
            )
            looks = (tuple(r.audiences), tuple(r.needs),
                     None if r.present is None else tuple(r.present), r.wanted, chosen_rounds)
            if looks not in profiles:
                profiles[looks] = profile_of(instance, r, instance.workshop_rounds(r))
            self.profile[r.id] = profiles[looks]
        self.profile_count: Counter[Profile] = Counter(self.profile.values())
        self._open: dict[tuple[Profile, bool, bool], frozenset[SessionKey]] = {}
        self._open_workshops: dict[Profile, frozenset[str]] = {}

    def open_starts(self, profile: Profile) -> frozenset[SessionKey]:
        """Sessions a registrant of this profile could sit in, if they chose them."""
        return self._open_starts(profile, audiences=True, needs=True)

    def open_without_needs(self, profile: Profile) -> frozenset[SessionKey]:
        """As `open_starts`, were the registrant to need no room features."""
        return self._open_starts(profile, audiences=True, needs=False)

    def open_to_all(self, profile: Profile) -> frozenset[SessionKey]:
        """As `open_starts`, were every workshop open to everyone and no needs stated."""
        return self._open_starts(profile, audiences=False, needs=False)

    def _open_starts(
        self, profile: Profile, *, audiences: bool, needs: bool
    ) -> frozenset[SessionKey]:
        cache_key = (profile, audiences, needs)
        if cache_key not in self._open:
            instance = self.instance
            self._open[cache_key] = frozenset(
                key for key, start in self.starts.items()
                if start.round in profile.start_rounds
                and profile.free_rounds.issuperset(start.rounds)
                and (not audiences
                     or open_to(instance.workshop_by_id[start.workshop], profile.audiences))
                and (not needs or not profile.needs or any(
                    profile.needs.issubset(instance.room_by_id[m].features)
                    for m in start.rooms
                ))
            )
        return self._open[cache_key]

    def open_workshops(self, profile: Profile) -> frozenset[str]:
        """Workshops with a session a registrant of this profile could sit in."""
        if profile not in self._open_workshops:
            self._open_workshops[profile] = frozenset(w for w, _ in self.open_starts(profile))
        return self._open_workshops[profile]

    def attendable(self, registrant: Registrant, workshop: str) -> list[str]:
        """Start rounds of the workshop's sessions the registrant can sit in, taking
        their choices into account where the settings require it."""
        open_ = self.open_starts(self.profile[registrant.id])
        any_workshop = self.instance.settings.place_unchosen
        return [
            s.round for s in self.starts_of[workshop]
            if (workshop, s.round) in open_
            and (any_workshop or registrant.choice_rank(workshop, s.round) is not None)
        ]

    @cached_property
    def eligible(self) -> tuple[Counter[str], Counter[SessionKey]]:
        """How many registrants could attend each workshop, and each of its sessions."""
        by_workshop: Counter[str] = Counter()
        by_start: Counter[SessionKey] = Counter()
        if self.instance.settings.place_unchosen:
            for profile, count in self.profile_count.items():
                open_ = self.open_starts(profile)
                for key in open_:
                    by_start[key] += count
                for workshop in {w for w, _ in open_}:
                    by_workshop[workshop] += count
            return by_workshop, by_start
        for registrant in self.instance.registrants:
            open_ = self.open_starts(self.profile[registrant.id])
            keys = {key for key in self.chosen_starts(registrant) if key in open_}
            by_start.update(keys)
            by_workshop.update({w for w, _ in keys})
        return by_workshop, by_start

    def chosen_starts(self, registrant: Registrant) -> list[SessionKey]:
        """Every possible session of a workshop the registrant chose (for that round)."""
        if registrant.per_round is not None:
            return [
                (w, r) for r, choices in registrant.per_round.items() for w in choices
                if (w, r) in self.starts
            ]
        return [
            (w, s.round) for w in registrant.ranked_ids for s in self.starts_of.get(w, [])
        ]

    @cached_property
    def forced_rounds(self) -> dict[str, dict[str, str]]:
        """Rounds each workshop must run in, with why: "pinned there" or "can only run
        there" (every possible session of a workshop that must run covers the round)."""
        forced: dict[str, dict[str, str]] = defaultdict(dict)
        instance = self.instance
        for w in instance.workshops:
            starts = self.starts_of[w.id]
            if w.min_sessions > 0 and starts:
                common = set(starts[0].rounds).intersection(*(s.rounds for s in starts[1:]))
                for t in common:
                    forced[w.id][t] = "can only run there"
            for pin in w.pins:
                if pin.round is not None and (w.id, pin.round) in self.starts:
                    for t in self.starts[w.id, pin.round].rounds:
                        forced[w.id][t] = "pinned there"
        return forced

    def best_capacity(self, start: Start) -> int:
        """The most people one session can hold in any of its possible rooms."""
        return max(session_capacity(self.instance, start.workshop, m) for m in start.rooms)
