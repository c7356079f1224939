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
from django.utils.html import format_html, format_html_join

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
    ConditionTranslation,
    FAQEntry,
    FeelingItem,
    SupportPoint,
    ThoughtItem,
    TranslationItem,
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


class ClinicalReviewAdmin(admin.ModelAdmin):
    """The review line of a page or a translation, and the view that records a review.

    Subclasses say how to record one (a function of ``conditions.reviews``) and what to call
    the thing reviewed.
    """

    what = "page"
    not_reviewed = "Not reviewed yet: the page shows no review line."

    def record(self, obj, *, reviewer, credentials: str) -> None:
        raise NotImplementedError

    def _url_name(self, action: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{action}"

    @admin.display(description="review")
    def review(self, obj):
        if obj.pk is None:
            return f"Save the {self.what} first; then a clinician can record their review."
        if obj.is_reviewed:
            status = format_html(
                "Reviewed by {} on {}.", obj.reviewer, date_format(obj.reviewed_on, "F j, Y")
            )
        else:
            status = self.not_reviewed
        # The link on a line of its own: a link inside text must not differ by colour alone.
        return format_html(
            '<p>{}</p><p><a class="button" href="{}">Record your clinical review</a></p>',
            status,
            reverse(f"admin:{self._url_name('review')}", args=[obj.pk]),
        )

    @admin.display(description="page")
    def page_link(self, obj):
        if obj.pk is None:
            return "—"
        label = "View live page" if obj.is_published else "Preview draft"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), label
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name=self._url_name("review"),
            ),
            *super().get_urls(),
        ]

    def review_view(self, request, object_id):
        """The signed-in editor records their clinical review, dated today."""
        obj = get_object_or_404(self.model, pk=object_id)
        if not request.user.has_perm(reviews.PERMISSION):
            raise PermissionDenied
        form = ReviewForm(request.POST or None, initial=self._last_credentials(request.user))
        if request.method == "POST" and form.is_valid():
            try:
                self.record(
                    obj, reviewer=request.user, credentials=form.cleaned_data["credentials"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.log_change(request, obj, "Recorded a clinical review.")
                messages.success(request, f"Your review of “{obj}” is recorded.")
                return redirect(reverse(f"admin:{self._url_name('change')}", args=[obj.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Record your clinical review of “{obj}”",
            "condition": obj,
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


@admin.register(Condition)
class ConditionAdmin(ClinicalReviewAdmin):
    form = ConditionAdminForm
    list_display = ["title", "slug", "is_published", "reviewed_on", "updated_at", "page_link"]
    list_filter = ["is_published", ReviewedFilter, "specialties"]
    search_fields = ["title", "slug", "headline", "summary", "intro"]
    prepopulated_fields = {"slug": ["title"]}
    # Short lists: plain checkboxes, which every screen reader knows (the two-box chooser's
    # icons carry ARIA that axe rejects).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    readonly_fields = ["page_link", "review", "translations_list", "created_at", "updated_at"]
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
        (
            "Translations",
            {
                "fields": ["translations_list"],
                "description": "Each language's version of this page is edited, reviewed and "
                "published on its own (docs/content.md).",
            },
        ),
    ]

    def record(self, obj, *, reviewer, credentials: str) -> None:
        reviews.record_review(condition_id=obj.pk, reviewer=reviewer, credentials=credentials)

    @admin.display(description="translations")
    def translations_list(self, obj):
        if obj.pk is None:
            return "Save the page first; then add its Spanish version."
        rows = [
            format_html(
                '<li><a href="{}">{}</a>: {}, {}</li>',
                reverse("admin:conditions_conditiontranslation_change", args=[t.pk]),
                t.get_language_display(),
                "published" if t.is_published else "draft",
                f"clinically reviewed by {t.reviewer}"
                if t.is_reviewed
                else "translation not yet clinically reviewed",
            )
            for t in obj.translations.all()
        ]
        add = format_html(
            '<p><a class="button" href="{}?condition={}">Add a translation</a></p>',
            reverse("admin:conditions_conditiontranslation_add"),
            obj.pk,
        )
        items = format_html_join("", "{}", ((row,) for row in rows))
        return format_html("<ul>{}</ul>{}", items, add)


class TranslationItemInline(admin.StackedInline):
    model = TranslationItem
    extra = 0
    fields = ["section", "order", "title", "text"]


class TranslationReviewedFilter(ReviewedFilter):
    pass


@admin.register(ConditionTranslation)
class ConditionTranslationAdmin(ClinicalReviewAdmin):
    """A condition page in another language, beside its English page."""

    what = "translation"
    not_reviewed = "Translation not yet clinically reviewed: the page shows no review line."

    def record(self, obj, *, reviewer, credentials: str) -> None:
        reviews.record_translation_review(
            translation_id=obj.pk, reviewer=reviewer, credentials=credentials
        )

    list_display = [
        "title",
        "condition",
        "language",
        "is_published",
        "review_state",
        "updated_at",
    ]
    list_filter = ["language", "is_published", TranslationReviewedFilter]
    search_fields = ["title", "condition__title", "condition__slug", "summary", "intro"]
    readonly_fields = ["english_page", "page_link", "review", "created_at", "updated_at"]
    save_on_top = True
    inlines = [TranslationItemInline]
    fieldsets = [
        (None, {"fields": ["condition", "english_page", "language"]}),
        (None, {"fields": ["title", "name_in_sentence", "headline", "summary", "intro"]}),
        (
            "Crisis notice",
            {
                "fields": ["crisis_notice_text"],
                "description": "Whether the notice shows is set on the English page; a "
                "translation always follows it.",
            },
        ),
        (
            "Section introductions",
            {
                "fields": ["feelings_intro", "causes_intro", "support_intro", "faq_intro"],
                "description": "The lists are edited below: each item names its section, "
                "as on the English page.",
            },
        ),
        (
            "Clinical review",
            {
                "fields": ["review"],
                "description": "A translation is reviewed on its own, in its language, by a "
                "clinician who read it. The English page's review does not count for it.",
            },
        ),
        ("Publishing", {"fields": ["is_published", "page_link", "created_at", "updated_at"]}),
    ]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("language", "es")
        return initial

    @admin.display(description="clinical review")
    def review_state(self, obj):
        if obj.is_reviewed:
            return f"Reviewed {date_format(obj.reviewed_on, 'M j, Y')}"
        return "Translation not yet clinically reviewed"

    @admin.display(description="English page")
    def english_page(self, obj):
        if obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:conditions_condition_change", args=[obj.condition_id]),
            obj.condition,
        )
