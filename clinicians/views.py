"""The clinicians' pages (docs/clinicians.md). Views stay thin: the services do the work."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from clinicians import access, referrals, services
from clinicians.forms import AcceptForm, AvailabilityForm, DeclineForm, SignInLinkForm
from clinicians.models import ClinicianLink, Referral
from clinicians.ratelimit import count_link_request
from ellie.auth import client_ip
from matching.scoring import days_ago_phrase


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def start(request):
    """Ask for a sign-in link. The answer is the same whether or not the address is known."""
    if request.method == "GET" and access.session_of(request) is not None:
        return redirect("clinicians:home")
    form = SignInLinkForm(request.POST or None)
    if request.method == "POST":
        address = client_ip(request)
        if count_link_request(address):
            return render(
                request, "clinicians/start.html", {"form": form, "rate_limited": True}, status=429
            )
        if form.is_valid():
            services.request_sign_in_link(email=form.cleaned_data["email"], ip=address)
            return render(request, "clinicians/link_sent.html")
    return render(request, "clinicians/start.html", {"form": form})


def _link_gone(request, status=404):
    return render(request, "clinicians/link_gone.html", status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request, token):
    """GET shows a button (mail scanners that open links use nothing); POST signs in."""
    if services.usable_link(token=token, purpose=ClinicianLink.Purpose.SIGN_IN) is None:
        return _link_gone(request)
    if request.method == "GET":
        return render(request, "clinicians/sign_in.html")
    signed_in = services.sign_in(token=token, ip=client_ip(request))
    if signed_in is None:
        return _link_gone(request)
    response = redirect("clinicians:home")
    access.set_session_cookie(response, signed_in.token)
    return response


def _availability_context(clinician, form):
    confirmed = clinician.availability_confirmed_on
    days = (timezone.localdate() - confirmed).days if confirmed else None
    return {
        "clinician": clinician,
        "form": form,
        "confirmed_phrase": days_ago_phrase(days) if days is not None else "",
    }


def _answer(request, clinician, link=None):
    """Handle a check-in POST; a response, or the form with its errors."""
    ip = client_ip(request)
    if request.POST.get("answer") == "unchanged":
        done = services.confirm_own_availability(clinician=clinician, answer=None, link=link, ip=ip)
        return None if done else _link_gone(request), None
    form = AvailabilityForm(request.POST, clinician=clinician)
    if not form.is_valid():
        return None, form
    done = services.confirm_own_availability(
        clinician=clinician, answer=form.answer(), link=link, ip=ip
    )
    return None if done else _link_gone(request), None


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def check_in(request, token):
    """The check-in link's page: no sign-in needed; the answer uses the link up."""
    link = services.usable_link(token=token, purpose=ClinicianLink.Purpose.CHECK_IN)
    if link is None:
        return _link_gone(request)
    clinician = link.clinician
    form = AvailabilityForm(clinician=clinician)
    if request.method == "POST":
        gone, invalid = _answer(request, clinician, link)
        if gone is not None:
            return gone
        if invalid is None:
            link.clinician.refresh_from_db()
            return render(request, "clinicians/check_in_done.html", {"clinician": clinician})
        form = invalid
    context = _availability_context(clinician, form)
    return render(request, "clinicians/check_in.html", {**context, "from_link": True})


@access.clinician_required
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def home(request):
    clinician = request.clinician
    form = AvailabilityForm(clinician=clinician)
    if request.method == "POST":
        gone, invalid = _answer(request, clinician)
        if gone is None and invalid is None:
            return redirect("clinicians:home")
        form = invalid
    context = _availability_context(clinician, form)
    context["referrals"] = (
        Referral.objects.filter(clinician=clinician)
        .exclude(status=Referral.Status.EXPIRED)
        .select_related("request")
        .order_by("-offered_at")[:20]
    )
    return render(request, "clinicians/home.html", context)


@access.clinician_required
@require_http_methods(["GET", "POST"])
def referral(request, pk):
    """One referral of the signed-in clinician's own: anyone else's is "not found"."""
    found = (
        Referral.objects.filter(pk=pk, clinician=request.clinician)
        .select_related("request", "request__carrier")
        .prefetch_related("request__concerns")
        .first()
    )
    if found is None:
        raise Http404
    accept_form, decline_form = AcceptForm(), DeclineForm()
    if request.method == "POST":
        if request.POST.get("answer") == "accept":
            accept_form = AcceptForm(request.POST)
            if accept_form.is_valid():
                referrals.accept(
                    referral_id=found.pk,
                    clinician=request.clinician,
                    reach_out=accept_form.cleaned_data["reach_out"],
                )
                return redirect("clinicians:referral", pk=found.pk)
        elif request.POST.get("answer") == "decline":
            decline_form = DeclineForm(request.POST)
            if decline_form.is_valid():
                referrals.decline(
                    referral_id=found.pk,
                    clinician=request.clinician,
                    reason=decline_form.cleaned_data["reason"],
                )
                return redirect("clinicians:home")
        found.refresh_from_db()
    context = {
        "referral": found,
        "match_request": found.request,
        "accept_form": accept_form,
        "decline_form": decline_form,
        "is_open": found.status == Referral.Status.OFFERED and found.deadline_at > timezone.now(),
    }
    return render(request, "clinicians/referral.html", context)


@require_POST
def sign_out(request):
    session = access.session_of(request)
    if session is not None:
        services.sign_out(session=session, ip=client_ip(request))
    response = redirect("clinicians:start")
    access.clear_session_cookie(response)
    return response
