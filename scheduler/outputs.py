"""Write a finished plan to a folder: all files appear together, or none change.

The files are written into a fresh sibling folder first, then swapped in with renames,
so a crash or kill leaves either the previous complete folder or the new one. On Linux
the swap is one step (renameat2 with RENAME_EXCHANGE); elsewhere it takes two renames,
and a kill between them leaves the previous folder aside, which the next write puts
back before anything else.

Because the folder itself is replaced, what the organiser set up on it is carried over:
a symbolic link is followed (the folder it names is swapped, the link stays), and the
new folder takes the old one's mode and group, so colleagues sharing it keep access.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from scheduler.fs import (
    file_in_the_way,
    nearest_existing,
    new_folder,
    real_path,
    take_over_mode_and_group,
)
from scheduler.instance_io import dump_json
from scheduler.model import Instance
from scheduler.reports import PlanView, organiser_files
from scheduler.reports.cells import FORMULA_PREFIXES, csv_text, neutralise
from scheduler.solution import Solution

__all__ = ["FORMULA_PREFIXES", "OutputExists", "OutputRefused", "PLAN_FOLDER_FILES",
           "check_output_folder", "csv_text", "neutralise", "plan_files", "write_folder"]

# Every top-level file and folder that `solve`, `rerun` and `report` write into a plan
# folder. Some runs write a file and others do not (changes.csv and notify.csv come only
# from a rerun), so a plan that replaces another drops those the new plan does not
# write: a stale changes.csv would tell people of moves the new plan never made. (Every
# plan now writes instance.json; one left by an older plan is replaced all the same.)
# Anything not named here is the organiser's own (notes, say) and is kept.
PLAN_FOLDER_FILES = frozenset({
    # plan_files: the plan itself and its tables
    "solution.json", "summary.json", "sessions.csv", "assignments.csv",
    # organiser_files, which `report` also writes on its own
    "plan.xlsx", "programme.csv", "room-plan.csv", "fill.csv", "door-lists.csv",
    "wait-lists.csv", "mail-merge.csv", "report.html", "ics",
    # solve and rerun: the day as planned
    "instance.json",
    # rerun
    "changes.csv", "notify.csv",
})

# A write that holds this file replaces the plan; one without it (a report) adds to it.
_PLAN_MARKER = "solution.json"


class OutputRefused(Exception):
    """The output folder cannot take the files; the message says why and what to give
    instead."""


class OutputExists(OutputRefused):
    """The output folder already holds a plan and overwriting was not asked for."""


def sessions_table(instance: Instance, solution: Solution) -> pd.DataFrame:
    sizes: dict[str, int] = {}
    for a in solution.assignments:
        sizes[a.session] = sizes.get(a.session, 0) + 1
    rows = []
    for s in solution.sessions:
        workshop = instance.workshop_by_id.get(s.workshop)
        room = instance.room_by_id.get(s.room)
        first = instance.round_by_id.get(s.rounds[0])
        last = instance.round_by_id.get(s.rounds[-1])
        capacity = None
        if workshop and room:
            capacity = min(room.capacity, workshop.max_size or room.capacity)
        rows.append({
            "session": s.id,
            "workshop": s.workshop,
            "title": workshop.display_title if workshop else "",
            "room": s.room,
            "rounds": " ".join(s.rounds),
            "day": first.day.isoformat() if first else "",
            "start": first.start.strftime("%H:%M") if first else "",
            "end": last.end.strftime("%H:%M") if last else "",
            "size": sizes.get(s.id, 0),
            "capacity": capacity,
            "min_size": workshop.min_size if workshop else None,
        })
    return pd.DataFrame(rows, columns=[
        "session", "workshop", "title", "room", "rounds", "day", "start", "end", "size",
        "capacity", "min_size",
    ])


def assignments_table(instance: Instance, solution: Solution) -> pd.DataFrame:
    sessions = {s.id: s for s in solution.sessions}
    rows = []
    for a in solution.assignments:
        s = sessions[a.session]
        registrant = instance.registrant_by_id.get(a.registrant)
        rank = registrant.choice_rank(s.workshop, s.rounds[0]) if registrant else None
        rows.append({
            "registrant": a.registrant,
            "session": a.session,
            "workshop": s.workshop,
            "room": s.room,
            "rounds": " ".join(s.rounds),
            "rank": rank if rank is not None else "unchosen",
        })
    return pd.DataFrame(
        rows, columns=["registrant", "session", "workshop", "room", "rounds", "rank"]
    )


def plan_files(
    instance: Instance, solution: Solution, summary: dict[str, Any],
    published: PlanView | None = None,
) -> dict[str, str | bytes]:
    """File name -> content of everything a solved plan writes, the organiser outputs
    (workbook, mail merge, calendars under ics/, report.html) included; `published` is
    the plan a rerun started from (see `organiser_files`)."""
    separator = instance.settings.csv_separator
    files: dict[str, str | bytes] = {
        "solution.json": dump_json(solution),
        "summary.json": json.dumps(summary, indent=2, ensure_ascii=False) + "\n",
        "sessions.csv": csv_text(sessions_table(instance, solution), separator),
        "assignments.csv": csv_text(assignments_table(instance, solution), separator),
    }
    files.update(organiser_files(instance, solution, summary, published=published))
    return files


def write_folder(
    out_dir: str | Path, files: Mapping[str, str | bytes], *, force: bool = False
) -> None:
    """Write `files` into `out_dir` all at once; refuse to replace a plan unless `force`.

    Names may hold subfolders ("ics/rooms/aula.ics"); text is written as UTF-8, bytes as
    they are. A top-level file or folder that `files` writes into is replaced whole (no
    calendar of a registrant who left stays behind). When `files` holds a plan
    (solution.json), the files of PLAN_FOLDER_FILES that it does not write are dropped
    too; anything else in `out_dir` is kept. A symbolic link is followed: the folder it
    names is written, and the link stays. The folder keeps its mode and group.
    """
    out_dir = Path(out_dir)
    _refuse_unusable(out_dir)
    target = real_path(out_dir)
    _restore_retired(target)
    _remove_abandoned(target)
    if out_dir.is_symlink():
        _remove_abandoned(out_dir)  # what earlier versions left beside the link itself
    _refuse_to_replace_a_plan(out_dir, force)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = _staging_folder(target)
    try:
        _fill(staging, target, files)
        _swap_in(staging, target)
    finally:
        _discard(staging)


def check_output_folder(out_dir: str | Path, *, force: bool = False) -> None:
    """Raise OutputRefused when `write_folder` could not write `out_dir`, or only by
    harm. Commands call it before they start, so that a long solve does not end in an
    error."""
    out_dir = Path(out_dir)
    _refuse_unusable(out_dir)
    _refuse_to_replace_a_plan(out_dir, force)


def _refuse_to_replace_a_plan(out_dir: Path, force: bool) -> None:
    if (real_path(out_dir) / _PLAN_MARKER).exists() and not force:
        raise OutputExists(
            f"{out_dir} already holds a plan (solution.json); use --force to replace it"
        )


def _refuse_unusable(out_dir: Path) -> None:
    """A folder that cannot be made, or whose swap would fail or do harm: the current
    folder (the shell would be left in a deleted folder) or a mount point."""
    target = real_path(out_dir)
    if target.exists() and not target.is_dir():
        raise OutputRefused(f"{out_dir} is a file, not a folder; name a folder to write into")
    if blocker := file_in_the_way(out_dir) or file_in_the_way(target):
        raise OutputRefused(f"cannot write {out_dir}: {blocker} is a file, not a folder")
    replaced_whole = ("writing replaces the output folder whole (so that a failed write "
                      "changes nothing)")
    if where := _current_folder_within(target):
        raise OutputRefused(
            f"{out_dir} is the current folder: {replaced_whole}, which would delete the "
            f"folder you are in; write into a folder inside it, such as {out_dir / 'plan'}"
            if where == target else
            f"{out_dir} holds the current folder: {replaced_whole}, which would delete "
            f"the folder you are in; write into another folder, or run the command from "
            f"outside {out_dir}")
    if os.path.ismount(target):
        raise OutputRefused(f"{out_dir} is a mount point: {replaced_whole}, and a mount "
                            "point cannot be replaced; write into a folder inside it, "
                            f"such as {out_dir / 'plan'}")
    parent = nearest_existing(target.parent)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputRefused(f"cannot write {out_dir}: no permission to add files to "
                            f"{parent}, where the new folder is written before it is "
                            "swapped in")


def _current_folder_within(target: Path) -> Path | None:
    """The current folder when it is `target` or inside it; None otherwise (or when it
    is gone already)."""
    try:
        here = real_path(Path.cwd())
    except OSError:
        return None
    return here if here == target or target in here.parents else None


def _staging_folder(target: Path) -> Path:
    """A new folder beside `target` that will take its place: with the mode and group of
    the folder it replaces, or those any new folder there gets."""
    staging = new_folder(target.parent, f".{target.name}.new-")
    if target.is_dir():
        take_over_mode_and_group(target.stat(), staging)
    return staging


def _fill(staging: Path, target: Path, files: Mapping[str, str | bytes]) -> None:
    """Copy into `staging` what the write keeps of `target`, then write `files`."""
    written = {_relative(name).parts[0] for name in files}
    if target.is_dir():
        for item in target.iterdir():
            if not _kept(item.name, written):
                continue
            if item.is_dir():
                shutil.copytree(item, staging / item.name, symlinks=True)
            elif item.is_file():
                shutil.copy2(item, staging / item.name)
    for name, content in files.items():
        path = staging / _relative(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_file(path, content)


def _kept(name: str, written: set[str]) -> bool:
    """Whether a top-level item of the folder survives a write of `written`: what the
    write does not replace, unless it is a file of an earlier plan that a new plan
    leaves out."""
    if name in written:
        return False
    return not (_PLAN_MARKER in written and name in PLAN_FOLDER_FILES)


def _write_file(target: Path, content: str | bytes) -> None:
    """Write and flush to disk, so that a power cut after the swap finds whole files."""
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    with open(target, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _relative(name: str) -> PurePosixPath:
    """A file name inside the folder; never absolute, never climbing out with '..'."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"not a file name inside the plan folder: {name!r}")
    return path


