"""A rerun that moves sessions: the published session ids stay, and each session's
people are told the same thing about it, through `workshop-scheduler rerun`."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from conftest import build
from icalendar import Calendar
from test_cli_solve import csv_rows, write

from cli.main import cli
from scheduler.instance_io import dump_json, load_solution
from scheduler.model import Instance
from scheduler.solution import Assignment, SessionPlan, Solution


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def lottery_day(changed: bool) -> Instance:
    """Three rounds T1..T3, rooms X and Y (3 seats each). Published: Loting (L) in T2
    and T3, both in X; Kaders (K) in T1, X; Monitoring (M) in T2 and T3, Y.

    The change: L's second session must move to T1, room Y (its pins), and M runs once,
    in T2. Numbered in time order, L's session in T1 would be L-1 and the unchanged T2
    session L-2. a1, a2 (in L in T2) and k1 (in K) keep their programmes. b1, b2, b3
    were in L in T3: b1 follows it to T1, b2 (not there in T1) goes to L in T2, b3
    (only there in T3) is left without a seat. m1 was in M in T3 and goes to M in T2.
    """
    l_pins = [{"round": "T1", "room": "Y"}, {"round": "T2", "room": "X"}] if changed \
        else [{"round": "T2", "room": "X"}, {"round": "T3", "room": "X"}]
    m_pins = [{"round": "T2", "room": "Y"}] if changed \
        else [{"round": "T2", "room": "Y"}, {"round": "T3", "room": "Y"}]

    def person(pid: str, ranked: list[str], present: list[str] | None = None) -> dict:
        return {"id": pid, "name": pid.upper(), "email": f"{pid}@example.org",
                "ranked": ranked, "wanted": 1,
                **({"present": present} if present else {})}

    return build(
        rounds=3,
        rooms=[{"id": "X", "capacity": 3}, {"id": "Y", "capacity": 3}],
        workshops=[
            {"id": "L", "title": "Loting", "max_sessions": 2, "pins": l_pins},
            {"id": "K", "title": "Kaders", "pins": [{"round": "T1", "room": "X"}]},
            {"id": "M", "title": "Monitoring", "max_sessions": len(m_pins), "pins": m_pins},
        ],
        registrants=[
            person("a1", ["L"]), person("a2", ["L"]), person("k1", ["K"]),
            person("b1", ["L"]), person("b2", ["L"], ["T2", "T3"]), person("b3", ["L"], ["T3"]),
            person("m1", ["M"]),
        ],
        name="lottery day",
    )


def published_plan(folder: Path) -> Path:
    """The published plan as `solve` would leave it, with its calendars."""
    sessions = [("L-1", "L", "T2", "X"), ("L-2", "L", "T3", "X"), ("K-1", "K", "T1", "X"),
                ("M-1", "M", "T2", "Y"), ("M-2", "M", "T3", "Y")]
    people = {"a1": "L-1", "a2": "L-1", "k1": "K-1", "b1": "L-2", "b2": "L-2", "b3": "L-2",
              "m1": "M-2"}
    solution = Solution(
        instance="lottery day",
        sessions=[SessionPlan(id=i, workshop=w, rounds=[r], room=m) for i, w, r, m in sessions],
        assignments=[Assignment(registrant=p, session=s) for p, s in people.items()],
    )
    folder.mkdir()
    (folder / "solution.json").write_text(dump_json(solution), encoding="utf-8")
    write(folder / "instance.json", lottery_day(changed=False))
    result = run("report", folder)
    assert result.exit_code == 0, result.output
    return folder


def events(path: Path) -> dict[str, tuple[str, str]]:
    """Event UID -> (title, status) of a calendar file."""
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): (str(e["summary"]), str(e.get("status", "")))
            for e in calendar.walk("VEVENT")}


def test_a_rerun_keeps_session_ids_and_tells_each_session_s_people_the_same(
    tmp_path: Path,
) -> None:
    published = published_plan(tmp_path / "published")
    changed = write(tmp_path / "changed.json", lottery_day(changed=True))
    out = tmp_path / "rerun"
    result = run("rerun", changed, "--previous", published, "--out", out,
                 "--time-limit", "10", "--workers", "1")
    assert result.exit_code == 0, result.output

    # The T2 sessions keep their ids (L-1, M-1); L-2 is the session that moved to T1.
    plan = load_solution(out / "solution.json")
    assert sorted((s.id, s.rounds[0], s.room) for s in plan.sessions) == [
        ("K-1", "T1", "X"), ("L-1", "T2", "X"), ("L-2", "T1", "Y"), ("M-1", "T2", "Y")]

    moved = "session of 'Loting' moved to round T1 in room Y"
    assert [(r["registrant"], r["reason"]) for r in csv_rows(out / "changes.csv")] == [
        ("b1", moved), ("b2", f"{moved} (now in 'Loting' in round T2)"),
        ("b3", f"{moved} (no seat in its place)"),
        ("m1", "session of 'Monitoring' in round T3 cancelled"),
    ]
    assert [r["registrant"] for r in csv_rows(out / "notify.csv")] == ["b1", "b2", "b3", "m1"]

    # Unchanged programmes: the very same events, none cancelled.
    for unchanged in ("a1", "a2", "k1"):
        name = f"ics/registrants/{unchanged}.ics"
        assert events(out / name).keys() == events(published / name).keys()
        assert {status for _, status in events(out / name).values()} == {""}
    # b1's session moved under its id: the event is updated, not cancelled and added.
    b1 = "ics/registrants/b1.ics"
    assert events(out / b1).keys() == events(published / b1).keys()
    assert {status for _, status in events(out / b1).values()} == {""}
    # b3 lost their seat: the event is cancelled.
    assert [status for _, status in events(out / "ics/registrants/b3.ics").values()] == [
        "CANCELLED"]
