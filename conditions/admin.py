from datetime import timedelta

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html

from conditions.forms import ConditionAdminForm, FAQEntryForm, ListItemForm, SupportPointForm
from conditions.models import (
    CauseItem,
    Condition,
    FAQEntry,
    FeelingItem,
    SupportPoint,
    ThoughtItem,
)

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
    fields = ["order", "title", "text"]
    extra = 0


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    form = ConditionAdminForm
    list_display = ["title", "slug", "is_published", "reviewed_on", "updated_at", "page_link"]
    list_filter = ["is_published", ReviewedFilter, "specialties"]
    search_fields = ["title", "slug", "headline", "summary", "intro"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["specialties", "modalities"]
    readonly_fields = ["page_link", "created_at", "updated_at"]
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
        ("Clinical review", {"fields": ["reviewer_name", "reviewer_credentials", "reviewed_on"]}),
        ("Publishing", {"fields": ["is_published", "page_link", "created_at", "updated_at"]}),
    ]

    @admin.display(description="page")
    def page_link(self, obj):
        if obj.pk is None:
            return "—"
        label = "View live page" if obj.is_published else "Preview draft"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), label
        )
