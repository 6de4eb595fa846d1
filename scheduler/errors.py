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
