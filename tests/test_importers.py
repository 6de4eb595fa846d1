"""Importing registration exports: header styles, titles, duplicates, times, errors.

The exports in tests/data/imports/ are for the tiny event in its workshops/ folder:
rounds r1 (Ochtend) and r2 (Middag); workshops cafe-democratie, weerbaar-bestuur and
ondermijning-herkennen (morning only). Its README says what each file holds.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from scheduler.errors import InputError
from scheduler.importers import import_registrations, load_event
from scheduler.importers.timestamps import NotATimestamp, parse_column

DATA = Path(__file__).parent / "data" / "imports"
EVENT = DATA / "workshops"


def registrants(name: str, mapping: str | None = None) -> list[dict]:
    imported = import_registrations(DATA / name, EVENT, DATA / mapping if mapping else None)
    return [r.model_dump(exclude_defaults=True) for r in imported.instance.registrants]


def test_the_workshops_folder_gives_ids_speakers_and_allowed_rounds() -> None:
    event = load_event(EVENT)
    assert [(r.id, r.label, str(r.start)) for r in event.rounds] == [
        ("r1", "Ochtend", "10:00:00"), ("r2", "Middag", "13:00:00")]
    assert [(r.id, r.capacity, r.features) for r in event.rooms] == [
        ("aula", 10, ["step-free"]), ("kamer", 4, [])]
    assert [(w.id, w.speakers, w.max_size, w.rounds) for w in event.workshops] == [
        ("cafe-democratie", ["sp-anne-de-wit"], None, None),
        ("weerbaar-bestuur", ["sp-bram-bos"], None, None),
        ("ondermijning-herkennen", ["sp-anne-de-wit"], 3, ["r1"]),
    ]
    assert [(s.id, s.name) for s in event.speakers] == [
        ("sp-anne-de-wit", "Anne de Wit"), ("sp-bram-bos", "Bram Bos")]
    assert event.registrants == []


def test_dutch_headers_with_a_choice_per_round() -> None:
    """Semicolons, Windows-1252 (the é of Café), day-first times, titles in other case
    and spacing; Lotte's second registration replaces her first, in her first place."""
    imported = import_registrations(DATA / "nl-per-round.csv", EVENT)
    assert [r.model_dump(exclude_defaults=True) for r in imported.instance.registrants] == [
        {"id": "r-0001", "name": "Lotte de Vries", "email": "LOTTE@zwolle.example",
         "organisation": "Gemeente Zwolle", "audiences": ["raadslid"],
         "registered_at": datetime(2026, 11, 23, 9, 0, 5),
         "per_round": {"r1": ["ondermijning-herkennen"], "r2": ["weerbaar-bestuur"]}},
        {"id": "r-0002", "name": "Bram Jansen", "email": "bram@ede.example",
         "organisation": "Gemeente Ede", "audiences": ["burgemeester"],
         "registered_at": datetime(2026, 11, 22, 15, 10),
         "per_round": {"r1": ["ondermijning-herkennen"], "r2": ["cafe-democratie"]}},
    ]
    assert imported.report.duplicates == [(5, [2])]
    assert imported.report.columns == [
        ("Tijdstempel", "registration time"), ("Naam", "name"),
        ("E-mailadres", "e-mail address"), ("Organisatie", "organisation"),
        ("Functie", "audience (role)"),
        ("Keuze ronde 1", "1st choice for round 'Ochtend'"),
        ("Keuze ronde 2", "1st choice for round 'Middag'"), ("Opmerkingen", "ignored"),
    ]
    assert "  row 5 kept, row 2 left out" in imported.report.lines()


