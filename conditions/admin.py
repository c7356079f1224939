from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from conditions import reviews
from conditions.forms import (
    ConditionAdminForm,
    FAQEntryForm,
    ListItemForm,
    ReviewForm,
    SupportPointForm,
)
from conditions.models import (
    CauseItem,
    Condition,
    FAQEntry,
    FeelingItem,
    SupportPoint,
    ThoughtItem,
)
from practice.admin import LabelledRowsFormSet

# A page's clinical review is due again after this long (shown as a filter).
REVIEW_INTERVAL = timedelta(days=365)


class ReviewedFilter(admin.SimpleListFilter):
    title = "clinical review"
    parameter_name = "reviewed"

    def lookups(self, request, model_admin):
        return [
            ("yes", "Reviewed"),
            ("no", "Not reviewed"),
            ("due", "Review due (over a year ago)"),
        ]

    def queryset(self, request, queryset):
        reviewed = queryset.exclude(reviewer_name="").exclude(reviewed_on=None)
        if self.value() == "yes":
            return reviewed
        if self.value() == "no":
            return queryset.exclude(pk__in=reviewed.values("pk"))
        if self.value() == "due":
            return reviewed.filter(reviewed_on__lt=timezone.localdate() - REVIEW_INTERVAL)
        return queryset


class SectionInline(admin.TabularInline):
    extra = 0
    form = ListItemForm
    formset = LabelledRowsFormSet
    fields = ["order", "text"]


class FeelingInline(SectionInline):
    model = FeelingItem


class ThoughtInline(SectionInline):
    model = ThoughtItem


class CauseInline(SectionInline):
    model = CauseItem


class SupportPointInline(SectionInline):
    model = SupportPoint
    form = SupportPointForm
    fields = ["order", "title", "text"]


class FAQEntryInline(admin.StackedInline):
    model = FAQEntry
    form = FAQEntryForm
    formset = LabelledRowsFormSet
    fields = ["order", "title", "text"]
    extra = 0


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    form = ConditionAdminForm
    list_display = ["title", "slug", "is_published", "reviewed_on", "updated_at", "page_link"]
    list_filter = ["is_published", ReviewedFilter, "specialties"]
    search_fields = ["title", "slug", "headline", "summary", "intro"]
    prepopulated_fields = {"slug": ["title"]}
    # Short lists: plain checkboxes, which every screen reader knows (the two-box chooser's
    # icons carry ARIA that axe rejects).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    readonly_fields = ["page_link", "review", "created_at", "updated_at"]
    save_on_top = True
    inlines = [FeelingInline, ThoughtInline, CauseInline, SupportPointInline, FAQEntryInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "name_in_sentence", "headline", "summary", "intro"]}),
        (
            "Crisis notice",
            {
                "fields": ["crisis_notice_enabled", "crisis_notice_text"],
                "description": (
                    "Shown straight after the headline on pages about self-harm or suicidal "
                    "thoughts, after the thoughts on other pages."
                ),
            },
        ),
        (
            "Section introductions",
            {
                "fields": ["feelings_intro", "causes_intro", "support_intro", "faq_intro"],
                "description": "The lists of each section are edited below the page.",
            },
        ),
        (
            "Matching",
            {
                "fields": ["specialties", "modalities"],
                "description": (
                    "“Get matched” pre-selects the specialties; matching ranks clinicians "
                    "trained in the modalities higher."
                ),
            },
        ),
        (
            "Clinical review",
            {
                "fields": ["review"],
                "description": "Recorded by the clinician who read the page, signed in as "
                "themselves: their name, the credentials they give, and today's date.",
            },
        ),
        ("Publishing", {"fields": ["is_published", "page_link", "created_at", "updated_at"]}),
    ]

    @admin.display(description="review")
    def review(self, obj):
        if obj.pk is None:
            return "Save the page first; then a clinician can record their review."
        if obj.is_reviewed:
            status = format_html(
                "Reviewed by {} on {}.", obj.reviewer, date_format(obj.reviewed_on, "F j, Y")
            )
        else:
            status = "Not reviewed yet: the page shows no review line."
        # The link on a line of its own: a link inside text must not differ by colour alone.
        return format_html(
            '<p>{}</p><p><a class="button" href="{}">Record your clinical review</a></p>',
            status,
            reverse("admin:conditions_condition_review", args=[obj.pk]),
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name="conditions_condition_review",
            ),
            *super().get_urls(),
        ]

    def review_view(self, request, object_id):
        """The signed-in editor records their clinical review of the page, dated today."""
        condition = get_object_or_404(Condition, pk=object_id)
        if not request.user.has_perm(reviews.PERMISSION):
            raise PermissionDenied
        form = ReviewForm(request.POST or None, initial=self._last_credentials(request.user))
        if request.method == "POST" and form.is_valid():
            try:
                reviews.record_review(
                    condition_id=condition.pk,
                    reviewer=request.user,
                    credentials=form.cleaned_data["credentials"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.log_change(request, condition, "Recorded a clinical review.")
                messages.success(request, f"Your review of “{condition}” is recorded.")
                return redirect(reverse("admin:conditions_condition_change", args=[condition.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Record your clinical review of “{condition}”",
            "condition": condition,
            "form": form,
            "signed_as": reviews.reviewer_name(request.user),
            "today": timezone.localdate(),
        }
        return TemplateResponse(request, "admin/conditions/condition/review.html", context)

    @staticmethod
    def _last_credentials(user) -> dict:
        """The credentials this reviewer gave last time, to save typing them again."""
        last = (
            Condition.objects.filter(reviewed_by=user)
            .exclude(reviewer_credentials="")
            .order_by("-reviewed_on")
            .values_list("reviewer_credentials", flat=True)
            .first()
        )
        return {"credentials": last or ""}

    @admin.display(description="page")
    def page_link(self, obj):
        if obj.pk is None:
            return "—"
        label = "View live page" if obj.is_published else "Preview draft"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), label
        )
