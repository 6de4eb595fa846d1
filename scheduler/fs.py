"""File-system steps the writers share: where a path can be written, and new files and
folders with the modes anyone else's tools would give them.

Files and folders are created with the full mode (0o666, 0o777) and the kernel takes
the umask (or a folder's default ACL) off, as `open` and `mkdir` do; a temporary-file
helper would make them private (0o600, 0o700), and colleagues sharing the folder would
lose access. What replaces an existing file or folder takes over its mode and group.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_ATTEMPTS = 100


def real_path(path: Path) -> Path:
    """`path` with every symbolic link followed, so that a write replaces what a link
    names and leaves the link in place. A link to nothing gives where it points."""
    return Path(os.path.realpath(path))


def file_in_the_way(path: Path) -> Path | None:
    """The nearest existing folder on the way to `path` that is not a folder (a file,
    most likely), which would stop `path` from being made; None when there is none."""
    for ancestor in path.parents:
        if ancestor.exists():
            return None if ancestor.is_dir() else ancestor
    return None


def nearest_existing(path: Path) -> Path:
    """`path` or the nearest of its parents that exists: where new folders would go."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(".")


def new_folder(parent: Path, prefix: str) -> Path:
    """A new, uniquely named folder in `parent`, with the umask's mode."""
    def make(path: Path) -> Path:
        os.mkdir(path, 0o777)
        return path

    return _unique(parent, prefix, "", make)


def new_file(parent: Path, prefix: str, suffix: str) -> tuple[int, Path]:
    """A new, uniquely named file in `parent`, open for writing, with the umask's mode."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)

    def make(path: Path) -> tuple[int, Path]:
        return os.open(path, flags, 0o666), path

    return _unique(parent, prefix, suffix, make)


def take_over_mode_and_group(original: os.stat_result, path: Path) -> None:
    """Give `path` the mode and group of the file or folder it replaces. The group only
    where the user may set it (a member of it); the mode after it, as a change of group
    may clear the set-group-ID bit."""
    if hasattr(os, "chown"):  # Not on Windows, whose files have no group to keep.
        with contextlib.suppress(PermissionError):
            os.chown(path, -1, original.st_gid)
    os.chmod(path, stat.S_IMODE(original.st_mode))


def _unique(parent: Path, prefix: str, suffix: str, make: Callable[[Path], T]) -> T:
    for _ in range(_ATTEMPTS):
        try:
            return make(parent / f"{prefix}{secrets.token_hex(4)}{suffix}")
        except FileExistsError:
            continue
    raise FileExistsError(f"no free name for {prefix}*{suffix} in {parent}")
