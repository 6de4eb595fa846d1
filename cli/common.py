"""What every command shares: exit codes and turning input errors into clean messages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from scheduler.errors import InputError

# Exit codes a script can rely on.
EXIT_OK = 0  # a checked plan was written (or the checked solution is valid)
EXIT_NO_PLAN = 1  # no plan exists (proven), or the checked solution breaks a rule
EXIT_BAD_INPUT = 2  # bad input or usage
EXIT_NO_PLAN_FOUND = 3  # no plan found within the limits
EXIT_INTERRUPTED = 130

F = TypeVar("F", bound=Callable[..., Any])


def reports_input_errors(command: F) -> F:
    """Print an InputError as one line on stderr and exit 2, never a traceback.

    Ctrl-C where a command does not handle it itself exits 130 (click would say
    "Aborted!" and exit 1, which means "no plan exists" here).
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            click.echo(f"error: {exc}", err=True)
            raise SystemExit(EXIT_BAD_INPUT) from None
        except KeyboardInterrupt:
            click.echo("error: interrupted", err=True)
            raise SystemExit(EXIT_INTERRUPTED) from None

    return wrapper  # type: ignore[return-value]
