"""Baseline reference data (PRODUCT.md §5), created by a data migration.

The names are stored in English; each is also in the Spanish catalogue (marked with
``gettext_noop`` here) and shown through ``gettext`` on public pages.
"""

from django.utils.translation import gettext_noop

SPECIALTIES = [
    ("self-harm", gettext_noop("Self-harm")),
    ("suicidal-thoughts", gettext_noop("Suicidal thoughts")),
    ("depression", gettext_noop("Depression")),
    ("anxiety", gettext_noop("Anxiety")),
    ("trauma-ptsd", gettext_noop("Trauma and PTSD")),
    ("borderline-personality", gettext_noop("Borderline personality disorder")),
    ("eating-disorders", gettext_noop("Eating disorders")),
    ("grief", gettext_noop("Grief and loss")),
    ("ocd", gettext_noop("OCD")),
    ("adhd", gettext_noop("ADHD")),
    ("bipolar", gettext_noop("Bipolar disorder")),
    ("substance-use", gettext_noop("Substance use")),
    ("relationships", gettext_noop("Relationships")),
    ("lgbtq", gettext_noop("LGBTQ+ affirming care")),
]

MODALITIES = [
    ("dbt", gettext_noop("DBT (Dialectical Behavior Therapy)")),
    ("cbt", gettext_noop("CBT (Cognitive Behavioral Therapy)")),
    ("emdr", gettext_noop("EMDR")),
    ("act", gettext_noop("ACT (Acceptance and Commitment Therapy)")),
    ("cpt", gettext_noop("CPT (Cognitive Processing Therapy)")),
    ("psychodynamic", gettext_noop("Psychodynamic therapy")),
    ("family-therapy", gettext_noop("Family therapy")),
]

CARRIERS = [
    ("aetna", "Aetna"),
    ("blue-cross-blue-shield", "Blue Cross Blue Shield"),
    ("cigna", "Cigna"),
    ("unitedhealthcare", "UnitedHealthcare"),
    ("medica", "Medica"),
    ("healthpartners", "HealthPartners"),
    ("medicaid", "Medicaid"),
    ("medicare", "Medicare"),
]

LANGUAGES = [
    ("english", gettext_noop("English")),
    ("spanish", gettext_noop("Spanish")),
    ("somali", gettext_noop("Somali")),
    ("hmong", gettext_noop("Hmong")),
    ("vietnamese", gettext_noop("Vietnamese")),
    ("arabic", gettext_noop("Arabic")),
    ("russian", gettext_noop("Russian")),
    ("asl", gettext_noop("American Sign Language")),
]


def create_baseline(apps) -> None:
    """Create any missing baseline rows; never overwrite an editor's changes."""
    for model_name, rows in (
        ("Specialty", SPECIALTIES),
        ("Modality", MODALITIES),
        ("Carrier", CARRIERS),
        ("Language", LANGUAGES),
    ):
        model = apps.get_model("matching", model_name)
        for slug, name in rows:
            model.objects.get_or_create(slug=slug, defaults={"name": name})
