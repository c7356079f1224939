from django.contrib import admin

from matching.models import Carrier, Language, Modality, Specialty


@admin.register(Specialty, Modality, Carrier, Language)
class ReferenceItemAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


from matching.models import Clinician, ClinicianSpecialty, Office  # noqa: E402
from matching.search_rows import refresh_search_rows  # noqa: E402


class ClinicianSpecialtyInline(admin.TabularInline):
    model = ClinicianSpecialty
    extra = 1


class OfficeInline(admin.TabularInline):
    model = Office
    extra = 0
    readonly_fields = ["city", "state"]


@admin.register(Clinician)
class ClinicianAdmin(admin.ModelAdmin):
    list_display = ["display_name", "accepting_new_clients", "is_active"]
    search_fields = ["first_name", "last_name", "npi", "slug"]
    inlines = [ClinicianSpecialtyInline, OfficeInline]
    filter_horizontal = ["languages", "modalities", "carriers"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_search_rows(clinician_ids=[form.instance.pk])
