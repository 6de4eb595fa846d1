"""`diagnose(instance)`: every check, errors first."""

from __future__ import annotations

from scheduler.diagnose.capacity import CAPACITY_CHECKS
from scheduler.diagnose.findings import Finding, Level
from scheduler.diagnose.people import PEOPLE_CHECKS
from scheduler.diagnose.survey import Survey
from scheduler.diagnose.workshops import WORKSHOP_CHECKS
from scheduler.model import Instance

CHECKS = (*CAPACITY_CHECKS, *WORKSHOP_CHECKS, *PEOPLE_CHECKS)


def diagnose(instance: Instance) -> list[Finding]:
    """Problems visible before solving: errors (no plan can exist), then warnings (some
    people lose out), each group in the order of `CHECKS`.

    Cheap: about linear in the instance, so it can run before every solve. An error is
    certain; the absence of errors does not prove that a plan exists.
    """
    survey = Survey(instance)
    findings = [finding for check in CHECKS for finding in check(survey)]
    return sorted(findings, key=lambda f: f.level is not Level.ERROR)
