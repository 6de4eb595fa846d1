"""`workshop-scheduler pseudonymize`: a copy of an instance that can be shared."""

from __future__ import annotations

import secrets
from pathlib import Path

import click

from cli.common import EXIT_BAD_INPUT, fail, reports_input_errors
from cli.import_cmd import instance_file_to_write, instance_text
from scheduler.instance_io import load_instance, write_text_atomic
from scheduler.pseudonymize import ids_that_look_personal, pseudonymize


@click.command("pseudonymize")
@click.argument("instance_path", metavar="INSTANCE", type=click.Path(path_type=Path))
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path),
              help="File to write the copy to (.json, or .yaml).")
@click.option("--seed",
              help="Any text; the same seed gives the same pseudonyms, also in other files. "
                   "Keep it to yourself. Without it, a random one is used.")
@click.option("--force", is_flag=True, help="Replace an existing --out file.")
@reports_input_errors
def pseudonymize_command(
    instance_path: Path, out_path: Path, seed: str | None, force: bool
) -> None:
    """Copy INSTANCE with people's names, e-mail addresses and organisations replaced.

    The same name, address or organisation gets the same pseudonym throughout the copy,
    so that it poses the same problem as the original; ids are kept. For sharing a
    problem case without sharing personal data.
    """
    if out_path.resolve() == instance_path.resolve():
        fail(f"{out_path} is the instance itself; write the copy to another file", EXIT_BAD_INPUT)
    instance_file_to_write(out_path, force)
    instance = load_instance(instance_path)
    copy = pseudonymize(instance, seed if seed is not None else secrets.token_hex(16))
    try:
        write_text_atomic(out_path, instance_text(copy, out_path))
    except OSError as exc:
        fail(f"cannot write {out_path}: {exc.strerror or exc}", EXIT_BAD_INPUT)
    click.echo(f"wrote {out_path}: names, e-mail addresses and organisations of "
               f"{len(copy.registrants)} registrants and {len(copy.speakers)} speakers "
               "replaced; ids kept")
    personal_ids = ids_that_look_personal(instance)
    if personal_ids:
        click.echo(f"warning: {len(personal_ids)} ids hold an e-mail address or a name and "
                   f"were kept (the first at {personal_ids[0]}); replace them before "
                   "sharing", err=True)
