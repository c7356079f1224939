"""The practice in the admin: its one row of details, hours and holidays; its own pages."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html

from practice.models import (
    Holiday,
    OpeningHours,
    PageSlug,
    Practice,
    PracticePage,
    PracticePageSection,
)


class LabelledRowsFormSet(BaseInlineFormSet):
    """A table of rows whose inputs each say what they are (the admin's table has no labels).

    Shared by every admin table of rows (conditions' lists, clinicians' specialties too).
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        noun = str(self.model._meta.verbose_name)
        row = f"new {noun}" if index is None else f"{noun} {index + 1}"
        for name, field in form.fields.items():
            label = "Delete" if name == "DELETE" else str(field.label or name).capitalize()
            # A related field's select sits inside the admin's wrapper (its add/change links).
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs.setdefault("aria-label", f"{label}, {row}")


class OpeningHoursFormSet(LabelledRowsFormSet):
    """A weekday's intervals must not overlap, and the practice must open on some day."""

    def clean(self):
        super().clean()
        by_day: dict[int, list] = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or form.errors:
                continue
            by_day.setdefault(data["weekday"], []).append((data["opens"], data["closes"]))
        for day, intervals in by_day.items():
            intervals.sort()
            for (_, closes), (opens, _) in zip(intervals, intervals[1:], strict=False):
                if opens < closes:
                    label = dict(OpeningHours._meta.get_field("weekday").choices)[day]
                    raise ValidationError(f"The hours given for {label} overlap.")
        if not by_day:
            raise ValidationError(
                "Give the hours of at least one day: response targets count business hours."
            )


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    formset = OpeningHoursFormSet
    extra = 0
    verbose_name_plural = "Opening hours (a day with none is closed)"


class HolidayInline(admin.TabularInline):
    model = Holiday
    formset = LabelledRowsFormSet
    extra = 1
    verbose_name_plural = "Holidays (closed all day)"


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    inlines = [OpeningHoursInline, HolidayInline]
    fieldsets = [
        (None, {"fields": ["name", "phone", "email"]}),
        ("Address", {"fields": ["street", "city", "state", "zip_code"]}),
        (
            "Time",
            {
                "fields": ["time_zone"],
                "description": "Opening hours and holidays decide the response targets of "
                "the intake queue and what the public pages say about when we reach out.",
            },
        ),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Practice.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """There is one row: go straight to it (or to adding it, before there is one)."""
        if Practice.objects.filter(pk=1).exists():
            return redirect(reverse("admin:practice_practice_change", args=[1]))
        return redirect(reverse("admin:practice_practice_add"))

    def get_changeform_initial_data(self, request):
        from practice import seed

        return {**seed.contact_defaults(), **super().get_changeform_initial_data(request)}


class PracticePageSectionInline(admin.StackedInline):
    model = PracticePageSection
    fields = ["order", "heading", "text"]
    extra = 0
    verbose_name_plural = "Sections (a heading and its text, in order)"


@admin.register(PracticePage)
class PracticePageAdmin(admin.ModelAdmin):
    """The practice's own pages: a fixed set of addresses, so none is added or deleted here."""

    list_display = ["title", "slug", "is_published", "order", "updated_at", "page_link"]
    list_filter = ["is_published"]
    search_fields = ["title", "summary", "intro"]
    readonly_fields = ["page_link", "updated_at"]
    save_on_top = True
    inlines = [PracticePageSectionInline]
    fieldsets = [
        (None, {"fields": ["slug", "title", "summary", "intro"]}),
        (
            "Contact details",
            {
                "fields": ["show_contact"],
                "description": "The phone, email, address and hours are edited once, in "
                "Practice details, and every page reads them from there.",
            },
        ),
        ("Publishing", {"fields": ["is_published", "order", "page_link", "updated_at"]}),
    ]

    def has_add_permission(self, request):
        taken = PracticePage.objects.values_list("slug", flat=True)
        return super().has_add_permission(request) and bool(set(PageSlug.values) - set(taken))

    def has_delete_permission(self, request, obj=None):
        # Printed material links to these addresses: unpublish a page instead.
        return False

    def get_readonly_fields(self, request, obj=None):
        # The address stays what it was once the page exists.
        return [*self.readonly_fields, "slug"] if obj else self.readonly_fields

    @admin.display(description="page")
    def page_link(self, obj):
        if obj.pk is None:
            return "—"
        label = "View live page" if obj.is_published else "Preview draft"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)
