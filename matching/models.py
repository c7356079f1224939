from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext

from matching import photos
from matching.places import AGE_GROUPS, STATE_NAMES, STATES

# The age groups' bits in `SearchRow.ages` (a fixed set).
AGE_BITS: dict[str, int] = {code: 1 << n for n, (code, _) in enumerate(AGE_GROUPS)}


# Each reference item owns one bit of a 63-bit set (a signed BIGINT's non-negative bits):
# `SearchRow` stores a clinician's specialties, modalities, carriers and languages as such
# sets, so the ranking tests membership with one `&` instead of a join or a LIKE.
MAX_BITS = 63


class ReferenceItem(models.Model):
    """A named, slugged item of reference data that staff edit in the admin."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100)
    bit = models.PositiveSmallIntegerField(
        unique=True,
        null=True,
        editable=False,
        help_text="This item's position in the ranking's compact sets; set on creation.",
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # An invariant of the row, like a default: every item has a bit of its own.
        if self.bit is None:
            self.bit = self.free_bit(using=kwargs.get("using"))
            if self.bit is None:
                raise ValidationError(f"No free bit: at most {MAX_BITS} items.")
        super().save(*args, **kwargs)

    @property
    def mask(self) -> int:
        return 1 << self.bit if self.bit is not None else 0

    def clean(self) -> None:
        if self.bit is None and self.free_bit() is None:
            raise ValidationError(
                f"There can be at most {MAX_BITS} {self._meta.verbose_name_plural}: "
                "delete one that is no longer used before adding another."
            )

    def free_bit(self, using: str | None = None) -> int | None:
        items = type(self)._default_manager.db_manager(using or self._state.db)
        used = set(items.exclude(bit=None).values_list("bit", flat=True))
        return next((bit for bit in range(MAX_BITS) if bit not in used), None)


class Specialty(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name_plural = "specialties"


class Modality(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name_plural = "modalities"


class Carrier(ReferenceItem):
    pass


class Language(ReferenceItem):
    pass


def validate_states(value) -> None:
    if not isinstance(value, list) or any(code not in STATE_NAMES for code in value):
        raise ValidationError("Use USPS state codes, for example MN or WI.")


def validate_age_groups(value) -> None:
    allowed = {code for code, _ in AGE_GROUPS}
    if not isinstance(value, list) or any(code not in allowed for code in value):
        raise ValidationError("Use child, teen, adult or older-adult.")


def validate_npi(value: str) -> None:
    from matching.npi import is_valid_npi

    if not is_valid_npi(value):
        raise ValidationError("Not a valid NPI: 10 digits with a correct check digit.")


def normal_email(value: str) -> str:
    """The form an address is stored and compared in: trimmed, lower-case."""
    return (value or "").strip().lower()


class ClinicianQuerySet(models.QuerySet):
    """Reads on the canonical tables; the ranking reads `SearchRow` instead."""

    def active(self) -> ClinicianQuerySet:
        return self.filter(is_active=True)

    def accepting(self) -> ClinicianQuerySet:
        return self.filter(accepting_new_clients=True)

    def licensed_in(self, state: str) -> ClinicianQuerySet:
        return self.filter(
            Exists(SearchRow.objects.filter(clinician=OuterRef("pk"), state=state.upper()))
        )

    def serving(self, age_group: str) -> ClinicianQuerySet:
        bit = AGE_BITS.get(age_group, 0)
        return self.filter(
            Exists(
                SearchRow.objects.filter(clinician=OuterRef("pk"))
                .alias(serves=F("ages").bitand(bit))
                .filter(serves__gt=0)
            )
        )

    def offering(self, session_format: str) -> ClinicianQuerySet:
        if session_format == "telehealth":
            return self.filter(telehealth=True)
        if session_format == "in_person":
            return self.filter(in_person=True)
        return self

    def treating(self, specialty_slug: str) -> ClinicianQuerySet:
        return self.filter(
            Exists(
                ClinicianSpecialty.objects.filter(
                    clinician=OuterRef("pk"), specialty__slug=specialty_slug
                )
            )
        )

    def practising(self, modality_slug: str) -> ClinicianQuerySet:
        return self.filter(
            Exists(
                Clinician.modalities.through.objects.filter(
                    clinician=OuterRef("pk"), modality__slug=modality_slug
                )
            )
        )

    def in_network_with(self, carrier_slug: str) -> ClinicianQuerySet:
        return self.filter(
            Exists(
                Clinician.carriers.through.objects.filter(
                    clinician=OuterRef("pk"), carrier__slug=carrier_slug
                )
            )
        )

    def speaking(self, language_slug: str) -> ClinicianQuerySet:
        return self.filter(
            Exists(
                Clinician.languages.through.objects.filter(
                    clinician=OuterRef("pk"), language__slug=language_slug
                )
            )
        )

    def for_card(self) -> ClinicianQuerySet:
        """What a directory card shows, in a constant number of queries."""
        return self.prefetch_related(
            models.Prefetch(
                "clinician_specialties",
                queryset=ClinicianSpecialty.objects.select_related("specialty").order_by(
                    "level", "specialty__name"
                ),
            ),
            "offices",
        )

    def for_profile(self) -> ClinicianQuerySet:
        """Everything a profile or a match card shows, in a constant number of queries."""
        return self.prefetch_related(
            models.Prefetch(
                "clinician_specialties",
                queryset=ClinicianSpecialty.objects.select_related("specialty").order_by(
                    "level", "specialty__name"
                ),
            ),
            "modalities",
            "carriers",
            "languages",
            "offices",
        )


class Clinician(models.Model):
    """A clinician of the practice: who they are and whom they can see.

    The ranking reads a compact copy of the matching fields (`SearchRow`, one per licensed
    state). Write clinicians through `matching.services`, which keeps that copy current in
    the same transaction; `manage.py verify_search_rows` finds any drift.
    """

    class Gender(models.TextChoices):
        WOMAN = "woman", "Woman"
        MAN = "man", "Man"
        NONBINARY = "nonbinary", "Nonbinary"

        @property
        def word(self) -> str:
            """How a sentence names one: "Is a nonbinary clinician, as you asked"."""
            return "nonbinary clinician" if self is self.NONBINARY else self.value

    npi = models.CharField(
        "NPI", max_length=10, unique=True, validators=[validate_npi], help_text="10 digits."
    )
    slug = models.SlugField(max_length=80, unique=True)
    first_name = models.CharField(max_length=60)
    last_name = models.CharField(max_length=60)
    credentials = models.CharField(max_length=60, blank=True, help_text="LPC, LICSW, PsyD, …")
    pronouns = models.CharField(max_length=30, blank=True)
    gender = models.CharField(max_length=10, choices=Gender.choices, blank=True)
    bio = models.TextField(blank=True)
    # Where sign-in links, availability check-ins and referrals go (docs/clinicians.md).
    # Stored lower-case; unique among clinicians; required while the clinician is active.
    email = models.EmailField(
        blank=True,
        help_text="Required for active clinicians: sign-in links, availability check-ins and "
        "referrals go here. Never shown to the public.",
    )
    phone = models.CharField(
        max_length=20, blank=True, help_text="Optional, for staff. Never shown to the public."
    )
    # The fuller profile, in the clinician's own words (each optional; shown when given).
    approach = models.TextField(
        "approach, in their own words",
        blank=True,
        help_text="How they work and what they believe helps, written as they would say it.",
    )
    works_with = models.TextField(
        "who they work with",
        blank=True,
        help_text="The people they see most: ages, situations, communities.",
    )
    first_session = models.TextField(
        "what a first session is like",
        blank=True,
        help_text="What happens in the first session, so it feels less unknown.",
    )

    languages = models.ManyToManyField(Language, blank=True, related_name="clinicians")
    licensed_states = models.JSONField(
        default=list, blank=True, validators=[validate_states], help_text="USPS codes."
    )
    telehealth = models.BooleanField("offers telehealth", default=False)
    in_person = models.BooleanField("offers in-person sessions", default=False)
    age_groups = models.JSONField(
        "age groups served", default=list, blank=True, validators=[validate_age_groups]
    )
    specialties = models.ManyToManyField(
        Specialty, through="ClinicianSpecialty", blank=True, related_name="clinicians"
    )
    modalities = models.ManyToManyField(Modality, blank=True, related_name="clinicians")
    carriers = models.ManyToManyField(
        Carrier, blank=True, related_name="clinicians", verbose_name="in network with"
    )
    self_pay_rate = models.PositiveIntegerField(
        null=True, blank=True, help_text="Whole dollars per session."
    )
    sliding_scale = models.BooleanField(default=False)
    accepting_new_clients = models.BooleanField(default=True)
    availability_confirmed_on = models.DateField(
        null=True, blank=True, help_text="When accepting new clients was last confirmed."
    )
    waitlist_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="About how many weeks before a first session."
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Inactive clinicians are never shown."
    )
    # The photo's renditions (matching.photos): the content-addressed key of their names and
    # the largest width stored. Set only by `set_clinician_photo` / `remove_clinician_photo`.
    photo_key = models.CharField(max_length=20, blank=True, editable=False)
    photo_width = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClinicianQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["last_name", "first_name", "id"], name="clinician_name_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="unique_clinician_email"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("matching:clinician_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        self.email = normal_email(self.email)
        if self.is_active and not self.email:
            raise ValidationError(
                {
                    "email": "An active clinician needs an email address: sign-in links, "
                    "check-ins and referrals go there."
                }
            )
        if (
            self.email
            and Clinician.objects.filter(email__iexact=self.email).exclude(pk=self.pk).exists()
        ):
            raise ValidationError({"email": "Another clinician already has this address."})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def display_name(self) -> str:
        if self.credentials:
            return f"{self.full_name}, {self.credentials}"
        return self.full_name

    @cached_property
    def photo(self) -> photos.PhotoSet | None:
        """The photo's renditions for a `<picture>`, or None (then the initials avatar)."""
        return photos.photo_set(self.photo_key, self.photo_width)

    @property
    def initials(self) -> str:
        return photos.initials(self.first_name, self.last_name)

    @property
    def avatar_tone(self) -> str:
        return photos.avatar_tone(self.full_name)

    @property
    def state_names(self) -> list[str]:
        return [STATE_NAMES.get(code, code) for code in self.licensed_states]

    @property
    def age_group_names(self) -> list[str]:
        from matching.places import AGE_GROUP_NAMES

        return [
            gettext(AGE_GROUP_NAMES[code]) for code in self.age_groups if code in AGE_GROUP_NAMES
        ]

    @property
    def primary_specialties(self) -> list[Specialty]:
        """Needs `for_card()` or `for_profile()` to avoid a query."""
        return [cs.specialty for cs in self.clinician_specialties.all() if cs.is_primary]

    @property
    def other_specialties(self) -> list[Specialty]:
        return [cs.specialty for cs in self.clinician_specialties.all() if not cs.is_primary]

    @property
    def office_places(self) -> list[str]:
        return sorted({str(office) for office in self.offices.all()})

    @property
    def formats_label(self) -> str:
        if self.telehealth and self.in_person:
            return gettext("Telehealth and in person")
        if self.telehealth:
            return gettext("Telehealth only")
        if self.in_person:
            return gettext("In person only")
        return gettext("Not seeing clients")


