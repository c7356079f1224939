"""The admin site: signed in through /accounts/login/, staff only, second factor required."""

from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from ellie.accounts import sign_out
from ellie.auth import needs_second_factor, redirect_to_verify


class EllieAdminSite(admin.AdminSite):
    site_header = "Ellie Mental Health administration"
    site_title = "Ellie admin"

    def has_permission(self, request):
        return super().has_permission(request) and not needs_second_factor(request)

    def admin_view(self, view, cacheable=False):
        """Refuse before the view runs: login page, 403 for non-staff, or the code step."""
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not (user.is_active and user.is_staff):
                raise PermissionDenied
            if needs_second_factor(request):
                return redirect_to_verify(request)
            return inner(request, *args, **kwargs)

        return guarded

    def login(self, request, extra_context=None):
        """One way in for everyone: the site's login page, with lockout and the code step."""
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = ""
        return redirect_to_login(next_url or self._index_url(), settings.LOGIN_URL)

    def logout(self, request, extra_context=None):
        return sign_out(request)

    def _index_url(self):
        return reverse("admin:index", current_app=self.name)
