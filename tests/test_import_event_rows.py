"""Rows of a workshops workbook that clash with each other: a title or an id written
twice, rounds that overlap. Each error names the sheet and every row involved."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from test_import_event_columns import two_round_workbook
from test_import_robustness import event_error
from test_importers import event_folder

ROOMS = [["Naam", "Capaciteit"], ["Aula", 40], ["Kamer", 10]]


def test_two_workshops_with_one_title_in_other_case_and_accents_stop_the_import(
        tmp_path: Path) -> None:
    """Without an Id the second row got an id of its own, and every choice of the title."""
    workbook = two_round_workbook(tmp_path / "event.xlsx", {
        "Zalen": ROOMS,
        "Workshops": [["Id", "Titel"], ["cafe", "Café Democratie"], [None, "Yoga"],
                      [None, "cafe democratie"]],
    })
    assert event_error(workbook) == (
        f"{workbook}: sheet 'Workshops', rows 2 and 4: 2 workshops have the title 'Café "
        "Democratie' (ids 'cafe' and 'cafe-democratie'); registrants choose by title, so "
        "one would get every choice. Keep one row (a workshop that runs more than once "
        "says so under 'Sessies'), or give each a title of its own")


def test_a_title_used_twice_in_a_csv_folder_names_the_rows(tmp_path: Path) -> None:
    folder = event_folder(tmp_path, "Titel\nYoga\nKoken\nYoga\n")
    assert event_error(folder) == (
        f"{folder / 'workshops.csv'}: rows 2 and 4: 2 workshops have the title 'Yoga' "
        "(ids 'yoga' and 'yoga'); registrants choose by title, so one would get every "
        "choice. Keep one row (a workshop that runs more than once says so under "
        "'Sessies'), or give each a title of its own")


def test_a_workshop_id_used_twice_names_the_sheet_and_both_rows(tmp_path: Path) -> None:
    workbook = two_round_workbook(tmp_path / "event.xlsx", {
        "Zalen": ROOMS,
        "Workshops": [["Id", "Titel"], ["yoga", "Yoga"], ["koken", "Koken"],
                      ["yoga", "Tekenen"]],
    })
    assert event_error(workbook) == (
        f"{workbook}: sheet 'Workshops', rows 2 and 4: workshop id 'yoga' is used 2 times")


def test_two_rooms_whose_names_make_one_id_name_both_rows(tmp_path: Path) -> None:
    workbook = two_round_workbook(tmp_path / "event.xlsx", {
        "Zalen": [["Naam", "Capaciteit"], ["Aula", 40], ["Kamer", 10], ["AULA", 30]],
        "Workshops": [["Titel"], ["Yoga"]],
    })
    assert event_error(workbook) == (
        f"{workbook}: sheet 'Zalen', rows 2 and 4: room id 'aula' is used 2 times")


def overlapping_rounds(path: Path) -> Path:
    workbook = Workbook()
    sheets = {
        "Rondes": [["Id", "Datum", "Begin", "Eind"], ["opening", "26-03-2026", "09:30", "10:30"],
                   ["middag", "26-03-2026", "13:00", "14:00"],
                   ["ronde-1", "26-03-2026", "10:00", "12:00"]],
        "Zalen": ROOMS,
        "Workshops": [["Titel"], ["Yoga"]],
    }
    workbook.active.title = "Rondes"
    for title, rows in sheets.items():
        sheet = workbook[title] if title in workbook.sheetnames else workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def test_overlapping_rounds_name_the_sheet_and_both_rows(tmp_path: Path) -> None:
    workbook = overlapping_rounds(tmp_path / "event.xlsx")
    assert event_error(workbook) == (
        f"{workbook}: sheet 'Rondes', rows 2 and 4: round 'ronde-1' overlaps round 'opening' "
        "on 2026-03-26 ('opening' ends 10:30, 'ronde-1' starts 10:00)")


def test_a_problem_the_instance_finds_names_its_sheet_row_and_column(tmp_path: Path) -> None:
    """Two plenaries in one round: a rule of the instance, placed in the sheet."""
    workbook = two_round_workbook(tmp_path / "event.xlsx", {
        "Zalen": ROOMS,
        "Workshops": [["Titel"], ["Yoga"]],
        "Plenair": [["Titel", "Ronde", "Zaal"], ["Opening", "Ochtend", "Aula"],
                    ["Keynote", "Ochtend", "Kamer"]],
    })
    assert event_error(workbook) == (
        f"{workbook}: sheet 'Plenair', row 3, column 'Ronde': plenary 'keynote': round "
        "'ochtend' already holds plenary 'opening'")
