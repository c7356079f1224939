"""Figures for the staff dashboard: a fixed handful of aggregate queries, then charts.

Volume and urgency by week, the median time to first contact (urgent and routine), the
outcomes of closed requests, and the clinicians people ask for most against whether they
are accepting new clients. Weeks start on Monday in the practice's time zone.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.safestring import SafeString

from intake import charts, targets
from intake.charts import Bar, Series
from intake.models import MatchRequest, RequestMatch
from intake.workflow import Outcome

WEEKS = 12
TOP_CLINICIANS = 10


@dataclass(frozen=True)
class Figure:
    """One chart and the table of the numbers it draws."""

    slug: str
    title: str
    svg: SafeString
    table: SafeString
    summary: str = ""


def _hours(delta: dt.timedelta) -> float:
    return round(delta.total_seconds() / 3600, 1)


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _label(day: dt.date) -> str:
    return f"{day:%b} {day.day}"


def build(now: dt.datetime | None = None, *, weeks: int = WEEKS) -> dict:
    """Everything the dashboard shows, for the last ``weeks`` weeks including this one."""
    now = now or timezone.now()
    tz = targets.practice_tz()
    today = now.astimezone(tz).date()
    first_monday = today - dt.timedelta(days=today.weekday(), weeks=weeks - 1)
    since = dt.datetime.combine(first_monday, dt.time.min, tzinfo=tz)
    mondays = [first_monday + dt.timedelta(weeks=i) for i in range(weeks)]
    window = MatchRequest.objects.filter(created_at__gte=since)

    # 1. Requests and urgent requests per week.
    per_week = {
        row["week"].astimezone(tz).date()
        if isinstance(row["week"], dt.datetime)
        else row["week"]: row
        for row in window.annotate(week=TruncWeek("created_at", tzinfo=tz))
        .order_by()
        .values("week")
        .annotate(total=Count("id"), urgent_count=Count("id", filter=Q(urgent=True)))
        .order_by("week")
    }
    totals = [per_week.get(m, {}).get("total", 0) for m in mondays]
    urgents = [per_week.get(m, {}).get("urgent_count", 0) for m in mondays]
    shares = [round(100 * u / t, 1) if t else None for u, t in zip(urgents, totals, strict=True)]
    labels = [_label(m) for m in mondays]
    all_total, all_urgent = sum(totals), sum(urgents)

    # 2. Time to first contact, by week of arrival and overall.
    contact_hours: dict[tuple[bool, dt.date], list[float]] = {}
    overall: dict[bool, list[float]] = {True: [], False: []}
    for urgent, created_at, first_contact_at in window.filter(
        first_contact_at__isnull=False
    ).values_list("urgent", "created_at", "first_contact_at"):
        hours = max(0.0, _hours(first_contact_at - created_at))
        day = created_at.astimezone(tz).date()
        monday = day - dt.timedelta(days=day.weekday())
        contact_hours.setdefault((urgent, monday), []).append(hours)
        overall[urgent].append(hours)
    median_urgent = [_median(contact_hours.get((True, m), [])) for m in mondays]
    median_routine = [_median(contact_hours.get((False, m), [])) for m in mondays]

    # 3. Outcomes of requests closed in the window.
    outcome_counts = dict(
        MatchRequest.objects.filter(status="closed", closed_at__gte=since)
        .order_by()
        .values("outcome")
        .annotate(n=Count("id"))
        .values_list("outcome", "n")
    )
    outcome_rows = [(label, outcome_counts.get(value, 0)) for value, label in Outcome.choices]

    # 4. The clinicians people chose most, and whether they are accepting.
    requested = list(
        RequestMatch.objects.filter(
            chosen=True, request__created_at__gte=since, clinician__isnull=False
        )
        .values(
            "clinician_id",
            "clinician__first_name",
            "clinician__last_name",
            "clinician__credentials",
            "clinician__accepting_new_clients",
        )
        .annotate(n=Count("id"))
        .order_by("-n", "clinician__last_name", "clinician_id")[:TOP_CLINICIANS]
    )

    def clinician_name(row: dict) -> str:
        name = f"{row['clinician__first_name']} {row['clinician__last_name']}"
        return f"{name}, {row['clinician__credentials']}" if row["clinician__credentials"] else name

    not_accepting = sum(1 for row in requested if not row["clinician__accepting_new_clients"])

    figures = [
        Figure(
            slug="volume",
            title=f"Requests per week, last {weeks} weeks",
            svg=charts.bar_chart(
                chart_id="chart-volume",
                title=f"Requests per week, last {weeks} weeks",
                bars=[
                    Bar(f"Week of {label}", total)
                    for label, total in zip(labels, totals, strict=True)
                ],
            ),
            table=charts.data_table(
                caption="Requests per week",
                columns=["Week of", "Requests", "Urgent"],
                rows=list(zip(labels, totals, urgents, strict=True)),
            ),
            summary=f"{_count(all_total, 'request')} in {weeks} weeks.",
        ),
        Figure(
            slug="urgent",
            title="Share of requests marked urgent, by week (%)",
            svg=charts.line_chart(
                chart_id="chart-urgent",
                title="Share of requests marked urgent, by week",
                x_labels=labels,
                series=[Series("Urgent share", shares)],
                unit="%",
                y_max=100,
            ),
            table=charts.data_table(
                caption="Share of requests marked urgent",
                columns=["Week of", "Urgent", "Requests", "Share"],
                rows=[
                    (label, u, t, "—" if s is None else f"{s:g}%")
                    for label, u, t, s in zip(labels, urgents, totals, shares, strict=True)
                ],
            ),
            summary=(
                f"{round(100 * all_urgent / all_total)}% urgent overall "
                f"({all_urgent} of {all_total})."
                if all_total
                else "No requests yet."
            ),
        ),
        Figure(
            slug="first-contact",
            title="Median hours to first contact, by week of arrival",
            svg=charts.line_chart(
                chart_id="chart-first-contact",
                title="Median hours to first contact, by week of arrival",
                x_labels=labels,
                series=[Series("Urgent", median_urgent), Series("Routine", median_routine)],
                unit=" h",
            ),
            table=charts.data_table(
                caption="Median hours to first contact",
                columns=["Week of", "Urgent (hours)", "Routine (hours)"],
                rows=list(zip(labels, median_urgent, median_routine, strict=True)),
            ),
            summary=(
                "Overall median: urgent "
                + _hours_text(_median(overall[True]))
                + ", routine "
                + _hours_text(_median(overall[False]))
                + "."
                if overall[True] or overall[False]
                else "No first contact recorded yet."
            ),
        ),
        Figure(
            slug="outcomes",
            title=f"Outcomes of requests closed in the last {weeks} weeks",
            svg=charts.bar_chart(
                chart_id="chart-outcomes",
                title=f"Outcomes of requests closed in the last {weeks} weeks",
                bars=[Bar(label, n) for label, n in outcome_rows]
                if any(n for _, n in outcome_rows)
                else [],
            ),
            table=charts.data_table(
                caption="Outcomes of closed requests",
                columns=["Outcome", "Requests"],
                rows=outcome_rows,
            ),
            summary=(
                f"{_count(sum(outcome_counts.values()), 'request')} closed."
                if outcome_counts
                else "No request closed yet."
            ),
        ),
        Figure(
            slug="clinicians",
            title="Clinicians people asked for most, and whether they are accepting",
            svg=charts.bar_chart(
                chart_id="chart-clinicians",
                title="Clinicians people asked for most, and whether they are accepting",
                bars=[
                    Bar(
                        clinician_name(row),
                        row["n"],
                        note="" if row["clinician__accepting_new_clients"] else "not accepting",
                        muted=not row["clinician__accepting_new_clients"],
                    )
                    for row in requested
                ],
            ),
            table=charts.data_table(
                caption="Clinicians people asked for most",
                columns=["Clinician", "Times chosen", "Accepting new clients"],
                rows=[
                    (
                        clinician_name(row),
                        row["n"],
                        "Yes" if row["clinician__accepting_new_clients"] else "No",
                    )
                    for row in requested
                ],
            ),
            summary=_accepting_summary(not_accepting, len(requested)),
        ),
    ]
    return {"figures": figures, "since": since, "weeks": weeks}


def _hours_text(value: float | None) -> str:
    return "none yet" if value is None else f"{value:g} h"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _accepting_summary(not_accepting: int, shown: int) -> str:
    if not shown:
        return "No clinician chosen yet."
    if not not_accepting:
        return f"All {shown} of the most requested are accepting new clients."
    verb = "is" if not_accepting == 1 else "are"
    return f"{not_accepting} of the {shown} most requested {verb} not accepting new clients."
