"""Keeps `SearchRow`, the ranking's compact copy of each clinician, in step with the roster."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from matching.models import Clinician, ClinicianSpecialty, SearchRow


def tokens(slugs: Iterable[str]) -> str:
    """`|a|b|`: a set of slugs that `LIKE '%|a|%'` can test. Empty sets are `|`."""
    return "|" + "".join(f"{slug}|" for slug in sorted(set(slugs)))


def rows_for(clinician: Clinician) -> list[SearchRow]:
    """The search rows of one clinician, from a prefetched instance (no queries)."""
    specialties = list(clinician.clinician_specialties.all())
    common = {
        "is_active": clinician.is_active,
        "accepting": clinician.accepting_new_clients,
        "telehealth": clinician.telehealth,
        "in_person": clinician.in_person,
        "gender": clinician.gender,
        "ages": tokens(clinician.age_groups),
        "languages": tokens(language.slug for language in clinician.languages.all()),
        "carriers": tokens(carrier.slug for carrier in clinician.carriers.all()),
        "specialties": tokens(cs.specialty.slug for cs in specialties),
        "primary_specialties": tokens(cs.specialty.slug for cs in specialties if cs.is_primary),
        "modalities": tokens(modality.slug for modality in clinician.modalities.all()),
        "confirmed_on": clinician.availability_confirmed_on,
        "waitlist_weeks": clinician.waitlist_weeks,
        "self_pay_rate": clinician.self_pay_rate,
        "sliding_scale": clinician.sliding_scale,
    }
    return [
        SearchRow(clinician_id=clinician.pk, state=state, **common)
        for state in sorted(set(clinician.licensed_states))
    ]


def with_search_fields(queryset):
    """Prefetch what `rows_for` reads."""
    return queryset.prefetch_related(
        "languages",
        "carriers",
        "modalities",
        "clinician_specialties__specialty",
    )


@transaction.atomic
def refresh_search_rows(*, clinician_ids: Iterable[int], batch_size: int = 2000) -> int:
    """Rebuild the search rows of these clinicians from the canonical tables.

    Returns how many rows now exist for them. Call after any change to a clinician or
    to what they are linked to; the admin, the roster import, the generator and the demo
    loader all do.
    """
    ids = sorted(set(clinician_ids))
    written = 0
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        SearchRow.objects.filter(clinician_id__in=chunk).delete()
        clinicians = with_search_fields(Clinician.objects.filter(pk__in=chunk))
        rows = [row for clinician in clinicians for row in rows_for(clinician)]
        SearchRow.objects.bulk_create(rows, batch_size=batch_size)
        written += len(rows)
    return written


def clinician_ids_linked_to(item) -> list[int]:
    """The clinicians whose search rows mention a reference item."""
    from matching.models import Carrier, Language, Modality, Specialty

    if isinstance(item, Specialty):
        links = ClinicianSpecialty.objects.filter(specialty=item)
    elif isinstance(item, Modality):
        links = Clinician.modalities.through.objects.filter(modality=item)
    elif isinstance(item, Carrier):
        links = Clinician.carriers.through.objects.filter(carrier=item)
    elif isinstance(item, Language):
        links = Clinician.languages.through.objects.filter(language=item)
    else:
        raise TypeError(f"not a reference item: {item!r}")
    return list(links.values_list("clinician_id", flat=True).distinct())
