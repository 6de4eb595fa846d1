"""A finding: one problem found before solving, in plain words, naming what it is about."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Level(StrEnum):
    ERROR = "error"
    """No plan can exist until this is changed."""
    WARNING = "warning"
    """A plan can exist, but some people lose out (a seat, a choice, a session)."""


@dataclass(frozen=True)
class Finding:
    level: Level
    code: str
    """Stable, kebab-case: scripts may rely on it."""
    message: str
    subjects: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The ids it is about, by kind: {"round": ("r2",), "workshop": ("W1", "W3")}."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": str(self.level),
            "code": self.code,
            "message": self.message,
            "subjects": {kind: list(ids) for kind, ids in self.subjects.items()},
        }

    def __str__(self) -> str:
        return f"{self.level}: {self.message} [{self.code}]"


def error(code: str, message: str, **subjects: str | list[str] | tuple[str, ...]) -> Finding:
    return Finding(Level.ERROR, code, message, _subjects(subjects))


def warning(code: str, message: str, **subjects: str | list[str] | tuple[str, ...]) -> Finding:
    return Finding(Level.WARNING, code, message, _subjects(subjects))


def _subjects(given: dict[str, str | list[str] | tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    return {
        kind: (ids,) if isinstance(ids, str) else tuple(ids) for kind, ids in given.items()
    }
