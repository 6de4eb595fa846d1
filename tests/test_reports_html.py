"""The HTML report, as a browser shows it: headless Chromium loads the file offline."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from report_fixtures import tiny_day

from scheduler.model import Instance
from scheduler.reports import organiser_files

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (Debian: apt-get install chromium; .ci/run does this)",
)


def chromium(tmp_path: Path, page: Path, *mode: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", *mode, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    instance, solution, summary = tiny_day()
    page = tmp_path_factory.mktemp("report") / "report.html"
    page.write_bytes(organiser_files(instance, solution, summary)["report.html"])
    return page


def test_the_report_needs_nothing_from_the_network(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    assert "default-src 'none'" in html
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", html)
    assert "<script" not in html


def test_titles_cannot_add_markup() -> None:
    instance, solution, summary = tiny_day()
    data = instance.model_dump()
    data["workshops"][0]["title"] = "Café <script>alert(1)</script>"
    html = organiser_files(Instance.model_validate(data), solution, summary)["report.html"]
    text = html.decode("utf-8")
    assert "Café &lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script" not in text


def test_the_report_names_people_by_id_only(report: Path) -> None:
    """r-4 got no chosen workshop: the page lists the id, not the person."""
    instance, _, _ = tiny_day()
    html = report.read_text(encoding="utf-8")
    assert "r-4" in html[html.index('<section id="no-choice">'):]
    for r in instance.registrants:
        for personal in (r.name, r.email, r.organisation):
            assert not personal or personal not in html, personal


@needs_chromium
def test_chromium_shows_every_session_in_the_grid_and_draws_the_chart(
        report: Path, tmp_path: Path) -> None:
    dom = chromium(tmp_path, report, "--dump-dom", "--virtual-time-budget=2000").stdout
    grid = dom[dom.index('<section id="room-plan">'):dom.index('<section id="fill-per')]
    assert re.findall(r'data-session="([^"]+)"', grid) == [
        "opening", "cafe-1", "weerbaar-1", "ondermijning-1", "weerbaar-2"]
    bars = re.findall(r'<rect class="rank-bar" data-label="([^"]+)" data-count="(\d+)"'
                      r'[^>]* height="([\d.]+)"', dom)
    assert [(label, int(count)) for label, count, _ in bars] == [
        ("1st choice", 3), ("2nd choice", 2), ("not chosen", 3), ("empty seat", 0)]
    assert [float(h) > 0 for _, count, h in bars] == [True, True, True, False]
    assert "r-4" in dom[dom.index('<section id="no-choice">'):]


@needs_chromium
def test_chromium_takes_a_screenshot_of_the_report(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    chromium(tmp_path, report, f"--screenshot={shot}", "--window-size=1280,2000")
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1280, 2000)
    assert shot.stat().st_size > 20_000
