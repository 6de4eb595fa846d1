"""A tiny planned day for the report tests, with names that try to inject formulas."""

from __future__ import annotations

from typing import Any

from scheduler.check import check, evaluate
from scheduler.model import Instance
from scheduler.solution import Solution

INJECTION = '=HYPERLINK("http://evil.example","klik")'


def tiny_day() -> tuple[Instance, Solution, dict[str, Any]]:
    """A plenary opening in the Aula, then two workshop rounds; rooms Aula (10) and Kamer
    (4). Workshops: Café Democratie (Anne de Wit, round 1 only, at most 2), "=Weerbaar
    bestuur" (two sessions), Ondermijning (minimum 2). Everyone ranks; r-4 gets nothing
    they chose and waits for the full Café.

    - r-1 Jan van den Berg: Café Democratie, then =Weerbaar bestuur; gets both.
    - r-2 (a formula as name, +31 as organisation): Café, then Ondermijning; gets both.
    - r-3 Anke Bakker (@Org): Ondermijning; gets it, and Weerbaar bestuur unchosen.
    - r-4 Zoë Aalbers (no e-mail): Café; gets Weerbaar bestuur and Ondermijning.
    """
    instance = Instance.model_validate({
        "name": "Proefdag & co",
        "rounds": [
            {"id": "p", "day": "2026-03-26", "start": "09:00", "end": "09:30",
             "label": "Opening"},
            {"id": "r1", "day": "2026-03-26", "start": "10:00", "end": "11:00",
             "label": "Ronde 1"},
            {"id": "r2", "day": "2026-03-26", "start": "13:00", "end": "14:00",
             "label": "Ronde 2"},
        ],
        "rooms": [{"id": "aula", "name": "Aula", "capacity": 10},
                  {"id": "kamer", "name": "Kamer", "capacity": 4}],
        "speakers": [{"id": "s1", "name": "Anne de Wit"}],
        "workshops": [
            {"id": "cafe", "title": "Café Democratie", "speakers": ["s1"], "rounds": ["r1"],
             "max_size": 2},
            {"id": "weerbaar", "title": "=Weerbaar bestuur", "max_sessions": 2},
            {"id": "ondermijning", "title": "Ondermijning", "min_size": 2},
        ],
        "plenaries": [{"id": "opening", "title": "Opening", "round": "p", "room": "aula",
                       "speakers": ["s1"]}],
        "registrants": [
            {"id": "r-1", "name": "Jan van den Berg", "email": "jan@x.example",
             "organisation": "Gemeente Zwolle", "ranked": ["cafe", "weerbaar"]},
            {"id": "r-2", "name": INJECTION, "email": "eq@x.example",
             "organisation": "+31 Gemeente", "ranked": ["cafe", "ondermijning"]},
            {"id": "r-3", "name": "Anke Bakker", "email": "anke@x.example",
             "organisation": "@Org", "ranked": ["ondermijning"]},
            {"id": "r-4", "name": "Zoë Aalbers", "ranked": ["cafe"]},
        ],
    })
    solution = Solution.model_validate({
        "sessions": [
            {"id": "cafe-1", "workshop": "cafe", "room": "aula", "rounds": ["r1"]},
            {"id": "weerbaar-1", "workshop": "weerbaar", "room": "kamer", "rounds": ["r1"]},
            {"id": "weerbaar-2", "workshop": "weerbaar", "room": "kamer", "rounds": ["r2"]},
            {"id": "ondermijning-1", "workshop": "ondermijning", "room": "aula",
             "rounds": ["r2"]},
        ],
        "assignments": [
            {"registrant": "r-1", "session": "cafe-1"},
            {"registrant": "r-1", "session": "weerbaar-2"},
            {"registrant": "r-2", "session": "cafe-1"},
            {"registrant": "r-2", "session": "ondermijning-1"},
            {"registrant": "r-3", "session": "weerbaar-1"},
            {"registrant": "r-3", "session": "ondermijning-1"},
            {"registrant": "r-4", "session": "weerbaar-1"},
            {"registrant": "r-4", "session": "ondermijning-1"},
        ],
    })
    assert check(instance, solution) == []
    summary = {"status": "OPTIMAL", "objective": 302, "bound": 302, "gap": 0.0,
               "wall_time_s": 0.25, **evaluate(instance, solution).to_dict()}
    return instance, solution, summary
