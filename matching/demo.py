# ruff: noqa: E501  (the demo roster reads best as one clinician per line)
"""Demo clinicians for a laptop (`make run` → `manage.py load_demo`): fictional people.

About forty clinicians across Minnesota, Wisconsin, Iowa and a few neighbouring states,
enough to show strong matches (self-harm with DBT, in network with Aetna, on telehealth,
in Minnesota), honest cautions (stale availability, waitlists) and empty results (a
state where nobody is licensed). Loaded through the roster import, so the demo follows
the same rules as a real roster.
"""

from __future__ import annotations

import csv
import datetime
import io

from django.utils import timezone

from matching.demo_portraits import portrait_png
from matching.models import Clinician
from matching.npi import complete_npi
from matching.reference import SPECIALTIES
from matching.roster import COLUMNS
from matching.services import import_roster

# first, last, credentials, pronouns, gender, states, telehealth, office ZIP ("" = none),
# accepting, confirmed days ago (None = never), waitlist weeks, ages, specialties,
# modalities, insurance, self-pay rate, sliding scale, languages
PEOPLE = [
    ("Maya", "Lindqvist", "LICSW", "she/her", "woman", "MN", True, "55408", True, 3, 0, "teen;adult", "self-harm:primary;borderline-personality:primary;suicidal-thoughts", "dbt;cbt", "aetna;medica;healthpartners", 150, True, "English"),
    ("Daniel", "Okafor", "LPCC", "he/him", "man", "MN;WI", True, "", True, 10, 2, "adult", "self-harm:primary;depression;trauma-ptsd", "dbt;act", "aetna;blue-cross-blue-shield", 140, False, "English"),
    ("Priya", "Raman", "PsyD", "she/her", "woman", "MN", True, "55102", True, 40, 3, "teen;adult", "self-harm:primary;eating-disorders", "dbt", "aetna;cigna", 175, False, "English"),
    ("Sam", "Berg", "LMFT", "they/them", "nonbinary", "MN", True, "", True, 5, None, "adult", "lgbtq:primary;self-harm;relationships", "cbt;family-therapy", "aetna;medica", 130, True, "English"),
    ("Hana", "Xiong", "LICSW", "she/her", "woman", "MN", True, "55104", True, 2, None, "teen;adult", "anxiety:primary;self-harm;depression", "cbt;dbt", "aetna;medicaid;healthpartners", 120, False, "English;Hmong"),
    ("Grace", "Peterson", "LP", "she/her", "woman", "MN", False, "55901", True, 14, None, "adult;older-adult", "grief:primary;depression", "act;psychodynamic", "blue-cross-blue-shield;medicare", 160, False, "English"),
    ("Omar", "Warsame", "LICSW", "he/him", "man", "MN", True, "55404", True, 6, 1, "teen;adult", "trauma-ptsd:primary;anxiety", "cpt;emdr", "medica;medicaid", 110, True, "English;Somali;Arabic"),
    ("Ingrid", "Dahl", "LPCC", "she/her", "woman", "MN", True, "", False, 20, None, "adult", "self-harm:primary;suicidal-thoughts:primary", "dbt", "aetna;blue-cross-blue-shield", 150, False, "English"),
    ("Lucia", "Ramirez", "LMFT", "she/her", "woman", "MN", True, "55408", True, 8, None, "child;teen", "adhd:primary;anxiety;relationships", "family-therapy;cbt", "medica;medicaid;healthpartners", 125, False, "English;Spanish"),
    ("Theo", "Larson", "PhD", "he/him", "man", "MN", True, "55802", True, 25, 4, "adult", "ocd:primary;anxiety", "cbt;act", "blue-cross-blue-shield;healthpartners;cigna", 180, False, "English"),
    ("Nadia", "Haddad", "LICSW", "she/her", "woman", "MN", True, "", True, 4, None, "adult", "substance-use:primary;depression;self-harm", "cbt;dbt;act", "aetna;unitedhealthcare", 135, False, "English;Arabic"),
    ("Eli", "Novak", "LPCC", "he/him", "man", "MN", True, "55420", True, 60, None, "adult;older-adult", "depression:primary;grief", "psychodynamic", "medicare;blue-cross-blue-shield", 145, False, "English"),
    ("Kayla", "Thao", "LPCC", "she/her", "woman", "MN", True, "55106", True, 1, 0, "teen", "depression:primary;self-harm;anxiety", "dbt;cbt", "medicaid;medica;healthpartners", 100, True, "English;Hmong"),
    ("Jordan", "Olson", "LMFT", "they/them", "nonbinary", "MN;IA", True, "", True, 12, None, "adult", "relationships:primary;lgbtq:primary", "family-therapy;act", "cigna;aetna", 140, False, "English"),
    ("Rosa", "Castillo", "LICSW", "she/her", "woman", "MN", False, "55407", True, 3, 6, "adult", "bipolar:primary;depression", "cbt;psychodynamic", "aetna;blue-cross-blue-shield", 155, False, "English;Spanish"),
    ("Ben", "Sorensen", "LP", "he/him", "man", "MN", True, "55401", False, 45, None, "adult", "trauma-ptsd:primary;self-harm", "emdr;cpt", "aetna;medica", 170, False, "English"),
    ("Amara", "Johnson", "LPC", "she/her", "woman", "WI", True, "53703", True, 5, None, "teen;adult", "self-harm:primary;depression", "dbt", "blue-cross-blue-shield;unitedhealthcare", 140, False, "English"),
    ("Liam", "Schmidt", "LCSW", "he/him", "man", "WI", True, "53202", True, 9, None, "adult", "anxiety:primary;ocd", "cbt;act", "unitedhealthcare;cigna;medicaid", 130, False, "English"),
    ("Mei", "Chen", "PsyD", "she/her", "woman", "WI;MN", True, "", True, 18, 2, "adult;older-adult", "grief:primary;trauma-ptsd", "emdr;psychodynamic", "aetna;medicare", 165, False, "English"),
    ("Ruth", "Hansen", "LMFT", "she/her", "woman", "WI", False, "54301", True, 30, None, "child;teen", "anxiety:primary;adhd", "family-therapy", "medicaid;unitedhealthcare", 110, True, "English"),
    ("Chris", "Walker", "LPC", "he/him", "man", "WI", True, "54701", False, 70, None, "adult", "substance-use:primary;depression", "cbt;act", "blue-cross-blue-shield", 120, False, "English"),
    ("Sofia", "Reyes", "LCSW", "she/her", "woman", "WI", True, "53204", True, 2, None, "teen;adult", "depression:primary;trauma-ptsd;self-harm", "dbt;cpt", "medicaid;unitedhealthcare", 115, False, "English;Spanish"),
    ("Farah", "Ibrahim", "PhD", "she/her", "woman", "WI", True, "", True, 11, None, "adult", "eating-disorders:primary;anxiety", "cbt;dbt", "cigna;aetna", 185, False, "English"),
    ("Lars", "Quist", "LPC", "he/him", "man", "WI;IA", True, "54601", True, 7, 1, "adult;older-adult", "depression:primary;grief", "act", "medicare;healthpartners", 125, False, "English"),
    ("Emma", "Brooks", "LISW", "she/her", "woman", "IA", True, "50309", True, 4, None, "teen;adult", "anxiety:primary;depression;self-harm", "cbt;dbt", "aetna;blue-cross-blue-shield", 130, False, "English"),
    ("Noah", "Kim", "LMHC", "he/him", "man", "IA", True, "", True, 15, None, "adult", "ocd:primary;anxiety", "cbt;act", "unitedhealthcare;medicaid", 120, False, "English"),
    ("Carmen", "Lopez", "LMFT", "she/her", "woman", "IA", False, "52240", True, 33, 5, "child;teen;adult", "trauma-ptsd:primary;relationships", "family-therapy;emdr", "medicaid;blue-cross-blue-shield", 115, False, "English;Spanish"),
    ("James", "Young", "PsyD", "he/him", "man", "IA", True, "52401", False, 90, None, "adult", "depression:primary;bipolar", "psychodynamic;cbt", "aetna", 170, False, "English"),
    ("Zoe", "Nguyen", "LISW", "she/her", "woman", "IA;IL", True, "", True, 6, None, "teen;adult", "anxiety:primary;eating-disorders", "dbt;cbt", "cigna;unitedhealthcare", 140, False, "English;Vietnamese"),
    ("Tariq", "Abdi", "LMHC", "he/him", "man", "IA", True, "52801", True, 19, None, "adult", "substance-use:primary;trauma-ptsd", "cbt;cpt", "medicaid;unitedhealthcare", 105, True, "English;Somali"),
    ("Ana", "Garcia", "LCPC", "she/her", "woman", "IL", True, "60614", True, 3, None, "adult", "trauma-ptsd:primary;self-harm", "emdr;dbt", "blue-cross-blue-shield;aetna", 160, False, "English;Spanish"),
    ("David", "Martin", "LCSW", "he/him", "man", "IL", True, "", True, 22, None, "adult;older-adult", "grief:primary;depression", "act;psychodynamic", "medicare;unitedhealthcare", 140, False, "English"),
    ("Imani", "Ellison", "LPCC", "she/her", "woman", "ND;MN", True, "", True, 8, None, "teen;adult", "self-harm:primary;anxiety", "dbt", "blue-cross-blue-shield;medica;aetna", 135, False, "English"),
    ("Wei", "Yang", "LP", "he/him", "man", "SD;MN", True, "57104", True, 13, None, "adult", "anxiety:primary;ocd", "cbt;act", "medica;healthpartners", 150, False, "English"),
    ("Kai", "Moua", "LPCC", "he/him", "man", "MN", True, "", True, 9, None, "child;teen", "adhd:primary;anxiety", "cbt;family-therapy", "medicaid;healthpartners;medica", 110, False, "English;Hmong"),
    ("Vera", "Anderson", "LICSW", "she/her", "woman", "MN", True, "55403", True, 27, 2, "adult;older-adult", "grief:primary;depression", "act;psychodynamic", "medicare;blue-cross-blue-shield;healthpartners", 140, False, "English"),
    ("Yusuf", "Fofana", "LMFT", "he/him", "man", "MN", True, "", True, 16, None, "adult", "relationships:primary;anxiety", "family-therapy;cbt", "", 95, True, "English"),
    ("Leah", "Diaz", "LPCC", "she/her", "woman", "MN", True, "55408", False, 10, None, "teen;adult", "eating-disorders:primary;self-harm", "dbt;cbt", "aetna;medica", 150, False, "English"),
    ("Quinn", "Ortiz", "LICSW", "they/them", "nonbinary", "MN;WI", True, "", True, 2, None, "teen;adult", "lgbtq:primary;self-harm;suicidal-thoughts", "dbt;act", "aetna;healthpartners", 130, True, "English"),
    ("Mira", "Gupta", "PhD", "she/her", "woman", "MN", True, "55902", True, 21, 3, "adult", "bipolar:primary;anxiety", "cbt;psychodynamic", "blue-cross-blue-shield;cigna", 175, False, "English"),
]  # fmt: skip

