"""Staff review: the queue, a request's page and its actions, the dashboard.

Thin views: check access, read the form, call one service, redirect (or show the page
again with the reason). Every view and change of a request is audited by the services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from intake import targets
from intake.models import (
    AuditEvent,
    ContactAttempt,
    CoverageCheck,
    MatchRequest,
    Note,
    RequestMatch,
)
from intake.staff import dashboard as dashboard_data
from intake.staff import services as staff
from intake.staff import workflow
from intake.staff.access import intake_staff_required
from intake.staff.audit import client_ip
from intake.staff.forms import (
    ME,
    NOBODY,
    AssignClinicianForm,
    AssignStaffForm,
    CloseForm,
    ContactAttemptForm,
    CoverageCheckForm,
    NoteForm,
    QueueFilterForm,
    StatusForm,
)

PAGE_SIZE = 25
AUDIT_SHOWN = 50
STALE_MESSAGE = (
    "Someone else changed this request while you had it open, so nothing you sent was "
    "saved. Here is the request as it is now; check it and try again."
)


@intake_staff_required
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned()
    now = timezone.now()
    requests = MatchRequest.objects.for_queue().queue_filtered(
        status=filters["status"],
        assigned_to=request.user if filters["assigned"] == ME else None,
        unassigned=filters["assigned"] == NOBODY,
        urgent_only=filters["urgent"],
        overdue_only=filters["overdue"],
        now=now,
    )
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "request": match_request,
            "tier": match_request.tier,
            "due_at": match_request.due_at,
            "state": match_request.target_state(now),
            "age": targets.age(match_request.created_at, now),
            "remaining": targets.remaining(match_request.due_at, now),
        }
        for match_request in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    overdue = MatchRequest.objects.overdue(now).count_by_tier()
    return render(
        request,
        "intake/staff/matchrequest_queue.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "overdue_count": sum(overdue.values()),
            "overdue_by_tier": [(tier, n) for tier, n in overdue.items() if n],
            "acute_hours": settings.INTAKE_ACUTE_TARGET_HOURS,
        },
    )


def _review_queryset():
    return MatchRequest.objects.select_related(
        "carrier", "language", "assigned_to", "assigned_clinician"
    ).prefetch_related(
        "concerns",
        "modalities",
        Prefetch("matches", queryset=RequestMatch.objects.select_related("clinician")),
        Prefetch("notes", queryset=Note.objects.select_related("author")),
        Prefetch("contact_attempts", queryset=ContactAttempt.objects.select_related("staff")),
        Prefetch(
            "coverage_checks",
            queryset=CoverageCheck.objects.select_related("carrier", "checked_by"),
        ),
    )


def _review_context(
    request: HttpRequest, match_request: MatchRequest, *, rerun: bool = False, bound=None
) -> dict:
    """The request's page; ``bound`` replaces one action form (shown again with errors)."""
    now = timezone.now()
    snapshot = list(match_request.matches.all())
    fresh = staff.fresh_matches(match_request) if rerun else None
    choices: dict[int, str] = {}
    if match_request.assigned_clinician_id:
        choices[match_request.assigned_clinician_id] = str(match_request.assigned_clinician)
    for row in snapshot:
        if row.clinician_id:
            choices.setdefault(row.clinician_id, row.clinician_name)
    if fresh:
        for match in fresh.matches:
            choices.setdefault(match.clinician.pk, match.clinician.display_name)
    version = {"version": match_request.version}
    forms = {
        "assign": AssignStaffForm(initial={**version, "assignee": match_request.assigned_to_id}),
        "clinician": AssignClinicianForm(
            initial={**version, "clinician": match_request.assigned_clinician_id},
            clinician_choices=sorted(choices.items(), key=lambda item: item[1]),
        ),
        "close": CloseForm(initial=version),
        "contact": ContactAttemptForm(initial=dict(version)),
        "note": NoteForm(initial=version),
        "coverage": CoverageCheckForm(initial={**version, "carrier": match_request.carrier_id}),
    }
    if bound is not None:
        name, form = bound
        form.data = form.data.copy()
        form.data["version"] = match_request.version
        forms[name] = form
    # The date picker offers nothing before the request arrived (the service refuses it too).
    arrived = timezone.localtime(match_request.created_at)
    forms["contact"].fields["attempted_at"].widget.attrs["min"] = arrived.strftime("%Y-%m-%dT%H:%M")
    moves = [
        {"to": to, "label": workflow.ACTION_LABELS.get((match_request.status, to), "")}
        for to in workflow.allowed_moves(match_request.status)
        if to != workflow.CLOSED
    ]
    return {
        "r": match_request,
        "now": now,
        "state": match_request.target_state(now),
        "remaining": targets.remaining(match_request.due_at, now),
        "snapshot": snapshot,
        "chosen": [row for row in snapshot if row.chosen],
        "fresh": fresh,
        "rerun": rerun,
        "forms": forms,
        "moves": moves,
        "can_close": workflow.CLOSED in workflow.allowed_moves(match_request.status),
        "audit": AuditEvent.objects.filter(request_id=match_request.pk)[:AUDIT_SHOWN],
    }


