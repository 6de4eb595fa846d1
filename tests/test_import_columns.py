"""Which column of a registration export is read for what, when headers mislead.

The event is the tiny one of tests/data/imports (see test_importers.py): rounds r1
(Ochtend) and r2 (Middag), workshops cafe-democratie, weerbaar-bestuur and
ondermijning-herkennen.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from test_import_robustness import import_error, write_export
from test_importers import EVENT, event_folder

from scheduler.importers import import_registrations
from scheduler.importers.tables import Row, is_totals_row
from scheduler.importers.titles import TitleMatcher
from scheduler.model import Workshop


def write_workbook(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


# 1. Microsoft Forms puts its own columns before the form's questions.

MS_FORMS_HEADER = ["ID", "Start time", "Completion time", "Email", "Name", "Naam",
                   "E-mailadres", "Keuze ronde 1", "Keuze ronde 2"]


def ms_forms_export(tmp_path: Path) -> Path:
    """Three people who filled in the form anonymously: 'Email' says 'anonymous' and
    'Name' is empty on every row. Ann sent the form in twice; her first form was opened
    later than her second (a tab left open), so only the completion times order them."""
    opened, sent = datetime(2026, 3, 1, 9, 0), datetime(2026, 3, 1, 9, 5)
    return write_workbook(tmp_path / "msforms.xlsx", [
        MS_FORMS_HEADER,
        [1, datetime(2026, 3, 2, 8, 0), datetime(2026, 3, 2, 11, 0), "anonymous", None,
         "Ann", "ann@x.example", "Café Democratie", "Weerbaar bestuur"],
        [2, opened, sent, "anonymous", None, "Bo", "bo@x.example", "Weerbaar bestuur",
         "Café Democratie"],
        [3, datetime(2026, 3, 1, 10, 0), datetime(2026, 3, 2, 10, 0), "anonymous", None,
         "Ann", "ann@x.example", "Ondermijning herkennen", "Café Democratie"],
    ])


def test_the_form_s_own_name_and_address_columns_are_read_not_ms_forms_ones(
        tmp_path: Path) -> None:
    imported = import_registrations(ms_forms_export(tmp_path), EVENT)
    assert imported.report.columns == [
        ("ID", "ignored"),
        ("Start time", "ignored (column 'Completion time' is the registration time: it "
                       "says when the form was sent in)"),
        ("Completion time", "registration time"),
        ("Email", "ignored (column 'E-mailadres' is the e-mail address: 3 of its cells are "
                  "e-mail addresses, 0 of this one's)"),
        ("Name", "ignored (column 'Naam' is the name: 3 of its cells are filled in, 0 of "
                 "this one's)"),
        ("Naam", "name"),
        ("E-mailadres", "e-mail address"),
        ("Keuze ronde 1", "1st choice for round 'Ochtend'"),
        ("Keuze ronde 2", "1st choice for round 'Middag'"),
    ]
    people = [(r.id, r.name, r.email, r.registered_at, r.per_round)
              for r in imported.instance.registrants]
    # Ann's row 2 was sent in last (11:00 on 2 March), although row 4 was opened later.
    assert people == [
        ("r-0001", "Ann", "ann@x.example", datetime(2026, 3, 2, 11, 0),
         {"r1": ["cafe-democratie"], "r2": ["weerbaar-bestuur"]}),
        ("r-0002", "Bo", "bo@x.example", datetime(2026, 3, 1, 9, 5),
         {"r1": ["weerbaar-bestuur"], "r2": ["cafe-democratie"]}),
    ]
    assert imported.report.duplicates == [(2, [4])]


def test_a_value_that_is_no_address_is_read_as_empty_with_a_note(tmp_path: Path) -> None:
    """The only address column says 'anonymous' on two rows: two people, not one."""
    export = write_export(tmp_path, "Naam,Email,1e keuze\n"
                                 "Ann,anonymous,Weerbaar bestuur\n"
                                 "Bo,bo@x.example,Café Democratie\n"
                                 "Cas,anonymous,Café Democratie\n")
    imported = import_registrations(export, EVENT)
    assert [(r.name, r.email) for r in imported.instance.registrants] == [
        ("Ann", ""), ("Bo", "bo@x.example"), ("Cas", "")]
    assert imported.report.notes == [
        "column 'Email', rows 2 and 4: not an e-mail address; read as empty, so these rows "
        "are not taken for one person"]


def test_equally_full_columns_of_one_kind_keep_the_first(tmp_path: Path) -> None:
    export = write_export(tmp_path, "Organisatie,Gemeente,Naam,1e keuze\n"
                                 "Provincie,Ede,Ann,Weerbaar bestuur\n")
    imported = import_registrations(export, EVENT)
    assert imported.report.columns[:2] == [
        ("Organisatie", "organisation"),
        ("Gemeente", "ignored (column 'Organisatie' is the organisation)")]
    assert imported.instance.registrants[0].organisation == "Provincie"


def test_a_column_the_mapping_file_names_beats_a_fuller_one(tmp_path: Path) -> None:
    export = write_export(tmp_path, "Naam,Contact,Werk e-mail,1e keuze\n"
                                 "Ann,ann@home.example,,Weerbaar bestuur\n"
                                 "Bo,bo@home.example,bo@work.example,Café Democratie\n")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("columns:\n  Contact: email\n", encoding="utf-8")
    imported = import_registrations(export, EVENT, mapping)
    assert imported.report.columns[1:3] == [
        ("Contact", "e-mail address"),
        ("Werk e-mail", "ignored (column 'Contact' is the e-mail address, as the mapping "
                        "file says)")]
    assert [r.email for r in imported.instance.registrants] == [
        "ann@home.example", "bo@home.example"]


# 3. A row of totals under the registrations.

def test_a_totals_row_under_the_export_is_no_registrant(tmp_path: Path) -> None:
    """'Som' on row 3 is a person: an address and a choice are more than totals."""
    export = write_workbook(tmp_path / "export.xlsx", [
        ["Naam", "E-mailadres", "1e keuze"],
        ["Ann", "ann@x.example", "Weerbaar bestuur"],
        ["Som", "som@x.example", "Café Democratie"],
        [None, None, None],
        ["TOTAAL:", None, 2],
    ])
    imported = import_registrations(export, EVENT)
    assert [r.name for r in imported.instance.registrants] == ["Ann", "Som"]
    assert imported.report.rows_read == 2
    assert imported.report.notes == [
        "sheet 'Sheet', row 5: a row of totals ('TOTAAL:'); left out"]


@pytest.mark.parametrize(("cells", "totals"), [
    ((None, "Totaal", 470), True),
    (("", "Sum", "=COUNTA(F2:F302)"), True),
    (("Subtotaal", "1.250", "85%"), True),
    (("Totaal", "Totaal"), False),  # Two words: not one label over numbers.
    (("Som", "som@x.example"), False),
    (("Totaal", datetime(2026, 3, 1)), False),
    (("Totaalbeeld",), False),
])
def test_what_makes_a_totals_row(cells: tuple[object, ...], totals: bool) -> None:
    assert is_totals_row(Row(2, cells)) is totals


# 4. A cell that names two workshops.

def test_a_cell_naming_two_workshops_is_refused_with_both_titles(tmp_path: Path) -> None:
    export = write_export(tmp_path, "Naam,Keuze ronde 1,Keuze ronde 2\n"
                                 "Ann,Weerbaar bestuur,Café Democratie\n"
                                 '"Bo","Weerbaar bestuur, Café Democratie",Weerbaar bestuur\n')
    assert import_error(export) == (
        f"{export}: 1 cell names more than one workshop, where a cell holds one choice:\n"
        "  row 3, column 'Keuze ronde 1': 'Weerbaar bestuur' and 'Café Democratie'\n"
        "Keep one workshop per cell, and put further choices in columns of their own "
        "(such as '2e keuze' or 'Ronde 1 - alternatief').")


@pytest.mark.parametrize(("cell", "expected"), [
    ("Yoga voor beginners", ["yoga-basis"]),
    ("Yoga voor beginners (Ann Bos)", ["yoga-basis"]),  # "Yoga" is part of the longer title.
    ("Koken; Yoga", ["koken", "yoga"]),
    ("Yoga voor beginners of koken", ["yoga-basis", "koken"]),
    ("Tekenen", []),
])
def test_the_workshops_a_cell_names(cell: str, expected: list[str]) -> None:
    matcher = TitleMatcher([Workshop(id="yoga", title="Yoga"),
                            Workshop(id="yoga-basis", title="Yoga voor beginners"),
                            Workshop(id="koken", title="Koken")])
    assert matcher.match(cell) == expected


# 5. Audience values that no workshop names.

def test_audience_values_no_workshop_names_are_listed_slips_apart(tmp_path: Path) -> None:
    """Café Democratie is for aldermen only; 'Wethouder a.i.' is no 'wethouder'."""
    (tmp_path / "event").mkdir()
    folder = event_folder(tmp_path / "event", "Titel,Doelgroep\nCafé Democratie,Wethouder\n"
                                              "Weerbaar bestuur,\nOndermijning herkennen,\n")
    export = write_export(tmp_path, "Naam,Functie,1e keuze\n"
                                 "Ann,Raadslid,Weerbaar bestuur\n"
                                 "Bo,Wethouder a.i.,Café Democratie\n"
                                 "Cas,Wethouder,Café Democratie\n"
                                 "Dirk,raadslid; Wethoduer,Weerbaar bestuur\n")
    imported = import_registrations(export, folder)
    assert [r.audiences for r in imported.instance.registrants] == [
        ["raadslid"], ["wethouder-a-i"], ["wethouder"], ["raadslid", "wethoduer"]]
    assert imported.report.notes == [
        "column 'Functie': values close to a workshop's audience (those name 'wethouder') "
        "but not the same; check for a misspelt audience:",
        "  'Wethouder a.i.' (row 3): read as 'wethouder-a-i', close to 'wethouder'",
        "  'Wethoduer' (row 5): read as 'wethoduer', close to 'wethouder'",
    ]


def test_without_workshops_for_an_audience_no_value_is_listed(tmp_path: Path) -> None:
    export = write_export(tmp_path, "Naam,Functie,1e keuze\nAnn,Raadslid,Weerbaar bestuur\n")
    assert import_registrations(export, EVENT).report.notes == []


# 6. Headers that look like choices but are not, or not one each.

def test_a_yes_or_no_question_is_no_choice_column(tmp_path: Path) -> None:
    """'deel' (part) reads like 'Deel 2'; the answers say it is a question."""
    export = write_export(tmp_path, "Naam,Neemt u deel aan de lunch?,Keuze ronde 1,Keuze ronde 2\n"
                                 "Ann,Ja,Weerbaar bestuur,Café Democratie\n"
                                 "Bo,nee,Café Democratie,\n")
    imported = import_registrations(export, EVENT)
    assert imported.report.columns[1] == (
        "Neemt u deel aan de lunch?", "ignored (answers yes or no, so no workshop choices)")
    assert [r.per_round for r in imported.instance.registrants] == [
        {"r1": ["weerbaar-bestuur"], "r2": ["cafe-democratie"]}, {"r1": ["cafe-democratie"]}]


def test_two_columns_read_as_the_same_choice_stop_the_import(tmp_path: Path) -> None:
    """'ochtend' and 'middag' are no round labels of an event whose rounds are called
    otherwise, so both headers read as a first choice."""
    export = write_export(tmp_path, "Naam,Welke workshop in blok A?,Welke workshop in blok B?\n"
                                 "Ann,Weerbaar bestuur,Café Democratie\n")
    assert import_error(export) == (
        f"{export}: columns 'Welke workshop in blok A?' and 'Welke workshop in blok B?' are "
        "each read as the 1st choice; in a mapping file (--mapping), give each its round "
        "('Welke workshop in blok A?': {round: 1}) or its rank in one list ('Welke workshop "
        "in blok B?': {rank: 2})")


def test_headers_naming_the_round_labels_are_a_round_each(tmp_path: Path) -> None:
    export = write_export(tmp_path, "Naam,Welke workshop in de ochtend?,Welke workshop in de "
                                 "middag?\nAnn,Weerbaar bestuur,Café Democratie\n")
    imported = import_registrations(export, EVENT)
    assert imported.instance.registrants[0].per_round == {
        "r1": ["weerbaar-bestuur"], "r2": ["cafe-democratie"]}


def test_a_number_wanted_beside_choices_per_round_says_why_it_is_not_read(
        tmp_path: Path) -> None:
    export = write_export(tmp_path, "Naam,Aantal workshops,Keuze ronde 1,Keuze ronde 2\n"
                                 "Ann,1,Weerbaar bestuur,Café Democratie\n")
    imported = import_registrations(export, EVENT)
    assert imported.report.columns[1] == (
        "Aantal workshops", "ignored (a number of workshops wanted: with choices per round, "
                            "every round with a choice is wanted)")
    assert imported.instance.registrants[0].per_round == {
        "r1": ["weerbaar-bestuur"], "r2": ["cafe-democratie"]}


# 7. What Excel does to files and cells.

def test_excel_unicode_text_is_read(tmp_path: Path) -> None:
    """Excel's "Unicode text": UTF-16 with a byte order mark, tab-separated."""
    export = tmp_path / "export.txt"
    export.write_bytes("Naam\tOrganisatie\t1e keuze\r\nZoë\tGemeente Ede\tCafé Democratie\r\n"
                       .encode("utf-16"))
    registrant = import_registrations(export, EVENT).instance.registrants[0]
    assert (registrant.name, registrant.organisation, registrant.ranked) == (
        "Zoë", "Gemeente Ede", ["cafe-democratie"])


