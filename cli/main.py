"""The `workshop-scheduler` command group; each command lives in its own module."""

from __future__ import annotations

import click

from cli.bench import bench_command
from cli.check import check_command
from cli.diagnose import diagnose_command
from cli.generate import generate_command
from cli.import_cmd import import_command
from cli.pseudonymize import pseudonymize_command
from cli.report import report_command
from cli.rerun import diff_command, rerun_command
from cli.schema import schema_command
from cli.solve import solve_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="workshop-scheduler")
def cli() -> None:
    """Plan workshop days: sessions into rounds and rooms, registrants into sessions."""


cli.add_command(solve_command)
cli.add_command(check_command)
cli.add_command(diagnose_command)
cli.add_command(schema_command)
cli.add_command(rerun_command)
cli.add_command(diff_command)
cli.add_command(import_command)
cli.add_command(pseudonymize_command)
cli.add_command(report_command)
cli.add_command(generate_command)
cli.add_command(bench_command)


def main() -> None:
    cli()
