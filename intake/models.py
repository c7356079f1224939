"""Match requests: what a person asked for, what they were shown, and the staff's work on them.

A request keeps its answers in typed fields (staff filter on them), a snapshot of the
ranked matches shown at submission, and its safety-screen result. Nothing here is ever
written to a log, a URL or an email body; see docs/intake.md.
"""

import hashlib
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_lazy as translated_later
from django.utils.translation import gettext_noop

from conditions.models import Condition
from intake import targets
from intake.staff.workflow import Outcome, Status
from matching.models import Clinician
from matching.places import PERSON_AGE_GROUPS
from matching.ranking import Preferences

# No 0/O or 1/I: a code read aloud over the phone cannot be misheard as another.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
SAME_DAY_CONCERNS = ("self-harm", "suicidal-thoughts")


def new_reference() -> str:
    """`ELL-7K3Q-9MPD`: 40 random bits, easy to read aloud, not a count of anything."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"ELL-{chars[:4]}-{chars[4:]}"


def new_results_token() -> str:
    return secrets.token_urlsafe(32)


def hash_results_token(token: str) -> str:
    """What is stored of a results token: its SHA-256 (the token itself is 256 random bits).

    As with Django's password reset links, the database never holds what opens the page:
    someone who reads the table (or the admin) cannot open anyone's results.
    """
    return hashlib.sha256(token.encode()).hexdigest()


# What `new_results_token` makes (43 URL-safe characters), with room for a longer one later.
RESULTS_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{32,64}")


# Which age group a person is in: the codes clinicians are matched on (matching.places).
AgeGroup = models.TextChoices(
    "AgeGroup",
    [(code.upper().replace("-", "_"), (code, label)) for code, label in PERSON_AGE_GROUPS],
)

# A preference among the genders clinicians record: "A nonbinary clinician".
NO_PREFERENCE = ""
GENDER_PREFERENCES = [(NO_PREFERENCE, _("No preference"))] + [
    (gender.value, translated_later(f"A {gender.word}")) for gender in Clinician.Gender
]
# The labels above, for the Spanish catalogue (composed at import, so marked here).
_GENDER_LABELS = (
    gettext_noop("A woman"),
    gettext_noop("A man"),
    gettext_noop("A nonbinary clinician"),
)


class ContactMethod(models.TextChoices):
    """How the person asked to be reached, and how staff tried to reach them."""

    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("Email")


class MatchRequestQuerySet(models.QuerySet):
    def by_tier(self):
        """Right now first, then urgent, then routine; oldest first within each."""
        return self.annotate(tier_rank=TIER_RANK).order_by("tier_rank", "created_at", "id")

    def count_by_tier(self) -> dict[targets.Tier, int]:
        """``{Tier.ACUTE: 2, Tier.URGENT: 0, Tier.ROUTINE: 5}`` in one query."""
        counts = dict(
            self.annotate(tier_rank=TIER_RANK)
            .order_by()
            .values("tier_rank")
            .annotate(n=models.Count("id"))
            .values_list("tier_rank", "n")
        )
        return {tier: counts.get(tier.rank, 0) for tier in targets.Tier}

    def urgent(self):
        return self.filter(urgent=True)

    def open(self):
        return self.exclude(status=MatchRequest.Status.CLOSED)

    def with_results_token(self, token: str):
        """The request whose results page this token opens, while it still may.

        The token comes from a cookie, so it can be anything: a value that cannot be one
        of ours (a NUL byte, which PostgreSQL refuses in a query) finds nothing.
        """
        if not isinstance(token, str) or not RESULTS_TOKEN_RE.fullmatch(token):
            return self.none()
        since = timezone.now() - timedelta(hours=settings.INTAKE_RESULTS_TTL_HOURS)
        return self.filter(results_token_hash=hash_results_token(token), created_at__gte=since)

    # Staff review (docs/staff.md).
    def for_queue(self):
        """What a queue row shows, in a constant number of queries however many rows."""
        return (
            self.select_related("assigned_to")
            .prefetch_related("concerns")
            .annotate(**_referral_state())
            .annotate(
                coverage_checked=models.Exists(
                    CoverageCheck.objects.filter(request=models.OuterRef("pk"))
                )
            )
            .by_tier()
        )

    def queue_filtered(
        self,
        *,
        status: str = "open",
        assigned_to=None,
        unassigned: bool = False,
        urgent_only: bool = False,
        overdue_only: bool = False,
        now=None,
    ):
        """The staff queue's filters: ``status`` is "open", "all" or one status."""
        requests = self
        if status == "open":
            requests = requests.open()
        elif status in Status.values:
            requests = requests.filter(status=status)
        if assigned_to is not None:
            requests = requests.filter(assigned_to=assigned_to)
        elif unassigned:
            requests = requests.filter(assigned_to__isnull=True)
        if urgent_only:
            requests = requests.urgent()
        if overdue_only:
            requests = requests.overdue(now)
        return requests

    def awaiting_contact(self):
        """Open requests nobody has tried to reach yet: their response target still runs."""
        return self.open().filter(first_contact_at__isnull=True)

    def overdue(self, now=None, *, calendar=None):
        """Past their target with no contact yet, by the same rules as ``intake.targets``."""
        now = now or timezone.now()
        calendar = calendar or targets.practice_calendar()
        late = Q()
        for tier, in_tier in TIER_FILTERS.items():
            cutoff = targets.overdue_cutoff(now, tier=tier, calendar=calendar)
            late |= in_tier & Q(created_at__lt=cutoff)
        return self.awaiting_contact().filter(late)


