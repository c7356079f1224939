"""factory_boy factories. Add yours; keep the others as they are."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from conditions.models import Condition, ConditionItem, Section
from matching.models import (
    Carrier,
    Clinician,
    ClinicianSpecialty,
    Language,
    Modality,
    Office,
    Specialty,
)
from matching.npi import complete_npi
from matching.places import locate

# --- conditions ---------------------------------------------------------------------------


class ConditionFactory(DjangoModelFactory):
    """A published page; pass `specialties=["anxiety"]`, `modalities=["cbt"]` as slugs."""

    class Meta:
        model = Condition
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Test condition {n}")
    slug = factory.Sequence(lambda n: f"test-condition-{n}")
    headline = "It makes sense that you are here. Therapy can help."
    summary = "A short, plain summary of what this page is about and how therapy can help."
    intro = "An introduction in plain, warm words."
    feelings_intro = "What this can feel like, in general."
    causes_intro = "Why this happens, in general."
    support_intro = "How we make support easier."
    reviewer_name = "Dr. Test Reviewer"
    reviewer_credentials = "PsyD"
    reviewed_on = factory.Faker("date_between", start_date="-1y", end_date="today")
    is_published = True

    @factory.post_generation
    def specialties(self, create, extracted, **kwargs):
        if create and extracted:
            self.specialties.set(Specialty.objects.filter(slug__in=extracted))

    @factory.post_generation
    def modalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.modalities.set(Modality.objects.filter(slug__in=extracted))


class ConditionItemFactory(DjangoModelFactory):
    class Meta:
        model = ConditionItem

    condition = factory.SubFactory(ConditionFactory)
    section = Section.FEELING
    order = factory.Sequence(lambda n: n)
    title = factory.Maybe(
        factory.LazyAttribute(lambda o: o.section in (Section.SUPPORT, Section.FAQ)),
        yes_declaration=factory.Sequence(lambda n: f"Question or title {n}?"),
        no_declaration="",
    )
    text = factory.Sequence(lambda n: f"Item text {n}")


def fill_condition(condition: Condition, *, per_section: int) -> Condition:
    """Give a page `per_section` items in every section."""
    for section in Section.values:
        ConditionItemFactory.create_batch(per_section, condition=condition, section=section)
    return condition


# --- matching ---------------------------------------------------------------------------


def _reference(model, slug: str):
    item, _ = model.objects.get_or_create(
        slug=slug.strip().lower(), defaults={"name": slug.replace("-", " ").title()}
    )
    return item


class ClinicianFactory(factory.django.DjangoModelFactory):
    """A clinician who passes every hard filter for an adult in MN on telehealth.

    Relations take slugs (missing reference items are created):

        ClinicianFactory(
            licensed_states=["MN", "WI"],
            specialties=["self-harm:primary", "depression"],   # ":primary" = primary focus
            modalities=["dbt"], carriers=["aetna"], languages=["english", "spanish"],
            offices=["55401"],                                  # ZIPs; sets in_person=True
            age_groups=["teen", "adult"],
        )

    The ranking's search rows are rebuilt after creation. If a test changes a clinician
    afterwards, call `matching.search_rows.refresh_search_rows(clinician_ids=[c.pk])`.
    """

    class Meta:
        model = Clinician
        skip_postgeneration_save = True

    npi = factory.Sequence(lambda n: complete_npi(f"{100000000 + n:09d}"))
    first_name = factory.Sequence(lambda n: f"Avery{n}")
    last_name = factory.Faker("last_name")
    slug = factory.LazyAttributeSequence(
        lambda o, n: f"{o.first_name}-{o.last_name}-{n}".lower().replace(" ", "-").replace("'", "")
    )
    email = factory.LazyAttribute(lambda o: f"{o.slug}@clinicians.example.org")
    credentials = "LPC"
    pronouns = "she/her"
    gender = "woman"
    bio = "I help people find steadier ground, one session at a time."
    licensed_states = factory.LazyFunction(lambda: ["MN"])
    telehealth = True
    in_person = False
    age_groups = factory.LazyFunction(lambda: ["adult"])
    self_pay_rate = 140
    sliding_scale = False
    accepting_new_clients = True
    availability_confirmed_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=3)
    )
    waitlist_weeks = None
    is_active = True

    class Params:
        not_accepting = factory.Trait(accepting_new_clients=False)
        inactive = factory.Trait(is_active=False)

    @factory.post_generation
    def specialties(self, create, extracted, **kwargs):
        for entry in extracted or ():
            slug, _, level = entry.partition(":")
            ClinicianSpecialty.objects.create(
                clinician=self,
                specialty=_reference(Specialty, slug),
                level=ClinicianSpecialty.Level.PRIMARY
                if level == "primary"
                else ClinicianSpecialty.Level.EXPERIENCED,
            )

    @factory.post_generation
    def modalities(self, create, extracted, **kwargs):
        if extracted:
            self.modalities.set([_reference(Modality, slug) for slug in extracted])

    @factory.post_generation
    def carriers(self, create, extracted, **kwargs):
        if extracted:
            self.carriers.set([_reference(Carrier, slug) for slug in extracted])

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        self.languages.set([_reference(Language, slug) for slug in (extracted or ["english"])])

    @factory.post_generation
    def offices(self, create, extracted, **kwargs):
        if not extracted:
            return
        for zip_code in extracted:
            place = locate(zip_code)
            assert place is not None, f"unknown ZIP {zip_code}"
            office = Office(clinician=self)
            office.place_at(place)
            office.save()
        if not self.in_person:
            self.in_person = True
            self.save(update_fields=["in_person"])

    @factory.post_generation
    def photo(self, create, extracted, **kwargs):
        """`photo=True` gives a generated photo; `photo=<bytes>` that file."""
        if not (create and extracted):
            return
        from matching.photos import read_photo, set_clinician_photo
        from tests.images import jpeg_bytes

        data = extracted if isinstance(extracted, bytes) else jpeg_bytes(600, 800)
        set_clinician_photo(clinician=self, photo=read_photo(data))

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create:
            from matching.search_rows import refresh_search_rows

            refresh_search_rows(clinician_ids=[instance.pk])


# --- staff review -----------------------------------------------------------------------


class IntakeRequestFactory(factory.django.DjangoModelFactory):
    """A saved match request as staff see it: a routine adult in MN on telehealth.

    ``IntakeRequestFactory(urgent=True, concerns=["self-harm"], chosen=[clinician])``
    """

    class Meta:
        model = "intake.MatchRequest"
        skip_postgeneration_save = True

    form_token = factory.Sequence(lambda n: f"form-token-{n:06d}")
    created_at = factory.LazyFunction(timezone.now)
    status = "new"
    urgent = False
    safety = "none"
    asq_wished_dead = "no"
    asq_better_off_dead = "no"
    asq_thoughts_of_suicide = "no"
    asq_ever_attempted = "no"
    asq_right_now = ""
    format = "telehealth"
    state = "MN"
    date_of_birth = datetime.date(1990, 5, 17)
    age_group = "adult"
    payment = "insurance"
    carrier = factory.LazyFunction(lambda: _reference(Carrier, "aetna"))
    first_name = factory.Sequence(lambda n: f"Robin{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    contact_method = "email"
    consent_to_contact = True

    class Params:
        right_now = factory.Trait(
            urgent=True,
            urgent_reason="safety_right_now",
            safety="right_now",
            asq_thoughts_of_suicide="yes",
            asq_right_now="yes",
        )

    @factory.post_generation
    def concerns(self, create, extracted, **kwargs):
        if create and extracted:
            self.concerns.set([_reference(Specialty, slug) for slug in extracted])

    @factory.post_generation
    def chosen(self, create, extracted, **kwargs):
        """Clinicians the person chose (also the snapshot, in that order)."""
        if create and extracted:
            from intake.models import RequestMatch

            RequestMatch.objects.bulk_create(
                RequestMatch(
                    request=self,
                    clinician=clinician,
                    clinician_name=clinician.display_name,
                    rank=rank,
                    score=100 - rank,
                    reasons=["In network with Aetna"],
                    cautions=[],
                    chosen=True,
                )
                for rank, clinician in enumerate(extracted, start=1)
            )
