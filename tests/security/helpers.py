"""Signing staff in for tests, with or without the second factor."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORDS = {
    "stranger": "a-long-test-password-1",
    "editor": "a-long-test-password-2",
    "ivy": "a-long-test-password-3",
}


def authenticator(user) -> TOTPDevice:
    """The user's confirmed authenticator app, created on first use."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Test phone", defaults={"confirmed": True}
    )
    return device


def code_for(device: TOTPDevice, *, at: float | None = None) -> str:
    """The six digits the user's app shows now (or at the given time)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return str(totp.token()).zfill(device.digits)


def sign_in(client, user, *, verified: bool = True):
    """Sign `user` in on `client`; `verified` also marks the code step as done."""
    client.force_login(user)
    if verified:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
        session.save()
    return client
