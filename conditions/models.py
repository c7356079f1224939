from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils.functional import cached_property

from matching.models import Modality, Specialty

# Pages about these concerns must always carry the crisis notice, and carry it first.
CRISIS_SPECIALTY_SLUGS = frozenset({"self-harm", "suicidal-thoughts"})

DEFAULT_CRISIS_NOTICE = (
    "If you are having thoughts of suicide or feel you may be in danger, please call or "
    "text 988 or call 911 and go to your nearest emergency room."
)

CRISIS_NOTICE_REQUIRED = (
    "A page about self-harm or suicidal thoughts must show the crisis notice. "
    "Turn the crisis notice on, or keep the page as a draft."
)


def publish_problems(
    *, is_published: bool, crisis_notice_enabled: bool, specialty_slugs: Iterable[str]
) -> dict[str, str]:
    """The reasons a page may not be saved as published, by field name (empty when fine).

    Safe-messaging guidelines ask that self-harm and suicide content always points to help.
    """
    if is_published and not crisis_notice_enabled and CRISIS_SPECIALTY_SLUGS & set(specialty_slugs):
        return {"crisis_notice_enabled": CRISIS_NOTICE_REQUIRED}
    return {}


class ConditionQuerySet(models.QuerySet):
    def published(self) -> ConditionQuerySet:
        return self.filter(is_published=True)

    def for_listing(self) -> ConditionQuerySet:
        return self.only("pk", "title", "slug", "summary").order_by("title")

    def listing_in(self, language: str) -> list[Condition]:
        """`for_listing()` with each title and summary in `language` where a published
        translation exists (English otherwise), in that language's order: two queries."""
        pages = list(self.for_listing())
        if language == settings.LANGUAGE_CODE or not pages:
            return pages
        words = {
            pk: (title, summary)
            for pk, title, summary in ConditionTranslation.objects.filter(
                condition__in=[p.pk for p in pages], language=language, is_published=True
            ).values_list("condition_id", "title", "summary")
        }
        for page in pages:
            if page.pk in words:
                page.title, page.summary = words[page.pk]
                page.language = language
        return sorted(pages, key=lambda page: page.title.casefold())

    def with_last_modified(self) -> ConditionQuerySet:
        """Annotate `last_modified`: the latest change to the page or any of its items.

        Editing a page in the admin always saves the page itself, so removing an item
        there moves `updated_at` too.
        """
        latest_item = (
            ConditionItem.objects.filter(condition=OuterRef("pk"))
            .order_by("-updated_at")
            .values("updated_at")[:1]
        )
        return self.annotate(
            last_modified=Greatest("updated_at", Coalesce(Subquery(latest_item), "updated_at"))
        )

    def with_translations(self) -> ConditionQuerySet:
        """Annotate `translated_<language>`: when each published translation last changed
        (None when there is none), in the same query as the page."""
        return self.annotate(
            **{
                f"translated_{code}": Subquery(
                    ConditionTranslation.objects.filter(
                        condition=OuterRef("pk"), language=code, is_published=True
                    ).values("updated_at")[:1]
                )
                for code, _ in TRANSLATION_LANGUAGES
            }
        )

    def recommended_modality_slugs(self, specialty_slugs: Iterable[str]) -> tuple[str, ...]:
        """Distinct modality slugs recommended by the published pages of these specialties."""
        slugs = list(specialty_slugs)
        if not slugs:
            return ()
        pages = self.published().filter(specialties__slug__in=slugs)
        return tuple(
            Modality.objects.filter(conditions__in=pages)
            .order_by("slug")
            .values_list("slug", flat=True)
            .distinct()
        )


