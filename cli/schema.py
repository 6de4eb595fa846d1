"""`workshop-scheduler schema`: the JSON Schema of the files the tool reads and writes."""

from __future__ import annotations

import json

import click

from scheduler.model import Instance
from scheduler.solution import Solution

_MODELS = {"instance": Instance, "solution": Solution}


@click.command("schema")
@click.argument("kind", type=click.Choice(sorted(_MODELS)), default="instance")
def schema_command(kind: str) -> None:
    """Print the JSON Schema of an instance or a solution file."""
    click.echo(json.dumps(_MODELS[kind].model_json_schema(), indent=2))
