"""The practice itself: one row of contact details, its weekly hours and holidays.

``Practice.current()`` is what every page reads. It is kept in Django's cache under the
public pages' version (ellie.pagecache), which moves whenever the row, an hour or a holiday
changes (``practice.apps``), so an edit in the admin shows on the next request of every
process; see docs/operations.md for the cache and the settings that seed the row.
"""

from __future__ import annotations

import logging
import re
from contextvars import ContextVar, Token

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import DatabaseError, models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import time_format
from django.utils.translation import gettext

from ellie import pagecache
from practice import seed
from practice.calendar import BusinessCalendar

# Bump when the cached object's shape changes, so a shared cache never hands an old one
# to new code. The copy is kept under this key and the pages' version (Practice.cache_key).
CACHE_KEY = "practice:current:v2"
# A copy from the database is good until the version moves; this only bounds its space.
CACHE_SECONDS = 24 * 60 * 60

# With the database unreadable, try it again after this long.
UNREADABLE_RETRY_SECONDS = 10

WEEKDAY_CHOICES = sorted(WEEKDAYS.items())
log = logging.getLogger(__name__)
# The copy one request reads (set by practice.middleware), so a page with many rows does not
# ask the cache (a network round trip with Redis) for every row.
_this_request: ContextVar[Practice | None] = ContextVar("practice_this_request", default=None)


def validate_phone(value: str) -> None:
    if _tel(value) is None:
        raise ValidationError(
            "Enter a US number with its area code, e.g. (612) 555-0142, or an international "
            "number starting with +."
        )


def validate_time_zone(value: str) -> None:
    try:
        seed.check_time_zone(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


def _tel(phone: str) -> str | None:
    """``(612) 555-0142`` → ``+16125550142``; None when it cannot be dialled as written."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+"):
        return f"+{digits}" if 8 <= len(digits) <= 15 else None
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return f"+1{digits}" if len(digits) == 10 else None


class Practice(models.Model):
    """The practice's name, contact details, address and time zone: exactly one row."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    name = models.CharField(max_length=100)
    phone = models.CharField(
        max_length=30,
        validators=[validate_phone],
        help_text="As people should dial it, e.g. (612) 555-0142. Shown on every page.",
    )
    email = models.EmailField()
    street = models.CharField("street address", max_length=200)
    city = models.CharField(max_length=100)
    state = models.CharField(
        max_length=2, validators=[RegexValidator(r"^[A-Z]{2}$", "Two capital letters, e.g. MN.")]
    )
    zip_code = models.CharField(
        "ZIP code",
        max_length=10,
        validators=[RegexValidator(r"^\d{5}(-\d{4})?$", "Five digits, e.g. 55404.")],
    )
    time_zone = models.CharField(
        max_length=64,
        validators=[validate_time_zone],
        help_text="The practice's local time, e.g. America/Chicago: business hours, response "
        "targets and the times staff see all use it.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "practice details"
        verbose_name_plural = "practice details"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="practice_only_one_row")]

    def __str__(self) -> str:
        return self.name

    # --- Reading it on every page ------------------------------------------------------

    @classmethod
    def current(cls) -> Practice:
        """The practice, with ``calendar``, ``holiday_list`` and ``page_links`` filled in (cached).

        If the database cannot be read, the values from settings, kept only briefly: the
        crisis strip, the footer and the crisis page never wait on the database.
        """
        practice = _this_request.get()
        if practice is not None:
            return practice
        key = cls.cache_key()
        practice = cache.get(key)
        if practice is None:
            try:
                practice = cls.load()
            except DatabaseError as exc:
                log.warning("Practice details unreadable, using settings: %s", type(exc).__name__)
                practice = cls.from_settings()
                cache.set(key, practice, UNREADABLE_RETRY_SECONDS)
            else:
                cache.set(key, practice, CACHE_SECONDS)
        return practice

    @staticmethod
    def cache_key() -> str:
        """Where the copy is kept: under the pages' version (CACHE_KEY alone when the
        version cannot be read, i.e. the database is away)."""
        number = pagecache.version()
        return CACHE_KEY if number is None else f"{CACHE_KEY}:{number}"

    @classmethod
    def from_settings(cls) -> Practice:
        """The practice as settings describe it (unsaved; nothing read from the database)."""
        practice = cls(pk=1, **seed.contact_defaults())
        practice.holiday_list = seed.default_holidays(timezone.localdate())
        practice.page_links = []
        return practice._with_calendar(seed.default_hours())

    def _with_calendar(self, hours: dict) -> Practice:
        self.calendar = BusinessCalendar.build(
            time_zone=self.time_zone,
            hours=hours,
            holidays=(day for day, _ in self.holiday_list),
        )
        return self

    @classmethod
    def load(cls) -> Practice:
        """Read the row afresh; before there is one, the values from settings (unsaved)."""
        practice = cls.objects.prefetch_related("opening_hours", "holidays").filter(pk=1).first()
        if practice is None:
            practice = cls.from_settings()
            practice.page_links = PracticePage.footer_links()
            return practice
        hours: dict = {}
        for row in practice.opening_hours.all():
            hours.setdefault(row.weekday, []).append((row.opens, row.closes))
        practice.holiday_list = [(h.date, h.name) for h in practice.holidays.all()]
        practice.page_links = PracticePage.footer_links()
        practice._prefetched_objects_cache = {}
        return practice._with_calendar(hours)

    @staticmethod
    def forget() -> None:
        """Move the pages' version on: every process reads the practice again on its next
        request, and no cached page shows the old details (see ``practice.apps``)."""
        _this_request.set(None)
        pagecache.bump()

    @classmethod
    def for_this_request(cls) -> Token:
        """Read the practice once for a whole request (a queue page asks for it per row).

        Returns the token that ``done_with_request`` takes back when the request ends.
        """
        return _this_request.set(cls.current())

    @staticmethod
    def done_with_request(token: Token) -> None:
        _this_request.reset(token)

    # --- What pages show -----------------------------------------------------------------

    @property
    def phone_href(self) -> str:
        """For ``<a href>``: ``tel:+16125550142``."""
        tel = _tel(self.phone)
        return f"tel:{tel}" if tel else ""

    @property
    def address_lines(self) -> list[str]:
        return [self.street, f"{self.city}, {self.state} {self.zip_code}"]

    @property
    def weekly_hours(self) -> list[tuple[str, str]]:
        """``[("Monday to Friday", "8 a.m. to 6 p.m."), ("Saturday and Sunday", "Closed")]``."""
        rows: list[tuple[list[int], str]] = []
        for day, intervals in enumerate(self.calendar.weekly):
            text = ", ".join(
                gettext("%(opens)s to %(closes)s")
                % {"opens": time_format(opens, "P"), "closes": time_format(closes, "P")}
                for opens, closes in intervals
            ) or gettext("Closed")
            if rows and rows[-1][1] == text and rows[-1][0][-1] == day - 1:
                rows[-1][0].append(day)
            else:
                rows.append(([day], text))
        return [(_day_range(days), text) for days, text in rows]

    def upcoming_holidays(self, *, limit: int = 12) -> list[tuple]:
        today = timezone.localdate(timezone=self.calendar.tz)
        return [(day, name) for day, name in self.holiday_list if day >= today][:limit]


