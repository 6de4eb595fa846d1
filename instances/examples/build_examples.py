"""Build the example instances in this folder.

Run ``python instances/examples/build_examples.py`` from the repository root. The output
is the same on every run: each instance draws from its own ``random.Random`` with a fixed
seed, and ``dump_json`` writes stable bytes. All registrants are invented; e-mail
addresses use the reserved ``.example`` top-level domain.

After writing, a table per instance compares the seats that the rooms offer in each round
with the registrants present in it.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

from scheduler.instance_io import dump_json, load_instance
from scheduler.model import (
    MAX_CAPACITY,
    Choice,
    Instance,
    Plenary,
    Registrant,
    Room,
    Round,
    Settings,
    Speaker,
    Workshop,
)

HERE = Path(__file__).resolve().parent

# fmt: off
FIRST_NAMES = [
    "Anouk", "Bram", "Daan", "Eline", "Femke", "Gijs", "Hanneke", "Inge", "Jeroen", "Joost",
    "Karin", "Lars", "Lieke", "Maarten", "Marloes", "Mirjam", "Niels", "Noor", "Pieter",
    "Roos", "Ruben", "Sanne", "Sietske", "Thijs", "Tom", "Wouter", "Yvonne", "Anke", "Bas",
    "Chantal", "Dirk", "Esther", "Floor", "Gerrit", "Hester", "Ilse", "Jan", "Jolien",
    "Kees", "Linda", "Mark", "Nienke", "Petra", "Rik", "Saskia", "Tineke", "Vincent",
    "Willemijn", "Wim", "Hidde", "Fenna", "Jelle", "Marit", "Sjoerd", "Tjitske", "Bart",
    "Geert", "Annemiek", "Harm", "Ingrid", "Lotte", "Merel", "Stijn", "Evelien", "Frank",
    "Gert-Jan", "Hans", "Ria", "Suzanne", "Erik", "Marieke", "Nadia", "Mehmet", "Aylin",
    "Rachid", "Naima", "Soufiane", "Samira", "Priya", "Ravi", "Koen", "Jasper", "Mieke",
    "Ellen", "Rutger", "Hilde", "Douwe", "Wietske", "Arjen", "Carlijn",
]

SURNAMES = [
    "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
    "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "Dekker", "de Wit",
    "Dijkstra", "Smits", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan",
    "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "de Jong",
    "Schouten", "van Beek", "Willems", "van Dijk", "Hoekstra", "Koster", "Prins", "Huisman",
    "Post", "Kuipers", "Veenstra", "Timmermans", "Postma", "van Wijk", "Jonker", "Kramer",
    "Scholten", "Wolters", "Evers", "Boersma", "Zwart", "Blom", "Hermans", "Koopman", "Vink",
    "Sanders", "Groen", "Molenaar", "Bosman", "Lammers", "Wouters", "Hofman", "ter Horst",
    "Oosterhuis", "Wijnands", "Brinkman", "van Dam", "Verbeek", "Nijland", "Kaya", "Yilmaz",
    "El Amrani", "Bouzid", "Demir", "Ramdin", "Sewnarain", "Bijl", "Tuinstra", "Hazelhoff",
]

GEMEENTEN = [
    "Zwolle", "Deventer", "Apeldoorn", "Enschede", "Hengelo", "Almelo", "Kampen", "Meppel",
    "Assen", "Emmen", "Hoogeveen", "Zutphen", "Harderwijk", "Ede", "Arnhem", "Nijmegen",
    "Amersfoort", "Utrecht", "Leeuwarden", "Groningen", "Hardenberg", "Raalte", "Ommen",
    "Dalfsen", "Steenwijkerland", "Westerveld", "Hof van Twente", "Oldambt", "Heerenveen",
    "Noordoostpolder", "Lelystad", "Dronten", "Epe", "Olst-Wijhe", "Staphorst",
]
# fmt: on


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


class People:
    """Invented names and addresses, never the same person twice within one instance."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used_names: set[str] = set()
        self.used_emails: set[str] = set()

    def name(self) -> tuple[str, str]:
        while True:
            first = self.rng.choice(FIRST_NAMES)
            last = self.rng.choice(SURNAMES)
            full = f"{first} {last}"
            if full not in self.used_names:
                self.used_names.add(full)
                return first, last

    def email(self, first: str, last: str, organisation: str) -> str:
        local = f"{slug(first)[0]}.{slug(last).replace('-', '')}"
        domain = f"{slug(organisation)}.example"
        address, n = f"{local}@{domain}", 2
        while address in self.used_emails:
            address, n = f"{local}{n}@{domain}", n + 1
        self.used_emails.add(address)
        return address


