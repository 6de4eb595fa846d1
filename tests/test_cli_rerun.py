"""`workshop-scheduler rerun` and `diff` through click's test runner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from conftest import build
from test_cli_solve import PLAN_FILES, csv_rows, write

from cli.main import cli
from scheduler.check import check
from scheduler.instance_io import load_instance, load_solution
from scheduler.model import Instance


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def three_workshop_day(
    cancelled: str | None = None, late: bool = False, late_needs_step_free: bool = False
) -> Instance:
    """One round; A (2 seats), B (2, step-free), C (3). a1, a2 want A then C; b1, b2
    want B then C; c1 wants C. Optimum: everyone in their first choice. The late
    registrant wants B then C, or only B where they need a step-free room."""
    registrants = [
        {"id": "a1", "name": "Anna", "email": "anna@example.org", "ranked": ["A", "C"]},
        {"id": "a2", "name": "Ahmed", "email": "ahmed@example.org", "ranked": ["A", "C"]},
        {"id": "b1", "name": "Bram", "email": "bram@example.org", "ranked": ["B", "C"]},
        {"id": "b2", "name": "Bo", "email": "bo@example.org", "ranked": ["B", "C"]},
        {"id": "c1", "name": "Cas", "email": "cas@example.org", "ranked": ["C"]},
    ]
    if late:
        registrants.append({"id": "n1", "name": "Noor", "email": "noor@example.org",
                            "ranked": ["B", "C"]})
    if late_needs_step_free:
        registrants.append({"id": "n1", "name": "Noor", "email": "noor@example.org",
                            "ranked": ["B"], "needs": ["step-free"]})
    return build(
        rooms=[{"id": "R1", "capacity": 2},
               {"id": "R2", "capacity": 2, "features": ["step-free"]},
               {"id": "R3", "capacity": 3}],
        workshops=[
            {"id": "A", "title": "Archives", "pins": [{"room": "R1"}],
             "cancelled": cancelled == "A"},
            {"id": "B", "title": "Budgets", "pins": [{"room": "R2"}]},
            {"id": "C", "title": "Cloud", "pins": [{"room": "R3"}]},
        ],
        registrants=registrants,
        name="three workshops",
    )


def publish(tmp_path: Path) -> tuple[Path, Path]:
    """The instance file and the plan `solve` wrote for it."""
    instance = write(tmp_path / "day.json", three_workshop_day())
    out = tmp_path / "published"
    result = run("solve", instance, "--out", out, "--time-limit", "10", "--workers", "1",
                 "--quiet")
    assert result.exit_code == 0, result.output
    return instance, out / "solution.json"


def archives_cancelled(tmp_path: Path) -> Path:
    """The changed day: workshop A is cancelled."""
    return write(tmp_path / "changed.json", three_workshop_day(cancelled="A"))


def rerun_args(changed: Path, previous: Path, out: Path, *extra: str | Path) -> list[str | Path]:
    return ["rerun", changed, "--previous", previous, "--out", out, "--time-limit", "10",
            "--workers", "1", *extra]


def test_rerun_writes_a_checked_plan_and_lists_exactly_who_must_be_told(
    tmp_path: Path,
) -> None:
    """A is cancelled: its two people go to C, their second choice; nobody else changes."""
    day, previous = publish(tmp_path)
    changed = archives_cancelled(tmp_path)
    out = tmp_path / "rerun"
    result = run(*rerun_args(changed, previous, out, "--previous-instance", day))
    assert result.exit_code == 0, result.output
    first, second, third = result.stdout.splitlines()[:3]
    assert first.startswith("three workshops: OPTIMAL in ")
    assert second == ("2 registrants moved (proven minimum 2 with the sessions in place), "
                      "0 better off than published (told, not counted as moved), "
                      "0 placed who had no seat")
    assert third == "0 sessions moved to another round or room, 1 no longer held"
    for name in (*PLAN_FILES, "changes.csv", "notify.csv"):
        assert (out / name).is_file(), name
    instance = load_instance(changed)
    assert check(instance, load_solution(out / "solution.json")) == []
    changes = csv_rows(out / "changes.csv")
    assert [(r["registrant"], r["name"], r["reason"]) for r in changes] == [
        ("a1", "Anna", "workshop 'Archives' cancelled"),
        ("a2", "Ahmed", "workshop 'Archives' cancelled"),
    ]
    assert all("Archives" in r["old programme"] and "Cloud" in r["new programme"]
               for r in changes)
    notify = csv_rows(out / "notify.csv")
    assert [(r["email"], r["registrant"]) for r in notify] == [
        ("anna@example.org", "a1"), ("ahmed@example.org", "a2")]
    # The mail-merge fields every programme goes out with, and why it changed.
    merged = {r["registrant"]: r for r in csv_rows(out / "mail-merge.csv")}
    for row in notify:
        assert row == {**merged[row["registrant"]],
                       "reason": "workshop 'Archives' cancelled"}
        assert (out / row["ics"]).is_file()


def test_rerun_json_summary_counts_moves_and_newcomers(tmp_path: Path) -> None:
    """A late registrant wants B (full): they take a seat in C without moving anyone."""
    _, previous = publish(tmp_path)
    changed = write(tmp_path / "changed.json", three_workshop_day(late=True))
    result = run(*rerun_args(changed, previous, tmp_path / "rerun", "--json"))
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["status"], summary["registrants_moved"], summary["moves_lower_bound"],
            summary["placed_now"]) == ("OPTIMAL", 0, 0, ["n1"])
    assert [s["name"] for s in summary["stages"]] == [
        "seats filled", "registrants moved", "wait-list order", "published seats given up",
        "preference cost"]
    assert [(r["registrant"], r["reason"]) for r in
            csv_rows(tmp_path / "rerun" / "changes.csv")] == [("n1", "new registration")]


def test_rerun_with_max_moves_says_that_seats_stay_empty(tmp_path: Path) -> None:
    """The late registrant can only sit in B, which is full: seating them moves b1 or
    b2 to C. With no moves allowed they stay unplaced, and the summary says so."""
    _, previous = publish(tmp_path)
    changed = write(tmp_path / "changed.json",
                    three_workshop_day(late_needs_step_free=True))
    free = run(*rerun_args(changed, previous, tmp_path / "free", "--json"))
    assert json.loads(free.stdout)["registrants_moved"] == 1
    result = run(*rerun_args(changed, previous, tmp_path / "rerun", "--max-moves", "0"))
    assert result.exit_code == 0, result.output
    assert ("the limit of 0 moves may leave registrants unplaced: 1 wanted seats are empty"
            in result.stdout.splitlines())
    assert csv_rows(tmp_path / "rerun" / "changes.csv") == []


def test_rerun_says_why_max_moves_leaves_no_plan_and_what_would(tmp_path: Path) -> None:
    """A's two people must change programme whatever happens: one move is too few,
    and two is the least that leaves a plan."""
    _, previous = publish(tmp_path)
    changed = archives_cancelled(tmp_path)
    out = tmp_path / "rerun"
    result = run(*rerun_args(changed, previous, out, "--max-moves", "1"))
    assert (result.exit_code, result.stderr) == (1, (
        "error: no plan exists for the changed day under these options: --max-moves 1 is "
        "too few. Whatever the plan, 2 registrants' programmes change (such as those of a "
        "cancelled workshop's people, whether they are moved or left without a seat); "
        "--max-moves 2 is the least that leaves a plan\n"))
    assert not out.exists()
    assert run(*rerun_args(changed, previous, out, "--max-moves", "2")).exit_code == 0


def test_rerun_refuses_to_replace_a_plan_without_force(tmp_path: Path) -> None:
    _, previous = publish(tmp_path)
    changed = archives_cancelled(tmp_path)
    out = tmp_path / "rerun"
    assert run(*rerun_args(changed, previous, out)).exit_code == 0
    before = (out / "solution.json").read_bytes()
    refused = run(*rerun_args(changed, previous, out))
    assert (refused.exit_code, refused.stderr) == (
        2, f"error: {out} already holds a plan (solution.json); use --force to replace it\n")
    assert (out / "solution.json").read_bytes() == before
    assert run(*rerun_args(changed, previous, out, "--force")).exit_code == 0


def test_rerun_names_a_broken_previous_plan_without_a_traceback(tmp_path: Path) -> None:
    day = write(tmp_path / "day.json", three_workshop_day())
    broken = tmp_path / "solution.json"
    broken.write_text("{not json", encoding="utf-8")
    out = tmp_path / "rerun"
    result = run(*rerun_args(day, broken, out))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {broken}")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output
    missing = tmp_path / "nowhere.json"
    result = run(*rerun_args(day, missing, out))
    assert (result.exit_code, result.stderr) == (2, (
        f"error: {missing}: the plan file does not exist; name a plan folder written by "
        "`solve`, or its solution.json\n"))
    assert not out.exists()


def test_diff_prints_the_change_list_of_two_plans(tmp_path: Path) -> None:
    day, previous = publish(tmp_path)
    changed = archives_cancelled(tmp_path)
    out = tmp_path / "rerun"
    assert run(*rerun_args(changed, previous, out)).exit_code == 0
    result = run("diff", previous, out / "solution.json", "--instance", changed)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "a1: workshop 'Archives' cancelled",
        "a2: workshop 'Archives' cancelled",
        "2 registrants with a changed programme",
    ]
    same = run("diff", previous, previous)
    assert (same.exit_code, same.stdout) == (0, "no changes\n")


def test_rerun_says_when_a_seat_goes_out_of_wait_list_order(tmp_path: Path) -> None:
    """p2 waits for A; p0 withdraws. The newcomer can only sit in A (the one room with
    step-free access): seating them fills a seat that promoting p2 would leave empty,
    so the seat goes out of line, and the summary says so."""
    people = [
        {"id": "p0", "ranked": ["A"]}, {"id": "p1", "ranked": ["A"]},
        {"id": "p2", "ranked": ["A", "B"]},
    ]

    def day(registrants: list[dict[str, object]]) -> Instance:
        return build(
            rooms=[{"id": "R1", "capacity": 2, "features": ["step-free"]},
                   {"id": "R2", "capacity": 1}],
            workshops=[{"id": "A", "pins": [{"room": "R1"}]},
                       {"id": "B", "pins": [{"room": "R2"}]}],
            registrants=registrants, name="line",
        )
    published_day = write(tmp_path / "day.json", day(people))
    published = tmp_path / "published"
    assert run("solve", published_day, "--out", published, "--time-limit", "10",
               "--workers", "1", "--quiet").exit_code == 0
    previous = load_solution(published / "solution.json")
    assert list(previous.wait_lists.values()) == [["p2"]]
    newcomer = {"id": "n1", "ranked": ["A"], "needs": ["step-free"]}
    changed = write(tmp_path / "changed.json", day([*people[1:], newcomer]))
    result = run(*rerun_args(changed, published / "solution.json", tmp_path / "rerun"))
    assert result.exit_code == 0, result.output
    assert ("1 seats went to someone behind a registrant still waiting for them: keeping "
            "the wait-lists' order there would leave seats empty or move more people"
            in result.stdout.splitlines())


def test_a_plan_file_is_what_rerun_reads_back(tmp_path: Path) -> None:
    """The published plan round-trips: a rerun of the unchanged day changes nothing."""
    day, previous = publish(tmp_path)
    out = tmp_path / "rerun"
    result = run(*rerun_args(day, previous, out))
    assert result.exit_code == 0, result.output
    assert csv_rows(out / "changes.csv") == [] and csv_rows(out / "notify.csv") == []
    assert load_solution(out / "solution.json").assignments == load_solution(
        previous).assignments


def test_rerun_and_diff_take_a_plan_folder(tmp_path: Path) -> None:
    day, previous = publish(tmp_path)
    out = tmp_path / "rerun"
    result = run(*rerun_args(archives_cancelled(tmp_path), previous.parent, out,
                             "--previous-instance", day))
    assert result.exit_code == 0, result.output
    listed = run("diff", previous.parent, out)
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.splitlines()[-1] == "2 registrants with a changed programme"


def test_a_report_of_a_rerun_keeps_its_cancelled_calendar_events(tmp_path: Path) -> None:
    """Made anew from the plan, Anna's calendar would no longer remove Archives."""
    day, previous = publish(tmp_path)
    out = tmp_path / "rerun"
    assert run(*rerun_args(archives_cancelled(tmp_path), previous, out,
                           "--previous-instance", day)).exit_code == 0
    sent = (out / "ics" / "registrants" / "a1.ics").read_bytes()
    assert b"STATUS:CANCELLED" in sent
    again = run("report", out)
    assert again.exit_code == 0, again.output
    assert "the calendars are the rerun's" in again.stderr
    assert (out / "ics" / "registrants" / "a1.ics").read_bytes() == sent
    elsewhere = run("report", out, "--out", tmp_path / "copy")
    assert elsewhere.exit_code == 0, elsewhere.output
    assert (tmp_path / "copy" / "ics" / "registrants" / "a1.ics").read_bytes() == sent


