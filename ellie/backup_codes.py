"""Single-use backup codes (django-otp's static device): a way in when the phone is lost.

Ten codes are made at enrolment (`manage.py enrol_totp`) and again whenever the staff member
asks on /accounts/backup-codes/ (after signing in with a code); a new set replaces the old
one. Each code opens the code step once. Making a set and using a code are recorded as
account events (ellie.models.AccountEvent), never with the code itself.
"""

from __future__ import annotations

import re

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from ellie.models import AccountEvent

DEVICE_NAME = "Backup codes"
CODES_PER_SET = 10
# At or below this many unused codes, the page tells the staff member to make a new set.
FEW_LEFT = 3
# django-otp's codes: eight characters of lower-case base32 (40 random bits).
CODE_SHAPE = re.compile(r"[a-z2-7]{8}")


def normalize(typed: str) -> str:
    """A code as stored: what was typed without spaces or hyphens, in lower case."""
    return re.sub(r"[\s-]", "", typed).lower()


def looks_like_a_code(typed: str) -> bool:
    return bool(CODE_SHAPE.fullmatch(normalize(typed)))


def display(code: str) -> str:
    """Shown in two halves, `abcd-ef23`, so it is easy to copy by hand."""
    return f"{code[:4]}-{code[4:]}"


def codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def make_backup_codes(*, user, ip: str | None, how: str) -> list[str]:
    """Replace the user's backup codes with a new set; returns the codes, shown once."""
    codes: set[str] = set()
    while len(codes) < CODES_PER_SET:
        code = StaticToken.random_token()
        if not code.isdigit():  # all digits would read as an authenticator code
            codes.add(code)
    with transaction.atomic():
        device, _ = StaticDevice.objects.select_for_update().get_or_create(
            user=user, name=DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        device.confirmed = True
        device.throttle_reset(commit=False)
        device.save()
        AccountEvent.objects.create(
            user=user,
            username=user.get_username(),
            ip=ip or None,
            action=AccountEvent.Action.BACKUP_CODES_MADE,
            detail=how,
        )
    return sorted(codes)


def record_code_used(*, user, ip: str | None) -> int:
    """Audit a sign-in with a backup code; returns how many codes are left."""
    left = codes_left(user)
    AccountEvent.objects.create(
        user=user,
        username=user.get_username(),
        ip=ip or None,
        action=AccountEvent.Action.BACKUP_CODE_USED,
        detail=f"{left} left",
    )
    return left