def weighted_order(rng: random.Random, weights: dict[str, float], k: int) -> list[str]:
    """k distinct keys, drawn one after another with probability proportional to weight."""
    # Efraimidis-Spirakis keys: one draw per item gives a weighted order without replacement.
    keyed = sorted(weights, key=lambda w: rng.random() ** (1.0 / weights[w]), reverse=True)
    return keyed[:k]


def registration_times(
    rng: random.Random, n: int, opens: datetime, days: int, reminder_day: int
) -> list[datetime]:
    """Sorted sign-up moments: a rush after the invitation, a bump after the reminder.

    Sorted so that registrant ids follow registration order, as in an export from a
    sign-up form.
    """
    moments = []
    for _ in range(n):
        pick = rng.random()
        if pick < 0.45:
            day = min(int(rng.expovariate(1 / 2.5)), days - 1)
        elif pick < 0.70:
            day = min(reminder_day + int(rng.expovariate(1 / 1.5)), days - 1)
        else:
            day = rng.randrange(days)
        when = opens + timedelta(days=day)
        # Office hours mostly, some evening sign-ups.
        hour = rng.choice([8, 9, 9, 10, 10, 11, 11, 13, 14, 14, 15, 16, 20, 21])
        moments.append(when.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60)))
    return sorted(moments)


# --------------------------------------------------------------------------------------
# Dag van Weerbaar Bestuur


