"""Write the tiny suite's instances.

Run ``python instances/tiny/build_tiny.py`` from the repository root. The four
hand-made days are small enough to solve on paper (README.md works each one out); the
two generated ones come from `scheduler.generate` with the seeds written below.
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from scheduler.generate import generate_instance
from scheduler.instance_io import dump_json, write_text_atomic
from scheduler.model import Instance, Registrant, Room, Round, SessionPin, Speaker, Workshop

HERE = Path(__file__).resolve().parent
DAY = date(2026, 6, 1)
R1 = Round(id="r1", day=DAY, start=time(10), end=time(11))
R2 = Round(id="r2", day=DAY, start=time(11, 30), end=time(12, 30))


def pinned(workshop: str, *pins: tuple[str, str]) -> Workshop:
    return Workshop(id=workshop, pins=[SessionPin(round=r, room=m) for r, m in pins],
                    min_sessions=len(pins), max_sessions=len(pins))


def one_round() -> Instance:
    """Five people, five seats; four want `wa`, which seats two."""
    return Instance(
        name="tiny-one-round",
        rounds=[R1],
        rooms=[Room(id="A", capacity=2), Room(id="B", capacity=2), Room(id="C", capacity=1)],
        workshops=[pinned("wa", ("r1", "A")), pinned("wb", ("r1", "B")),
                   pinned("wc", ("r1", "C"))],
        registrants=[
            Registrant(id="p1", ranked=["wa", "wb", "wc"]),
            Registrant(id="p2", ranked=["wa", "wb"]),
            Registrant(id="p3", ranked=["wa", "wc"]),
            Registrant(id="p4", ranked=["wb", "wa"]),
            Registrant(id="p5", ranked=["wa"]),
        ],
    )


def two_rounds() -> Instance:
    """`wa` runs in both rounds; capacities force two people onto each programme."""
    return Instance(
        name="tiny-two-rounds",
        rounds=[R1, R2],
        rooms=[Room(id="A", capacity=2), Room(id="B", capacity=2)],
        workshops=[pinned("wa", ("r1", "A"), ("r2", "A")), pinned("wb", ("r1", "B")),
                   pinned("wc", ("r2", "B"))],
        registrants=[
            Registrant(id="p1", ranked=["wa", "wb", "wc"]),
            Registrant(id="p2", ranked=["wa", "wb", "wc"]),
            Registrant(id="p3", ranked=["wa", "wc", "wb"]),
            Registrant(id="p4", ranked=["wb", "wa", "wc"]),
        ],
    )


def per_round() -> Instance:
    """A first choice and an alternative per round; `p3` names no alternative in r1."""
    return Instance(
        name="tiny-per-round",
        rounds=[R1, R2],
        rooms=[Room(id="A", capacity=2), Room(id="B", capacity=1)],
        workshops=[pinned("wa", ("r1", "A")), pinned("wb", ("r1", "B")),
                   pinned("wc", ("r2", "A")), pinned("wd", ("r2", "B"))],
        registrants=[
            Registrant(id="p1", per_round={"r1": ["wa", "wb"], "r2": ["wc", "wd"]}),
            Registrant(id="p2", per_round={"r1": ["wa", "wb"], "r2": ["wd", "wc"]}),
            Registrant(id="p3", per_round={"r1": ["wa"], "r2": ["wc", "wd"]}),
        ],
    )


def joint() -> Instance:
    """Placement and assignment: one speaker leads `wa` and `wb`, `wc` may run twice."""
    return Instance(
        name="tiny-joint",
        rounds=[R1, R2],
        rooms=[Room(id="A", capacity=3), Room(id="B", capacity=1)],
        speakers=[Speaker(id="s1")],
        workshops=[Workshop(id="wa", speakers=["s1"]), Workshop(id="wb", speakers=["s1"]),
                   Workshop(id="wc", max_sessions=2)],
        registrants=[
            Registrant(id="p1", ranked=["wa", "wb", "wc"]),
            Registrant(id="p2", ranked=["wa", "wb"]),
            Registrant(id="p3", ranked=["wb", "wa"]),
            Registrant(id="p4", ranked=["wa", "wc"]),
        ],
    )


def generated() -> dict[str, Instance]:
    return {
        "generated-assign.json": generate_instance(
            60, 8, 3, 4, repeats=2, fixed_placement=True, seed=3, name="tiny-generated-assign"),
        "generated-one-round.json": generate_instance(
            80, 6, 1, 6, fixed_placement=True, list_length=3, popularity="zipf:1.5", seed=4,
            name="tiny-generated-one-round"),
    }


def main() -> None:
    files = {
        "one-round.json": one_round(),
        "two-rounds.json": two_rounds(),
        "per-round.json": per_round(),
        "joint.json": joint(),
        **generated(),
    }
    for name, instance in files.items():
        write_text_atomic(HERE / name, dump_json(instance))
        print(f"wrote {name}: {len(instance.registrants)} registrants")


if __name__ == "__main__":
    main()
