"""Baseline reference data (PRODUCT.md §5), created by a data migration."""

SPECIALTIES = [
    ("self-harm", "Self-harm"),
    ("suicidal-thoughts", "Suicidal thoughts"),
    ("depression", "Depression"),
    ("anxiety", "Anxiety"),
    ("trauma-ptsd", "Trauma and PTSD"),
    ("borderline-personality", "Borderline personality disorder"),
    ("eating-disorders", "Eating disorders"),
    ("grief", "Grief and loss"),
    ("ocd", "OCD"),
    ("adhd", "ADHD"),
    ("bipolar", "Bipolar disorder"),
    ("substance-use", "Substance use"),
    ("relationships", "Relationships"),
    ("lgbtq", "LGBTQ+ affirming care"),
]

MODALITIES = [
    ("dbt", "DBT (Dialectical Behavior Therapy)"),
    ("cbt", "CBT (Cognitive Behavioral Therapy)"),
    ("emdr", "EMDR"),
    ("act", "ACT (Acceptance and Commitment Therapy)"),
    ("cpt", "CPT (Cognitive Processing Therapy)"),
    ("psychodynamic", "Psychodynamic therapy"),
    ("family-therapy", "Family therapy"),
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
    ("english", "English"),
    ("spanish", "Spanish"),
    ("somali", "Somali"),
    ("hmong", "Hmong"),
    ("vietnamese", "Vietnamese"),
    ("arabic", "Arabic"),
    ("russian", "Russian"),
    ("asl", "American Sign Language"),
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