def test_the_rerun_calendars_cancel_the_sessions_people_no_longer_attend(
    tmp_path: Path,
) -> None:
    """A is cancelled: Anna's calendar keeps the Archives event, marked cancelled, beside
    Cloud; Bram's has nothing cancelled; the room calendar of A's room cancels it too."""
    from icalendar import Calendar

    day, previous = publish(tmp_path)
    out = tmp_path / "rerun"
    result = run(*rerun_args(archives_cancelled(tmp_path), previous, out,
                             "--previous-instance", day))
    assert result.exit_code == 0, result.output

    def events(path: Path) -> dict[str, tuple[str, str, int]]:
        calendar = Calendar.from_ical(path.read_bytes())
        return {str(e["summary"]): (str(e.get("status", "")), str(e["uid"]),
                                    int(e["sequence"]))
                for e in calendar.walk("VEVENT")}

    before = events(previous.parent / "ics" / "registrants" / "a1.ics")
    anna = events(out / "ics" / "registrants" / "a1.ics")
    assert {title: status for title, (status, _, _) in anna.items()} == {
        "Archives": "CANCELLED", "Cloud": ""}
    assert anna["Archives"][1] == before["Archives"][1]  # the same event, now cancelled
    assert anna["Archives"][2] > before["Archives"][2]
    assert {s for s, _, _ in events(out / "ics" / "registrants" / "b1.ics").values()} == {""}
    assert [s for s, _, _ in events(out / "ics" / "rooms" / "R1.ics").values()] == [
        "CANCELLED"]
