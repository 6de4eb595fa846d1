"""The `workshop-scheduler` command group; each command lives in its own module."""

from __future__ import annotations

import click

from cli.check import check_command
from cli.rerun import diff_command, rerun_command
from cli.schema import schema_command
from cli.solve import solve_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="workshop-scheduler")
def cli() -> None:
    """Plan workshop days: sessions into rounds and rooms, registrants into sessions."""


cli.add_command(solve_command)
cli.add_command(check_command)
cli.add_command(schema_command)
cli.add_command(rerun_command)
cli.add_command(diff_command)


def main() -> None:
    cli()