class ClinicalReview(models.Model):
    """Who read a page (or a translation of it) as a clinician, with what credentials, when.

    Recorded only by ``conditions.reviews`` (a button in the admin), never typed in. The name
    is kept as it was, should the account go.
    """

    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="reviewer's account",
    )
    reviewer_name = models.CharField("clinical reviewer", max_length=120, blank=True)
    reviewer_credentials = models.CharField("reviewer's credentials", max_length=60, blank=True)
    reviewed_on = models.DateField("clinically reviewed on", null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def reviewer(self) -> str:
        return ", ".join(part for part in (self.reviewer_name, self.reviewer_credentials) if part)

    @property
    def is_reviewed(self) -> bool:
        return bool(self.reviewer_name and self.reviewed_on)


class Condition(ClinicalReview):
    title = models.CharField(max_length=100)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="The page’s address: /conditions/this-slug/. Keep it stable once published.",
    )
    name_in_sentence = models.CharField(
        "name in a sentence",
        max_length=100,
        blank=True,
        help_text=(
            "How the condition reads mid-sentence, e.g. “self-harm”, “trauma and PTSD”. "
            "Used in the FAQ heading and the “Get matched” button. Empty: the title."
        ),
    )
    headline = models.CharField(
        max_length=200, help_text="One or two sentences shown under the title."
    )
    summary = models.CharField(
        max_length=160,
        help_text=(
            "At most 160 characters. Shown in lists and used by search engines as the "
            "page's description."
        ),
    )
    intro = models.TextField("introduction", help_text="Leave a blank line between paragraphs.")
    feelings_intro = models.TextField(
        "“What this can feel like” introduction",
        blank=True,
        help_text="Shown before the list of experiences.",
    )
    crisis_notice_enabled = models.BooleanField(
        "show the crisis notice",
        default=True,
        help_text=(
            "Always shown, near the top, on pages about self-harm or suicidal thoughts; "
            "such pages cannot be published with it off."
        ),
    )
    crisis_notice_text = models.TextField(
        default=DEFAULT_CRISIS_NOTICE,
        help_text="Call, text and emergency links (988, 911) are added after this text.",
    )
    causes_intro = models.TextField(
        "“Why this happens” introduction",
        blank=True,
        help_text="Shown before the list of connections. Leave a blank line between paragraphs.",
    )
    support_intro = models.TextField(
        "“How Ellie makes support more accessible” introduction", blank=True
    )
    faq_intro = models.TextField(
        "FAQ introduction",
        blank=True,
        default="Not sure what to expect? These are the questions people ask us before they "
        "get started.",
    )
    specialties = models.ManyToManyField(
        "matching.Specialty",
        related_name="conditions",
        blank=True,
        help_text="The concerns this page is about. “Get matched” pre-selects them.",
    )
    modalities = models.ManyToManyField(
        "matching.Modality",
        related_name="conditions",
        blank=True,
        help_text="The therapies this page recommends. Matching ranks clinicians trained in "
        "them higher.",
    )
    is_published = models.BooleanField(
        "published", default=False, help_text="Drafts are visible only to content editors."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConditionQuerySet.as_manager()

    # A form that edits the specialties sets this before validating: many-to-many values
    # are saved after the page itself, so clean() cannot read the new ones from the database.
    pending_specialty_slugs: frozenset[str] | None = None

    class Meta:
        ordering = ["title"]
        permissions = [("review_condition", "Can record a clinical review of a page")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("conditions:condition_detail", args=[self.slug])

    # The language the page's words are in (see `listing_in` and `TranslatedPage`).
    language = "en"

    def clean(self) -> None:
        problems = publish_problems(
            is_published=self.is_published,
            crisis_notice_enabled=self.crisis_notice_enabled,
            specialty_slugs=self._specialty_slugs_to_validate(),
        )
        if problems:
            raise ValidationError(problems)

    def _specialty_slugs_to_validate(self) -> frozenset[str]:
        if self.pending_specialty_slugs is not None:
            return self.pending_specialty_slugs
        if self.pk is None:
            return frozenset()
        return frozenset(self.specialties.values_list("slug", flat=True))

    # What the page shows. These read prefetched rows (see `page_prefetches`), so a page
    # costs the same number of queries however long its lists are.

    @property
    def sentence_name(self) -> str:
        return self.name_in_sentence or self.title

    @cached_property
    def specialty_list(self) -> list:
        return list(self.specialties.all())

    @cached_property
    def modality_list(self) -> list:
        return list(self.modalities.all())

    @property
    def is_crisis_topic(self) -> bool:
        return any(s.slug in CRISIS_SPECIALTY_SLUGS for s in self.specialty_list)

    @property
    def shows_crisis_notice(self) -> bool:
        # Belt and braces: even a page that slipped past the publish guard keeps its notice.
        return self.crisis_notice_enabled or self.is_crisis_topic

    @property
    def crisis_notice_first(self) -> bool:
        """On crisis topics the notice goes straight after the headline: above the fold."""
        return self.is_crisis_topic

    @cached_property
    def _items_by_section(self) -> dict[str, list[ConditionItem]]:
        groups: dict[str, list[ConditionItem]] = {value: [] for value in Section.values}
        for item in self.items.all():
            groups[item.section].append(item)
        return groups

    @property
    def feelings(self) -> list[ConditionItem]:
        return self._items_by_section[Section.FEELING]

    @property
    def thoughts(self) -> list[ConditionItem]:
        return self._items_by_section[Section.THOUGHT]

    @property
    def causes(self) -> list[ConditionItem]:
        return self._items_by_section[Section.CAUSE]

    @property
    def support_points(self) -> list[ConditionItem]:
        return self._items_by_section[Section.SUPPORT]

    @property
    def faqs(self) -> list[ConditionItem]:
        return self._items_by_section[Section.FAQ]

    def get_matched_query(self) -> str:
        """`concern=` for each of the page's concerns, sorted: the one spelling of this set
        that the form's kept page answers (intake.views._concerns_stamp)."""
        slugs = sorted({specialty.slug for specialty in self.specialty_list})
        return urlencode([("concern", slug) for slug in slugs])

    def faq_structured_data(self) -> dict:
        """schema.org FAQPage for search engines."""
        return {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": faq.title,
                    "acceptedAnswer": {"@type": "Answer", "text": faq.text},
                }
                for faq in self.faqs
            ],
        }

    def published_translations(self) -> dict[str, datetime]:
        """{language: last change} of the published translations (see `with_translations`)."""
        return {
            code: changed
            for code, _ in TRANSLATION_LANGUAGES
            if (changed := getattr(self, f"translated_{code}", None)) is not None
        }

    @property
    def last_changed(self) -> datetime:
        """The latest change to the page or its items (annotated by `with_last_modified`)."""
        return getattr(self, "last_modified", None) or self.updated_at


