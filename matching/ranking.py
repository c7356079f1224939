"""The ranking engine: who fits this person, and why (PRODUCT.md §6).

Filtering, scoring and ordering run in the database over `SearchRow`, a compact copy of
each clinician per licensed state (matching/ranking_sql.py). Python then builds the
reasons and cautions for the final page only, from the very columns the score was
computed from, so a reason appears exactly when its points were given.

A ranking costs a small constant number of queries: the names and bits of the reference
items the request mentions, the ranking query, the page's clinicians, and (for in-person
care) their offices; when
fewer than three pass, two more (the counts behind the explanation, and the relaxed
candidates).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from matching import scoring
from matching.models import Clinician, Office
from matching.places import AGE_GROUP_PLURALS, STATE_NAMES, miles_between
from matching.ranking_sql import Plan, Reference, load_reference
from matching.sql import Sql

Format = Literal["telehealth", "in_person", "either"]
# child <13, teen 13-17, adult 18-64, older-adult 65+
AgeGroup = Literal["child", "teen", "adult", "older-adult"]


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


# --- Reasons and cautions (Python, final page only) --------------------------------------


def _offices(ids: list[int], plan: Plan) -> dict[int, list[tuple[str, str, float, float]]]:
    """Each clinician's offices (city, ZIP, latitude, longitude), when distance matters."""
    if not ids or plan.location is None or not plan.wants_in_person:
        return {}
    offices: dict[int, list] = {}
    rows = Office.objects.filter(clinician_id__in=ids).order_by("id")
    for clinician_id, city, zip_code, lat, lon in rows.values_list(
        "clinician_id", "city", "zip_code", "latitude", "longitude"
    ):
        offices.setdefault(clinician_id, []).append((city, zip_code, lat, lon))
    return offices


def _nearest(offices, plan: Plan) -> tuple[str, float] | tuple[None, None]:
    if plan.location is None or not offices:
        return None, None
    box = plan.location.box
    best = min(
        (
            (city or zip_code, miles_between(box.lat0, box.lon0, lat, lon))
            for city, zip_code, lat, lon in offices
        ),
        key=lambda pair: pair[1],
    )
    return best


def _in(row_bits: int, mask: int) -> bool:
    return bool(mask) and bool(row_bits & mask)


