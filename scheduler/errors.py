"""Errors an organiser can act on: each names the file and the place in it."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: names the file and, where known, the place (row, field or JSON path)."""

    def __init__(self, path: str, message: str, place: str = "") -> None:
        self.path = str(path)
        self.place = place
        self.message = message
        where = f"{self.path}: {place}: " if place else f"{self.path}: "
        super().__init__(where + message)


Location = tuple[int | str, ...]
"""A place in a document as keys and list positions, e.g. ("rooms", 2, "capacity")."""


class LocatedProblems(ValueError):
    """Problems a model validator found, each with its place relative to the model.

    Raised inside pydantic validators; the loader turns the first one into an InputError
    with a full JSON path. Its text lists them all, for callers that build models in code.
    """

    SHOWN = 20

    def __init__(self, problems: list[tuple[Location, str]]) -> None:
        self.problems = problems
        lines = [message for _, message in problems[: self.SHOWN]]
        if len(problems) > self.SHOWN:
            lines.append(f"(and {len(problems) - self.SHOWN} more)")
        super().__init__("\n".join(lines))
