"""Generated rosters for demos and the benchmark: fictional, realistic in their spread.

States follow population, offices cluster in cities, and carriers, specialties and
modalities are spread the way a large group practice's roster might be. The same seed
always gives the same roster (on an empty database).
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from functools import lru_cache

from django.db import transaction
from django.utils import timezone

from ellie import pagecache
from matching.models import (
    Carrier,
    Clinician,
    ClinicianSpecialty,
    Language,
    Modality,
    Office,
    SearchRow,
    Specialty,
)
from matching.npi import complete_npi
from matching.search_rows import build_rows, ensure_bits

# Approximate population in millions (2020 census), for the spread over states.
STATE_WEIGHTS: dict[str, float] = {
    "AL": 5.0, "AK": 0.7, "AZ": 7.2, "AR": 3.0, "CA": 39.5, "CO": 5.8, "CT": 3.6, "DE": 1.0,
    "DC": 0.7, "FL": 21.5, "GA": 10.7, "HI": 1.5, "ID": 1.8, "IL": 12.8, "IN": 6.8, "IA": 3.2,
    "KS": 2.9, "KY": 4.5, "LA": 4.7, "ME": 1.4, "MD": 6.2, "MA": 7.0, "MI": 10.1, "MN": 5.7,
    "MS": 3.0, "MO": 6.2, "MT": 1.1, "NE": 2.0, "NV": 3.1, "NH": 1.4, "NJ": 9.3, "NM": 2.1,
    "NY": 20.2, "NC": 10.4, "ND": 0.8, "OH": 11.8, "OK": 4.0, "OR": 4.2, "PA": 13.0, "RI": 1.1,
    "SC": 5.1, "SD": 0.9, "TN": 6.9, "TX": 29.1, "UT": 3.3, "VT": 0.6, "VA": 8.6, "WA": 7.7,
    "WV": 1.8, "WI": 5.9, "WY": 0.6,
}  # fmt: skip

FIRST_NAMES = [
    "Ada",
    "Alex",
    "Amara",
    "Ana",
    "Ben",
    "Camila",
    "Carmen",
    "Chris",
    "Dana",
    "Daniel",
    "David",
    "Elena",
    "Eli",
    "Emma",
    "Farah",
    "Grace",
    "Hana",
    "Ian",
    "Imani",
    "Jade",
    "James",
    "Jordan",
    "Kai",
    "Kayla",
    "Leah",
    "Liam",
    "Lucia",
    "Maya",
    "Mei",
    "Mira",
    "Nadia",
    "Noah",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Ruth",
    "Sam",
    "Sara",
    "Sofia",
    "Tariq",
    "Theo",
    "Vera",
    "Wei",
    "Yusuf",
    "Zoe",
    "Hamza",
    "Ingrid",
    "Lars",
    "Nora",
]
LAST_NAMES = [
    "Abdi",
    "Anderson",
    "Berg",
    "Brooks",
    "Castillo",
    "Chen",
    "Dahl",
    "Diaz",
    "Ellison",
    "Fofana",
    "Garcia",
    "Gupta",
    "Hansen",
    "Hernandez",
    "Ibrahim",
    "Johnson",
    "Kaur",
    "Kim",
    "Larson",
    "Lee",
    "Lopez",
    "Martin",
    "Moua",
    "Nguyen",
    "Novak",
    "Olson",
    "Ortiz",
    "Patel",
    "Peterson",
    "Quist",
    "Ramirez",
    "Reyes",
    "Rivera",
    "Schmidt",
    "Singh",
    "Smith",
    "Sorensen",
    "Thao",
    "Torres",
    "Vang",
    "Walker",
    "Warsame",
    "Williams",
    "Xiong",
    "Yang",
    "Young",
    "Zamora",
    "Lindqvist",
    "Okafor",
    "Haddad",
]
CREDENTIALS = [("LPCC", 30), ("LICSW", 25), ("LMFT", 15), ("PsyD", 10), ("PhD", 8), ("LP", 7),
               ("MD", 3), ("APRN", 2)]  # fmt: skip
# (slug, share of clinicians in network)
CARRIER_SHARES = {
    "aetna": 0.45, "blue-cross-blue-shield": 0.6, "cigna": 0.35, "unitedhealthcare": 0.4,
    "medica": 0.3, "healthpartners": 0.25, "medicaid": 0.3, "medicare": 0.25,
}  # fmt: skip
SPECIALTY_WEIGHTS = {
    "anxiety": 10, "depression": 10, "trauma-ptsd": 7, "relationships": 5, "grief": 4,
    "self-harm": 3, "suicidal-thoughts": 3, "borderline-personality": 2, "eating-disorders": 2,
    "ocd": 2, "adhd": 3, "bipolar": 2, "substance-use": 3, "lgbtq": 4,
}  # fmt: skip
MODALITY_WEIGHTS = {"cbt": 10, "dbt": 4, "emdr": 4, "act": 4, "cpt": 2, "psychodynamic": 3,
                    "family-therapy": 3}  # fmt: skip
# Modalities that often come with a specialty (DBT with self-harm, CPT and EMDR with trauma).
AFFINITY = {
    "self-harm": "dbt", "suicidal-thoughts": "dbt", "borderline-personality": "dbt",
    "trauma-ptsd": "emdr", "anxiety": "cbt", "ocd": "cbt", "depression": "cbt",
}  # fmt: skip
LANGUAGE_SHARES = {"spanish": 0.12, "somali": 0.02, "hmong": 0.02, "vietnamese": 0.02,
                   "arabic": 0.02, "russian": 0.02, "asl": 0.01}  # fmt: skip


@lru_cache(maxsize=1)
def city_zips() -> dict[str, tuple[list[tuple[str, float, float]], list[float]]]:
    """Standard ZIPs per state, weighted so that offices (and people) cluster in cities."""
    import zipcodes

    by_city: dict[tuple[str, str], list[tuple[str, float, float]]] = defaultdict(list)
    for row in zipcodes.list_all():
        if row.get("zip_code_type") != "STANDARD" or not row.get("active", True):
            continue
        try:
            entry = (row["zip_code"], float(row["lat"]), float(row["long"]))
        except (KeyError, TypeError, ValueError):
            continue
        by_city[(row["state"], row["city"])].append(entry)
    result: dict[str, tuple[list, list]] = {}
    for (state, _city), entries in by_city.items():
        zips, weights = result.setdefault(state, ([], []))
        for entry in entries:
            zips.append(entry)
            weights.append(float(len(entries)))  # bigger cities weigh more per ZIP
    return result


def pick_zip(rng: random.Random, state: str) -> tuple[str, float, float] | None:
    zips, weights = city_zips().get(state, ([], []))
    if not zips:
        return None
    return rng.choices(zips, weights)[0]


def pick_state(rng: random.Random) -> str:
    return rng.choices(list(STATE_WEIGHTS), list(STATE_WEIGHTS.values()))[0]


def _weighted_sample(rng: random.Random, weights: dict[str, int], k: int) -> list[str]:
    chosen: list[str] = []
    pool = dict(weights)
    for _ in range(min(k, len(pool))):
        slug = rng.choices(list(pool), list(pool.values()))[0]
        chosen.append(slug)
        del pool[slug]
    return chosen


def _reference(model) -> dict:
    return {item.slug: item for item in model.objects.all()}


def generate(*, count: int, seed: int = 0, batch_size: int = 5000, stdout=None) -> int:
    """Add `count` generated clinicians; returns how many were created."""
    rng = random.Random(seed)
    today = timezone.localdate()
    ensure_bits()
    specialties = _reference(Specialty)
    modalities = _reference(Modality)
    carriers = _reference(Carrier)
    languages = _reference(Language)
    specialty_weights = {s: w for s, w in SPECIALTY_WEIGHTS.items() if s in specialties}
    modality_weights = {m: w for m, w in MODALITY_WEIGHTS.items() if m in modalities}
    offset = Clinician.objects.count()
    states = list(STATE_WEIGHTS)
    created = 0
    for start in range(0, count, batch_size):
        size = min(batch_size, count - start)
        with transaction.atomic():
            plans = [
                _plan(rng, offset + start + i, today, specialty_weights, modality_weights, states)
                for i in range(size)
            ]
            objs = Clinician.objects.bulk_create([plan["clinician"] for plan in plans])
            through_specialties, through_modalities, through_carriers, through_languages = (
                [],
                [],
                [],
                [],
            )
            offices, rows = [], []
            for obj, plan in zip(objs, plans, strict=True):
                rows += build_rows(
                    obj,
                    languages=[languages[s] for s in plan["languages"] if s in languages],
                    carriers=[carriers[s] for s in plan["carriers"] if s in carriers],
                    specialties=[specialties[s] for s, _ in plan["specialties"]],
                    primary_specialties=[
                        specialties[s] for s, level in plan["specialties"] if level == "primary"
                    ],
                    modalities=[modalities[s] for s in plan["modalities"]],
                )
                for slug, level in plan["specialties"]:
                    through_specialties.append(
                        ClinicianSpecialty(
                            clinician_id=obj.pk, specialty_id=specialties[slug].pk, level=level
                        )
                    )
                for slug in plan["modalities"]:
                    through_modalities.append(
                        Clinician.modalities.through(
                            clinician_id=obj.pk, modality_id=modalities[slug].pk
                        )
                    )
                for slug in plan["carriers"]:
                    if slug in carriers:
                        through_carriers.append(
                            Clinician.carriers.through(
                                clinician_id=obj.pk, carrier_id=carriers[slug].pk
                            )
                        )
                for slug in plan["languages"]:
                    if slug in languages:
                        through_languages.append(
                            Clinician.languages.through(
                                clinician_id=obj.pk, language_id=languages[slug].pk
                            )
                        )
                for zip_code, lat, lon, state, city in plan["offices"]:
                    offices.append(
                        Office(
                            clinician_id=obj.pk,
                            zip_code=zip_code,
                            latitude=lat,
                            longitude=lon,
                            state=state,
                            city=city,
                        )
                    )
            ClinicianSpecialty.objects.bulk_create(through_specialties)
            Clinician.modalities.through.objects.bulk_create(through_modalities)
            Clinician.carriers.through.objects.bulk_create(through_carriers)
            Clinician.languages.through.objects.bulk_create(through_languages)
            Office.objects.bulk_create(offices)
            # The same rows refresh_search_rows would build, without reading them back.
            SearchRow.objects.bulk_create(rows)
            pagecache.bump()
        created += size
        if stdout is not None:
            stdout.write(f"  {created} of {count} clinicians")
    return created


def _plan(rng, n, today, specialty_weights, modality_weights, states) -> dict:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    home = pick_state(rng)
    licensed = [home]
    if rng.random() < 0.25:
        licensed.append(rng.choice(states))
    telehealth = rng.random() < 0.85
    in_person = rng.random() < 0.55 or not telehealth
    offices = []
    if in_person:
        for _ in range(1 if rng.random() < 0.85 else 2):
            picked = pick_zip(rng, home)
            if picked:
                offices.append((*picked, home, ""))
        if not offices:
            in_person, telehealth = False, True
    ages = [
        age
        for age, share in (("child", 0.2), ("teen", 0.35), ("adult", 0.92), ("older-adult", 0.4))
        if rng.random() < share
    ] or ["adult"]
    chosen = _weighted_sample(rng, specialty_weights, rng.randint(2, 6))
    primary_count = 1 if rng.random() < 0.7 else 2
    specialties = [
        (slug, "primary" if i < primary_count else "experienced") for i, slug in enumerate(chosen)
    ]
    modalities = set(_weighted_sample(rng, modality_weights, rng.randint(1, 3)))
    for slug, _level in specialties[:2]:
        if slug in AFFINITY and rng.random() < 0.6:
            modalities.add(AFFINITY[slug])
    self_pay_only = rng.random() < 0.12
    carriers = (
        [] if self_pay_only else [s for s, share in CARRIER_SHARES.items() if rng.random() < share]
    )
    langs = ["english"] + [s for s, share in LANGUAGE_SHARES.items() if rng.random() < share]
    accepting = rng.random() < 0.75
    confirmed = (
        today - datetime.timedelta(days=int(rng.expovariate(1 / 30)))
        if rng.random() < 0.9
        else None
    )
    waitlist = None if rng.random() < 0.5 else rng.choice([0, 0, 1, 2, 2, 3, 4, 6, 8])
    gender = rng.choices(["woman", "man", "nonbinary"], [65, 28, 7])[0]
    credentials = rng.choices([c for c, _ in CREDENTIALS], [w for _, w in CREDENTIALS])[0]
    clinician = Clinician(
        npi=complete_npi(f"{300000000 + n:09d}"),
        slug=f"{first}-{last}-{n + 1}".lower(),
        first_name=first,
        last_name=last,
        credentials=credentials,
        pronouns={"woman": "she/her", "man": "he/him", "nonbinary": "they/them"}[gender],
        gender=gender,
        bio="",
        licensed_states=sorted(set(licensed)),
        telehealth=telehealth,
        in_person=in_person,
        age_groups=ages,
        self_pay_rate=rng.choice([90, 110, 120, 130, 140, 150, 160, 180, 200, 225]),
        sliding_scale=rng.random() < 0.3,
        accepting_new_clients=accepting,
        availability_confirmed_on=confirmed,
        waitlist_weeks=waitlist if accepting else None,
        is_active=rng.random() < 0.97,
    )
    return {
        "clinician": clinician,
        "specialties": specialties,
        "modalities": sorted(modalities),
        "carriers": carriers,
        "languages": langs,
        "offices": offices,
    }
