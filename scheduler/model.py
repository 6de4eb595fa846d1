"""The instance: one workshop day (or week), described in plain data.

Nothing here knows about the solver. Every class is frozen; make a changed copy with
``model_copy(update=...)``.

Units: capacities and sizes count people; durations count rounds; times are local
wall-clock times of the event (no time zone).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time
from functools import cached_property
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from scheduler.errors import LocatedProblems, Location

INSTANCE_FORMAT = "workshop-scheduler/instance"
INSTANCE_VERSION = 1

# Limits beyond any plausible event; larger inputs are almost certainly a mistake
# (a stray column read as capacity, a file concatenated with itself).
MAX_REGISTRANTS = 200_000
MAX_WORKSHOPS = 2_000
MAX_ROUNDS = 200
MAX_ROOMS = 500
MAX_CAPACITY = 100_000
LIMIT_NOTE = "the limit for any plausible event; a larger number is almost certainly a mistake"

Id = str
Choice = Id | list[Id]
"""One place in a ranked list: a workshop id, or a list of ids that share the rank."""


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _require_unique(values: list[str], what: str) -> list[str]:
    repeated = sorted(v for v, n in Counter(values).items() if n > 1)
    if repeated:
        raise ValueError(f"{what} listed more than once: {', '.join(repeated)}")
    return values


class Round(Frozen):
    """A time slot in which sessions run side by side."""

    id: Id = Field(min_length=1)
    day: date
    start: time
    end: time
    label: str = ""

    @field_validator("start", "end", mode="before")
    @classmethod
    def _time_is_not_a_number(cls, value: object) -> object:
        # YAML reads an unquoted 10:45 as 645 (base-60), which would pass as seconds.
        if isinstance(value, int | float) and not isinstance(value, bool):
            if isinstance(value, int) and 0 <= value < 24 * 60:
                hours, minutes = divmod(value, 60)
                raise ValueError(
                    f'write the time in quotes, as "{hours:02d}:{minutes:02d}": YAML reads an '
                    f"unquoted {hours}:{minutes:02d} as the number {value}"
                )
            raise ValueError(f'must be a time such as "09:30", not the number {value}')
        return value

    @field_validator("start", "end")
    @classmethod
    def _local_time(cls, value: time) -> time:
        if value.tzinfo is not None:
            raise ValueError("times are the event's local times, without a time zone")
        return value

    @model_validator(mode="after")
    def _ends_after_start(self) -> Round:
        if self.end <= self.start:
            raise LocatedProblems([(("end",), (
                f"round '{self.id}' must end after it starts "
                f"(start {self.start:%H:%M}, end {self.end:%H:%M})"
            ))])
        return self

    @property
    def name(self) -> str:
        return self.label or self.id


class Room(Frozen):
    """A place that holds one session per round."""

    id: Id = Field(min_length=1)
    name: str = ""
    capacity: int = Field(gt=0, le=MAX_CAPACITY)
    features: list[str] = Field(default_factory=list)
    unavailable: list[Id] = Field(default_factory=list, description="Round ids.")

    @property
    def display_name(self) -> str:
        return self.name or self.id


class Speaker(Frozen):
    """A person who leads workshops; in at most one session per round."""

    id: Id = Field(min_length=1)
    name: str = ""
    unavailable: list[Id] = Field(default_factory=list, description="Round ids.")


class SessionPin(Frozen):
    """Fixes one session of a workshop to a round, a room, or both."""

    round: Id | None = None
    room: Id | None = None

    @model_validator(mode="after")
    def _pins_something(self) -> SessionPin:
        if self.round is None and self.room is None:
            raise ValueError("a session pin needs a round, a room or both")
        return self


class Workshop(Frozen):
    """Something registrants attend; it runs as one or more sessions."""

    id: Id = Field(min_length=1)
    title: str = ""
    speakers: list[Id] = Field(default_factory=list)
    max_size: int | None = Field(default=None, gt=0, le=MAX_CAPACITY)
    min_size: int = Field(default=0, ge=0, le=MAX_CAPACITY)
    duration: int = Field(default=1, ge=1, le=MAX_ROUNDS)
    min_sessions: int = Field(default=1, ge=0, le=MAX_ROUNDS)
    max_sessions: int = Field(default=1, ge=0, le=MAX_ROUNDS)
    rounds: list[Id] | None = Field(
        default=None, description="Allowed start rounds; all if omitted."
    )
    features: list[str] = Field(default_factory=list, description="Required room features.")
    audiences: list[str] = Field(default_factory=list, description="Open to everyone if empty.")
    pins: list[SessionPin] = Field(default_factory=list)
    cancelled: bool = Field(
        default=False,
        description="No session runs; registrants' choices of it stay valid but unmet.",
    )

    @model_validator(mode="after")
    def _consistent_sizes(self) -> Workshop:
        if self.max_sessions < self.min_sessions:
            raise LocatedProblems([(("max_sessions",), (
                f"workshop '{self.id}': max_sessions {self.max_sessions} "
                f"is below min_sessions {self.min_sessions}"
            ))])
        if self.max_size is not None and self.max_size < self.min_size:
            raise LocatedProblems([(("max_size",), (
                f"workshop '{self.id}': max_size {self.max_size} is below min_size {self.min_size}"
            ))])
        if len(self.pins) > self.max_sessions:
            raise LocatedProblems([(("pins",), (
                f"workshop '{self.id}': {len(self.pins)} pins but at most "
                f"{self.max_sessions} sessions"
            ))])
        return self

    @field_validator("speakers", "features", "audiences")
    @classmethod
    def _unique(cls, values: list[str]) -> list[str]:
        return _require_unique(values, "value")

    @property
    def display_title(self) -> str:
        return self.title or self.id


class Plenary(Frozen):
    """A session that every registrant present in its round attends."""

    id: Id = Field(min_length=1)
    title: str = ""
    round: Id
    room: Id
    speakers: list[Id] = Field(default_factory=list)


class PinnedAssignment(Frozen):
    """A registrant who must attend a workshop (in a given round, if named)."""

    workshop: Id
    round: Id | None = None


class Registrant(Frozen):
    """A person who registered, with their wishes.

    Preferences come in one of two forms:

    - ``ranked``: workshops best first; an inner list holds workshops of equal rank.
      ``wanted`` says how many workshops they want (default: one per round they can
      attend a workshop in).
    - ``per_round``: for each round, the workshops they want in that round, best first
      (a first choice and alternatives). A choice counts for the round it was made for.

    A registrant with neither still gets a seat in every round they are present,
    in a workshop they did not choose.
    """

    id: Id = Field(min_length=1)
    name: str = ""
    first_name: str | None = Field(default=None, description=(
        "The first names, where the registration gave them apart from the surname; "
        "`name` starts with them. Door lists and mail merges split `name` there "
        "instead of guessing."))
    email: str = ""
    organisation: str = ""
    audiences: list[str] = Field(default_factory=list)
    registered_at: datetime | None = None
    present: list[Id] | None = Field(default=None, description="Round ids; all if omitted.")
    needs: list[str] = Field(default_factory=list, description="Room features required.")
    pinned: list[PinnedAssignment] = Field(default_factory=list)
    ranked: list[Choice] | None = None
    wanted: int | None = Field(default=None, ge=0, le=MAX_ROUNDS)
    per_round: dict[Id, list[Id]] | None = None

    @field_validator("registered_at")
    @classmethod
    def _naive_timestamp(cls, value: datetime | None) -> datetime | None:
        # Registration order compares timestamps; one with a time zone cannot be compared
        # with one without, so all are kept as UTC-free wall-clock values.
        if value is not None and value.tzinfo is not None:
            return value.astimezone(UTC).replace(tzinfo=None)
        return value

    @model_validator(mode="after")
    def _one_preference_form(self) -> Registrant:
        owner = f"registrant '{self.id}'"
        if self.ranked is not None and self.per_round is not None:
            raise LocatedProblems([(("per_round",), (
                f"{owner}: give either 'ranked' or 'per_round' preferences, not both"
            ))])
        if self.per_round is not None and self.wanted is not None:
            raise LocatedProblems([(("wanted",), (
                f"{owner}: 'wanted' goes with 'ranked' preferences; "
                "with 'per_round' every listed round is wanted"
            ))])
        seen: set[Id] = set()
        for position, choice in enumerate(self.ranked or []):
            tie = [choice] if isinstance(choice, str) else choice
            if not tie:
                raise LocatedProblems([(("ranked", position), (
                    f"{owner}: preference {position + 1} is an empty list; "
                    "give a workshop id, or a list of ids that share the rank"
                ))])
            for workshop in tie:
                if workshop in seen:
                    raise LocatedProblems([(("ranked", position), (
                        f"{owner}: ranked preferences name workshop '{workshop}' twice"
                    ))])
                seen.add(workshop)
        for round_id, choices in (self.per_round or {}).items():
            repeated = sorted(w for w, k in Counter(choices).items() if k > 1)
            if repeated:
                raise LocatedProblems([(("per_round", round_id), (
                    f"{owner}: choices for round '{round_id}' name "
                    f"workshop '{repeated[0]}' twice"
                ))])
        return self

    @property
    def ranked_ids(self) -> list[Id]:
        """Every workshop in the ranked list, flattened, best first."""
        flat: list[Id] = []
        for choice in self.ranked or []:
            flat.extend([choice] if isinstance(choice, str) else choice)
        return flat

    def rank_by_workshop(self) -> dict[Id, int]:
        """Ranked form: workshop -> rank (1 = first choice; tied workshops share a rank)."""
        return dict(self._ranks)

    @cached_property
    def _ranks(self) -> dict[Id, int]:
        # Asked for once per candidate seat, so built once per registrant.
        ranks: dict[Id, int] = {}
        for rank, choice in enumerate(self.ranked or [], start=1):
            for workshop in [choice] if isinstance(choice, str) else choice:
                ranks[workshop] = rank
        return ranks

    def choice_rank(self, workshop: Id, start_round: Id) -> int | None:
        """The rank of a seat in `workshop` starting in `start_round`; None if not chosen."""
        if self.per_round is not None:
            choices = self.per_round.get(start_round, [])
            return choices.index(workshop) + 1 if workshop in choices else None
        return self._ranks.get(workshop)


Policy = Literal["optimal", "first-come", "first-come-floor"]
Fairness = Literal["sum", "rank-maximal", "generous"]


def triangular_rank_cost(rank: int) -> int:
    """Default cost of a seat at `rank`: 0, 1, 3, 6, 10, ... (each step costs one more)."""
    return (rank - 1) * rank // 2


def known_time_zone(name: str) -> ZoneInfo:
    """The time zone of an IANA name; a ValueError that says what to give otherwise."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        # ValueError: a name that is no relative path, such as "/etc/passwd".
        raise ValueError(f"'{name}' is not a known time zone; give an IANA name such as "
                         "Europe/Amsterdam or Europe/London") from None


