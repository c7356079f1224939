"""Every write to the roster: clinicians, what they link to, and reference data.

The ranking reads `SearchRow`, a compact copy of each clinician derived from the canonical
tables (matching/search_rows.py). So that the copy never drifts, a write goes through one
of these services: each is keyword-only, runs in one transaction, and rebuilds the search
rows it affects before that transaction commits.

    save_clinician          a clinician (and, through `save_links`, its links and offices)
    confirm_availability    "still taking new clients", as of a day
    set_clinician_photo     a clinician's photo, or remove_clinician_photo (matching/photos.py;
                            no search field, so no search rows to rebuild)
    save_reference_item     a specialty, modality, carrier or language
    delete_reference_items  and the search rows of the clinicians who had them
    import_roster           a practice's roster CSV or ZIP with photos (matching/roster.py)
    generate_roster         fictional clinicians for demos and the benchmark (matching/generate.py)

A new way to change a clinician (a clinician confirming their own availability, say) calls
one of these, or is added here beside them. Deleting a clinician needs no service: their
search rows go with them (a cascade). `manage.py verify_search_rows` recomputes every row
and reports any drift; the tests run it after each of these.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone

from matching.generate import generate as generate_roster
from matching.models import Clinician, ReferenceItem
from matching.photos import remove_clinician_photo, set_clinician_photo
from matching.roster import import_roster
from matching.search_rows import clinician_ids_linked_to, refresh_search_rows

__all__ = [
    "confirm_availability",
    "delete_reference_items",
    "generate_roster",
    "import_roster",
    "remove_clinician_photo",
    "save_clinician",
    "save_reference_item",
    "set_clinician_photo",
]


def save_clinician(
    *,
    clinician: Clinician,
    update_fields: Iterable[str] | None = None,
    save_links: Callable[[], object] | None = None,
) -> Clinician:
    """Save a clinician, then whatever hangs off it (`save_links`: specialties, languages,
    offices, …, once the clinician has its id), then rebuild its search rows.

    `update_fields` saves only those fields (and `updated_at`).
    """
    with transaction.atomic():
        if update_fields is None:
            clinician.save()
        else:
            clinician.save(update_fields=[*update_fields, "updated_at"])
        if save_links is not None:
            save_links()
        refresh_search_rows(clinician_ids=[clinician.pk])
    return clinician


def confirm_availability(*, clinician_ids: Iterable[int], on: datetime.date | None = None) -> int:
    """Record that these clinicians confirmed, on `on` (today), that they take new clients.

    Returns how many clinicians were updated.
    """
    ids = sorted(set(clinician_ids))
    with transaction.atomic():
        updated = Clinician.objects.filter(pk__in=ids).update(
            availability_confirmed_on=on or timezone.localdate(), updated_at=timezone.now()
        )
        refresh_search_rows(clinician_ids=ids)
    return updated


def save_reference_item(*, item: ReferenceItem) -> ReferenceItem:
    """Add or rename an item of reference data. A new item takes a free bit of the
    ranking's compact sets; an item keeps its bit for life, so its clinicians' search
    rows stay right through a rename."""
    with transaction.atomic():
        item.save()
    return item


def delete_reference_items(*, items: Iterable[ReferenceItem]) -> int:
    """Delete items of reference data and rebuild the search rows of every clinician who
    had one, so a freed bit means nothing until a new item takes it. Returns how many
    items were deleted."""
    items = list(items)
    with transaction.atomic():
        ids = {pk for item in items for pk in clinician_ids_linked_to(item)}
        for item in items:
            item.delete()
        refresh_search_rows(clinician_ids=ids)
    return len(items)