class ClinicianSpecialty(models.Model):
    class Level(models.TextChoices):
        # Stored values sort primary first.
        PRIMARY = "primary", "Primary focus"
        EXPERIENCED = "experienced", "Experienced"

    clinician = models.ForeignKey(
        Clinician, on_delete=models.CASCADE, related_name="clinician_specialties"
    )
    specialty = models.ForeignKey(Specialty, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=12, choices=Level.choices, default=Level.EXPERIENCED)

    class Meta:
        verbose_name = "specialty"
        verbose_name_plural = "specialties"
        constraints = [
            models.UniqueConstraint(
                fields=["clinician", "specialty"], name="unique_clinician_specialty"
            )
        ]

    def __str__(self) -> str:
        return f"{self.specialty} ({self.get_level_display().lower()})"

    @property
    def is_primary(self) -> bool:
        return self.level == self.Level.PRIMARY


class Office(models.Model):
    """Where a clinician sees people in person. Coordinates come from the ZIP code."""

    clinician = models.ForeignKey(Clinician, on_delete=models.CASCADE, related_name="offices")
    zip_code = models.CharField("ZIP code", max_length=5)
    city = models.CharField(max_length=80, blank=True, editable=False)
    state = models.CharField(max_length=2, choices=STATES, blank=True, editable=False)
    latitude = models.FloatField(editable=False)
    longitude = models.FloatField(editable=False)

    class Meta:
        ordering = ["id"]
        indexes = [
            # The in-person prefilter: a latitude range, then longitude read from the index.
            models.Index(fields=["latitude", "longitude", "clinician"], name="office_box_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.city}, {self.state} {self.zip_code}" if self.city else self.zip_code

    def clean(self) -> None:
        from matching.places import locate

        place = locate(self.zip_code)
        if place is None:
            raise ValidationError({"zip_code": f"We don't know the ZIP code {self.zip_code!r}."})
        self.place_at(place)

    def place_at(self, place) -> None:
        self.zip_code = place.zip_code
        self.city = place.city
        self.state = place.state
        self.latitude = place.latitude
        self.longitude = place.longitude


class SearchRow(models.Model):
    """A compact copy of one clinician's matching fields, one row per licensed state.

    Derived data: never edited by hand. The write services (`matching.services`) rebuild
    a clinician's rows from the canonical tables (`matching.search_rows`) whenever the
    clinician, their specialties, modalities, carriers, languages or offices change, and
    `manage.py verify_search_rows` reports any row that differs. Set memberships are
    bit sets (each reference item owns a bit, see `ReferenceItem.bit`), so one row
    answers every filter and score with integer arithmetic, without joins.
    """

    clinician = models.ForeignKey(Clinician, on_delete=models.CASCADE, related_name="search_rows")
    state = models.CharField(max_length=2, choices=STATES)
    is_active = models.BooleanField()
    accepting = models.BooleanField()
    telehealth = models.BooleanField()
    in_person = models.BooleanField()
    gender = models.CharField(max_length=10, blank=True)
    ages = models.BigIntegerField(default=0)
    languages = models.BigIntegerField(default=0)
    carriers = models.BigIntegerField(default=0)
    specialties = models.BigIntegerField(default=0)
    primary_specialties = models.BigIntegerField(default=0)
    modalities = models.BigIntegerField(default=0)
    confirmed_on = models.DateField(null=True)
    waitlist_weeks = models.PositiveSmallIntegerField(null=True)
    self_pay_rate = models.PositiveIntegerField(null=True)
    sliding_scale = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinician", "state"], name="unique_search_row")
        ]
        indexes = [
            # The ranking's entry point: the people one state can be matched with. On
            # PostgreSQL, migration 0005 adds `search_row_covering_idx`, the same index
            # carrying every column the ranking reads (index-only scans).
            models.Index(
                fields=["state", "clinician"],
                condition=Q(is_active=True, accepting=True),
                name="search_row_listed_idx",
            ),
            models.Index(fields=["state", "clinician"], name="search_row_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.clinician_id} in {self.state}"