@intake_staff_required
@require_safe
def review(request: HttpRequest, pk: int) -> HttpResponse:
    match_request = get_object_or_404(_review_queryset(), pk=pk)
    rerun = request.GET.get("rerun") == "1"
    staff.record_view(
        match_request=match_request, actor=request.user, ip=client_ip(request), rerun=rerun
    )
    return render(
        request,
        "intake/staff/matchrequest_review.html",
        _review_context(request, match_request, rerun=rerun),
    )


def _posted_choice(request: HttpRequest) -> list[tuple[int, str]]:
    """Accept any clinician id; the service checks it names an active clinician."""
    value = request.POST.get("clinician", "")
    return [(int(value), value)] if value.isdigit() else []


def _assign_form(request: HttpRequest) -> AssignStaffForm:
    """ "Assign to me" is a button of its own: it stands for choosing yourself."""
    if "me" not in request.POST:
        return AssignStaffForm(request.POST)
    data = request.POST.copy()
    data["assignee"] = request.user.pk
    return AssignStaffForm(data)


def _assigned(data: dict, user) -> str:
    if not data["assignee"]:
        return "Unassigned."
    return f"Assigned to {'you' if data['assignee'] == user else 'the colleague you chose'}."


def _status_changed(data: dict, user) -> str:
    return f"Status changed to {workflow.Status(data['to']).label.lower()}."


@dataclass(frozen=True)
class StaffAction:
    """One change staff make from the request's page: its form, its service, what it says.

    ``page_form`` names the form on the page that is shown again with errors; ``bind``
    makes the form from the POST; ``arguments`` turns the cleaned data into the service's
    keyword arguments (besides the request, version, actor and address every one takes).
    """

    page_form: str
    bind: Callable[[HttpRequest], forms.Form]
    service: Callable[..., object]
    arguments: Callable[[dict], dict]
    message: str | Callable[[dict, object], str]


ACTIONS: dict[str, StaffAction] = {
    "assign": StaffAction(
        page_form="assign",
        bind=_assign_form,
        service=staff.assign_staff,
        arguments=lambda data: {"assignee": data["assignee"]},
        message=_assigned,
    ),
    "assign_clinician": StaffAction(
        page_form="clinician",
        bind=lambda request: AssignClinicianForm(
            request.POST, clinician_choices=_posted_choice(request)
        ),
        service=staff.assign_clinician,
        arguments=lambda data: {"clinician_id": data["clinician"]},
        message="Clinician saved.",
    ),
    "change_status": StaffAction(
        page_form="status",
        bind=lambda request: StatusForm(request.POST),
        service=staff.change_status,
        arguments=lambda data: {"to": data["to"]},
        message=lambda data, user: (
            f"Status changed to {workflow.Status(data['to']).label.lower()}."
        ),
    ),
    "close": StaffAction(
        page_form="close",
        bind=lambda request: CloseForm(request.POST),
        service=staff.change_status,
        arguments=lambda data: {"to": workflow.CLOSED, "outcome": data["outcome"]},
        message="Request closed.",
    ),
    "contact_attempt": StaffAction(
        page_form="contact",
        bind=lambda request: ContactAttemptForm(request.POST),
        service=staff.record_contact_attempt,
        arguments=lambda data: {
            "attempted_at": data["attempted_at"],
            "method": data["method"],
            "result": data["result"],
        },
        message="Contact attempt recorded.",
    ),
    "add_note": StaffAction(
        page_form="note",
        bind=lambda request: NoteForm(request.POST),
        service=staff.add_note,
        arguments=lambda data: {"text": data["text"]},
        message="Note added.",
    ),
    "coverage_check": StaffAction(
        page_form="coverage",
        bind=lambda request: CoverageCheckForm(request.POST),
        service=staff.record_coverage_check,
        arguments=lambda data: {
            "carrier_id": data["carrier"].pk if data["carrier"] else None,
            "in_network": data["in_network"],
            "estimated_cost": data["estimated_cost"],
        },
        message="Coverage check recorded.",
    ),
}


@intake_staff_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Run one of ``ACTIONS`` on the request.

    On success: back to the request's page. On refusal: the page again with the request
    as it is now, the reason, and what was typed still in its form.
    """
    spec = ACTIONS[action]
    match_request = get_object_or_404(MatchRequest, pk=pk)
    form = spec.bind(request)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            spec.service(
                request_id=pk,
                version=data["version"],
                actor=request.user,
                ip=client_ip(request),
                **spec.arguments(data),
            )
        except staff.StaleRequest:
            staff.record_conflict(
                request_id=match_request.pk,
                actor=request.user,
                ip=client_ip(request),
                what=spec.page_form,
            )
            messages.error(request, STALE_MESSAGE)
            status = 409
        except (staff.StaffActionError, staff.TransitionError) as refused:
            messages.error(request, str(refused))
            if getattr(refused, "field", None) in form.fields:
                form.add_error(refused.field, str(refused))
        else:
            message = spec.message
            messages.success(
                request, message if isinstance(message, str) else message(data, request.user)
            )
            return redirect("staff:review", pk=pk)
    else:
        messages.error(request, "Please correct the highlighted fields; nothing was saved.")
    current = get_object_or_404(_review_queryset(), pk=pk)
    context = _review_context(request, current, bound=(spec.page_form, form))
    return render(request, "intake/staff/matchrequest_review.html", context, status=status)


@intake_staff_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/staff/matchrequest_dashboard.html", dashboard_data.build())
