"""Tiers and response targets for match requests, on the practice's business calendar.

Plain functions: each takes the calendar (``practice.calendar.BusinessCalendar``) it
counts with; left out, it is the practice's own (``Practice.current()``, cached).

Three tiers, most pressing first (docs/intake.md, docs/staff.md):

- **Right now** (acute): the safety screen answered yes to "right now". Due within
  ``INTAKE_ACUTE_TARGET_HOURS`` business hours (1 by default) of arrival. Outside hours the
  clock starts at the next opening: sent at 17:30 with closing at 18:00, due at 08:30 the
  next business morning.
- **Urgent**: any other yes on the screen, or self-harm or suicidal thoughts chosen as a
  concern. Due by closing time on the business day it arrives in: its own day when it
  arrives before that day's closing, otherwise (after closing, a weekend, a holiday) the
  next business day. Never sooner than the right-now target, so one that arrives ten
  minutes before closing is due within the first business hour of the next business day.
- **Routine**: due by closing time on the first business day after the day it arrived
  (Monday → Tuesday; Friday, Saturday or Sunday → Monday; the day before a holiday → the
  day after it).

A target is met by the first contact. Until then a request is on time, due soon, or
overdue. Every target only moves later as the arrival time moves later, so "overdue now"
is the same as "arrived before a cutoff" (``overdue_cutoff``), which the queue uses to
filter in SQL with exactly the rules of the per-row state.

``first_contact_phrase`` says the same target to the person, in words ("today", "within the
hour", "tomorrow morning", "on Monday"); every such word is in ``_PHRASES`` below.
"""

from __future__ import annotations

import datetime as dt
import enum

from django.conf import settings
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext, pgettext_lazy

from practice import calendar as bc
from practice.calendar import BusinessCalendar

DUE_SOON = dt.timedelta(hours=2)
# A due time at or before this reads as "morning" to the person.
MORNING_ENDS = dt.time(12, 0)
# How far back the overdue cutoff is looked for (no target is ever this long).
_CUTOFF_SEARCH = dt.timedelta(days=400)


class Tier(str, enum.Enum):
    """How soon a request needs a first contact; ``rank`` sorts the queue."""

    ACUTE = "acute"
    URGENT = "urgent"
    ROUTINE = "routine"

    @property
    def label(self) -> str:
        return {"acute": "Right now", "urgent": "Urgent", "routine": "Routine"}[self.value]

    @property
    def rank(self) -> int:
        return {"acute": 0, "urgent": 1, "routine": 2}[self.value]


def tier_for(*, right_now: bool, urgent: bool) -> Tier:
    """Right now (acute) above urgent above routine. The SQL twin is ``intake.models.TIER_RANK``."""
    if right_now:
        return Tier.ACUTE
    return Tier.URGENT if urgent else Tier.ROUTINE


class TargetState(str, enum.Enum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET = "met"

    @property
    def label(self) -> str:
        return {
            "on_time": "On time",
            "due_soon": "Due soon",
            "overdue": "Overdue",
            "met": "Contacted",
        }[self.value]


def practice_calendar() -> BusinessCalendar:
    from practice.models import Practice

    return Practice.current().calendar


def practice_tz() -> dt.tzinfo:
    return practice_calendar().tz


def acute_target() -> dt.timedelta:
    return dt.timedelta(hours=settings.INTAKE_ACUTE_TARGET_HOURS)


def due_at(
    submitted_at: dt.datetime, *, tier: Tier, calendar: BusinessCalendar | None = None
) -> dt.datetime:
    """When the first contact is due (an aware datetime in the practice's time zone)."""
    cal = calendar or practice_calendar()
    acute = bc.add_business_hours(cal, submitted_at, acute_target())
    if tier == Tier.ACUTE:
        return acute
    if tier == Tier.URGENT:
        return max(bc.end_of_business_day(cal, submitted_at), acute)
    day = bc.add_business_days(cal, cal.local_date(submitted_at), 1)
    return bc.closing_time(cal, day)


def due_soon_window(tier: Tier) -> dt.timedelta:
    """Less than this left is "due soon": two hours, or half the right-now target."""
    return min(DUE_SOON, acute_target() / 2) if tier == Tier.ACUTE else DUE_SOON


def target_state(
    *,
    due: dt.datetime,
    now: dt.datetime,
    contacted: bool = False,
    due_soon: dt.timedelta = DUE_SOON,
) -> TargetState:
    """On time, due soon, overdue, or met once contacted."""
    if contacted:
        return TargetState.MET
    # Compare in UTC: arithmetic between datetimes sharing one zone ignores DST changes.
    due, now = due.astimezone(dt.timezone.utc), now.astimezone(dt.timezone.utc)
    if now > due:
        return TargetState.OVERDUE
    if due - now < due_soon:
        return TargetState.DUE_SOON
    return TargetState.ON_TIME


def overdue_cutoff(
    now: dt.datetime, *, tier: Tier, calendar: BusinessCalendar | None = None
) -> dt.datetime:
    """The instant before which a not-yet-contacted request of ``tier`` is overdue at ``now``.

    ``due_at(s) < now`` exactly when ``s < overdue_cutoff(now)``. ``due_at`` never
    decreases as ``s`` grows, so the cutoff is the earliest arrival whose target has not
    passed, found by bisection to the microsecond (the resolution of stored times).
    A target is never before its arrival, so nothing arriving at ``now`` or later is overdue.
    """
    cal = calendar or practice_calendar()

    def passed(offset: int) -> bool:
        return due_at(low + dt.timedelta(microseconds=offset), tier=tier, calendar=cal) < now

    low = now - _CUTOFF_SEARCH
    if not passed(0):
        return low
    # passed(lo) is true, passed(hi) is false: narrow down to neighbours.
    lo, hi = 0, _CUTOFF_SEARCH // dt.timedelta(microseconds=1)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if passed(mid):
            lo = mid
        else:
            hi = mid
    return low + dt.timedelta(microseconds=hi)


def duration(seconds: float) -> str:
    """A short duration for the queue: "25 min", "3 h", "2 d"."""
    seconds = max(0, int(seconds))
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 48 * 3600:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} d"