def explain(
    row: dict, plan: Plan, offices: list, *, relaxed: bool
) -> tuple[tuple[str, ...], tuple[str, ...], float | None]:
    """The reasons and cautions of one clinician for one request.

    Reads the same compact row the score was computed from, so a reason is given exactly
    when its points were: what the clinician's record says, nothing more.
    """
    prefs, today, ref = plan.prefs, plan.today, plan.reference
    reasons: list[str] = []
    cautions: list[str] = []

    for concern in dict.fromkeys(prefs.concerns):
        name = scoring.in_sentence(ref.name("specialties", concern))
        mask = ref.mask("specialties", concern)
        if _in(row["primary_specialties"], mask):
            reasons.append(gettext("Works with %(concern)s as a primary focus") % {"concern": name})
        elif _in(row["specialties"], mask):
            reasons.append(gettext("Experienced with %(concern)s") % {"concern": name})
    for slug in dict.fromkeys(prefs.recommended_modalities + prefs.modalities):
        if _in(row["modalities"], ref.mask("modalities", slug)):
            modality = scoring.short_name(ref.name("modalities", slug))
            reasons.append(gettext("Trained in %(modality)s") % {"modality": modality})

    if plan.uses_carrier:
        if _in(row["carriers"], ref.mask("carriers", prefs.carrier)):
            carrier = ref.name("carriers", prefs.carrier)
            reasons.append(gettext("In network with %(carrier)s") % {"carrier": carrier})
        else:
            cautions.append(gettext("Out of network with your plan"))
    if prefs.language:
        language = {"language": scoring.language_in_sentence(ref.name("languages", prefs.language))}
        if _in(row["languages"], ref.mask("languages", prefs.language)):
            reasons.append(gettext("Offers sessions in %(language)s") % language)
        else:
            cautions.append(gettext("Does not list %(language)s among their languages") % language)
    if prefs.gender and row["gender"] == prefs.gender:
        reasons.append(GENDER_REASONS.get(prefs.gender, GENDER_REASONS["nonbinary"])())

    place, miles = _nearest(offices, plan) if row["in_person"] else (None, None)
    near = miles is not None and miles <= plan.radius
    if prefs.format in ("telehealth", "either") and row["telehealth"]:
        reasons.append(gettext("Offers telehealth"))
    if plan.wants_in_person and near:
        distance = scoring.miles_phrase(miles)
        reasons.append(
            gettext("Office in %(place)s, %(distance)s away")
            % {"place": place, "distance": distance}
        )

    if prefs.sliding_scale:
        if row["sliding_scale"]:
            reasons.append(gettext("Offers a sliding scale"))
        else:
            cautions.append(gettext("No sliding scale"))
    if prefs.self_pay:
        rate = row["self_pay_rate"]
        if rate is None:
            cautions.append(gettext("Self-pay rate not listed"))
        elif prefs.budget is not None and rate <= prefs.budget:
            reasons.append(gettext("Self-pay rate $%(rate)s, within your budget") % {"rate": rate})
        elif prefs.budget is not None:
            cautions.append(
                gettext("Self-pay rate $%(rate)s, above your budget of $%(budget)s")
                % {"rate": rate, "budget": prefs.budget}
            )
        else:
            reasons.append(gettext("Self-pay rate $%(rate)s") % {"rate": rate})

    reason = scoring.availability_reason(row["confirmed_on"], today)
    if reason:
        reasons.append(reason)
    if row["waitlist_weeks"] == 0:
        reasons.append(gettext("No waitlist"))
    unconfirmed = scoring.is_unconfirmed(row["confirmed_on"], today)
    for caution in (
        # An unconfirmed clinician is only ever a relaxed option, which says so first.
        "" if unconfirmed else scoring.availability_caution(row["confirmed_on"], today),
        scoring.waitlist_caution(row["waitlist_weeks"]),
    ):
        if caution:
            cautions.append(caution)

    if relaxed:
        # What this clinician misses, first.
        missed = []
        if not row["accepting"]:
            missed.append(gettext("Not accepting new clients right now"))
        if unconfirmed:
            missed.append(scoring.unconfirmed_reason(row["confirmed_on"], today))
        if prefs.format == "telehealth" and not row["telehealth"]:
            missed.append(gettext("Does not offer telehealth"))
        elif prefs.format == "in_person" or (prefs.format == "either" and not row["telehealth"]):
            if not row["in_person"]:
                missed.append(gettext("Telehealth only"))
            elif not near:
                missed.append(
                    gettext("Nearest office %(distance)s away")
                    % {"distance": scoring.miles_phrase(miles)}
                    if miles is not None
                    else gettext("No office within %(miles)s miles") % {"miles": plan.radius}
                )
        cautions = missed + cautions
    return (
        tuple(reasons),
        tuple(cautions),
        (round(miles, 1) if near and plan.wants_in_person else None),
    )


GENDER_REASONS = {
    "woman": lambda: gettext("Is a woman, as you asked"),
    "man": lambda: gettext("Is a man, as you asked"),
    "nonbinary": lambda: gettext("Is a nonbinary clinician, as you asked"),
}


# --- The entry point ---------------------------------------------------------------------


def _load(ids: list[int]) -> dict[int, Clinician]:

    if not ids:
        return {}
    return {c.pk: c for c in Clinician.objects.filter(pk__in=ids).order_by()}


