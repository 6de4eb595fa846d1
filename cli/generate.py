"""`workshop-scheduler generate`: an invented instance of any size, the same for a seed."""

from __future__ import annotations

from pathlib import Path

import click
from pydantic import ValidationError

from cli.common import EXIT_BAD_INPUT, reports_input_errors
from cli.import_cmd import instance_file_to_write, instance_text
from scheduler.generate import generate_instance
from scheduler.instance_io import write_text_atomic


@click.command("generate")
@click.option("--registrants", required=True, type=click.IntRange(min=0))
@click.option("--workshops", required=True, type=click.IntRange(min=1))
@click.option("--rounds", required=True, type=click.IntRange(min=1))
@click.option("--rooms", required=True, type=click.IntRange(min=1))
@click.option("--repeats", default=0, show_default=True, type=click.IntRange(min=0),
              help="Extra sessions beyond one per workshop, for the most wanted ones.")
@click.option("--choices", type=click.Choice(["ranked", "per-round"]), default="ranked",
              show_default=True, help="A ranked list, or choices for each round.")
@click.option("--list-length", default=5, show_default=True, type=click.IntRange(min=1),
              help="Workshops ranked (per round, with per-round choices).")
@click.option("--popularity", default="zipf:1", show_default=True,
              help="zipf:S (weight 1/k^S) or mallows:PHI (0 all alike, 1 uniform).")
@click.option("--speakers", type=click.IntRange(min=1),
              help="Number of speakers [default: 3 per 4 workshops].")
@click.option("--long-workshops", default=0, show_default=True, type=click.IntRange(min=0),
              help="Workshops that last two rounds.")
@click.option("--fixed-placement", is_flag=True,
              help="Pin every session to a round and a room: only the assignment is left.")
@click.option("--seed", default=0, show_default=True, type=click.IntRange(min=0))
@click.option("--name", help="Instance name [default: from the arguments].")
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path),
              help="File to write (.json, or .yaml for YAML).")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@reports_input_errors
def generate_command(
    registrants: int, workshops: int, rounds: int, rooms: int, repeats: int, choices: str,
    list_length: int, popularity: str, speakers: int | None, long_workshops: int,
    fixed_placement: bool, seed: int, name: str | None, out_path: Path, force: bool = False,
) -> None:
    """Write a generated instance: skewed popularity, varied rooms, busy speakers.

    The same options and seed give the same file, byte for byte.
    """
    instance_file_to_write(out_path, force)
    try:
        instance = generate_instance(
            registrants, workshops, rounds, rooms, repeats=repeats,
            choices=choices,  # type: ignore[arg-type]
            list_length=list_length, popularity=popularity, speakers=speakers, seed=seed,
            fixed_placement=fixed_placement, long_workshops=long_workshops, name=name,
        )
    except ValidationError as exc:
        # A size past what an instance may hold (a room for 390,000, say).
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        click.echo(f"error: these numbers make a day no instance may hold ({where}: "
                   f"{first['msg']}); choose fewer", err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
    write_text_atomic(out_path, instance_text(instance, out_path))
    sessions = sum(max(len(w.pins), w.max_sessions) for w in instance.workshops)
    click.echo(f"{out_path}: {instance.name}: {len(instance.registrants)} registrants, "
               f"{len(instance.workshops)} workshops (up to {sessions} sessions), "
               f"{len(instance.rounds)} rounds, {len(instance.rooms)} rooms")