class Settings(Frozen):
    """How plans are compared, and how their CSV files are written.

    The objective, in order of importance: seat as many wanted seats as possible
    (a seat in an unchosen workshop counts); then minimise the sum of seat costs:
    ``rank_costs[k-1]`` for a k-th choice (0, 1, 3, 6, 10, ... by default, continuing
    the same way past the list) and ``unchosen_cost`` for a workshop not chosen.
    """

    rank_costs: list[int] | None = Field(
        default=None, description="Cost of a 1st, 2nd, ... choice; default 0, 1, 3, 6, 10, ..."
    )
    unchosen_cost: int = Field(default=100, ge=0, le=1_000_000)
    place_unchosen: bool = Field(
        default=True,
        description="Give a seat in an unchosen workshop when no chosen one is left.",
    )
    policy: Policy = "optimal"
    fairness: Fairness = "sum"
    csv_separator: Literal[",", ";"] = Field(
        default=",",
        description="Separator of the CSV files the tool writes: ';' is what Excel set to "
                    "Dutch (and most of Europe) splits into columns, ',' what it does "
                    "elsewhere. An import takes the registration export's.",
    )
    time_zone: str | None = Field(
        default=None,
        description="The venue's time zone, as an IANA name such as Europe/Amsterdam. "
                    "Calendars then carry it, so a session shows at the right hour on a "
                    "device set to another zone; without it, their times are floating "
                    "(shown as written wherever they are opened).",
    )

    @field_validator("time_zone")
    @classmethod
    def _known_time_zone(cls, name: str | None) -> str | None:
        if name is not None:
            known_time_zone(name)
        return name

    @field_validator("rank_costs")
    @classmethod
    def _non_decreasing(cls, costs: list[int] | None) -> list[int] | None:
        if costs is None:
            return None
        if not costs:
            raise ValueError("rank_costs must not be empty")
        if any(c < 0 for c in costs):
            raise ValueError("rank_costs must not be negative")
        if any(b < a for a, b in zip(costs, costs[1:], strict=False)):
            raise ValueError("rank_costs must not decrease from one rank to the next")
        return costs

    def rank_cost(self, rank: int) -> int:
        if self.rank_costs is None:
            return triangular_rank_cost(rank)
        if rank <= len(self.rank_costs):
            return self.rank_costs[rank - 1]
        # Past the given list, keep the last step size.
        last = self.rank_costs[-1]
        step = last - self.rank_costs[-2] if len(self.rank_costs) > 1 else 1
        return last + step * (rank - len(self.rank_costs))

    def seat_cost(self, rank: int | None) -> int:
        return self.unchosen_cost if rank is None else self.rank_cost(rank)


