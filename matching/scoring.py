"""The matching weights and the plain rules around them, in one place.

The ranking (matching/ranking.py) turns these numbers into SQL; the reasons and cautions
below are computed in Python for the final page only. docs/matching.md explains every
number with a worked example: change both together.
"""

from __future__ import annotations

import datetime

from django.utils.translation import get_language, gettext, ngettext

# Soft score: points added for each thing that makes a clinician a better fit.
PRIMARY_CONCERN = 30  # per concern of the person that is a primary focus of the clinician
EXPERIENCED_CONCERN = 15  # per concern the clinician is experienced with
RECOMMENDED_MODALITY = 12  # per modality the condition pages recommend for the concerns
PREFERRED_MODALITY = 10  # per modality the person asked for
IN_NETWORK = 25  # in network with the person's carrier
LANGUAGE = 20  # offers sessions in the person's language
GENDER = 10  # the clinician's gender is the one the person asked for
SLIDING_SCALE = 10  # offers a sliding scale to a person who wants one
WITHIN_BUDGET = 10  # self-pay rate within the person's budget

# (confirmed at most this many days ago, points): the first line that fits counts.
AVAILABILITY_POINTS: tuple[tuple[int, int], ...] = ((14, 10), (28, 5))
# (waitlist at most this many weeks, points); no waitlist listed counts as none.
WAITLIST_POINTS: tuple[tuple[int, int], ...] = ((0, 8), (2, 5), (4, 2))
# (an office at most this many miles away, points), for in-person care.
DISTANCE_POINTS: tuple[tuple[int, int], ...] = ((5, 10), (10, 6), (25, 3))

# Cautions: availability confirmed longer ago than this is called out (it earns no points
# either, so a reason and a caution never disagree).
STALE_AFTER_DAYS = AVAILABILITY_POINTS[-1][0]
# Availability confirmed longer ago than this (setting MATCHING_UNCONFIRMED_AFTER_DAYS), or
# never, is a hard filter: the clinician is offered only as a labelled relaxed option.
UNCONFIRMED_AFTER_DAYS = 45
# At most this many relaxed matches are offered when fewer than MIN_MATCHES pass.
MIN_MATCHES = 3
RELAXED_LIMIT = 5


def unconfirmed_after_days() -> int:
    from django.conf import settings

    return getattr(settings, "MATCHING_UNCONFIRMED_AFTER_DAYS", UNCONFIRMED_AFTER_DAYS)


def confirmed_since(today: datetime.date) -> datetime.date:
    """The oldest confirmation date that still lets a clinician be offered as a match."""
    return today - datetime.timedelta(days=unconfirmed_after_days())


def is_unconfirmed(confirmed_on: datetime.date | None, today: datetime.date) -> bool:
    return confirmed_on is None or confirmed_on < confirmed_since(today)


def unconfirmed_reason(confirmed_on: datetime.date | None, today: datetime.date) -> str:
    """Why a clinician is offered only as a relaxed option, in words for the person."""
    if confirmed_on is None:
        return gettext("Not offered as a match: availability never confirmed")
    days = (today - confirmed_on).days
    return gettext(
        "Not offered as a match: availability last confirmed %(when)s (more than %(days)s days)"
    ) % {"when": days_ago_phrase(days), "days": unconfirmed_after_days()}


def availability_points(confirmed_on: datetime.date | None, today: datetime.date) -> int:
    if confirmed_on is None:
        return 0
    age = (today - confirmed_on).days
    for days, points in AVAILABILITY_POINTS:
        if age <= days:
            return points
    return 0


def waitlist_points(weeks: int | None) -> int:
    weeks = weeks or 0
    for limit, points in WAITLIST_POINTS:
        if weeks <= limit:
            return points
    return 0


def weeks_phrase(weeks: int) -> str:
    return ngettext("%(count)d week", "%(count)d weeks", weeks) % {"count": weeks}


def days_ago_phrase(days: int) -> str:
    if days <= 0:
        return gettext("today")
    if days == 1:
        return gettext("yesterday")
    if days < 14:
        return ngettext("%(count)d day ago", "%(count)d days ago", days) % {"count": days}
    if days < 365:
        weeks = days // 7
        return ngettext("%(count)d week ago", "%(count)d weeks ago", weeks) % {"count": weeks}
    return gettext("over a year ago")


def availability_reason(confirmed_on: datetime.date | None, today: datetime.date) -> str:
    """A reason when availability was confirmed recently enough to earn points."""
    if availability_points(confirmed_on, today) == 0:
        return ""
    when = days_ago_phrase((today - confirmed_on).days)
    return gettext("Availability confirmed %(when)s") % {"when": when}


def availability_caution(confirmed_on: datetime.date | None, today: datetime.date) -> str:
    if confirmed_on is None:
        return gettext("Availability not yet confirmed")
    days = (today - confirmed_on).days
    if days <= STALE_AFTER_DAYS:
        return ""
    return gettext("Availability last confirmed %(when)s") % {"when": days_ago_phrase(days)}


def waitlist_caution(weeks: int | None) -> str:
    if not weeks:
        return ""
    return gettext("Waitlist about %(weeks)s") % {"weeks": weeks_phrase(weeks)}


def miles_phrase(miles: float) -> str:
    if miles < 1:
        return gettext("under a mile")
    rounded = round(miles)
    return ngettext("about %(count)d mile", "about %(count)d miles", rounded) % {"count": rounded}


def in_sentence(name: str) -> str:
    """A reference name inside a sentence: "Self-harm" -> "self-harm", "OCD" stays."""
    name = gettext(name)
    if len(name) > 1 and name[0].isupper() and not name[1].isupper():
        return name[0].lower() + name[1:]
    return name


def language_in_sentence(name: str) -> str:
    """A language inside a sentence: "Spanish" in English, "español" in Spanish, where
    names of languages are common nouns."""
    name = gettext(name)
    return name.lower() if get_language() == "es" else name


def short_name(name: str) -> str:
    """ "DBT (Dialectical Behavior Therapy)" -> "DBT"."""
    return gettext(name).split(" (", 1)[0]