# One line in each clinician's own voice, by primary focus.
VOICE = {
    "self-harm": "If you have been hurting yourself to get through, you are not in trouble with "
    "me. We will work on what the hurt is doing for you, and find other ways through.",
    "borderline-personality": "Big feelings make sense here. We build skills for the moments "
    "that feel unbearable, at a pace that feels safe.",
    "anxiety": "Worry can take up the whole room. Together we make it smaller, one "
    "practical step at a time.",
    "grief": "There is no right way to grieve. I offer a steady place to remember, "
    "to feel what you feel, and to keep living.",
    "trauma-ptsd": "What happened to you is not who you are. We go slowly, and you stay in "
    "charge of what we talk about.",
    "adhd": "I help kids, teens and their families turn frustration into plans that "
    "actually fit their days.",
    "ocd": "Intrusive thoughts are not a verdict on who you are. We use proven tools to "
    "loosen their grip.",
    "substance-use": "No judgment about where you are starting. We look at what the "
    "substance has been doing for you, and what you want next.",
    "depression": "When everything feels heavy, even starting is hard. We start small, and "
    "we start together.",
    "lgbtq": "You can bring all of who you are here. My practice is affirming, and I listen "
    "for what matters to you.",
    "relationships": "I work with people and partners who want to feel less alone inside "
    "their closest relationships.",
    "eating-disorders": "Recovery is possible, and it is not a straight line. I work "
    "alongside you and, when you want, your care team.",
    "bipolar": "I help people understand their own patterns and build routines that hold "
    "through the highs and the lows.",
}