def test_english_headers_with_ranked_choices() -> None:
    """Google Forms style, UTF-8 with BOM, ISO times, a quoted comma in a cell."""
    assert registrants("en-ranked.csv") == [
        {"id": "r-0001", "name": "Sam Smit", "email": "sam@x.example",
         "organisation": "Smit, Bos & Co", "registered_at": datetime(2026, 11, 22, 14, 3, 11),
         "ranked": ["weerbaar-bestuur", "cafe-democratie", "ondermijning-herkennen"]},
        {"id": "r-0002", "name": "Noor Bakker", "email": "noor@x.example",
         "organisation": "Provincie", "registered_at": datetime(2026, 11, 22, 16, 45),
         "ranked": ["ondermijning-herkennen"]},
    ]


def test_split_names_tabs_and_excel_serial_times() -> None:
    """"geen voorkeur" is no choice, so Eva's 2nd choice is her only one."""
    assert registrants("nl-ranked-split-names.tsv") == [
        {"id": "r-0001", "name": "Jan van den Berg", "first_name": "Jan",
         "email": "jan@x.example", "registered_at": datetime(2026, 11, 22, 14, 4, 51),
         "ranked": ["ondermijning-herkennen", "weerbaar-bestuur"]},
        {"id": "r-0002", "name": "Eva Mertens", "first_name": "Eva", "email": "eva@x.example",
         "registered_at": datetime(2026, 11, 23), "ranked": ["cafe-democratie"]},
        # The first names are kept apart, so door lists need not guess where the
        # surname starts.
        {"id": "r-0003", "name": "Maria José García López", "first_name": "Maria José",
         "email": "maria@x.example", "registered_at": datetime(2026, 11, 23, 6),
         "ranked": ["weerbaar-bestuur"]},
    ]


def test_roman_round_numbers_and_alternatives() -> None:
    assert registrants("nl-roman-rounds.csv") == [
        {"id": "r-0001", "name": "Pim Prins", "email": "pim@x.example",
         "per_round": {"r1": ["ondermijning-herkennen", "cafe-democratie"],
                       "r2": ["weerbaar-bestuur"]}},
        {"id": "r-0002", "name": "Ilse Kok", "email": "ilse@x.example",
         "per_round": {"r1": ["cafe-democratie"]}},
    ]


def test_a_mapping_file_names_what_no_header_says() -> None:
    imported = import_registrations(DATA / "odd-headers.csv", EVENT,
                                    DATA / "odd-headers-mapping.yaml")
    assert [r.model_dump(exclude_defaults=True) for r in imported.instance.registrants] == [
        {"id": "r-0001", "name": "Kim Kooij", "email": "kim@x.example",
         "per_round": {"r1": ["ondermijning-herkennen"], "r2": ["cafe-democratie"]}},
    ]
    assert imported.report.columns[-1] == ("Notitie", "ignored")


