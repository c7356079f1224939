"""The ranking engine: who fits this person, and why (PRODUCT.md §6).

Filtering, scoring and ordering run in the database over `SearchRow`, a compact copy of
each clinician per licensed state. Python then builds the reasons and cautions for the
final page only, from the canonical tables, so every reason is true of the clinician.

A ranking costs a small constant number of queries: one ranking query and the six that
load the page's clinicians with what their reasons need; when fewer than three pass, two
more (the counts behind the explanation, and the relaxed candidates).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from matching import scoring
from matching.models import Office, SearchRow
from matching.places import (
    AGE_GROUP_PLURALS,
    MILES_PER_DEGREE_LAT,
    STATE_NAMES,
    Box,
    box_around,
    locate,
    miles_between,
)

if TYPE_CHECKING:
    from matching.models import Clinician

Format = Literal["telehealth", "in_person", "either"]
AgeGroup = Literal[
    "child", "teen", "adult", "older-adult"
]  # child <13, teen 13-17, adult 18-64, older-adult 65+


@dataclass(frozen=True)
class Preferences:
    state: str  # USPS code, e.g. "MN"
    format: Format = "either"
    zip_code: str = ""  # needed for in-person distance
    distance_miles: int = 25
    age_group: AgeGroup = "adult"
    concerns: tuple[str, ...] = ()  # specialty slugs
    recommended_modalities: tuple[str, ...] = ()  # from the condition pages of the concerns
    modalities: tuple[str, ...] = ()  # the person's own modality preferences (slugs)
    carrier: str = ""  # carrier slug; "" when self-pay
    out_of_network_ok: bool = False
    self_pay: bool = False
    budget: int | None = None  # dollars per session when self-paying
    sliding_scale: bool = False  # wants a sliding scale
    language: str = ""  # language slug, "" = no preference
    gender: str = ""  # "woman" | "man" | "nonbinary" | ""
    seed: str = ""  # per-request tie-break seed (e.g. the form token)


@dataclass(frozen=True)
class Match:
    clinician: Clinician
    score: int
    reasons: tuple[str, ...]  # plain words, e.g. "In network with Aetna"
    cautions: tuple[str, ...]  # e.g. "Availability last confirmed 5 weeks ago"
    relaxed: bool = False  # True when it fails a hard filter (shown labelled)
    distance_miles: float | None = None


@dataclass(frozen=True)
class RankResult:
    matches: tuple[Match, ...]  # pass every hard filter, best first
    relaxed: tuple[Match, ...] = ()  # only when fewer than 3 matches: closest relaxed ones
    explanation: str = ""  # which constraint removed people, in plain words
    # Which hard filters the relaxed matches were allowed to miss, for staff and templates.
    relaxed_filters: tuple[str, ...] = field(default=())


def recommended_modalities_for(concerns: Iterable[str]) -> tuple[str, ...]:
    """The modality slugs that published condition pages recommend for these concerns.

    Reads the conditions app's Condition model (its many-to-many links to Specialty and
    Modality); returns () when that app has no such model.
    """
    from django.apps import apps

    from matching.models import Modality, Specialty

    concerns = [slug for slug in concerns if slug]
    if not concerns:
        return ()
    try:
        condition_model = apps.get_model("conditions", "Condition")
    except LookupError:
        return ()
    links = {
        f.related_model: f
        for f in condition_model._meta.get_fields()
        if f.many_to_many and not f.auto_created
    }
    specialties, modalities = links.get(Specialty), links.get(Modality)
    if specialties is None or modalities is None:
        return ()
    conditions = condition_model._default_manager.all()
    if hasattr(conditions, "published"):
        conditions = conditions.published()
    slugs = (
        conditions.filter(**{f"{specialties.name}__slug__in": concerns})
        .values_list(f"{modalities.name}__slug", flat=True)
        .distinct()
    )
    return tuple(sorted(slug for slug in slugs if slug))


# --- SQL pieces -------------------------------------------------------------------------


def _has(column: str, slug: str) -> Q:
    return Q(**{f"{column}__contains": f"|{slug}|"})


def _points(condition: Q, points: int) -> Case:
    return Case(When(condition, then=Value(points)), default=Value(0))


def _seed_number(seed: str) -> int:
    return int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big")


def tie_break_expression(seed: str):
    """A deterministic shuffle of clinician ids per seed, in plain integer arithmetic.

    Two rounds of multiply-add modulo a prime; the multipliers come from the seed, so each
    seed orders tied clinicians differently. Works the same on SQLite and PostgreSQL
    (every product stays below 2**62).
    """
    number = _seed_number(seed)
    a = (number & 0xFFFFF) | 1
    b = (number >> 20) & 0x7FFFFFFF
    c = ((number >> 51) & 0x1FFF) | 1
    first = (F("clinician_id") * Value(a) + Value(b)) % Value(2147483647)
    return ExpressionWrapper(
        (first * Value(48271 + c) + Value(b ^ 0x5BD1E995)) % Value(2147483629),
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class _Location:
    box: Box
    place_label: str


class _Plan:
    """The hard filters and the score of one request, as Q objects and expressions."""

    def __init__(self, prefs: Preferences, today: datetime.date):
        self.prefs = prefs
        self.today = today
        self.state = prefs.state.strip().upper()
        place = locate(prefs.zip_code) if prefs.zip_code else None
        radius = max(1, int(prefs.distance_miles or 25))
        self.radius = radius
        self.location = (
            _Location(
                box=box_around(place.latitude, place.longitude, radius), place_label=place.zip_code
            )
            if place
            else None
        )
        self.wants_in_person = prefs.format in ("in_person", "either")
        self.uses_carrier = bool(prefs.carrier) and not prefs.self_pay

        self.base = Q(state=self.state, is_active=True)
        self.accepting = Q(accepting=True)
        self.age = _has("ages", prefs.age_group)
        self.network = _has("carriers", prefs.carrier) if self.uses_carrier else Q()
        self.network_is_hard = self.uses_carrier and not prefs.out_of_network_ok
        self.near = self._near()
        if prefs.format == "telehealth":
            self.format = Q(telehealth=True)
        elif prefs.format == "in_person":
            self.format = self.near
        else:
            self.format = Q(telehealth=True) | self.near

    def _office_distance_squared(self):
        box = self.location.box
        dx = (F("longitude") - Value(box.lon0)) * Value(box.miles_per_lon)
        dy = (F("latitude") - Value(box.lat0)) * Value(MILES_PER_DEGREE_LAT)
        return ExpressionWrapper(dx * dx + dy * dy, output_field=FloatField())

    def _near_offices(self):
        box = self.location.box
        return (
            Office.objects.filter(
                latitude__gte=box.min_lat,
                latitude__lte=box.max_lat,
                longitude__gte=box.min_lon,
                longitude__lte=box.max_lon,
            )
            .annotate(d2=self._office_distance_squared())
            .filter(d2__lte=box.radius_squared)
        )

    def _near(self) -> Q:
        if self.location is None:
            # No place to measure from: nobody can be checked as near.
            return Q(pk__in=[])
        return Q(in_person=True, clinician_id__in=self._near_offices().values("clinician_id"))

    def distance_points(self):
        """Points for the nearest office within range: one correlated lookup, and only
        for the clinicians the (hashed) near-office set already holds."""
        radius_squared = self.location.box.radius_squared
        d2 = F("d2")
        nearest = (
            self._near_offices()
            .filter(clinician_id=OuterRef("clinician_id"))
            .annotate(
                points=Case(
                    *[
                        When(Q(d2__lte=float(miles * miles)), then=Value(points))
                        for miles, points in scoring.DISTANCE_POINTS
                        if miles * miles <= radius_squared
                    ],
                    default=Value(0),
                )
            )
            .order_by(d2)
            .values("points")[:1]
        )
        return Case(
            When(self.near, then=Subquery(nearest, output_field=IntegerField())),
            default=Value(0),
            output_field=IntegerField(),
        )

    def hard(self) -> Q:
        q = self.base & self.accepting & self.age & self.format
        if self.network_is_hard:
            q &= self.network
        return q

    def score(self):
        prefs = self.prefs
        parts = [Value(0)]
        for concern in dict.fromkeys(prefs.concerns):
            parts.append(
                Case(
                    When(_has("primary_specialties", concern), then=Value(scoring.PRIMARY_CONCERN)),
                    When(_has("specialties", concern), then=Value(scoring.EXPERIENCED_CONCERN)),
                    default=Value(0),
                )
            )
        for modality in dict.fromkeys(prefs.recommended_modalities):
            parts.append(_points(_has("modalities", modality), scoring.RECOMMENDED_MODALITY))
        for modality in dict.fromkeys(prefs.modalities):
            parts.append(_points(_has("modalities", modality), scoring.PREFERRED_MODALITY))
        if self.uses_carrier:
            parts.append(_points(self.network, scoring.IN_NETWORK))
        if prefs.language:
            parts.append(_points(_has("languages", prefs.language), scoring.LANGUAGE))
        if prefs.gender:
            parts.append(_points(Q(gender=prefs.gender), scoring.GENDER))
        if prefs.self_pay or prefs.sliding_scale:
            if prefs.sliding_scale:
                parts.append(_points(Q(sliding_scale=True), scoring.SLIDING_SCALE))
            if prefs.budget is not None:
                parts.append(_points(Q(self_pay_rate__lte=prefs.budget), scoring.WITHIN_BUDGET))
        parts.append(
            Case(
                *[
                    When(
                        confirmed_on__gte=self.today - datetime.timedelta(days=days),
                        then=Value(points),
                    )
                    for days, points in scoring.AVAILABILITY_POINTS
                ],
                default=Value(0),
            )
        )
        parts.append(
            Case(
                When(waitlist_weeks__isnull=True, then=Value(scoring.waitlist_points(None))),
                *[
                    When(waitlist_weeks__lte=weeks, then=Value(points))
                    for weeks, points in scoring.WAITLIST_POINTS
                ],
                default=Value(0),
            )
        )
        if self.location is not None and self.wants_in_person:
            parts.append(self.distance_points())
        return ExpressionWrapper(functools.reduce(operator.add, parts), output_field=IntegerField())

    def ranked(self, queryset):
        return queryset.annotate(
            score=self.score(), tie_break=tie_break_expression(self.prefs.seed)
        ).order_by("-score", "tie_break")


# --- Reasons and cautions (Python, final page only) --------------------------------------


def _nearest_office(clinician: Clinician, plan: _Plan):
    if plan.location is None:
        return None, None
    box = plan.location.box
    best = None
    for office in clinician.offices.all():
        miles = miles_between(box.lat0, box.lon0, office.latitude, office.longitude)
        if best is None or miles < best[1]:
            best = (office, miles)
    return best if best else (None, None)


def explain(
    clinician: Clinician, plan: _Plan, *, relaxed: bool
) -> tuple[tuple, tuple, float | None]:
    """The reasons and cautions of one clinician for one request, from canonical data."""
    prefs, today = plan.prefs, plan.today
    reasons: list[str] = []
    cautions: list[str] = []
    specialties = {cs.specialty.slug: cs for cs in clinician.clinician_specialties.all()}
    modalities = {m.slug: m for m in clinician.modalities.all()}
    carriers = {c.slug: c for c in clinician.carriers.all()}
    languages = {language.slug: language for language in clinician.languages.all()}

    for concern in dict.fromkeys(prefs.concerns):
        link = specialties.get(concern)
        if link is None:
            continue
        name = scoring.in_sentence(link.specialty.name)
        if link.is_primary:
            reasons.append(f"Works with {name} as a primary focus")
        else:
            reasons.append(f"Experienced with {name}")
    for slug in dict.fromkeys(prefs.recommended_modalities + prefs.modalities):
        if slug in modalities:
            reasons.append(f"Trained in {scoring.short_name(modalities[slug].name)}")

    if plan.uses_carrier:
        if prefs.carrier in carriers:
            reasons.append(f"In network with {carriers[prefs.carrier].name}")
        else:
            cautions.append("Out of network with your plan")
    if prefs.language:
        if prefs.language in languages:
            reasons.append(f"Offers sessions in {languages[prefs.language].name}")
        else:
            cautions.append("Does not list the language you asked for")
    if prefs.gender and clinician.gender == prefs.gender:
        reasons.append(f"Is a {clinician.get_gender_display().lower()}, as you asked")

    office, miles = _nearest_office(clinician, plan) if plan.wants_in_person else (None, None)
    in_person_ok = (
        clinician.in_person and office is not None and miles is not None and miles <= plan.radius
    )
    if prefs.format in ("telehealth", "either") and clinician.telehealth:
        reasons.append("Offers telehealth")
    if in_person_ok:
        reasons.append(
            f"Office in {office.city or office.zip_code}, {scoring.miles_phrase(miles)} away"
        )

    if prefs.self_pay or prefs.sliding_scale:
        if prefs.sliding_scale:
            if clinician.sliding_scale:
                reasons.append("Offers a sliding scale")
            else:
                cautions.append("No sliding scale")
        if prefs.self_pay:
            rate = clinician.self_pay_rate
            if rate is None:
                cautions.append("Self-pay rate not listed")
            elif prefs.budget is not None and rate <= prefs.budget:
                reasons.append(f"Self-pay rate ${rate}, within your budget")
            elif prefs.budget is not None:
                cautions.append(f"Self-pay rate ${rate}, above your budget of ${prefs.budget}")

    if clinician.accepting_new_clients:
        reason = scoring.availability_reason(clinician.availability_confirmed_on, today)
        if reason:
            reasons.append(reason)
        if clinician.waitlist_weeks == 0:
            reasons.append("No waitlist")
    caution = scoring.availability_caution(clinician.availability_confirmed_on, today)
    if caution:
        cautions.append(caution)
    caution = scoring.waitlist_caution(clinician.waitlist_weeks)
    if caution:
        cautions.append(caution)

    if relaxed:
        if not clinician.accepting_new_clients:
            cautions.insert(0, "Not accepting new clients right now")
        if prefs.format == "telehealth" and not clinician.telehealth:
            cautions.insert(0, "Does not offer telehealth")
        if prefs.format == "in_person" or (prefs.format == "either" and not clinician.telehealth):
            if not clinician.in_person:
                cautions.insert(0, "Telehealth only")
            elif not in_person_ok:
                if miles is not None:
                    cautions.insert(0, f"Nearest office {scoring.miles_phrase(miles)} away")
                else:
                    cautions.insert(0, f"No office within {plan.radius} miles")
    return tuple(reasons), tuple(cautions), (round(miles, 1) if in_person_ok else None)


# --- The entry point ---------------------------------------------------------------------


def _load(ids: list[int]) -> dict[int, Clinician]:
    from matching.models import Clinician

    if not ids:
        return {}
    return {c.pk: c for c in Clinician.objects.filter(pk__in=ids).for_profile()}


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _explanation(plan: _Plan, matched: int) -> str:
    """Which constraints removed people, in plain words, from one counting query."""
    prefs = plan.prefs
    state_name = STATE_NAMES.get(plan.state, plan.state)
    aggregates = {
        "total": Count("pk"),
        "not_accepting": Count("pk", filter=~plan.accepting),
        "wrong_age": Count("pk", filter=~plan.age),
        "wrong_format": Count("pk", filter=~plan.format),
    }
    if plan.network_is_hard:
        aggregates["out_of_network"] = Count("pk", filter=~plan.network)
    counts = {"out_of_network": 0, **SearchRow.objects.filter(plan.base).aggregate(**aggregates)}
    total = counts["total"]
    help_line = "Our intake team will help you find the right person."
    if total == 0:
        return f"We don't have clinicians licensed in {state_name} yet. {help_line}"
    if matched == 0:
        fits = "No one fits everything you asked for."
    else:
        fits = f"{_plural(matched, 'clinician fits', 'clinicians fit')} everything you asked for."

    def n(count: int, singular: str, plural: str) -> str:
        return f"{count} {singular if count == 1 else plural}"

    removed = []
    if counts["not_accepting"]:
        removed.append(
            n(counts["not_accepting"], "is", "are") + " not taking new clients right now"
        )
    if counts["wrong_age"]:
        ages = AGE_GROUP_PLURALS.get(prefs.age_group, prefs.age_group)
        removed.append(n(counts["wrong_age"], "doesn't", "don't") + f" see {ages}")
    if counts["wrong_format"]:
        count = counts["wrong_format"]
        miles = f"{plan.radius} miles"
        if prefs.format == "telehealth":
            removed.append(n(count, "doesn't", "don't") + " offer telehealth")
        elif plan.location is None:
            removed.append(
                n(count, "doesn't", "don't")
                + " offer telehealth, and we couldn't place your ZIP code to look for offices"
                if prefs.format == "either"
                else "we couldn't place your ZIP code to look for offices near you"
            )
        elif prefs.format == "in_person":
            removed.append(
                n(count, "has", "have")
                + f" no office within {miles} of {plan.location.place_label}"
            )
        else:
            removed.append(
                n(count, "offers", "offer") + f" neither telehealth nor an office within {miles}"
            )
    if counts["out_of_network"]:
        removed.append(n(counts["out_of_network"], "is", "are") + " not in network with your plan")
    detail = ""
    if removed:
        detail = (
            f" Of the {_plural(total, 'clinician', 'clinicians')} licensed in {state_name}, "
            + "; ".join(removed)
            + "."
        )
    offer = " Below are the closest other options, clearly labelled." if total > matched else ""
    return f"{fits}{detail}{offer} {help_line}"


def rank(preferences: Preferences, *, limit: int = 20) -> RankResult:
    """Rank the clinicians who fit `preferences`, best first, with reasons and cautions."""
    today = timezone.localdate()
    plan = _Plan(preferences, today)
    limit = max(1, int(limit))
    top = list(
        plan.ranked(SearchRow.objects.filter(plan.hard())).values_list("clinician_id", "score")[
            :limit
        ]
    )
    relaxed_rows: list[tuple[int, int]] = []
    explanation = ""
    relaxed_filters: tuple[str, ...] = ()
    if len(top) < scoring.MIN_MATCHES:
        explanation = _explanation(plan, len(top))
        all_relaxable = plan.accepting & plan.format
        relaxed_filters = ("accepting", "format")
        if plan.network_is_hard:
            all_relaxable &= plan.network
            relaxed_filters += ("network",)
        failures = [
            Case(When(~q, then=Value(1)), default=Value(0)) for q in (plan.accepting, plan.format)
        ]
        if plan.network_is_hard:
            failures.append(Case(When(~plan.network, then=Value(1)), default=Value(0)))
        candidates = (
            SearchRow.objects.filter(plan.base & plan.age)
            .exclude(all_relaxable)
            .annotate(
                failures=ExpressionWrapper(
                    functools.reduce(operator.add, failures), output_field=IntegerField()
                )
            )
        )
        relaxed_rows = list(
            plan.ranked(candidates)
            .order_by("failures", "-score", "tie_break")
            .values_list("clinician_id", "score")[: min(limit, scoring.RELAXED_LIMIT)]
        )
    clinicians = _load([pk for pk, _ in top + relaxed_rows])

    def build(rows, *, relaxed: bool) -> tuple[Match, ...]:
        out = []
        for pk, score in rows:
            clinician = clinicians[pk]
            reasons, cautions, miles = explain(clinician, plan, relaxed=relaxed)
            out.append(
                Match(
                    clinician=clinician,
                    score=int(score),
                    reasons=reasons,
                    cautions=cautions,
                    relaxed=relaxed,
                    distance_miles=miles,
                )
            )
        return tuple(out)

    return RankResult(
        matches=build(top, relaxed=False),
        relaxed=build(relaxed_rows, relaxed=True),
        explanation=explanation,
        relaxed_filters=relaxed_filters,
    )


__all__ = [
    "AgeGroup",
    "Format",
    "Match",
    "Preferences",
    "RankResult",
    "rank",
    "recommended_modalities_for",
]
