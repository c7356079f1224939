"""The admin site: signed in through /accounts/login/, staff only, second factor required.

`admin.site` is this site for every app (ellie.apps.EllieAdminConfig); ellie/admin.py
registers our own models on it, as every app's admin.py does.
"""

from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
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
        """Refuse before the view runs: login page, 403 for non-staff, or the code step.

        An object's history page, and the "view on site" link (/admin/r/<type>/<id>/), are
        also refused before the object is looked up to anyone who may not see the model:
        Django's own look first, so they answered differently for an id that exists and one
        that does not, telling any staff member how many requests there are.
        """
        inner = super().admin_view(view, cacheable)
        model_admin = getattr(view, "__self__", None)
        permission_first = isinstance(model_admin, admin.ModelAdmin) and (
            getattr(view, "__name__", "") == "history_view"
        )
        view_on_site = view is contenttype_views.shortcut

        @wraps(view)
        def guarded(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not (user.is_active and user.is_staff):
                raise PermissionDenied
            if needs_second_factor(request):
                return redirect_to_verify(request)
            if permission_first and not model_admin.has_view_or_change_permission(request):
                raise PermissionDenied
            if view_on_site and not self._may_see_type(request, kwargs.get("content_type_id")):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return guarded

    def _may_see_type(self, request, content_type_id) -> bool:
        """Whether the user may see objects of this content type in the admin at all."""
        if not str(content_type_id).isdigit():
            return False
        content_type = ContentType.objects.filter(pk=content_type_id).first()
        model = content_type and content_type.model_class()
        model_admin = self._registry.get(model) if model else None
        return model_admin is not None and model_admin.has_view_or_change_permission(request)

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
