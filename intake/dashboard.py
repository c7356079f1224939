"""Figures for the staff dashboard: a fixed handful of aggregate queries, then charts.

Volume and tiers by week, the median time to first contact per tier (right now, urgent,
routine), the
outcomes of closed requests, and the clinicians people ask for most against whether they
are accepting new clients. Weeks start on Monday in the practice's time zone.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.safestring import SafeString

from intake import charts, targets
from intake.charts import Bar, Series
from intake.models import TIER_FILTERS, MatchRequest, RequestMatch
from intake.targets import Tier
from intake.workflow import Outcome

TIERS = (Tier.ACUTE, Tier.URGENT, Tier.ROUTINE)

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

    # 1. Requests per week, and how many in each tier.
    per_week = {
        row["week"].astimezone(tz).date()
        if isinstance(row["week"], dt.datetime)
        else row["week"]: row
        for row in window.annotate(week=TruncWeek("created_at", tzinfo=tz))
        .order_by()
        .values("week")
        .annotate(
            total=Count("id"),
            **{f"n_{tier.value}": Count("id", filter=TIER_FILTERS[tier]) for tier in TIERS},
        )
        .order_by("week")
    }
    totals = [per_week.get(m, {}).get("total", 0) for m in mondays]
    by_tier = {
        tier: [per_week.get(m, {}).get(f"n_{tier.value}", 0) for m in mondays] for tier in TIERS
    }
    same_day = [a + u for a, u in zip(by_tier[Tier.ACUTE], by_tier[Tier.URGENT], strict=True)]
    shares = {
        tier: [round(100 * n / t, 1) if t else None for n, t in zip(counts, totals, strict=True)]
        for tier, counts in by_tier.items()
    }
    labels = [_label(m) for m in mondays]
    all_total = sum(totals)
    all_tier = {tier: sum(counts) for tier, counts in by_tier.items()}

    # 2. Time to first contact, by tier and week of arrival, and overall.
    contact_hours: dict[tuple[Tier, dt.date], list[float]] = {}
    overall: dict[Tier, list[float]] = {tier: [] for tier in TIERS}
    for safety, urgent, created_at, first_contact_at in window.filter(
        first_contact_at__isnull=False
    ).values_list("safety", "urgent", "created_at", "first_contact_at"):
        tier = targets.tier_for(right_now=safety == MatchRequest.Safety.RIGHT_NOW, urgent=urgent)
        hours = max(0.0, _hours(first_contact_at - created_at))
        day = created_at.astimezone(tz).date()
        monday = day - dt.timedelta(days=day.weekday())
        contact_hours.setdefault((tier, monday), []).append(hours)
        overall[tier].append(hours)
    medians = {tier: [_median(contact_hours.get((tier, m), [])) for m in mondays] for tier in TIERS}

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
                caption="Requests per week, by tier",
                columns=["Week of", "Requests", "Right now", "Urgent", "Routine"],
                rows=list(zip(labels, totals, *by_tier.values(), strict=True)),
            ),
            summary=f"{_count(all_total, 'request')} in {weeks} weeks.",
        ),
        Figure(
            slug="urgent",
            title="Share of requests that were right now or urgent, by week (%)",
            svg=charts.line_chart(
                chart_id="chart-urgent",
                title="Share of requests that were right now or urgent, by week",
                x_labels=labels,
                series=[
                    Series("Right now", shares[Tier.ACUTE]),
                    Series("Urgent", shares[Tier.URGENT]),
                ],
                unit="%",
                y_max=100,
            ),
            table=charts.data_table(
                caption="Share of requests that were right now or urgent",
                columns=["Week of", "Right now", "Urgent", "Requests", "Share"],
                rows=[
                    (label, a, u, t, "—" if not t else f"{round(100 * (a + u) / t, 1):g}%")
                    for label, a, u, t in zip(
                        labels, by_tier[Tier.ACUTE], by_tier[Tier.URGENT], totals, strict=True
                    )
                ],
            ),
            summary=(
                f"{round(100 * sum(same_day) / all_total)}% right now or urgent overall "
                f"({sum(same_day)} of {all_total}: {all_tier[Tier.ACUTE]} right now, "
                f"{all_tier[Tier.URGENT]} urgent)."
                if all_total
                else "No requests yet."
            ),
        ),
        Figure(
            slug="first-contact",
            title="Median hours to first contact, by tier and week of arrival",
            svg=charts.line_chart(
                chart_id="chart-first-contact",
                title="Median hours to first contact, by tier and week of arrival",
                x_labels=labels,
                series=[Series(tier.label, medians[tier]) for tier in TIERS],
                unit=" h",
            ),
            table=charts.data_table(
                caption="Median hours to first contact",
                columns=["Week of"] + [f"{tier.label} (hours)" for tier in TIERS],
                rows=list(zip(labels, *medians.values(), strict=True)),
            ),
            summary=(
                "Overall median: "
                + ", ".join(
                    f"{tier.label.lower()} {_hours_text(_median(overall[tier]))}" for tier in TIERS
                )
                + "."
                if any(overall.values())
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
    # Apps above this one add their own (the clinicians' side: clinicians.dashboard).
    for config in apps.get_app_configs():
        if hasattr(config, "dashboard_figures"):
            figures += config.dashboard_figures(now=now, weeks=weeks)
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
