"""A staff member signs in with a password and a code in a real browser; the policy holds."""

from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from ellie.auth import INTAKE_STAFF
from ellie.urls import urlpatterns as site_urlpatterns
from tests.security.helpers import authenticator, code_for

WATCH_CSP = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""

PAGE = """{% extends "base.html" %}
{% block meta %}<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "MedicalWebPage", "name": "Self-harm"}
</script>{% endblock meta %}
{% block content %}<div class="container"><h1>Structured data</h1>EXTRA</div>{% endblock content %}
"""


def _render(extra):
    def view(request):
        template = engines["django"].from_string(PAGE.replace("EXTRA", extra))
        return HttpResponse(template.render({}, request))

    return view


class CspUrls:
    urlpatterns = [
        *site_urlpatterns,
        path("json-ld/", _render("")),
        path("inline-script/", _render("<script>document.title = 'ran';</script>")),
    ]


def test_a_staff_member_signs_in_with_password_and_code(page, settings, django_user_model):
    settings.REQUIRE_2FA = True
    user = django_user_model.objects.create_user("ivy", password="a-long-test-password-3")
    user.groups.add(Group.objects.get_or_create(name=INTAKE_STAFF)[0])
    device = authenticator(user)

    page.goto(page.site_url + "/accounts/login/?next=/crisis/")
    page.get_by_label("Username").fill("ivy")
    page.get_by_label("Password").fill("a-long-test-password-3")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/verify/**")
    page.a11y()
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(page.site_url + "/crisis/")
    page.a11y()

    cookies = {c["name"]: c for c in page.context.cookies()}
    session = cookies["__Host-sessionid"]
    assert session["secure"] and session["httpOnly"] and session["path"] == "/"
    assert cookies["__Host-csrftoken"]["httpOnly"]

    page.goto(page.site_url + "/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(page.site_url + "/accounts/login/")
    page.a11y()
    assert page.get_by_text("You are signed out.").is_visible()


def test_a_wrong_password_shows_an_error_next_to_the_form(page, django_user_model):
    django_user_model.objects.create_user("ivy", password="a-long-test-password-3")
    page.goto(page.site_url + "/accounts/login/")
    page.get_by_label("Username").fill("ivy")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.a11y()
    assert page.get_by_text("That username and password did not match").is_visible()


def test_json_ld_passes_the_content_security_policy_and_inline_script_does_not(page, settings):
    settings.ROOT_URLCONF = CspUrls
    page.add_init_script(WATCH_CSP)
    page.goto(page.site_url + "/json-ld/")
    assert page.evaluate("window.__violations") == []
    page.goto(page.site_url + "/inline-script/")
    page.wait_for_function("window.__violations.length > 0")
    assert page.title() != "ran"
    assert any(v.startswith("script-src") for v in page.evaluate("window.__violations"))