def dag_van_weerbaar_bestuur() -> Instance:
    rng = random.Random(20260326)
    people = People(rng)
    day = date(2026, 3, 26)
    rounds = [
        Round(id="opening", day=day, start=time(9, 30), end=time(10, 30),
              label="Plenaire opening"),
        Round(id="round-1", day=day, start=time(10, 45), end=time(12, 0),
              label="Workshopronde 1"),
        Round(id="round-2", day=day, start=time(13, 0), end=time(14, 15),
              label="Workshopronde 2"),
    ]
    rooms = [
        # The main hall hosts the information market during the workshop rounds.
        Room(id="grote-zaal", name="Grote Zaal", capacity=250, features=["step-free"],
             unavailable=["round-1", "round-2"]),
        Room(id="ijsselzaal", name="IJsselzaal (begane grond)", capacity=60,
             features=["step-free"]),
        Room(id="vechtzaal", name="Vechtzaal", capacity=55),
        Room(id="dinkelzaal", name="Dinkelzaal (eerste verdieping)", capacity=45),
        Room(id="reggezaal", name="Reggezaal (eerste verdieping)", capacity=35),
        Room(id="schipbeekkamer", name="Schipbeekkamer (tweede verdieping)", capacity=25),
    ]
    speakers = [
        Speaker(id="sp-dijkhuis", name="Marit Dijkhuis"),
        Speaker(id="sp-verhoef", name="Reinout Verhoef"),
        Speaker(id="sp-hazelaar", name="Claudia Hazelaar"),
        Speaker(id="sp-oudendijk", name="Wessel Oudendijk"),
        Speaker(id="sp-brandsma", name="Ineke Brandsma"),
        Speaker(id="sp-elkaddouri", name="Yassin El Kaddouri"),
        Speaker(id="sp-terpstra", name="Hiske Terpstra"),
        Speaker(id="sp-vanommeren", name="Gerard van Ommeren"),
        Speaker(id="sp-lubbersen", name="Femke Lubbersen"),
        Speaker(id="sp-nauta", name="Bauke Nauta"),
    ]
    workshops = [
        Workshop(id="ondermijning", title="Ondermijning: weerbaar tegen criminele inmenging",
                 speakers=["sp-hazelaar", "sp-oudendijk"], rounds=["round-1"]),
        Workshop(id="bedreiging", title="Bedreiging en intimidatie van ambtsdragers",
                 speakers=["sp-brandsma"], rounds=["round-1"]),
        Workshop(id="integriteit", title="Integriteit in het lokaal bestuur",
                 speakers=["sp-elkaddouri"], rounds=["round-1"]),
        Workshop(id="crisisbeheersing", title="Bestuurlijke crisisbeheersing: de eerste 48 uur",
                 speakers=["sp-vanommeren"], rounds=["round-1"],
                 audiences=["burgemeester", "wethouder"]),
        Workshop(id="desinformatie", title="Desinformatie en online haat",
                 speakers=["sp-lubbersen"], rounds=["round-2"]),
        Workshop(id="weerbare-raad", title="De weerbare raad: rol van raad en griffie",
                 speakers=["sp-terpstra"], rounds=["round-2"]),
        Workshop(id="cyberweerbaarheid", title="Digitale weerbaarheid na een cyberincident",
                 speakers=["sp-nauta"], rounds=["round-2"]),
    ]
    plenaries = [
        Plenary(id="opening", title="Opening en keynote 'Weerbaar bestuur begint lokaal'",
                round="opening", room="grote-zaal", speakers=["sp-dijkhuis", "sp-verhoef"]),
    ]

    audiences = (["raadslid"] * 45 + ["ambtenaar"] * 45 + ["griffier"] * 20
                 + ["wethouder"] * 22 + ["burgemeester"] * 10 + ["gemeentesecretaris"] * 8)
    rng.shuffle(audiences)
    others = ["Provincie Overijssel", "Provincie Gelderland", "Veiligheidsregio IJsselland",
              "RIEC Oost-Nederland", "Ministerie van BZK", "VNG"]
    times = registration_times(rng, len(audiences), datetime(2026, 2, 16), 28, 17)

    round_1_base = {"ondermijning": 5.0, "bedreiging": 2.5, "integriteit": 1.5}
    round_2_base = {"desinformatie": 4.0, "weerbare-raad": 1.5, "cyberweerbaarheid": 2.0}
    step_free_ids = {"r-0031", "r-0077", "r-0122"}

    registrants = []
    for n, (audience, registered_at) in enumerate(zip(audiences, times, strict=True), start=1):
        rid = f"r-{n:04d}"
        first, last = people.name()
        if audience == "ambtenaar" and rng.random() < 0.3:
            organisation = rng.choice(others)
        else:
            organisation = f"Gemeente {rng.choice(GEMEENTEN)}"

        w1 = dict(round_1_base)
        if audience in ("burgemeester", "wethouder"):
            w1["crisisbeheersing"] = 4.0
        if audience in ("raadslid", "burgemeester", "wethouder"):
            w1["bedreiging"] *= 1.6
        w2 = dict(round_2_base)
        if audience == "griffier":
            w2["weerbare-raad"] *= 4
        elif audience == "raadslid":
            w2["weerbare-raad"] *= 2
        elif audience == "ambtenaar":
            w2["cyberweerbaarheid"] *= 1.5

        per_round = {"round-1": weighted_order(rng, w1, 2)}
        # Some executives leave after the morning for a council or college meeting.
        leaves_early = audience in ("burgemeester", "wethouder") and rng.random() < 0.35
        arrives_late = not leaves_early and rng.random() < 0.03
        present: list[str] | None
        if leaves_early:
            present = ["opening", "round-1"]
        else:
            per_round["round-2"] = weighted_order(rng, w2, 2)
            present = ["round-1", "round-2"] if arrives_late else None

        registrants.append(Registrant(
            id=rid,
            name=f"{first} {last}",
            # Its registration form asks for first names and surnames apart.
            first_name=first,
            email=people.email(first, last, organisation),
            organisation=organisation,
            audiences=[audience],
            registered_at=registered_at,
            present=present,
            needs=["step-free"] if rid in step_free_ids else [],
            per_round=per_round,
        ))

    return Instance(
        name="Dag van Weerbaar Bestuur",
        description=(
            "Eendaags congres voor het openbaar bestuur: plenaire opening, daarna twee "
            "workshoprondes. Deelnemers kozen per ronde een eerste keus en een alternatief; "
            "toegezegd is 'vol is vol' (wie het eerst komt, het eerst maalt)."
        ),
        rounds=rounds,
        rooms=rooms,
        speakers=speakers,
        workshops=workshops,
        plenaries=plenaries,
        registrants=registrants,
        # As its export: Excel set to Dutch. The calendars carry the venue's time zone.
        settings=Settings(csv_separator=";", time_zone="Europe/Amsterdam"),
    )


