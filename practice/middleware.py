from django.utils import timezone

from practice.models import Practice


class PracticeTimeZoneMiddleware:
    """The practice, read once per request, and its time zone for every date and time shown.

    ``Practice.current()`` answers from settings if the database cannot be read. The health
    check shows no time and asks the database exactly once, itself.
    """

    SKIP = ("/healthz",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in self.SKIP:
            return self.get_response(request)
        token = Practice.for_this_request()
        timezone.activate(Practice.current().calendar.tz)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
            Practice.done_with_request(token)
