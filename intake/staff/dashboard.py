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

from intake import targets
from intake.models import TIER_FILTERS, MatchRequest, RequestMatch
from intake.staff import charts
from intake.staff.charts import Bar, Series
from intake.staff.workflow import Outcome
from intake.targets import Tier

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


@dataclass(frozen=True)
class Window:
    """The weeks the dashboard covers: Mondays in the practice's time zone, oldest first."""

    weeks: int
    tz: dt.tzinfo
    since: dt.datetime
    mondays: list[dt.date]

    @property
    def labels(self) -> list[str]:
        return [_label(m) for m in self.mondays]

    def requests(self):
        return MatchRequest.objects.filter(created_at__gte=self.since)


def window_ending(now: dt.datetime, *, weeks: int = WEEKS) -> Window:
    """The last ``weeks`` weeks, this one included."""
    tz = targets.practice_tz()
    today = now.astimezone(tz).date()
    first_monday = today - dt.timedelta(days=today.weekday(), weeks=weeks - 1)
    return Window(
        weeks=weeks,
        tz=tz,
        since=dt.datetime.combine(first_monday, dt.time.min, tzinfo=tz),
        mondays=[first_monday + dt.timedelta(weeks=i) for i in range(weeks)],
    )


# --- Queries ----------------------------------------------------------------------------


@dataclass(frozen=True)
class WeeklyCounts:
    totals: list[int]
    by_tier: dict[Tier, list[int]]


def weekly_counts(window: Window) -> WeeklyCounts:
    """Requests per week, and how many in each tier (one query)."""
    tz = window.tz
    per_week = {
        row["week"].astimezone(tz).date()
        if isinstance(row["week"], dt.datetime)
        else row["week"]: row
        for row in window.requests()
        .annotate(week=TruncWeek("created_at", tzinfo=tz))
        .order_by()
        .values("week")
        .annotate(
            total=Count("id"),
            **{f"n_{tier.value}": Count("id", filter=TIER_FILTERS[tier]) for tier in TIERS},
        )
        .order_by("week")
    }
    return WeeklyCounts(
        totals=[per_week.get(m, {}).get("total", 0) for m in window.mondays],
        by_tier={
            tier: [per_week.get(m, {}).get(f"n_{tier.value}", 0) for m in window.mondays]
            for tier in TIERS
        },
    )


@dataclass(frozen=True)
class ContactTimes:
    medians: dict[Tier, list[float | None]]  # by week of arrival
    overall: dict[Tier, list[float]]  # every request's hours


def first_contact_times(window: Window) -> ContactTimes:
    """Hours to first contact, by tier and week of arrival, and overall."""
    by_week: dict[tuple[Tier, dt.date], list[float]] = {}
    overall: dict[Tier, list[float]] = {tier: [] for tier in TIERS}
    for safety, urgent, created_at, first_contact_at in (
        window.requests()
        .filter(first_contact_at__isnull=False)
        .values_list("safety", "urgent", "created_at", "first_contact_at")
    ):
        tier = targets.tier_for(right_now=safety == MatchRequest.Safety.RIGHT_NOW, urgent=urgent)
        hours = max(0.0, _hours(first_contact_at - created_at))
        day = created_at.astimezone(window.tz).date()
        monday = day - dt.timedelta(days=day.weekday())
        by_week.setdefault((tier, monday), []).append(hours)
        overall[tier].append(hours)
    medians = {
        tier: [_median(by_week.get((tier, m), [])) for m in window.mondays] for tier in TIERS
    }
    return ContactTimes(medians=medians, overall=overall)


def closed_outcomes(window: Window) -> dict[str, int]:
    """{outcome: requests} of the requests closed in the window."""
    return dict(
        MatchRequest.objects.filter(status=MatchRequest.Status.CLOSED, closed_at__gte=window.since)
        .order_by()
        .values("outcome")
        .annotate(n=Count("id"))
        .values_list("outcome", "n")
    )


def most_chosen_clinicians(window: Window, *, limit: int = TOP_CLINICIANS) -> list[dict]:
    """The clinicians people chose most, and whether they are accepting."""
    return list(
        RequestMatch.objects.filter(
            chosen=True, request__created_at__gte=window.since, clinician__isnull=False
        )
        .values(
            "clinician_id",
            "clinician__first_name",
            "clinician__last_name",
            "clinician__credentials",
            "clinician__accepting_new_clients",
        )
        .annotate(n=Count("id"))
        .order_by("-n", "clinician__last_name", "clinician_id")[:limit]
    )


# --- Figures ----------------------------------------------------------------------------


def volume_figure(window: Window, counts: WeeklyCounts) -> Figure:
    title = f"Requests per week, last {window.weeks} weeks"
    return Figure(
        slug="volume",
        title=title,
        svg=charts.bar_chart(
            chart_id="chart-volume",
            title=title,
            bars=[
                Bar(f"Week of {label}", total)
                for label, total in zip(window.labels, counts.totals, strict=True)
            ],
        ),
        table=charts.data_table(
            caption="Requests per week, by tier",
            columns=["Week of", "Requests", "Right now", "Urgent", "Routine"],
            rows=list(zip(window.labels, counts.totals, *counts.by_tier.values(), strict=True)),
        ),
        summary=f"{_count(sum(counts.totals), 'request')} in {window.weeks} weeks.",
    )


