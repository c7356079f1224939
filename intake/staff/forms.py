"""Forms for the staff queue and the actions on a request.

Every action form carries the request's ``version`` as it was shown, so a change made on
a stale page is refused instead of overwriting someone else's work.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from intake.models import ContactAttempt
from intake.staff import workflow
from intake.staff.access import INTAKE_STAFF
from intake.staff.workflow import Outcome

OPEN = "open"
ALL = "all"
ME = "me"
NOBODY = "nobody"


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False,
        choices=[(OPEN, "Open (not closed)"), (ALL, "All")] + list(workflow.Status.choices),
    )
    assigned = forms.ChoiceField(
        label="Assigned to",
        required=False,
        choices=[("", "Anyone"), (ME, "Me"), (NOBODY, "Nobody (unassigned)")],
    )
    urgent = forms.BooleanField(label="Urgent only", required=False)
    overdue = forms.BooleanField(label="Overdue only", required=False)

    def cleaned(self) -> dict:
        """The filters, falling back to the defaults when the query string is bad."""
        if self.is_valid():
            data = dict(self.cleaned_data)
        else:
            data = {"assigned": "", "urgent": False, "overdue": False}
        data["status"] = data.get("status") or OPEN
        return data


class VersionedForm(forms.Form):
    """An action form. Its ids are its own (``note_text``), as a page shows several."""

    id_prefix = "action"
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


def staff_members():
    return (
        get_user_model()
        .objects.filter(groups__name=INTAKE_STAFF, is_active=True)
        .order_by("username")
    )


class AssignStaffForm(VersionedForm):
    id_prefix = "assign"
    assignee = forms.ModelChoiceField(
        label="Assign to",
        queryset=staff_members(),
        required=False,
        empty_label="Nobody (unassign)",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Evaluated per form, so new colleagues appear without a restart.
        self.fields["assignee"].queryset = staff_members()
        self.fields["assignee"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )


class AssignClinicianForm(VersionedForm):
    id_prefix = "clinician"
    clinician = forms.TypedChoiceField(
        label="Clinician", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, clinician_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinician"].choices = [("", "No clinician yet"), *clinician_choices]


class StatusForm(VersionedForm):
    id_prefix = "status"
    to = forms.ChoiceField(choices=list(workflow.Status.choices), widget=forms.HiddenInput)


class CloseForm(VersionedForm):
    id_prefix = "close"
    outcome = forms.ChoiceField(
        label="Outcome", choices=[("", "Choose an outcome"), *Outcome.choices]
    )


class ContactAttemptForm(VersionedForm):
    id_prefix = "contact"
    attempted_at = forms.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="Practice time.",
    )
    method = forms.ChoiceField(label="How", choices=ContactAttempt.Method.choices)
    result = forms.ChoiceField(label="Result", choices=ContactAttempt.Result.choices)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault(
            "attempted_at", timezone.localtime().replace(second=0, microsecond=0)
        )
        super().__init__(*args, **kwargs)


class NoteForm(VersionedForm):
    id_prefix = "note"
    text = forms.CharField(
        label="Note",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Seen by Intake staff only.",
    )


class CoverageCheckForm(VersionedForm):
    id_prefix = "coverage"
    carrier = forms.ModelChoiceField(
        label="Carrier", queryset=None, required=False, empty_label="Self-pay (no carrier)"
    )
    in_network = forms.TypedChoiceField(
        label="In network?",
        coerce=lambda value: value == "yes",
        choices=[("yes", "In network"), ("no", "Out of network")],
        widget=forms.RadioSelect,
    )
    estimated_cost = forms.DecimalField(
        label="Estimated cost per session (USD)",
        min_value=0,
        max_digits=7,
        decimal_places=2,
    )

    def __init__(self, *args, **kwargs):
        from matching.models import Carrier

        super().__init__(*args, **kwargs)
        self.fields["carrier"].queryset = Carrier.objects.order_by("name")