def _day_range(days: list[int]) -> str:
    if len(days) == 1:
        return str(WEEKDAYS[days[0]])
    first, last = WEEKDAYS[days[0]], WEEKDAYS[days[-1]]
    if len(days) == 2:
        return gettext("%(first)s and %(last)s") % {"first": first, "last": last}
    return gettext("%(first)s to %(last)s") % {"first": first, "last": last}


class OpeningHours(models.Model):
    """One opening interval on a weekday; a weekday without one is closed."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAY_CHOICES)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        verbose_name = "opening hours"
        verbose_name_plural = "opening hours"
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")), name="practice_hours_close_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(weekday__lte=6), name="practice_hours_weekday_monday_to_sunday"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError({"closes": "Closing must be after opening."})


class Holiday(models.Model):
    """A day the practice is closed (business-day targets skip it)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField()
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "date"], name="practice_holiday_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%Y-%m-%d})"


# --- The practice's own pages ------------------------------------------------------------


class PageSlug(models.TextChoices):
    """The practice's pages: a fixed set of addresses (printed material links to them)."""

    ABOUT = "about", "About us"
    LOCATIONS = "locations", "Locations and hours"
    WHAT_TO_EXPECT = "what-to-expect", "What to expect: your first appointment"
    FEES = "fees-and-insurance", "Fees and insurance"
    PRIVACY = "privacy", "Your privacy, in plain words"


class PracticePageQuerySet(models.QuerySet):
    def published(self) -> PracticePageQuerySet:
        return self.filter(is_published=True)

    def for_footer(self) -> PracticePageQuerySet:
        return self.published().only("slug", "title", "order").order_by("order", "slug")


class PracticePage(models.Model):
    """One of the practice's own pages (About us, Locations and hours, ...), edited in the admin.

    The text is the editors'; the phone, address and hours come from ``Practice`` so they are
    typed in one place only.
    """

    slug = models.SlugField(
        "page",
        max_length=40,
        unique=True,
        choices=PageSlug.choices,
        help_text="Which of the practice's pages this is; its address is /<page>/.",
    )
    title = models.CharField(max_length=100)
    summary = models.CharField(
        max_length=160,
        help_text="At most 160 characters. Sent to search engines as the page's description.",
    )
    intro = models.TextField(
        "introduction",
        help_text="The opening paragraphs. Leave a blank line between paragraphs; start lines "
        "with “- ” for a list.",
    )
    show_contact = models.BooleanField(
        "show the practice's phone, address and hours",
        default=True,
        help_text="From Practice details, so they are typed in one place only.",
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Where the page's link comes in the footer: lower first."
    )
    is_published = models.BooleanField(
        "published", default=False, help_text="Drafts are visible only to content editors."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PracticePageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = "practice page"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/{self.slug}/"

    @classmethod
    def footer_links(cls) -> list[tuple[str, str]]:
        """``[("/about/", "About us"), ...]``: the published pages, kept with the practice."""
        return [(page.get_absolute_url(), page.title) for page in cls.objects.for_footer()]


class PracticePageSection(models.Model):
    """A headed section of a practice page, in order."""

    page = models.ForeignKey(PracticePage, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first. Use 10, 20, 30… to leave room."
    )
    heading = models.CharField(max_length=200)
    text = models.TextField(
        help_text="Leave a blank line between paragraphs; start lines with “- ” for a list."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "section"

    def __str__(self) -> str:
        return self.heading