# --------------------------------------------------------------------------------------
# Week van de Participatie

WEEK_DAYS = [date(2026, 3, 9), date(2026, 3, 10), date(2026, 3, 11), date(2026, 3, 12),
             date(2026, 3, 13), date(2026, 3, 16), date(2026, 3, 17)]
BLOCKS = {
    "morning": (time(9, 30), time(11, 0), "ochtend"),
    "afternoon": (time(13, 30), time(15, 0), "middag"),
    "evening": (time(19, 30), time(21, 0), "avond"),
}


def week_van_de_participatie() -> Instance:
    rng = random.Random(20260309)
    people = People(rng)
    rounds = [
        Round(id=f"d{d}-{block}", day=day, start=start, end=end, label=f"Dag {d} {label}")
        for d, day in enumerate(WEEK_DAYS, start=1)
        for block, (start, end, label) in BLOCKS.items()
    ]
    round_ids = [r.id for r in rounds]
    opening, closing = "d1-morning", "d7-evening"
    workshop_rounds = [r for r in round_ids if r not in (opening, closing)]
    evenings = [r for r in workshop_rounds if r.endswith("evening")]

    rooms = [
        # The webinar licence is booked for the opening and closing only.
        Room(id="plenair", name="Plenaire webinarruimte", capacity=60, features=["online"],
             unavailable=workshop_rounds),
        Room(id="online-1", name="Online werkruimte 1", capacity=25, features=["online"]),
        Room(id="online-2", name="Online werkruimte 2", capacity=25, features=["online"]),
        Room(id="online-3", name="Online werkruimte 3", capacity=25, features=["online"]),
    ]
    speakers = [
        Speaker(id="sp-hoogendoorn", name="Annelies Hoogendoorn",
                unavailable=["d2-evening", "d4-morning", "d4-afternoon"]),
        Speaker(id="sp-terlouw", name="Joost Terlouw",
                unavailable=["d3-morning", "d5-evening", "d6-afternoon"]),
        Speaker(id="sp-akkermans", name="Dorien Akkermans", unavailable=[
            r for r in workshop_rounds if not r.startswith(("d2-", "d3-", "d6-"))]),
        Speaker(id="sp-benali", name="Karim Benali", unavailable=[
            r for r in workshop_rounds if not r.startswith(("d3-", "d4-", "d5-"))]),
        Speaker(id="sp-kloosterman", name="Roelie Kloosterman",
                unavailable=["d1-afternoon", "d1-evening", "d2-morning"]),
        Speaker(id="sp-vandersluis", name="Thomas van der Sluis",
                unavailable=[r for r in workshop_rounds if r.startswith(("d1-", "d2-"))]),
        Speaker(id="sp-wiersma", name="Greet Wiersma"),
    ]
    workshops = [
        Workshop(id="raad-kaders", title="Participatie en de raad: kaders vooraf",
                 speakers=["sp-hoogendoorn"], audiences=["griffier"], max_sessions=2),
        Workshop(id="burgemeester-verbinder", title="De burgemeester als hoeder van participatie",
                 speakers=["sp-hoogendoorn"], audiences=["burgemeester"], rounds=evenings,
                 max_sessions=2),
        Workshop(id="omgevingswet", title="Participatie onder de Omgevingswet",
                 speakers=["sp-hoogendoorn"], audiences=["manager", "projectleider"],
                 max_sessions=2),
        Workshop(id="sturen", title="Sturen op participatie in de ambtelijke organisatie",
                 speakers=["sp-terlouw"], audiences=["manager"], max_sessions=2),
        Workshop(id="participatieplan", title="Een participatieplan dat werkt",
                 speakers=["sp-terlouw"], audiences=["projectleider"], max_sessions=2),
        Workshop(id="uitdaagrecht", title="Uitdaagrecht en burgerinitiatief",
                 speakers=["sp-terlouw"], audiences=["griffier", "burgemeester"],
                 max_sessions=2),
        Workshop(id="burgerberaad", title="Loting en het burgerberaad",
                 speakers=["sp-akkermans"], audiences=["griffier", "manager"], max_sessions=2),
        Workshop(id="jongeren", title="Jongeren betrekken bij lokaal beleid",
                 speakers=["sp-benali"], audiences=["burgemeester", "projectleider"],
                 max_sessions=2),
        Workshop(id="digitaal", title="Digitale participatie-instrumenten kiezen",
                 speakers=["sp-kloosterman"], audiences=["griffier", "projectleider"],
                 max_sessions=2),
        Workshop(id="verantwoorden", title="Participatie evalueren en verantwoorden",
                 speakers=["sp-vandersluis"], audiences=["manager", "burgemeester"],
                 rounds=[r for r in workshop_rounds if not r.endswith("morning")]),
    ]
    workshops = [w.model_copy(update={"max_size": 20, "features": ["online"]})
                 for w in workshops]
    plenaries = [
        Plenary(id="opening", title="Opening: waarom participatie werkt", round=opening,
                room="plenair", speakers=["sp-wiersma"]),
        Plenary(id="slot", title="Slotsessie: wat nemen we mee?", round=closing, room="plenair",
                speakers=["sp-hoogendoorn", "sp-terlouw"]),
    ]

    popularity = {"raad-kaders": 3.0, "burgemeester-verbinder": 2.5, "omgevingswet": 3.0,
                  "sturen": 2.0, "participatieplan": 2.5, "uitdaagrecht": 1.2,
                  "burgerberaad": 2.5, "jongeren": 1.5, "digitaal": 1.0, "verantwoorden": 1.0}
    groups = (["griffier"] * 16 + ["manager"] * 14 + ["burgemeester"] * 10
              + ["projectleider"] * 18)
    rng.shuffle(groups)
    times = registration_times(rng, len(groups), datetime(2026, 1, 26), 35, 21)

    registrants = []
    for n, (group, registered_at) in enumerate(zip(groups, times, strict=True), start=1):
        first, last = people.name()
        audiences = [group]
        # Programme managers often lead participation projects themselves.
        if group == "manager" and rng.random() < 0.3:
            audiences.append("projectleider")
        organisation = f"Gemeente {rng.choice(GEMEENTEN)}"

        days = sorted(rng.sample(range(1, 8), rng.choice([3, 4, 4, 5, 5, 6])))
        present: set[str] = set()
        for d in days:
            if group == "burgemeester":
                # Mayors' days are full; they join in the evening, sometimes after lunch.
                blocks = ["evening"] + (["afternoon"] if rng.random() < 0.5 else [])
            else:
                blocks = [b for b, p in (("morning", 0.8), ("afternoon", 0.8),
                                         ("evening", 0.3)) if rng.random() < p]
                blocks = blocks or [rng.choice(["morning", "afternoon"])]
            present.update(f"d{d}-{b}" for b in blocks)
        if rng.random() < 0.85:
            present.add(opening)
        if rng.random() < 0.8:
            present.add(closing)

        eligible = {w.id: popularity[w.id] for w in workshops
                    if set(w.audiences) & set(audiences)}
        # One choice more than wanted: the form asked for a reserve.
        wanted = rng.choice([2, 3, 3, 4] if len(eligible) > 4 else [2, 2, 3, 3])
        ranked: list[Choice] = list(weighted_order(rng, eligible, wanted + 1))

        registrants.append(Registrant(
            id=f"r-{n:03d}",
            name=f"{first} {last}",
            email=people.email(first, last, organisation),
            organisation=organisation,
            audiences=audiences,
            registered_at=registered_at,
            present=[r for r in round_ids if r in present],
            ranked=ranked,
            wanted=wanted,
        ))

    return Instance(
        name="Week van de Participatie",
        description=(
            "Zeven online dagen met een ochtend-, middag- en avondblok. Opening en slot "
            "voor iedereen (max. 60); workshops van max. 20 per doelgroep, deels herhaald. "
            "Twee vaste begeleiders leiden elk drie verschillende workshops."
        ),
        rounds=rounds,
        rooms=rooms,
        speakers=speakers,
        workshops=workshops,
        plenaries=plenaries,
        registrants=registrants,
        settings=Settings(),
    )


