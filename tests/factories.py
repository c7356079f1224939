"""factory_boy factories, one section per app."""

import factory
from factory.django import DjangoModelFactory

from conditions.models import Condition, ConditionItem, Section
from matching.models import Modality, Specialty

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
