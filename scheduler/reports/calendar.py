"""iCalendar files: one per registrant (their programme) and one per room.

Times are floating local times (no time zone), as in the instance: a calendar shows
10:45 as 10:45 wherever it is opened. Event UIDs are derived from the session and the
file's owner, so a calendar sent again after a change updates the events it sent before
instead of adding new ones.
"""

from __future__ import annotations

import re
from datetime import datetime

from icalendar import Calendar, Event

from scheduler.importers.text import slug
from scheduler.model import Registrant
from scheduler.reports.view import PlanView, SessionView

PRODID = "-//workshop-scheduler//plan//EN"


def registrant_calendar(plan: PlanView, registrant: Registrant, stamp: datetime) -> bytes:
    calendar = _calendar(f"{plan.instance.name or 'Programme'}")
    for view in plan.programme[registrant.id]:
        calendar.add_component(_event(plan, view, f"{view.id}.{registrant.id}", stamp,
                                      _description(view, with_size=False)))
    return calendar.to_ical()


def room_calendar(plan: PlanView, room_id: str, stamp: datetime) -> bytes:
    room = plan.instance.room_by_id[room_id]
    calendar = _calendar(f"{plan.instance.name or 'Plan'}: {room.display_name}")
    for view in plan.everything:
        if view.room == room_id:
            calendar.add_component(_event(plan, view, f"{view.id}.room", stamp,
                                          _description(view, with_size=True)))
    return calendar.to_ical()


def calendar_files(plan: PlanView, stamp: datetime) -> dict[str, bytes]:
    """File name -> content: ics/registrants/<id>.ics and ics/rooms/<room>.ics."""
    files = {registrant_file(r.id): registrant_calendar(plan, r, stamp)
             for r in plan.instance.registrants if plan.programme[r.id]}
    used: set[str] = set()
    for room in plan.instance.rooms:
        if not any(v.room == room.id for v in plan.everything):
            continue
        name = _file_name(room.id)
        while name in used:
            name += "-"
        used.add(name)
        files[f"ics/rooms/{name}.ics"] = room_calendar(plan, room.id, stamp)
    return files


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _one_line(name))
    return calendar


def registrant_file(registrant_id: str) -> str:
    """Where a registrant's calendar is written: named by id, never by name."""
    return f"ics/registrants/{_file_name(registrant_id)}.ics"


def _event(plan: PlanView, view: SessionView, owner: str, stamp: datetime,
           description: str) -> Event:
    event = Event()
    event.add("uid", f"{owner}@{slug(plan.instance.name) or 'plan'}.workshop-scheduler")
    event.add("dtstamp", stamp)
    event.add("dtstart", view.start)
    event.add("dtend", view.end)
    event.add("summary", _one_line(view.title))
    event.add("location", _one_line(view.room_name))
    if description:
        event.add("description", CONTROL_CHARACTERS.sub(" ", description))
    return event


# Calendar text may not hold control characters, except newlines in a description;
# names and titles from a registration export sometimes carry them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


def _one_line(text: str) -> str:
    return " ".join(CONTROL_CHARACTERS.sub(" ", text).split())


def _description(view: SessionView, *, with_size: bool) -> str:
    lines = []
    if view.speakers:
        lines.append(("Speaker: " if len(view.speakers) == 1 else "Speakers: ")
                     + ", ".join(view.speakers))
    if with_size:
        lines.append(f"{view.size} registered, capacity {view.capacity}")
    return "\n".join(lines)


def _file_name(identifier: str) -> str:
    """Ids become safe file names: letters, digits, '-', '_' and '.' kept."""
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in identifier).strip(".")
    return safe or "unnamed"
