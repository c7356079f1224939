"""The clinicians' figures on the staff dashboard (intake.staff.dashboard asks each app for its
own through `AppConfig.dashboard_figures`): how much of the roster is confirmed, how
clinicians answer referrals, how long a person waits for an acceptance, whom to chase."""

from __future__ import annotations

import datetime as dt
import math
import statistics

from django.db.models import Count, F, Q

from clinicians.models import ClinicianEvent, Referral
from intake import targets
from intake.staff import charts
from intake.staff.charts import Bar, Series
from intake.staff.dashboard import Figure, _label
from matching import scoring
from matching.models import Clinician

FRESH_DAYS = 14
CONFIRMED = (ClinicianEvent.Action.NOTHING_CHANGED, ClinicianEvent.Action.AVAILABILITY)


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (0 < share <= 1) of the values, or None."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def business_days_between(cal, start: dt.datetime, end: dt.datetime) -> int:
    """Business days after `start`'s day up to and including `end`'s (same day: 0)."""
    day, last = cal.local_date(start), cal.local_date(end)
    count = 0
    while day < last:
        day += dt.timedelta(days=1)
        count += cal.is_business_day(day)
    return count


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole) if whole else None


def figures(*, now: dt.datetime, weeks: int) -> list[Figure]:
    from practice.models import Practice

    cal = Practice.current().calendar
    tz = targets.practice_tz()
    today = now.astimezone(tz).date()
    first_monday = today - dt.timedelta(days=today.weekday(), weeks=weeks - 1)
    week_ends = [min(first_monday + dt.timedelta(weeks=i, days=6), today) for i in range(weeks)]
    labels = [_label(first_monday + dt.timedelta(weeks=i)) for i in range(weeks)]
    since = dt.datetime.combine(first_monday, dt.time.min, tzinfo=tz)

    # 1. Share of the active roster confirmed within 14 days: now, and at each week's end
    # (from the confirmations recorded, plus each clinician's current date).
    active = dict(Clinician.objects.active().values_list("pk", "availability_confirmed_on"))
    confirmations: dict[int, set[dt.date]] = {pk: {d} for pk, d in active.items() if d}
    horizon = since - dt.timedelta(days=FRESH_DAYS)
    for pk, at in ClinicianEvent.objects.filter(
        action__in=CONFIRMED, at__gte=horizon, clinician_id__in=list(active)
    ).values_list("clinician_id", "at"):
        confirmations.setdefault(pk, set()).add(at.astimezone(tz).date())

    def confirmed_share(end: dt.date) -> float | None:
        fresh = sum(
            any(end - dt.timedelta(days=FRESH_DAYS) <= d <= end for d in dates)
            for dates in confirmations.values()
        )
        return _share(fresh, len(active))

    trend = [confirmed_share(end) for end in week_ends]
    fresh_now = sum(1 for d in active.values() if d and (today - d).days <= FRESH_DAYS)

    # 2. Referrals answered in the window: response time and acceptance.
    window = Referral.objects.filter(offered_at__gte=since)
    decided = window.exclude(status=Referral.Status.OFFERED)
    counts = dict(decided.order_by().values_list("status").annotate(n=Count("id")))
    accepted = counts.get(Referral.Status.ACCEPTED, 0)
    answered = list(decided.exclude(answered_at=None).values_list("offered_at", "answered_at"))
    response_hours = [(b - a).total_seconds() / 3600 for a, b in answered]
    median_response = round(statistics.median(response_hours), 1) if response_hours else None

    # 3. From a person's request to a clinician's acceptance, in business days.
    waits = [
        business_days_between(cal, created, accepted_at)
        for created, accepted_at in window.filter(status=Referral.Status.ACCEPTED).values_list(
            "request__created_at", "answered_at"
        )
    ]
    median_wait = statistics.median(waits) if waits else None
    p90_wait = percentile(waits, 0.9)

    # 4. Whom to chase: referrals let expire or declined for no capacity, and who is
    # no longer offered as a match at all.
    chase = list(
        Clinician.objects.active()
        .annotate(
            expired=Count(
                "referrals",
                filter=Q(
                    referrals__status=Referral.Status.EXPIRED, referrals__offered_at__gte=since
                ),
            ),
            no_capacity=Count(
                "referrals",
                filter=Q(
                    referrals__decline_reason=Referral.DeclineReason.NO_CAPACITY,
                    referrals__offered_at__gte=since,
                ),
            ),
        )
        .filter(
            Q(expired__gt=0)
            | Q(no_capacity__gt=0)
            | Q(availability_confirmed_on=None)
            | Q(availability_confirmed_on__lt=scoring.confirmed_since(today))
        )
        .order_by(
            "-expired",
            "-no_capacity",
            F("availability_confirmed_on").asc(nulls_first=True),
            "last_name",
        )[:10]
    )

    def confirmed_words(c) -> str:
        d = c.availability_confirmed_on
        return scoring.days_ago_phrase((today - d).days) if d else "never"

    return [
        Figure(
            slug="roster-confirmed",
            title=f"Share of the roster confirmed within {FRESH_DAYS} days, by week",
            svg=charts.line_chart(
                chart_id="chart-roster-confirmed",
                title=f"Share of the roster confirmed within {FRESH_DAYS} days, by week",
                x_labels=labels,
                series=[Series("Confirmed", trend)],
                unit="%",
                y_max=100,
            ),
            table=charts.data_table(
                caption="Share of the active roster confirmed within 14 days",
                columns=["Week of", "Confirmed (%)"],
                rows=list(zip(labels, trend, strict=True)),
            ),
            summary=(
                f"Today {_share(fresh_now, len(active))}% ({fresh_now} of {len(active)} active "
                "clinicians) confirmed within 14 days."
                if active
                else "No active clinicians."
            ),
        ),
        Figure(
            slug="referrals",
            title=f"Referrals of the last {weeks} weeks: how clinicians answered",
            svg=charts.bar_chart(
                chart_id="chart-referrals",
                title=f"Referrals of the last {weeks} weeks: how clinicians answered",
                bars=[
                    Bar(label, counts.get(status, 0), muted=status != Referral.Status.ACCEPTED)
                    for status, label in Referral.Status.choices
                    if status != Referral.Status.OFFERED
                ]
                if counts
                else [],
            ),
            table=charts.data_table(
                caption="Referrals and answers",
                columns=["Figure", "Value"],
                rows=[
                    ("Acceptance rate (%)", _share(accepted, sum(counts.values()))),
                    ("Median response time (hours)", median_response),
                    ("Request to acceptance, median (business days)", median_wait),
                    ("Request to acceptance, 90th percentile (business days)", p90_wait),
                ],
            ),
            summary=(
                f"{_share(accepted, sum(counts.values()))}% accepted; median answer in "
                f"{median_response:g} h; a person waits a median of {median_wait:g} and at "
                f"most {p90_wait:g} business days (90th percentile) for an acceptance."
                if accepted and median_response is not None
                else f"{sum(counts.values())} referral(s) decided; none accepted yet."
                if counts
                else "No referral decided yet."
            ),
        ),
        Figure(
            slug="chase",
            title="Clinicians to chase",
            svg=charts.bar_chart(
                chart_id="chart-chase",
                title="Clinicians to chase: referrals let expire or declined for no capacity",
                bars=[
                    Bar(c.full_name, c.expired + c.no_capacity, note=confirmed_words(c))
                    for c in chase
                    if c.expired + c.no_capacity
                ],
            ),
            table=charts.data_table(
                caption="Clinicians to chase",
                columns=["Clinician", "Expired", "No capacity", "Availability confirmed"],
                rows=[(c.full_name, c.expired, c.no_capacity, confirmed_words(c)) for c in chase],
            ),
            summary=(
                f"{len(chase)} to chase: their referrals lapsed, or they are no longer offered "
                "as matches (see Staff → Clinicians)."
                if chase
                else "Nobody to chase."
            ),
        ),
    ]
