"""Get matched: the form, the results, the confirmation.

No answer, name or token ever appears in a URL: the results page is found through a
session-only, HttpOnly cookie that holds the request's opaque results token (only its hash
is stored), which the results page can also forget on request.
"""

import logging
from urllib.parse import urlencode

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ellie import pagecache
from ellie.auth import client_ip
from intake import antispam
from intake.forms import ChoiceForm, MatchRequestForm, new_form_token
from intake.models import MatchRequest
from intake.services import choose_clinicians, existing_request, submit_request
from matching.forms import reference_choices

# The empty form's markup is the same for everyone but for the CSRF token and the form
# token: it is rendered once per version of the public pages (reference data are in it)
# and set of `?concern=` choices, with these slots, which each request fills in.
CSRF_SLOT = "ellie-slot-csrf-7c1e0b"
FORM_TOKEN_SLOT = "ellie-slot-form-token-7c1e0b"  # noqa: S105 (a placeholder)
FORM_HTML_KEY = "intake:empty-form"
FORM_TEMPLATE = "intake/matchrequest_form.html"

logger = logging.getLogger(__name__)
SPANISH = "spanish"  # the slug of the Spanish language (matching/reference.py)
RESULTS_COOKIE = "intake_results"
RESULTS_COOKIE_PATH = "/get-matched/"
# The Spanish pages live under /es/get-matched/: a cookie of their own there (one name per
# path, so a response can set both), so the results open in either language.
RESULTS_COOKIES = ((RESULTS_COOKIE, RESULTS_COOKIE_PATH), ("intake_results_es", "/es/get-matched/"))


def _concerns_stamp(request) -> str | None:
    """The `?concern=` choices as part of the kept page's key, when the query is exactly
    the one spelling of a set of known concerns (sorted, each once: how the site's links
    write it). Otherwise None: the page is neither kept nor answered from the kept copy. The
    page's language link repeats the query, so nothing one visitor brings (a campaign's
    parameters, an unknown concern) may reach the next, and made-up spellings of a set
    cannot fill the cache."""
    known = _known_concerns(request.GET.getlist("concern"))
    if request.META.get("QUERY_STRING", "") != urlencode([("concern", slug) for slug in known]):
        return None
    return ",".join(known)


# A repeat anonymous visit to the empty form is answered before the middleware, with this
# visit's tokens in the kept page (ellie.pagecache.SlottedPage).
@pagecache.slotted_page(
    slots={CSRF_SLOT: get_token, FORM_TOKEN_SLOT: lambda request: new_form_token()},
    stamp=_concerns_stamp,
)
@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def get_matched(request):
    if request.method != "POST":  # GET, and HEAD (uptime monitors) answered the same way
        return empty_form_page(request, request.GET.getlist("concern"))

    form = MatchRequestForm(request.POST)
    if form.is_spam:
        # A bot filled the hidden field: nothing is kept. A person who says they are in
        # danger right now (a browser may autofill the field) still gets crisis help first,
        # their answers back, and no word that anything was sent.
        if form.says_right_now:
            return render(request, "intake/matchrequest_form.html", {"form": form})
        return render(request, "intake/matchrequest_received.html")
    if not form.is_valid():
        return render(request, "intake/matchrequest_form.html", {"form": form})

    try:
        return _store(request, form)
    except DatabaseError:
        if not form.positive_screen:
            raise
        # Someone who may be at risk is told plainly, with the number to call instead.
        logger.exception("A request with a positive safety screen could not be saved")
        context = {"form": form, "not_saved": True}
        return render(request, "intake/matchrequest_form.html", context, status=503)


def _store(request, form: MatchRequestForm):
    """Count, store and open the results; or refuse (the limit), or say it exists already."""
    token = form.cleaned_data["form_token"]
    existing = existing_request(token)
    if existing is not None:
        return _already_have(request, existing)
    # Counted first, refused second: concurrent posts each get their own count. A positive
    # safety screen is never refused: it is counted, and kept.
    over = antispam.over_limit(antispam.count_submission(client_ip(request)))
    if over and not form.positive_screen:
        context = {"form": form, "rate_limited": True}
        return render(request, "intake/matchrequest_form.html", context, status=429)

    # The token was just looked up and the form has read the carrier: neither is read again.
    submitted = submit_request(
        form_token=token,
        answers=form.to_answers(site_language=get_language()),
        known_new=True,
        carrier=form.cleaned_data.get("carrier"),
    )
    if not submitted.created:  # the same form, sent twice at once: the other post made it
        return _already_have(request, submitted.request)
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
                ip=client_ip(request) or None,
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


