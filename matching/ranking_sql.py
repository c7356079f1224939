"""The SQL of one ranking request: hard filters, score and tie-break, as plain fragments.

Why hand-written SQL rather than ORM annotations: the ranking has a dozen CASE terms and
a correlated office lookup, and building that expression tree through the ORM cost about
ten times more than running the query (measured: ~10 ms of Python per request against
~1 ms in PostgreSQL). The fragments below are small, named after the rule they encode,
use only portable SQL (CASE, `&`, joins, integer and float arithmetic), and take every
value as a parameter. The same text runs on SQLite and PostgreSQL. Each fragment is an
`Sql` value (matching/sql.py) that carries its own parameters, so however fragments are
combined, the parameters stay in the order of the text.

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
from functools import lru_cache

from django.db import connection

from matching import scoring
from matching.models import AGE_BITS, Office, SearchRow
from matching.places import MILES_PER_DEGREE_LAT, Box, box_around, locate
from matching.sql import Sql

ROWS = Sql(SearchRow._meta.db_table)
OFFICES = Sql(Office._meta.db_table)

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
COLUMNS = Sql(", ".join(f"r.{column}" for column in ROW_COLUMNS))
NEVER = Sql("1 = 0")
ALWAYS = Sql("1 = 1")
ACCEPTING = Sql("r.accepting")
TELEHEALTH = Sql("r.telehealth")
NEAR = Sql("r.in_person AND near.d2 IS NOT NULL")
ROWS_ONLY = Sql("{rows} r").format(rows=ROWS)
# The waitlist's points depend on nothing in the request.
WAITLIST = Sql("CASE {steps} ELSE 0 END").format(
    steps=Sql.join(
        " ",
        [
            Sql("WHEN r.waitlist_weeks IS NULL THEN %s", [scoring.waitlist_points(None)]),
            *(
                Sql("WHEN r.waitlist_weeks <= %s THEN %s", [weeks, value])
                for weeks, value in scoring.WAITLIST_POINTS
            ),
        ],
    )
)


def has(column: str, mask: int) -> Sql:
    """The clinician's `column` set holds the item(s) of `mask` (0: an unknown item)."""
    if not mask:
        return NEVER
    return Sql(f"(r.{column} & %s) <> 0", [mask])


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
    parts = [
        Sql("SELECT %s, slug, name, bit FROM {table} WHERE slug IN ({slugs})", [kind]).format(
            table=Sql(model._meta.db_table), slugs=Sql.join(", ", map(Sql.param, slugs))
        )
        for kind, model, slugs in wanted
        if slugs
    ]
    found: dict[str, dict[str, tuple[str, int]]] = {kind: {} for kind, _, _ in wanted}
    if parts:
        query = Sql.join(" UNION ALL ", parts)
        with connection.cursor() as cursor:
            cursor.execute(query.text, query.params)
            for kind, slug, name, bit in cursor.fetchall():
                found[kind][slug] = (name, 1 << bit if bit is not None else 0)
    return Reference(**found)


OPEN, CLOSE = Sql("("), Sql(")")


def each_parenthesized(operator: str, fragments: list[Sql]) -> Sql:
    """`(a) AND (b) AND (c)` for operator " AND "."""
    return OPEN + Sql.join(f"){operator}(", fragments) + CLOSE


def points(condition: Sql, value: int) -> Sql:
    return Sql("CASE WHEN {condition} THEN %s ELSE 0 END", [value]).format(condition=condition)


def both(*conditions: Sql) -> Sql:
    """All of the conditions (empty ones left out); true when there are none."""
    parts = [condition for condition in conditions if condition]
    if not parts:
        return ALWAYS
    return each_parenthesized(" AND ", parts)


def either(*conditions: Sql) -> Sql:
    return each_parenthesized(" OR ", list(conditions))


def total(terms: list[Sql]) -> Sql:
    return each_parenthesized(" + ", terms)


def seed_number(seed: str) -> int:
    return int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big")


def tie_break(seed: str) -> Sql:
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
    return Sql("(((r.clinician_id * %s + %s) %% 2147483647) * %s + %s) %% 2147483629", [a, b, c, d])