class Instance(Frozen):
    """A whole event: rounds, rooms, people and what they want."""

    format: Literal["workshop-scheduler/instance"] = INSTANCE_FORMAT
    version: Literal[1] = INSTANCE_VERSION
    name: str = ""
    description: str = ""
    rounds: list[Round] = Field(min_length=1, max_length=MAX_ROUNDS)
    rooms: list[Room] = Field(min_length=1, max_length=MAX_ROOMS)
    speakers: list[Speaker] = Field(default_factory=list)
    workshops: list[Workshop] = Field(default_factory=list, max_length=MAX_WORKSHOPS)
    plenaries: list[Plenary] = Field(default_factory=list)
    registrants: list[Registrant] = Field(default_factory=list, max_length=MAX_REGISTRANTS)
    settings: Settings = Field(default_factory=Settings)

    @model_validator(mode="before")
    @classmethod
    def _plausible_size(cls, data: Any) -> Any:
        # Checked before each item is validated, which takes seconds on a file far too big.
        if isinstance(data, dict):
            for field, limit in (("registrants", MAX_REGISTRANTS), ("workshops", MAX_WORKSHOPS),
                                 ("rounds", MAX_ROUNDS), ("rooms", MAX_ROOMS)):
                items = data.get(field)
                if isinstance(items, list) and len(items) > limit:
                    raise LocatedProblems([((field,), (
                        f"at most {limit} {field} are supported and this file has "
                        f"{len(items)}: {LIMIT_NOTE}"
                    ))])
        return data

    @model_validator(mode="after")
    def _references_hold(self) -> Instance:
        problems = _reference_problems(self)
        if problems:
            raise LocatedProblems(problems)
        return self

    # Lookups. Cached: the instance is frozen, so they never go stale.

    @cached_property
    def round_order(self) -> list[Id]:
        """Round ids in time order (day, start, id)."""
        return [r.id for r in sorted(self.rounds, key=lambda r: (r.day, r.start, r.id))]

    @cached_property
    def round_by_id(self) -> dict[Id, Round]:
        return {r.id: r for r in self.rounds}

    @cached_property
    def room_by_id(self) -> dict[Id, Room]:
        return {r.id: r for r in self.rooms}

    @cached_property
    def speaker_by_id(self) -> dict[Id, Speaker]:
        return {s.id: s for s in self.speakers}

    @cached_property
    def workshop_by_id(self) -> dict[Id, Workshop]:
        return {w.id: w for w in self.workshops}

    @cached_property
    def registrant_by_id(self) -> dict[Id, Registrant]:
        return {r.id: r for r in self.registrants}

    @cached_property
    def plenary_rounds(self) -> frozenset[Id]:
        return frozenset(p.round for p in self.plenaries)

    def seat_weight(self, registrant: Registrant, rounds: list[str] | tuple[str, ...]) -> int:
        """How many of the registrant's wanted seats a session covering `rounds` fills.

        A two-round workshop fills two rounds of a registrant who wants one workshop per
        round, but one workshop of a registrant who asked for a number of workshops.
        """
        if registrant.per_round is not None:
            return sum(1 for t in rounds if registrant.per_round.get(t))
        if registrant.wanted is not None:
            return 1
        return len(rounds)

    @cached_property
    def longest_rank(self) -> int:
        """The highest rank any registrant's preferences can give a seat (0: none)."""
        longest = 0
        for r in self.registrants:
            longest = max(longest, len(r.ranked or []),
                          *(len(c) for c in (r.per_round or {}).values()))
        return longest

    @cached_property
    def empty_seat_cost(self) -> int:
        """Cost of a wanted seat left empty.

        Larger than all seat costs together, so that seating one more person always
        outweighs any change in who gets which choice.
        """
        longest = max(1, self.longest_rank)
        worst = max(self.settings.unchosen_cost, self.settings.rank_cost(longest))
        return worst * self.wanted_seats + 1

    @cached_property
    def wanted_seats(self) -> int:
        """The wanted seats of every registrant together: no plan fills more."""
        return sum(self.wanted_count(r) for r in self.registrants)

    def consecutive_rounds(self, start: Id, duration: int) -> list[Id] | None:
        """The `duration` rounds from `start` on, all on the start's day; None if too few."""
        order = self.round_order
        i = order.index(start)
        span = order[i : i + duration]
        day = self.round_by_id[start].day
        if len(span) < duration or any(self.round_by_id[r].day != day for r in span):
            return None
        return span

    def present_rounds(self, registrant: Registrant) -> list[Id]:
        """Rounds the registrant is there for, in time order."""
        if registrant.present is None:
            return list(self.round_order)
        present = set(registrant.present)
        return [r for r in self.round_order if r in present]

    def workshop_rounds(self, registrant: Registrant) -> list[Id]:
        """Rounds in which the registrant can attend a workshop (present, no plenary)."""
        return [r for r in self.present_rounds(registrant) if r not in self.plenary_rounds]

    def wanted_count(self, registrant: Registrant) -> int:
        """How many seats the registrant wants.

        A seat is a round in a workshop, except for a registrant who said how many
        workshops they want (`wanted`): then a seat is a workshop. See `seat_weight`.
        """
        rounds = self.workshop_rounds(registrant)
        if registrant.per_round is not None:
            return sum(1 for r in rounds if registrant.per_round.get(r))
        if registrant.wanted is not None:
            return registrant.wanted
        return len(rounds)