def empty_form_page(request, concerns: list[str]) -> HttpResponse:
    """The page with the empty form, rendered around the kept form. For a visitor with no
    session and no message waiting, the page is rendered with the slots and handed to
    ``ellie.pagecache``, which keeps it and answers the next such visit with new tokens."""
    concerns = _known_concerns(concerns)
    if not pagecache.answers_from_cache(request, query_allowed=True):
        form_html = _filled(request, empty_form_html(concerns))
        return render(request, FORM_TEMPLATE, {"form_html": form_html})
    # Every {% csrf_token %} on the page (the form, "Leave this site") gets the slot.
    form_html = mark_safe(empty_form_html(concerns))  # noqa: S308 (our own rendering)
    context = {"form_html": form_html, "csrf_token": CSRF_SLOT}
    page = render_to_string(FORM_TEMPLATE, context, request)
    response = HttpResponse(_filled(request, page))
    response.page_with_slots = page
    return response


def _known_concerns(concerns: list[str]) -> list[str]:
    if not concerns:  # the usual visit: nothing to check against the lists
        return []
    known = {slug for slug, _, _ in reference_choices()["specialty"]}
    return sorted(set(concerns) & known)


def empty_form_html(concerns: list[str]) -> str:
    """The empty form exactly as `{% crispy form %}` renders it, with the slots for the
    CSRF token and the form token; kept under the pages' version."""
    number = pagecache.version()
    language = get_language()
    # One per language: the labels are in it, and the Spanish form prefers Spanish speakers.
    key = f"{FORM_HTML_KEY}:{number}:{language}:{','.join(concerns)}"
    html = cache.get(key) if number is not None else None
    if html is None:
        initial = {"form_token": FORM_TOKEN_SLOT, "concerns": concerns}
        if language == "es":
            # Asked on the Spanish site: Spanish-speaking clinicians first, unless changed.
            initial["language"] = SPANISH
        form = MatchRequestForm(initial=initial)
        html = str(render_crispy_form(form, context={"csrf_token": CSRF_SLOT}))
        if number is not None:
            cache.set(key, html, pagecache.PAGE_TIMEOUT)
    return html


def _filled(request, html: str) -> str:
    """This request's masked CSRF token and a new form token in the slots."""
    html = html.replace(CSRF_SLOT, get_token(request)).replace(FORM_TOKEN_SLOT, new_form_token())
    return mark_safe(html)  # noqa: S308 (our own rendering; the tokens are URL-safe)


def _already_have(request, existing: MatchRequest):
    """The same form sent again. The device that sent it first goes back to its results;
    any other (a second browser replaying the page) learns only that the request exists,
    and gets no cookie: the form token alone never opens anyone's results."""
    cookie = _cookie_token(request)
    if cookie and MatchRequest.objects.with_results_token(cookie).filter(pk=existing.pk).exists():
        return redirect("intake:results")
    return render(request, "intake/matchrequest_already.html")


def _checked_ids(form) -> set[int]:
    """The boxes to show ticked: what was just sent, or the choice made before."""
    checked = set()
    for value in form["clinicians"].value() or []:
        try:
            checked.add(int(value))
        except (TypeError, ValueError):
            continue
    return checked


@never_cache
@require_POST
def forget(request):
    """ "Forget this on this device": the results cookie goes; the request itself is kept."""
    response = render(request, "intake/matchrequest_forgotten.html")
    forget_results(response)
    return response


def _remember(response, match_request: MatchRequest) -> None:
    # Session cookies: they end when the browser closes. The server still refuses the
    # token after INTAKE_RESULTS_TTL_HOURS, however long the browser stays open.
    for name, path in RESULTS_COOKIES:
        response.set_cookie(
            name,
            match_request.results_token,
            path=path,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def forget_results(response) -> None:
    """This device can no longer open its results page (the request itself is kept)."""
    for name, path in RESULTS_COOKIES:
        response.delete_cookie(name, path=path, samesite="Lax")


def _cookie_token(request) -> str:
    """The results token this device holds, under whichever language's path it came."""
    names = [name for name, _ in RESULTS_COOKIES]
    return next((request.COOKIES[n] for n in names if request.COOKIES.get(n)), "")


def _from_cookie(request) -> MatchRequest | None:
    token = _cookie_token(request)
    if not token:
        return None
    return MatchRequest.objects.with_results_token(token).first()
