from django.utils.functional import SimpleLazyObject

from practice.models import Practice


def practice(request):
    """``{{ practice.phone }}`` and friends on every page (read from the cache on first use)."""
    return {"practice": SimpleLazyObject(Practice.current)}
