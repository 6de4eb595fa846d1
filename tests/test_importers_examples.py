"""The shipped raw exports import back into the example instances they were made from.

Only the messy rows build_exports.py put in on purpose may differ; everything else, the
event included, must come back exactly.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from scheduler.importers import import_registrations
from scheduler.instance_io import load_instance

EXAMPLES = Path(__file__).resolve().parent.parent / "instances" / "examples"
EVENT_FIELDS = ("name", "description", "rounds", "rooms", "speakers", "workshops",
                "plenaries", "settings")


def differences(export: str, workshops: str, reference: str) -> dict[str, dict]:
    imported = import_registrations(EXAMPLES / export, EXAMPLES / workshops).instance
    expected = load_instance(EXAMPLES / reference)
    for field in EVENT_FIELDS:
        assert getattr(imported, field) == getattr(expected, field), field
    assert len(imported.registrants) == len(expected.registrants)
    changed = {}
    for got, want in zip(imported.registrants, expected.registrants, strict=True):
        a, b = got.model_dump(exclude={"id"}), want.model_dump(exclude={"id"})
        if a != b:
            changed[got.id] = {k: a[k] for k in a if a[k] != b[k]}
    return changed


def test_dag_van_weerbaar_bestuur_from_its_csv_and_workshops_workbook() -> None:
    assert differences("dag-van-weerbaar-bestuur-inschrijvingen.csv",
                       "dag-van-weerbaar-bestuur-workshops.xlsx",
                       "dag-van-weerbaar-bestuur.json") == {
        # Registered again a month later with the round-2 choices swapped.
        "r-0007": {"email": "E.smits@gemeente-steenwijkerland.example",
                   "registered_at": datetime(2026, 3, 16, 10, 12, 45),
                   "per_round": {"round-1": ["ondermijning", "bedreiging"],
                                 "round-2": ["cyberweerbaarheid", "desinformatie"]}},
        # Typed the address in capitals.
        "r-0033": {"email": "S.SCHOUTEN@GEMEENTE-ZWOLLE.EXAMPLE"},
        # "geen voorkeur" as the round-2 alternative.
        "r-0040": {"per_round": {"round-1": ["ondermijning", "bedreiging"],
                                 "round-2": ["desinformatie"]}},
    }


def test_ranked_choice_day_from_its_xlsx_and_the_instance_json() -> None:
    assert differences("ranked-choice-day-inschrijvingen.xlsx", "ranked-choice-day.json",
                       "ranked-choice-day.json") == {}


def test_week_van_de_participatie_from_its_csv_and_a_folder_of_csv_files() -> None:
    assert differences("week-van-de-participatie-inschrijvingen.csv",
                       "week-van-de-participatie-workshops",
                       "week-van-de-participatie.json") == {}


@pytest.mark.parametrize(("export", "workshops"), [
    ("dag-van-weerbaar-bestuur-inschrijvingen.csv", "dag-van-weerbaar-bestuur-workshops.xlsx"),
    ("ranked-choice-day-inschrijvingen.xlsx", "ranked-choice-day.json"),
    ("week-van-de-participatie-inschrijvingen.csv", "week-van-de-participatie-workshops"),
])
def test_the_exports_have_dutch_headers_and_no_mapping(export: str, workshops: str) -> None:
    imported = import_registrations(EXAMPLES / export, EXAMPLES / workshops)
    meanings = dict(imported.report.columns)
    assert meanings["Tijdstempel"] == "registration time"
    assert meanings["E-mailadres"] == "e-mail address"
    assert "ignored" not in [m for h, m in meanings.items() if h != "Opmerkingen"]
