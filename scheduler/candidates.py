"""Which sessions and seats can exist at all, before any solver is involved.

Pruning here keeps the model small: a start round a speaker cannot make, a room
without the required features, or a seat a registrant can never take gets no
variable. Each filter below is one of the hard rules applied to a single item.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.model import Instance, Registrant, Workshop


@dataclass(frozen=True)
class Start:
    """A possible session: `workshop` starting in `round`, covering `rounds`."""

    workshop: str
    round: str
    rounds: tuple[str, ...]
    rooms: tuple[str, ...]
    """Rooms that can host it: features present, free and available in every round."""


@dataclass(frozen=True)
class Seat:
    """A possible seat: `registrant` in the session of `workshop` starting in `round`."""

    registrant: str
    workshop: str
    round: str
    rounds: tuple[str, ...]
    rank: int | None
    """1 = first choice; None = a workshop the registrant did not choose."""
    cost: int
    rooms: tuple[str, ...]
    """Rooms of the session in which the registrant can sit (their needs met)."""
    weight: int
    """How many of the registrant's wanted seats it fills (`Instance.seat_weight`)."""


def _busy_rounds(instance: Instance) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Rounds in which each room and each speaker is taken: unavailable or in a plenary."""
    room_busy = {room.id: set(room.unavailable) for room in instance.rooms}
    speaker_busy = {s.id: set(s.unavailable) for s in instance.speakers}
    for plenary in instance.plenaries:
        room_busy[plenary.room].add(plenary.round)
        for speaker in plenary.speakers:
            speaker_busy[speaker].add(plenary.round)
    return room_busy, speaker_busy


def session_starts(instance: Instance) -> dict[tuple[str, str], Start]:
    """Every (workshop, start round) that a session could take, with its possible rooms."""
    room_busy, speaker_busy = _busy_rounds(instance)
    starts: dict[tuple[str, str], Start] = {}
    for workshop in instance.workshops:
        if workshop.cancelled:
            continue
        allowed = workshop.rounds if workshop.rounds is not None else instance.round_order
        for round_id in instance.round_order:
            if round_id not in allowed:
                continue
            covered = instance.consecutive_rounds(round_id, workshop.duration)
            if covered is None or instance.plenary_rounds.intersection(covered):
                continue
            if any(speaker_busy[s].intersection(covered) for s in workshop.speakers):
                continue
            rooms = tuple(
                room.id
                for room in instance.rooms
                if set(workshop.features) <= set(room.features)
                and not room_busy[room.id].intersection(covered)
                and min(room.capacity, workshop.max_size or room.capacity) >= workshop.min_size
            )
            if rooms:
                starts[workshop.id, round_id] = Start(workshop.id, round_id, tuple(covered), rooms)
    return starts


def _open_to(workshop: Workshop, registrant: Registrant) -> bool:
    return not workshop.audiences or bool(set(workshop.audiences) & set(registrant.audiences))


def registrant_seats(
    instance: Instance, registrant: Registrant, starts: dict[tuple[str, str], Start]
) -> list[Seat]:
    """Every seat the registrant could take, in start-round then workshop order."""
    settings = instance.settings
    free_rounds = set(instance.workshop_rounds(registrant))
    needs = set(registrant.needs)
    seats: list[Seat] = []
    for (workshop_id, round_id), start in starts.items():
        workshop = instance.workshop_by_id[workshop_id]
        if not free_rounds.issuperset(start.rounds) or not _open_to(workshop, registrant):
            continue
        if registrant.per_round is not None and not registrant.per_round.get(round_id):
            continue
        rank = registrant.choice_rank(workshop_id, round_id)
        if rank is None and not settings.place_unchosen:
            continue
        rooms = start.rooms
        if needs:
            rooms = tuple(
                r for r in rooms if needs <= set(instance.room_by_id[r].features)
            )
            if not rooms:
                continue
        seats.append(
            Seat(registrant.id, workshop_id, round_id, start.rounds, rank,
                 settings.seat_cost(rank), rooms,
                 instance.seat_weight(registrant, start.rounds))
        )
    return seats


def poolable(workshop: Workshop) -> bool:
    """A workshop whose unchosen seats may be drawn from a round's pool of free seats:
    one round long and no minimum size, so who fills it changes no other rule."""
    return workshop.duration == 1 and workshop.min_size == 0


@dataclass(frozen=True)
class PoolSeat:
    """A possible unchosen seat in some poolable session of `round`."""

    registrant: str
    round: str
    cost: int
    weight: int


@dataclass
class _Eligibility:
    """What a group of registrants alike in rounds, audiences and needs may attend."""

    starts: list[tuple[tuple[str, str], tuple[str, ...]]]
    """(session key, rooms meeting their needs) for every session open to them."""
    pool_rounds: dict[str, set[str]]
    """Round -> poolable workshops with a session open to them in that round."""


class PooledCandidates:
    """Seats when unchosen seats in poolable sessions come from a pool per round.

    Chosen seats and unchosen seats elsewhere (minimum sizes, multi-round sessions,
    pinned workshops) stay explicit. Registrants alike share one eligibility scan,
    which keeps this fast for tens of thousands of registrants.
    """

    def __init__(self, instance: Instance, starts: dict[tuple[str, str], Start]) -> None:
        self.instance = instance
        self.starts = starts
        self._cache: dict[tuple[object, ...], _Eligibility] = {}

    def _eligibility(self, registrant: Registrant) -> _Eligibility:
        free_rounds = frozenset(self.instance.workshop_rounds(registrant))
        audiences = frozenset(registrant.audiences)
        needs = frozenset(registrant.needs)
        key = (free_rounds, audiences, needs)
        if key not in self._cache:
            eligible = []
            pool_rounds: dict[str, set[str]] = {}
            for (w, r), start in self.starts.items():
                workshop = self.instance.workshop_by_id[w]
                if not free_rounds.issuperset(start.rounds):
                    continue
                if workshop.audiences and not audiences & set(workshop.audiences):
                    continue
                rooms = start.rooms
                if needs:
                    rooms = tuple(
                        m for m in rooms if needs <= set(self.instance.room_by_id[m].features)
                    )
                    if not rooms:
                        continue
                eligible.append(((w, r), rooms))
                if poolable(workshop):
                    pool_rounds.setdefault(r, set()).add(w)
            self._cache[key] = _Eligibility(eligible, pool_rounds)
        return self._cache[key]

    def seats(self, registrant: Registrant) -> tuple[list[Seat], list[PoolSeat]]:
        instance, settings = self.instance, self.instance.settings
        eligibility = self._eligibility(registrant)
        pinned = {pin.workshop for pin in registrant.pinned}
        seats: list[Seat] = []
        for (w, r), rooms in eligibility.starts:
            if registrant.per_round is not None and not registrant.per_round.get(r):
                continue
            rank = registrant.choice_rank(w, r)
            if rank is None and (
                not settings.place_unchosen
                or (poolable(instance.workshop_by_id[w]) and w not in pinned)
            ):
                continue
            start = self.starts[w, r]
            seats.append(Seat(registrant.id, w, r, start.rounds, rank, settings.seat_cost(rank),
                              rooms, instance.seat_weight(registrant, start.rounds)))
        pool: list[PoolSeat] = []
        if settings.place_unchosen:
            for r, workshops in eligibility.pool_rounds.items():
                if registrant.per_round is not None and not registrant.per_round.get(r):
                    continue
                # Only workshops they did not choose in that round can give an unchosen seat.
                if any(registrant.choice_rank(w, r) is None for w in workshops):
                    pool.append(PoolSeat(registrant.id, r, settings.unchosen_cost,
                                         instance.seat_weight(registrant, (r,))))
        return seats, pool


def all_seats(instance: Instance, starts: dict[tuple[str, str], Start]) -> list[Seat]:
    return [
        seat
        for registrant in instance.registrants
        for seat in registrant_seats(instance, registrant, starts)
    ]


def session_capacity(instance: Instance, workshop_id: str, room_id: str) -> int:
    """How many people a session of the workshop can hold in the room."""
    room = instance.room_by_id[room_id]
    workshop = instance.workshop_by_id[workshop_id]
    return min(room.capacity, workshop.max_size or room.capacity)