def _swap_in(staging: Path, out_dir: Path) -> None:
    """Put `staging` in the place of `out_dir`; the old folder ends up at `staging`."""
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    if _exchange(staging, out_dir):
        return
    retired = new_folder(out_dir.parent, f".{out_dir.name}.old-")
    retired.rmdir()
    out_dir.rename(retired)
    try:
        staging.rename(out_dir)
    except BaseException:
        retired.rename(out_dir)
        raise
    _discard(retired)


def _restore_retired(out_dir: Path) -> None:
    """Put back a previous folder that a kill between the two renames left aside."""
    if out_dir.exists():
        return
    retired = sorted(out_dir.parent.glob(f".{out_dir.name}.old-*"),
                     key=lambda p: p.stat().st_mtime)
    if retired:
        retired[-1].rename(out_dir)


def _remove_abandoned(out_dir: Path) -> None:
    """Remove what a write killed halfway left beside the folder: a staging folder, or
    a retired one whose successor was swapped in. They hold names and addresses, and
    nothing would ever read them. (Two writes into one folder at once are not
    supported: the swap itself would race.)"""
    leftovers = list(out_dir.parent.glob(f".{out_dir.name}.new-*"))
    if out_dir.exists():
        leftovers += out_dir.parent.glob(f".{out_dir.name}.old-*")
    for leftover in leftovers:
        _discard(leftover)


def _discard(path: Path) -> None:
    """Remove a staging or retired folder; a link is removed, not what it names."""
    if path.is_symlink():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))
