"""Which round a choice column is for: "round N" counts the rounds in which some workshop
can start, and a column whose workshops cannot start in its round stops the import.

The event is a CSV folder: rounds Ochtend, Lunch and Middag on one day; Yoga may start
only in the morning, Koken only in the afternoon, Tekenen in any round.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.errors import InputError
from scheduler.importers import import_registrations

ROUNDS = """Naam,Datum,Begin,Eind
Ochtend,26-03-2026,10:00,11:00
Lunch,26-03-2026,12:00,13:00
Middag,26-03-2026,13:00,14:00
"""


def lunch_event(tmp_path: Path, workshops: str, rooms: str = "Naam,Capaciteit\nAula,20\n"
                ) -> Path:
    folder = tmp_path / "event"
    folder.mkdir()
    (folder / "rondes.csv").write_text(ROUNDS, encoding="utf-8")
    (folder / "zalen.csv").write_text(rooms, encoding="utf-8")
    (folder / "workshops.csv").write_text(workshops, encoding="utf-8")
    return folder


def export(tmp_path: Path, header: str = "Naam,Keuze ronde 1,Keuze ronde 2",
           rows: str = "Ann,Yoga,Koken\nBo,Yoga,Tekenen\n") -> Path:
    path = tmp_path / "export.csv"
    path.write_text(f"{header}\n{rows}", encoding="utf-8")
    return path


RESTRICTED = "Titel,Rondes\nYoga,Ochtend\nKoken,Middag\nTekenen,Ochtend; Middag\n"


def per_round(imported: object) -> list[dict[str, list[str]] | None]:
    return [r.per_round for r in imported.instance.registrants]  # type: ignore[attr-defined]


def test_a_lunch_round_in_which_no_workshop_may_start_is_not_counted(tmp_path: Path) -> None:
    imported = import_registrations(export(tmp_path), lunch_event(tmp_path, RESTRICTED))
    assert imported.report.columns == [
        ("Naam", "name"), ("Keuze ronde 1", "1st choice for round 'Ochtend'"),
        ("Keuze ronde 2", "1st choice for round 'Middag'")]
    assert per_round(imported) == [{"ochtend": ["yoga"], "middag": ["koken"]},
                                   {"ochtend": ["yoga"], "middag": ["tekenen"]}]


def test_a_round_in_which_every_room_is_unavailable_is_not_counted(tmp_path: Path) -> None:
    event = lunch_event(tmp_path, "Titel\nYoga\nKoken\nTekenen\n",
                        rooms="Naam,Capaciteit,Niet beschikbaar\nAula,20,Lunch\nKamer,5,lunch\n")
    imported = import_registrations(export(tmp_path), event)
    assert per_round(imported) == [{"ochtend": ["yoga"], "middag": ["koken"]},
                                   {"ochtend": ["yoga"], "middag": ["tekenen"]}]


def test_a_cancelled_workshop_still_makes_its_round_count(tmp_path: Path) -> None:
    """Marking the only lunch workshop cancelled must not move the afternoon's choices."""
    event = lunch_event(tmp_path, "Titel,Rondes,Geannuleerd\nYoga,Ochtend,\nKoken,Middag,\n"
                                  "Soep,Lunch,ja\n")
    imported = import_registrations(
        export(tmp_path, "Naam,Keuze ronde 1,Keuze ronde 2,Keuze ronde 3",
               "Ann,Yoga,Soep,Koken\n"), event)
    assert per_round(imported) == [{"ochtend": ["yoga"], "lunch": ["soep"],
                                    "middag": ["koken"]}]


def test_a_column_whose_workshops_cannot_start_in_its_round_stops_the_import(
        tmp_path: Path) -> None:
    """The headers swapped: the afternoon's choices under 'Keuze ronde 1'."""
    path = export(tmp_path, rows="Ann,Koken,Yoga\nBo,Koken,Yoga\n")
    with pytest.raises(InputError) as error:
        import_registrations(path, lunch_event(tmp_path, RESTRICTED))
    assert str(error.value) == (
        f"{path}: column 'Keuze ronde 1': is read as the 1st choice for round 'Ochtend', but "
        "none of the workshops chosen in it can start in that round (they can start in "
        "'Middag'); say which round the column is for in a mapping file (--mapping): "
        "'Keuze ronde 1': {round: 2, rank: 1}")


def test_a_mapped_round_that_none_of_the_column_s_workshops_can_start_in(
        tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("columns:\n  Keuze ronde 2: {round: Ochtend, rank: 2}\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        import_registrations(export(tmp_path, rows="Ann,Yoga,Koken\n"),
                             lunch_event(tmp_path, RESTRICTED), mapping)
    assert str(error.value) == (
        f"{mapping}: columns, 'Keuze ronde 2': is read as the 2nd choice for round "
        "'Ochtend', but none of the workshops chosen in it can start in that round (they "
        "can start in 'Middag'); correct its round")


def test_a_column_with_one_workshop_that_fits_its_round_is_read(tmp_path: Path) -> None:
    """Tekenen may start in the morning, so the column is for the morning; Koken there
    is a choice the plan cannot meet, not a sign of the wrong round."""
    imported = import_registrations(export(tmp_path, rows="Ann,Koken,Koken\nBo,Tekenen,Koken\n"),
                                    lunch_event(tmp_path, RESTRICTED))
    assert per_round(imported) == [{"ochtend": ["koken"], "middag": ["koken"]},
                                   {"ochtend": ["tekenen"], "middag": ["koken"]}]
