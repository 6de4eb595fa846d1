"""Registration times as real exports write them.

Accepted: date-time cells of a workbook; Excel serial numbers (days since 1899-12-30,
as a number or as text, "46348.586"); text in ISO form (``2026-11-22T14:03:11``,
``2026-11-22 14:03``, with or without a time-zone offset, which is dropped: times are
local wall-clock times; so is a zone name after any time, ``8:00:52 AM GMT+1``, as
Google Forms writes) or day first (``22-11-2026 14:03:11``, ``22/11/2026 14:03``,
``22.11.2026``). Text with slashes is read month first when some value of the column
only makes sense month first (``11/22/2026``), or when no value tells the order and the
times carry AM/PM, the US style (``03/12/2026 9:00:00 AM`` is 12 March); otherwise day
first. `slash_order` says which was chosen and whether the column decided it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

EXCEL_EPOCH = datetime(1899, 12, 30)
# Serial numbers from 1 January 1990 to 31 December 2099; outside that a number is
# more likely a stray value than a registration date.
SERIAL_RANGE = (32874.0, 73415.0)

_TIMES = ("%H:%M:%S", "%H:%M", "%H.%M.%S", "%H.%M", "%I:%M:%S %p", "%I:%M %p")
_DAY_FIRST = tuple(
    f"{d}{t}" for d in ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%y", "%d/%m/%y")
    for t in ("", *(" " + t for t in _TIMES))
)
_MONTH_FIRST = tuple(
    f"{d}{t}" for d in ("%m/%d/%Y", "%m/%d/%y") for t in ("", *(" " + t for t in _TIMES))
)
_YEAR_FIRST_SLASH = tuple(f"%Y/%m/%d{t}" for t in ("", *(" " + t for t in _TIMES)))

EXAMPLES = "22-11-2026 14:03:11, 2026-11-22T14:03:11 or an Excel date number"


class NotATimestamp(ValueError):
    pass


def parse_column(values: Sequence[Any], fmt: str | None = None) -> list[datetime | None]:
    """Parse one column; raises NotATimestamp(index) at the first value that fails.

    With `fmt` (a strptime format, from a mapping file), text must match it exactly.
    """
    text_formats: tuple[str, ...]
    if fmt:
        text_formats = (fmt,)
    elif slash_order(values).month_first:
        text_formats = _MONTH_FIRST + _YEAR_FIRST_SLASH
    else:
        text_formats = _DAY_FIRST + _YEAR_FIRST_SLASH
    parsed: list[datetime | None] = []
    for index, value in enumerate(values):
        try:
            parsed.append(parse_value(value, text_formats))
        except NotATimestamp:
            raise NotATimestamp(index) from None
    return parsed


def parse_value(value: Any, text_formats: tuple[str, ...] = _DAY_FIRST) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, bool):
        raise NotATimestamp(value)
    if isinstance(value, int | float):
        return from_serial(float(value))
    text = _without_zone(" ".join(str(value).split()))
    if re.fullmatch(r"\d{4,5}(?:[.,]\d+)?", text):
        return from_serial(float(text.replace(",", ".")))
    iso = _iso(text)
    if iso is not None:
        return iso
    for fmt in text_formats:
        try:
            return datetime.strptime(text.upper() if "%p" in fmt else text, fmt)
        except ValueError:
            continue
    raise NotATimestamp(value)


# A zone name after the time, as Google Forms writes it ("8:00:52 AM GMT+1").
_ZONE = re.compile(r"\s+(?:GMT|UTC)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?$", re.IGNORECASE)


def _without_zone(text: str) -> str:
    """The text without a zone name: times are local wall-clock times, as the offset of
    an ISO time is dropped too."""
    return _ZONE.sub("", text)


def from_serial(serial: float) -> datetime:
    """An Excel serial date (1900 date system) as a datetime, to the second."""
    if not SERIAL_RANGE[0] <= serial <= SERIAL_RANGE[1]:
        raise NotATimestamp(serial)
    moment = EXCEL_EPOCH + timedelta(days=serial)
    return (moment + timedelta(microseconds=500_000)).replace(microsecond=0)


def _iso(text: str) -> datetime | None:
    if not re.match(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        parsed = datetime.fromisoformat(text.replace(" ", "T", 1).removesuffix("Z"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=None, microsecond=0)


@dataclass(frozen=True)
class SlashOrder:
    """How a column's dates with slashes are read."""

    month_first: bool
    ambiguous: bool
    """Some value has slashes, and none tells the order (no day above 12)."""
    sample: str = ""
    """The first such value, to show in a note."""
    position: int = -1
    """Its place in the column."""

    def other_format(self) -> str:
        """A strptime format that reads `sample` in the other order, for the note that
        says how to choose it."""
        for fmt in _DAY_FIRST if self.month_first else _MONTH_FIRST:
            try:
                datetime.strptime(self.sample.upper() if "%p" in fmt else self.sample, fmt)
            except ValueError:
                continue
            return fmt
        return ""


_SLASH_DATE = re.compile(r"\s*(\d{1,2})/(\d{1,2})/\d{2,4}\b")
_AM_PM = re.compile(r"\d\s*[AP]\.?M\b\.?", re.IGNORECASE)


def slash_order(values: Sequence[Any]) -> SlashOrder:
    """Month first when some value can only be (11/22/2026); day first when some value
    can only be (22/11/2026); otherwise month first only with AM/PM times, which US
    exports write and day-first ones do not."""
    positions = [n for n, v in enumerate(values) if isinstance(v, str) and _SLASH_DATE.match(v)]
    found = [m for n in positions if (m := _SLASH_DATE.match(values[n]))]
    pairs = [(int(m.group(1)), int(m.group(2))) for m in found]
    if any(first <= 12 < second for first, second in pairs):
        return SlashOrder(month_first=True, ambiguous=False)
    if any(second <= 12 < first for first, second in pairs):
        return SlashOrder(month_first=False, ambiguous=False)
    us_style = any(_AM_PM.search(m.string) for m in found)
    if not found:
        return SlashOrder(month_first=False, ambiguous=False)
    return SlashOrder(month_first=us_style, ambiguous=True,
                      sample=" ".join(found[0].string.split()), position=positions[0])
