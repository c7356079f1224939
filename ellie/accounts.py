"""Staff sign-in: password (with django-axes lockout), then a code from an authenticator app
or a single-use backup code.

The public never needs an account; these pages are for the practice's staff.
"""

import math
from datetime import datetime, timedelta
from urllib.parse import urlencode

import django_otp
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ellie import backup_codes
from ellie.auth import (
    INTAKE_STAFF,
    VERIFY_URL,
    client_ip,
    is_member,
    is_verified,
    needs_second_factor,
    redirect_to_verify,
)
from ellie.lockout import address_is_locked

app_name = "accounts"
BACKUP_CODES_URL = "/accounts/backup-codes/"


def default_destination(user) -> str:
    """Where a person lands after signing in without a `next` page."""
    if is_member(user, INTAKE_STAFF):
        return "/staff/"
    if user.is_staff:
        return "/admin/"
    return "/"


def safe_next(request, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "That username and password did not match. Both are case-sensitive.",
        "inactive": "This account is switched off. Ask the person who manages accounts.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # AuthenticationForm sets the username's max_length after the field is built, so it
        # is never checked: a longer one went on to the lockout's record of the attempt
        # (255 characters in PostgreSQL) and broke the page.
        limit = self.fields["username"].max_length or 150
        self.fields["username"].validators.append(
            MaxLengthValidator(limit, message=f"Usernames are at most {limit} characters.")
        )
        self.fields["username"].widget.attrs.update(autocomplete="username", autofocus=True)
        self.fields["password"].widget.attrs.update(autocomplete="current-password")


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


class SignInView(LoginView):
    template_name = "registration/login.html"
    authentication_form = SignInForm

    def get_context_data(self, **kwargs):
        kwargs.update(failure_limit=settings.AXES_FAILURE_LIMIT, lockout_minutes=lockout_minutes())
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        target = self.get_redirect_url() or default_destination(self.request.user)
        if needs_second_factor(self.request):
            return f"{VERIFY_URL}?{urlencode({'next': target})}"
        return target


def code_wait(
    failures: int, last_failure: datetime | None, now: datetime, *, ceiling: timedelta
) -> timedelta:
    """How long before the next code may be tried: after n wrong codes in a row, 2^(n-1)
    seconds from the last one (1 s, 2 s, 4 s, ...), never more than `ceiling`."""
    if failures <= 0 or last_failure is None:
        return timedelta(0)
    required = min(timedelta(seconds=2 ** min(failures - 1, 32)), ceiling)
    return max(last_failure + required - now, timedelta(0))


def wait_in_words(wait: timedelta) -> str:
    """A wait as a person reads it, rounded up: "1 second", "40 seconds", "15 minutes"."""
    seconds = max(math.ceil(wait.total_seconds()), 1)
    if seconds < 60:
        return "1 second" if seconds == 1 else f"{seconds} seconds"
    minutes = math.ceil(seconds / 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def device_wait(device, now: datetime) -> timedelta:
    ceiling = timedelta(minutes=settings.OTP_MAX_WAIT_MINUTES)
    return code_wait(
        device.throttling_failure_count,
        device.throttling_failure_timestamp,
        now,
        ceiling=ceiling,
    )


class CodeForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        max_length=16,
        help_text="Six digits. The code changes every 30 seconds. Lost your phone? Enter one "
        "of your backup codes instead.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
                "class": "form-control",
            }
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_token(self):
        typed = self.cleaned_data["token"]
        digits = "".join(typed.split())
        if digits.isascii() and digits.isdigit() and 6 <= len(digits) <= 8:
            token, kind = digits, TOTPDevice
        elif backup_codes.looks_like_a_code(typed):
            token, kind = backup_codes.normalize(typed), StaticDevice
        else:
            raise forms.ValidationError(
                "Enter the six digits shown in your authenticator app. Backup codes have eight "
                "letters and digits."
            )
        now = timezone.now()
        throttled, tried = [], []
        # Locked rows: the same code cannot be accepted twice by two requests at once.
        with transaction.atomic():
            for device in django_otp.devices_for_user(self.user, for_verify=True):
                if not isinstance(device, kind):
                    continue
                wait = device_wait(device, now)
                if wait:
                    throttled.append(wait)
                elif device.verify_token(token):
                    self.device = device
                    return token
                else:
                    tried.append(device)
        if tried:
            what = "That code did not match. Enter the code your app shows right now."
            if kind is StaticDevice:
                what = "That backup code did not match, or it was used already."
            device = max(tried, key=lambda d: d.throttling_failure_count)
            wait = device_wait(device, timezone.now())
            if wait > timedelta(seconds=2):
                what += (
                    f" After {device.throttling_failure_count} wrong codes in a row, wait "
                    f"{wait_in_words(wait)} before the next try."
                )
            raise forms.ValidationError(what)
        if throttled:
            raise forms.ValidationError(
                f"Too many wrong codes. Wait {wait_in_words(min(throttled))}, then enter the "
                "code shown now."
            )
        raise forms.ValidationError(
            "That backup code did not match, or it was used already."
            if kind is StaticDevice
            else "That code did not match. Enter the code your app shows right now."
        )


@sensitive_post_parameters("token")
@never_cache
@csrf_protect
@login_required
def verify(request):
    """The second step of signing in: a code from the staff member's authenticator app, or
    one of their backup codes (which then shows how many are left)."""
    target = safe_next(request, default_destination(request.user))
    if is_verified(request):
        return redirect(target)
    has_device = any(django_otp.devices_for_user(request.user, confirmed=True))
    # With REQUIRE_2FA off the code step is only asked for by pages that need it anyway
    # (backup codes); without a device there is nothing to ask for.
    if not needs_second_factor(request) and not has_device:
        return redirect(target)
    form = CodeForm(request.POST or None, user=request.user)
    if has_device and request.method == "POST" and form.is_valid():
        django_otp.login(request, form.device)
        request.session.cycle_key()  # a new session key for the raised privilege
        if isinstance(form.device, StaticDevice):
            # The backup-codes page says how many are left (and when to make more).
            backup_codes.record_code_used(user=request.user, ip=client_ip(request))
            messages.info(request, "You signed in with a backup code; it cannot be used again.")
            return redirect(f"{BACKUP_CODES_URL}?{urlencode({'next': target})}")
        return redirect(target)
    context = {"form": form, "has_device": has_device, "next": target}
    return render(request, "registration/verify.html", context)


@never_cache
@csrf_protect
@login_required
@require_http_methods(["GET", "POST"])
def backup_codes_page(request):
    """How many backup codes are left, and a new set on request (shown once).

    Only after signing in with a code, in this session: a password alone never sees or
    replaces them.
    """
    if not is_verified(request):
        if not any(django_otp.devices_for_user(request.user, confirmed=True)):
            # Nothing to enter a code from (and the code step would send them back here).
            return render(request, "registration/backup_codes.html", {"no_device": True})
        return redirect_to_verify(request)
    codes = []
    if request.method == "POST":
        codes = backup_codes.make_backup_codes(
            user=request.user, ip=client_ip(request), how="on the backup codes page"
        )
    left = backup_codes.codes_left(request.user)
    context = {
        "codes": [backup_codes.display(code) for code in codes],
        "left": left,
        "few": left <= backup_codes.FEW_LEFT,
        "set_size": backup_codes.CODES_PER_SET,
        "next": safe_next(request, ""),
    }
    return render(request, "registration/backup_codes.html", context)


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def sign_out(request):
    """GET asks to confirm (a link or bookmark cannot sign anyone out); POST signs out."""
    if request.method == "POST":
        logout(request)
        messages.info(request, "You are signed out.")
        return redirect(settings.LOGIN_URL)
    return render(request, "registration/logout.html")


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this instead of the view once a username (or a whole address) is
    locked from an address."""
    context = {"lockout_minutes": lockout_minutes(), "whole_address": address_is_locked(request)}
    return render(request, "registration/lockout.html", context, status=429)


urlpatterns = [
    path("login/", SignInView.as_view(), name="login"),
    path("verify/", verify, name="verify"),
    path("backup-codes/", backup_codes_page, name="backup_codes"),
    path("logout/", sign_out, name="logout"),
]
