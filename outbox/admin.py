from django.contrib import admin

from ellie.admin import IntakeStaffOnly
from outbox.models import OutboxMessage


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
