from django.contrib import admin

from clinicians.models import ClinicianEvent


@admin.register(ClinicianEvent)
class ClinicianEventAdmin(admin.ModelAdmin):
    """What clinicians did and were sent (notes to intake included): read only."""

    list_display = ["at", "clinician", "action", "detail", "note"]
    list_filter = ["action"]
    search_fields = ["clinician__first_name", "clinician__last_name", "clinician__email"]
    list_select_related = ["clinician"]
    fields = ["at", "clinician", "action", "detail", "note", "ip"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
