"""A finished plan: where each session runs and who attends it.

Holds no solver objects; reads and writes plain JSON so other tools can use it.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

SOLUTION_FORMAT = "workshop-scheduler/solution"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SessionPlan(_Frozen):
    """One run of a workshop: in one room for its consecutive rounds."""

    id: str
    workshop: str
    room: str
    rounds: list[str] = Field(min_length=1)


class Assignment(_Frozen):
    registrant: str
    session: str


class Solution(_Frozen):
    format: Literal["workshop-scheduler/solution"] = SOLUTION_FORMAT
    version: Literal[1] = 1
    instance: str = ""
    sessions: list[SessionPlan] = Field(default_factory=list)
    assignments: list[Assignment] = Field(default_factory=list)
    wait_lists: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Session id -> registrant ids waiting for a seat, first in line first.",
    )

    def sessions_frame(self) -> pd.DataFrame:
        rows = [
            {"session": s.id, "workshop": s.workshop, "room": s.room, "rounds": " ".join(s.rounds)}
            for s in self.sessions
        ]
        return pd.DataFrame(rows, columns=["session", "workshop", "room", "rounds"])

    def assignments_frame(self) -> pd.DataFrame:
        rows = [{"registrant": a.registrant, "session": a.session} for a in self.assignments]
        return pd.DataFrame(rows, columns=["registrant", "session"])

    def programme(self) -> dict[str, list[str]]:
        """Registrant id -> session ids they attend."""
        by_registrant: dict[str, list[str]] = {}
        for a in self.assignments:
            by_registrant.setdefault(a.registrant, []).append(a.session)
        return by_registrant