def _fetch(query: Sql) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(query.text, query.params)
        names = [column[0] for column in cursor.description]
        return [_normalise(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]


def _normalise(row: dict) -> dict:
    """Raw rows as the ORM would give them (SQLite returns dates as text, booleans as 0/1)."""
    for key in ("telehealth", "in_person", "accepting", "sliding_scale"):
        if key in row:
            row[key] = bool(row[key])
    confirmed = row.get("confirmed_on")
    if isinstance(confirmed, str):
        row["confirmed_on"] = datetime.date.fromisoformat(confirmed[:10])
    return row


def _explanation(plan: Plan, matched: int) -> str:
    """Which constraints removed people, in plain words, from one counting query."""
    prefs = plan.prefs
    state_name = STATE_NAMES.get(plan.state, plan.state)
    counts = {"out_of_network": 0, **_fetch(plan.counts_query())[0]}
    total = counts["total"]
    help_line = gettext("Our intake team will help you find the right person.")
    if total == 0:
        missing = gettext("We don't have clinicians licensed in %(state)s yet.")
        return f"{missing % {'state': state_name}} {help_line}"
    if matched == 0:
        fits = gettext("No one fits everything you asked for.")
    else:
        fits = ngettext(
            "%(count)d clinician fits everything you asked for.",
            "%(count)d clinicians fit everything you asked for.",
            matched,
        ) % {"count": matched}

    removed = []
    if counts["not_accepting"]:
        count = counts["not_accepting"]
        removed.append(
            ngettext(
                "%(count)d is not taking new clients right now",
                "%(count)d are not taking new clients right now",
                count,
            )
            % {"count": count}
        )
    if counts["unconfirmed"]:
        count = counts["unconfirmed"]
        removed.append(
            ngettext(
                "%(count)d hasn't confirmed their availability in the last %(days)d days",
                "%(count)d haven't confirmed their availability in the last %(days)d days",
                count,
            )
            % {"count": count, "days": scoring.unconfirmed_after_days()}
        )
    if counts["wrong_age"]:
        count = counts["wrong_age"]
        ages = gettext(AGE_GROUP_PLURALS.get(prefs.age_group, prefs.age_group))
        removed.append(
            ngettext("%(count)d doesn't see %(ages)s", "%(count)d don't see %(ages)s", count)
            % {"count": count, "ages": ages}
        )
    if counts["wrong_format"]:
        count = counts["wrong_format"]
        values = {"count": count, "miles": plan.radius}
        if prefs.format == "telehealth":
            removed.append(
                ngettext(
                    "%(count)d doesn't offer telehealth", "%(count)d don't offer telehealth", count
                )
                % values
            )
        elif plan.location is None and prefs.format == "either":
            removed.append(
                ngettext(
                    "%(count)d doesn't offer telehealth (without a ZIP code we couldn't look "
                    "for offices near you)",
                    "%(count)d don't offer telehealth (without a ZIP code we couldn't look for "
                    "offices near you)",
                    count,
                )
                % values
            )
        elif plan.location is None:
            removed.append(
                gettext("without a ZIP code we know, we couldn't look for offices near you")
            )
        elif prefs.format == "in_person":
            values["zip"] = plan.location.zip_code
            removed.append(
                ngettext(
                    "%(count)d has no office within %(miles)s miles of %(zip)s",
                    "%(count)d have no office within %(miles)s miles of %(zip)s",
                    count,
                )
                % values
            )
        else:
            removed.append(
                ngettext(
                    "%(count)d offers neither telehealth nor an office within %(miles)s miles",
                    "%(count)d offer neither telehealth nor an office within %(miles)s miles",
                    count,
                )
                % values
            )
    if counts["out_of_network"]:
        count = counts["out_of_network"]
        removed.append(
            ngettext(
                "%(count)d is not in network with your plan",
                "%(count)d are not in network with your plan",
                count,
            )
            % {"count": count}
        )
    parts = [fits]
    if removed:
        parts.append(
            ngettext(
                "Of the %(count)d clinician licensed in %(state)s, %(removed)s.",
                "Of the %(count)d clinicians licensed in %(state)s, %(removed)s.",
                total,
            )
            % {"count": total, "state": state_name, "removed": "; ".join(removed)}
        )
    if total > matched:
        parts.append(gettext("Below are the closest other options, clearly labelled."))
    parts.append(help_line)
    return " ".join(parts)


def rank(preferences: Preferences, *, limit: int = 20) -> RankResult:
    """Rank the clinicians who fit `preferences`, best first, with reasons and cautions.

    Everything but the final page runs in the database; see matching/ranking_sql.py.
    """
    known_state = (preferences.state or "").strip().upper() in STATE_NAMES
    reference = load_reference(preferences) if known_state else Reference.empty()
    plan = Plan(preferences, timezone.localdate(), reference)
    limit = max(1, int(limit))
    # Ask for at least MIN_MATCHES so a small page does not look like too few matches.
    top = _fetch(plan.ranking_query(max(limit, scoring.MIN_MATCHES))) if known_state else []
    relaxed_rows: list[dict] = []
    explanation = ""
    relaxed_filters: tuple[str, ...] = ()
    if len(top) < scoring.MIN_MATCHES:
        explanation = _explanation(plan, len(top))
        relaxed_filters = ("accepting", "confirmed", "format") + (
            ("network",) if plan.network_is_hard else ()
        )
        relaxed_rows = _fetch(plan.relaxed_query(scoring.RELAXED_LIMIT))
    top = top[:limit]
    ids = [row["clinician_id"] for row in top + relaxed_rows]
    clinicians = _load(ids)
    offices = _offices(ids, plan)

    def build(rows, *, relaxed: bool) -> tuple[Match, ...]:
        out = []
        for row in rows:
            pk = row["clinician_id"]
            if pk not in clinicians:  # removed since the ranking query ran
                continue
            reasons, cautions, miles = explain(row, plan, offices.get(pk, []), relaxed=relaxed)
            out.append(
                Match(
                    clinician=clinicians[pk],
                    score=int(row["score"]),
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
]