@lru_cache(maxsize=4)
def availability_points(today: datetime.date) -> Sql:
    """Points for availability confirmed recently, as of `today` (the same all day)."""
    steps = [
        Sql(
            "WHEN r.confirmed_on >= %s THEN %s",
            [(today - datetime.timedelta(days=days)).isoformat(), value],
        )
        for days, value in scoring.AVAILABILITY_POINTS
    ]
    return Sql("CASE {steps} ELSE 0 END").format(steps=Sql.join(" ", steps))


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

        self.base = Sql("r.state = %s AND r.is_active", [self.state])
        self.accepting = ACCEPTING
        # Availability confirmed recently enough to be offered (never confirmed: NULL, no).
        self.confirmed = Sql("r.confirmed_on >= %s", [scoring.confirmed_since(today).isoformat()])
        self.age = has("ages", AGE_BITS.get(prefs.age_group, 0))
        self.network = (
            has("carriers", reference.mask("carriers", prefs.carrier))
            if self.uses_carrier
            else Sql()
        )
        self.near = self._near()
        telehealth = TELEHEALTH
        if prefs.format == "telehealth":
            self.format = telehealth
        elif prefs.format == "in_person":
            self.format = self.near
        else:
            self.format = either(telehealth, self.near)

    # In-person care ---------------------------------------------------------------------

    def _office_box(self) -> Sql:
        box = self.location.box
        return Sql(
            "o.latitude >= %s AND o.latitude <= %s AND o.longitude >= %s AND o.longitude <= %s",
            [box.min_lat, box.max_lat, box.min_lon, box.max_lon],
        )

    def _office_distance_squared(self) -> Sql:
        box = self.location.box
        return Sql(
            "((o.longitude - %s) * %s) * ((o.longitude - %s) * %s)"
            " + ((o.latitude - %s) * %s) * ((o.latitude - %s) * %s)",
            [box.lon0, box.miles_per_lon] * 2 + [box.lat0, MILES_PER_DEGREE_LAT] * 2,
        )

    def _near(self) -> Sql:
        """Offers in-person care at an office within the person's distance."""
        if self.location is None:
            return NEVER  # no place to measure from
        return NEAR

    def source(self) -> Sql:
        """`SearchRow r`, joined (when distance matters) to each clinician's nearest
        office within range: offices in the box, measured, kept within the radius,
        and reduced to one row per clinician, in one pass over `office_box_idx`."""
        if self.location is None or not self.wants_in_person:
            return ROWS_ONLY
        return Sql(
            "{rows} r LEFT JOIN (SELECT clinician_id, MIN(d2) AS d2 FROM"
            " (SELECT o.clinician_id, {d2} AS d2 FROM {offices} o WHERE {box}) measured"
            " WHERE d2 <= %s GROUP BY clinician_id) near ON near.clinician_id = r.clinician_id",
            [self.location.box.radius_squared],
        ).format(
            rows=ROWS,
            d2=self._office_distance_squared(),
            offices=OFFICES,
            box=self._office_box(),
        )

    def _distance_points(self) -> Sql:
        """Points for the nearest office in range."""
        steps = [
            Sql("WHEN near.d2 <= %s THEN %s", [float(miles * miles), value])
            for miles, value in scoring.DISTANCE_POINTS
            if miles <= self.radius
        ]
        if not steps:
            return Sql("0")
        return Sql("CASE WHEN NOT r.in_person OR near.d2 IS NULL THEN 0 {steps} ELSE 0 END").format(
            steps=Sql.join(" ", steps)
        )

    # Filters and score ------------------------------------------------------------------

    def hard(self) -> Sql:
        return both(
            self.base,
            self.accepting,
            self.confirmed,
            self.age,
            self.format,
            self.network if self.network_is_hard else Sql(),
        )

    def score(self) -> Sql:
        prefs = self.prefs
        terms: list[Sql] = []
        for concern in dict.fromkeys(prefs.concerns):
            mask = self.reference.mask("specialties", concern)
            if not mask:
                continue
            terms.append(
                Sql(
                    "CASE WHEN {primary} THEN %s WHEN {experienced} THEN %s ELSE 0 END",
                    [scoring.PRIMARY_CONCERN, scoring.EXPERIENCED_CONCERN],
                ).format(
                    primary=has("primary_specialties", mask),
                    experienced=has("specialties", mask),
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
            terms.append(points(Sql("r.gender = %s", [prefs.gender]), scoring.GENDER))
        if prefs.sliding_scale:
            terms.append(points(Sql("r.sliding_scale"), scoring.SLIDING_SCALE))
        if prefs.self_pay and prefs.budget is not None:
            terms.append(
                points(Sql("r.self_pay_rate <= %s", [prefs.budget]), scoring.WITHIN_BUDGET)
            )
        terms.append(availability_points(self.today))
        terms.append(WAITLIST)
        if self.location is not None and self.wants_in_person:
            terms.append(self._distance_points())
        return total(terms)

    def failures(self) -> Sql:
        """How many relaxable hard filters a clinician misses (for relaxed matches)."""
        parts = [self.accepting, self.confirmed, self.format]
        if self.network_is_hard:
            parts.append(self.network)
        return Sql.join(
            " + ",
            (Sql("(CASE WHEN {part} THEN 0 ELSE 1 END)").format(part=part) for part in parts),
        )

    # Whole queries ----------------------------------------------------------------------

    def ranking_query(self, limit: int) -> Sql:
        return Sql(
            "SELECT {columns}, {score} AS score, {tie_break} AS tie_break"
            " FROM {source} WHERE {where} ORDER BY score DESC, tie_break LIMIT %s",
            [limit],
        ).format(
            columns=COLUMNS,
            score=self.score(),
            tie_break=tie_break(self.prefs.seed),
            source=self.source(),
            where=self.hard(),
        )

    def relaxed_query(self, limit: int) -> Sql:
        """Clinicians in the state who serve the age group but miss a relaxable filter,
        fewest misses first."""
        return Sql(
            "SELECT {columns}, {score} AS score, {tie_break} AS tie_break,"
            " {failures} AS failures FROM {source}"
            " WHERE {where} AND ({failures}) > 0"
            " ORDER BY failures, score DESC, tie_break LIMIT %s",
            [limit],
        ).format(
            columns=COLUMNS,
            score=self.score(),
            tie_break=tie_break(self.prefs.seed),
            failures=self.failures(),
            source=self.source(),
            where=both(self.base, self.age),
        )

    def counts_query(self) -> Sql:
        """Of the active clinicians licensed in the state: how many miss each filter."""
        checks = [
            ("not_accepting", self.accepting),
            ("unconfirmed", self.confirmed),
            ("wrong_age", self.age),
            ("wrong_format", self.format),
        ]
        if self.network_is_hard:
            checks.append(("out_of_network", self.network))
        sums = Sql.join(
            ", ",
            (
                Sql("COALESCE(SUM(CASE WHEN {check} THEN 0 ELSE 1 END), 0) AS ").format(check=check)
                + Sql(name)
                for name, check in checks
            ),
        )
        return Sql("SELECT COUNT(*) AS total, {sums} FROM {source} WHERE {base}").format(
            sums=sums, source=self.source(), base=self.base
        )
