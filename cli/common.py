"""What every command shares: exit codes and turning input errors into clean messages."""

from __future__ import annotations

import functools
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from scheduler.check import check
from scheduler.errors import InputError
from scheduler.fs import file_in_the_way
from scheduler.model import Instance
from scheduler.outputs import OutputRefused, check_output_folder, write_folder
from scheduler.solution import Solution

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


def fail(message: str, code: int) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@contextmanager
def stop_on_signals(interrupt: threading.Event) -> Iterator[None]:
    """Ctrl-C or SIGTERM stops the search; the best plan so far is kept."""

    def stop(signum: int, frame: object) -> None:
        interrupt.set()

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def folder_to_write(out_dir: Path, force: bool) -> Path:
    """`out_dir` as a folder this command may write (see `check_output_folder`), and not
    one that holds a plan unless `force`. Checked before the work, so that a long solve
    does not end in an error."""
    try:
        check_output_folder(out_dir, force=force)
    except OutputRefused as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    return out_dir


def write_checked_plan(
    out_dir: Path,
    instance: Instance,
    solution: Solution,
    files: Callable[[], dict[str, str | bytes]],
    force: bool,
) -> None:
    """Write the plan folder, but only a plan the independent checker accepts."""
    violations = check(instance, solution)
    if violations:
        lines = "\n".join(f"  {v}" for v in violations[:20])
        fail(f"the plan found breaks rules, so it was not written:\n{lines}",
             EXIT_NO_PLAN_FOUND)
    try:
        write_folder(out_dir, files(), force=force)
    except OutputRefused as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    except OSError as exc:
        fail(f"cannot write {out_dir}: {exc.strerror or exc}", EXIT_BAD_INPUT)


def solution_file(plan: Path) -> Path:
    """The solution.json of `plan`, a plan folder or the file itself; it must exist, or
    every later message (such as a missing instance.json beside it) would mislead."""
    solution_path = plan / "solution.json" if plan.is_dir() else plan
    if not solution_path.exists():
        what = ("this folder holds no plan (solution.json)" if plan.is_dir()
                else "the plan file does not exist")
        raise InputError(str(plan), f"{what}; name a plan folder written by `solve`, or "
                         "its solution.json")
    return solution_path


def file_to_write(path: Path, force: bool) -> Path:
    """`path` as a file this command may write: not a folder, and not one that exists
    unless `force`. Checked before the work, so that a long run does not end in an
    error."""
    if path.is_dir():
        raise InputError(str(path), "is a folder; name the file to write")
    if blocker := file_in_the_way(path):
        raise InputError(str(path), f"cannot be written: {blocker} is a file, not a folder")
    if path.exists() and not force:
        raise InputError(str(path), "exists; use --force to replace it")
    return path
