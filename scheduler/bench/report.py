"""Rows, ratios and targets: what a benchmark run says, as CSV and as lines for people."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from scheduler.bench.runner import EntryResult

BASELINE_COLUMNS = {"first-come": "first_come", "highs": "highs", "flow": "flow",
                    "lp-bound": "lp_bound"}

COLUMNS = [
    "suite", "instance", "source", "registrants", "workshops", "rounds", "rooms", "sessions",
    "seats", "time_limit", "workers", "runs", "wall_s_runs", "load_1min",
    "status", "objective", "bound", "gap", "build_s", "solve_s", "wall_s", "cpu_s",
    "build_share",
    "peak_mib", "loaded_mib", "violations", "first_choice_share", "unchosen", "empty",
    *(f"{b}_{k}" for b in ("first_come", "highs", "flow")
      for k in ("status", "objective", "s", "cpu_s", "peak_mib")),
    "lp_bound", "lp_bound_status", "lp_bound_s", "lp_bound_cpu_s", "lp_bound_peak_mib",
    "time_vs_highs", "objective_minus_highs", "objective_minus_flow", "gap_to_lp",
    "first_choice_gain_vs_first_come", "unchosen_fall_vs_first_come",
    "first_come_first_choice_share", "first_come_unchosen", "highs_first_choice_share",
    "highs_unchosen",
    "scenario", "moves", "moves_bound", "sessions_in_place", "improved", "newly_placed",
    "sessions_moved", "sessions_dropped", "objective_before", "rerun_s", "full_status",
    "full_objective", "full_s", "rerun_vs_full",
    "expected_objective", "targets",
]


@dataclass(frozen=True)
class TargetCheck:
    name: str
    met: bool
    detail: str

    def __str__(self) -> str:
        return f"{'met' if self.met else 'NOT met'}: {self.name} ({self.detail})"


def _ratio(a: Any, b: Any) -> float | None:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b:
        return a / b
    return None


def _difference(a: Any, b: Any) -> float | None:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a - b
    return None


def row(suite: str, result: EntryResult, workers: int) -> dict[str, Any]:
    s = result.solver
    out: dict[str, Any] = {
        "suite": suite, "instance": result.entry.name,
        "source": result.entry.source.describe(), "time_limit": result.time_limit,
        "workers": workers, "expected_objective": result.entry.expected_objective,
    }
    for key in ("registrants", "workshops", "rounds", "rooms", "sessions", "seats", "runs",
                "wall_s_runs", "load_1min",
                "status", "objective", "bound", "gap", "build_s", "solve_s", "wall_s", "cpu_s",
                "peak_mib", "loaded_mib", "violations", "first_choice_share", "unchosen",
                "empty", "scenario", "moves", "moves_bound", "sessions_in_place", "improved",
                "newly_placed",
                "sessions_moved", "sessions_dropped", "objective_before", "rerun_s",
                "full_status", "full_objective", "full_s"):
        out[key] = s.get(key)
    out["build_share"] = _ratio(s.get("build_s"), s.get("wall_s"))
    out["rerun_vs_full"] = _ratio(s.get("rerun_s"), s.get("full_s"))
    for name, facts in result.baselines.items():
        column = BASELINE_COLUMNS[name]
        if name == "lp-bound":
            out["lp_bound"] = facts.get("bound")
            out["lp_bound_status"] = facts.get("status")
        else:
            out[f"{column}_objective"] = facts.get("objective")
            out[f"{column}_status"] = facts.get("status")
        # A worker stopped at its deadline reports no wall time of its own.
        out[f"{column}_s"] = facts.get("wall_s", facts.get("process_s"))
        out[f"{column}_cpu_s"] = facts.get("cpu_s")
        if name in ("first-come", "highs"):
            out[f"{column}_first_choice_share"] = facts.get("first_choice_share")
            out[f"{column}_unchosen"] = facts.get("unchosen")
        out[f"{column}_peak_mib"] = facts.get("peak_mib")
    objective = s.get("objective")
    if result.baselines.get("highs", {}).get("status") not in (None, "NOT_APPLICABLE"):
        out["time_vs_highs"] = _ratio(s.get("wall_s"), out.get("highs_s"))
        out["objective_minus_highs"] = _difference(objective, out.get("highs_objective"))
    out["objective_minus_flow"] = _difference(objective, out.get("flow_objective"))
    if isinstance(out.get("lp_bound"), (int, float)) and isinstance(objective, int):
        out["gap_to_lp"] = (objective - out["lp_bound"]) / max(1, abs(objective))
    first_come = result.baselines.get("first-come", {})
    out["first_choice_gain_vs_first_come"] = _difference(
        s.get("first_choice_share"), first_come.get("first_choice_share"))
    out["unchosen_fall_vs_first_come"] = _difference(first_come.get("unchosen"),
                                                      s.get("unchosen"))
    checks = target_checks(result, out)
    out["targets"] = "; ".join(str(c) for c in checks)
    return out


def target_checks(result: EntryResult, out: dict[str, Any]) -> list[TargetCheck]:
    """Each target of the entry, met or not, with the figures that decide it."""
    checks = []
    valid = out.get("violations") == 0
    wall = out.get("wall_s")
    for name, limit in result.entry.targets.items():
        if name == "optimal_within_s":
            met = out.get("status") == "OPTIMAL" and valid and (wall or 1e18) <= limit
            detail = f"{out.get('status')} in {_fmt(wall)} s, limit {limit} s"
        elif name == "faster_than_highs":
            highs_s, highs_status = out.get("highs_s"), out.get("highs_status")
            # Not run is not beaten: HiGHS must have run and failed to prove, or been slower.
            met = out.get("status") == "OPTIMAL" and valid and highs_status is not None and (
                highs_status != "OPTIMAL" or (wall or 1e18) < (highs_s or 0))
            detail = f"{_fmt(wall)} s against HiGHS {highs_status} in {_fmt(highs_s)} s"
        elif name == "lp_gap_below":
            gap = out.get("gap_to_lp")
            met = valid and gap is not None and gap <= limit
            detail = f"gap to LP bound {_pct(gap)}, limit {_pct(limit)}"
        elif name == "bound_gap_below":
            gap = out.get("gap")
            met = valid and gap is not None and gap <= limit
            detail = f"gap to proven bound {_pct(gap)}, limit {_pct(limit)}"
        elif name == "peak_mib_below":
            peak = out.get("peak_mib")
            met = peak is not None and peak < limit and out.get("status") != "OUT_OF_MEMORY"
            detail = f"peak {_fmt(peak)} MiB, limit {limit} MiB"
        elif name == "build_share_below":
            share = out.get("build_share")
            met = share is not None and share < limit
            detail = f"build {_fmt(out.get('build_s'))} s of {_fmt(wall)} s = {_pct(share)}"
        else:  # rerun_faster_than_full
            ratio = out.get("rerun_vs_full")
            met = ratio is not None and ratio < limit
            detail = (f"rerun {_fmt(out.get('rerun_s'))} s, full solve "
                      f"{_fmt(out.get('full_s'))} s, ratio {_fmt(ratio, 3)}")
        checks.append(TargetCheck(name, bool(met), detail))
    expected = result.entry.expected_objective
    if expected is not None:
        met = out.get("objective") == expected and out.get("status") == "OPTIMAL" and valid
        checks.append(TargetCheck("expected_objective", met,
                                  f"{out.get('status')} {out.get('objective')}, known optimum "
                                  f"{expected}"))
    return checks


def _fmt(value: Any, digits: int = 1) -> str:
    return f"{value:.{digits}f}" if isinstance(value, (int, float)) else "-"


def _pct(value: Any) -> str:
    return f"{value:.2%}" if isinstance(value, (int, float)) else "-"


def csv_text(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: _cell(v) for k, v in r.items()})
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list):
        return " ".join(f"{v:.1f}" if isinstance(v, float) else str(v) for v in value)
    return "" if value is None else value


def lines(out: dict[str, Any]) -> list[str]:
    """A few lines per instance, for people watching the run."""
    size = (f"{out['registrants']} registrants, {out['workshops']} workshops, "
            f"{out['rounds']} rounds, {out['rooms']} rooms")
    if out.get("seats") is not None:
        size += f", {out['seats']} seat variables"
    text = [f"{out['instance']}: {size}"]
    if out.get("scenario"):
        text.append(
            f"  rerun {out['scenario']}: {out['status']} in {_fmt(out['rerun_s'])} s, "
            f"{out['moves']} moved (bound {out['moves_bound']}"
            f"{' with the sessions in place' if out.get('sessions_in_place') else ''}), "
            f"{out['newly_placed']} newly "
            f"placed, {out['sessions_moved']} sessions moved "
            f"({out['sessions_dropped']} no longer held); objective "
            f"{out['objective_before']} -> {out['objective']}; full solve "
            f"{out['full_status']} {out['full_objective']} in {_fmt(out['full_s'])} s "
            f"(rerun/full {_fmt(out['rerun_vs_full'], 3)})")
    else:
        text.append(
            f"  cp-sat {out['status']}: objective {out['objective']}, bound {out['bound']}, "
            f"gap {_pct(out['gap'])}; build {_fmt(out['build_s'])} s + solve "
            f"{_fmt(out['solve_s'])} s = {_fmt(out['wall_s'])} s (cpu {_fmt(out['cpu_s'])} s, "
            f"load {_fmt(out['load_1min'])}); peak {_fmt(out['peak_mib'], 0)} MiB; "
            f"violations {out['violations']}")
        for name, column in BASELINE_COLUMNS.items():
            status = out.get(f"{column}_status")
            if status is None:
                continue
            value = out.get("lp_bound") if name == "lp-bound" else out.get(f"{column}_objective")
            text.append(f"  {name}: {status} {value if value is not None else '-'} in "
                        f"{_fmt(out.get(f'{column}_s'))} s")
        for who, prefix in (("cp-sat", ""), ("HiGHS", "highs_")):
            share, unchosen = out.get(f"{prefix}first_choice_share"), out.get(f"{prefix}unchosen")
            if share is None or out.get("first_come_first_choice_share") is None:
                continue
            text.append(
                f"  first-come against {who}'s plan: first choice "
                f"{_pct(out['first_come_first_choice_share'])} -> {_pct(share)}, unchosen "
                f"seats {out['first_come_unchosen']} -> {unchosen}")
    for check in (out.get("targets") or "").split("; "):
        if check:
            text.append(f"  target {check}")
    return text
