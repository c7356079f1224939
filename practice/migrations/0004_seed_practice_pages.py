"""The practice's five pages, published, in the practice's voice; and the Content editors
group may edit them. A page that already exists is never overwritten."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Content editors"
MODELS = ["practicepage", "practicepagesection"]
ACTIONS = ("add", "change", "delete", "view")

PAGES = [
    {
        "slug": "about",
        "order": 10,
        "title": "About us",
        "summary": "An outpatient mental-health practice: therapists who listen first, match "
        "you with care, and explain things in plain words.",
        "intro": "We are an outpatient mental-health practice. People come to us with anxiety, "
        "low mood, trauma, self-harm, grief, eating concerns, and the kind of stress that does "
        "not have a name yet. Whatever brings you here, you are welcome, and you do not have to "
        "have the right words.\n\n"
        "We believe the relationship with your therapist matters as much as the method. That is "
        "why we take care to match you with someone who fits, and why we tell you our reasons.",
        "sections": [
            (
                "What we believe",
                "- Asking for help is a strength, not a last resort\n"
                "- You deserve to be met without judgment, wherever you are starting from\n"
                "- Therapy works best when it fits your life: your schedule, your budget, your "
                "language\n"
                "- People get better. Change is often slower than we want, and it is real",
            ),
            (
                "Who we are",
                "Our clinicians are licensed therapists, counselors, social workers and "
                "psychologists. Many are trained in approaches with strong research behind them, "
                "such as DBT, CBT and EMDR. You can read about each of them, in their own words, "
                "on their profiles.",
            ),
            (
                "What we are not",
                "We are not an emergency service, and our website and forms are not watched "
                "around the clock. If you are in danger right now, call or text 988, or call 911.",
            ),
        ],
    },
    {
        "slug": "locations",
        "order": 20,
        "title": "Locations and hours",
        "summary": "Where to find us, when we are open, and how to reach us. Many of our "
        "clinicians also meet by secure video.",
        "intro": "You can see us in person at our office or meet your therapist by secure video "
        "from wherever you feel comfortable. Our phone, address and hours are below.",
        "sections": [
            (
                "Getting here",
                "Our office is on the ground floor and step-free. Tell us if you need anything "
                "to make your visit easier, such as a quieter waiting time or an interpreter, "
                "and we will arrange it.",
            ),
            (
                "Telehealth",
                "Many of our clinicians offer sessions by secure video. All you need is a quiet, "
                "private place and a phone or computer. Each clinician's profile says whether "
                "they meet in person, by video, or both.",
            ),
            (
                "Outside office hours",
                "Our front desk answers calls during the hours shown. Messages left after hours "
                "are returned on the next business day. If you need help sooner, call or text "
                "988 at any time.",
            ),
        ],
    },
    {
        "slug": "what-to-expect",
        "order": 30,
        "title": "What to expect at your first appointment",
        "summary": "What happens before, during and after your first session, so the first "
        "step feels a little less unknown.",
        "intro": "Starting therapy can feel like a lot. It helps to know what happens, so here "
        "it is, step by step. You can ask questions at any point.",
        "sections": [
            (
                "Before you come",
                "After you ask for a match, our intake team reaches out within one business "
                "day. They check your insurance or talk through self-pay, and book a time with "
                "the therapist you chose. You will get a few forms to fill in before the first "
                "session; if anything on them is hard to answer, leave it blank.",
            ),
            (
                "The first session",
                "The first session is mostly a conversation. Your therapist will ask what brings "
                "you in, what you hope will change, and a little about your life. You decide how "
                "much to share. It usually lasts about an hour.\n\n"
                "- You can ask about their approach and how they work\n"
                "- You can say what you do and do not want to talk about yet\n"
                "- Together you make a first plan: how often to meet and what to focus on",
            ),
            (
                "If it does not feel right",
                "Fit matters. If, after a session or two, the match does not feel right, tell "
                "us. We will help you find someone else, with no awkwardness and no need to "
                "explain.",
            ),
        ],
    },
    {
        "slug": "fees-and-insurance",
        "order": 40,
        "title": "Fees and insurance",
        "summary": "How insurance, self-pay and our sliding scale work, and how we help you "
        "understand the cost before you start.",
        "intro": "Money should not be the reason someone goes without care. We will help you "
        "understand what therapy will cost before your first session, so there are no surprises.",
        "sections": [
            (
                "Using your insurance",
                "Our clinicians are in network with many insurance plans, and each profile "
                "lists the ones they accept. Before you start, our intake team checks your "
                "coverage and tells you what you can expect to pay per session, such as a "
                "copay or what counts toward your deductible.",
            ),
            (
                "Paying for yourself",
                "If you would rather not use insurance, or your plan is not one we accept, you "
                "can pay for yourself. Each clinician's self-pay rate is on their profile. When "
                "you ask for a match you can tell us a budget, and we will suggest clinicians "
                "within it.",
            ),
            (
                "Sliding scale",
                "Some of our clinicians offer a sliding scale: a lower fee based on what you can "
                "afford. Choose the sliding scale when you ask for a match, and we will show you "
                "who offers it. You will not be asked to prove your income to us.",
            ),
            (
                "Good Faith Estimate",
                "If you are not using insurance, you have the right to receive a Good Faith "
                "Estimate of the expected cost of your care. Ask our intake team for one at any "
                "time.",
            ),
        ],
    },
    {
        "slug": "privacy",
        "order": 50,
        "title": "Your privacy, in plain words",
        "summary": "What we collect when you ask for a match, who sees it, how long we keep it, "
        "and what we never do with it.",
        "intro": "What you tell us is personal, and we treat it that way. This page says, in "
        "plain words, what we collect, who can see it, and what we never do.",
        "sections": [
            (
                "What we collect",
                "When you ask for a match, we keep what you type in the form: how to reach you, "
                "what you would like help with, and your preferences. We use it to suggest "
                "therapists and to contact you. Reading our pages collects nothing about you.",
            ),
            (
                "Who can see it",
                "Only our intake team, who work your request, and the clinicians you choose. "
                "Everyone who can see it signs in with a second step, and every time someone "
                "opens a request it is recorded.",
            ),
            (
                "What we never do",
                "- We never sell or share your information for advertising\n"
                "- We use no trackers, no advertising cookies and no outside analytics\n"
                "- We never put what you told us into a web address or an email subject",
            ),
            (
                "How long we keep it",
                "We keep a request for two years after it was made, "
                "and then delete it. Your match results are available on your device for one "
                "day only. The “Leave this site” button also clears them from the device you "
                "are using.",
            ),
            (
                "Your choices",
                "You can ask us what we hold about you, ask us to correct it, or ask us to "
                "delete it. Call or email us (details at the bottom of every page).",
            ),
        ],
    },
]


def forwards(apps, schema_editor):
    create_permissions(
        global_apps.get_app_config("practice"),
        apps=apps,
        verbosity=0,
        using=schema_editor.connection.alias,
    )
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="practice",
            codename__in=[f"{action}_{model}" for model in MODELS for action in ACTIONS],
        )
    )

    Page = apps.get_model("practice", "PracticePage")
    Section = apps.get_model("practice", "PracticePageSection")
    for data in PAGES:
        if Page.objects.filter(slug=data["slug"]).exists():
            continue
        fields = {k: v for k, v in data.items() if k != "sections"}
        # The contact panel on the page where people look for it; the footer has it too.
        fields.setdefault("show_contact", data["slug"] == "locations")
        page = Page.objects.create(is_published=True, **fields)
        Section.objects.bulk_create(
            Section(page=page, order=10 * (i + 1), heading=heading, text=text)
            for i, (heading, text) in enumerate(data["sections"])
        )


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0003_practice_pages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
