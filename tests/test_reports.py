"""Organiser outputs read back: workbook, CSV tables, mail merge, calendars, plan folder."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from report_fixtures import INJECTION, tiny_day

from scheduler.outputs import csv_text, plan_files, write_folder
from scheduler.reports import PlanView, organiser_files
from scheduler.reports.names import split_name

GENERATED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    instance, solution, summary = tiny_day()
    return organiser_files(instance, solution, summary, generated=GENERATED)


def read_csv(content: bytes) -> list[dict[str, str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_every_organiser_file_is_written(files: dict[str, bytes]) -> None:
    assert sorted(files) == [
        "door-lists.csv", "fill.csv",
        "ics/registrants/r-1.ics", "ics/registrants/r-2.ics", "ics/registrants/r-3.ics",
        "ics/registrants/r-4.ics", "ics/rooms/aula.ics", "ics/rooms/kamer.ics",
        "mail-merge.csv", "plan.xlsx", "programme.csv", "report.html", "room-plan.csv",
        "wait-lists.csv",
    ]


def test_the_workbook_has_a_sheet_per_purpose(files: dict[str, bytes]) -> None:
    workbook = load_workbook(io.BytesIO(files["plan.xlsx"]))
    assert workbook.sheetnames == [
        "Summary", "Room plan", "Programme", "Fill", "Wait-lists", "1 Opening", "2 Café Democratie",
        "3 =Weerbaar bestuur", "4 Ondermijning", "5 =Weerbaar bestuur",
    ]
    summary = workbook["Summary"]
    figures = {row[0]: row[1] for row in summary.iter_rows(min_row=3, values_only=True)
               if row[0]}
    assert figures["Status"] == "OPTIMAL"
    assert figures["Registrants with every wanted seat"] == 4
    assert [figures[k] for k in ("1st choice", "2nd choice", "not chosen", "empty seat")] == [
        3, 2, 3, 0]
    assert len(summary._charts) == 1

    plan = [list(row) for row in workbook["Room plan"].iter_rows(values_only=True)]
    assert plan == [
        ["Round", "Aula", "Kamer"],
        ["Opening (09:00–09:30)", "Opening\nAnne de Wit\n4 / 10", None],
        ["Ronde 1 (10:00–11:00)", "Café Democratie\nAnne de Wit\n2 / 2",
         "=Weerbaar bestuur\n2 / 4"],
        ["Ronde 2 (13:00–14:00)", "Ondermijning\n3 / 10", "=Weerbaar bestuur\n1 / 4"],
    ]
    fill = [list(row) for row in workbook["Fill"].iter_rows(values_only=True)]
    assert fill[0] == ["Session", "Workshop", "Title", "Room", "Time", "Size", "Capacity",
                       "Minimum", "Free", "Wait-list"]
    assert fill[1] == ["cafe-1", "cafe", "Café Democratie", "Aula", "26-03-2026 10:00–11:00",
                       2, 2, 0, 0, 1]
    waiting = [list(row) for row in workbook["Wait-lists"].iter_rows(values_only=True)]
    assert waiting == [
        ["Session", "Title", "Time", "Position", "Name", "E-mail", "Organisation",
         "Registrant"],
        ["cafe-1", "Café Democratie", "26-03-2026 10:00–11:00", 1, "Zoë Aalbers", None, None,
         "r-4"],
    ]
    programme = [list(row) for row in workbook["Programme"].iter_rows(values_only=True)]
    assert programme[1] == [
        "r-1", "Jan van den Berg", "jan@x.example", "Gemeente Zwolle", "Opening — Aula",
        "Café Democratie — Aula", "=Weerbaar bestuur — Kamer"]


def test_door_lists_are_sorted_by_surname_with_a_check_in_column(
        files: dict[str, bytes]) -> None:
    sheet = load_workbook(io.BytesIO(files["plan.xlsx"]))["4 Ondermijning"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Ondermijning"
    assert rows[1][0] == "26-03-2026 13:00–14:00, Aula"
    assert rows[2][0] == "3 registered, capacity 10"
    assert rows[4] == ["Check-in", "Surname", "First name", "Organisation", "Registrant"]
    assert rows[5:] == [
        [None, INJECTION, None, "+31 Gemeente", "r-2"],
        [None, "Aalbers", "Zoë", None, "r-4"],
        [None, "Bakker", "Anke", "@Org", "r-3"],
    ]
    assert sheet["A6"].border.left.style == "thin"
    assert sheet.print_title_rows == "$5:$5"
    assert sheet.page_setup.fitToWidth == 1

    opening = load_workbook(io.BytesIO(files["plan.xlsx"]))["1 Opening"]
    surnames = [row[1] for row in opening.iter_rows(min_row=6, values_only=True)]
    assert surnames == [INJECTION, "Aalbers", "Bakker", "Berg, van den"]


def test_no_cell_of_the_workbook_is_a_formula(files: dict[str, bytes]) -> None:
    """Text is stored as text, as typed: a formula would be an <f> element."""
    import zipfile

    workbook = load_workbook(io.BytesIO(files["plan.xlsx"]))
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert INJECTION in texts and "@Org" in texts
    with zipfile.ZipFile(io.BytesIO(files["plan.xlsx"])) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name


def test_csv_tables_are_neutralised_too(files: dict[str, bytes]) -> None:
    doors = read_csv(files["door-lists.csv"])
    assert [(d["session"], d["surname"]) for d in doors if d["session"] == "ondermijning-1"] == [
        ("ondermijning-1", "'" + INJECTION), ("ondermijning-1", "Aalbers"),
        ("ondermijning-1", "Bakker")]
    for name in ("door-lists.csv", "programme.csv", "room-plan.csv", "fill.csv",
                 "mail-merge.csv", "wait-lists.csv"):
        for row in read_csv(files[name]):
            assert not [v for v in row.values() if v.startswith(("=", "+", "-", "@"))], name


def test_the_mail_merge_has_the_programme_as_text_lines(files: dict[str, bytes]) -> None:
    rows = read_csv(files["mail-merge.csv"])
    # Only a cell's first character can start a formula; this cell starts with a date.
    # Zoë has no e-mail address, so no mail.
    assert [r["registrant"] for r in rows] == ["r-1", "r-2", "r-3"]
    assert rows[0] == {
        "email": "jan@x.example", "name": "Jan van den Berg", "first_name": "Jan",
        "organisation": "Gemeente Zwolle", "registrant": "r-1",
        "programme": "26-03-2026 09:00–09:30  Opening — Aula\n"
                     "26-03-2026 10:00–11:00  Café Democratie — Aula\n"
                     "26-03-2026 13:00–14:00  =Weerbaar bestuur — Kamer",
        "ics": "ics/registrants/r-1.ics",
    }


def test_personal_calendars_hold_times_rooms_and_titles(files: dict[str, bytes]) -> None:
    calendar = Calendar.from_ical(files["ics/registrants/r-1.ics"])
    events = [(str(e["summary"]), str(e["location"]), e.decoded("dtstart"), e.decoded("dtend"))
              for e in calendar.walk("VEVENT")]
    assert events == [
        ("Opening", "Aula", datetime(2026, 3, 26, 9, 0), datetime(2026, 3, 26, 9, 30)),
        ("Café Democratie", "Aula", datetime(2026, 3, 26, 10), datetime(2026, 3, 26, 11)),
        ("=Weerbaar bestuur", "Kamer", datetime(2026, 3, 26, 13), datetime(2026, 3, 26, 14)),
    ]
    first = calendar.walk("VEVENT")[1]
    assert str(first["uid"]) == "cafe-1.r-1@proefdag-co.workshop-scheduler"
    assert str(first["description"]) == "Speaker: Anne de Wit"
    assert first.decoded("dtstamp") == GENERATED


def test_calendars_carry_the_venue_time_zone_where_the_instance_names_one() -> None:
    instance, solution, summary = tiny_day()
    settings = instance.settings.model_copy(update={"time_zone": "Europe/Amsterdam"})
    zoned = organiser_files(instance.model_copy(update={"settings": settings}), solution,
                            summary, generated=GENERATED)
    for name in ("ics/registrants/r-1.ics", "ics/rooms/aula.ics"):
        calendar = Calendar.from_ical(zoned[name])
        assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == [
            "Europe/Amsterdam"]
        opening = calendar.walk("VEVENT")[0]
        assert opening["dtstart"].params["TZID"] == "Europe/Amsterdam"
        # 09:00 at the venue in March (winter time, UTC+1) is 08:00 UTC wherever the
        # calendar is opened.
        assert opening.decoded("dtstart").astimezone(UTC) == datetime(2026, 3, 26, 8, 0,
                                                                      tzinfo=UTC)
    floating = Calendar.from_ical(organiser_files(instance, solution, summary,
                                                  generated=GENERATED)["ics/rooms/aula.ics"])
    assert floating.walk("VTIMEZONE") == []
    assert floating.walk("VEVENT")[0].decoded("dtstart").tzinfo is None


def test_room_calendars_list_every_session_in_the_room(files: dict[str, bytes]) -> None:
    calendar = Calendar.from_ical(files["ics/rooms/aula.ics"])
    assert str(calendar["x-wr-calname"]) == "Proefdag & co: Aula"
    assert [(str(e["summary"]), str(e["description"]).splitlines()[-1])
            for e in calendar.walk("VEVENT")] == [
        ("Opening", "4 registered, capacity 10"),
        ("Café Democratie", "2 registered, capacity 2"),
        ("Ondermijning", "3 registered, capacity 10"),
    ]


def test_a_session_moved_to_another_room_has_an_event_id_per_room() -> None:
    from scheduler.reports.calendar import calendar_files

    instance, published, _ = tiny_day()
    moved = published.model_copy(update={"sessions": [
        s.model_copy(update={"room": "kamer"}) if s.id == "cafe-1" else s
        for s in published.sessions]})
    files = calendar_files(PlanView(instance, moved), GENERATED, PlanView(instance, published))

    def cafe(room: str) -> tuple[str, str]:
        """The status and event id of Café Democratie in the room's calendar."""
        calendar = Calendar.from_ical(files[f"ics/rooms/{room}.ics"])
        event = next(e for e in calendar.walk("VEVENT")
                     if str(e["summary"]) == "Café Democratie")
        return str(event.get("status", "")), str(event["uid"])

    (left, left_uid), (now, now_uid) = cafe("aula"), cafe("kamer")
    assert (left, now) == ("CANCELLED", "")
    assert left_uid != now_uid


