"""The SQL of one ranking request: hard filters, score and tie-break, as plain fragments.

Why hand-written SQL rather than ORM annotations: the ranking has a dozen CASE terms and
a correlated office lookup, and building that expression tree through the ORM cost about
ten times more than running the query (measured: ~10 ms of Python per request against
~1 ms in PostgreSQL). The fragments below are small, named after the rule they encode,
use only portable SQL (CASE, LIKE, IN, integer and float arithmetic), and take every
value as a parameter. The same text runs on SQLite and PostgreSQL.

Reading `SearchRow` (one row per clinician and licensed state; memberships stored as
`|slug|slug|`): the filter `state = %s AND is_active AND accepting` is served by the
partial index `search_row_listed_idx`; in-person care first collects the offices inside
a latitude/longitude box (`office_box_idx`) and measures them with the equirectangular
approximation, so no trigonometry runs in SQL.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from matching import scoring
from matching.models import Office, SearchRow
from matching.places import MILES_PER_DEGREE_LAT, Box, box_around, locate

R = SearchRow._meta.db_table
O = Office._meta.db_table  # noqa: E741

Fragment = tuple[str, list]

# The columns the ranking returns for each clinician on the page.
ROW_COLUMNS = (
    "clinician_id",
    "specialties",
    "primary_specialties",
    "modalities",
    "carriers",
    "languages",
    "gender",
    "telehealth",
    "in_person",
    "accepting",
    "confirmed_on",
    "waitlist_weeks",
    "self_pay_rate",
    "sliding_scale",
)


def _like_token(slug: str) -> str:
    escaped = slug.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%|{escaped}|%"


def has(column: str, slug: str) -> Fragment:
    """The clinician's `column` set holds `slug`."""
    return f"r.{column} LIKE %s ESCAPE '\\'", [_like_token(slug)]


def points(condition: Fragment, value: int) -> Fragment:
    sql, params = condition
    return f"CASE WHEN {sql} THEN %s ELSE 0 END", [*params, value]


def both(*fragments: Fragment) -> Fragment:
    parts = [f for f in fragments if f[0]]
    if not parts:
        return "1 = 1", []
    return " AND ".join(f"({sql})" for sql, _ in parts), [p for _, ps in parts for p in ps]


def either(*fragments: Fragment) -> Fragment:
    return " OR ".join(f"({sql})" for sql, _ in fragments), [p for _, ps in fragments for p in ps]


def negate(fragment: Fragment) -> Fragment:
    return f"NOT ({fragment[0]})", list(fragment[1])


def seed_number(seed: str) -> int:
    return int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big")


def tie_break(seed: str) -> Fragment:
    """A deterministic shuffle of clinician ids per seed, in plain integer arithmetic.

    Two rounds of multiply-add modulo a prime, with multipliers taken from the seed: one
    request always orders tied clinicians the same way, another request differently.
    Every intermediate value stays below 2**62 on both databases.
    """
    number = seed_number(seed)
    a = (number & 0xFFFFF) | 1
    b = (number >> 20) & 0x7FFFFFFF
    c = 48271 + ((number >> 51) & 0x1FFF)
    d = (number >> 8) & 0x7FFFFFFF
    return (
        "(((r.clinician_id * %s + %s) %% 2147483647) * %s + %s) %% 2147483629",
        [a, b, c, d],
    )


@dataclass(frozen=True)
class Location:
    box: Box
    zip_code: str


