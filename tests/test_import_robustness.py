"""Bad or doubtful input to the registration and workshops importers.

Each case either stops the import with an error that names the file, the sheet or row
and the column, or imports and leaves a note in the report for the organiser to check.
The event is the tiny one of tests/data/imports (see test_importers.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from test_importers import DATA, EVENT, event_folder, one_round_workbook

from cli.main import cli
from scheduler.errors import InputError
from scheduler.importers import import_registrations, load_event
from scheduler.importers.event import read_event
from scheduler.importers.text import quoted_list
from scheduler.instance_io import dump_json


def import_error(export: Path, workshops: Path = EVENT) -> str:
    with pytest.raises(InputError) as caught:
        import_registrations(export, workshops)
    return str(caught.value)


def event_error(workshops: Path) -> str:
    with pytest.raises(InputError) as caught:
        load_event(workshops)
    return str(caught.value)


def write_export(tmp_path: Path, content: str) -> Path:
    export = tmp_path / "export.csv"
    export.write_text(content, encoding="utf-8")
    return export


def add_speakers_sheet(path: Path, names: list[str]) -> None:
    """Give a workbook made by `one_round_workbook` a Sprekers sheet of `names`."""
    workbook = load_workbook(path)
    sheet = workbook.create_sheet("Sprekers")
    sheet.append(["Naam"])
    for name in names:
        sheet.append([name])
    workbook.save(path)


# 1. A workshops table with a header but no rows.

def test_a_workshops_sheet_with_only_a_header_names_the_file_and_sheet(
        tmp_path: Path) -> None:
    workbook = tmp_path / "event.xlsx"
    one_round_workbook(workbook, 10, [["Titel", "Sprekers"]])
    expected = (f"{workbook}: sheet 'Workshops': the sheet has a header but no rows, so "
                "the event has no workshops")
    assert event_error(workbook) == expected
    # The import used to get as far as matching titles and crash there.
    assert import_error(DATA / "en-ranked.csv", workbook) == expected


def test_a_workshops_csv_with_only_a_header_names_the_file(tmp_path: Path) -> None:
    folder = event_folder(tmp_path, "Titel,Sprekers\n")
    assert import_error(DATA / "en-ranked.csv", folder) == (
        f"{folder / 'workshops.csv'}: the file has a header but no rows, so the event has "
        "no workshops")


def test_an_instance_file_without_workshops_is_no_event_to_import_for(
        tmp_path: Path) -> None:
    event = tmp_path / "event.json"
    event.write_text(dump_json(load_event(EVENT).model_copy(update={"workshops": []})),
                     encoding="utf-8")
    assert import_error(DATA / "en-ranked.csv", event) == (
        f"{event}: the event has no workshops to choose from")


def test_the_import_command_reports_an_empty_workshops_sheet_without_a_traceback(
        tmp_path: Path) -> None:
    workbook = tmp_path / "event.xlsx"
    one_round_workbook(workbook, 10, [["Titel"]])
    result = CliRunner().invoke(cli, ["import", str(DATA / "en-ranked.csv"), "--workshops",
                                      str(workbook), "--out", str(tmp_path / "x.json")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {workbook}: sheet 'Workshops': ")
    assert "Traceback" not in result.output


def test_quoted_list_of_nothing_is_empty() -> None:
    assert quoted_list([]) == ""
    assert quoted_list([], 8) == ""


# 2. One e-mail address on several rows.

def test_rows_sharing_an_address_but_not_a_name_are_different_people(tmp_path: Path) -> None:
    """Ann registers twice (rows 2 and 4, the second time in capitals); Bo uses her
    address (row 3): two people, Ann's latest row counts."""
    export = write_export(tmp_path, "Naam,E-mail,1e keuze\n"
                                    "Ann de Wit,ann@x.example,Weerbaar bestuur\n"
                                    "Bo Bos,ann@x.example,Café Democratie\n"
                                    "ANN  DE WIT,Ann@X.example,Ondermijning herkennen\n")
    imported = import_registrations(export, EVENT)
    assert [(r.id, r.name, r.ranked) for r in imported.instance.registrants] == [
        ("r-0001", "ANN DE WIT", ["ondermijning-herkennen"]),
        ("r-0002", "Bo Bos", ["cafe-democratie"])]
    assert imported.report.duplicates == [(4, [2])]
    assert imported.report.notes == [
        "rows 2, 3 and 4 share the e-mail address but not the name: taken as 2 people"]


