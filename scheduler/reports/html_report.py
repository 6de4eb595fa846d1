"""A self-contained HTML report: opens in any browser, offline, from a single file.

The room plan as a grid (rounds by rooms), fill bars per session, a chart of how many
seats went to a 1st, 2nd, ... choice, the people who got no chosen workshop, and the
run's key figures. Styles and the chart are inline; a content security policy forbids
anything from the network.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from scheduler.reports.charts import fill_bar, rank_chart
from scheduler.reports.tables import key_figures, rank_rows, round_columns
from scheduler.reports.view import PlanView, SessionView

STYLE = """
:root { --ink:#1f2933; --muted:#616e7c; --line:#d9e2ec; --panel:#f5f7fa; --accent:#2f5d8a; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       color: var(--ink); margin: 0; padding: 28px 36px 48px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 34px 0 12px; padding-bottom: 6px;
     border-bottom: 2px solid var(--line); }
p.lead { color: var(--muted); margin: 0 0 18px; max-width: 80ch; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr));
           gap: 10px; }
.figure { background: var(--panel); border-radius: 8px; padding: 10px 14px; }
.figure .value { font-size: 22px; font-weight: 650; }
.figure .label { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; }
table.grid { width: 100%; table-layout: fixed; }
.grid th, .grid td { border: 1px solid var(--line); padding: 6px; vertical-align: top; }
.grid thead th { background: var(--panel); text-align: left; font-size: 13px; }
.grid tbody th { background: var(--panel); text-align: left; width: 150px; font-size: 13px; }
.grid td.off { background: repeating-linear-gradient(45deg, #fafbfc, #fafbfc 6px,
               #eef1f4 6px, #eef1f4 12px); }
.session { background: #eaf1f8; border-left: 4px solid var(--accent); border-radius: 4px;
           padding: 6px 8px; height: 100%; }
.session.plenary { background: #f3ecf9; border-left-color: #7b4fa3; }
.session .title { font-weight: 600; overflow-wrap: anywhere; }
.grid.dense { font-size: 12px; }
.grid.dense tbody th { width: 110px; }
.grid.dense .session { padding: 4px 5px; }
.session .who { color: var(--muted); font-size: 12px; }
.session .n { font-size: 12px; margin-top: 4px; display: flex; gap: 6px;
              align-items: center; }
.bar { position: relative; display: inline-block; width: 100%; height: 10px;
       background: #e4e7eb; border-radius: 5px; overflow: visible; }
.bar .fill { display: block; height: 100%; border-radius: 5px; background: #3e7cb1; }
.bar.full .fill { background: #1f4e79; }
.bar.under .fill { background: #e0a100; }
.bar .min { position: absolute; top: -3px; width: 2px; height: 16px; background: #c62828; }
table.fill { width: 100%; }
.fill th, .fill td { padding: 5px 8px; border-bottom: 1px solid var(--line);
                     text-align: left; }
.fill td.num, .fill th.num { text-align: right; white-space: nowrap; }
.fill td.barcell { width: 32%; }
.muted { color: var(--muted); }
#rank-chart .count { font-size: 13px; font-weight: 600; fill: var(--ink); }
#rank-chart .axis { font-size: 12px; fill: var(--muted); }
.legend { color: var(--muted); font-size: 12px; }
.legend i { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 12px;
            vertical-align: -1px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print { body { padding: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
"""


def report_html(plan: PlanView, summary: dict[str, Any], generated: datetime) -> str:
    instance = plan.instance
    title = instance.name or "Plan"
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}: plan</title><style>{STYLE}</style></head><body>",
        f"<header><h1>{escape(title)}</h1>",
    ]
    if instance.description:
        parts.append(f'<p class="lead">{escape(instance.description)}</p>')
    parts.append("</header>")
    parts.append(_figures(plan, summary))
    parts.append('<section id="choices"><h2>Seats by choice</h2>')
    parts.append(rank_chart(rank_rows(summary)))
    parts.append("</section>")
    parts.append(_grid(plan))
    parts.append(_fill(plan))
    parts.append(_without_choice(plan))
    parts.append(f"<footer>Made by workshop-scheduler on {generated:%d-%m-%Y %H:%M}."
                 "</footer></body></html>")
    return "\n".join(parts) + "\n"


def _figures(plan: PlanView, summary: dict[str, Any]) -> str:
    cards = "".join(
        f'<div class="figure"><div class="value">{escape(str(value))}</div>'
        f'<div class="label">{escape(label)}</div></div>'
        for label, value in key_figures(plan, summary)
    )
    return f'<section id="figures" class="figures">{cards}</section>'


def _grid(plan: PlanView) -> str:
    instance = plan.instance
    rooms = [r for r in instance.rooms if any(v.room == r.id for v in plan.everything)]
    starts: dict[tuple[str, str], SessionView] = {}
    covered: set[tuple[str, str]] = set()
    for view in plan.everything:
        starts[(view.rounds[0], view.room)] = view
        covered.update((r, view.room) for r in view.rounds[1:])
    head = "".join(f"<th>{escape(room.display_name)}<br><span class=\"muted\">"
                   f"{room.capacity} seats</span></th>" for room in rooms)
    rows = []
    for round_id, header in round_columns(plan):
        cells = [f"<th>{escape(header)}</th>"]
        for room in rooms:
            key = (round_id, room.id)
            if key in covered:
                continue
            start = starts.get(key)
            if start is not None:
                span = f' rowspan="{len(start.rounds)}"' if len(start.rounds) > 1 else ""
                cells.append(f"<td{span}>{_session_cell(start)}</td>")
            elif round_id in room.unavailable:
                cells.append('<td class="off" title="room not available"></td>')
            else:
                cells.append("<td></td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    # Many rooms make narrow columns: a smaller type keeps titles readable.
    table_class = "grid dense" if len(rooms) > 6 else "grid"
    return (f'<section id="room-plan"><h2>Room plan</h2><table class="{table_class}"><thead><tr>'
            f"<th>Round</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            "</section>")


def _session_cell(view: SessionView) -> str:
    kind = " plenary" if view.plenary else ""
    who = (f'<div class="who">{escape(", ".join(view.speakers))}</div>'
           if view.speakers else "")
    return (f'<div class="session{kind}" data-session="{escape(view.id)}">'
            f'<div class="title">{escape(view.title)}</div>{who}'
            f'<div class="n">{fill_bar(view.size, view.capacity, view.min_size)}'
            f"<span>{view.size}/{view.capacity}</span></div></div>")


def _fill(plan: PlanView) -> str:
    rows = []
    for view in plan.sessions:
        waiting = len(plan.wait_lists.get(view.id, []))
        rows.append(
            f'<tr data-session="{escape(view.id)}"><td>{escape(view.title)}<br>'
            f'<span class="muted">{escape(view.when)}, {escape(view.room_name)}</span></td>'
            f'<td class="barcell">{fill_bar(view.size, view.capacity, view.min_size)}</td>'
            f'<td class="num">{view.size} / {view.capacity}</td>'
            f'<td class="num">{view.min_size or ""}</td><td class="num">{waiting or ""}</td>'
            "</tr>"
        )
    legend = ('<p class="legend">Bar: seats taken of the capacity.'
              '<i style="background:#1f4e79"></i>full<i style="background:#e0a100"></i>'
              'under its minimum<i style="background:#c62828;width:2px"></i>minimum size. '
              "Wait-list: people who would take a seat that came free in a full session: "
              "they chose it over what they got, and could attend it."
              "</p>")
    return ('<section id="fill-per-session"><h2>Fill per session</h2>' + legend +
            '<table class="fill"><thead><tr><th>Session</th><th></th>'
            '<th class="num">Size</th><th class="num">Minimum</th>'
            f'<th class="num">Wait-list</th></tr></thead><tbody>{"".join(rows)}</tbody>'
            "</table></section>")


def _without_choice(plan: PlanView) -> str:
    people = plan.without_choice
    head = '<section id="no-choice"><h2>People who got no chosen workshop</h2>'
    if not people:
        return head + "<p>Everyone who chose workshops got at least one of them.</p></section>"
    # By id only, as everywhere in this page: it is the file that gets passed around.
    rows = "".join(
        f'<tr><td>{escape(r.id)}</td><td class="num">{unchosen}</td>'
        f'<td class="num">{empty}</td></tr>'
        for r, unchosen, empty in people
    )
    return (head + f"<p>{len(people)} people got none of the workshops they chose.</p>"
            '<table class="fill"><thead><tr><th>Registrant</th>'
            '<th class="num">Unchosen seats</th><th class="num">Empty seats</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></section>")
