"""US states and ZIP codes: the places a clinician is licensed and works.

ZIP coordinates come from the `zipcodes` package, which ships its data, through a compact
file the app's processes share (matching/zipdata.py); there is never a network call.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext_noop

from matching import zipdata

STATES: list[tuple[str, str]] = [
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
]
STATE_NAMES: dict[str, str] = dict(STATES)

# The age groups, once: code, the group ("Sees teens"), one person in it, the ages.
AGE_GROUP_TABLE: tuple[tuple[str, str, str, str], ...] = (
    ("child", "Children", "Child", "under 13"),
    ("teen", "Teens", "Teen", "13 to 17"),
    ("adult", "Adults", "Adult", "18 to 64"),
    ("older-adult", "Older adults", "Older adult", "65 and over"),
)
# Whom a clinician sees: "Teens (13 to 17)".
AGE_GROUPS: list[tuple[str, str]] = [
    (code, f"{group} ({ages})") for code, group, _, ages in AGE_GROUP_TABLE
]
AGE_GROUP_NAMES: dict[str, str] = dict(AGE_GROUPS)
# Which group a person is in: "Teen (13 to 17)".
PERSON_AGE_GROUPS: list[tuple[str, str]] = [
    (code, f"{one} ({ages})") for code, _, one, ages in AGE_GROUP_TABLE
]
# How a reason or a caution speaks of an age group: "Sees teens".
AGE_GROUP_PLURALS: dict[str, str] = {code: group.lower() for code, group, _, _ in AGE_GROUP_TABLE}
# The names above, for the Spanish catalogue: composed here, so marked here one by one, and
# shown through gettext on public pages.
_TRANSLATED_NAMES = (
    gettext_noop("Children (under 13)"),
    gettext_noop("Teens (13 to 17)"),
    gettext_noop("Adults (18 to 64)"),
    gettext_noop("Older adults (65 and over)"),
    gettext_noop("children"),
    gettext_noop("teens"),
    gettext_noop("adults"),
    gettext_noop("older adults"),
)

# Miles per degree, for the equirectangular approximation (good to well under 1% at
# the distances people travel to a therapist).
MILES_PER_DEGREE_LAT = 69.0
MILES_PER_DEGREE_LON_AT_EQUATOR = 69.17


@dataclass(frozen=True)
class Place:
    zip_code: str
    city: str
    state: str
    latitude: float
    longitude: float


@lru_cache(maxsize=4096)
def locate(zip_code: str) -> Place | None:
    """The place of a 5-digit ZIP code, or None when the ZIP is unknown."""
    found = zipdata.find((zip_code or "").strip())
    if found is None or math.isnan(found.latitude) or math.isnan(found.longitude):
        return None
    return Place(
        zip_code=found.zip_code,
        city=found.city.title(),
        state=found.state,
        latitude=found.latitude,
        longitude=found.longitude,
    )


@dataclass(frozen=True)
class Box:
    """A latitude/longitude box around a point, and the factors to measure inside it."""

    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float
    lat0: float
    lon0: float
    miles_per_lon: float  # miles per degree of longitude at lat0
    radius_squared: float


def box_around(latitude: float, longitude: float, miles: float) -> Box:
    """The box that holds every point within `miles` of (latitude, longitude)."""
    miles_per_lon = MILES_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(latitude))
    dlat = miles / MILES_PER_DEGREE_LAT
    dlon = miles / max(miles_per_lon, 0.01)
    return Box(
        min_lat=latitude - dlat,
        max_lat=latitude + dlat,
        min_lon=longitude - dlon,
        max_lon=longitude + dlon,
        lat0=latitude,
        lon0=longitude,
        miles_per_lon=miles_per_lon,
        radius_squared=float(miles) ** 2,
    )


def miles_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The same equirectangular distance the ranking computes in SQL, in Python."""
    dx = (lon2 - lon1) * MILES_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(lat1))
    dy = (lat2 - lat1) * MILES_PER_DEGREE_LAT
    return math.hypot(dx, dy)