def test_a_row_without_a_name_belongs_to_the_one_person_at_its_address(
        tmp_path: Path) -> None:
    export = write_export(tmp_path, "Naam,E-mail,1e keuze\n"
                                    "Ann,ann@x.example,Weerbaar bestuur\n"
                                    ",ann@x.example,Café Democratie\n")
    imported = import_registrations(export, EVENT)
    assert [(r.name, r.ranked) for r in imported.instance.registrants] == [
        ("", ["cafe-democratie"])]
    assert imported.report.duplicates == [(3, [2])]
    assert imported.report.notes == []


# 3. A speaker's name misspelt on the workshops sheet.

def test_a_new_speaker_close_to_a_listed_one_leaves_a_note(tmp_path: Path) -> None:
    workbook = tmp_path / "event.xlsx"
    one_round_workbook(workbook, 10, [["Titel", "Sprekers"], ["Yoga", "Claudia Hazelaar"],
                                      ["Koken", "Claudia Hazelar; Piet Bos"]])
    add_speakers_sheet(workbook, ["Claudia Hazelaar"])
    event = read_event(workbook)
    assert [s.name for s in event.instance.speakers] == [
        "Claudia Hazelaar", "Claudia Hazelar", "Piet Bos"]
    assert event.notes == [
        f"{workbook}: sheet 'Workshops', row 3, column 'Sprekers': 'Claudia Hazelar' is not "
        "on the Sprekers sheet; taken as a new speaker (did you mean 'Claudia Hazelaar'?)"]


def speaker_typo_folder(tmp_path: Path) -> Path:
    """The tiny event with a speakers list, and 'Ane de Wit' for 'Anne de Wit' on row 4."""
    folder = event_folder(tmp_path, "Titel,Sprekers\nCafé Democratie,Anne de Wit\n"
                                    "Weerbaar bestuur,Bram Bos\n"
                                    "Ondermijning herkennen,Ane de Wit\n")
    (folder / "sprekers.csv").write_text("Naam\nAnne de Wit\nBram Bos\n", encoding="utf-8")
    return folder


def speaker_typo_note(folder: Path) -> str:
    return (f"{folder / 'workshops.csv'}: row 4, column 'Sprekers': 'Ane de Wit' is not on "
            "sprekers.csv; taken as a new speaker (did you mean 'Anne de Wit'?)")