def urgent_share_figure(window: Window, counts: WeeklyCounts) -> Figure:
    totals, by_tier = counts.totals, counts.by_tier
    shares = {
        tier: [
            round(100 * n / t, 1) if t else None for n, t in zip(tier_counts, totals, strict=True)
        ]
        for tier, tier_counts in by_tier.items()
    }
    same_day = sum(by_tier[Tier.ACUTE]) + sum(by_tier[Tier.URGENT])
    all_total = sum(totals)
    return Figure(
        slug="urgent",
        title="Share of requests that were right now or urgent, by week (%)",
        svg=charts.line_chart(
            chart_id="chart-urgent",
            title="Share of requests that were right now or urgent, by week",
            x_labels=window.labels,
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
                    window.labels, by_tier[Tier.ACUTE], by_tier[Tier.URGENT], totals, strict=True
                )
            ],
        ),
        summary=(
            f"{round(100 * same_day / all_total)}% right now or urgent overall "
            f"({same_day} of {all_total}: {sum(by_tier[Tier.ACUTE])} right now, "
            f"{sum(by_tier[Tier.URGENT])} urgent)."
            if all_total
            else "No requests yet."
        ),
    )


def first_contact_figure(window: Window, times: ContactTimes) -> Figure:
    title = "Median hours to first contact, by tier and week of arrival"
    return Figure(
        slug="first-contact",
        title=title,
        svg=charts.line_chart(
            chart_id="chart-first-contact",
            title=title,
            x_labels=window.labels,
            series=[Series(tier.label, times.medians[tier]) for tier in TIERS],
            unit=" h",
        ),
        table=charts.data_table(
            caption="Median hours to first contact",
            columns=["Week of"] + [f"{tier.label} (hours)" for tier in TIERS],
            rows=list(zip(window.labels, *times.medians.values(), strict=True)),
        ),
        summary=(
            "Overall median: "
            + ", ".join(
                f"{tier.label.lower()} {_hours_text(_median(times.overall[tier]))}"
                for tier in TIERS
            )
            + "."
            if any(times.overall.values())
            else "No first contact recorded yet."
        ),
    )


def outcomes_figure(window: Window, outcome_counts: dict[str, int]) -> Figure:
    title = f"Outcomes of requests closed in the last {window.weeks} weeks"
    rows = [(label, outcome_counts.get(value, 0)) for value, label in Outcome.choices]
    return Figure(
        slug="outcomes",
        title=title,
        svg=charts.bar_chart(
            chart_id="chart-outcomes",
            title=title,
            bars=[Bar(label, n) for label, n in rows] if any(n for _, n in rows) else [],
        ),
        table=charts.data_table(
            caption="Outcomes of closed requests", columns=["Outcome", "Requests"], rows=rows
        ),
        summary=(
            f"{_count(sum(outcome_counts.values()), 'request')} closed."
            if outcome_counts
            else "No request closed yet."
        ),
    )


def _clinician_name(row: dict) -> str:
    name = f"{row['clinician__first_name']} {row['clinician__last_name']}"
    return f"{name}, {row['clinician__credentials']}" if row["clinician__credentials"] else name


def clinicians_figure(requested: list[dict]) -> Figure:
    title = "Clinicians people asked for most, and whether they are accepting"
    not_accepting = sum(1 for row in requested if not row["clinician__accepting_new_clients"])
    return Figure(
        slug="clinicians",
        title=title,
        svg=charts.bar_chart(
            chart_id="chart-clinicians",
            title=title,
            bars=[
                Bar(
                    _clinician_name(row),
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
                    _clinician_name(row),
                    row["n"],
                    "Yes" if row["clinician__accepting_new_clients"] else "No",
                )
                for row in requested
            ],
        ),
        summary=_accepting_summary(not_accepting, len(requested)),
    )


def build(now: dt.datetime | None = None, *, weeks: int = WEEKS) -> dict:
    """Everything the dashboard shows, for the last ``weeks`` weeks including this one."""
    now = now or timezone.now()
    window = window_ending(now, weeks=weeks)
    counts = weekly_counts(window)
    figures = [
        volume_figure(window, counts),
        urgent_share_figure(window, counts),
        first_contact_figure(window, first_contact_times(window)),
        outcomes_figure(window, closed_outcomes(window)),
        clinicians_figure(most_chosen_clinicians(window)),
    ]
    # Apps above this one add their own (the clinicians' side: clinicians.dashboard).
    for config in apps.get_app_configs():
        if hasattr(config, "dashboard_figures"):
            figures += config.dashboard_figures(now=now, weeks=weeks)
    return {"figures": figures, "since": window.since, "weeks": weeks}


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