class MatchRequest(models.Model):
    """One person's request to be matched with a therapist."""

    Status = Status  # the workflow's (intake.staff.workflow), reachable as MatchRequest.Status

    class Safety(models.TextChoices):
        NONE = "none", "No to every question"
        ANY_YES = "any_yes", "Yes to a question about recent weeks"
        RIGHT_NOW = "right_now", "Yes to thoughts of suicide right now"

    class UrgentReason(models.TextChoices):
        NONE = "", "Not urgent"
        SAFETY_RIGHT_NOW = "safety_right_now", "Safety screen: yes to right now"
        SAFETY_SCREEN = "safety_screen", "Safety screen: yes to a recent-weeks question"
        CONCERN = "concern", "Self-harm or suicidal thoughts chosen as a concern"

    class Format(models.TextChoices):
        TELEHEALTH = "telehealth", _("Telehealth (video)")
        IN_PERSON = "in_person", _("In person")
        EITHER = "either", _("Either is fine")

    AgeGroup = AgeGroup
    ContactMethod = ContactMethod

    class Payment(models.TextChoices):
        INSURANCE = "insurance", _("Insurance")
        SELF_PAY = "self_pay", _("Self-pay")

    # Identity of the request (never of the person).
    reference = models.CharField(max_length=13, unique=True, default=new_reference, editable=False)
    # Only the hash of the token in the person's results cookie (``hash_results_token``).
    results_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    form_token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    # Workflow.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    urgent = models.BooleanField(default=False, db_index=True)
    urgent_reason = models.CharField(
        max_length=20, choices=UrgentReason.choices, default=UrgentReason.NONE, blank=True
    )

    class Answer(models.TextChoices):
        """A safety-screen answer. As in the ASQ, a refusal counts as a positive screen."""

        YES = "yes", "Yes"
        NO = "no", "No"
        DECLINED = "declined", "Rather not say"
        NOT_ASKED = "", "Not asked"

    # Safety screen (modelled on the NIMH ASQ). Each answer is kept, so staff see why.
    # "Right now" is asked only after a yes (or a refusal) to one of the first four.
    safety = models.CharField(max_length=10, choices=Safety.choices, default=Safety.NONE)
    asq_wished_dead = models.CharField(
        "Wished they were dead (past few weeks)", max_length=8, choices=Answer.choices
    )
    asq_better_off_dead = models.CharField(
        "Felt others would be better off (past few weeks)", max_length=8, choices=Answer.choices
    )
    asq_thoughts_of_suicide = models.CharField(
        "Thoughts of suicide (past week)", max_length=8, choices=Answer.choices
    )
    asq_ever_attempted = models.CharField(
        "Ever tried to end their life", max_length=8, choices=Answer.choices
    )
    asq_right_now = models.CharField(
        "Thoughts of suicide right now", max_length=8, choices=Answer.choices, blank=True
    )

    # What matching needs.
    concerns = models.ManyToManyField("matching.Specialty", blank=True, related_name="+")
    format = models.CharField(max_length=12, choices=Format.choices)
    state = models.CharField(max_length=2)
    zip_code = models.CharField(max_length=5, blank=True)
    distance_miles = models.PositiveSmallIntegerField(default=25)
    date_of_birth = models.DateField()
    age_group = models.CharField(max_length=12, choices=AgeGroup.choices)
    payment = models.CharField(max_length=10, choices=Payment.choices)
    carrier = models.ForeignKey(
        "matching.Carrier", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    out_of_network_ok = models.BooleanField(default=False)
    budget = models.PositiveIntegerField(null=True, blank=True, help_text="Dollars per session")
    sliding_scale = models.BooleanField(default=False)
    clinician_gender = models.CharField(
        max_length=10, choices=GENDER_PREFERENCES, default=NO_PREFERENCE, blank=True
    )
    language = models.ForeignKey(
        "matching.Language", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    modalities = models.ManyToManyField("matching.Modality", blank=True, related_name="+")
    # The language of the pages the person asked in (/es/: Spanish). Their results, reasons
    # and emails are in it; staff see it on the request.
    site_language = models.CharField(
        "language the person used",
        max_length=8,
        choices=[("en", "English"), ("es", "Spanish")],
        default="en",
    )
    # Lists of day and time-of-day codes; shown to staff, never filtered on in SQL.
    available_days = models.JSONField(default=list, blank=True)
    available_times = models.JSONField(default=list, blank=True)

    # How to reach the person.
    first_name = models.CharField(max_length=60)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True, help_text="E.164, e.g. +16125550100")
    contact_method = models.CharField(max_length=10, choices=ContactMethod.choices)
    voicemail_ok = models.BooleanField(default=False)
    consent_to_contact = models.BooleanField(default=False)
    email_confirmation = models.BooleanField(default=False)
    guardian_name = models.CharField(max_length=120, blank=True)
    guardian_phone = models.CharField(max_length=20, blank=True)
    guardian_email = models.EmailField(blank=True)

    # The results page: the person's own pick (or staff's).
    staff_choose = models.BooleanField(default=False)
    chosen_at = models.DateTimeField(null=True, blank=True)
    match_explanation = models.TextField(blank=True)

    # Staff review (docs/staff.md). ``version`` guards against two people changing the
    # request at once: every change is an UPDATE … WHERE version = the one they saw.
    version = models.PositiveIntegerField(default=1, editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="assigned staff",
    )
    assigned_clinician = models.ForeignKey(
        "matching.Clinician",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = MatchRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-urgent", "created_at"]
        indexes = [models.Index(fields=["status", "urgent", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""), name="intake_request_has_contact"
            ),
        ]

    # The token itself, on the instance that made it only (to set the cookie); never stored.
    results_token: str | None = None

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs):
        if not self.results_token_hash:
            self.results_token = new_results_token()
            self.results_token_hash = hash_results_token(self.results_token)
        super().save(*args, **kwargs)

    @property
    def safety_yes_answers(self) -> list[str]:
        """The labels of the safety questions answered yes, or declined (said so)."""
        labels = []
        for name in ASQ_FIELDS:
            value = getattr(self, name)
            label = self._meta.get_field(name).verbose_name
            if value == self.Answer.YES:
                labels.append(label)
            elif value == self.Answer.DECLINED:
                labels.append(f"{label} (rather not say)")
        return labels

    @property
    def crisis_first(self) -> bool:
        return self.safety == self.Safety.RIGHT_NOW

    @property
    def tier(self) -> targets.Tier:
        """Right now, urgent or routine (``intake.targets``); the queue sorts by it."""
        return targets.tier_for(right_now=self.crisis_first, urgent=self.urgent)

    @property
    def has_chosen(self) -> bool:
        return self.chosen_at is not None

    def chosen_matches(self):
        return self.matches.filter(chosen=True)

    @property
    def due_at(self):
        """When the first contact is due (``intake.targets``)."""
        return targets.due_at(self.created_at, tier=self.tier)

    def first_contact_phrase(self, now=None) -> str:
        """When we will reach out, in words for the person: ``{{ r.first_contact_phrase }}``."""
        return targets.first_contact_phrase(submitted_at=self.created_at, tier=self.tier, now=now)

    def ranking_preferences(
        self,
        *,
        concerns: tuple[str, ...] | None = None,
        modalities: tuple[str, ...] | None = None,
    ) -> Preferences:
        """What the ranking is asked for this request: at submission and on a staff re-run.

        ``concerns`` and ``modalities`` (slugs) may be given when they are at hand, so a
        request that was just written is not read back; otherwise they are read, sorted.
        Self-pay drops the carrier and keeps the budget; insurance the other way round. The
        seed is the form token, so the same request ranks the same way.
        """
        if concerns is None:
            concerns = tuple(sorted(c.slug for c in self.concerns.all()))
        if modalities is None:
            modalities = tuple(sorted(m.slug for m in self.modalities.all()))
        self_pay = self.payment == self.Payment.SELF_PAY
        return Preferences(
            state=self.state,
            format=self.format,
            zip_code=self.zip_code,
            distance_miles=self.distance_miles,
            age_group=self.age_group,
            concerns=concerns,
            recommended_modalities=Condition.objects.recommended_modality_slugs(concerns),
            modalities=modalities,
            carrier="" if self_pay or self.carrier is None else self.carrier.slug,
            out_of_network_ok=self.out_of_network_ok,
            self_pay=self_pay,
            budget=self.budget if self_pay else None,
            sliding_scale=self.sliding_scale,
            language=self.language.slug if self.language else "",
            gender=self.clinician_gender,
            seed=self.form_token,
        )

    def target_state(self, now=None) -> targets.TargetState:
        return targets.target_state(
            due=self.due_at,
            now=now or timezone.now(),
            contacted=self.first_contact_at is not None or self.status == self.Status.CLOSED,
            due_soon=targets.due_soon_window(self.tier),
        )


def _referral_state() -> dict:
    """Where the request's referral stands (the clinicians' side owns referrals, through
    the `referrals` relation): the latest one's status and how many passed before it."""
    referral = MatchRequest.referrals.rel.related_model
    mine = referral.objects.filter(request=models.OuterRef("pk"))
    return {
        "referral_status": models.Subquery(
            mine.order_by("-offered_at", "-id").values("status")[:1]
        ),
        "referrals_passed": models.Subquery(
            mine.exclude(status="offered")
            .order_by()
            .values("request")
            .annotate(n=models.Count("id"))
            .values("n")[:1]
        ),
    }


# The tier in SQL, as ``intake.targets.tier_for`` decides it: right now 0, urgent 1, routine 2.
TIER_RANK = models.Case(
    models.When(safety=MatchRequest.Safety.RIGHT_NOW, then=models.Value(0)),
    models.When(urgent=True, then=models.Value(1)),
    default=models.Value(2),
    output_field=models.PositiveSmallIntegerField(),
)
TIER_FILTERS = {
    targets.Tier.ACUTE: Q(safety=MatchRequest.Safety.RIGHT_NOW),
    targets.Tier.URGENT: Q(urgent=True) & ~Q(safety=MatchRequest.Safety.RIGHT_NOW),
    targets.Tier.ROUTINE: Q(urgent=False) & ~Q(safety=MatchRequest.Safety.RIGHT_NOW),
}


ASQ_FIELDS = (
    "asq_wished_dead",
    "asq_better_off_dead",
    "asq_thoughts_of_suicide",
    "asq_ever_attempted",
    "asq_right_now",
)


class RequestMatch(models.Model):
    """One row of the ranked list a person was shown when they asked (a snapshot)."""

    request = models.ForeignKey(MatchRequest, on_delete=models.CASCADE, related_name="matches")
    # Kept when a clinician later leaves: the snapshot still says who was shown.
    clinician = models.ForeignKey(
        "matching.Clinician", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    clinician_name = models.CharField(max_length=200)
    rank = models.PositiveSmallIntegerField()
    score = models.IntegerField()
    reasons = models.JSONField(default=list)
    cautions = models.JSONField(default=list)
    relaxed = models.BooleanField(default=False)
    distance_miles = models.FloatField(null=True, blank=True)
    chosen = models.BooleanField(default=False)

    class Meta:
        ordering = ["request", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["request", "rank"], name="intake_match_unique_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.request} #{self.rank}"


# --- Staff review: notes, contact attempts, coverage checks and the audit trail ---------


class Note(models.Model):
    """A staff note on a request. Its text never goes into the audit."""

    request = models.ForeignKey(MatchRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=4000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Note on {self.request_id}"


class ContactAttempt(models.Model):
    """One try at reaching the person: when, how, and what happened."""

    Method = ContactMethod

    class Result(models.TextChoices):
        REACHED = "reached", "Spoke with them"
        VOICEMAIL = "voicemail", "Left a voicemail"
        NO_ANSWER = "no_answer", "No answer, no message left"
        MESSAGE_SENT = "message_sent", "Message sent"
        REPLIED = "replied", "They replied"
        WRONG_NUMBER = "wrong_number", "Wrong number or address"

    request = models.ForeignKey(
        MatchRequest, on_delete=models.CASCADE, related_name="contact_attempts"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    attempted_at = models.DateTimeField()
    method = models.CharField(max_length=10, choices=Method.choices)
    result = models.CharField(max_length=20, choices=Result.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-attempted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()}: {self.get_result_display()}"


class CoverageCheck(models.Model):
    """What staff found out about the person's coverage before the first session."""

    request = models.ForeignKey(
        MatchRequest, on_delete=models.CASCADE, related_name="coverage_checks"
    )
    carrier = models.ForeignKey(
        "matching.Carrier", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    in_network = models.BooleanField(help_text="In network with the carrier")
    estimated_cost = models.DecimalField(
        "estimated cost per session (USD)", max_digits=7, decimal_places=2
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-checked_at", "-id"]

    def __str__(self) -> str:
        return f"Coverage check on {self.request_id}"


class AuditEvent(models.Model):
    """Who did what to which request, when, from where. Append-only.

    ``request_id`` is a plain number, not a foreign key: when a request is purged its
    audit trail stays, naming only the id. ``detail`` is short and never carries answers,
    names, notes or contact details.
    """

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        RERUN = "rerun", "Re-ran matching"
        ASSIGN = "assign", "Assigned staff"
        ASSIGN_CLINICIAN = "assign_clinician", "Assigned a clinician"
        STATUS = "status", "Changed status"
        CONTACT = "contact", "Recorded a contact attempt"
        NOTE = "note", "Added a note"
        COVERAGE = "coverage", "Recorded a coverage check"
        CONFLICT = "conflict", "Change refused: the request had changed"
        PURGE = "purge", "Purged after the retention period"
        CHOICE = "choice", "The person chose on their results page"
        REFERRAL = "referral", "Referral to a clinician"

    at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept when the account is deleted, so the trail still says who.
    actor_username = models.CharField(max_length=150, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    request_id = models.BigIntegerField(db_index=True)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["request_id", "at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} request {self.request_id}"


class RateCounter(models.Model):
    """How many times a hashed key (an address, an email address) was counted in one window.

    Bumped only by ``intake.antispam.bump`` with one atomic upsert; no address is stored,
    only a keyed hash of it. Rows are deleted once their window ends (``purge_requests``).
    """

    key = models.CharField(max_length=64)
    bucket = models.BigIntegerField(help_text="Window number: seconds since 1970 // window")
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "bucket"], name="intake_ratecounter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.count} in window {self.bucket}"
