from django.contrib import admin

from intake.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Delivery state of outgoing emails. Bodies carry no answers, but stay out of the list."""

    list_display = ["id", "kind", "status", "attempts", "next_attempt_at", "last_error", "sent_at"]
    list_filter = ["status", "kind"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False
