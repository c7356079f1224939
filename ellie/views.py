from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
def home(request):
    return render(request, "ellie/home.html")


@require_safe
def crisis(request):
    return render(request, "ellie/crisis.html")


@never_cache
@require_safe
def healthz(request):
    """200 when the app and its database answer, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def bad_request(request, exception=None):
    """400, or 413 when the request was larger than we accept."""
    if isinstance(exception, RequestDataTooBig):
        return render(request, "413.html", status=413)
    context = {"too_many_fields": isinstance(exception, TooManyFieldsSent)}
    return render(request, "400.html", context, status=400)
