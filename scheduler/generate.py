"""Invented but realistic instances, of any size, the same for the same seed.

The shape follows what organisers see (see the field notes): a few workshops that half
the room wants, a long tail nobody fights over; rooms from a meeting room to an aula;
speakers who lead several workshops and miss a round; a share of registrants with a
target group (audience) or a room need; sign-ups spread over weeks, in a rush after the
invitation and a bump after the reminder.

With ``fixed_placement`` every session is pinned to a round and a room (the assignment
problem alone); the sessions are spread so that each round offers comfortably more seats
than people present. Without it, workshops may run ``1 + extra`` sessions that the
planner places itself.

Everything is drawn from one ``random.Random(seed)`` in a fixed order, so the same
arguments give the same instance, byte for byte once dumped.
"""

from __future__ import annotations

import bisect
import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from typing import Literal

from scheduler.model import (
    Instance,
    Registrant,
    Room,
    Round,
    SessionPin,
    Speaker,
    Workshop,
)

Choices = Literal["ranked", "per-round"]

EVENT_DAY = date(2026, 10, 5)
ROUNDS_PER_DAY = 4
ROUND_STARTS = [time(9, 30), time(11, 0), time(13, 30), time(15, 0)]
ROUND_MINUTES = 75
AUDIENCES = ["bestuurder", "ambtenaar", "raadslid"]
AUDIENCE_SHARES = [0.2, 0.35, 0.15]  # the remaining 30% name no audience
STEP_FREE = "step-free"
NEEDS_SHARE = 0.03  # registrants who need a step-free room
RESTRICTED_SHARE = 0.1  # workshops open to one audience only
LEAVES_EARLY_SHARE = 0.05  # registrants present in the first half of the day only
UNAVAILABLE_SHARE = 0.2  # speakers who miss one round
CO_HOST_SHARE = 0.1  # workshops with a second speaker
# Seats in each round against people present: fixed placement promises comfortable room,
# a joint instance leaves the planner some slack to place sessions badly.
FIXED_SLACK = 1.15
JOINT_SLACK = 1.3
MIN_SIZE_SHARE = 0.25  # joint instances: the less popular workshops that need a minimum
MIN_SIZE = 5


@dataclass(frozen=True)
class Popularity:
    """How preferences concentrate: ``zipf:S`` (weight 1/k^S for the k-th most popular,
    lists drawn without replacement) or ``mallows:PHI`` (lists near one common order;
    PHI 0 gives everyone the same list, 1 a uniform one)."""

    kind: Literal["zipf", "mallows"]
    value: float

    @classmethod
    def parse(cls, text: str) -> Popularity:
        kind, _, number = text.partition(":")
        try:
            value = float(number)
        except ValueError:
            value = math.nan
        if kind == "zipf" and value >= 0:
            return cls("zipf", value)
        if kind == "mallows" and 0 <= value <= 1:
            return cls("mallows", value)
        raise ValueError(
            f"popularity '{text}': give zipf:S with S >= 0 or mallows:PHI with 0 <= PHI <= 1"
        )

    def __str__(self) -> str:
        return f"{self.kind}:{self.value:g}"

    def weights(self, n: int) -> list[float]:
        """Relative chance that the k-th most popular of `n` workshops is listed first."""
        if self.kind == "zipf":
            return [1 / k**self.value for k in range(1, n + 1)]
        return [self.value**k for k in range(n)]


class _ListSampler:
    """Draws preference lists over a fixed set of workshops, most popular first."""

    def __init__(self, popularity: Popularity, ordered: list[str]) -> None:
        self.popularity = popularity
        self.ordered = ordered
        self.cumulative = list(accumulate(popularity.weights(len(ordered))))

    def draw(self, rng: random.Random, length: int) -> list[str]:
        length = min(length, len(self.ordered))
        if self.popularity.kind == "mallows":
            return self._mallows(rng, length)
        chosen: list[str] = []
        # Plackett-Luce by rejection: redraw a workshop already listed.
        while len(chosen) < length:
            u = rng.random() * self.cumulative[-1]
            pick = self.ordered[min(bisect.bisect_left(self.cumulative, u), len(self.ordered) - 1)]
            if pick not in chosen:
                chosen.append(pick)
        return chosen

    def _mallows(self, rng: random.Random, length: int) -> list[str]:
        """Top of a Mallows ranking: each next item is the i-th of those left in the
        common order with probability proportional to PHI^i."""
        phi = self.popularity.value
        left = list(self.ordered)
        chosen: list[str] = []
        for _ in range(length):
            n = len(left)
            if phi <= 0:
                i = 0
            elif phi >= 1:
                i = rng.randrange(n)
            else:
                u = rng.random()
                i = min(n - 1, int(math.log(1 - u * (1 - phi**n)) / math.log(phi)))
            chosen.append(left.pop(i))
        return chosen


