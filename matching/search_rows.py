"""Keeps `SearchRow`, the ranking's compact copy of each clinician, in step with the roster.

`refresh_search_rows` rebuilds clinicians' rows from the canonical tables; the write
services (matching/services.py) call it in the same transaction as their change.
`drift` recomputes every row and reports what differs (`manage.py verify_search_rows`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, transaction

from ellie import pagecache
from matching.models import AGE_BITS, Clinician, ClinicianSpecialty, SearchRow


def bits(items: Iterable) -> int:
    """The bit set of some reference items (see `ReferenceItem.bit`)."""
    mask = 0
    for item in items:
        mask |= item.mask
    return mask


def rows_for(clinician: Clinician) -> list[SearchRow]:
    """The search rows of one clinician, from a prefetched instance (no queries)."""
    links = list(clinician.clinician_specialties.all())
    return build_rows(
        clinician,
        languages=clinician.languages.all(),
        carriers=clinician.carriers.all(),
        specialties=[link.specialty for link in links],
        primary_specialties=[link.specialty for link in links if link.is_primary],
        modalities=clinician.modalities.all(),
    )


def build_rows(
    clinician: Clinician,
    *,
    languages: Iterable,
    carriers: Iterable,
    specialties: Iterable,
    primary_specialties: Iterable,
    modalities: Iterable,
) -> list[SearchRow]:
    """One row per licensed state, from a clinician and the reference items it links to."""
    common = {
        "is_active": clinician.is_active,
        "accepting": clinician.accepting_new_clients,
        "telehealth": clinician.telehealth,
        "in_person": clinician.in_person,
        "gender": clinician.gender,
        "ages": sum(AGE_BITS.get(code, 0) for code in set(clinician.age_groups)),
        "languages": bits(languages),
        "carriers": bits(carriers),
        "specialties": bits(specialties),
        "primary_specialties": bits(primary_specialties),
        "modalities": bits(modalities),
        "confirmed_on": clinician.availability_confirmed_on,
        "waitlist_weeks": clinician.waitlist_weeks,
        "self_pay_rate": clinician.self_pay_rate,
        "sliding_scale": clinician.sliding_scale,
    }
    return [
        SearchRow(clinician_id=clinician.pk, state=state, **common)
        for state in sorted(set(clinician.licensed_states))
    ]


def reference_models() -> tuple:
    from matching.models import Carrier, Language, Modality, Specialty

    return (Specialty, Modality, Carrier, Language)


def ensure_bits(using: str = DEFAULT_DB_ALIAS) -> None:
    """Reference items created without `save()` (a data migration, a bulk insert) have no
    bit yet: give them one before any clinician's set is written."""
    for model in reference_models():
        for item in model.objects.using(using).filter(bit=None).order_by("pk"):
            item.save(update_fields=["bit"], using=using)


def with_search_fields(queryset):
    """Prefetch what `rows_for` reads."""
    return queryset.prefetch_related(
        "languages",
        "carriers",
        "modalities",
        "clinician_specialties__specialty",
    )


def refresh_search_rows(
    *, clinician_ids: Iterable[int], batch_size: int = 2000, using: str = DEFAULT_DB_ALIAS
) -> int:
    """Rebuild the search rows of these clinicians from the canonical tables.

    Returns how many rows now exist for them. Every write service calls it after its
    change, in the same transaction (matching/services.py); call it yourself only there.
    """
    ids = sorted(set(clinician_ids))
    written = 0
    with transaction.atomic(using=using):
        ensure_bits(using)
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            SearchRow.objects.using(using).filter(clinician_id__in=chunk).delete()
            clinicians = with_search_fields(Clinician.objects.using(using).filter(pk__in=chunk))
            rows = [row for clinician in clinicians for row in rows_for(clinician)]
            SearchRow.objects.using(using).bulk_create(rows, batch_size=batch_size)
            written += len(rows)
        if using == DEFAULT_DB_ALIAS:
            pagecache.bump()  # profiles, the directory and condition pages may show them
    return written


# --- Drift: stored rows against what the canonical tables say ---------------------------

# The columns compared: everything but the row's own id and its key (clinician, state).
COMPARED = [
    field.attname
    for field in SearchRow._meta.concrete_fields
    if field.attname not in ("id", "clinician_id", "state")
]
# Columns that hold a set of reference items, and the model whose bits they use.
BIT_SETS = {
    "specialties": "Specialty",
    "primary_specialties": "Specialty",
    "modalities": "Modality",
    "carriers": "Carrier",
    "languages": "Language",
}


@dataclass(frozen=True)
class Drift:
    """One way the stored search rows differ from the canonical tables."""

    clinician_id: int | None  # None: a reference item, not a clinician
    where: str  # e.g. "clinician 12 (Maya Lindqvist, LICSW) in MN"
    problem: str  # e.g. "accepting: stored yes, should be no"

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


def drift(*, using: str = DEFAULT_DB_ALIAS, batch_size: int = 2000) -> list[Drift]:
    """Recompute every clinician's search rows and list each difference from the stored
    ones (missing rows, rows that should not exist, columns that differ), and reference
    items that have no bit yet. Reads only; an empty list means no drift."""
    names = _bit_names(using)
    found = [
        Drift(None, f"{model._meta.verbose_name} {item.slug!r}", "has no bit yet")
        for model in reference_models()
        for item in model.objects.using(using).filter(bit=None).order_by("pk")
    ]
    ids = list(Clinician.objects.using(using).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        clinicians = with_search_fields(Clinician.objects.using(using).filter(pk__in=chunk))
        expected = {
            (row.clinician_id, row.state): row
            for clinician in clinicians
            for row in rows_for(clinician)
        }
        labels = {c.pk: f"clinician {c.pk} ({c.display_name})" for c in clinicians}
        stored = {
            (row.clinician_id, row.state): row
            for row in SearchRow.objects.using(using).filter(clinician_id__in=chunk)
        }
        for key in sorted(expected.keys() | stored.keys()):
            where = f"{labels.get(key[0], f'clinician {key[0]}')} in {key[1]}"
            if key not in stored:
                found.append(Drift(key[0], where, "missing"))
            elif key not in expected:
                found.append(Drift(key[0], where, "not licensed there, but listed"))
            else:
                have, want = stored[key], expected[key]
                found += [
                    Drift(key[0], where, _difference(column, have, want, names))
                    for column in COMPARED
                    if getattr(have, column) != getattr(want, column)
                ]
    return found


def _bit_names(using: str) -> dict[str, dict[int, str]]:
    """For each reference model, bit -> slug."""
    return {
        model.__name__: dict(
            model.objects.using(using).exclude(bit=None).values_list("bit", "slug")
        )
        for model in reference_models()
    }


def _difference(column: str, have_row, want_row, names: dict[str, dict[int, str]]) -> str:
    have, want = getattr(have_row, column), getattr(want_row, column)
    if column == "ages":
        bits = {bit.bit_length() - 1: code for code, bit in AGE_BITS.items()}
    elif column in BIT_SETS:
        bits = names[BIT_SETS[column]]
    else:
        return f"{column}: stored {_plain(have)}, should be {_plain(want)}"

    def members(mask: int) -> str:
        slugs = [bits.get(bit, f"bit {bit}") for bit in range(mask.bit_length()) if mask >> bit & 1]
        return ", ".join(slugs) or "none"

    return f"{column}: stored {members(have)}; should be {members(want)}"


def _plain(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "none" if value is None or value == "" else str(value)


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
