"""The practice in the admin: one row (no second one, never deleted), its hours and holidays."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.urls import reverse

from practice.models import Holiday, OpeningHours, Practice


class LabelledRowsFormSet(BaseInlineFormSet):
    """A table of rows whose inputs each say what they are (the admin's table has no labels)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = "new row" if index is None else f"row {index + 1}"
        for name, field in form.fields.items():
            label = "Delete" if name == "DELETE" else str(field.label or name).capitalize()
            field.widget.attrs.setdefault("aria-label", f"{label}, {row}")


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
