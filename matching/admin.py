from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from matching.models import (
    Carrier,
    Clinician,
    ClinicianSpecialty,
    Language,
    Modality,
    Office,
    Specialty,
)
from matching.photos import (
    MAX_BYTES,
    MIN_SIDE,
    PhotoError,
    read_photo,
)
from matching.places import AGE_GROUPS, STATES
from matching.roster import COLUMNS
from matching.services import (
    confirm_availability,
    delete_reference_items,
    import_roster,
    remove_clinician_photo,
    save_clinician,
    save_reference_item,
    set_clinician_photo,
)
from practice.admin import LabelledRowsFormSet


@admin.register(Specialty, Modality, Carrier, Language)
class ReferenceItemAdmin(admin.ModelAdmin):
    """Reference data, written through matching/services.py: each item owns a bit of the
    clinicians' search rows; deleting one rebuilds the rows of every clinician who was
    linked to it (so the bit can be reused)."""

    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        save_reference_item(item=obj)

    def delete_model(self, request, obj):
        delete_reference_items(items=[obj])

    def delete_queryset(self, request, queryset):
        delete_reference_items(items=queryset)


class ClinicianSpecialtyInline(admin.TabularInline):
    model = ClinicianSpecialty
    extra = 1
    formset = LabelledRowsFormSet


class OfficeInline(admin.TabularInline):
    model = Office
    extra = 0
    formset = LabelledRowsFormSet
    fields = ["zip_code", "city", "state"]
    readonly_fields = ["city", "state"]


class ClinicianForm(forms.ModelForm):
    licensed_states = forms.MultipleChoiceField(
        choices=STATES, widget=forms.CheckboxSelectMultiple, required=False
    )
    age_groups = forms.MultipleChoiceField(
        label="Age groups served",
        choices=AGE_GROUPS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Clinician
        # Specialties are edited in their inline, each with a level.
        fields = [
            "first_name", "last_name", "slug", "npi", "email", "phone", "credentials", "pronouns",
            "gender", "bio", "approach", "works_with", "first_session",
            "languages", "licensed_states", "telehealth", "in_person", "age_groups",
            "modalities", "carriers", "self_pay_rate", "sliding_scale", "is_active",
            "accepting_new_clients", "availability_confirmed_on", "waitlist_weeks",
        ]  # fmt: skip

    photo_upload = forms.FileField(
        label="New photo",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=f"A JPEG, PNG or WebP photo, at least {MIN_SIDE} × {MIN_SIDE} pixels and "
        f"at most {MAX_BYTES // (1024 * 1024)} MB. It is shown as a square cut from the middle "
        "(a little higher for a portrait); its location and camera details are removed.",
    )
    remove_photo = forms.BooleanField(
        label="Remove the photo (show their initials instead)", required=False
    )

    def clean_photo_upload(self):
        """The checked photo's renditions, ready to store; the reason when it can't be used."""
        upload = self.cleaned_data.get("photo_upload")
        if not upload:
            return None
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"This file is larger than {MAX_BYTES // (1024 * 1024)} MB: export a smaller copy.",
                code="photo",
            )
        try:
            return read_photo(upload.read())
        except PhotoError as exc:
            raise forms.ValidationError(str(exc), code="photo") from exc

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("photo_upload") and cleaned.get("remove_photo"):
            self.add_error(
                "remove_photo", "Choose a new photo or remove the photo, not both at once."
            )
        return cleaned

    def clean_licensed_states(self):
        return sorted(self.cleaned_data["licensed_states"])

    def clean_age_groups(self):
        chosen = set(self.cleaned_data["age_groups"])
        return [code for code, _ in AGE_GROUPS if code in chosen]


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="Roster CSV or ZIP",
        help_text="A CSV with a header row, then one clinician per row; or a ZIP holding that "
        "CSV and the photos its photo column names. Nothing is saved unless every row, and "
        "every photo, is correct.",
    )


