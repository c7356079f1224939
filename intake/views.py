"""Get matched: the form, the results, the confirmation.

No answer, name or token ever appears in a URL: the results page is found through a
short-lived, HttpOnly cookie that holds the request's opaque results token.
"""

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from ellie import pagecache
from ellie.auth import client_ip
from intake import antispam
from intake.forms import ChoiceForm, MatchRequestForm, new_form_token
from intake.models import MatchRequest
from intake.services import Submitted, choose_clinicians, existing_request, submit_request
from matching.forms import reference_choices

# The empty form's markup is the same for everyone but for the CSRF token and the form
# token: it is rendered once per version of the public pages (reference data are in it)
# and set of `?concern=` choices, with these slots, which each request fills in.
CSRF_SLOT = "ellie-slot-csrf-7c1e0b"
FORM_TOKEN_SLOT = "ellie-slot-form-token-7c1e0b"  # noqa: S105 (a placeholder)
FORM_HTML_KEY = "intake:empty-form"

RESULTS_COOKIE = "intake_results"
RESULTS_COOKIE_PATH = "/get-matched/"


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def get_matched(request):
    if request.method != "POST":
        form_html = empty_form_html(request, request.GET.getlist("concern"))
        return render(request, "intake/matchrequest_form.html", {"form_html": form_html})

    form = MatchRequestForm(request.POST)
    if form.is_spam:
        # A bot filled the hidden field: a neutral page, and nothing is kept.
        return render(request, "intake/matchrequest_received.html")
    if not form.is_valid():
        return render(request, "intake/matchrequest_form.html", {"form": form})

    token = form.cleaned_data["form_token"]
    address = client_ip(request)
    existing = existing_request(token)
    if existing is None and antispam.is_rate_limited(address):
        context = {"form": form, "rate_limited": True}
        return render(request, "intake/matchrequest_form.html", context, status=429)

    if existing is not None:  # the same form sent again: the request it already made
        submitted = Submitted(request=existing, created=False)
    else:
        submitted = submit_request(
            form_token=token,
            answers=form.to_answers(),
            known_new=True,
            carrier=form.cleaned_data.get("carrier"),
        )
    if submitted.created:
        antispam.count_submission(address)
    response = redirect("intake:results")
    _remember(response, submitted.request)
    return response


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def results(request):
    match_request = _from_cookie(request)
    if match_request is None:
        return render(request, "intake/matchrequest_expired.html", status=404)
    matches = list(match_request.matches.select_related("clinician"))
    form = ChoiceForm(request.POST if request.method == "POST" else None, matches=matches)
    if request.method == "POST" and form.is_valid():
        try:
            choose_clinicians(
                request=match_request,
                clinician_ids=form.cleaned_data["clinicians"],
                staff_choose=form.cleaned_data["staff_choose"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("intake:done")
    context = {
        "match_request": match_request,
        "matches": [m for m in matches if not m.relaxed],
        "relaxed": [m for m in matches if m.relaxed],
        "form": form,
        "chosen_ids": _checked_ids(form),
    }
    return render(request, "intake/matchrequest_results.html", context)


@never_cache
@require_safe
def done(request):
    match_request = _from_cookie(request)
    if match_request is None:
        return render(request, "intake/matchrequest_expired.html", status=404)
    context = {
        "match_request": match_request,
        "chosen": list(match_request.chosen_matches()),
    }
    return render(request, "intake/matchrequest_done.html", context)


def empty_form_html(request, concerns: list[str]) -> str:
    """The empty form exactly as `{% crispy form %}` renders it, kept under the pages'
    version and filled in with this request's CSRF token and a new form token."""
    known = {slug for slug, _, _ in reference_choices()["specialty"]}
    concerns = sorted(set(concerns) & known)
    number = pagecache.version()
    key = f"{FORM_HTML_KEY}:{number}:{','.join(concerns)}"
    html = cache.get(key) if number is not None else None
    if html is None:
        form = MatchRequestForm(initial={"form_token": FORM_TOKEN_SLOT, "concerns": concerns})
        html = str(render_crispy_form(form, context={"csrf_token": CSRF_SLOT}))
        if number is not None:
            cache.set(key, html, pagecache.PAGE_TIMEOUT)
    html = html.replace(CSRF_SLOT, get_token(request)).replace(FORM_TOKEN_SLOT, new_form_token())
    return mark_safe(html)  # noqa: S308 (our own rendering; the tokens are URL-safe)


def _checked_ids(form) -> set[int]:
    """The boxes to show ticked: what was just sent, or the choice made before."""
    checked = set()
    for value in form["clinicians"].value() or []:
        try:
            checked.add(int(value))
        except (TypeError, ValueError):
            continue
    return checked


def _remember(response, match_request: MatchRequest) -> None:
    response.set_cookie(
        RESULTS_COOKIE,
        match_request.results_token,
        max_age=settings.INTAKE_RESULTS_TTL_HOURS * 3600,
        path=RESULTS_COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def forget_results(response) -> None:
    """This device can no longer open its results page (the request itself is kept)."""
    response.delete_cookie(RESULTS_COOKIE, path=RESULTS_COOKIE_PATH, samesite="Lax")


def _from_cookie(request) -> MatchRequest | None:
    token = request.COOKIES.get(RESULTS_COOKIE, "")
    if not token:
        return None
    return MatchRequest.objects.with_results_token(token).first()
