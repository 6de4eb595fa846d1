"""Build the raw registration exports (and workshops files) of the example days.

Run ``python instances/examples/build_exports.py`` from the repository root, after
``build_examples.py``. The exports are made from the example instances, the way the
organisers' registration forms would have exported them: Dutch headers, workshop titles
instead of ids, names split over several columns, and a few messy rows (see MESS and
the README). Importing an export with its workshops file gives back the instance, except
for what the messy rows change on purpose; tests/test_importers_examples.py checks that.

The output is the same on every run, except the .xlsx files' internal time stamps.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from scheduler.instance_io import load_instance
from scheduler.model import Instance, Registrant

HERE = Path(__file__).resolve().parent
PARTICLES = {"van", "de", "der", "den", "ter", "ten", "te", "het"}
EXCEL_EPOCH = datetime(1899, 12, 30)


def split_name(full: str, first_name: str | None) -> tuple[str, str, str]:
    """"Koen van den Broek" -> ("Koen", "van den", "Broek"); the first word is the first
    name unless `first_name` says otherwise."""
    first, rest = (first_name, full.removeprefix(first_name).split()) if first_name \
        else (full.split()[0], full.split()[1:])
    infix = []
    while len(rest) > 1 and rest[0] in PARTICLES:
        infix.append(rest.pop(0))
    return first, " ".join(infix), " ".join(rest)


def title_of(instance: Instance, workshop_id: str) -> str:
    return instance.workshop_by_id[workshop_id].title


def labels(instance: Instance, round_ids: list[str] | None) -> str:
    return "; ".join(instance.round_by_id[r].name for r in round_ids or [])


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str, encoding: str) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.properties.creator = "workshop-scheduler examples"
    workbook.save(path)


def event_tables(instance: Instance) -> dict[str, list[list[object]]]:
    """The event as an organiser would keep it: a table per thing, ids included so that
    the imported instance keeps the ids of the example."""
    rounds = [["Id", "Naam", "Datum", "Begin", "Eind"]] + [
        [r.id, r.label, r.day.strftime("%d-%m-%Y"), f"{r.start:%H:%M}", f"{r.end:%H:%M}"]
        for r in instance.rounds
    ]
    rooms = [["Id", "Naam", "Capaciteit", "Kenmerken", "Niet beschikbaar"]] + [
        [r.id, r.name, r.capacity, ", ".join(r.features), labels(instance, r.unavailable)]
        for r in instance.rooms
    ]
    speakers = [["Id", "Naam", "Niet beschikbaar"]] + [
        [s.id, s.name, labels(instance, s.unavailable)] for s in instance.speakers
    ]
    workshops = [["Id", "Titel", "Sprekers", "Max", "Min", "Sessies", "Duur", "Rondes",
                  "Benodigd", "Doelgroep"]]
    for w in instance.workshops:
        sessions = (str(w.max_sessions) if w.min_sessions == w.max_sessions
                    else f"{w.min_sessions}-{w.max_sessions}")
        workshops.append([
            w.id, w.title, "; ".join(instance.speaker_by_id[s].name for s in w.speakers),
            w.max_size or "", w.min_size or "", sessions, w.duration,
            labels(instance, w.rounds), ", ".join(w.features), ", ".join(w.audiences),
        ])
    plenaries = [["Id", "Titel", "Ronde", "Zaal", "Sprekers"]] + [
        [p.id, p.title, instance.round_by_id[p.round].name,
         instance.room_by_id[p.room].name,
         "; ".join(instance.speaker_by_id[s].name for s in p.speakers)]
        for p in instance.plenaries
    ]
    event = [["Naam", instance.name], ["Beschrijving", instance.description]]
    if instance.settings.time_zone:
        event.append(["Tijdzone", instance.settings.time_zone])
    return {"Evenement": event, "Rondes": rounds, "Zalen": rooms, "Sprekers": speakers,
            "Workshops": workshops, "Plenair": plenaries}


# --------------------------------------------------------------------------------------
# Dag van Weerbaar Bestuur: a semicolon CSV in Windows-1252, as Excel saves it in Dutch,
# with a workshops workbook.

WEERBAAR_HEADERS = [
    "Tijdstempel", "Voornaam", "Tussenvoegsel", "Achternaam", "E-mailadres", "Organisatie",
    "Functie", "Aanwezig bij", "Toegankelijkheid", "Workshopronde 1 - eerste keuze",
    "Workshopronde 1 - alternatief", "Workshopronde 2 - eerste keuze",
    "Workshopronde 2 - alternatief", "Opmerkingen",
]


def weerbaar_row(instance: Instance, r: Registrant) -> list[str]:
    first, infix, last = split_name(r.name, r.first_name)
    choices = []
    for round_id in ("round-1", "round-2"):
        picks = (r.per_round or {}).get(round_id, [])
        choices += [title_of(instance, w) for w in picks] + [""] * (2 - len(picks))
    assert r.registered_at is not None
    return [
        r.registered_at.strftime("%d-%m-%Y %H:%M:%S"), first, infix, last, r.email,
        r.organisation, r.audiences[0].capitalize(), labels(instance, r.present),
        ", ".join(r.needs), *choices, "",
    ]


def weerbaar() -> None:
    instance = load_instance(HERE / "dag-van-weerbaar-bestuur.json")
    rows = [WEERBAAR_HEADERS] + [weerbaar_row(instance, r) for r in instance.registrants]
    # Messy rows, each a thing real exports hold:
    # titles typed or copied differently (case, spaces, punctuation);
    rows[5][9] = rows[5][9].upper()
    rows[12][11] = "  " + rows[12][11].replace(" ", "  ") + " "
    rows[20][9] = rows[20][9].replace(":", " -")
    # an e-mail address with a trailing space and capitals;
    rows[33][4] = rows[33][4].upper() + " "
    # an empty line and a line with only a remark;
    rows.insert(60, [""] * len(WEERBAAR_HEADERS))
    rows.insert(90, ["", "", "", "", "", "", "", "", "", "", "", "", "",
                     "Ik kom met de trein, graag een parkeerkaart voor mijn collega"])
    # no alternative given for round 2;
    rows[40][12] = "geen voorkeur"
    # registrant r-0007 registers again a week later, with another first choice in round 2.
    again = list(rows[7])
    again[0] = "16-03-2026 10:12:45"
    again[4] = again[4].capitalize()
    again[11], again[12] = again[12], again[11]
    rows.append(again)
    write_csv(HERE / "dag-van-weerbaar-bestuur-inschrijvingen.csv", rows, delimiter=";",
              encoding="cp1252")
    write_xlsx(HERE / "dag-van-weerbaar-bestuur-workshops.xlsx", event_tables(instance))


# --------------------------------------------------------------------------------------
# Praktijkdag Digitale Overheid: an .xlsx export of a form; the workshops come from the
# instance JSON itself.


def ranked_choice_day() -> None:
    instance = load_instance(HERE / "ranked-choice-day.json")
    header = ["Tijdstempel", "Naam", "E-mailadres", "Organisatie", "Aanwezig",
              "1e keuze", "2e keuze", "3e keuze", "4e keuze", "5e keuze"]
    rows: list[list[object]] = [header]
    for r in instance.registrants:
        picks = [title_of(instance, str(w)) for w in r.ranked or []]
        rows.append([r.registered_at, r.name, r.email, r.organisation,
                     labels(instance, r.present), *picks, *[""] * (5 - len(picks))])
    # Messy rows: one time as an Excel serial number, one as day-first text;
    moment = rows[3][0]
    assert isinstance(moment, datetime)
    rows[3][0] = (moment - EXCEL_EPOCH).total_seconds() / 86400
    moment = rows[4][0]
    assert isinstance(moment, datetime)
    rows[4][0] = moment.strftime("%d-%m-%Y %H:%M:%S")
    # an option exported with its speaker's name;
    rows[10][5] = f"{rows[10][5]} ({_speaker_of(instance, str(rows[10][5]))})"
    # a blank row;
    rows.insert(150, [None] * len(header))
    # registrant r-0100 registers twice within minutes, changing their 5th choice.
    again = list(rows[100])
    moment = again[0]
    assert isinstance(moment, datetime)
    rows[100][0] = moment.replace(minute=max(moment.minute - 3, 0))
    rows[100][9] = "Burgerzaken volledig digitaal"
    rows.insert(101, again)
    write_xlsx(HERE / "ranked-choice-day-inschrijvingen.xlsx", {"Formulierreacties 1": rows})


def _speaker_of(instance: Instance, title: str) -> str:
    workshop = next(w for w in instance.workshops if w.title == title)
    return ", ".join(instance.speaker_by_id[s].name for s in workshop.speakers)


# --------------------------------------------------------------------------------------
# Week van de Participatie: a UTF-8 CSV with commas and ISO times; the workshops as a
# folder of CSV files.


def week() -> None:
    instance = load_instance(HERE / "week-van-de-participatie.json")
    header = ["Tijdstempel", "Naam", "E-mailadres", "Organisatie", "Doelgroep", "Aanwezig",
              "Aantal workshops", "1e keuze", "2e keuze", "3e keuze", "4e keuze", "5e keuze"]
    rows = [header]
    for r in instance.registrants:
        picks = [title_of(instance, str(w)) for w in r.ranked or []]
        assert r.registered_at is not None
        rows.append([r.registered_at.isoformat(), r.name, r.email, r.organisation,
                     "; ".join(a.capitalize() for a in r.audiences),
                     labels(instance, r.present), str(r.wanted), *picks,
                     *[""] * (5 - len(picks))])
    # Messy: accents and case in a title, and a blank line at the end.
    rows[2][7] = rows[2][7].lower().replace("e", "é", 1)
    rows.append([""] * len(header))
    write_csv(HERE / "week-van-de-participatie-inschrijvingen.csv", rows, delimiter=",",
              encoding="utf-8-sig")
    folder = HERE / "week-van-de-participatie-workshops"
    folder.mkdir(exist_ok=True)
    names = {"Evenement": "evenement", "Rondes": "rondes", "Zalen": "zalen",
             "Sprekers": "sprekers", "Workshops": "workshops", "Plenair": "plenair"}
    for sheet, table in event_tables(instance).items():
        write_csv(folder / f"{names[sheet]}.csv", [[str(c) for c in row] for row in table],
                  delimiter=",", encoding="utf-8-sig")


def main() -> None:
    weerbaar()
    ranked_choice_day()
    week()
    for path in sorted(HERE.glob("*-inschrijvingen.*")):
        print(f"wrote {path.name}")


if __name__ == "__main__":
    main()