def test_who_got_no_chosen_workshop_and_the_wait_lists() -> None:
    instance, solution, _ = tiny_day()
    plan = PlanView(instance, solution)
    assert [(r.id, unchosen, empty) for r, unchosen, empty in plan.without_choice] == [
        ("r-4", 2, 0)]
    assert {s: [r.id for r in line] for s, line in plan.wait_lists.items()} == {
        "cafe-1": ["r-4"]}


@pytest.mark.parametrize(("name", "listed", "key"), [
    ("Jan van den Berg", "Berg, van den", ("berg", "jan")),
    ("Pieter Ter Horst", "Horst, Ter", ("horst", "pieter")),
    ("Anouk El Amrani", "El Amrani", ("el amrani", "anouk")),
    ("Gert-Jan Visser", "Visser", ("visser", "gert-jan")),
    ("Madonna", "Madonna", ("madonna", "")),
    ("Émile Ölçer", "Ölçer", ("olcer", "emile")),
])
def test_surnames_for_sorting(name: str, listed: str, key: tuple[str, str]) -> None:
    person = split_name(name)
    assert (person.listed, person.sort_key) == (listed, key)


def test_the_plan_folder_holds_the_organiser_outputs(tmp_path: Path) -> None:
    instance, solution, summary = tiny_day()
    out = tmp_path / "plan"
    write_folder(out, plan_files(instance, solution, summary))
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == sorted([
        "solution.json", "summary.json", "sessions.csv", "assignments.csv", "plan.xlsx",
        "programme.csv", "room-plan.csv", "fill.csv", "door-lists.csv", "mail-merge.csv",
        "wait-lists.csv", "report.html", "ics/registrants/r-1.ics", "ics/registrants/r-2.ics",
        "ics/registrants/r-3.ics", "ics/registrants/r-4.ics", "ics/rooms/aula.ics",
        "ics/rooms/kamer.ics",
    ])


