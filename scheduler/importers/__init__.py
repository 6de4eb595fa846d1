"""Read registration exports (CSV or Excel) and workshop lists into an instance.

`import_registrations(export, workshops, mapping)` returns the instance and a report of
what was read (which column was taken for what, duplicates, skipped rows).
"""

from scheduler.importers.event import load_event
from scheduler.importers.registrations import Imported, ImportReport, import_registrations
from scheduler.importers.tables import is_spreadsheet

__all__ = ["ImportReport", "Imported", "import_registrations", "is_spreadsheet", "load_event"]
