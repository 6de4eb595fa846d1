"""`workshop-scheduler import`, and `solve` fed a registration export directly."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cli.main import cli
from scheduler.instance_io import load_instance

DATA = Path(__file__).parent / "data" / "imports"
EVENT = DATA / "workshops"
# Names and addresses in nl-per-round.csv, which must never reach logs or summaries.
PRIVATE = ("Lotte", "Vries", "Bram", "Jansen", "zwolle.example", "ede.example", "@")


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_import_writes_the_instance_and_says_what_it_read(tmp_path: Path) -> None:
    out = tmp_path / "dag.json"
    code, stdout, stderr = run("import", DATA / "nl-per-round.csv", "--workshops", EVENT,
                               "--out", out)
    assert (code, stderr) == (0, "")
    assert stdout.splitlines() == [
        "columns:",
        "  'Tijdstempel': registration time",
        "  'Naam': name",
        "  'E-mailadres': e-mail address",
        "  'Organisatie': organisation",
        "  'Functie': audience (role)",
        "  'Keuze ronde 1': 1st choice for round 'Ochtend'",
        "  'Keuze ronde 2': 1st choice for round 'Middag'",
        "  'Opmerkingen': ignored",
        "3 rows read, 2 registrants",
        "1 registered more than once (same e-mail address and name); the latest "
        "registration counts:",
        "  row 5 kept, row 2 left out",
        f"wrote {out}: 2 registrants, 3 workshops, 2 rounds, 2 rooms",
    ]
    assert not [p for p in PRIVATE if p in stdout]
    instance = load_instance(out)
    assert [r.id for r in instance.registrants] == ["r-0001", "r-0002"]


def test_import_writes_yaml_and_will_not_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "dag.yaml"
    assert run("import", DATA / "en-ranked.csv", "--workshops", EVENT, "--out", out)[0] == 0
    assert load_instance(out).registrants[0].ranked == [
        "weerbaar-bestuur", "cafe-democratie", "ondermijning-herkennen"]
    code, _, stderr = run("import", DATA / "en-ranked.csv", "--workshops", EVENT,
                          "--out", out)
    assert (code, stderr) == (2, f"error: {out} exists; use --force to replace it\n")
    assert run("import", DATA / "en-ranked.csv", "--workshops", EVENT, "--out", out,
               "--force")[0] == 0


def test_import_stops_on_unmatched_titles_with_exit_2(tmp_path: Path) -> None:
    code, stdout, stderr = run("import", DATA / "unmatched-titles.csv", "--workshops", EVENT,
                               "--out", tmp_path / "x.json")
    assert code == 2 and stdout == ""
    assert stderr.splitlines()[0] == (
        f"error: {DATA / 'unmatched-titles.csv'}: rows 2, 3 and 4: 2 workshop titles match "
        "no workshop:")
    assert "  'Yoga op de werkvloer' (row 3, column '1e keuze')" in stderr
    assert not (tmp_path / "x.json").exists()


def test_solve_takes_an_export_and_writes_the_imported_instance(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    code, stdout, stderr = run("solve", DATA / "nl-per-round.csv", "--workshops", EVENT,
                               "--out", out, "--time-limit", "10", "--workers", "1")
    assert code == 0, stderr
    assert "  'Keuze ronde 1': 1st choice for round 'Ochtend'" in stderr.splitlines()
    for name in ("instance.json", "solution.json", "summary.json", "plan.xlsx",
                 "mail-merge.csv", "report.html", "ics/registrants/r-0001.ics",
                 "ics/rooms/aula.ics"):
        assert (out / name).is_file(), name
    assert load_instance(out / "instance.json").registrants[0].email == "LOTTE@zwolle.example"
    summary = (out / "summary.json").read_text(encoding="utf-8")
    assert json.loads(summary)["placed"] == 2
    for private in PRIVATE:
        assert private not in summary and private not in stdout and private not in stderr


def test_solve_needs_workshops_for_an_export(tmp_path: Path) -> None:
    code, _, stderr = run("solve", DATA / "nl-per-round.csv", "--out", tmp_path / "plan")
    assert code == 2
    assert stderr == (f"error: {DATA / 'nl-per-round.csv'}: a registration export needs "
                      "--workshops: the file with the event's rounds, rooms and workshops\n")


def test_workshops_go_only_with_an_export(tmp_path: Path) -> None:
    instance = Path(__file__).resolve().parent.parent / "instances" / "examples" / (
        "dag-van-weerbaar-bestuur.json")
    code, _, stderr = run("solve", instance, "--workshops", EVENT, "--out", tmp_path / "p")
    assert code == 2
    assert "--workshops and --mapping go with a registration export" in stderr
