"""`workshop-scheduler import`: a registration export and a workshops file to an instance."""

from __future__ import annotations

import json
from pathlib import Path

import click
import yaml

from cli.common import EXIT_BAD_INPUT, fail, reports_input_errors
from scheduler.errors import InputError
from scheduler.fs import file_in_the_way
from scheduler.importers import ImportReport, import_registrations, is_spreadsheet
from scheduler.instance_io import dump_json, load_instance, write_text_atomic
from scheduler.model import Instance


def load_instance_or_export(
    path: Path, workshops: Path | None, mapping: Path | None
) -> tuple[Instance, ImportReport | None]:
    """An instance file as it is, or a registration export (.csv, .xlsx) imported on the
    fly with its workshops file; the import report says what was read."""
    if not is_spreadsheet(path):
        if workshops is not None or mapping is not None:
            raise InputError(str(path), "--workshops and --mapping go with a registration "
                             "export (.csv or .xlsx), not with an instance file")
        return load_instance(path), None
    if workshops is None:
        raise InputError(str(path), "a registration export needs --workshops: the file with "
                         "the event's rounds, rooms and workshops")
    imported = import_registrations(path, workshops, mapping)
    return imported.instance, imported.report


def instance_text(instance: Instance, path: Path) -> str:
    if path.suffix.lower() in (".yaml", ".yml"):
        data = json.loads(dump_json(instance))
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return dump_json(instance)


# What `instance_text` writes: YAML for these, JSON for .json.
INSTANCE_SUFFIXES = (".json", ".yaml", ".yml")


def instance_file_to_write(path: Path, force: bool) -> Path:
    """`path` as an instance file this command may write, checked before the work: a
    JSON or YAML name, not a folder, not inside a file, and not one that exists unless
    `force`."""
    if path.is_dir():
        fail(f"{path} is a folder; name the instance file to write, such as "
             f"{path / 'instance.json'}", EXIT_BAD_INPUT)
    if path.suffix.lower() not in INSTANCE_SUFFIXES:
        fail(f"{path}: an instance is written as JSON or YAML; name the file .json, .yaml "
             f"or .yml, such as {path.with_suffix('.json')}", EXIT_BAD_INPUT)
    if blocker := file_in_the_way(path):
        fail(f"cannot write {path}: {blocker} is a file, not a folder", EXIT_BAD_INPUT)
    if path.exists() and not force:
        fail(f"{path} exists; use --force to replace it", EXIT_BAD_INPUT)
    return path


@click.command("import")
@click.argument("registrations", metavar="REGISTRATIONS", type=click.Path(path_type=Path))
@click.option("--workshops", required=True, type=click.Path(path_type=Path),
              help="Rounds, rooms and workshops: an .xlsx workbook, a folder of CSV files, "
                   "or an instance JSON/YAML file.")
@click.option("--mapping", type=click.Path(path_type=Path),
              help="YAML file saying what columns mean, where the guess is wrong.")
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path),
              help="Instance file to write (.json, or .yaml).")
@click.option("--force", is_flag=True, help="Replace an existing --out file.")
@reports_input_errors
def import_command(registrations: Path, workshops: Path, mapping: Path | None,
                   out_path: Path, force: bool) -> None:
    """Read REGISTRATIONS (a CSV or .xlsx export of a registration form) into an instance.

    Prints which column was taken for what, the duplicate registrations left out (the
    latest registration of one e-mail address and name counts) and rows skipped. Exits
    2 on bad input, naming the file, row and column.
    """
    instance_file_to_write(out_path, force)
    imported = import_registrations(registrations, workshops, mapping)
    instance = imported.instance
    try:
        write_text_atomic(out_path, instance_text(instance, out_path))
    except OSError as exc:
        fail(f"cannot write {out_path}: {exc.strerror or exc}", EXIT_BAD_INPUT)
    for line in imported.report.lines():
        click.echo(line)
    click.echo(f"wrote {out_path}: {len(instance.registrants)} registrants, "
               f"{len(instance.workshops)} workshops, {len(instance.rounds)} rounds, "
               f"{len(instance.rooms)} rooms")
