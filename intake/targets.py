"""Response targets for match requests: plain functions, no database.

The practice promises a first contact the same day for urgent requests and within one
business day for routine ones (docs/staff.md). All days are the practice's local days
(``settings.TIME_ZONE``); business days are Monday to Friday.

- Urgent: due at the end of the local day it arrived, whatever the day of the week.
- Routine: due at the end of the next business day after the local day it arrived. A request
  sent on Friday (at any hour) or over the weekend is due at the end of Monday; one sent on
  Monday is due at the end of Tuesday.

A target is met by the first contact. Until then a request is on time, due soon (less than
``DUE_SOON`` left) or overdue.

Because the target only ever moves later as the submission time moves later, "overdue now"
is the same as "submitted before a cutoff" (``overdue_cutoff``), which the queue uses to
filter in SQL with exactly the same rules as the per-row state.
"""

from __future__ import annotations

import datetime as dt
import enum
import zoneinfo

from django.conf import settings

DUE_SOON = dt.timedelta(hours=2)


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


def practice_tz() -> dt.tzinfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def is_business_day(day: dt.date) -> bool:
    return day.weekday() < 5


def next_business_day(day: dt.date) -> dt.date:
    """The first business day strictly after ``day``."""
    day += dt.timedelta(days=1)
    while not is_business_day(day):
        day += dt.timedelta(days=1)
    return day


def end_of_day(day: dt.date, tz: dt.tzinfo | None = None) -> dt.datetime:
    """The last instant of ``day`` in the practice's time zone (aware)."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=tz or practice_tz())


def due_day(submitted_at: dt.datetime, *, urgent: bool, tz: dt.tzinfo | None = None) -> dt.date:
    """The local day by whose end the first contact is due."""
    local_day = submitted_at.astimezone(tz or practice_tz()).date()
    return local_day if urgent else next_business_day(local_day)


def due_at(submitted_at: dt.datetime, *, urgent: bool, tz: dt.tzinfo | None = None) -> dt.datetime:
    """When the first contact is due: the end of ``due_day`` (an aware datetime)."""
    tz = tz or practice_tz()
    return end_of_day(due_day(submitted_at, urgent=urgent, tz=tz), tz)


def target_state(*, due: dt.datetime, now: dt.datetime, contacted: bool = False) -> TargetState:
    """On time, due soon (less than two hours left), overdue, or met once contacted."""
    if contacted:
        return TargetState.MET
    # Compare in UTC: arithmetic between datetimes sharing one zone ignores DST changes.
    due, now = due.astimezone(dt.timezone.utc), now.astimezone(dt.timezone.utc)
    if now > due:
        return TargetState.OVERDUE
    if due - now < DUE_SOON:
        return TargetState.DUE_SOON
    return TargetState.ON_TIME


def overdue_cutoff(now: dt.datetime, *, urgent: bool, tz: dt.tzinfo | None = None) -> dt.datetime:
    """The instant before which a not-yet-contacted request is overdue at ``now``.

    ``due_at(s) < now`` exactly when ``s < overdue_cutoff(now)``: the due day is a
    non-decreasing function of the submission day, so the overdue submissions are those on
    days before the earliest day whose target has not yet passed.
    """
    tz = tz or practice_tz()
    today = now.astimezone(tz).date()
    # Targets end at the last instant of their day, so a target has passed when its day
    # is before today.
    day = today
    while due_day(_start_of_day(day - dt.timedelta(days=1), tz), urgent=urgent, tz=tz) >= today:
        day -= dt.timedelta(days=1)
    return _start_of_day(day, tz)


def _start_of_day(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz)


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