class Plan:
    """One request's hard filters and score, as SQL fragments over `SearchRow r`."""

    def __init__(self, prefs, today: datetime.date):
        self.prefs = prefs
        self.today = today
        self.state = (prefs.state or "").strip().upper()
        self.radius = max(1, int(prefs.distance_miles or 25))
        place = locate(prefs.zip_code) if prefs.zip_code else None
        self.location = (
            Location(box_around(place.latitude, place.longitude, self.radius), place.zip_code)
            if place
            else None
        )
        self.wants_in_person = prefs.format in ("in_person", "either")
        self.uses_carrier = bool(prefs.carrier) and not prefs.self_pay
        self.network_is_hard = self.uses_carrier and not prefs.out_of_network_ok

        self.base: Fragment = ("r.state = %s AND r.is_active", [self.state])
        self.accepting: Fragment = ("r.accepting", [])
        self.age: Fragment = has("ages", prefs.age_group)
        self.network: Fragment = has("carriers", prefs.carrier) if self.uses_carrier else ("", [])
        self.near: Fragment = self._near()
        telehealth: Fragment = ("r.telehealth", [])
        if prefs.format == "telehealth":
            self.format = telehealth
        elif prefs.format == "in_person":
            self.format = self.near
        else:
            self.format = either(telehealth, self.near)

    # In-person care ---------------------------------------------------------------------

    def _office_box(self) -> Fragment:
        box = self.location.box
        return (
            "o.latitude >= %s AND o.latitude <= %s AND o.longitude >= %s AND o.longitude <= %s",
            [box.min_lat, box.max_lat, box.min_lon, box.max_lon],
        )

    def _office_distance_squared(self) -> Fragment:
        box = self.location.box
        return (
            "((o.longitude - %s) * %s) * ((o.longitude - %s) * %s)"
            " + ((o.latitude - %s) * %s) * ((o.latitude - %s) * %s)",
            [box.lon0, box.miles_per_lon] * 2 + [box.lat0, MILES_PER_DEGREE_LAT] * 2,
        )

    def _near(self) -> Fragment:
        """Offers in-person care at an office within the person's distance."""
        if self.location is None:
            return "1 = 0", []  # no place to measure from
        box_sql, box_params = self._office_box()
        d2_sql, d2_params = self._office_distance_squared()
        return (
            f"r.in_person AND r.clinician_id IN (SELECT o.clinician_id FROM {O} o"  # noqa: S608 (values are parameters)
            f" WHERE {box_sql} AND {d2_sql} <= %s)",
            [*box_params, *d2_params, self.location.box.radius_squared],
        )

    def _distance_points(self) -> Fragment:
        """Points for the nearest office in range; looked up only for near clinicians."""
        box_sql, box_params = self._office_box()
        d2_sql, d2_params = self._office_distance_squared()
        steps = [
            (float(miles * miles), value)
            for miles, value in scoring.DISTANCE_POINTS
            if miles <= self.radius
        ]
        if not steps:
            return "0", []
        whens = " ".join("WHEN MIN(d2) <= %s THEN %s" for _ in steps)
        near_sql, near_params = self.near
        return (
            f"CASE WHEN {near_sql} THEN (SELECT CASE {whens} ELSE 0 END FROM"  # noqa: S608 (values are parameters)
            f" (SELECT {d2_sql} AS d2 FROM {O} o WHERE o.clinician_id = r.clinician_id"
            f" AND {box_sql}) nearest) ELSE 0 END",
            [
                *near_params,
                *[p for step in steps for p in step],
                *d2_params,
                *box_params,
            ],
        )

    # Filters and score ------------------------------------------------------------------

    def hard(self) -> Fragment:
        return both(
            self.base,
            self.accepting,
            self.age,
            self.format,
            self.network if self.network_is_hard else ("", []),
        )

    def score(self) -> Fragment:
        prefs = self.prefs
        terms: list[Fragment] = []
        for concern in dict.fromkeys(prefs.concerns):
            primary_sql, primary_params = has("primary_specialties", concern)
            any_sql, any_params = has("specialties", concern)
            terms.append(
                (
                    f"CASE WHEN {primary_sql} THEN %s WHEN {any_sql} THEN %s ELSE 0 END",
                    [
                        *primary_params,
                        scoring.PRIMARY_CONCERN,
                        *any_params,
                        scoring.EXPERIENCED_CONCERN,
                    ],
                )
            )
        for slug in dict.fromkeys(prefs.recommended_modalities):
            terms.append(points(has("modalities", slug), scoring.RECOMMENDED_MODALITY))
        for slug in dict.fromkeys(prefs.modalities):
            terms.append(points(has("modalities", slug), scoring.PREFERRED_MODALITY))
        if self.uses_carrier:
            terms.append(points(self.network, scoring.IN_NETWORK))
        if prefs.language:
            terms.append(points(has("languages", prefs.language), scoring.LANGUAGE))
        if prefs.gender:
            terms.append(points(("r.gender = %s", [prefs.gender]), scoring.GENDER))
        if prefs.sliding_scale:
            terms.append(points(("r.sliding_scale", []), scoring.SLIDING_SCALE))
        if prefs.self_pay and prefs.budget is not None:
            terms.append(points(("r.self_pay_rate <= %s", [prefs.budget]), scoring.WITHIN_BUDGET))
        whens, params = [], []
        for days, value in scoring.AVAILABILITY_POINTS:
            whens.append("WHEN r.confirmed_on >= %s THEN %s")
            params += [(self.today - datetime.timedelta(days=days)).isoformat(), value]
        terms.append((f"CASE {' '.join(whens)} ELSE 0 END", params))
        whens, params = ["WHEN r.waitlist_weeks IS NULL THEN %s"], [scoring.waitlist_points(None)]
        for weeks, value in scoring.WAITLIST_POINTS:
            whens.append("WHEN r.waitlist_weeks <= %s THEN %s")
            params += [weeks, value]
        terms.append((f"CASE {' '.join(whens)} ELSE 0 END", params))
        if self.location is not None and self.wants_in_person:
            terms.append(self._distance_points())
        return " + ".join(f"({sql})" for sql, _ in terms), [p for _, ps in terms for p in ps]

    def failures(self) -> Fragment:
        """How many relaxable hard filters a clinician misses (for relaxed matches)."""
        parts = [self.accepting, self.format]
        if self.network_is_hard:
            parts.append(self.network)
        return (
            " + ".join(f"(CASE WHEN {sql} THEN 0 ELSE 1 END)" for sql, _ in parts),
            [p for _, ps in parts for p in ps],
        )

    # Whole queries ----------------------------------------------------------------------

    def ranking_query(self, limit: int) -> Fragment:
        score_sql, score_params = self.score()
        tie_sql, tie_params = tie_break(self.prefs.seed)
        where_sql, where_params = self.hard()
        columns = ", ".join(f"r.{c}" for c in ROW_COLUMNS)
        return (
            f"SELECT {columns}, {score_sql} AS score, {tie_sql} AS tie_break"  # noqa: S608 (values are parameters)
            f" FROM {R} r WHERE {where_sql} ORDER BY score DESC, tie_break LIMIT %s",
            [*score_params, *tie_params, *where_params, limit],
        )

    def relaxed_query(self, limit: int) -> Fragment:
        """Clinicians in the state who serve the age group but miss a relaxable filter,
        fewest misses first."""
        score_sql, score_params = self.score()
        tie_sql, tie_params = tie_break(self.prefs.seed)
        failures_sql, failures_params = self.failures()
        where_sql, where_params = both(self.base, self.age)
        columns = ", ".join(f"r.{c}" for c in ROW_COLUMNS)
        return (
            f"SELECT {columns}, {score_sql} AS score, {tie_sql} AS tie_break,"  # noqa: S608 (values are parameters)
            f" {failures_sql} AS failures FROM {R} r"
            f" WHERE {where_sql} AND ({failures_sql}) > 0"
            " ORDER BY failures, score DESC, tie_break LIMIT %s",
            [
                *score_params,
                *tie_params,
                *failures_params,
                *where_params,
                *failures_params,
                limit,
            ],
        )

    def counts_query(self) -> Fragment:
        """Of the active clinicians licensed in the state: how many miss each filter."""
        checks = [
            ("not_accepting", self.accepting),
            ("wrong_age", self.age),
            ("wrong_format", self.format),
        ]
        if self.network_is_hard:
            checks.append(("out_of_network", self.network))
        sums = ", ".join(
            f"COALESCE(SUM(CASE WHEN {sql} THEN 0 ELSE 1 END), 0) AS {name}"
            for name, (sql, _) in checks
        )
        base_sql, base_params = self.base
        return (
            f"SELECT COUNT(*) AS total, {sums} FROM {R} r WHERE {base_sql}",  # noqa: S608 (values are parameters)
            [*[p for _, (_, ps) in checks for p in ps], *base_params],
        )
