from django.contrib import admin

from matching.models import Carrier, Language, Modality, Specialty


@admin.register(Specialty, Modality, Carrier, Language)
class ReferenceItemAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
