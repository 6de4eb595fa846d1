"""Registrants who could fill minimum sizes, counted in groups rather than one by one.

In the relaxation model a registrant without pins matters only as someone who could
fill a session up to its minimum size. Registrants with the same possible seats are
interchangeable there, so one integer per group and session can replace one Boolean per
person and session: a day of 20,000 registrants shrinks to a few dozen groups.

For sessions one round long this loses nothing. Counts that keep each group within its
size per round and per workshop form a bipartite multigraph (workshops and rounds) of
degree at most the group size; by König's theorem its edges split into that many
matchings, one programme per member, and an equitable split also keeps each member
within a cap on their number of workshops. Registrants who could sit in a longer session
stay individuals.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass

from scheduler.candidates import Seat, Start, registrant_seats
from scheduler.model import Instance, Registrant

SeatKey = tuple[str, str, str]
Signature = tuple[tuple[tuple[str, str, tuple[str, ...]], ...], int | None]
"""The possible seats (workshop, start round, rooms) of a group, and its `wanted`."""


@dataclass(frozen=True)
class Crowd:
    """`size` registrants who could take exactly the seats in `seats` (each naming the
    first of them), and at most `wanted` of them each when they asked for a number."""

    size: int
    seats: tuple[Seat, ...]
    wanted: int | None


def crowds_and_individuals(
    instance: Instance, starts: dict[tuple[str, str], Start], forcing: set[str]
) -> tuple[list[Crowd], dict[SeatKey, Seat]]:
    """Groups of registrants without pins, and the seats of everyone else, limited to
    workshops in `forcing` (those with a minimum size) and each registrant's pinned ones.
    """
    shared = {key: start for key, start in starts.items() if key[0] in forcing}
    individual: dict[SeatKey, Seat] = {}
    seats_of: dict[Signature, list[Seat]] = {}
    sizes: Counter[Signature] = Counter()
    # Registrants who look alike have the same possible seats: work them out once.
    signature_of: dict[Hashable, Signature | None] = {}
    for registrant in instance.registrants:
        if registrant.pinned:
            pinned = {pin.workshop for pin in registrant.pinned}
            own = {key: start for key, start in starts.items()
                   if key[0] in forcing or key[0] in pinned}
            individual.update(_keyed(registrant_seats(instance, registrant, own)))
            continue
        if not shared:
            continue
        looks = _looks(instance, registrant)
        if looks not in signature_of:
            seats = registrant_seats(instance, registrant, shared)
            signature: Signature | None = None
            if all(len(seat.rounds) == 1 for seat in seats):
                signature = (tuple((s.workshop, s.round, s.rooms) for s in seats),
                             registrant.wanted)
                seats_of.setdefault(signature, seats)
            signature_of[looks] = signature
        signature = signature_of[looks]
        if signature is None:
            individual.update(_keyed(registrant_seats(instance, registrant, shared)))
        else:
            sizes[signature] += 1
    crowds = [
        Crowd(sizes[signature], tuple(seats), signature[1])
        for signature, seats in seats_of.items() if seats
    ]
    return crowds, individual


def _keyed(seats: list[Seat]) -> dict[SeatKey, Seat]:
    return {(s.registrant, s.workshop, s.round): s for s in seats}


def _looks(instance: Instance, r: Registrant) -> Hashable:
    """All that decides a registrant's possible seats (`registrant_seats`)."""
    if r.per_round is None:
        choices: Hashable = None if instance.settings.place_unchosen else tuple(r.ranked_ids)
    elif instance.settings.place_unchosen:
        choices = tuple(t for t, ws in r.per_round.items() if ws)
    else:
        choices = tuple((t, tuple(ws)) for t, ws in r.per_round.items())
    present = None if r.present is None else tuple(r.present)
    return (tuple(r.audiences), tuple(r.needs), present, r.wanted, r.per_round is None,
            choices)
