from django.contrib import admin

from intake import staff
from intake.access import is_intake_staff
from intake.audit import client_ip
from intake.models import (
    AuditEvent,
    ContactAttempt,
    CoverageCheck,
    MatchRequest,
    Note,
    OutboxMessage,
    RequestMatch,
)

# --- Staff review ------------------------------------------------------------------------
# Requests are worked at /staff/ (where every change is versioned and audited); the admin
# shows them read-only, to Intake staff and superusers only, and audits each view.


class IntakeStaffOnly:
    """Hidden from everyone but Intake staff and superusers (Content editors included)."""

    def _allowed(self, request) -> bool:
        return request.user.is_superuser or is_intake_staff(request.user)

    def has_module_permission(self, request):
        return self._allowed(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


@admin.register(OutboxMessage)
class OutboxMessageAdmin(IntakeStaffOnly, admin.ModelAdmin):
    """Delivery state of outgoing emails: read-only, and only for those who may read requests.

    Recipients are people's addresses, so a stray view permission is not enough (a Content
    editor given one still sees nothing). Bodies carry no answers, but stay out of the list.
    """

    list_display = ["id", "kind", "status", "attempts", "next_attempt_at", "last_error", "sent_at"]
    list_filter = ["status", "kind"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]
