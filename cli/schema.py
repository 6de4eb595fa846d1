"""`workshop-scheduler schema`: the JSON Schema of the files the tool reads and writes."""

from __future__ import annotations

import json
from typing import Any

import click
from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from scheduler.model import Instance
from scheduler.solution import Solution

_MODELS: dict[str, type[BaseModel]] = {"instance": Instance, "solution": Solution}

_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_CLOCK = r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?"
_OFFSET = r"(Z|[+-][0-9]{2}:?[0-9]{2})"
LOCAL_TIME_PATTERN = f"^{_CLOCK}$"
TIMESTAMP_PATTERN = f"^{_DATE}([T ]{_CLOCK}{_OFFSET}?)?$"


class AcceptedFormsSchema(GenerateJsonSchema):
    """The pydantic schema, with times described as the tool reads them.

    JSON Schema's "time" and "date-time" formats are RFC 3339's, which require a time
    zone offset: a validator that checks formats would reject "09:30:00" and the
    offset-free registration times the tool itself writes. Patterns say what is accepted.
    """

    def generate(self, schema: CoreSchema, mode: JsonSchemaMode = "validation") -> JsonSchemaValue:
        return {"$schema": self.schema_dialect, **super().generate(schema, mode=mode)}

    def time_schema(self, schema: core_schema.TimeSchema) -> JsonSchemaValue:
        return {"type": "string", "pattern": LOCAL_TIME_PATTERN,
                "description": 'Local time of the event, "HH:MM" or "HH:MM:SS", no time zone.'}

    def datetime_schema(self, schema: core_schema.DatetimeSchema) -> JsonSchemaValue:
        return {"type": "string", "pattern": TIMESTAMP_PATTERN,
                "description": 'A date, or date and time "YYYY-MM-DDTHH:MM[:SS]" (a space '
                               'may replace the T); an offset such as "Z" or "+01:00" is '
                               "optional and converted to UTC."}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of an instance or a solution file, as `schema` prints it."""
    return _MODELS[kind].model_json_schema(schema_generator=AcceptedFormsSchema)


@click.command("schema")
@click.argument("kind", type=click.Choice(sorted(_MODELS)), default="instance")
def schema_command(kind: str) -> None:
    """Print the JSON Schema of an instance or a solution file."""
    click.echo(json.dumps(json_schema(kind), indent=2))
