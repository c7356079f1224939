"""The SQL of one ranking request: hard filters, score and tie-break, as plain fragments.

Why hand-written SQL rather than ORM annotations: the ranking has a dozen CASE terms and
a correlated office lookup, and building that expression tree through the ORM cost about
ten times more than running the query (measured: ~10 ms of Python per request against
~1 ms in PostgreSQL). The fragments below are small, named after the rule they encode,
use only portable SQL (CASE, `&`, joins, integer and float arithmetic), and take every
value as a parameter. The same text runs on SQLite and PostgreSQL.

Reading `SearchRow` (one row per clinician and licensed state; memberships stored as bit
sets, each reference item owning one bit): `state = %s AND is_active AND accepting` is
served by the partial index `search_row_listed_idx`, and on PostgreSQL by
`search_row_covering_idx`, which carries every column read here (an index-only scan).
For in-person care the offices inside a latitude/longitude box (`office_box_idx`) are
measured with the equirectangular approximation (no trigonometry in SQL), reduced to the
nearest per clinician, and joined once.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.db import connection

from matching import scoring
from matching.models import AGE_BITS, Office, SearchRow
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


def has(column: str, mask: int) -> Fragment:
    """The clinician's `column` set holds the item(s) of `mask` (0: an unknown item)."""
    if not mask:
        return "1 = 0", []
    return f"(r.{column} & %s) <> 0", [mask]


@dataclass(frozen=True)
class Reference:
    """The reference items a request names, by slug: (display name, bit mask)."""

    specialties: dict[str, tuple[str, int]]
    modalities: dict[str, tuple[str, int]]
    carriers: dict[str, tuple[str, int]]
    languages: dict[str, tuple[str, int]]

    @staticmethod
    def empty() -> Reference:
        return Reference({}, {}, {}, {})

    def mask(self, kind: str, slug: str) -> int:
        return getattr(self, kind).get(slug, ("", 0))[1]

    def name(self, kind: str, slug: str) -> str:
        return getattr(self, kind).get(slug, (slug, 0))[0]


def load_reference(prefs) -> Reference:
    """One query for the names and bits of every reference item the request mentions."""
    from matching.models import Carrier, Language, Modality, Specialty

    wanted = [
        ("specialties", Specialty, sorted(set(prefs.concerns))),
        (
            "modalities",
            Modality,
            sorted(set(prefs.recommended_modalities) | set(prefs.modalities)),
        ),
        ("carriers", Carrier, [prefs.carrier] if prefs.carrier else []),
        ("languages", Language, [prefs.language] if prefs.language else []),
    ]
    parts, params = [], []
    for kind, model, slugs in wanted:
        if slugs:
            marks = ", ".join(["%s"] * len(slugs))
            parts.append(
                f"SELECT %s, slug, name, bit FROM {model._meta.db_table}"  # noqa: S608 (values are parameters)
                f" WHERE slug IN ({marks})"
            )
            params += [kind, *slugs]
    found: dict[str, dict[str, tuple[str, int]]] = {kind: {} for kind, _, _ in wanted}
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for kind, slug, name, bit in cursor.fetchall():
                found[kind][slug] = (name, 1 << bit if bit is not None else 0)
    return Reference(**found)


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

    def __init__(self, prefs, today: datetime.date, reference: Reference):
        self.prefs = prefs
        self.reference = reference
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
        self.age: Fragment = has("ages", AGE_BITS.get(prefs.age_group, 0))
        self.network: Fragment = (
            has("carriers", reference.mask("carriers", prefs.carrier))
            if self.uses_carrier
            else ("", [])
        )
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
        return "r.in_person AND near.d2 IS NOT NULL", []

    def source(self) -> Fragment:
        """`SearchRow r`, joined (when distance matters) to each clinician's nearest
        office within range: offices in the box, measured, kept within the radius,
        and reduced to one row per clinician, in one pass over `office_box_idx`."""
        if self.location is None or not self.wants_in_person:
            return f"{R} r", []
        box_sql, box_params = self._office_box()
        d2_sql, d2_params = self._office_distance_squared()
        return (
            f"{R} r LEFT JOIN (SELECT clinician_id, MIN(d2) AS d2 FROM"  # noqa: S608 (values are parameters)
            f" (SELECT o.clinician_id, {d2_sql} AS d2 FROM {O} o WHERE {box_sql}) measured"
            " WHERE d2 <= %s GROUP BY clinician_id) near ON near.clinician_id = r.clinician_id",
            [*d2_params, *box_params, self.location.box.radius_squared],
        )

    def _distance_points(self) -> Fragment:
        """Points for the nearest office in range."""
        steps = [
            (float(miles * miles), value)
            for miles, value in scoring.DISTANCE_POINTS
            if miles <= self.radius
        ]
        if not steps:
            return "0", []
        whens = " ".join("WHEN near.d2 <= %s THEN %s" for _ in steps)
        return (
            f"CASE WHEN NOT r.in_person OR near.d2 IS NULL THEN 0 {whens} ELSE 0 END",
            [p for step in steps for p in step],
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
            mask = self.reference.mask("specialties", concern)
            if not mask:
                continue
            primary_sql, primary_params = has("primary_specialties", mask)
            any_sql, any_params = has("specialties", mask)
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
            if mask := self.reference.mask("modalities", slug):
                terms.append(points(has("modalities", mask), scoring.RECOMMENDED_MODALITY))
        for slug in dict.fromkeys(prefs.modalities):
            if mask := self.reference.mask("modalities", slug):
                terms.append(points(has("modalities", mask), scoring.PREFERRED_MODALITY))
        if self.uses_carrier:
            terms.append(points(self.network, scoring.IN_NETWORK))
        if prefs.language and (mask := self.reference.mask("languages", prefs.language)):
            terms.append(points(has("languages", mask), scoring.LANGUAGE))
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
        source_sql, source_params = self.source()
        columns = ", ".join(f"r.{c}" for c in ROW_COLUMNS)
        return (
            f"SELECT {columns}, {score_sql} AS score, {tie_sql} AS tie_break"  # noqa: S608 (values are parameters)
            f" FROM {source_sql} WHERE {where_sql} ORDER BY score DESC, tie_break LIMIT %s",
            [*score_params, *tie_params, *source_params, *where_params, limit],
        )

    def relaxed_query(self, limit: int) -> Fragment:
        """Clinicians in the state who serve the age group but miss a relaxable filter,
        fewest misses first."""
        score_sql, score_params = self.score()
        tie_sql, tie_params = tie_break(self.prefs.seed)
        failures_sql, failures_params = self.failures()
        where_sql, where_params = both(self.base, self.age)
        source_sql, source_params = self.source()
        columns = ", ".join(f"r.{c}" for c in ROW_COLUMNS)
        return (
            f"SELECT {columns}, {score_sql} AS score, {tie_sql} AS tie_break,"  # noqa: S608 (values are parameters)
            f" {failures_sql} AS failures FROM {source_sql}"
            f" WHERE {where_sql} AND ({failures_sql}) > 0"
            " ORDER BY failures, score DESC, tie_break LIMIT %s",
            [
                *score_params,
                *tie_params,
                *failures_params,
                *source_params,
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
        source_sql, source_params = self.source()
        return (
            f"SELECT COUNT(*) AS total, {sums} FROM {source_sql} WHERE {base_sql}",  # noqa: S608 (values are parameters)
            [*[p for _, (_, ps) in checks for p in ps], *source_params, *base_params],
        )