def test_write_folder_replaces_written_subfolders_whole_and_keeps_the_rest(
        tmp_path: Path) -> None:
    out = tmp_path / "plan"
    write_folder(out, {"solution.json": "{}\n", "ics/rooms/a.ics": b"A",
                       "ics/registrants/r-9.ics": b"gone soon"})
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "photos").mkdir()
    (out / "photos" / "zaal.jpg").write_bytes(b"\xff\xd8")
    write_folder(out, {"solution.json": "{}\n", "ics/rooms/a.ics": b"B"}, force=True)
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        "ics/rooms/a.ics", "notes.txt", "photos/zaal.jpg", "solution.json"]
    assert (out / "ics" / "rooms" / "a.ics").read_bytes() == b"B"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan"]


@pytest.mark.parametrize("name", ["../escape.txt", "/etc/passwd", ""])
def test_write_folder_refuses_names_outside_the_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="not a file name inside the plan folder"):
        write_folder(tmp_path / "plan", {name: "x"})
    assert not (tmp_path / "plan").exists()
    assert not (tmp_path / "escape.txt").exists()


def test_a_csv_header_typed_by_the_organiser_cannot_be_a_formula() -> None:
    frame = pd.DataFrame({"round": ["r1"], "=1+1 zaal": ["x"], "+Ronde 1": ["y"]})
    header = csv_text(frame).lstrip("\ufeff").splitlines()[0]
    assert header == "round,'=1+1 zaal,'+Ronde 1"


def test_an_interrupted_run_says_so_in_the_workbook_and_the_page() -> None:
    instance, solution, summary = tiny_day()
    files = organiser_files(instance, solution, {**summary, "interrupted": True},
                            generated=GENERATED)
    sheet = load_workbook(io.BytesIO(files["plan.xlsx"]))["Summary"]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    said = "yes: the best plan found before the search was stopped"
    assert "Interrupted" in cells and said in cells
    assert said in files["report.html"].decode("utf-8")
    quiet = organiser_files(instance, solution, summary, generated=GENERATED)
    assert b"Interrupted" not in quiet["report.html"]


def test_csv_files_use_the_instances_separator() -> None:
    instance, solution, summary = tiny_day()
    dutch = instance.model_copy(update={
        "settings": instance.settings.model_copy(update={"csv_separator": ";"})})
    files = organiser_files(dutch, solution, summary, generated=GENERATED)
    header = files["door-lists.csv"].decode("utf-8").lstrip("\ufeff").splitlines()[0]
    assert header.startswith("session;") and "," not in header
    rows = list(csv.DictReader(io.StringIO(files["door-lists.csv"].decode("utf-8")[1:]),
                               delimiter=";"))
    assert rows == read_csv(organiser_files(instance, solution, summary,
                                            generated=GENERATED)["door-lists.csv"])
