"""Staff sign-in: password (with django-axes lockout), then a code from an authenticator app.

The public never needs an account; these pages are for the practice's staff.
"""

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
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from ellie.auth import INTAKE_STAFF, VERIFY_URL, is_member, needs_second_factor
from ellie.lockout import address_is_locked

app_name = "accounts"


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


class CodeForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        max_length=16,
        help_text="Six digits. The code changes every 30 seconds.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
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
        token = "".join(self.cleaned_data["token"].split())
        if not (token.isascii() and token.isdigit() and 6 <= len(token) <= 8):
            raise forms.ValidationError("Enter the six digits shown in your authenticator app.")
        throttled = False
        # Locked rows: the same code cannot be accepted twice by two requests at once.
        with transaction.atomic():
            for device in django_otp.devices_for_user(self.user, for_verify=True):
                allowed, _ = device.verify_is_allowed()
                if not allowed:
                    throttled = True
                    continue
                if device.verify_token(token):
                    self.device = device
                    return token
        if throttled:
            raise forms.ValidationError(
                "Too many wrong codes. Wait a minute, then enter the code shown now."
            )
        raise forms.ValidationError(
            "That code did not match. Enter the code your app shows right now."
        )


@sensitive_post_parameters("token")
@never_cache
@csrf_protect
@login_required
def verify(request):
    """The second step of signing in: a code from the staff member's authenticator app."""
    target = safe_next(request, default_destination(request.user))
    if not needs_second_factor(request):
        return redirect(target)
    has_device = any(django_otp.devices_for_user(request.user, confirmed=True))
    form = CodeForm(request.POST or None, user=request.user)
    if has_device and request.method == "POST" and form.is_valid():
        django_otp.login(request, form.device)
        request.session.cycle_key()  # a new session key for the raised privilege
        return redirect(target)
    context = {"form": form, "has_device": has_device, "next": target}
    return render(request, "registration/verify.html", context)


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
    path("logout/", sign_out, name="logout"),
]
