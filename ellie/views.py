from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from conditions.models import Condition

# Search engines may read the public pages. Staff and admin pages are private, and so is
# everything under /get-matched/ except the form itself (results live there, by token).
ROBOTS_RULES = """User-agent: *
Disallow: /admin/
Disallow: /staff/
Disallow: /get-matched/
Allow: /get-matched/$
Allow: /
"""


@require_safe
def home(request):
    conditions = Condition.objects.published().for_listing()
    return render(request, "ellie/home.html", {"conditions": conditions})


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


@require_safe
def robots_txt(request):
    sitemap_url = request.build_absolute_uri("/sitemap.xml")
    return HttpResponse(f"{ROBOTS_RULES}\nSitemap: {sitemap_url}\n", content_type="text/plain")
