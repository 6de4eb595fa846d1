"""iCalendar files: one per registrant (their programme) and one per room.

Times are in the venue's time zone where the instance names one (`settings.time_zone`),
with its definition in the file, so a device set to another zone still shows the
session at the hour it starts at the venue. Otherwise they are floating local times, as
in the instance: a calendar shows 10:45 as 10:45 wherever it is opened.

Event UIDs are derived from the session and the file's owner, so a calendar sent again
after a change updates the events it sent before instead of adding new ones; the
sequence number grows with the time the file is made, so a later file wins. After a
rerun, a registrant's calendar also carries the sessions they no longer attend, marked
cancelled: a calendar that only left them out would leave them in place wherever the
earlier one was imported.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from scheduler.importers.text import slug
from scheduler.model import Registrant, known_time_zone
from scheduler.reports.view import PlanView, SessionView

PRODID = "-//workshop-scheduler//plan//EN"
SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
"""Sequence numbers count seconds from here: growing with every file made (a rerun a
minute after the solve included), and within 32 bits until 2092."""


def registrant_calendar(
    plan: PlanView, registrant: Registrant, stamp: datetime,
    cancelled: list[SessionView] | None = None,
) -> bytes:
    calendar = _calendar(f"{plan.instance.name or 'Programme'}")
    for view in plan.programme[registrant.id]:
        calendar.add_component(_event(plan, view, f"{view.id}.{registrant.id}", stamp,
                                      _description(view, with_size=False)))
    for view in cancelled or []:
        calendar.add_component(_cancelled(plan, view, f"{view.id}.{registrant.id}", stamp))
    return _with_time_zones(calendar)


def room_calendar(
    plan: PlanView, room_id: str, stamp: datetime, published: PlanView | None = None
) -> bytes:
    room = plan.instance.room_by_id[room_id]
    calendar = _calendar(f"{plan.instance.name or 'Plan'}: {room.display_name}")
    # The room is in the event's id: a session moved to another room is cancelled in
    # this room's calendar and added to the other's, and staff who load every room's
    # calendar into one would otherwise see the cancellation win.
    owner = f"room.{room_id}"
    held = set()
    for view in plan.everything:
        if view.room == room_id:
            held.add(view.id)
            calendar.add_component(_event(plan, view, f"{view.id}.{owner}", stamp,
                                          _description(view, with_size=True)))
    for view in published.everything if published is not None else []:
        if view.room == room_id and view.id not in held:
            calendar.add_component(_cancelled(plan, view, f"{view.id}.{owner}", stamp))
    return _with_time_zones(calendar)


def calendar_files(
    plan: PlanView, stamp: datetime, published: PlanView | None = None
) -> dict[str, bytes]:
    """File name -> content: ics/registrants/<id>.ics and ics/rooms/<room>.ics; with the
    `published` plan, each registrant's sessions of it that `plan` no longer gives
    them are in their calendar as cancelled."""
    dropped = _dropped(plan, published) if published is not None else {}
    files = {registrant_file(r.id): registrant_calendar(plan, r, stamp, dropped.get(r.id))
             for r in plan.instance.registrants if plan.programme[r.id] or r.id in dropped}
    used: set[str] = set()
    booked = {v.room for v in plan.everything}
    if published is not None:
        booked |= {v.room for v in published.everything}
    for room in plan.instance.rooms:
        if room.id not in booked:
            continue
        name = _file_name(room.id)
        while name in used:
            name += "-"
        used.add(name)
        files[f"ics/rooms/{name}.ics"] = room_calendar(plan, room.id, stamp, published)
    return files


def _dropped(plan: PlanView, published: PlanView) -> dict[str, list[SessionView]]:
    """Registrant -> the events of their published calendar that `plan` does not hold
    (by UID: a session held elsewhere under its id is an update, not a cancellation)."""
    dropped: dict[str, list[SessionView]] = {}
    for registrant in plan.instance.registrants:
        now = {view.id for view in plan.programme[registrant.id]}
        gone = [view for view in published.programme.get(registrant.id, [])
                if view.id not in now]
        if gone:
            dropped[registrant.id] = gone
    return dropped


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
    event.add("sequence", _sequence(stamp))
    zone = plan.instance.settings.time_zone
    if zone is not None:
        # Checked when the instance was read.
        venue = known_time_zone(zone)
        event.add("dtstart", view.start.replace(tzinfo=venue))
        event.add("dtend", view.end.replace(tzinfo=venue))
    else:
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


def _sequence(stamp: datetime, later: int = 0) -> int:
    return max(0, int((stamp - SEQUENCE_EPOCH).total_seconds())) + later


def _cancelled(plan: PlanView, view: SessionView, owner: str, stamp: datetime) -> Event:
    """The event as it was sent, cancelled: one step past its sequence number, so that it
    supersedes the event sent before even within the same second."""
    event = _event(plan, view, owner, stamp, "")
    event.add("status", "CANCELLED")
    event["sequence"] = _sequence(stamp, later=1)
    return event


def _with_time_zones(calendar: Calendar) -> bytes:
    """The calendar's bytes, with a definition (VTIMEZONE) of each time zone its events
    name, as RFC 5545 requires."""
    starts = [event.decoded("dtstart") for event in calendar.walk("VEVENT")]
    if starts:
        # Only the rules in force around the day: the default covers 1970 to 2038, some
        # sixty lines of past transitions per file.
        calendar.add_missing_timezones(first_date=min(starts).date() - timedelta(days=366),
                                       last_date=max(starts).date() + timedelta(days=366))
    return calendar.to_ical()


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
