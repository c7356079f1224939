from django.contrib import admin

from clinicians.models import ClinicianEvent
from ellie.admin import ReadOnly


@admin.register(ClinicianEvent)
class ClinicianEventAdmin(ReadOnly, admin.ModelAdmin):
    """What clinicians did and were sent (notes to intake included): read only."""

    list_display = ["at", "clinician", "action", "detail", "note"]
    list_filter = ["action"]
    search_fields = ["clinician__first_name", "clinician__last_name", "clinician__email"]
    list_select_related = ["clinician"]
    fields = ["at", "clinician", "action", "detail", "note", "ip"]
    readonly_fields = fields