def test_excel_s_separator_hint_line_is_not_the_header(tmp_path: Path) -> None:
    """Excel hides the 'sep=;' line, so the header is row 1 and Bo is on row 3."""
    export = write_export(tmp_path, "sep=;\nNaam;1e keuze\nAnn;Weerbaar bestuur\n"
                                 "Bo;Yoga\n")
    assert import_error(export).startswith(
        f"{export}: row 3: 1 workshop title matches no workshop:\n  'Yoga' (row 3, column "
        "'1e keuze')")


def test_rows_a_filter_hides_are_read_with_a_note(tmp_path: Path) -> None:
    export = write_workbook(tmp_path / "export.xlsx", [
        ["Naam", "1e keuze"], ["Ann", "Café Democratie"], ["Bo", "Weerbaar bestuur"],
        ["Cas", "Café Democratie"], ["Dirk", "Weerbaar bestuur"]])
    workbook = load_workbook(export)
    for row in (3, 5):
        workbook.active.row_dimensions[row].hidden = True
    workbook.active.auto_filter.ref = "A1:B5"
    workbook.save(export)
    imported = import_registrations(export, EVENT)
    assert [r.name for r in imported.instance.registrants] == ["Ann", "Bo", "Cas", "Dirk"]
    assert imported.report.notes == [
        "sheet 'Sheet', rows 3 and 5: hidden in the workbook (filtered out, say), and read "
        "like the other rows; delete them from the export if they should not count"]


def test_a_sheet_in_the_mapping_file_for_a_csv_export_gets_a_note(tmp_path: Path) -> None:
    export = write_export(tmp_path, "Naam,1e keuze\nAnn,Café Democratie\n")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("sheet: Formulierreacties 1\n", encoding="utf-8")
    imported = import_registrations(export, EVENT, mapping)
    assert imported.report.notes == [
        f"{mapping}: sheet: 'Formulierreacties 1' is not used: {export} is a CSV file, "
        "which has no sheets"]