# --------------------------------------------------------------------------------------
# Ranked-choice conference day


def ranked_choice_day() -> Instance:
    rng = random.Random(20261105)
    people = People(rng)
    day = date(2026, 11, 5)
    rounds = [
        Round(id="r1", day=day, start=time(9, 45), end=time(10, 45), label="Ronde 1"),
        Round(id="r2", day=day, start=time(11, 0), end=time(12, 0), label="Ronde 2"),
        Round(id="r3", day=day, start=time(13, 0), end=time(14, 0), label="Ronde 3"),
        Round(id="r4", day=day, start=time(14, 15), end=time(15, 15), label="Ronde 4"),
    ]
    rooms = [
        Room(id="aula", name="Aula", capacity=120),
        Room(id="amstel", name="Zaal Amstel", capacity=80),
        # Booked for the board's lunch meeting, which runs into round 3.
        Room(id="ijssel", name="Zaal IJssel", capacity=60, unavailable=["r3"]),
        Room(id="maas", name="Zaal Maas", capacity=45),
        Room(id="vecht", name="Zaal Vecht", capacity=35),
        Room(id="dommel", name="Zaal Dommel", capacity=30),
        Room(id="lab-1", name="Computerlab 1", capacity=20, features=["computers"]),
        Room(id="lab-2", name="Computerlab 2", capacity=20, features=["computers"]),
        Room(id="spreekkamer", name="Spreekkamer", capacity=15),
    ]
    speakers = [
        Speaker(id="sp-mertens", name="Eva Mertens", unavailable=["r4"]),
        Speaker(id="sp-haverkamp", name="Ruud Haverkamp"),
        Speaker(id="sp-vanginkel", name="Sophie van Ginkel"),
        Speaker(id="sp-oosting", name="Jurre Oosting"),
        Speaker(id="sp-kalkman", name="Mirthe Kalkman"),
        Speaker(id="sp-dehoog", name="Frits de Hoog"),
        Speaker(id="sp-aydin", name="Elif Aydin"),
        Speaker(id="sp-smeenk", name="Lucas Smeenk"),
        Speaker(id="sp-gerritsen", name="Anja Gerritsen"),
        Speaker(id="sp-vlieger", name="Niek de Vlieger"),
        Speaker(id="sp-rozendaal", name="Bente Rozendaal"),
        Speaker(id="sp-tromp", name="Okke Tromp"),
        Speaker(id="sp-lindeman", name="Carla Lindeman"),
        Speaker(id="sp-reijnders", name="Pim Reijnders"),
    ]
    # In order of popularity: the first two are the ones everyone talks about.
    workshops = [
        Workshop(id="ai-praktijk", title="AI in de gemeentelijke praktijk",
                 speakers=["sp-mertens"], max_sessions=3),
        Workshop(id="bio-beveiliging", title="Informatiebeveiliging: de BIO in de praktijk",
                 speakers=["sp-haverkamp"], max_sessions=3),
        Workshop(id="woo-actief", title="Woo: actief openbaar maken zonder kopzorgen",
                 speakers=["sp-vanginkel"], max_sessions=3),
        Workshop(id="datagedreven", title="Datagedreven sturen in het sociaal domein",
                 speakers=["sp-oosting"], max_sessions=3),
        Workshop(id="privacy", title="Privacy by design bij nieuwe systemen",
                 speakers=["sp-kalkman"], max_sessions=2),
        Workshop(id="dashboards", title="Hands-on: zelf een dashboard bouwen (dubbele sessie)",
                 speakers=["sp-dehoog", "sp-aydin"], duration=2, max_sessions=2,
                 rounds=["r1", "r3"], features=["computers"], min_size=8),
        Workshop(id="archief-cloud", title="Archiveren in de cloud", speakers=["sp-smeenk"]),
        Workshop(id="common-ground", title="Common Ground: samen bouwen aan gemeentelijke IT",
                 speakers=["sp-gerritsen"]),
        Workshop(id="toegankelijkheid", title="Digitale toegankelijkheid: van audit tot aanpak",
                 speakers=["sp-vlieger"], min_size=8),
        Workshop(id="chatbots", title="Chatbots en digitale assistenten aan de balie",
                 speakers=["sp-rozendaal"], min_size=8),
        Workshop(id="informatiehuishouding", title="Informatiehuishouding op orde",
                 speakers=["sp-vanginkel"], min_size=8),
        Workshop(id="it-inkoop", title="Slim inkopen van IT-diensten", speakers=["sp-tromp"],
                 min_size=8),
        Workshop(id="digitale-inclusie", title="Digitale inclusie: niemand buitenspel",
                 speakers=["sp-lindeman"], min_size=8),
        Workshop(id="burgerzaken", title="Burgerzaken volledig digitaal",
                 speakers=["sp-reijnders"], min_size=8),
    ]
    popularity = {w.id: 1.0 / k for k, w in enumerate(workshops, start=1)}

    n_registrants = 300
    times = registration_times(rng, n_registrants, datetime(2026, 9, 21), 42, 28)
    morning_only = set(rng.sample(range(1, n_registrants + 1), 10))
    no_preference = set(rng.sample(sorted(set(range(250, n_registrants + 1)) - morning_only), 4))
    others = ["Waterschap Vallei en Veluwe", "Waterschap Rijn en IJssel", "Provincie Utrecht",
              "Provincie Flevoland", "Rijkswaterstaat", "Logius", "Het Utrechts Archief"]

    registrants = []
    for n, registered_at in enumerate(times, start=1):
        first, last = people.name()
        ranked: list[Choice] | None
        if rng.random() < 0.8:
            organisation = f"Gemeente {rng.choice(GEMEENTEN)}"
        else:
            organisation = rng.choice(others)
        ranked = None if n in no_preference else list(weighted_order(rng, popularity, 5))
        registrants.append(Registrant(
            id=f"r-{n:04d}",
            name=f"{first} {last}",
            email=people.email(first, last, organisation),
            organisation=organisation,
            registered_at=registered_at,
            present=["r1", "r2"] if n in morning_only else None,
            ranked=ranked,
        ))

    return Instance(
        name="Praktijkdag Digitale Overheid",
        description=(
            "Eendaagse conferentie met vier workshoprondes. Deelnemers rangschikten hun "
            "top 5 uit 14 workshops; populaire workshops draaien vaker, de hands-on "
            "dashboardsessie duurt twee rondes."
        ),
        rounds=rounds,
        rooms=rooms,
        speakers=speakers,
        workshops=workshops,
        registrants=registrants,
        settings=Settings(),
    )


