"""The admin for account-level records (the site itself is ellie.admin_site)."""

from django.contrib import admin

from ellie.models import AccountEvent


@admin.register(AccountEvent)
class AccountEventAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
