"""Baseline reference data (PRODUCT.md §5), created by a data migration.

The names are stored in English; each is also in the Spanish catalogue (marked with
``gettext_noop`` here) and shown through ``gettext`` on public pages.
"""

from django.utils.translation import gettext_noop as N_

SPECIALTIES = [
    ("self-harm", N_("Self-harm")),
    ("suicidal-thoughts", N_("Suicidal thoughts")),
    ("depression", N_("Depression")),
    ("anxiety", N_("Anxiety")),
    ("trauma-ptsd", N_("Trauma and PTSD")),
    ("borderline-personality", N_("Borderline personality disorder")),
    ("eating-disorders", N_("Eating disorders")),
    ("grief", N_("Grief and loss")),
    ("ocd", N_("OCD")),
    ("adhd", N_("ADHD")),
    ("bipolar", N_("Bipolar disorder")),
    ("substance-use", N_("Substance use")),
    ("relationships", N_("Relationships")),
    ("lgbtq", N_("LGBTQ+ affirming care")),
]

MODALITIES = [
    ("dbt", N_("DBT (Dialectical Behavior Therapy)")),
    ("cbt", N_("CBT (Cognitive Behavioral Therapy)")),
    ("emdr", N_("EMDR")),
    ("act", N_("ACT (Acceptance and Commitment Therapy)")),
    ("cpt", N_("CPT (Cognitive Processing Therapy)")),
    ("psychodynamic", N_("Psychodynamic therapy")),
    ("family-therapy", N_("Family therapy")),
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
    ("english", N_("English")),
    ("spanish", N_("Spanish")),
    ("somali", N_("Somali")),
    ("hmong", N_("Hmong")),
    ("vietnamese", N_("Vietnamese")),
    ("arabic", N_("Arabic")),
    ("russian", N_("Russian")),
    ("asl", N_("American Sign Language")),
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
