"""The site's URLs plus a few staff pages that exist only for tests."""

from django.http import HttpResponse
from django.urls import path
from django.views import View

from ellie.auth import CONTENT_EDITORS, StaffRequiredMixin, staff_required
from ellie.urls import handler400  # noqa: F401
from ellie.urls import urlpatterns as site_urlpatterns


def page(request):
    return HttpResponse(f"staff page for {request.user.get_username()}")


class ClassPage(StaffRequiredMixin, View):
    staff_group = CONTENT_EDITORS

    def get(self, request):
        return HttpResponse("editors page")


urlpatterns = [
    *site_urlpatterns,
    path("staff/probe/", staff_required(page)),
    path("staff/probe/editors/", ClassPage.as_view()),
]
