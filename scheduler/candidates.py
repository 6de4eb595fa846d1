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