def _reference_problems(instance: Instance) -> list[tuple[Location, str]]:
    """Every cross-reference that does not hold: where it is, and a message naming the
    offender."""
    problems: list[tuple[Location, str]] = []
    for what, field, ids in (
        ("round", "rounds", [r.id for r in instance.rounds]),
        ("room", "rooms", [r.id for r in instance.rooms]),
        ("speaker", "speakers", [s.id for s in instance.speakers]),
        ("workshop", "workshops", [w.id for w in instance.workshops]),
        ("plenary", "plenaries", [p.id for p in instance.plenaries]),
        ("registrant", "registrants", [r.id for r in instance.registrants]),
    ):
        counts = Counter(ids)
        seen: set[str] = set()
        for n, item_id in enumerate(ids):
            # Reported once, where the id comes back the first time.
            if item_id in seen and counts[item_id] > 1:
                problems.append(((field, n, "id"),
                                 f"{what} id '{item_id}' is used {counts[item_id]} times"))
                counts[item_id] = 0
            seen.add(item_id)

    rounds = {r.id for r in instance.rounds}
    rooms = {r.id for r in instance.rooms}
    speakers = {s.id for s in instance.speakers}
    workshops = {w.id for w in instance.workshops}

    def unknown(
        loc: Location, owner: str, field: str, value: str | None, known: set[str], kind: str
    ) -> None:
        if value is not None and value not in known:
            problems.append((loc, f"{owner}: {field} names unknown {kind} '{value}'"))

    by_day: dict[date, list[tuple[int, Round]]] = {}
    for n, round_ in enumerate(instance.rounds):
        by_day.setdefault(round_.day, []).append((n, round_))
    for day_rounds in by_day.values():
        day_rounds.sort(key=lambda item: item[1].start)
        for (_, a), (n, b) in zip(day_rounds, day_rounds[1:], strict=False):
            if b.start < a.end:
                problems.append(((("rounds", n, "start")), (
                    f"round '{b.id}' overlaps round '{a.id}' on {a.day} "
                    f"('{a.id}' ends {a.end:%H:%M}, '{b.id}' starts {b.start:%H:%M})"
                )))

    for n, room in enumerate(instance.rooms):
        for k, i in enumerate(room.unavailable):
            unknown(("rooms", n, "unavailable", k), f"room '{room.id}'", "unavailable", i,
                    rounds, "round")
    for n, speaker in enumerate(instance.speakers):
        for k, i in enumerate(speaker.unavailable):
            unknown(("speakers", n, "unavailable", k), f"speaker '{speaker.id}'", "unavailable",
                    i, rounds, "round")
    for n, w in enumerate(instance.workshops):
        owner = f"workshop '{w.id}'"
        for k, i in enumerate(w.speakers):
            unknown(("workshops", n, "speakers", k), owner, "speakers", i, speakers, "speaker")
        for k, i in enumerate(w.rounds or []):
            unknown(("workshops", n, "rounds", k), owner, "rounds", i, rounds, "round")
        for k, pin in enumerate(w.pins):
            loc = ("workshops", n, "pins", k)
            unknown((*loc, "round"), owner, f"pin {k + 1}", pin.round, rounds, "round")
            unknown((*loc, "room"), owner, f"pin {k + 1}", pin.room, rooms, "room")
    plenary_rounds: dict[str, str] = {}
    for n, p in enumerate(instance.plenaries):
        owner = f"plenary '{p.id}'"
        unknown(("plenaries", n, "round"), owner, "round", p.round, rounds, "round")
        unknown(("plenaries", n, "room"), owner, "room", p.room, rooms, "room")
        for k, i in enumerate(p.speakers):
            unknown(("plenaries", n, "speakers", k), owner, "speakers", i, speakers, "speaker")
        if p.round in plenary_rounds:
            problems.append((("plenaries", n, "round"), (
                f"{owner}: round '{p.round}' already holds plenary '{plenary_rounds[p.round]}'"
            )))
        plenary_rounds.setdefault(p.round, p.id)
    for n, registrant in enumerate(instance.registrants):
        owner = f"registrant '{registrant.id}'"
        at: Location = ("registrants", n)
        for k, i in enumerate(registrant.present or []):
            unknown((*at, "present", k), owner, "present", i, rounds, "round")
        for k, pinned in enumerate(registrant.pinned):
            what = f"pinned assignment {k + 1}"
            unknown((*at, "pinned", k, "workshop"), owner, what, pinned.workshop, workshops,
                    "workshop")
            unknown((*at, "pinned", k, "round"), owner, what, pinned.round, rounds, "round")
        for rank, choice in enumerate(registrant.ranked or [], start=1):
            if isinstance(choice, str):
                unknown((*at, "ranked", rank - 1), owner, f"preference {rank}", choice,
                        workshops, "workshop")
                continue
            for k, workshop in enumerate(choice):
                unknown((*at, "ranked", rank - 1, k), owner, f"preference {rank}", workshop,
                        workshops, "workshop")
        for round_id, choices in (registrant.per_round or {}).items():
            unknown((*at, "per_round", round_id), owner, "per_round", round_id, rounds, "round")
            for k, workshop in enumerate(choices):
                unknown((*at, "per_round", round_id, k), owner,
                        f"choice {k + 1} for round '{round_id}'", workshop, workshops, "workshop")
    return problems
