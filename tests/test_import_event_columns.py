"""The columns of a workshops workbook or CSV folder: header variants that are read, and
a note for every column that is not.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from test_importers import DATA, event_folder

from cli.main import cli
from scheduler.errors import InputError
from scheduler.importers.event import read_event


def two_round_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """Rounds Ochtend and Middag, then the given sheets (a header row first)."""
    workbook = Workbook()
    rounds = workbook.active
    rounds.title = "Rondes"
    for row in (["Naam", "Datum", "Begin", "Eind"], ["Ochtend", "26-03-2026", "10:00", "11:00"],
                ["Middag", "26-03-2026", "13:00", "14:00"]):
        rounds.append(row)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def test_headers_with_a_part_in_brackets_and_long_dutch_ones_are_read(tmp_path: Path) -> None:
    workbook = two_round_workbook(tmp_path / "event.xlsx", {
        "Zalen": [["Naam", "Capaciteit", "Niet beschikbaar (rondes)"], ["Aula", 40, "Middag"]],
        "Sprekers": [["Naam", "Afwezig in ronde"], ["Ann Bos", "Ochtend"]],
        "Workshops": [["Titel", "Spreker(s)", "Maximum aantal deelnemers",
                       "Minimum aantal deelnemers"],
                      ["Yoga", "Ann Bos; Piet Ek", 20, 5]],
    })
    event = read_event(workbook)
    instance = event.instance
    assert [(r.id, r.unavailable) for r in instance.rooms] == [("aula", ["middag"])]
    assert [(s.id, s.unavailable) for s in instance.speakers] == [
        ("sp-ann-bos", ["ochtend"]), ("sp-piet-ek", [])]
    assert [(w.id, w.speakers, w.max_size, w.min_size) for w in instance.workshops] == [
        ("yoga", ["sp-ann-bos", "sp-piet-ek"], 20, 5)]
    assert event.notes == []


def test_every_column_that_is_not_read_is_named(tmp_path: Path) -> None:
    workbook = two_round_workbook(tmp_path / "event.xlsx", {
        "Zalen": [["Naam", "Capaciteit", "Verdieping"], ["Aula", 40, "1"]],
        # 'Capaciteit' is the maximum size too, so 'Max' is a second column for it.
        "Workshops": [["Titel", "Begeleiding", "Capaciteit", "Max", None],
                      ["Yoga", "Ann Bos", 20, 25, None]],
    })
    assert read_event(workbook).notes == [
        f"{workbook}: sheet 'Zalen', column 'Verdieping' is not read (headers read here and "
        "not yet used: 'Id', 'Kenmerken' and 'Niet beschikbaar')",
        f"{workbook}: sheet 'Workshops', column 'Begeleiding' is not read (headers read here "
        "and not yet used: 'Id', 'Sprekers', 'Min', 'Rondes', 'Sessies', 'Duur', 'Benodigd', "
        "'Doelgroep', 'Zaal' and 'Geannuleerd')",
        f"{workbook}: sheet 'Workshops', column 'Max' is not read (column 'Capaciteit' says "
        "the same)",
    ]


def test_import_and_solve_print_the_unread_column_of_a_csv_folder(tmp_path: Path) -> None:
    folder = event_folder(tmp_path, "Titel,Presentator\nCafé Democratie,Anne de Wit\n"
                                    "Weerbaar bestuur,Bram Bos\nOndermijning herkennen,\n")
    note = (f"{folder / 'workshops.csv'}: column 'Presentator' is not read (headers read "
            "here and not yet used: 'Id', 'Sprekers', 'Max', 'Min', 'Rondes', 'Sessies', "
            "'Duur', 'Benodigd', 'Doelgroep', 'Zaal' and 'Geannuleerd')")
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(DATA / "nl-per-round.csv"), "--workshops",
                                 str(folder), "--out", str(tmp_path / "x.json")])
    assert result.exit_code == 0, result.output
    assert note in result.stdout.splitlines()

    result = runner.invoke(cli, ["solve", str(DATA / "nl-per-round.csv"), "--workshops",
                                 str(folder), "--out", str(tmp_path / "plan"),
                                 "--time-limit", "10", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert note in result.stderr.splitlines()


# Rows of totals under a table.

def test_a_totals_row_under_the_rooms_is_left_out_with_a_note(tmp_path: Path) -> None:
    workbook = two_round_workbook(tmp_path / "event.xlsx", {
        "Zalen": [["Id", "Naam", "Capaciteit"], ["aula", "Aula", 40], ["kamer", "Kamer", 8],
                  [None, "Totaal", 48]],
        "Workshops": [["Titel"], ["Yoga"]],
    })
    event = read_event(workbook)
    assert [r.id for r in event.instance.rooms] == ["aula", "kamer"]
    assert event.notes == [
        f"{workbook}: sheet 'Zalen', row 4: a row of totals ('Totaal'); left out"]


# What Excel does to cells of the workshops workbook.

def test_a_time_typed_9_30_that_excel_kept_as_9_3_is_half_past_nine(tmp_path: Path) -> None:
    workbook = Workbook()
    rounds = workbook.active
    rounds.title = "Rondes"
    for row in (["Naam", "Datum", "Begin", "Eind"], ["Ochtend", "26-03-2026", 9.3, 10.45],
                ["Middag", "26-03-2026", 13, "14.3"]):
        rounds.append(row)
    workbook.create_sheet("Zalen").append(["Naam", "Capaciteit"])
    workbook["Zalen"].append(["Aula", 40])
    workbook.create_sheet("Workshops").append(["Titel"])
    workbook["Workshops"].append(["Yoga"])
    workbook.save(tmp_path / "event.xlsx")
    rounds_read = read_event(tmp_path / "event.xlsx").instance.rounds
    assert [(str(r.start), str(r.end)) for r in rounds_read] == [
        ("09:30:00", "10:45:00"), ("13:00:00", "14:30:00")]


def test_sessions_that_excel_turned_into_a_date_say_how_to_type_them(tmp_path: Path) -> None:
    workbook = two_round_workbook(tmp_path / "event.xlsx", {
        "Zalen": [["Naam", "Capaciteit"], ["Aula", 40]],
        "Workshops": [["Titel", "Sessies"], ["Yoga", datetime(2026, 2, 1)]],
    })
    with pytest.raises(InputError) as caught:
        read_event(workbook)
    assert str(caught.value) == (
        f"{workbook}: sheet 'Workshops', row 2, column 'Sessies': Excel turned what was "
        "typed here into the date 01-02-2026; type a range as text: '1-2 (with the "
        "apostrophe), or 1 tot 2")
