"""Give a staff account an authenticator app (TOTP), the second step of signing in, and a
set of single-use backup codes for the day the phone is lost."""

import io

import segno
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from ellie import backup_codes


class Command(BaseCommand):
    help = (
        "Create a confirmed authenticator-app device for USERNAME and print the otpauth:// "
        "link and a QR code to scan, and a new set of backup codes (shown once). Run it where "
        "only you can see the terminal."
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
            codes = backup_codes.make_backup_codes(
                user=user, ip=None, how="at enrolment (manage.py enrol_totp)"
            )
        uri = device.config_url
        self.stdout.write(f"Authenticator app set up for {username}.")
        self.stdout.write("Scan this with the app (or type the link into it):")
        if not no_qr:
            picture = io.StringIO()
            segno.make(uri, error="m").terminal(out=picture, compact=True, border=2)
            self.stdout.write(picture.getvalue(), ending="")
        self.stdout.write(uri)
        self.stdout.write(
            f"Backup codes for {username}, each good for one sign-in if the phone is lost "
            "(any earlier ones no longer work). Give them to them to keep somewhere safe; "
            "they are not shown again:"
        )
        for code in codes:
            self.stdout.write(f"  {backup_codes.display(code)}")
        self.stdout.write(
            "Then clear the terminal. The next sign-in asks for the six-digit code the app shows. "
            "After signing in, /accounts/backup-codes/ shows how many backup codes are left and "
            "makes a new set."
        )
