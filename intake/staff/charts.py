"""Charts drawn on the server as SVG: pure functions from numbers to markup.

No chart library and no inline styles (the Content Security Policy forbids ``style=``):
shapes carry presentation attributes and classes styled in ``static/css/ellie.css``. Each
chart is an image with a ``<title>`` and a ``<desc>`` named by ``aria-labelledby``; the
numbers themselves are in a data table beside it (``data_table``), which is what a screen
reader user reads.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# Colours with at least 3:1 contrast against white (WCAG non-text contrast).
PALETTE = ("#0b5f5a", "#7a1f1f", "#4a4a8a", "#7a5200")
# Lines differ by dash as well as colour, so they can be told apart without colour.
DASHES = ("", "6 4", "2 3", "10 3 2 3")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # None: no value for that point (a gap in the line)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    note: str = ""  # shown after the value, e.g. "not accepting"
    muted: bool = False  # drawn in the second colour, with the note saying why


def _number(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _f(value: float) -> str:
    return f"{value:.1f}"


def _nice_max(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 5 × 10ⁿ)."""
    if value <= 0:
        return 1
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value:
            return candidate
    return 10 ** (exponent + 1)  # pragma: no cover


def _svg_open(chart_id: str, title: str, desc: str, width: int, height: int) -> str:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {w} {h}" '
        'role="img" aria-labelledby="{id}-title {id}-desc" focusable="false">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>',
        w=width,
        h=height,
        id=chart_id,
        title=title,
        desc=desc,
    )


def _empty(chart_id: str, title: str, width: int = 420, height: int = 100) -> SafeString:
    return mark_safe(  # noqa: S308 - every value is escaped by format_html
        _svg_open(chart_id, title, "No data yet.", width, height)
        + format_html(
            '<text x="{}" y="{}" text-anchor="middle" class="chart-empty" font-size="16">'
            "No data yet</text></svg>",
            width // 2,
            height // 2,
        )
    )


