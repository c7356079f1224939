"""Writes with side effects for intake: one transaction each."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_variables

from intake import antispam
from intake.models import ASQ_FIELDS, AuditEvent, MatchRequest, RequestMatch
from intake.rules import SafetyAnswers, answer_word, safety_result, urgent_reason
from intake.targets import Tier
from matching.models import Carrier, Language, Modality, Specialty
from matching.ranking import RankResult, rank
from outbox import services as outbox
from outbox.models import OutboxMessage
from practice.models import Practice

MAX_CHOICES = 3
SNAPSHOT_LIMIT = 10


@dataclass(frozen=True)
class Answers:
    """Everything a person told us on the form, cleaned and typed."""

    concerns: tuple[str, ...]
    # "yes", "no", "declined" ("" for right now when not asked); True/False read as yes/no.
    asq_wished_dead: str | bool
    asq_better_off_dead: str | bool
    asq_thoughts_of_suicide: str | bool
    asq_ever_attempted: str | bool
    asq_right_now: str | bool
    format: str
    state: str
    date_of_birth: date
    age_group: str
    payment: str
    first_name: str
    contact_method: str
    consent_to_contact: bool
    zip_code: str = ""
    distance_miles: int = 25
    carrier: str = ""
    out_of_network_ok: bool = False
    budget: int | None = None
    sliding_scale: bool = False
    clinician_gender: str = ""
    language: str = ""
    modalities: tuple[str, ...] = ()
    available_days: tuple[str, ...] = ()
    available_times: tuple[str, ...] = ()
    email: str = ""
    phone: str = ""
    voicemail_ok: bool = False
    email_confirmation: bool = False
    guardian_name: str = ""
    guardian_phone: str = ""
    guardian_email: str = ""
    site_language: str = "en"  # the language of the pages the request was made on

    @property
    def safety(self) -> SafetyAnswers:
        return SafetyAnswers(
            wished_dead=self.asq_wished_dead,
            better_off_dead=self.asq_better_off_dead,
            thoughts_of_suicide=self.asq_thoughts_of_suicide,
            ever_attempted=self.asq_ever_attempted,
            right_now=self.asq_right_now,
        )


# Answers that go from the form to the request as they are; every other field of `Answers`
# is a special case, written out in `MatchRequestForm.to_answers` and `_create_request`.
COPIED = (
    *ASQ_FIELDS,
    "format",
    "state",
    "zip_code",
    "distance_miles",
    "date_of_birth",
    "age_group",
    "payment",
    "out_of_network_ok",
    "budget",
    "sliding_scale",
    "clinician_gender",
    "first_name",
    "email",
    "phone",
    "contact_method",
    "consent_to_contact",
    "guardian_phone",
    "guardian_email",
)


@dataclass(frozen=True)
class Submitted:
    request: MatchRequest
    created: bool


@sensitive_variables("answers")
def submit_request(
    *,
    form_token: str,
    answers: Answers,
    known_new: bool = False,
    carrier: Carrier | None = None,
) -> Submitted:
    """Save a request whole, or not at all.

    In one transaction: the request and its answers, a snapshot of the ranked matches
    shown at this moment (seeded by the form token, so a redisplay ranks the same), and
    the outbox messages (staff notice; the person's confirmation when they asked for one).
    Submitting the same form token again returns the request it already made, including
    when two submits race and the database's unique constraint decides.

    A caller that has just looked the token up (`existing_request`) passes `known_new`, and
    one that holds the chosen carrier already passes it, so neither is read twice.
    """
    existing = None if known_new else existing_request(form_token)
    if existing is not None:
        return Submitted(request=existing, created=False)
    try:
        # Reasons and cautions are stored as the person read them, in their language.
        with transaction.atomic(), translation.override(answers.site_language):
            request = _create_request(form_token=form_token, answers=answers, carrier=carrier)
            # The links were just written from these slugs: no need to read them back.
            preferences = request.ranking_preferences(
                concerns=answers.concerns, modalities=answers.modalities
            )
            result = rank(preferences, limit=SNAPSHOT_LIMIT)
            _save_snapshot(request=request, result=result)
            _queue_notices(request=request)
    except IntegrityError:
        # Two submits raced past the check above; the unique form token let one win.
        existing = existing_request(form_token)
        if existing is None:
            raise
        return Submitted(request=existing, created=False)
    return Submitted(request=request, created=True)


def existing_request(form_token: str) -> MatchRequest | None:
    """The request this form token already made, if any."""
    return MatchRequest.objects.filter(form_token=form_token).first()


@sensitive_variables("answers")
def _create_request(
    *, form_token: str, answers: Answers, carrier: Carrier | None = None
) -> MatchRequest:
    safety = safety_result(answers.safety)
    reason = urgent_reason(safety, answers.concerns)
    request = MatchRequest.objects.create(
        form_token=form_token,
        urgent=bool(reason),
        urgent_reason=reason,
        safety=safety,
        **{
            name: answer_word(getattr(answers, name))
            if name in ASQ_FIELDS
            else getattr(answers, name)
            for name in COPIED
        },
        # Slugs become rows; lists are stored as JSON lists. The form's own carrier when
        # it is the one chosen (already read), else looked up.
        carrier=(
            None
            if not answers.carrier
            else carrier
            if carrier is not None and carrier.slug == answers.carrier
            else Carrier.objects.get(slug=answers.carrier)
        ),
        language=Language.objects.get(slug=answers.language) if answers.language else None,
        available_days=list(answers.available_days),
        available_times=list(answers.available_times),
        voicemail_ok=answers.voicemail_ok,
        # A confirmation needs an address to go to.
        email_confirmation=answers.email_confirmation and bool(answers.email),
        guardian_name=answers.guardian_name,
        site_language=answers.site_language,
    )
    # A new request has no links yet: insert them directly (one query each, not three).
    concerns = MatchRequest.concerns.through
    concerns.objects.bulk_create(
        concerns(matchrequest_id=request.pk, specialty_id=pk)
        for pk in Specialty.objects.filter(slug__in=answers.concerns).values_list("pk", flat=True)
    )
    modalities = MatchRequest.modalities.through
    modalities.objects.bulk_create(
        modalities(matchrequest_id=request.pk, modality_id=pk)
        for pk in Modality.objects.filter(slug__in=answers.modalities).values_list("pk", flat=True)
    )
    return request


def _save_snapshot(*, request: MatchRequest, result: RankResult) -> None:
    rows = []
    seen: set[int] = set()
    shown = [(m, False) for m in result.matches] + [(m, True) for m in result.relaxed]
    for match, relaxed in shown:
        if match.clinician.pk in seen:
            continue
        seen.add(match.clinician.pk)
        rows.append(
            RequestMatch(
                request=request,
                clinician=match.clinician,
                clinician_name=match.clinician.display_name,
                rank=len(rows) + 1,
                score=match.score,
                reasons=list(match.reasons),
                cautions=list(match.cautions),
                relaxed=relaxed or match.relaxed,
                distance_miles=match.distance_miles,
            )
        )
    RequestMatch.objects.bulk_create(rows)
    if result.explanation:
        request.match_explanation = result.explanation
        request.save(update_fields=["match_explanation"])


def _queue_notices(*, request: MatchRequest) -> None:
    """The staff notice, and the person's confirmation when they asked for one (at most
    one confirmation per address per day).

    Neither carries an answer or a name: staff read the request behind their login.
    """
    context = {
        "request": request,
        "queue_url": f"{settings.SITE_URL}/staff/",
        "practice": Practice.current(),
    }
    # Urgent and right now read the same: the email says how soon to look, never why.
    subject = "Urgent: a new request is waiting" if request.urgent else "A new request is waiting"
    with translation.override("en"):  # staff read English
        body = render_to_string("intake/email/staff_new_request.txt", context)
    notice = outbox.queue_email(
        kind=OutboxMessage.Kind.STAFF_NEW_REQUEST,
        to=list(settings.INTAKE_NOTIFY_EMAILS),
        subject=subject,
        body=body,
        request=request,
    )
    if request.tier == Tier.ACUTE:
        # A right-now request is announced at once, not on the worker's next round.
        transaction.on_commit(partial(outbox.deliver_now, notice.pk))
    wants_confirmation = request.email_confirmation and request.email and request.consent_to_contact
    # At most one a day to any address, so the form cannot be used to mail a stranger.
    if wants_confirmation and antispam.first_today("confirm", request.email.strip().lower()):
        # The person's email is in the language they used on the site.
        with translation.override(request.site_language):
            subject = gettext("Your reference code: %(reference)s") % {
                "reference": request.reference
            }
            body = render_to_string("intake/email/confirmation.txt", context)
        outbox.queue_email(
            kind=OutboxMessage.Kind.CONFIRMATION,
            to=[request.email],
            subject=subject,
            body=body,
            request=request,
        )


def choose_clinicians(
    *,
    request: MatchRequest,
    clinician_ids: Sequence[int] = (),
    staff_choose: bool = False,
    ip: str | None = None,
) -> MatchRequest:
    """Record who the person would like to see: up to three of the clinicians they were
    shown, or "let staff choose". They may change their mind until staff pick it up."""
    ids = list(dict.fromkeys(int(pk) for pk in clinician_ids))
    if staff_choose and ids:
        raise ValidationError("Choose clinicians or let staff choose, not both.")
    if not staff_choose and not ids:
        raise ValidationError("Choose one to three clinicians, or let our staff choose for you.")
    if len(ids) > MAX_CHOICES:
        raise ValidationError("Please choose no more than three clinicians.")
    with transaction.atomic():
        locked = MatchRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != MatchRequest.Status.NEW:
            raise ValidationError("Our staff are already working on this request.")
        shown = set(
            locked.matches.filter(clinician__isnull=False).values_list("clinician_id", flat=True)
        )
        if not set(ids) <= shown:
            raise ValidationError("Please choose from the clinicians shown on this page.")
        locked.matches.exclude(clinician_id__in=ids).update(chosen=False)
        locked.matches.filter(clinician_id__in=ids).update(chosen=True)
        locked.staff_choose = staff_choose
        locked.chosen_at = timezone.now()
        locked.save(update_fields=["staff_choose", "chosen_at", "updated_at"])
        AuditEvent.objects.create(
            action=AuditEvent.Action.CHOICE,
            request_id=locked.pk,
            ip=ip or None,
            detail="let staff choose" if staff_choose else f"chose {len(ids)} clinician(s)",
        )
    return locked
