"""The business calendar: when a practice is open, as plain functions (no database).

A ``BusinessCalendar`` holds a time zone, the opening hours of each weekday (none, one or
several intervals: ``((08:00, 12:00), (13:00, 17:00))``) and the holidays. Every function
takes a calendar and aware datetimes, and answers in the calendar's time zone:

- ``is_open(cal, at)``: open at that instant (an interval includes its opening minute and
  excludes its closing one);
- ``next_opening(cal, at)``: ``at`` itself when open, else the start of the next interval;
- ``add_business_hours(cal, start, duration)``: ``duration`` of open time counted from
  ``start`` (from the next opening when ``start`` is outside hours); a result that lands on a
  closing time is that closing time, not the next opening;
- ``business_day_of(cal, at)``: the business day an instant belongs to: its own day when that
  is a business day and the practice has not yet closed for it, else the next business day;
- ``closing_time(cal, day)``: the last closing of a business day;
- ``next_business_day(cal, day)`` and ``add_business_days(cal, day, n)``: business days
  strictly after ``day`` (Friday + 1 is Monday; Saturday + 1 is Monday too).

Opening hours are wall-clock times on each local day; durations are real elapsed time
(computed in UTC), so a clock change inside an interval makes that interval an hour
shorter or longer, as it is for the people working it.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

UTC = dt.timezone.utc
# No practice is closed this long; a calendar that never opens within it is refused.
SEARCH_DAYS = 3 * 366

Interval = tuple[dt.time, dt.time]


@dataclass(frozen=True)
class BusinessCalendar:
    """Weekly hours (Monday first, seven entries), holidays and a time zone."""

    tz: dt.tzinfo
    weekly: tuple[tuple[Interval, ...], ...]
    holidays: frozenset[dt.date] = field(default_factory=frozenset)

    def __post_init__(self):
        if len(self.weekly) != 7:
            raise ValueError("Weekly hours need seven entries, Monday first.")
        for intervals in self.weekly:
            previous_close = None
            for opens, closes in intervals:
                if not opens < closes:
                    raise ValueError(f"Opening {opens} must be before closing {closes}.")
                if previous_close is not None and opens < previous_close:
                    raise ValueError("A day's intervals must be in order and not overlap.")
                previous_close = closes
        if not any(self.weekly):
            raise ValueError("The practice must be open on at least one weekday.")

    @classmethod
    def build(
        cls,
        *,
        time_zone: str | dt.tzinfo,
        hours: dict[int, Iterable[Interval]],
        holidays: Iterable[dt.date] = (),
    ) -> BusinessCalendar:
        """From ``{weekday: [(opens, closes), ...]}`` (Monday is 0; a missing day is closed)."""
        tz = zoneinfo.ZoneInfo(time_zone) if isinstance(time_zone, str) else time_zone
        weekly = tuple(tuple(sorted(hours.get(day, ()))) for day in range(7))
        return cls(tz=tz, weekly=weekly, holidays=frozenset(holidays))

    def is_business_day(self, day: dt.date) -> bool:
        return bool(self.weekly[day.weekday()]) and day not in self.holidays

    def intervals_on(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """The open intervals of a local day as aware datetimes (empty when closed)."""
        if not self.is_business_day(day):
            return []
        return [
            (_at(day, opens, self.tz), _at(day, closes, self.tz))
            for opens, closes in self.weekly[day.weekday()]
        ]

    def local_date(self, at: dt.datetime) -> dt.date:
        return at.astimezone(self.tz).date()


def _at(day: dt.date, time: dt.time, tz: dt.tzinfo) -> dt.datetime:
    # Through UTC and back, so a wall time inside a spring-forward gap becomes a real instant.
    return dt.datetime.combine(day, time, tzinfo=tz).astimezone(UTC).astimezone(tz)


def _require_aware(at: dt.datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("Business-calendar functions need aware datetimes.")


def _intervals_from(
    cal: BusinessCalendar, at: dt.datetime
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """Open intervals that end after ``at``, in order, starting on ``at``'s local day."""
    _require_aware(at)
    day = cal.local_date(at)
    for _ in range(SEARCH_DAYS):
        for opens, closes in cal.intervals_on(day):
            if closes > at:
                yield opens, closes
        day += dt.timedelta(days=1)
    raise ValueError("The practice does not open within three years of that date.")


def is_open(cal: BusinessCalendar, at: dt.datetime) -> bool:
    """Whether the practice is open at ``at``."""
    _require_aware(at)
    return any(opens <= at < closes for opens, closes in cal.intervals_on(cal.local_date(at)))


def next_opening(cal: BusinessCalendar, at: dt.datetime) -> dt.datetime:
    """``at`` when the practice is open then; else the next moment it opens."""
    opens, _ = next(_intervals_from(cal, at))
    return max(opens, at).astimezone(cal.tz)


def add_business_hours(
    cal: BusinessCalendar, start: dt.datetime, duration: dt.timedelta
) -> dt.datetime:
    """The instant ``duration`` of open time after ``start``.

    Outside hours, counting starts at the next opening. Zero is the next opening.
    """
    if duration < dt.timedelta(0):
        raise ValueError("Business hours are added, never taken away.")
    left = duration
    for opens, closes in _intervals_from(cal, start):
        begin = max(opens, start).astimezone(UTC)
        available = closes.astimezone(UTC) - begin
        if left <= available:
            return (begin + left).astimezone(cal.tz)
        left -= available
    raise AssertionError("unreachable: _intervals_from raises first")


def next_business_day(cal: BusinessCalendar, day: dt.date) -> dt.date:
    """The first business day strictly after ``day``."""
    for _ in range(SEARCH_DAYS):
        day += dt.timedelta(days=1)
        if cal.is_business_day(day):
            return day
    raise ValueError("The practice does not open within three years of that date.")


def add_business_days(cal: BusinessCalendar, day: dt.date, n: int) -> dt.date:
    """The ``n``-th business day after ``day`` (``n`` = 0 is ``day`` itself)."""
    if n < 0:
        raise ValueError("Business days are added, never taken away.")
    for _ in range(n):
        day = next_business_day(cal, day)
    return day


def business_day_of(cal: BusinessCalendar, at: dt.datetime) -> dt.date:
    """The business day ``at`` counts towards.

    Its own local day when that is a business day and the day's last closing is still
    ahead (before opening counts too); otherwise (after closing, a weekend, a holiday) the
    next business day.
    """
    opens, _ = next(_intervals_from(cal, at))
    return cal.local_date(opens)


def closing_time(cal: BusinessCalendar, day: dt.date) -> dt.datetime:
    """The last closing of a business day (an aware datetime)."""
    intervals = cal.intervals_on(day)
    if not intervals:
        raise ValueError(f"{day} is not a business day.")
    return intervals[-1][1]


def end_of_business_day(cal: BusinessCalendar, at: dt.datetime) -> dt.datetime:
    """The closing of the business day ``at`` counts towards (``business_day_of``)."""
    return closing_time(cal, business_day_of(cal, at))