def bar_chart(
    *,
    chart_id: str,
    title: str,
    bars: Sequence[Bar],
    unit: str = "",
    width: int = 420,
) -> SafeString:
    """Horizontal bars, one row each: they read well on a phone and fit long labels."""
    if not bars:
        return _empty(chart_id, title, width)
    row, top, label_w, right = 30, 8, 190, 80  # labels up to 22 characters fit at 14px
    height = top * 2 + row * len(bars)
    peak = max(bar.value for bar in bars)
    scale_max = _nice_max(peak)
    plot_w = width - label_w - right
    desc = "; ".join(
        f"{bar.label}: {_number(bar.value)}{unit}" + (f" ({bar.note})" if bar.note else "")
        for bar in bars
    )
    parts = [_svg_open(chart_id, title, desc, width, height)]
    for index, bar in enumerate(bars):
        y = top + index * row
        length = 0 if scale_max == 0 else plot_w * bar.value / scale_max
        value_text = f"{_number(bar.value)}{unit}" + (f" · {bar.note}" if bar.note else "")
        parts.append(
            format_html(
                '<g class="chart-bar{muted}">'
                '<text x="{lx}" y="{ty}" text-anchor="end" font-size="14">{label}</text>'
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"></rect>'
                '<text x="{vx}" y="{ty}" font-size="14">{value}</text></g>',
                muted=" chart-bar-muted" if bar.muted else "",
                lx=label_w - 8,
                ty=y + row // 2 + 5,
                label=_truncate(bar.label, 22),
                x=label_w,
                y=y + 6,
                w=_f(length),
                h=row - 12,
                fill=PALETTE[1] if bar.muted else PALETTE[0],
                vx=_f(label_w + length + 6),
                value=value_text,
            )
        )
    parts.append(
        format_html(
            '<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="#5c6770" stroke-width="1"></line>',
            x=label_w,
            y1=top,
            y2=height - top,
        )
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped by format_html


def line_chart(
    *,
    chart_id: str,
    title: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    y_max: float | None = None,
    width: int = 420,
    height: int = 240,
) -> SafeString:
    """One line per series over shared x labels (e.g. weeks); ``None`` leaves a gap."""
    values = [v for s in series for v in s.values if v is not None]
    if not x_labels or not values:
        return _empty(chart_id, title, width)
    left, right, top, bottom = 48, 28, 16, 56 + 22 * ((len(series) + 1) // 2)
    plot_w, plot_h = width - left - right, height - top - bottom
    scale_max = y_max if y_max is not None else _nice_max(max(values))
    count = len(x_labels)

    def x_at(i: int) -> float:
        return left + (plot_w / 2 if count == 1 else plot_w * i / (count - 1))

    def y_at(v: float) -> float:
        return top + plot_h - plot_h * min(v, scale_max) / scale_max

    desc = "; ".join(
        f"{s.name}: "
        + ", ".join(
            f"{label} {'no data' if v is None else _number(v) + unit}"
            for label, v in zip(x_labels, s.values, strict=False)
        )
        for s in series
    )
    parts = [_svg_open(chart_id, title, desc, width, height)]
    # Gridlines and y-axis labels at 0, ½ and the maximum.
    for fraction in (0, 0.5, 1):
        value = scale_max * fraction
        y = y_at(value)
        parts.append(
            format_html(
                '<line x1="{l}" y1="{y}" x2="{r}" y2="{y}" class="chart-grid" '
                'stroke="#c9ced3" stroke-width="1"></line>'
                '<text x="{tx}" y="{ty}" text-anchor="end" font-size="13">{label}</text>',
                l=left,
                r=width - right,
                y=_f(y),
                tx=left - 6,
                ty=_f(y + 4),
                label=f"{_number(value)}{unit}",
            )
        )
    # X labels: at most about six, so they never overlap.
    step = max(1, math.ceil(count / 6))
    for i, label in enumerate(x_labels):
        last = i == count - 1
        if last or (i % step == 0 and count - 1 - i >= step):
            parts.append(
                format_html(
                    '<text x="{x}" y="{y}" text-anchor="middle" font-size="13">{label}</text>',
                    x=_f(x_at(i)),
                    y=top + plot_h + 20,
                    label=label,
                )
            )
    for index, s in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        pattern = DASHES[index % len(DASHES)]
        dash = f' stroke-dasharray="{pattern}"' if pattern else ""
        segments: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(s.values[:count]):
            if v is None:
                segments.append([])
            else:
                segments[-1].append((x_at(i), y_at(v)))
        for segment in segments:
            if len(segment) > 1:
                points = " ".join(f"{x},{y}" for x, y in segment)
                parts.append(
                    format_html(
                        '<polyline points="{}" fill="none" stroke="{}" stroke-width="3"{}>'
                        "</polyline>",
                        points,
                        colour,
                        mark_safe(dash),  # noqa: S308 - a constant
                    )
                )
            for x, y in segment:
                parts.append(
                    format_html(
                        '<circle cx="{}" cy="{}" r="4" fill="{}"></circle>', _f(x), _f(y), colour
                    )
                )
        # Legend below the plot, two entries a row.
        lx = left + (index % 2) * (plot_w / 2)
        ly = top + plot_h + 44 + (index // 2) * 22
        parts.append(
            format_html(
                '<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{c}" '
                'stroke-width="3"{dash}></line>'
                '<text x="{tx}" y="{ty}" font-size="13">{name}</text>',
                x1=_f(lx),
                x2=_f(lx + 24),
                y=_f(ly - 4),
                c=colour,
                dash=mark_safe(dash),  # noqa: S308 - a constant
                tx=_f(lx + 30),
                ty=_f(ly),
                name=s.name,
            )
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped by format_html


def data_table(
    *,
    caption: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    table_id: str = "",
) -> SafeString:
    """The numbers behind a chart, as a plain accessible table."""
    head = format_html_join("", '<th scope="col">{}</th>', ((c,) for c in columns))
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        (
            (
                mark_safe(  # noqa: S308 - the cells are escaped by format_html
                    format_html('<th scope="row">{}</th>', _cell(row[0]))
                    + "".join(format_html("<td>{}</td>", _cell(cell)) for cell in row[1:])
                ),
            )
            for row in rows
        ),
    )
    if not rows:
        body = format_html('<tr><td colspan="{}">No data yet.</td></tr>', len(columns))
    return format_html(
        '<table class="table table-sm chart-table"{}><caption>{}</caption>'
        "<thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
        format_html(' id="{}"', table_id) if table_id else "",
        caption,
        head,
        body,
    )


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return _number(value)
    return str(value)


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = ["Bar", "Series", "bar_chart", "line_chart", "data_table"]
