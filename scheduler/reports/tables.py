"""The organiser's tables as data frames: programme, room plan, fill, door lists, mail merge.

The same frames feed the workbook and the CSV files. People appear by name here: these
tables are for the organisers (programmes, door lists, mail merge), never for logs.
"""

from __future__ import annotations

import pandas as pd

from scheduler.model import Registrant
from scheduler.reports.calendar import registrant_file
from scheduler.reports.names import split_name
from scheduler.reports.view import PlanView, SessionView


def programme_line(view: SessionView) -> str:
    """"26-03-2026 10:45–12:00  Title — Room"."""
    return f"{view.when}  {view.title} — {view.room_name}"


def round_columns(plan: PlanView) -> list[tuple[str, str]]:
    """(round id, column header) in time order: "Workshopronde 1 (10:45–12:00)"."""
    instance = plan.instance
    many_days = len({r.day for r in instance.rounds}) > 1
    columns = []
    for round_id in instance.round_order:
        r = instance.round_by_id[round_id]
        day = f"{r.day:%d-%m} " if many_days else ""
        columns.append((round_id, f"{r.name} ({day}{r.start:%H:%M}–{r.end:%H:%M})"))
    return columns


def programme_table(plan: PlanView) -> pd.DataFrame:
    """One row per registrant, one column per round: the title and the room."""
    columns = round_columns(plan)
    rows = []
    for r in plan.instance.registrants:
        row = {"registrant": r.id, "name": r.name, "email": r.email,
               "organisation": r.organisation}
        by_round = {round_id: view for view in plan.programme[r.id] for round_id in view.rounds}
        for round_id, header in columns:
            view = by_round.get(round_id)
            row[header] = f"{view.title} — {view.room_name}" if view else ""
        rows.append(row)
    return pd.DataFrame(rows, columns=["registrant", "name", "email", "organisation",
                                       *(header for _, header in columns)])


def room_plan_table(plan: PlanView) -> pd.DataFrame:
    """Rounds by rooms; a cell holds the title, the speakers and the fill."""
    instance = plan.instance
    rooms = [r for r in instance.rooms
             if any(v.room == r.id for v in plan.everything)]
    cells: dict[tuple[str, str], str] = {}
    for view in plan.everything:
        for n, round_id in enumerate(view.rounds):
            text = view.title if n == 0 else f"{view.title} (continued)"
            if view.speakers:
                text += "\n" + ", ".join(view.speakers)
            cells[(round_id, view.room)] = text + f"\n{view.size} / {view.capacity}"
    rows = []
    for round_id, header in round_columns(plan):
        row = {"round": header}
        for room in rooms:
            row[room.display_name] = cells.get((round_id, room.id), "")
        rows.append(row)
    return pd.DataFrame(rows, columns=["round", *(room.display_name for room in rooms)])


def fill_table(plan: PlanView) -> pd.DataFrame:
    rows = []
    for view in plan.sessions:
        rows.append({
            "session": view.id, "workshop": view.workshop, "title": view.title,
            "room": view.room_name, "time": view.when, "size": view.size,
            "capacity": view.capacity, "minimum": view.min_size,
            "free": max(0, view.capacity - view.size),
            "wait_list": len(plan.wait_lists.get(view.id, [])),
        })
    return pd.DataFrame(rows, columns=["session", "workshop", "title", "room", "time", "size",
                                       "capacity", "minimum", "free", "wait_list"])


def door_list(view: SessionView) -> pd.DataFrame:
    """Attendees sorted by surname, with an empty column to tick on arrival."""
    rows = []
    for r in view.attendees:
        name = split_name(r.name, r.first_name)
        rows.append({"check_in": "", "surname": name.listed, "first_name": name.first,
                     "organisation": r.organisation, "registrant": r.id})
    return pd.DataFrame(rows, columns=["check_in", "surname", "first_name", "organisation",
                                       "registrant"])


