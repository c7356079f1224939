"""The admin for account-level records (the site itself is ellie.admin_site)."""

from django.contrib import admin

from ellie.auth import INTAKE_STAFF, is_member
from ellie.models import AccountEvent


class ReadOnly:
    """An admin mixin for records that are written by the site and only read by people."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccountEvent)
class AccountEventAdmin(ReadOnly, admin.ModelAdmin):
    """Sign-in events of staff accounts: read-only, for superusers only."""

    list_display = ["at", "username", "action", "ip", "detail"]
    list_filter = ["action"]
    search_fields = ["username"]
    date_hierarchy = "at"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


class IntakeStaffOnly:
    """Hidden from everyone but Intake staff and superusers (Content editors included)."""

    def _allowed(self, request) -> bool:
        user = request.user
        return user.is_superuser or (user.is_active and is_member(user, INTAKE_STAFF))

    def has_module_permission(self, request):
        return self._allowed(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