@admin.register(Clinician)
class ClinicianAdmin(admin.ModelAdmin):
    form = ClinicianForm
    change_list_template = "admin/matching/clinician/change_list.html"
    list_display = [
        "display_name",
        "npi",
        "has_photo",
        "accepting_new_clients",
        "availability_confirmed_on",
        "telehealth",
        "in_person",
        "is_active",
    ]
    list_filter = ["is_active", "accepting_new_clients", "telehealth", "in_person", "gender"]
    search_fields = ["first_name", "last_name", "npi", "slug", "email"]
    prepopulated_fields = {"slug": ["first_name", "last_name"]}
    readonly_fields = ["current_photo", "created_at", "updated_at"]
    # Short lists: plain checkboxes (the two-box chooser's icons carry ARIA that axe rejects).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    inlines = [ClinicianSpecialtyInline, OfficeInline]
    actions = ["confirm_availability_today"]
    fieldsets = [
        (None, {"fields": ["first_name", "last_name", "slug", "npi", "credentials", "pronouns"]}),
        ("Contact (never shown to the public)", {"fields": ["email", "phone"]}),
        ("About", {"fields": ["gender", "bio", "languages"]}),
        (
            "Profile, in their own words",
            {
                "fields": ["approach", "works_with", "first_session"],
                "description": "Each is shown on the profile under its own heading when "
                "given. Write as the clinician speaks (“I…”), a few sentences each.",
            },
        ),
        ("Photo", {"fields": ["current_photo", "photo_upload", "remove_photo"]}),
        (
            "Whom they can see",
            {"fields": ["licensed_states", "telehealth", "in_person", "age_groups"]},
        ),
        ("How they work", {"fields": ["modalities", "carriers", "self_pay_rate", "sliding_scale"]}),
        (
            "Availability",
            {
                "fields": [
                    "is_active",
                    "accepting_new_clients",
                    "availability_confirmed_on",
                    "waitlist_weeks",
                ]
            },
        ),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description="Photo", boolean=True)
    def has_photo(self, obj) -> bool:
        return bool(obj.photo_key)

    @admin.display(description="Current photo")
    def current_photo(self, obj):
        if obj is None or obj.photo is None:
            return "No photo: their initials are shown instead."
        return format_html(
            '<img src="{}" width="128" height="128" alt="Photo of {}">',
            obj.photo.url(128, "jpg"),
            obj.full_name,
        )

    def save_model(self, request, obj, form, change):
        """Saved in save_related, with its links and inlines, through the service."""

    def save_related(self, request, form, formsets, change):
        # One write through the service: the clinician, then its many-to-many links and
        # inlines (specialties, offices), then the ranking's copy of it; then the photo.
        save_clinician(
            clinician=form.instance,
            save_links=lambda: super(ClinicianAdmin, self).save_related(
                request, form, formsets, change
            ),
        )
        if photo := form.cleaned_data.get("photo_upload"):
            set_clinician_photo(clinician=form.instance, photo=photo)
        elif form.cleaned_data.get("remove_photo"):
            remove_clinician_photo(clinician=form.instance)

    @admin.action(description="Confirm availability today", permissions=["change"])
    def confirm_availability_today(self, request, queryset):
        count = confirm_availability(clinician_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, f"Availability confirmed today for {count} clinician(s).")

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="matching_clinician_import",
            ),
            *super().get_urls(),
        ]

    def has_import_permission(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        result = None
        if request.method == "POST":
            form = RosterUploadForm(request.POST, request.FILES)
            if form.is_valid():
                result = import_roster(file=form.cleaned_data["file"])
                if result.ok:
                    messages.success(request, f"Roster imported: {result.summary()}")
                    for warning in result.warnings:
                        messages.warning(request, str(warning))
                    return redirect(reverse("admin:matching_clinician_changelist"))
        else:
            form = RosterUploadForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import a roster",
            "form": form,
            "result": result,
            "columns": COLUMNS,
        }
        return TemplateResponse(request, "admin/matching/clinician/import.html", context)
