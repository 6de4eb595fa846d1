"""Cells that are safe to open in a spreadsheet program."""

from __future__ import annotations

import csv
import io
from typing import Any

import pandas as pd

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Make a text cell safe to open in Excel: a leading formula character is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_text(frame: pd.DataFrame, separator: str = ",") -> str:
    """CSV that opens cleanly in Excel: UTF-8 with BOM, formula cells neutralised, and
    the separator Excel's language setting splits on (see `Settings.csv_separator`)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    safe = frame.map(neutralise) if not frame.empty else frame
    # Headers too: some are room names or round labels, which the organiser typed.
    safe = safe.rename(columns=neutralise)
    safe.to_csv(buffer, sep=separator, index=False, quoting=csv.QUOTE_MINIMAL,
                lineterminator="\r\n")
    return buffer.getvalue()
