"""Account-level records: what happened to a staff account's sign-in, never to a request.

(intake's AuditEvent is about requests; this is about the accounts that open them.)
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AccountEventQuerySet(models.QuerySet):
    def about(self, user):
        return self.filter(user=user)


class AccountEvent(models.Model):
    """Who, what, when and from where, for the second factor of a staff account.

    Append-only; ``detail`` says how (a command, a page, how many codes are left) and never
    carries a code.
    """

    class Action(models.TextChoices):
        BACKUP_CODES_MADE = "backup_codes_made", "Made new backup codes"
        BACKUP_CODE_USED = "backup_code_used", "Signed in with a backup code"

    at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept when the account is deleted, so the record still says whose it was.
    username = models.CharField(max_length=150)
    ip = models.GenericIPAddressField(null=True, blank=True)
    action = models.CharField(max_length=30, choices=Action.choices)
    detail = models.CharField(max_length=200, blank=True)

    objects = AccountEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.username}"


class PageVersion(models.Model):
    """One number that moves on every change a public page can show (ellie.pagecache).

    Used when there is no shared cache (no REDIS_URL): every app process reads it once per
    request, so a change is seen by all of them on their next request.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    number = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="page_version_one_row")
        ]

    def __str__(self) -> str:
        return f"public pages, version {self.number}"