# --------------------------------------------------------------------------------------


BUILDERS = {
    "dag-van-weerbaar-bestuur.json": dag_van_weerbaar_bestuur,
    "week-van-de-participatie.json": week_van_de_participatie,
    "ranked-choice-day.json": ranked_choice_day,
}


def seats_table(instance: Instance) -> list[str]:
    """Per round: the most seats sessions can offer (or the plenary room) against presence.

    A workshop round offers at most as many sessions as there are free rooms and as the
    workshops allowed there can run, so only that many of the largest rooms count.
    """
    lines = [f"{'round':<14} {'kind':<9} {'seats':>6} {'present':>8} {'spare':>6}"]
    plenary_room = {p.round: p.room for p in instance.plenaries}
    for round_id in instance.round_order:
        present = sum(1 for r in instance.registrants if round_id in instance.present_rounds(r))
        if round_id in plenary_room:
            kind, seats = "plenary", instance.room_by_id[plenary_room[round_id]].capacity
        else:
            kind = "workshop"
            sessions = sum(w.max_sessions for w in instance.workshops
                           if _may_cover(instance, w, round_id))
            largest = sorted((room.capacity for room in instance.rooms
                              if round_id not in room.unavailable), reverse=True)
            biggest_session = max((w.max_size or MAX_CAPACITY) for w in instance.workshops)
            seats = sum(min(c, biggest_session) for c in largest[:sessions])
        lines.append(f"{round_id:<14} {kind:<9} {seats:>6} {present:>8} {seats - present:>6}")
    return lines


def _may_cover(instance: Instance, workshop: Workshop, round_id: str) -> bool:
    for start in workshop.rounds or instance.round_order:
        span = instance.consecutive_rounds(start, workshop.duration)
        if span and round_id in span:
            return True
    return False


def main(names: Sequence[str] = ()) -> None:
    for filename, build in BUILDERS.items():
        if names and filename not in names:
            continue
        path = HERE / filename
        path.write_text(dump_json(build()), encoding="utf-8", newline="\n")
        instance = load_instance(path)
        print(f"{filename}: {len(instance.rounds)} rounds, {len(instance.rooms)} rooms, "
              f"{len(instance.workshops)} workshops, {len(instance.registrants)} registrants")
        for line in seats_table(instance):
            print("  " + line)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