def generate_instance(
    registrants: int,
    workshops: int,
    rounds: int,
    rooms: int,
    *,
    repeats: int = 0,
    choices: Choices = "ranked",
    list_length: int = 5,
    popularity: str = "zipf:1",
    speakers: int | None = None,
    seed: int = 0,
    fixed_placement: bool = False,
    long_workshops: int = 0,
    name: str | None = None,
) -> Instance:
    """A generated day.

    - `repeats`: extra sessions beyond one per workshop, handed to the workshops with
      the most demand per session.
    - `choices`: ``ranked`` (a top-`list_length` list; one workshop wanted per round
      present) or ``per-round`` (for each round, `list_length` workshops offered in it).
    - `speakers`: how many speakers (default three for every four workshops, one per
      workshop in a one-round day); some lead several workshops.
    - `long_workshops`: workshops that last two consecutive rounds of one day.
    """
    _check_sizes(registrants, workshops, rounds, rooms, repeats, list_length, long_workshops,
                 fixed_placement)
    pop = Popularity.parse(popularity)
    rng = random.Random(seed)
    day = _Day(rng, registrants, workshops, rounds, rooms, repeats, choices, list_length, pop,
               speakers if speakers is not None else _default_speakers(workshops, rounds),
               fixed_placement, long_workshops)
    return day.build(name or _default_name(registrants, workshops, rounds, rooms, choices,
                                           pop, seed, fixed_placement))


def _default_speakers(workshops: int, rounds: int) -> int:
    return workshops if rounds == 1 else max(1, math.ceil(workshops * 3 / 4))


def _default_name(n: int, w: int, r: int, m: int, choices: str, pop: Popularity, seed: int,
                  fixed: bool) -> str:
    kind = "assign" if fixed else "joint"
    return f"{kind}-{n}x{w}w-{r}r-{m}m-{choices}-{pop}-s{seed}"


def _check_sizes(n: int, w: int, r: int, m: int, repeats: int, length: int, long: int,
                 fixed: bool) -> None:
    if n < 0 or w < 1 or r < 1 or m < 1 or repeats < 0 or length < 1 or long < 0:
        raise ValueError("registrants >= 0, workshops, rounds, rooms and list length >= 1, "
                         "repeats and long workshops >= 0")
    if long > w:
        raise ValueError(f"{long} long workshops but only {w} workshops")
    if long and min(r, ROUNDS_PER_DAY) < 2:
        raise ValueError("long workshops need at least two rounds on a day")
    slots = r * m
    needed = w + long + (repeats if fixed else 0)
    if needed > slots:
        raise ValueError(
            f"{w} workshops{f' and {repeats} repeats' if fixed and repeats else ''} need "
            f"{needed} room-rounds but {m} rooms x {r} rounds give {slots}"
        )


