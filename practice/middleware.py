from django.db import DatabaseError
from django.utils import timezone

from practice.models import Practice


class PracticeTimeZoneMiddleware:
    """Dates and times on every page in the practice's own time zone (set in the admin).

    If the database cannot be read, ``Practice.current()`` answers from settings. The health
    check shows no time and asks the database exactly once, itself.
    """

    SKIP = ("/healthz",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in self.SKIP:
            return self.get_response(request)
        try:
            timezone.activate(Practice.current().calendar.tz)
        except DatabaseError:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
