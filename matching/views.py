import hashlib
from functools import cached_property
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.shortcuts import get_object_or_404, render
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from ellie import pagecache
from ellie.pagecache import public_page
from matching.forms import DirectoryFilterForm, offered_values
from matching.models import Clinician

PAGE_SIZE = 20
# Pages beyond this are not offered (OFFSET grows with the page number): with more people
# than fit, the directory asks for a filter instead.
MAX_PAGES = 50
COUNT_KEY = "matching:directory-count"
CARD_KEY = "matching:directory-card"
ORDER_KEY = "matching:directory-order"
CARD_TEMPLATE = "matching/clinician_card.html"
# A phone's first screen shows this many cards below the filters: their photos load at once,
# the others lazily (tests/e2e/test_page_weight.py measures where they sit).
EAGER_CARDS = 3
# Up to this many fitting clinicians, the page is sorted from their ids (see _fitting).
SORT_IDS_UP_TO = 15_000


class BoundedPaginator(Paginator):
    """A paginator told its count (counted on the search rows), offering MAX_PAGES at most."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, MAX_PAGES)

    @property
    def bounded(self) -> bool:
        return self.count > self.shown

    @property
    def shown(self) -> int:
        return min(self.count, MAX_PAGES * self.per_page)


def _offered_query(request) -> str | None:
    """The directory's query as part of its page's key, when every parameter is a filter or
    the page, given once, with a value the directory offers; else None (rendered afresh and
    never kept, so made-up queries cannot fill the cache)."""
    offered = offered_values()
    pairs = []
    for name, values in request.GET.lists():
        if len(values) != 1:
            return None
        value = values[0]
        if name == "page":
            if not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_PAGES):
                return None
        elif value not in offered.get(name, ()):
            return None
        pairs.append((name, value))
    return urlencode(pairs)


@require_safe
@public_page(query=_offered_query)
def clinician_list(request):
    form = DirectoryFilterForm(request.GET or None)
    rows = None
    if form.is_bound:
        form.is_valid()  # invalid filters are shown as errors and left out
        rows = form.search_rows()
    ordered, count = _ordered(rows, getattr(form, "applied", []))
    paginator = BoundedPaginator(ordered, PAGE_SIZE, count=count)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "matching/clinician_list.html",
        {"form": form, "page": page, "cards": _cards(request, page), "query": query.urlencode()},
    )


def _cards(request, page) -> list[str]:
    """The page's cards, in order. Each card is rendered once per version of the public
    pages, language and place (the first EAGER_CARDS cards' photos load at once, the others
    lazily) and kept, so a card shown under many filters costs a cache read; only the
    clinicians whose cards are not kept are read (with `for_card`)."""
    ids = list(page.object_list)
    number = pagecache.version()
    keys = {}
    if number is not None:
        prefix = f"{CARD_KEY}:{pagecache.release()}:{number}:{get_language()}"
        keys = {pk: f"{prefix}:{pk}:{place < EAGER_CARDS}" for place, pk in enumerate(ids)}
    kept = cache.get_many(list(keys.values())) if keys else {}
    cards = {pk: kept[key] for pk, key in keys.items() if key in kept}
    missing = [pk for pk in ids if pk not in cards]
    if missing:
        template = get_template(CARD_TEMPLATE)
        eager = set(ids[:EAGER_CARDS])
        made = {
            clinician.pk: template.render(
                {"clinician": clinician, "eager": clinician.pk in eager}, request
            )
            for clinician in Clinician.objects.filter(pk__in=missing).for_card()
        }
        if keys:
            cache.set_many({keys[pk]: html for pk, html in made.items()}, pagecache.PAGE_TIMEOUT)
        cards.update(made)
    # Rendered from our own template (escaped there); kept as plain text in the cache.
    return [mark_safe(cards[pk]) for pk in ids if pk in cards]  # noqa: S308


def _ordered(rows, applied: list[tuple[str, str]]):
    """The fitting clinicians' ids by name, and how many. When they were sorted from their
    ids (in a state, or few nationwide), the whole ordered list is kept per version of the
    public pages and set of filters, like the count: paging through, or the same filters
    again, reads no search rows and sorts nothing."""
    number = pagecache.version()
    key = None
    if rows is not None and number is not None:
        filters = hashlib.sha256(repr(applied).encode()).hexdigest()[:32]
        key = f"{ORDER_KEY}:{number}:{filters}"
        kept = cache.get(key)
        if kept is not None:
            return kept, len(kept)
    clinicians, count = _fitting(rows, applied)
    by_name = clinicians.order_by("last_name", "first_name", "id").values_list("id", flat=True)
    if key is None or count > SORT_IDS_UP_TO:
        return by_name, count
    ordered = list(by_name)
    cache.set(key, ordered, pagecache.PAGE_TIMEOUT)
    return ordered, len(ordered)


def _fitting(rows, applied: list[tuple[str, str]]):
    """The active clinicians who fit, as a queryset to page through by name, and how many.

    In a state (at most a few thousand rows at 100,000 clinicians) or when few fit, their ids
    are read from the search rows and the page is sorted from those alone; when many fit
    nationwide, the name index is walked and each clinician checked against the rows (the
    page fills within a few hundred). The planner, left to itself, walks the name index
    even for a few hundred scattered matches.
    """
    clinicians = Clinician.objects.active()
    if rows is None:
        return clinicians, _count(rows, applied)
    if dict(applied).get("state"):
        ids = list(rows.values_list("clinician_id", flat=True))  # one row per clinician
    else:
        count = _count(rows, applied)
        if count > SORT_IDS_UP_TO:
            return clinicians.filter(pk__in=rows.values("clinician_id")), count
        ids = sorted(set(rows.values_list("clinician_id", flat=True)))
    if connection.vendor != "postgresql":  # SQLite (a laptop): no arrays
        return clinicians.filter(pk__in=ids), len(ids)
    # One array parameter, however many ids (an IN list would be one parameter per id).
    return clinicians.extra(where=["matching_clinician.id = ANY(%s)"], params=[ids]), len(ids)


def _count(rows, applied: list[tuple[str, str]]) -> int:
    """How many clinicians fit: on the search rows (one per clinician and state), kept per
    version of the public pages and set of filters, so paging through counts once."""
    number = pagecache.version()
    filters = hashlib.sha256(repr(applied).encode()).hexdigest()[:32]
    key = f"{COUNT_KEY}:{number}:{filters}"
    count = cache.get(key) if number is not None else None
    if count is None:
        if rows is None:
            count = Clinician.objects.active().count()
        else:
            count = rows.values("clinician_id").distinct().count()
        if number is not None:
            cache.set(key, count, pagecache.PAGE_TIMEOUT)
    return count


@require_safe
@public_page
def clinician_detail(request, slug: str):
    clinician = get_object_or_404(Clinician.objects.active().for_profile(), slug=slug)
    return render(request, "matching/clinician_detail.html", {"clinician": clinician})