class _Day:
    """The drawing of one instance; fields are filled in the order of `build`."""

    def __init__(self, rng: random.Random, n: int, w: int, r: int, m: int, repeats: int,
                 choices: Choices, length: int, popularity: Popularity, speakers: int,
                 fixed: bool, long: int) -> None:
        self.rng, self.n, self.w, self.r, self.m = rng, n, w, r, m
        self.repeats, self.choices, self.length = repeats, choices, length
        self.popularity, self.speaker_count, self.fixed, self.long = (
            popularity, speakers, fixed, long)

    def build(self, name: str) -> Instance:
        rng = self.rng
        self.rounds = _rounds(self.r)
        self.round_ids = [t.id for t in self.rounds]
        self.workshop_ids = [f"w{i:03d}" for i in range(1, self.w + 1)]
        # Popularity order is random, so ids say nothing about demand.
        self.by_popularity = rng.sample(self.workshop_ids, len(self.workshop_ids))
        self.duration = {w: 1 for w in self.workshop_ids}
        tail = self.by_popularity[len(self.by_popularity) // 3:]
        for w in rng.sample(tail, min(self.long, len(tail))):
            self.duration[w] = 2
        self.audience = self._workshop_audiences()
        people = self._people()
        self.sessions = self._session_counts(people)
        self.speakers, self.speakers_of = self._speakers()
        room_list = self._rooms()
        placement = self._placement(room_list) if self.fixed else None
        if self.fixed:
            assert placement is not None
            self.offered = {t: sorted({w for (w, start) in placement if start == t})
                            for t in self.round_ids}
        else:
            self.offered = self._offer_rounds()
        registrant_list = self._registrants(people)
        return Instance(
            name=name,
            description=self._description(),
            rounds=self.rounds,
            rooms=room_list,
            speakers=self.speakers,
            workshops=self._workshops(placement),
            registrants=registrant_list,
        )

    def _description(self) -> str:
        kind = "fixed placement" if self.fixed else "placement and assignment"
        return (f"Generated ({kind}): {self.n} registrants, {self.w} workshops, {self.r} rounds, "
                f"{self.m} rooms, {self.choices} choices of {self.length}, "
                f"popularity {self.popularity}.")

    # Workshops, demand and sessions.

    def _workshop_audiences(self) -> dict[str, str | None]:
        """A share of the less popular workshops is for one audience only."""
        audience: dict[str, str | None] = {w: None for w in self.workshop_ids}
        tail = self.by_popularity[3:]
        for w in self.rng.sample(tail, min(len(tail), round(self.w * RESTRICTED_SHARE))):
            audience[w] = self.rng.choice(AUDIENCES)
        return audience

    def _people(self) -> list[_Person]:
        """Who registers, in registration order, before their choices are drawn."""
        rng = self.rng
        stamps = sorted(_registration_time(rng) for _ in range(self.n))
        half = self.round_ids[: max(1, (self.r + 1) // 2)]
        people = []
        for i, stamp in enumerate(stamps, start=1):
            audience = _pick_audience(rng)
            needs = rng.random() < NEEDS_SHARE
            present = half if self.r > 1 and rng.random() < LEAVES_EARLY_SHARE else None
            people.append(_Person(f"p{i:06d}", stamp, audience, needs, present))
        return people

    def _open_to(self, audience: str | None) -> list[str]:
        """Workshops open to someone of `audience`, most popular first."""
        return [w for w in self.by_popularity if self.audience[w] in (None, audience)]

    def _session_counts(self, people: list[_Person]) -> dict[str, int]:
        """One session each; the extra ones go, one by one, to the most wanted workshop
        per session. Demand is estimated from the popularity weights."""
        counts = {w: 1 for w in self.workshop_ids}
        if self.repeats == 0:
            return counts
        weights = dict(zip(self.by_popularity, self.popularity.weights(self.w), strict=True))
        for _ in range(self.repeats):
            room = [w for w in self.workshop_ids
                    if counts[w] * self.duration[w] + self.duration[w] <= self.r]
            if not room:
                break
            best = max(room, key=lambda w: (weights[w] / counts[w], -self.workshop_ids.index(w)))
            counts[best] += 1
        return counts

    def _speakers(self) -> tuple[list[Speaker], dict[str, list[str]]]:
        """Speakers share workshops, no one leading more rounds than there are."""
        rng = self.rng
        ids = [f"s{i:03d}" for i in range(1, self.speaker_count + 1)]
        load = {s: 0 for s in ids}
        speakers_of: dict[str, list[str]] = {}
        order = sorted(self.workshop_ids, key=lambda w: -self.sessions[w] * self.duration[w])
        for n, w in enumerate(order):
            rounds_needed = self.sessions[w] * self.duration[w]
            if n < len(ids):
                lead = ids[n]
            else:
                fits = [s for s in ids if load[s] + rounds_needed <= self.r]
                if not fits:
                    raise ValueError(f"{len(ids)} speakers cannot lead {self.w} workshops "
                                     f"in {self.r} rounds; give more speakers")
                lead = rng.choice(fits)
            load[lead] += rounds_needed
            team = [lead]
            if len(ids) > 1 and rng.random() < CO_HOST_SHARE:
                co = rng.choice(ids)
                if co != lead and load[co] + rounds_needed <= self.r - 1:
                    load[co] += rounds_needed
                    team.append(co)
            speakers_of[w] = team
        speakers = []
        for s in ids:
            unavailable: list[str] = []
            if self.r > 1 and load[s] < self.r - 1 and rng.random() < UNAVAILABLE_SHARE:
                unavailable = [rng.choice(self.round_ids)]
            speakers.append(Speaker(id=s, name=f"Speaker {s[1:]}", unavailable=unavailable))
        return speakers, speakers_of

    # Rooms and placement.

    def _sessions_per_round(self) -> int:
        total = sum(self.sessions[w] * self.duration[w] for w in self.workshop_ids)
        if not self.fixed:
            total = sum(self.duration.values())
        return max(1, total // self.r)

    def _rooms(self) -> list[Room]:
        """Sizes from a meeting room to an aula, scaled so that the rooms a round uses
        seat everyone present with slack; about half are step-free (the largest is)."""
        rng = self.rng
        relative = sorted((math.exp(rng.gauss(0, 0.6)) for _ in range(self.m)), reverse=True)
        used = min(self.m, self._sessions_per_round())
        slack = FIXED_SLACK if self.fixed else JOINT_SLACK
        scale = slack * max(self.n, 1) / sum(relative[:used])
        rooms = []
        for i, size in enumerate(relative, start=1):
            capacity = max(10, 5 * math.ceil(size * scale / 5))
            features = [STEP_FREE] if i == 1 or rng.random() < 0.5 else []
            rooms.append(Room(id=f"m{i:02d}", name=f"Room {i}", capacity=capacity,
                              features=features))
        spare = self.r * self.m - sum(self.sessions[w] * self.duration[w]
                                      for w in self.workshop_ids)
        if not self.fixed and self.m > 1 and spare >= self.r:
            # One room is booked elsewhere for one round.
            j = rng.randrange(1, self.m)
            rooms[j] = rooms[j].model_copy(update={"unavailable": [rng.choice(self.round_ids)]})
        return rooms

    def _placement(self, rooms: list[Room]) -> dict[tuple[str, str], str]:
        """(workshop, start round) -> room for every session: rounds balanced by count,
        the sessions with most demand in the largest rooms."""
        rng = self.rng
        weight = {w: k for k, w in enumerate(self.by_popularity)}
        unavailable = {s.id: set(s.unavailable) for s in self.speakers}
        busy: dict[str, set[str]] = {s.id: set() for s in self.speakers}
        per_round: dict[str, list[str]] = {t: [] for t in self.round_ids}
        slots_left = {t: self.m for t in self.round_ids}
        sessions = sorted(
            ((w, k) for w in self.workshop_ids for k in range(self.sessions[w])),
            key=lambda item: (-self.duration[item[0]], weight[item[0]], item[1]),
        )
        starts: list[tuple[str, str]] = []
        for w, _ in sessions:
            team = self.speakers_of[w]
            options = []
            for start in self.round_ids:
                covered = _covered(self.round_ids, start, self.duration[w])
                if covered is None or any(w in per_round[t] for t in covered):
                    continue
                if any(slots_left[t] < 1 for t in covered):
                    continue
                if any(busy[s] & set(covered) or unavailable[s] & set(covered) for s in team):
                    continue
                options.append((max(len(per_round[t]) for t in covered), rng.random(), start))
            if not options:
                raise ValueError(f"cannot place every session of workshop '{w}': "
                                 "too few rooms or speakers too busy; add rooms or speakers")
            start = min(options)[2]
            covered = _covered(self.round_ids, start, self.duration[w]) or []
            for t in covered:
                per_round[t].append(w)
                slots_left[t] -= 1
            for s in team:
                busy[s].update(covered)
            starts.append((w, start))
        return self._rooms_for(starts, rooms, weight)

    def _rooms_for(self, starts: list[tuple[str, str]], rooms: list[Room],
                   weight: dict[str, int]) -> dict[tuple[str, str], str]:
        """Long sessions first (they need one room in two rounds), then by popularity."""
        free = {t: [m.id for m in rooms] for t in self.round_ids}  # largest first
        placement: dict[tuple[str, str], str] = {}
        for w, start in sorted(starts, key=lambda s: (-self.duration[s[0]], weight[s[0]])):
            covered = _covered(self.round_ids, start, self.duration[w]) or [start]
            room = next(m for m in free[covered[0]] if all(m in free[t] for t in covered))
            for t in covered:
                free[t].remove(room)
            placement[w, start] = room
        return placement

    def _offer_rounds(self) -> dict[str, list[str]]:
        """Joint instances: the rounds in which each workshop may start. Per-round choices
        name a workshop for a round, so it must be allowed there; ranked ones allow all."""
        if self.choices == "ranked":
            return {t: list(self.workshop_ids) for t in self.round_ids}
        offered: dict[str, list[str]] = {t: [] for t in self.round_ids}
        for w in self.workshop_ids:
            starts = [t for t in self.round_ids if _covered(self.round_ids, t, self.duration[w])]
            k = min(len(starts), self.sessions[w] + 1)
            for t in self.rng.sample(starts, k):
                offered[t].append(w)
        return offered

    def _workshops(self, placement: dict[tuple[str, str], str] | None) -> list[Workshop]:
        rank = {w: k for k, w in enumerate(self.by_popularity)}
        min_size_from = len(self.by_popularity) - round(self.w * MIN_SIZE_SHARE)
        result = []
        for w in self.workshop_ids:
            audience = self.audience[w]
            fields: dict[str, object] = {
                "id": w,
                "title": f"Workshop {w[1:]}",
                "speakers": self.speakers_of[w],
                "duration": self.duration[w],
                "audiences": [audience] if audience else [],
            }
            if placement is not None:
                pins = [SessionPin(round=t, room=m) for (ws, t), m in placement.items()
                        if ws == w]
                pins.sort(key=lambda p: self.round_ids.index(p.round or ""))
                fields.update(pins=pins, min_sessions=len(pins), max_sessions=len(pins))
            else:
                fields.update(min_sessions=1, max_sessions=self.sessions[w])
                if rank[w] >= min_size_from:
                    fields["min_size"] = MIN_SIZE
                if self.choices == "per-round":
                    fields["rounds"] = [t for t in self.round_ids if w in self.offered[t]]
            result.append(Workshop.model_validate(fields))
        return result

    # Registrants.

    def _registrants(self, people: list[_Person]) -> list[Registrant]:
        rng = self.rng
        samplers: dict[tuple[str | None, str | None], _ListSampler] = {}

        def sampler(audience: str | None, round_id: str | None) -> _ListSampler:
            key = (audience, round_id)
            if key not in samplers:
                ordered = self._open_to(audience)
                if round_id is not None:
                    offered = set(self.offered[round_id])
                    ordered = [w for w in ordered if w in offered]
                samplers[key] = _ListSampler(self.popularity, ordered)
            return samplers[key]

        result = []
        for person in people:
            fields: dict[str, object] = {
                "id": person.id,
                "email": f"{person.id}@registrants.example",
                "registered_at": person.registered_at,
            }
            if person.audience:
                fields["audiences"] = [person.audience]
            if person.needs:
                fields["needs"] = [STEP_FREE]
            if person.present:
                fields["present"] = person.present
            if self.choices == "ranked":
                fields["ranked"] = sampler(person.audience, None).draw(rng, self.length)
            else:
                rounds = person.present or self.round_ids
                per_round = {}
                for t in rounds:
                    listed = sampler(person.audience, t).draw(rng, self.length)
                    if listed:
                        per_round[t] = listed
                fields["per_round"] = per_round
            result.append(Registrant.model_validate(fields))
        return result


@dataclass(frozen=True)
class _Person:
    id: str
    registered_at: datetime
    audience: str | None
    needs: bool
    present: list[str] | None


def _rounds(count: int) -> list[Round]:
    rounds = []
    for i in range(count):
        day = EVENT_DAY + timedelta(days=i // ROUNDS_PER_DAY)
        start = ROUND_STARTS[i % ROUNDS_PER_DAY]
        end = (datetime.combine(day, start) + timedelta(minutes=ROUND_MINUTES)).time()
        rounds.append(Round(id=f"r{i + 1}", day=day, start=start, end=end))
    return rounds


def _covered(round_ids: list[str], start: str, duration: int) -> list[str] | None:
    """The rounds a session starting at `start` covers, on one day; None if too few."""
    i = round_ids.index(start)
    span = round_ids[i: i + duration]
    if len(span) < duration or len({j // ROUNDS_PER_DAY for j in range(i, i + duration)}) > 1:
        return None
    return span


def _pick_audience(rng: random.Random) -> str | None:
    u = rng.random()
    for audience, share in zip(AUDIENCES, AUDIENCE_SHARES, strict=True):
        if u < share:
            return audience
        u -= share
    return None


def _registration_time(rng: random.Random) -> datetime:
    """Eight weeks of sign-ups: a rush after the invitation, a bump after the reminder
    (week five), a trickle up to the last days."""
    opened = datetime.combine(EVENT_DAY - timedelta(weeks=8), time(9))
    u = rng.random()
    if u < 0.65:
        days = min(rng.expovariate(1 / 5), 34)
    elif u < 0.9:
        days = 28 + min(rng.expovariate(1 / 3), 20)
    else:
        days = rng.uniform(0, 55)
    return opened + timedelta(minutes=round(days * 24 * 60))
