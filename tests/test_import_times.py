"""Registration times whose day and month order the column does not tell: AM/PM times
are read month first (the US style), and the import says which order it assumed.

The event is the tiny one of tests/data/imports (see test_importers.py), on 26-03-2026.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from test_importers import EVENT

from scheduler.importers import import_registrations
from scheduler.importers.timestamps import SlashOrder, parse_column, slash_order


@pytest.mark.parametrize(("values", "expected"), [
    # A day above 12 decides, whatever the clock.
    (["11/22/2026 2:03 PM", "01/02/2026 10:00"], SlashOrder(True, False)),
    (["22/11/2026 14:03", "01/02/2026 9:00 AM"], SlashOrder(False, False)),
    # Nothing decides: AM/PM is the US style, else day first as most of Europe writes.
    (["03/12/2026 9:00:00 AM", "04/02/2026 10:00:00 am"],
     SlashOrder(True, True, "03/12/2026 9:00:00 AM", 0)),
    ([None, "03/12/2026 09:00"], SlashOrder(False, True, "03/12/2026 09:00", 1)),
    # No slashes: no order to assume.
    (["2026-03-12 09:00", "12-03-2026 09:00", 46348.5], SlashOrder(False, False)),
])
def test_the_order_of_a_column_s_slash_dates(values: list[object],
                                             expected: SlashOrder) -> None:
    assert slash_order(values) == expected


US_EXPORT = """Timestamp,Name,Email,1e keuze
03/12/2026 9:00:00 AM,Ann,ann@x.example,Café Democratie
03/12/2026 9:05:00 AM,Bo,bo@x.example,Café Democratie
04/02/2026 10:00:00 AM,Ann,ann@x.example,Weerbaar bestuur
"""


def import_export(tmp_path: Path, content: str, mapping: str = "") -> object:
    export = tmp_path / "export.csv"
    export.write_text(content, encoding="utf-8")
    mapping_file = None
    if mapping:
        mapping_file = tmp_path / "mapping.yaml"
        mapping_file.write_text(mapping, encoding="utf-8")
    return import_registrations(export, EVENT, mapping_file)


def test_am_pm_times_with_small_days_are_read_month_first_with_a_note(tmp_path: Path) -> None:
    """Read day first, Ann's 3 December registration would beat her 4 February one."""
    imported = import_export(tmp_path, US_EXPORT)
    assert [(r.name, r.registered_at, r.ranked) for r in imported.instance.registrants] == [
        ("Ann", datetime(2026, 4, 2, 10), ["weerbaar-bestuur"]),
        ("Bo", datetime(2026, 3, 12, 9, 5), ["cafe-democratie"])]
    assert imported.report.duplicates == [(4, [2])]
    assert imported.report.notes == [
        "column 'Timestamp': no date says whether the day or the month comes first; read "
        "month first, as the AM/PM times suggest (the US style) ('03/12/2026 9:00:00 AM' "
        "is 12 March 2026). If that is wrong, set timestamp_format in a mapping file "
        "(--mapping): \"%d/%m/%Y %I:%M:%S %p\"",
        "column 'Timestamp', row 4: registered after the event's first day (26-03-2026); "
        "if day and month are read the wrong way round, set timestamp_format in a mapping "
        "file (--mapping)"]


def test_small_days_without_am_pm_are_read_day_first_with_a_note(tmp_path: Path) -> None:
    imported = import_export(tmp_path, US_EXPORT.replace(" AM", ""))
    assert [r.registered_at for r in imported.instance.registrants] == [
        datetime(2026, 12, 3, 9), datetime(2026, 12, 3, 9, 5)]
    assert imported.report.notes == [
        "column 'Timestamp': no date says whether the day or the month comes first; read "
        "day first ('03/12/2026 9:00:00' is 3 December 2026). If that is wrong, set "
        "timestamp_format in a mapping file (--mapping): \"%m/%d/%Y %H:%M:%S\"",
        "column 'Timestamp', rows 2 and 3: registered after the event's first day "
        "(26-03-2026); if day and month are read the wrong way round, set timestamp_format "
        "in a mapping file (--mapping)"]


def test_a_timestamp_format_in_the_mapping_file_settles_the_order(tmp_path: Path) -> None:
    imported = import_export(tmp_path, US_EXPORT,
                             'timestamp_format: "%d/%m/%Y %I:%M:%S %p"\n')
    assert [r.registered_at for r in imported.instance.registrants] == [
        datetime(2026, 12, 3, 9), datetime(2026, 12, 3, 9, 5)]
    assert imported.report.notes == []


def test_a_column_whose_days_tell_the_order_gets_no_note(tmp_path: Path) -> None:
    imported = import_export(tmp_path, US_EXPORT.replace("04/02/2026", "04/22/2026"))
    assert [r.registered_at for r in imported.instance.registrants] == [
        datetime(2026, 4, 22, 10), datetime(2026, 3, 12, 9, 5)]
    assert imported.report.notes == []


@pytest.mark.parametrize(("text", "expected"), [
    # Google Forms writes the form's zone after the time; it is dropped, as the offset
    # of an ISO time is: registration times are local wall-clock times.
    ("2026/02/16 8:00:52 AM GMT+1", datetime(2026, 2, 16, 8, 0, 52)),
    ("2026/02/16 8:00:52 PM GMT-05:00", datetime(2026, 2, 16, 20, 0, 52)),
    ("16-02-2026 08:00 UTC", datetime(2026, 2, 16, 8, 0)),
])
def test_a_zone_name_after_the_time_is_dropped(text: str, expected: datetime) -> None:
    assert parse_column([text]) == [expected]


def test_a_google_forms_export_is_read(tmp_path: Path) -> None:
    imported = import_export(tmp_path, "Timestamp,Name,Email,1e keuze\n"
                             "2026/02/16 8:00:52 AM GMT+1,Ann,ann@x.example,Café Democratie\n")
    assert [r.registered_at for r in imported.instance.registrants] == [
        datetime(2026, 2, 16, 8, 0, 52)]
    assert imported.report.notes == []
