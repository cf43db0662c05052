"""The status as one self-contained HTML page, with a timeline drawn in inline SVG.

The timeline shows, for each deadline, how long its owner held the ball (from its
trigger to the day it was done, or today), the part past its due date, and each
milestone's planned and expected dates. Sides are told apart by pattern and label as
well as colour, so the page reads in black and white. Every text from the spec or the
log is escaped: it may be written by anyone.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from .report import _LABEL, ball_line, heading, ordered, shown
from .state import Item, State, Status, day_of

ROW = 22
LEFT = 230
WIDTH = 900
_COLOURS = {"provider": "#2b6cb0", "client": "#c05621"}
_STATE_CLASS = {
    State.OVERDUE: "overdue",
    State.DUE: "due",
    State.MET_LATE: "late",
    State.MET: "met",
    State.NOT_STARTED: "waiting",
}

CSS = """
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, sans-serif; color: #111; margin: 2rem auto; padding: 0 1rem;
  max-width: 62rem; }
h1 { font-size: 1.4rem; } table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border-bottom: 1px solid #bbb; padding: .3rem .5rem; text-align: left;
  vertical-align: top; }
.overdue td:first-child { font-weight: bold; } .overdue td:first-child::before { content: "! "; }
.applies { font-size: .9em; } svg { width: 100%; height: auto; border: 1px solid #bbb; }
.legend span { margin-right: 1.2rem; } small { color: #444; }
"""


def _x(day: dt.date, start: dt.date, span: int) -> float:
    return LEFT + (WIDTH - LEFT - 20) * (day - start).days / span


def _rows(status: Status) -> list[Item]:
    return [i for i in ordered(status) if not i.recurring and i.due is not None]


def timeline(status: Status) -> str:
    """An inline SVG: one row per dated deadline, then the milestones."""
    items = _rows(status)
    roles = {s.id: s.role for s in status.sides}
    days = [status.today]
    for item in items:
        days += [day_of(v) for v in (item.trigger, item.due, item.done, item.planned_due) if v]
    for m in status.milestones:
        days += [m.planned, m.expected]
    start, end = min(days), max(days)
    span = max(1, (end - start).days)
    height = 40 + ROW * (len(items) + len(status.milestones)) + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="Timeline of planned and actual dates">',
        "<title>Planned and actual dates</title>",
        "<defs>",
        '<pattern id="client" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        f'<rect width="3" height="6" fill="{_COLOURS["client"]}"/></pattern>',
        '<pattern id="late" width="4" height="4" patternUnits="userSpaceOnUse">'
        '<rect width="4" height="4" fill="#fff"/><circle cx="2" cy="2" r="1.2" fill="#000"/>'
        "</pattern>",
        "</defs>",
        f'<text x="{LEFT}" y="16" font-size="12">{start.isoformat()}</text>',
        f'<text x="{WIDTH - 20}" y="16" font-size="12" text-anchor="end">{end.isoformat()}</text>',
    ]
    today = _x(status.today, start, span)
    out.append(
        f'<line x1="{today:.1f}" y1="22" x2="{today:.1f}" y2="{height - 20}" stroke="#000" '
        'stroke-dasharray="4 3"/>'
        f'<text x="{today:.1f}" y="{height - 6}" font-size="12" text-anchor="middle">'
        f"today {status.today.isoformat()}</text>"
    )
    y = 34
    for item in items:
        role = roles.get(item.owner, "provider")
        fill = "url(#client)" if role == "client" else _COLOURS["provider"]
        label = f"{item.id} #{item.occurrence} ({role}, {_LABEL[item.state]})"
        out.append(f'<text x="4" y="{y + 13}" font-size="12">{escape(label)}</text>')
        assert item.due is not None
        due = day_of(item.due)
        first = day_of(item.trigger) if item.trigger is not None else due
        last = day_of(item.done) if item.done is not None else max(status.today, first)
        if item.state is State.NOT_STARTED:
            last = first
        a, b = _x(first, start, span), _x(max(first, min(last, due)), start, span)
        out.append(
            f'<rect x="{a:.1f}" y="{y + 3}" width="{max(1.0, b - a):.1f}" height="12" '
            f'fill="{fill}" stroke="#000" stroke-width=".5">'
            f"<title>{escape(item.owner_name)} held the ball</title></rect>"
        )
        if last > due:
            c = _x(last, start, span)
            out.append(
                f'<rect x="{b:.1f}" y="{y + 3}" width="{max(1.0, c - b):.1f}" height="12" '
                'fill="url(#late)" stroke="#000" stroke-width=".5">'
                f"<title>{item.late_business_days} business days late</title></rect>"
            )
        d = _x(due, start, span)
        out.append(
            f'<line x1="{d:.1f}" y1="{y}" x2="{d:.1f}" y2="{y + 18}" stroke="#000" '
            'stroke-width="2"/>'
        )
        if item.planned_due is not None and day_of(item.planned_due) != due:
            p = _x(day_of(item.planned_due), start, span)
            out.append(
                f'<line x1="{p:.1f}" y1="{y}" x2="{p:.1f}" y2="{y + 18}" stroke="#000" '
                'stroke-dasharray="2 2"/>'
            )
        y += ROW
    for m in status.milestones:
        out.append(f'<text x="4" y="{y + 13}" font-size="12">{escape(m.id)} (milestone)</text>')
        p, e = _x(m.planned, start, span), _x(m.actual or m.expected, start, span)
        out.append(
            f'<path d="M{p:.1f} {y + 3} l6 6 l-6 6 l-6 -6 z" fill="#fff" stroke="#000">'
            f"<title>planned {m.planned.isoformat()}</title></path>"
        )
        out.append(
            f'<path d="M{e:.1f} {y + 3} l6 6 l-6 6 l-6 -6 z" fill="#000">'
            f"<title>{'happened' if m.actual else 'expected'} "
            f"{(m.actual or m.expected).isoformat()}</title></path>"
        )
        y += ROW
    out.append("</svg>")
    return "\n".join(out)


def to_html(status: Status) -> str:
    title = escape(heading(status))
    rows = []
    for item in ordered(status):
        applies = "<br>".join(escape(a.text) for a in item.applies) or "–"
        rows.append(
            f'<tr class="{_STATE_CLASS[item.state]}"><td>{escape(_LABEL[item.state])}</td>'
            f"<td>{escape(item.id)} #{item.occurrence}<br><small>{escape(item.what)}</small></td>"
            f"<td>{escape(item.owner_name)}</td><td>{escape(shown(item.due))}</td>"
            f"<td>{escape(shown(item.done)) if item.done else '–'}</td>"
            f'<td>{item.late_business_days}</td><td class="applies">{applies}</td></tr>'
        )
    sides = "".join(
        f"<tr><td>{escape(s.name)}</td><td>{escape(s.role)}</td>"
        f"<td>{'holds the ball' if s.holds_ball else '–'}</td>"
        f"<td>{s.holding_business_days}</td><td>{s.late_business_days}</td></tr>"
        for s in status.sides
    )
    milestones = "".join(
        f"<tr><td>{escape(m.id)}<br><small>{escape(m.what)}</small></td>"
        f"<td>{m.planned.isoformat()}</td><td>{m.expected.isoformat()}</td>"
        f"<td>{m.actual.isoformat() if m.actual else '–'}</td></tr>"
        for m in status.milestones
    )
    return f"""<!DOCTYPE html>
<html lang="{escape(status.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{title}</title>
<style>{CSS}</style>
</head>
<body>
<h1>{title}</h1>
<p>Agreement fingerprint <code>{escape(status.fingerprint)}</code>. {escape(ball_line(status))}</p>
{timeline(status)}
<p class="legend"><span>■ solid: provider holds the ball</span>
<span>▨ stripes: client holds the ball</span>
<span>⋯ dots: past the deadline</span><span>| due date (dashed: as first agreed)</span>
<span>◇ milestone planned, ◆ expected or happened</span></p>
<table>
<thead><tr><th>state</th><th>responsibility</th><th>owner</th><th>due</th><th>done</th>
<th>business days late</th><th>applies</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<table>
<thead><tr><th>side</th><th>role</th><th>now</th><th>business days holding the ball</th>
<th>business days past a deadline</th></tr></thead>
<tbody>{sides}</tbody>
</table>
<table>
<thead><tr><th>milestone</th><th>planned</th><th>expected</th><th>happened</th></tr></thead>
<tbody>{milestones}</tbody>
</table>
</body>
</html>
"""