# The fuller profile: how each works, by the therapy they name first; who they see, by age;
# and what a first session is like (three ways of saying it, in turn).
APPROACH = {
    "dbt": "I use DBT: practical skills for riding out painful moments, alongside real "
    "acceptance of where you are now. Between sessions you try things out; in session we "
    "look at what helped and what did not, without blame.",
    "cbt": "I use CBT, which looks at the links between what you think, feel and do. It is "
    "hands-on: we try small experiments in daily life and adjust as we learn.",
    "act": "I draw on ACT: making room for hard feelings instead of fighting them, and "
    "moving toward what matters to you, even while things are difficult.",
    "psychodynamic": "I work psychodynamically: we take time to understand patterns that "
    "started long ago and still shape how you feel and relate today.",
    "emdr": "I am trained in EMDR, which helps the mind process painful memories so they "
    "lose some of their charge. We prepare carefully, and you set the pace.",
    "cpt": "I use CPT, which looks at the stories a trauma left behind, such as blame or "
    "not being safe anywhere, and helps you check them against what you know now.",
    "family-therapy": "I often bring in the people closest to you, when you want that, so "
    "change happens where you live, not only in my office.",
}
AGES = {
    "child": "children (with their parents or carers)",
    "teen": "teenagers",
    "adult": "adults",
    "older-adult": "older adults",
}
FIRST_SESSION = [
    "The first session is mostly listening. I ask what brings you in and what you hope will "
    "change, and you share as much or as little as you like. We end with a simple plan.",
    "We start by getting to know each other. You can ask me anything about how I work. "
    "By the end we will both have a sense of whether we are a good fit.",
    "Nothing is expected of you in the first session except showing up. We talk about what "
    "is going on now, what you have tried, and what you would like to be different.",
]


