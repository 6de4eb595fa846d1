"""A CP-SAT model of the day in which every limit that can make it plan-less may give way.

It is built apart from the normal model (which stays as it is, without assumptions or
slack) from the candidates of an "open" copy of the instance: no unavailable rounds, no
minimum sizes or session counts, no pins. The limits are then put back, each with a
relaxation that lifts it at a cost:

- a workshop or registrant pin may be dropped;
- a session may take extra seats beyond its room's capacity or the workshop's maximum;
- a workshop's minimum size, or its minimum number of sessions, may be lowered;
- a speaker or a room may be used in a round they are unavailable.

Costs say what an organiser would rather change. Pins and minimum sizes are the plan's
own wishes and cost least; extra seats need chairs or a bigger room; an unavailable
speaker or room means asking someone; a session that no longer has to run costs most.
Hard rules that need no relaxation (one session per room and round, one per speaker and
round, one per registrant and round) are the normal model's own functions. Registrants
appear only where a pin or a minimum size can make them sit, those without pins counted
in groups (`crowds`).

With every relaxation taken, nothing has to run and nobody has to sit, so the model
always has a solution; its optimum is a cheapest way to make the day plannable.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.candidates import session_capacity, session_starts
from scheduler.constraints import (
    add_registrant_rules,
    add_room_conflicts,
    add_session_counts,
    add_speaker_conflicts,
)
from scheduler.diagnose.crowds import crowds_and_individuals
from scheduler.model import Instance
from scheduler.variables import Variables

# Cost of each kind of relaxation, and of each seat or place of minimum size given up.
# The kinds are a hundred apart so that the order the README states holds up to a
# hundred seats: lowering a minimum size by 10 (1,010) is cheaper than asking for a room
# in a round it is unavailable (1,200); with 10 and 12 apart it was not (20 > 12). The
# seats mostly choose among changes of one kind.
DROP_PIN_COST = 1000
LOWER_MIN_SIZE_COST = 1000
ADD_SEATS_COST = 1100
ALLOW_ROUND_COST = 1200
PER_UNIT_COST = 1
SKIP_SESSION_COST = 3000


@dataclass
class Slack:
    """One relaxation the model may take: `var` above zero means it is taken."""

    kind: str
    key: tuple[str, ...]
    var: cp_model.IntVar


class RelaxationModel:
    """The relaxed model of `instance`; `cost()` is what the relaxations taken cost."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.model = cp_model.CpModel()
        # Nothing makes a registrant sit except a pin or a minimum size, and an empty
        # seat never breaks a rule: seats in other workshops can stay out of the model.
        opened = open_instance(instance)
        starts = session_starts(opened)
        forcing = {w.id for w in instance.workshops if w.min_size > 0}
        self.crowds, seats = crowds_and_individuals(opened, starts, forcing)
        self.vars = Variables(opened, self.model, starts, seats)
        self.vars.new_session_vars()
        self.vars._new_seat_vars()
        # Per session: each group's count there, with the group's size.
        self.crowd_at: dict[tuple[str, str], list[tuple[cp_model.IntVar, int]]] = (
            defaultdict(list))
        self.slacks: list[Slack] = []
        self._costs: list[tuple[cp_model.IntVar, int]] = []
        self.registrant_pin_order: dict[tuple[str, ...], int] = {}
        for add_rule in (add_session_counts, add_room_conflicts, add_speaker_conflicts,
                         add_registrant_rules):
            add_rule(self.vars)
        self._add_crowd_rules()
        self._relax_min_sessions()
        self._relax_workshop_pins()
        self._relax_registrant_pins()
        self._relax_session_sizes()
        self._relax_unavailability()

    def cost(self) -> cp_model.LinearExprT:
        return cp_model.LinearExpr.weighted_sum(
            [var for var, _ in self._costs], [c for _, c in self._costs]
        )

    def hint_nothing_runs(self) -> None:
        """Start from the plan in which no session runs and nobody sits: with enough
        relaxations taken it always holds, and the search only has to improve on it."""
        v = self.vars
        # A session with one possible room uses its start variable as its room variable.
        unique = {var.index: var for var in (*v.start.values(), *v.in_room.values())}
        for var in (*unique.values(), *v.seat.values()):
            self.model.add_hint(var, 0)

    def later_pins_first(self) -> cp_model.LinearExprT:
        """Among equally cheap sets, drop the pins of those who registered last
        ("full is full")."""
        slacks = [s for s in self.slacks if s.kind == "drop-registrant-pin"]
        return cp_model.LinearExpr.weighted_sum(
            [s.var for s in slacks], [self.registrant_pin_order[s.key] for s in slacks]
        )

    def _slack(self, kind: str, key: tuple[str, ...], upper: int, unit_cost: int,
               fixed_cost: int = 0) -> cp_model.IntVar:
        name = f"{kind}[{','.join(key)}]"
        var = self.model.new_bool_var(name) if upper == 1 else self.model.new_int_var(
            0, upper, name)
        self.slacks.append(Slack(kind, key, var))
        self._costs.append((var, unit_cost))
        if fixed_cost:
            taken = self.model.new_bool_var(f"taken {name}")
            self.model.add(var <= upper * taken)
            self._costs.append((taken, fixed_cost))
        return var

    def session_size(self, solver: cp_model.CpSolver, w: str, r: str) -> int:
        """How many sit in the session of `w` from `r` in the solver's solution."""
        v = self.vars
        people = sum(solver.value(var) for var, _ in self.crowd_at.get((w, r), []))
        return people + sum(
            1 for key, var in v.seat.items() if key[1:] == (w, r) and solver.boolean_value(var)
        )

    def _add_crowd_rules(self) -> None:
        """Each group (`crowds`) keeps every member to one session per round and each
        workshop once, at most `wanted` workshops each, and in held sessions in a room
        that meets their needs."""
        v = self.vars
        for n, crowd in enumerate(self.crowds):
            by_round: dict[str, list[cp_model.IntVar]] = defaultdict(list)
            by_workshop: dict[str, list[cp_model.IntVar]] = defaultdict(list)
            for seat in crowd.seats:
                w, r = seat.workshop, seat.round
                var = self.model.new_int_var(0, crowd.size, f"crowd[{n},{w},{r}]")
                self.crowd_at[w, r].append((var, crowd.size))
                by_round[r].append(var)
                by_workshop[w].append(var)
                held = sum(v.in_room[w, r, m] for m in seat.rooms)
                self.model.add(var <= crowd.size * held)
            for group in (*by_round.values(), *by_workshop.values()):
                if len(group) > 1:
                    self.model.add(sum(group) <= crowd.size)
            if crowd.wanted is not None and crowd.wanted < len(by_round):
                everyone = [var for group in by_round.values() for var in group]
                self.model.add(sum(everyone) <= crowd.wanted * crowd.size)

    def _relax_min_sessions(self) -> None:
        """Each workshop runs at least its min number of sessions, or fewer at a cost."""
        v = self.vars
        held: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        for (workshop_id, _), start in v.start.items():
            held[workshop_id].append(start)
        for w in self.instance.workshops:
            if w.min_sessions > 0 and not w.cancelled:
                fewer = self._slack("lower-min-sessions", (w.id,), w.min_sessions,
                                    SKIP_SESSION_COST)
                self.model.add(cp_model.LinearExpr.sum(held[w.id]) + fewer >= w.min_sessions)

    def _relax_workshop_pins(self) -> None:
        """A pinned session runs in its pinned round and/or room, unless the pin is dropped."""
        v = self.vars
        for w in self.instance.workshops:
            if w.cancelled:
                continue  # Its pins no longer hold.
            pinned_rounds = {pin.round for pin in w.pins if pin.round is not None}
            room_only: dict[str, list[cp_model.IntVar]] = defaultdict(list)
            covered: list[tuple[cp_model.IntVar, set[str]]] = []
            for n, pin in enumerate(w.pins, start=1):
                drop = self._slack("drop-workshop-pin", (w.id, str(n)), 1, DROP_PIN_COST)
                if pin.round is None:
                    assert pin.room is not None
                    room_only[pin.room].append(drop)
                    continue
                met = (v.in_room.get((w.id, pin.round, pin.room)) if pin.room is not None
                       else v.start.get((w.id, pin.round)))
                self.model.add_bool_or([drop] if met is None else [met, drop])
                rounds = self.instance.consecutive_rounds(pin.round, w.duration)
                covered.append((drop, set(rounds or [pin.round])))
            # Each pin needs its own session, and one workshop's sessions never overlap.
            for i, (drop_a, rounds_a) in enumerate(covered):
                for drop_b, rounds_b in covered[i + 1:]:
                    if rounds_a & rounds_b:
                        self.model.add_bool_or([drop_a, drop_b])
            for room, drops in room_only.items():
                free = [
                    v.in_room[w.id, r, room]
                    for (ws, r), start in v.starts.items()
                    if ws == w.id and r not in pinned_rounds and room in start.rooms
                ]
                self.model.add(sum(free) + sum(drops) >= len(drops))

    def _relax_registrant_pins(self) -> None:
        """A pinned registrant attends the pinned workshop (in the pinned round), unless
        the pin is dropped."""
        v = self.vars
        rounds_of: dict[tuple[str, str], list[str]] = defaultdict(list)
        for p, w, r in v.seats:
            rounds_of[p, w].append(r)
        latest_last = sorted(
            range(len(self.instance.registrants)),
            key=lambda i: (self.instance.registrants[i].registered_at is None,
                           self.instance.registrants[i].registered_at or 0, i),
        )
        for position, index in enumerate(reversed(latest_last), start=1):
            registrant = self.instance.registrants[index]
            for pin in registrant.pinned:
                key = (registrant.id, pin.workshop, pin.round or "")
                if key in self.registrant_pin_order:
                    continue
                self.registrant_pin_order[key] = position
                drop = self._slack("drop-registrant-pin", key, 1, DROP_PIN_COST)
                rounds = [r for r in rounds_of[registrant.id, pin.workshop]
                          if pin.round in (None, r)]
                seats = [v.seat[registrant.id, pin.workshop, r] for r in rounds]
                self.model.add_bool_or([*seats, drop])

    def _relax_session_sizes(self) -> None:
        """A session holds at most its capacity plus any extra seats, and a held session
        at least the workshop's minimum size, less any lowering."""
        v = self.vars
        lowered: dict[str, cp_model.IntVar] = {}
        for (w, r), keys in v.seats_by_session().items():
            start = v.starts[w, r]
            crowds = self.crowd_at.get((w, r), [])
            size = sum(v.seat[k] for k in keys) + sum(var for var, _ in crowds)
            capacities = {m: session_capacity(self.instance, w, m) for m in start.rooms}
            most = len(keys) + sum(members for _, members in crowds)
            overflow = most - min(capacities.values())
            if overflow > 0:
                extra = self._slack("add-seats", (w, r), overflow, PER_UNIT_COST, ADD_SEATS_COST)
                held_capacity = sum(capacities[m] * v.in_room[w, r, m] for m in start.rooms)
                self.model.add(size <= held_capacity + extra)
            minimum = self.instance.workshop_by_id[w].min_size
            if minimum > 0:
                if w not in lowered:
                    lowered[w] = self._slack("lower-min-size", (w,), minimum, PER_UNIT_COST,
                                             LOWER_MIN_SIZE_COST)
                self.model.add(size + lowered[w] >= minimum * v.start[w, r])

    def _relax_unavailability(self) -> None:
        """A speaker or room is used only in rounds they are available, unless allowed."""
        v = self.vars
        allow: dict[tuple[str, str, str], cp_model.IntVar] = {}

        def allowed(kind: str, who: str, t: str) -> cp_model.IntVar:
            if (kind, who, t) not in allow:
                allow[kind, who, t] = self._slack(kind, (who, t), 1, ALLOW_ROUND_COST)
            return allow[kind, who, t]

        for (w, r), start in v.starts.items():
            for speaker_id in self.instance.workshop_by_id[w].speakers:
                away = self.instance.speaker_by_id[speaker_id].unavailable
                for t in start.rounds:
                    if t in away:
                        self.model.add_implication(v.start[w, r],
                                                   allowed("allow-speaker-round", speaker_id, t))
        for (w, r, m), in_room in v.in_room.items():
            away = self.instance.room_by_id[m].unavailable
            for t in v.starts[w, r].rounds:
                if t in away:
                    self.model.add_implication(in_room, allowed("allow-room-round", m, t))


def open_instance(instance: Instance) -> Instance:
    """The instance without the limits the relaxation model puts back with slack."""
    data = {name: getattr(instance, name) for name in Instance.model_fields}
    data["rooms"] = [room.model_copy(update={"unavailable": []}) for room in instance.rooms]
    data["speakers"] = [s.model_copy(update={"unavailable": []}) for s in instance.speakers]
    data["workshops"] = [
        w.model_copy(update={"min_size": 0, "min_sessions": 0, "pins": []})
        for w in instance.workshops
    ]
    # Validated again (not copied) so that no cached lookup of the original survives.
    return Instance.model_validate(data)