def page_prefetches() -> list[Prefetch]:
    """Everything a condition page shows beyond its own row: three queries in all."""
    return [
        Prefetch("items", queryset=ConditionItem.objects.order_by("order", "pk")),
        Prefetch("specialties", queryset=Specialty.objects.order_by("name")),
        Prefetch("modalities", queryset=Modality.objects.order_by("name")),
    ]


class Section(models.TextChoices):
    FEELING = "feeling", "What this can feel like"
    THOUGHT = "thought", "Some of the thoughts that can come with it"
    CAUSE = "cause", "Why this happens"
    SUPPORT = "support", "How Ellie makes support more accessible"
    FAQ = "faq", "Frequently asked questions"


# Sections whose items have a title (support points) or a question (FAQ).
TITLED_SECTIONS = (Section.SUPPORT, Section.FAQ)


class ConditionItem(models.Model):
    """One entry of one of a page's ordered lists.

    All lists share one table so a page costs one query for all of them; the admin edits
    each section through its own proxy model below.
    """

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="items")
    section = models.CharField(max_length=10, choices=Section.choices)
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first. Use 10, 20, 30… to leave room."
    )
    title = models.CharField(
        max_length=200, blank=True, help_text="The point's title, or the FAQ question."
    )
    text = models.TextField(help_text="The item itself, or the FAQ answer.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["section", "order", "pk"]
        indexes = [models.Index(fields=["condition", "section", "order"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(section__in=TITLED_SECTIONS) | ~models.Q(title=""),
                name="condition_item_titled_sections_have_a_title",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.text[:60]


class SectionItemManager(models.Manager):
    def __init__(self, section: str):
        super().__init__()
        self.section = section

    def get_queryset(self):
        return super().get_queryset().filter(section=self.section)


class FeelingItem(ConditionItem):
    section_value = Section.FEELING
    objects = SectionItemManager(Section.FEELING)

    class Meta:
        proxy = True
        verbose_name = "experience (“What this can feel like”)"
        verbose_name_plural = "What this can feel like — experiences"


class ThoughtItem(ConditionItem):
    section_value = Section.THOUGHT
    objects = SectionItemManager(Section.THOUGHT)

    class Meta:
        proxy = True
        verbose_name = "thought (shown as a quote)"
        verbose_name_plural = "Some of the thoughts that can come with it — shown as quotes"


class CauseItem(ConditionItem):
    section_value = Section.CAUSE
    objects = SectionItemManager(Section.CAUSE)

    class Meta:
        proxy = True
        verbose_name = "connection (“Why this happens”)"
        verbose_name_plural = "Why this happens — what it may be connected to"


class SupportPoint(ConditionItem):
    section_value = Section.SUPPORT
    objects = SectionItemManager(Section.SUPPORT)

    class Meta:
        proxy = True
        verbose_name = "support point"
        verbose_name_plural = "How Ellie makes support more accessible — points"


class FAQEntry(ConditionItem):
    section_value = Section.FAQ
    objects = SectionItemManager(Section.FAQ)

    class Meta:
        proxy = True
        verbose_name = "FAQ entry"
        verbose_name_plural = "Frequently asked questions"


# --- Translations ---------------------------------------------------------------------------
# A condition page in another language: the same sections, written (not machine-translated)
# by an editor, with its own publish state and its own clinical review. The English page keeps
# what is not language: the slug, the specialties and modalities, and whether the crisis notice
# shows (a translation cannot turn it off).

TRANSLATION_LANGUAGES = [("es", "Spanish")]


class ConditionTranslationQuerySet(models.QuerySet):
    def published(self) -> ConditionTranslationQuerySet:
        return self.filter(is_published=True, condition__is_published=True)

    def in_language(self, language: str) -> ConditionTranslationQuerySet:
        return self.filter(language=language)


class ConditionTranslation(ClinicalReview):
    condition = models.ForeignKey(
        Condition, on_delete=models.CASCADE, related_name="translations", verbose_name="page"
    )
    language = models.CharField(max_length=8, choices=TRANSLATION_LANGUAGES, default="es")
    title = models.CharField(max_length=100)
    name_in_sentence = models.CharField(
        "name in a sentence",
        max_length=100,
        blank=True,
        help_text="How the condition reads mid-sentence, e.g. “autolesiones”. Empty: the title.",
    )
    headline = models.CharField(max_length=200)
    summary = models.CharField(max_length=160, help_text="At most 160 characters.")
    intro = models.TextField("introduction", help_text="Leave a blank line between paragraphs.")
    feelings_intro = models.TextField("“What this can feel like” introduction", blank=True)
    crisis_notice_text = models.TextField(
        help_text="Call, text and emergency links (988, 911) are added after this text. "
        "Whether the notice shows is set on the English page."
    )
    causes_intro = models.TextField("“Why this happens” introduction", blank=True)
    support_intro = models.TextField(
        "“How Ellie makes support more accessible” introduction", blank=True
    )
    faq_intro = models.TextField("FAQ introduction", blank=True)
    is_published = models.BooleanField(
        "published",
        default=False,
        help_text="Shown on the Spanish site once the English page is published too. "
        "Until then the Spanish site shows the English page with a note.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConditionTranslationQuerySet.as_manager()

    class Meta:
        ordering = ["condition__title", "language"]
        verbose_name = "translation of a condition page"
        constraints = [
            models.UniqueConstraint(
                fields=["condition", "language"], name="one_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_language_display()})"

    def get_absolute_url(self) -> str:
        from django.utils import translation

        with translation.override(self.language):
            return reverse("conditions:condition_detail", args=[self.condition.slug])


class TranslationItem(models.Model):
    """One entry of one of a translation's lists: the same sections as `ConditionItem`."""

    translation = models.ForeignKey(
        ConditionTranslation, on_delete=models.CASCADE, related_name="items"
    )
    section = models.CharField(max_length=10, choices=Section.choices)
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first, within each section."
    )
    title = models.CharField(
        max_length=200, blank=True, help_text="The support point's title, or the FAQ question."
    )
    text = models.TextField(help_text="The item itself, or the FAQ answer.")

    class Meta:
        ordering = ["section", "order", "pk"]
        verbose_name = "list item"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(section__in=TITLED_SECTIONS) | ~models.Q(title=""),
                name="translation_item_titled_sections_have_a_title",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.text[:60]


class TranslatedPage:
    """A condition page as the template reads it, its words from a translation.

    What is not language (the crisis rules, specialties, modalities, the address) comes from
    the English page, so a translation can never drop the crisis notice.
    """

    def __init__(self, condition: Condition, translation: ConditionTranslation):
        self._condition = condition
        self.translation = translation
        self.language = translation.language
        groups: dict[str, list] = {value: [] for value in Section.values}
        for item in translation.items.all():
            groups[item.section].append(item)
        self.feelings = groups[Section.FEELING]
        self.thoughts = groups[Section.THOUGHT]
        self.causes = groups[Section.CAUSE]
        self.support_points = groups[Section.SUPPORT]
        self.faqs = groups[Section.FAQ]

    def __getattr__(self, name):
        return getattr(self._condition, name)

    title = property(lambda self: self.translation.title)
    headline = property(lambda self: self.translation.headline)
    summary = property(lambda self: self.translation.summary)
    intro = property(lambda self: self.translation.intro)
    feelings_intro = property(lambda self: self.translation.feelings_intro)
    crisis_notice_text = property(lambda self: self.translation.crisis_notice_text)
    causes_intro = property(lambda self: self.translation.causes_intro)
    support_intro = property(lambda self: self.translation.support_intro)
    faq_intro = property(lambda self: self.translation.faq_intro)
    reviewer = property(lambda self: self.translation.reviewer)
    is_reviewed = property(lambda self: self.translation.is_reviewed)
    reviewed_on = property(lambda self: self.translation.reviewed_on)

    @property
    def sentence_name(self) -> str:
        return self.translation.name_in_sentence or self.translation.title

    def faq_structured_data(self) -> dict:
        return Condition.faq_structured_data(self)