def test_an_xlsx_export_with_date_cells_text_and_serial_numbers(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Tijdstempel", "Naam", "E-mailadres", "1e keuze", "2e keuze"])
    sheet.append([datetime(2026, 11, 22, 14, 3, 11), "Ann Aa", "ann@x.example",
                  "Weerbaar bestuur", None])
    sheet.append([46348.5, "Bo Bee", "bo@x.example", "Café Democratie",
                  "Ondermijning herkennen"])
    sheet.append([None, None, None, None, None])
    sheet.append(["22-11-2026 14:03:11", "Cy Cee", "cy@x.example", "weerbaar bestuur", None])
    workbook.save(tmp_path / "export.xlsx")
    imported = import_registrations(tmp_path / "export.xlsx", EVENT)
    assert [(r.id, r.registered_at, r.ranked) for r in imported.instance.registrants] == [
        ("r-0001", datetime(2026, 11, 22, 14, 3, 11), ["weerbaar-bestuur"]),
        ("r-0002", datetime(2026, 11, 22, 12, 0), ["cafe-democratie", "ondermijning-herkennen"]),
        ("r-0003", datetime(2026, 11, 22, 14, 3, 11), ["weerbaar-bestuur"]),
    ]


def test_every_unmatched_title_is_listed_with_its_rows_and_closest_titles() -> None:
    with pytest.raises(InputError) as caught:
        import_registrations(DATA / "unmatched-titles.csv", EVENT)
    error = caught.value
    assert error.path == str(DATA / "unmatched-titles.csv")
    assert error.place == "rows 2, 3 and 4"
    assert error.message == (
        "2 workshop titles match no workshop:\n"
        "  'Ondermijnen herkennen' (rows 2 and 4, columns '1e keuze' and '2e keuze'); "
        "closest: 'Ondermijning herkennen'\n"
        "  'Yoga op de werkvloer' (row 3, column '1e keuze'); closest: none close\n"
        "The workshops are 'Café Democratie', 'Weerbaar bestuur' and 'Ondermijning "
        "herkennen'.\n"
        "Correct them in the export, or map each to a workshop under 'titles:' in a mapping "
        "file (--mapping)."
    )


def test_a_titles_mapping_resolves_an_old_title(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("titles:\n  Ondermijnen herkennen: ondermijning-herkennen\n"
                       "  Yoga op de werkvloer: Café Democratie\n", encoding="utf-8")
    imported = import_registrations(DATA / "unmatched-titles.csv", EVENT, mapping)
    assert [r.ranked for r in imported.instance.registrants] == [
        ["ondermijning-herkennen", "weerbaar-bestuur"],
        ["cafe-democratie", "weerbaar-bestuur"],
        ["weerbaar-bestuur", "ondermijning-herkennen"],
    ]


def test_duplicates_keep_the_latest_by_time_not_by_row(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "Tijdstempel,Naam,E-mail,1e keuze\n"
        "22-11-2026 10:00:00,Ann,ann@x.example,Weerbaar bestuur\n"
        "22-11-2026 09:00:00,Bo,bo@x.example,Weerbaar bestuur\n"
        "22-11-2026 12:00:00,Ann,Ann@X.example,Café Democratie\n"
        "22-11-2026 11:00:00,Ann,ann@x.example,Ondermijning herkennen\n",
        encoding="utf-8")
    imported = import_registrations(export, EVENT)
    assert [(r.id, r.name, r.ranked) for r in imported.instance.registrants] == [
        ("r-0001", "Ann", ["cafe-democratie"]), ("r-0002", "Bo", ["weerbaar-bestuur"])]
    assert imported.report.duplicates == [(4, [2, 5])]


@pytest.mark.parametrize(("text", "expected"), [
    ("22-11-2026 14:03:11", datetime(2026, 11, 22, 14, 3, 11)),
    ("22-11-2026 14:03", datetime(2026, 11, 22, 14, 3)),
    ("22/11/2026 14:03:11", datetime(2026, 11, 22, 14, 3, 11)),
    ("22.11.2026", datetime(2026, 11, 22)),
    ("2026-11-22T14:03:11", datetime(2026, 11, 22, 14, 3, 11)),
    ("2026-11-22 14:03:11.250", datetime(2026, 11, 22, 14, 3, 11)),
    ("2026-11-22T14:03:11+01:00", datetime(2026, 11, 22, 14, 3, 11)),
    ("2026-11-22T13:03:11Z", datetime(2026, 11, 22, 13, 3, 11)),
    ("2026/11/22 14:03:11", datetime(2026, 11, 22, 14, 3, 11)),
    ("46348.5867", datetime(2026, 11, 22, 14, 4, 51)),
    (46348.5867, datetime(2026, 11, 22, 14, 4, 51)),
    (46348, datetime(2026, 11, 22)),
    (datetime(2026, 11, 22, 14, 3, 11, 999), datetime(2026, 11, 22, 14, 3, 11)),
])
def test_timestamp_formats(text: object, expected: datetime) -> None:
    assert parse_column([text]) == [expected]


def test_slashes_are_day_first_unless_the_column_shows_month_first() -> None:
    assert parse_column(["01/02/2026 10:00"]) == [datetime(2026, 2, 1, 10)]
    assert parse_column(["01/02/2026 10:00", "11/22/2026 2:03:11 PM"]) == [
        datetime(2026, 1, 2, 10), datetime(2026, 11, 22, 14, 3, 11)]


@pytest.mark.parametrize("text", ["31-02-2026 10:00", "morgen", "12", 99999999.0])
def test_values_that_are_no_time(text: object) -> None:
    with pytest.raises(NotATimestamp):
        parse_column([text])


def test_a_bad_time_names_its_row_and_column(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text("Naam,Tijdstempel,1e keuze\nAnn,22-11-2026 10:00,Weerbaar bestuur\n"
                      "Bo,gisteren,Weerbaar bestuur\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_registrations(export, EVENT)
    assert str(caught.value) == (
        f"{export}: row 3, column 'Tijdstempel': 'gisteren' is not a date and time (expected "
        "a value like 22-11-2026 14:03:11, 2026-11-22T14:03:11 or an Excel date number)")


@pytest.mark.parametrize(("content", "message"), [
    # CSV text under an .xlsx name.
    (b"Naam,1e keuze\nAnn,Weerbaar bestuur\n",
     "the name says .xlsx, but this is not an Excel workbook (it looks like CSV or text); "
     "save it as .xlsx, or rename it to .csv if it is CSV"),
    # An old binary .xls renamed.
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
     "this is an old-style Excel file (.xls) or another binary format, not .xlsx; save it "
     "as .xlsx or CSV"),
    # A zip that is not a workbook.
    (b"PK\x05\x06" + b"\x00" * 18,
     "not a readable Excel workbook (File is not a zip file)"),
])
def test_a_file_that_says_xlsx_but_is_not_one(tmp_path: Path, content: bytes,
                                              message: str) -> None:
    export = tmp_path / "export.xlsx"
    export.write_bytes(content)
    with pytest.raises(InputError) as caught:
        import_registrations(export, EVENT)
    assert caught.value.message.startswith(message.split(" (")[0])
    assert caught.value.path == str(export)


def test_the_shipped_not_a_workbook_example() -> None:
    with pytest.raises(InputError, match="the name says .xlsx, but this is not an Excel"):
        import_registrations(DATA / "not-a-workbook.xlsx", EVENT)


def test_undecodable_csv(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    # 0x81 is undefined in Windows-1252 and not UTF-8 either.
    export.write_bytes(b"Naam,1e keuze\nAnn \x81,Weerbaar bestuur\n")
    with pytest.raises(InputError) as caught:
        import_registrations(export, EVENT)
    assert str(caught.value) == (
        f"{export}: cannot decode the text (byte 18, 0x81, is neither UTF-8 nor "
        "Windows-1252); save the file as CSV UTF-8")


@pytest.mark.parametrize(("content", "message"), [
    ("", "the file is empty"),
    ("Naam,1e keuze\n", "holds no registrations (no rows under the header)"),
    ("Naam,Opmerking\nAnn,hoi\n", "no column with workshop choices"),
    ("Opmerking,1e keuze\nhoi,Weerbaar bestuur\n", "no column with names or e-mail"),
    ("Naam,Keuze ronde 1,1e keuze\nAnn,Weerbaar bestuur,Weerbaar bestuur\n",
     "columns 'Keuze ronde 1' hold choices per round, but '1e keuze' name no round"),
    ("Naam,Keuze ronde 3\nAnn,Weerbaar bestuur\n",
     "column 'Keuze ronde 3': is for round 3, but the event has 2 workshop rounds"),
    ("Naam,Aantal workshops,1e keuze\nAnn,twee,Weerbaar bestuur\n",
     "row 2, column 'Aantal workshops': 'twee' is not a whole number of workshops"),
    ("Naam,Aanwezig,1e keuze\nAnn,Avond,Weerbaar bestuur\n",
     "row 2, column 'Aanwezig': unknown round 'Avond' (rounds: 'r1' and 'r2')"),
    ("Naam,Toegankelijkheid,1e keuze\nAnn,lift,Weerbaar bestuur\n",
     "row 2, column 'Toegankelijkheid': 'lift' is not a room feature of this event "
     "(features: 'step-free')"),
])
def test_bad_exports_name_the_file_and_place(tmp_path: Path, content: str,
                                             message: str) -> None:
    export = tmp_path / "export.csv"
    export.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_registrations(export, EVENT)
    assert str(caught.value).startswith(f"{export}: {message}")


def test_presence_needs_wanted_and_a_repeated_choice(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "Naam,Doelgroep,Aanwezig,Toegankelijkheid,Aantal workshops,1e keuze,2e keuze\n"
        "Ann,Raadslid; Griffier,Middag,Step-free,1,Weerbaar bestuur,weerbaar bestuur\n"
        "Bo,,,,,,\n", encoding="utf-8")
    imported = import_registrations(export, EVENT)
    assert [r.model_dump(exclude_defaults=True) for r in imported.instance.registrants] == [
        {"id": "r-0001", "name": "Ann", "audiences": ["raadslid", "griffier"],
         "present": ["r2"], "needs": ["step-free"], "ranked": ["weerbaar-bestuur"],
         "wanted": 1},
        {"id": "r-0002", "name": "Bo"},
    ]
    assert imported.report.notes == [
        "row 2: workshop 'weerbaar-bestuur' is chosen twice; the second choice is left out",
        "row 3: no workshop chosen; a seat in any open workshop is given in every round",
    ]


@pytest.mark.parametrize(("mapping", "message"), [
    ("columns:\n  Wie: naam\n", "columns, 'Wie': unknown column kind 'naam'"),
    ("columns:\n  Onbekend: email\n", "columns: no column 'Onbekend' in"),
    ("colums:\n  Naam: name\n", "colums: unknown key"),
    ("columns:\n  Naam: {rank: 0}\n", "columns, 'Naam': rank must be a whole number from 1"),
    ("titles:\n  Yoga: pilates\n", "titles, 'Yoga': 'pilates' is not a workshop id or title"),
])
def test_bad_mapping_files_name_the_key(tmp_path: Path, mapping: str, message: str) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text(mapping, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_registrations(DATA / "nl-roman-rounds.csv", EVENT, path)
    assert str(caught.value).startswith(f"{path}: {message}")


def one_round_workbook(path: Path, capacity: object, workshops: list[list[object]]) -> None:
    """An event workbook: one round, the room Aula of `capacity`, and the workshops
    sheet's rows (a header first)."""
    workbook = Workbook()
    rounds = workbook.active
    rounds.title = "Rondes"
    rounds.append(["Naam", "Datum", "Begin", "Eind"])
    rounds.append(["Ochtend", "26-03-2026", "10:00", "11:00"])
    rooms = workbook.create_sheet("Zalen")
    rooms.append(["Naam", "Capaciteit"])
    rooms.append(["Aula", capacity])
    sheet = workbook.create_sheet("Workshops")
    for row in workshops:
        sheet.append(row)
    workbook.save(path)


def test_the_workshops_workbook_names_bad_cells(tmp_path: Path) -> None:
    one_round_workbook(tmp_path / "event.xlsx", "veel", [["Titel"], ["Yoga"]])
    with pytest.raises(InputError) as caught:
        load_event(tmp_path / "event.xlsx")
    assert str(caught.value) == (f"{tmp_path / 'event.xlsx'}: sheet 'Zalen', row 2, column "
                                 "'Capaciteit': 'veel' is not a whole number")


@pytest.mark.parametrize(("zone", "error"), [
    ("Europe/Amsterdam", None),
    ("Amsterdam", "sheet 'Evenement', row 2: 'Amsterdam' is not a known time zone; give an "
                  "IANA name such as Europe/Amsterdam or Europe/London"),
])
def test_the_event_sheet_names_the_venue_time_zone(
        tmp_path: Path, zone: str, error: str | None) -> None:
    path = tmp_path / "event.xlsx"
    one_round_workbook(path, 40, [["Titel"], ["Yoga"]])
    workbook = load_workbook(path)
    details = workbook.create_sheet("Evenement")
    details.append(["Naam", "Proefdag"])
    details.append(["Tijdzone", zone])
    workbook.save(path)
    if error is None:
        assert load_event(path).settings.time_zone == zone
    else:
        with pytest.raises(InputError) as caught:
            load_event(path)
        assert str(caught.value) == f"{path}: {error}"


def event_folder(tmp_path: Path, workshops_csv: str) -> Path:
    """The tiny event's CSV folder with its workshops table replaced."""
    for name in ("rondes.csv", "zalen.csv"):
        (tmp_path / name).write_bytes((EVENT / name).read_bytes())
    (tmp_path / "workshops.csv").write_text(workshops_csv, encoding="utf-8")
    return tmp_path


def test_a_workshop_marked_cancelled_in_the_workbook_stays_in_the_event(
        tmp_path: Path) -> None:
    """"ja" and an Excel TRUE cancel; empty, "Nee" and FALSE do not."""
    one_round_workbook(tmp_path / "event.xlsx", 10, [
        ["Titel", "Geannuleerd"], ["Yoga", "ja"], ["Koken", None], ["Tekenen", "Nee"],
        ["Zingen", False], ["Dansen", True]])
    event = load_event(tmp_path / "event.xlsx")
    assert [(w.id, w.cancelled) for w in event.workshops] == [
        ("yoga", True), ("koken", False), ("tekenen", False), ("zingen", False),
        ("dansen", True)]


def test_a_csv_folder_marks_a_cancelled_workshop_with_an_x(tmp_path: Path) -> None:
    event = load_event(event_folder(
        tmp_path, "Titel,Gaat niet door\nCafé Democratie,\nWeerbaar bestuur,X\n"
                  "Ondermijning herkennen,0\n"))
    assert [(w.id, w.cancelled) for w in event.workshops] == [
        ("cafe-democratie", False), ("weerbaar-bestuur", True),
        ("ondermijning-herkennen", False)]


def test_a_cancelled_mark_that_is_not_yes_or_no_names_its_row_and_column(
        tmp_path: Path) -> None:
    folder = event_folder(tmp_path, "Titel,Vervallen\nCafé Democratie,nee\n"
                                    "Weerbaar bestuur,misschien\n")
    with pytest.raises(InputError) as caught:
        load_event(folder)
    assert str(caught.value) == (f"{folder / 'workshops.csv'}: row 3, column 'Vervallen': "
                                 "'misschien' is not yes or no (write ja or nee, yes or no)")


def test_registrations_for_a_cancelled_workshop_still_import(tmp_path: Path) -> None:
    """The first registrant ranks the cancelled workshop first; the choice stays valid."""
    folder = event_folder(tmp_path, "Titel,Cancelled\nCafé Democratie,no\n"
                                    "Weerbaar bestuur,yes\nOndermijning herkennen,\n")
    imported = import_registrations(DATA / "en-ranked.csv", folder)
    assert [(w.id, w.cancelled) for w in imported.instance.workshops] == [
        ("cafe-democratie", False), ("weerbaar-bestuur", True),
        ("ondermijning-herkennen", False)]
    assert [r.ranked for r in imported.instance.registrants] == [
        ["weerbaar-bestuur", "cafe-democratie", "ondermijning-herkennen"],
        ["ondermijning-herkennen"]]


def test_a_workshops_workbook_needs_its_three_sheets(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Blad1"
    workbook.save(tmp_path / "event.xlsx")
    with pytest.raises(InputError) as caught:
        load_event(tmp_path / "event.xlsx")
    assert caught.value.message == (
        "no sheet for 'Rondes' (or 'rounds'); 'Zalen' (or 'rooms'); 'Workshops' (or "
        "'workshop'); found: 'Blad1'")


def test_an_instance_file_serves_as_workshops_source() -> None:
    examples = Path(__file__).resolve().parent.parent / "instances" / "examples"
    event = load_event(examples / "dag-van-weerbaar-bestuur.json")
    assert len(event.workshops) == 7 and event.registrants == []
