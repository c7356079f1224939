"""Give a staff account an authenticator app (TOTP), the second step of signing in."""

import io

import segno
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Create a confirmed authenticator-app device for USERNAME and print the otpauth:// "
        "link and a QR code to scan. Run it where only you can see the terminal."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Authenticator app", help="Device label.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remove the account's existing authenticator devices first (a lost phone).",
        )
        parser.add_argument("--no-qr", action="store_true", help="Print only the otpauth:// link.")

    def handle(self, *args, username, name, replace, no_qr, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist as exc:
            raise CommandError(f"There is no account named {username!r}.") from exc
        with transaction.atomic():
            existing = TOTPDevice.objects.filter(user=user)
            if existing.exists() and not replace:
                raise CommandError(
                    f"{username} already has an authenticator app. Use --replace to set up "
                    "a new one (the old one stops working)."
                )
            existing.delete()
            device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        uri = device.config_url
        self.stdout.write(f"Authenticator app set up for {username}.")
        self.stdout.write("Scan this with the app (or type the link into it):")
        if not no_qr:
            picture = io.StringIO()
            segno.make(uri, error="m").terminal(out=picture, compact=True, border=2)
            self.stdout.write(picture.getvalue(), ending="")
        self.stdout.write(uri)
        self.stdout.write(
            "Then clear the terminal. The next sign-in asks for the six-digit code the app shows."
        )
