from django.contrib import admin

from ellie.admin import IntakeStaffOnly
from intake.models import (
    AuditEvent,
    ContactAttempt,
    CoverageCheck,
    MatchRequest,
    Note,
    RequestMatch,
)
from intake.staff import services as staff
from intake.staff.audit import client_ip

# --- Staff review ------------------------------------------------------------------------
# Requests are worked at /staff/ (where every change is versioned and audited); the admin
# shows them read-only, to Intake staff and superusers only, and audits each view.


class ReadOnlyInline(IntakeStaffOnly, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False


class NoteInline(ReadOnlyInline):
    model = Note
    fields = ["created_at", "author", "text"]
    readonly_fields = fields


class ContactAttemptInline(ReadOnlyInline):
    model = ContactAttempt
    fields = ["attempted_at", "method", "result", "staff"]
    readonly_fields = fields


class CoverageCheckInline(ReadOnlyInline):
    model = CoverageCheck
    fields = ["checked_at", "carrier", "in_network", "estimated_cost", "checked_by"]
    readonly_fields = fields


class RequestMatchInline(ReadOnlyInline):
    model = RequestMatch
    fields = ["rank", "clinician_name", "score", "relaxed", "chosen"]
    readonly_fields = fields


@admin.register(MatchRequest)
class MatchRequestAdmin(IntakeStaffOnly, admin.ModelAdmin):
    """Read-only; the list carries no answers and no names."""

    list_display = ["reference", "created_at", "urgent", "status", "outcome", "assigned_to"]
    list_filter = ["status", "urgent", "outcome"]
    search_fields = ["reference"]
    list_select_related = ["assigned_to"]
    inlines = [RequestMatchInline, ContactAttemptInline, CoverageCheckInline, NoteInline]
    # The tokens are never shown: the form token could replay the request, and even the
    # results token's hash is of no use to anyone reading it here.
    hidden = ["concerns", "modalities", "results_token_hash", "form_token"]
    exclude = hidden

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in self.hidden]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200 and str(object_id).isdigit():
            staff.record_audit(
                actor=request.user,
                ip=client_ip(request),
                action=AuditEvent.Action.VIEW,
                request_id=int(object_id),
                detail="in the admin",
            )
        return response


@admin.register(AuditEvent)
class AuditEventAdmin(IntakeStaffOnly, admin.ModelAdmin):
    """The audit trail: read-only for everyone, superusers included."""

    list_display = ["at", "actor_username", "ip", "action", "request_id", "detail"]
    list_filter = ["action"]
    search_fields = ["=request_id", "actor_username"]
    date_hierarchy = "at"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]
