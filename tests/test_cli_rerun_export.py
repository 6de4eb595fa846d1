"""`workshop-scheduler rerun` fed a fresh registration export, as staff get it after a
change: rows deleted, sorted another way, late registrations appended."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from test_cli_rerun import run
from test_cli_solve import csv_rows

from scheduler.instance_io import load_instance, load_solution
from scheduler.model import Instance, Registrant
from scheduler.registrant_matching import match_registrants

EXAMPLES = Path(__file__).parents[1] / "instances" / "examples"
EXPORT = EXAMPLES / "dag-van-weerbaar-bestuur-inschrijvingen.csv"
WORKSHOPS = EXAMPLES / "dag-van-weerbaar-bestuur-workshops.xlsx"
LATE_ROW = ("20-03-2026 10:00:00;Noor;;Smits;n.smits@gemeente-steenwijkerland.example;"
            "Gemeente Steenwijkerland;Gemeentesecretaris;;;"
            "Bedreiging en intimidatie van ambtsdragers;"
            "Ondermijning: weerbaar tegen criminele inmenging;"
            "Digitale weerbaarheid na een cyberincident;Desinformatie en online haat;")


def day(*people: tuple[str, str, str]) -> Instance:
    """One round, one workshop; registrants as (id, name, e-mail)."""
    return Instance.model_validate({
        "name": "day",
        "rounds": [{"id": "r1", "day": "2026-03-26", "start": "10:00", "end": "11:00"}],
        "rooms": [{"id": "m1", "capacity": 10}],
        "workshops": [{"id": "w1", "title": "W"}],
        "registrants": [{"id": i, "name": n, "email": e, "ranked": ["w1"]}
                        for i, n, e in people],
    })


def ids_by_email(instance: Instance) -> dict[str, str]:
    return {r.email or r.name: r.id for r in instance.registrants}


def test_registrants_take_their_published_ids_by_address_then_by_name() -> None:
    published = day(("r-001", "Anna", "anna@example.org"), ("r-002", "Bram", "bram@x.org"),
                    ("r-003", "Cas", ""), ("r-004", "Dirk", "dirk@x.org"))
    # Re-exported: Bram withdrew, the rest sorted otherwise, the address in capitals,
    # and a newcomer whose positional id is a withdrawn person's published one.
    export = day(("r-001", "Cas", ""), ("r-002", "Eva", "eva@x.org"),
                 ("r-003", "Anna", "ANNA@example.org"), ("r-004", "Dirk", "dirk@x.org"))
    matched, matching = match_registrants(export, published)
    assert ids_by_email(matched) == {
        "Cas": "r-003", "eva@x.org": "r-005", "ANNA@example.org": "r-001",
        "dirk@x.org": "r-004",
    }
    assert (matching.matched, matching.new, matching.gone) == (3, ["r-005"], ["r-002"])


def test_people_without_an_address_who_share_a_name_are_not_guessed() -> None:
    published = day(("p1", "Jan", ""), ("p2", "Jan", ""))
    matched, matching = match_registrants(day(("p1", "Jan", "")), published)
    new_id = matched.registrants[0].id
    assert new_id not in {"p1", "p2"}
    assert (matching.matched, matching.new, matching.gone) == (0, [new_id], ["p1", "p2"])


def test_every_new_id_is_one_the_published_day_never_used() -> None:
    published = day(*[(f"r-{n:03d}", f"P{n}", f"p{n}@x.org") for n in (1, 2, 7)],
                    ("guest", "G", "g@x.org"))
    export = day(*[(f"r-{n:03d}", f"N{n}", f"n{n}@x.org") for n in range(1, 5)])
    matched, _ = match_registrants(export, published)
    assert [r.id for r in matched.registrants] == ["r-008", "r-009", "r-010", "r-011"]


def registrant(instance: Instance, email: str) -> Registrant:
    return next(r for r in instance.registrants if r.email == email)


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """The example congress day planned from its registration export."""
    out = tmp_path / "v1"
    result = run("solve", EXPORT, "--workshops", WORKSHOPS, "--out", out, "--time-limit",
                 "20", "--workers", "1", "--quiet")
    assert result.exit_code == 0, result.output
    return out


def test_a_rerun_from_a_reordered_export_tells_only_who_changed(
    published: Path, tmp_path: Path
) -> None:
    """Row 5 (a registrant) deleted, the rest in reverse order, one late registration:
    by position every id would now belong to someone else."""
    header, *rows = EXPORT.read_text(encoding="utf-8").splitlines()
    withdrawn_row = rows.pop(4)
    export = tmp_path / "inschrijvingen-2.csv"
    export.write_text("\n".join([header, *reversed(rows), LATE_ROW]) + "\n", encoding="utf-8")
    out = tmp_path / "v2"
    result = run("rerun", export, "--workshops", WORKSHOPS, "--previous",
                 published / "solution.json", "--out", out, "--time-limit", "20",
                 "--workers", "1", "--json")
    assert result.exit_code == 0, result.output
    assert ("registrants matched to the published plan by e-mail address (or name): 149; "
            "new: 1; no longer registered: 1") in result.stderr.splitlines()
    summary = json.loads(result.stdout)
    assert (summary["registrants_moved"], summary["newly_placed"]) == (0, 1)
    assert (summary["registrants_matched"], summary["registrants_new"],
            summary["registrants_no_longer_registered"]) == (149, 1, 1)
    old = load_instance(published / "instance.json")
    withdrawn_email = withdrawn_row.split(";")[4]
    changes = {row["email"]: row for row in csv_rows(out / "changes.csv")}
    assert changes[withdrawn_email]["reason"] == "withdrawn"
    assert changes[withdrawn_email]["registrant"] == registrant(old, withdrawn_email).id
    assert changes[withdrawn_email]["name"] == registrant(old, withdrawn_email).name
    assert changes["n.smits@gemeente-steenwijkerland.example"]["reason"] == "new registration"
    others = {row["reason"] for email, row in changes.items()
              if email not in (withdrawn_email, "n.smits@gemeente-steenwijkerland.example")}
    assert others <= {"promoted from the wait-list"}
    # The plan folder carries the matched day, for `check`, `diff` and the next rerun.
    matched = load_instance(out / "instance.json")
    assert {r.email: r.id for r in matched.registrants if r.email in ids_by_email(old)} == {
        r.email: r.id for r in old.registrants if r.email != withdrawn_email}
    assert run("check", out / "instance.json", out / "solution.json").exit_code == 0
    listed = run("diff", published / "solution.json", out / "solution.json")
    assert listed.stdout.splitlines()[-1] == f"{len(changes)} registrants with a changed programme"


def test_a_rerun_from_an_export_needs_the_published_instance(
    published: Path, tmp_path: Path
) -> None:
    plan = tmp_path / "elsewhere" / "solution.json"
    plan.parent.mkdir()
    plan.write_bytes((published / "solution.json").read_bytes())
    out = tmp_path / "v2"
    result = run("rerun", EXPORT, "--workshops", WORKSHOPS, "--previous", plan, "--out", out)
    assert (result.exit_code, result.stderr) == (2, (
        f"error: {plan}: a rerun from a registration export matches its registrants to "
        "the published plan by e-mail address, and needs the instance that plan was made "
        "for: instance.json beside the plan (solve writes it there; plans written by "
        "earlier versions have none), or --previous-instance\n"))
    assert not out.exists()
    given = run("rerun", EXPORT, "--workshops", WORKSHOPS, "--previous", plan,
                "--previous-instance", published / "instance.json", "--out", out,
                "--time-limit", "20", "--workers", "1", "--json")
    assert given.exit_code == 0, given.output
    assert json.loads(given.stdout)["registrants_moved"] == 0


def test_a_rerun_refuses_an_instance_whose_ids_name_other_people(
    published: Path, tmp_path: Path
) -> None:
    """An instance imported anew from a re-sorted export: rerunning it by id would hand
    programmes to the wrong people. A corrected address alone is the same person."""
    header, *rows = EXPORT.read_text(encoding="utf-8").splitlines()
    export = tmp_path / "inschrijvingen-2.csv"
    export.write_text("\n".join([header, *reversed(rows)]) + "\n", encoding="utf-8")
    day = tmp_path / "day-2.json"
    assert run("import", export, "--workshops", WORKSHOPS, "--out", day).exit_code == 0
    out = tmp_path / "v2"
    result = run("rerun", day, "--previous", published / "solution.json", "--out", out)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: {day}: 149 registrant ids belong to other people than in the published "
        "instance (by e-mail address and name), such as 'r-0001', 'r-0002', 'r-0003' and 146 "
        "more;")
    assert "rerun from the export itself (with --workshops)" in result.stderr
    assert not out.exists()
    corrected = load_instance(published / "instance.json")
    first = corrected.registrants[0]
    corrected = corrected.model_copy(update={"registrants": [
        first.model_copy(update={"email": "new-address@example.org"}),
        *corrected.registrants[1:]]})
    same_people = tmp_path / "day-3.json"
    same_people.write_text(corrected.model_dump_json(), encoding="utf-8")
    result = run("rerun", same_people, "--previous", published / "solution.json",
                 "--out", out, "--time-limit", "20", "--workers", "1", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["registrants_moved"] == 0


def test_a_workshop_cancelled_in_the_workbook_tells_its_people(
    published: Path, tmp_path: Path
) -> None:
    workbook = openpyxl.load_workbook(WORKSHOPS)
    sheet = workbook["Workshops"]
    column = sheet.max_column + 1
    sheet.cell(1, column, "Geannuleerd")
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, column, "ja" if sheet.cell(row, 1).value == "bedreiging" else "nee")
    cancelled = tmp_path / "workshops-2.xlsx"
    workbook.save(cancelled)
    out = tmp_path / "v2"
    result = run("rerun", EXPORT, "--workshops", cancelled, "--previous",
                 published / "solution.json", "--out", out, "--time-limit", "20",
                 "--workers", "1")
    assert result.exit_code == 0, result.output
    plan = load_solution(published / "solution.json")
    held = {s.id for s in plan.sessions if s.workshop == "bedreiging"}
    its_people = {a.registrant for a in plan.assignments if a.session in held}
    reasons = {row["registrant"]: row["reason"] for row in csv_rows(out / "changes.csv")}
    assert its_people and its_people <= set(reasons)
    assert all("workshop 'Bedreiging en intimidatie van ambtsdragers' cancelled"
               in reasons[p] for p in its_people)
    assert {row["registrant"] for row in csv_rows(out / "notify.csv")} == set(reasons)
