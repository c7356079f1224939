"""The practice's first values, read from settings (docs/operations.md): plain functions.

``PRACTICE_HOURS`` reads like ``mon-fri 08:00-18:00`` or
``mon-thu 08:00-12:00,13:00-19:00; fri 08:00-16:00``. ``PRACTICE_HOLIDAYS`` lists names from
the US federal calendar (``all`` for every one, empty for none); each year's dates, observed
days included, come from the ``holidays`` package.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from django.conf import settings

from practice.calendar import BusinessCalendar, Interval

DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
OBSERVED = " (observed)"
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


def parse_hours(text: str) -> dict[int, list[Interval]]:
    """``"mon-fri 08:00-18:00; sat 09:00-12:00"`` → ``{0: [(8:00, 18:00)], ...}``."""
    hours: dict[int, list[Interval]] = {}
    for group in filter(None, (part.strip() for part in text.lower().split(";"))):
        days_text, _, ranges_text = group.partition(" ")
        days = _parse_days(days_text)
        intervals = [_parse_range(r.strip()) for r in ranges_text.split(",") if r.strip()]
        if not intervals:
            raise ValueError(f"No hours given for {days_text!r}.")
        for day in days:
            if day in hours:
                raise ValueError(f"{DAY_CODES[day]} is given twice.")
            hours[day] = sorted(intervals)
    # The calendar checks order, overlap and that some day is open.
    BusinessCalendar.build(time_zone="UTC", hours=hours)
    return hours


def _parse_days(text: str) -> list[int]:
    first, _, last = text.partition("-")
    if first not in DAY_CODES or (last and last not in DAY_CODES):
        raise ValueError(f"Unknown days {text!r}: use mon, tue, … sun, or a range like mon-fri.")
    start = DAY_CODES.index(first)
    end = DAY_CODES.index(last) if last else start
    if end < start:
        raise ValueError(f"Days {text!r} run backwards.")
    return list(range(start, end + 1))


def _parse_range(text: str) -> Interval:
    match = _RANGE.match(text)
    if not match:
        raise ValueError(f"Hours {text!r} should look like 08:00-18:00.")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    return dt.time(h1, m1), dt.time(h2, m2)


def holidays_for(names: str, years: range) -> list[tuple[dt.date, str]]:
    """US federal holidays whose names are listed (comma-separated; ``all``; empty: none)."""
    wanted = {name.strip().lower() for name in names.split(",") if name.strip()}
    if not wanted:
        return []
    # Imported here: only seeding and the settings fallback need it, and the package's
    # tables cost each process about 8 MB (docs/performance.md).
    import holidays as holiday_calendars

    found = holiday_calendars.country_holidays("US", years=list(years), observed=True)
    chosen = []
    for day, name in sorted(found.items()):
        base = name.removesuffix(OBSERVED).strip().lower()
        if "all" in wanted or base in wanted:
            chosen.append((day, name))
    return chosen


def check_time_zone(name: str) -> None:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"Unknown time zone {name!r}, e.g. America/Chicago.") from exc


def contact_defaults() -> dict[str, str]:
    """The practice row's fields, from settings."""
    return {
        "name": settings.PRACTICE_NAME,
        "phone": settings.PRACTICE_PHONE,
        "email": settings.PRACTICE_EMAIL,
        "street": settings.PRACTICE_STREET,
        "city": settings.PRACTICE_CITY,
        "state": settings.PRACTICE_STATE,
        "zip_code": settings.PRACTICE_ZIP,
        "time_zone": settings.PRACTICE_TIME_ZONE,
    }


def default_hours() -> dict[int, list[Interval]]:
    return parse_hours(settings.PRACTICE_HOURS)


def default_holidays(today: dt.date) -> list[tuple[dt.date, str]]:
    """This year's and the next two years' holidays from ``PRACTICE_HOLIDAYS``."""
    return holidays_for(settings.PRACTICE_HOLIDAYS, range(today.year, today.year + 3))