def door_lists_table(plan: PlanView) -> pd.DataFrame:
    """Every door list in one table, session by session, for the CSV file."""
    frames = []
    for view in plan.everything:
        frame = door_list(view)
        frame.insert(0, "room", view.room_name)
        frame.insert(0, "time", view.when)
        frame.insert(0, "title", view.title)
        frame.insert(0, "session", view.id)
        frames.append(frame)
    columns = ["session", "title", "time", "room", "check_in", "surname", "first_name",
               "organisation", "registrant"]
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def wait_lists_table(plan: PlanView) -> pd.DataFrame:
    """Per full session, who waits for a seat, first in line first."""
    rows = []
    for view in plan.sessions:
        for position, r in enumerate(plan.wait_lists.get(view.id, []), start=1):
            rows.append({"session": view.id, "title": view.title, "time": view.when,
                         "position": position, "name": r.name, "email": r.email,
                         "organisation": r.organisation, "registrant": r.id})
    return pd.DataFrame(rows, columns=["session", "title", "time", "position", "name",
                                       "email", "organisation", "registrant"])


MAIL_MERGE_COLUMNS = ["email", "name", "first_name", "organisation", "registrant",
                      "programme", "ics"]


def mail_merge_table(plan: PlanView) -> pd.DataFrame:
    """One row per registrant with an e-mail address: the programme as text lines."""
    rows = [mail_merge_row(plan, r) for r in plan.instance.registrants if r.email]
    return pd.DataFrame(rows, columns=MAIL_MERGE_COLUMNS)


def mail_merge_row(plan: PlanView, r: Registrant) -> dict[str, str]:
    """A registrant's mail-merge fields: name parts, the programme as text lines and
    their calendar file (relative to the plan folder)."""
    lines = [programme_line(v) for v in plan.programme[r.id]]
    return {"email": r.email, "name": r.name, "first_name": split_name(r.name, r.first_name).first,
            "organisation": r.organisation, "registrant": r.id,
            "programme": "\n".join(lines) if lines else "(no sessions)",
            "ics": registrant_file(r.id) if plan.programme[r.id] else ""}


def rank_rows(summary: dict) -> list[tuple[str, int]]:
    """The rank histogram with readable labels: ("1st choice", 120), ..., ("empty", 0)."""
    labels = []
    for key, count in summary.get("rank_histogram", {}).items():
        if key.isdigit():
            n = int(key)
            suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
            labels.append((f"{n}{suffix} choice", count))
        elif key == "unchosen":
            labels.append(("not chosen", count))
        else:
            labels.append(("empty seat", count))
    return labels


def key_figures(plan: PlanView, summary: dict) -> list[tuple[str, object]]:
    """The run's figures in reading order; missing ones (a plan made elsewhere) left out."""
    gap = summary.get("gap")
    figures: list[tuple[str, object]] = [
        ("Status", summary.get("status")),
        # Said where the organiser reads, not only in summary.json.
        ("Interrupted", "yes: the best plan found before the search was stopped"
         if summary.get("interrupted") else None),
        ("Registrants", summary.get("registrants", len(plan.instance.registrants))),
        ("Registrants with every wanted seat", summary.get("placed")),
        ("Seats wanted", summary.get("wanted_seats")),
        ("Seats filled", summary.get("filled_seats")),
        ("Wanted seats left empty", summary.get("empty_seats")),
        ("Workshop sessions", len(plan.sessions)),
        ("Objective (lower is better)", summary.get("objective")),
        ("Best possible (bound)", summary.get("bound")),
        ("Gap to the bound", f"{gap:.2%}" if isinstance(gap, int | float) else None),
        ("Policy", summary.get("policy")),
        ("Fairness", summary.get("fairness")),
        ("Solve time (s)", _seconds(summary.get("wall_time_s"))),
    ]
    return [(label, value) for label, value in figures if value is not None]


def _seconds(value: object) -> str | None:
    return f"{value:.1f}" if isinstance(value, int | float) else None