def age(submitted_at: dt.datetime, now: dt.datetime) -> str:
    """How long ago a request arrived."""
    return duration((now - submitted_at).total_seconds())


def remaining(due: dt.datetime, now: dt.datetime) -> str:
    """How long is left before the target, or how late it is."""
    seconds = (due.astimezone(dt.timezone.utc) - now.astimezone(dt.timezone.utc)).total_seconds()
    return f"{duration(-seconds)} late" if seconds < 0 else f"{duration(seconds)} left"


# --- What the person is told ------------------------------------------------------------

# Every word the public pages use for "when", in one place, ready for translation.
# Weekdays as they read inside a sentence (Django's own names are capitalised in Spanish).
_WEEKDAYS = (
    pgettext_lazy("weekday in a sentence", "Monday"),
    pgettext_lazy("weekday in a sentence", "Tuesday"),
    pgettext_lazy("weekday in a sentence", "Wednesday"),
    pgettext_lazy("weekday in a sentence", "Thursday"),
    pgettext_lazy("weekday in a sentence", "Friday"),
    pgettext_lazy("weekday in a sentence", "Saturday"),
    pgettext_lazy("weekday in a sentence", "Sunday"),
)
_PHRASES = {
    "soon": lambda **_: gettext("as soon as we can"),
    "within_hour": lambda **_: gettext("within the hour"),
    "this_morning": lambda **_: gettext("this morning"),
    "today": lambda **_: gettext("today"),
    "tomorrow_morning": lambda **_: gettext("tomorrow morning"),
    "tomorrow": lambda **_: gettext("tomorrow"),
    "by_tomorrow": lambda **_: gettext("by tomorrow"),
    "weekday_morning": lambda **kw: gettext("on %(weekday)s morning") % kw,
    "weekday": lambda **kw: gettext("on %(weekday)s") % kw,
    "by_weekday": lambda **kw: gettext("by %(weekday)s") % kw,
    "date_morning": lambda **kw: gettext("on %(weekday)s, %(month)s %(day)s, in the morning") % kw,
    "date": lambda **kw: gettext("on %(weekday)s, %(month)s %(day)s") % kw,
    "by_date": lambda **kw: gettext("by %(weekday)s, %(month)s %(day)s") % kw,
}


def first_contact_phrase(
    *,
    submitted_at: dt.datetime,
    tier: Tier | str,
    now: dt.datetime | None = None,
    calendar: BusinessCalendar | None = None,
) -> str:
    """When the team will reach out, in words, from the same target staff work to.

    Right now and urgent name the moment ("within the hour", "today", "tomorrow morning",
    "on Monday"); routine, whose target is a deadline an earlier call meets, says "by"
    ("by tomorrow", "by Monday"). Once the target has passed: "as soon as we can".
    """
    cal = calendar or practice_calendar()
    tier = Tier(tier)
    now = now or timezone.now()
    due = due_at(submitted_at, tier=tier, calendar=cal)
    return _PHRASES[_phrase_key(due=due, now=now, tier=tier, tz=cal.tz)](
        weekday=_WEEKDAYS[due.astimezone(cal.tz).weekday()],
        month=MONTHS[due.astimezone(cal.tz).month],
        day=due.astimezone(cal.tz).day,
    )


def _phrase_key(*, due: dt.datetime, now: dt.datetime, tier: Tier, tz: dt.tzinfo) -> str:
    if due <= now:
        return "soon"
    local_due, local_now = due.astimezone(tz), now.astimezone(tz)
    days = (local_due.date() - local_now.date()).days
    morning = local_due.time() <= MORNING_ENDS
    deadline = tier == Tier.ROUTINE
    if days == 0:
        if due - now <= dt.timedelta(hours=1) and not deadline:
            return "within_hour"
        return "this_morning" if morning and not deadline else "today"
    if days == 1:
        if deadline:
            return "by_tomorrow"
        return "tomorrow_morning" if morning else "tomorrow"
    if days < 7:
        if deadline:
            return "by_weekday"
        return "weekday_morning" if morning else "weekday"
    if deadline:
        return "by_date"
    return "date_morning" if morning else "date"
