"""`workshop-scheduler import`: a registration export and a workshops file to an instance."""

from __future__ import annotations

import json
from pathlib import Path

import click
import yaml

from cli.common import EXIT_BAD_INPUT, reports_input_errors
from scheduler.errors import InputError
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
    if out_path.is_dir():
        click.echo(f"error: {out_path} is a folder; name the instance file to write, such "
                   f"as {out_path / 'instance.json'}", err=True)
        raise SystemExit(EXIT_BAD_INPUT)
    if out_path.exists() and not force:
        click.echo(f"error: {out_path} exists; use --force to replace it", err=True)
        raise SystemExit(EXIT_BAD_INPUT)
    imported = import_registrations(registrations, workshops, mapping)
    instance = imported.instance
    try:
        write_text_atomic(out_path, instance_text(instance, out_path))
    except OSError as exc:
        click.echo(f"error: cannot write {out_path}: {exc.strerror or exc}", err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
    for line in imported.report.lines():
        click.echo(line)
    click.echo(f"wrote {out_path}: {len(instance.registrants)} registrants, "
               f"{len(instance.workshops)} workshops, {len(instance.rounds)} rounds, "
               f"{len(instance.rooms)} rooms")