def test_import_and_solve_print_the_speaker_note(tmp_path: Path) -> None:
    (tmp_path / "event").mkdir()
    folder = speaker_typo_folder(tmp_path / "event")
    imported = import_registrations(DATA / "nl-per-round.csv", folder)
    assert speaker_typo_note(folder) in imported.report.notes

    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(DATA / "nl-per-round.csv"), "--workshops",
                                 str(folder), "--out", str(tmp_path / "x.json")])
    assert result.exit_code == 0, result.output
    assert speaker_typo_note(folder) in result.stdout.splitlines()

    result = runner.invoke(cli, ["solve", str(DATA / "nl-per-round.csv"), "--workshops",
                                 str(folder), "--out", str(tmp_path / "plan"),
                                 "--time-limit", "10", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert speaker_typo_note(folder) in result.stderr.splitlines()


def test_names_written_alike_or_far_apart_leave_no_note(tmp_path: Path) -> None:
    workbook = tmp_path / "event.xlsx"
    one_round_workbook(workbook, 10, [["Titel", "Sprekers"], ["Yoga", "claudia  HAZELAAR"],
                                      ["Koken", "Piet Bos"]])
    add_speakers_sheet(workbook, ["Claudia Hazelaar"])
    event = read_event(workbook)
    assert event.notes == []
    assert [s.name for s in event.instance.speakers] == ["Claudia Hazelaar", "Piet Bos"]


# 4. A workshop row without a title.

@pytest.mark.parametrize("rows", [
    [["Titel", "Sprekers"], ["Yoga", "Ann"], [None, "Bo"]],
    # An id alone would become the title in the programme: still a row half filled in.
    [["Id", "Titel", "Sprekers"], ["yoga", "Yoga", "Ann"], ["koken", None, "Bo"]],
])
def test_a_workshop_without_a_title_names_its_row_and_column(
        tmp_path: Path, rows: list[list[object]]) -> None:
    workbook = tmp_path / "event.xlsx"
    one_round_workbook(workbook, 10, rows)
    assert event_error(workbook) == (
        f"{workbook}: sheet 'Workshops', row 3, column 'Titel': a workshop needs a title")


# 5. Negative and zero counts.

@pytest.mark.parametrize(("capacity", "workshops", "place", "message"), [
    (-5, [["Titel"], ["Yoga"]], "sheet 'Zalen', row 2, column 'Capaciteit'",
     "must be a whole number of 1 or more, not '-5'"),
    ("0", [["Titel"], ["Yoga"]], "sheet 'Zalen', row 2, column 'Capaciteit'",
     "must be a whole number of 1 or more, not '0'"),
    (10, [["Titel", "Max"], ["Yoga", -10]], "sheet 'Workshops', row 2, column 'Max'",
     "must be a whole number of 1 or more, not '-10'"),
    (10, [["Titel", "Min"], ["Yoga", "-1"]], "sheet 'Workshops', row 2, column 'Min'",
     "must be a whole number of 0 or more, not '-1'"),
    (10, [["Titel", "Duur"], ["Yoga", 0]], "sheet 'Workshops', row 2, column 'Duur'",
     "must be a whole number of 1 or more, not '0'"),
])
def test_a_count_below_its_least_says_the_least(tmp_path: Path, capacity: object,
                                                workshops: list[list[object]], place: str,
                                                message: str) -> None:
    workbook = tmp_path / "event.xlsx"
    one_round_workbook(workbook, capacity, workshops)
    assert event_error(workbook) == f"{workbook}: {place}: {message}"


def test_a_negative_number_of_workshops_wanted(tmp_path: Path) -> None:
    export = write_export(tmp_path, "Naam,Aantal workshops,1e keuze\n"
                                    "Ann,-1,Weerbaar bestuur\n")
    assert import_error(export) == (
        f"{export}: row 2, column 'Aantal workshops': must be a whole number of workshops, "
        "0 or more, not '-1'")


# 6. A registration without a name or an e-mail address.

@pytest.mark.parametrize(("header", "row", "column"), [
    ("Naam,E-mail,1e keuze", ",,Café Democratie", "Naam"),
    ("Voornaam,Achternaam,E-mailadres,1e keuze", ",,,Café Democratie", "Voornaam"),
])
def test_choices_without_a_name_or_address_name_the_row_and_name_column(
        tmp_path: Path, header: str, row: str, column: str) -> None:
    first = "Ann,ann@x.example,Weerbaar bestuur" if column == "Naam" else \
        "Ann,Bos,ann@x.example,Weerbaar bestuur"
    export = write_export(tmp_path, f"{header}\n{first}\n{row}\n")
    assert import_error(export) == (
        f"{export}: row 3, column '{column}': has workshop choices but neither a name nor "
        "an e-mail address")


def test_a_row_with_only_a_remark_is_still_skipped(tmp_path: Path) -> None:
    export = write_export(tmp_path, "Naam,1e keuze,Opmerkingen\nAnn,Weerbaar bestuur,\n"
                                    ",,Ik kom met de trein\n")
    imported = import_registrations(export, EVENT)
    assert len(imported.instance.registrants) == 1
    assert imported.report.notes == ["row 3: no name, e-mail address or choice; skipped"]


def test_a_registration_export_given_as_the_workshops_says_what_is_wanted(
    tmp_path: Path,
) -> None:
    export = write_export(tmp_path, "Naam;E-mail;Workshop\nAnna;anna@x.org;Archives\n")
    assert event_error(export) == (
        f"{export}: one CSV file cannot hold the rounds, rooms and workshops: give a "
        "workbook (.xlsx) with those sheets, or a folder of CSV files (rondes.csv, "
        f"zalen.csv, workshops.csv); {tmp_path} has no such files")


def test_import_into_a_folder_names_the_file_to_write(tmp_path: Path) -> None:
    export = write_export(tmp_path, "Naam;E-mail;Workshop\nAnna;anna@x.org;Archives\n")
    result = CliRunner().invoke(cli, ["import", str(export), "--workshops", str(EVENT),
                                      "--out", str(tmp_path), "--force"])
    assert (result.exit_code, result.stderr) == (2, (
        f"error: {tmp_path} is a folder; name the instance file to write, such as "
        f"{tmp_path / 'instance.json'}\n"))


def test_an_unmatched_title_on_many_rows_lists_the_first_ten(tmp_path: Path) -> None:
    rows = "".join(f"P{n};p{n}@x.org;Yoga\n" for n in range(30))
    message = import_error(write_export(tmp_path, "Naam;E-mail;1e keuze\n" + rows))
    assert ("  'Yoga' (rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 20 more, column '1e keuze'); "
            "closest: none close\n") in message
    assert message.startswith(f"{tmp_path / 'export.csv'}: rows 2, 3, 4, 5, 6, 7, 8, 9, 10, "
                              "11 and 20 more: 1 workshop title")


def test_registrations_on_a_later_sheet_than_an_empty_first_are_read(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Blad1"
    sheet = workbook.create_sheet("Inschrijvingen")
    sheet.append(["Naam", "E-mail", "1e keuze"])
    sheet.append(["Anna", "anna@x.org", "Weerbaar bestuur"])
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    imported = import_registrations(path, EVENT)
    assert [r.name for r in imported.instance.registrants] == ["Anna"]


@pytest.mark.parametrize(("sheet", "header", "row", "message"), [
    ("Sprekers", ["Naam", "Afwezig"], ["", "Ochtend"], "'Naam': a speaker needs a name"),
    ("Plenair", ["Titel", "Ronde", "Zaal"], ["", "Ochtend", "Aula"],
     "'Titel': a plenary session needs a title"),
])
def test_a_speaker_or_plenary_without_a_name_names_its_row(
    tmp_path: Path, sheet: str, header: list[str], row: list[str], message: str
) -> None:
    path = tmp_path / "event.xlsx"
    one_round_workbook(path, 40, [["Titel"], ["Yoga"]])
    workbook = load_workbook(path)
    extra = workbook.create_sheet(sheet)
    extra.append(header)
    extra.append(row)
    workbook.save(path)
    assert event_error(path) == f"{path}: sheet '{sheet}', row 2, column {message}"


@pytest.mark.parametrize(("separator", "expected"), [(";", ";"), (",", ","), ("\t", ",")])
def test_the_files_written_take_the_exports_separator(
    tmp_path: Path, separator: str, expected: str
) -> None:
    """An export with ';' comes from software set up for Excel in Dutch, which splits
    only ';' into columns: the CSV files written for the organiser use it too."""
    header = separator.join(["Naam", "E-mail", "1e keuze"])
    row = separator.join(["Anna", "anna@x.org", "Weerbaar bestuur"])
    export = write_export(tmp_path, f"{header}\n{row}\n")
    instance = import_registrations(export, EVENT).instance
    assert instance.settings.csv_separator == expected