def works_with(ages: str, specialties: str) -> str:
    """Who they see, in their words: "I work with adults. Most often: anxiety and grief."."""
    names = dict(SPECIALTIES)
    people = [AGES[a] for a in ages.split(";") if a in AGES]
    focus = [names[x.split(":")[0]] for x in specialties.split(";") if x.split(":")[0] in names]
    focus = [n if n.split()[0].isupper() else n[0].lower() + n[1:] for n in focus[:3]]
    text = f"I work with {_and(people)}."
    return f"{text} Most often: {_and(focus)}." if focus else text


def _and(words: list[str]) -> str:
    return " and ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


def has_portrait(n: int) -> bool:
    """Most demo clinicians have a portrait; every seventh shows the initials avatar."""
    return n % 7 != 3


def portrait_file(first: str, last: str) -> str:
    return f"{first}-{last}.png".lower()


class DemoPortraits:
    """The roster's photo files, drawn when the import asks for them."""

    where = "among the demo portraits"

    def __init__(self):
        self.names = {portrait_file(p[0], p[1]): f"{p[0]} {p[1]}" for p in PEOPLE}

    def read(self, name: str) -> bytes | None:
        full_name = self.names.get(name)
        return portrait_png(full_name) if full_name else None


def demo_email(first: str, last: str) -> str:
    """A demo clinician's address: at example.org's sibling, so nothing ever leaves."""
    return f"{first}.{last}@clinicians.ellie.example".lower()


def roster_csv(today: datetime.date) -> io.BytesIO:
    """The demo roster as a CSV, with dates relative to `today`."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    for n, person in enumerate(PEOPLE):
        (first, last, credentials, pronouns, gender, states, telehealth, office_zip, accepting,
         confirmed_days, waitlist, ages, specialties, modalities, insurance, rate, sliding,
         languages) = person  # fmt: skip
        focus = specialties.split(";")[0].split(":")[0]
        confirmed = (
            (today - datetime.timedelta(days=confirmed_days)).isoformat()
            if confirmed_days is not None
            else ""
        )
        writer.writerow(
            {
                "npi": complete_npi(f"{170000100 + n * 37:09d}"),
                "first_name": first,
                "last_name": last,
                "credentials": credentials,
                "pronouns": pronouns,
                "gender": gender,
                "bio": VOICE.get(focus, ""),
                "approach": APPROACH.get(modalities.split(";")[0], ""),
                "works_with": works_with(ages, specialties),
                "first_session": FIRST_SESSION[n % len(FIRST_SESSION)],
                "languages": languages,
                "licensed_states": states,
                "telehealth": "yes" if telehealth else "no",
                "in_person": "yes" if office_zip else "no",
                "accepting_new_clients": "yes" if accepting else "no",
                "sliding_scale": "yes" if sliding else "no",
                "office_zip": office_zip,
                "availability_confirmed_on": confirmed,
                "waitlist_weeks": "" if waitlist is None else waitlist,
                "ages": ages,
                "specialties": specialties,
                "modalities": modalities,
                "insurance": insurance,
                "self_pay_rate": rate,
                "photo": portrait_file(first, last) if has_portrait(n) else "",
                "email": demo_email(first, last),
                "phone": f"+1612555{n:04d}",
            }
        )
    return io.BytesIO(out.getvalue().encode())


def load(stdout) -> None:
    """Load the demo clinicians once; do nothing when any clinician exists."""
    if Clinician.objects.exists():
        stdout.write("Clinicians already exist: demo clinicians not loaded.")
        return
    result = import_roster(file=roster_csv(timezone.localdate()), photos=DemoPortraits())
    if not result.ok:
        raise RuntimeError("The demo roster is invalid: " + "; ".join(map(str, result.errors)))
    stdout.write(f"Loaded {result.created} demo clinicians.")
