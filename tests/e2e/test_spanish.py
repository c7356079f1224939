"""The loop in Spanish on a phone: /es/, the Spanish self-harm page, the form, Spanish reasons,
a choice and a reference code. axe checks every page."""

import re

import pytest
from django.core.cache import cache

from intake.models import MatchRequest
from tests.e2e.test_get_matched import _steps
from tests.factories import ClinicianFactory

pytestmark = pytest.mark.e2e
REFERENCE = re.compile(r"ELL-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}")


@pytest.fixture
def clinicians(site):
    cache.clear()
    return [
        ClinicianFactory(
            first_name="Lucia",
            last_name="Ramos",
            credentials="LICSW",
            specialties=["self-harm:primary"],
            modalities=["dbt"],
            carriers=["aetna"],
            languages=["english", "spanish"],
        ),
        ClinicianFactory(
            first_name="Maya",
            last_name="Okafor",
            credentials="LPCC",
            specialties=["self-harm:primary"],
            modalities=["dbt"],
            carriers=["aetna"],
        ),
    ]


def go_on(page):
    page.wait_for_load_state()
    page.a11y()


def test_a_person_reads_the_spanish_self_harm_page_and_asks_for_a_match_in_spanish(
    page, clinicians
):
    page.goto(page.site_url + "/es/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("link", name="Llame al 988").first.is_visible()
    page.get_by_role("link", name="Lea sobre lo que tratamos").click()
    go_on(page)
    page.get_by_role("link", name="Autolesiones").click()
    go_on(page)
    assert page.url == page.site_url + "/es/conditions/self-harm/"
    assert page.get_by_role("heading", name="Autolesiones", level=1).is_visible()
    notice = page.locator("[data-crisis-notice]")
    assert "marque 2" in notice.inner_text()
    clipped = notice.locator("a.btn").evaluate_all(
        "links => links.filter(a => a.scrollWidth > a.clientWidth).map(a => a.textContent)"
    )
    assert clipped == [], "the longer Spanish labels fit their buttons"
    english = page.get_by_role("link", name="English")
    assert english.get_attribute("lang") == "en"
    assert english.get_attribute("href") == "/conditions/self-harm/"

    page.get_by_role("link", name="Encuentre un terapeuta que trabaje con las autolesiones").click()
    go_on(page)
    assert re.search(r"/es/get-matched/\?concern=self-harm$", page.url)
    assert page.get_by_label("Autolesiones").is_checked()
    assert page.get_by_label("Idioma de las sesiones").input_value() == "spanish"
    assert page.get_by_role("status").filter(has_text="Paso 1 de 7").is_visible()

    def step_to(target):
        _steps.step_to(page, target, back="Atrás", next="Siguiente")

    right_now = page.get_by_role("group", name=re.compile("en este momento"))
    first = page.get_by_role("group", name=re.compile("deseado estar"))
    step_to(page.get_by_role("group", name=re.compile("deseado estar"), include_hidden=True))
    assert page.get_by_role("status").filter(has_text="Paso 2 de 7").is_visible()
    assert not right_now.is_visible(), "asked only after a yes or a refusal, as in English"
    first.get_by_label("Prefiero no responder").check()
    assert right_now.is_visible()
    for question in ["deseado estar", "estarían mejor", "En la última semana", "Alguna vez"]:
        page.get_by_role("group", name=re.compile(question)).get_by_label("No", exact=True).check()
    assert not right_now.is_visible()
    step_to(page.get_by_label("Telesalud (video)"))
    page.get_by_label("Telesalud (video)").check()
    page.get_by_label("Estado en el que estará durante las sesiones").select_option("MN")
    step_to(page.get_by_label("Con mi seguro médico"))
    page.get_by_label("Con mi seguro médico").check()
    page.get_by_label("Su seguro médico").select_option(label="Aetna")
    step_to(page.get_by_label("Fecha de nacimiento"))
    page.get_by_label("Fecha de nacimiento").fill("1990-04-17")
    step_to(page.locator("#id_first_name"))
    page.locator("#id_first_name").fill("Robin")
    page.locator("#id_email").fill("robin@example.org")
    contact = page.get_by_role("group", name=re.compile("contactemos primero"))
    contact.get_by_label("Correo electrónico").check()
    page.get_by_label(re.compile("Acepto que")).check()
    page.get_by_role("button", name="Ver mis terapeutas sugeridos").click()
    go_on(page)

    assert page.url == page.site_url + "/es/get-matched/results/"
    first = page.locator(".match-card").first
    assert "Lucia Ramos" in first.inner_text()
    # Three reasons show; the rest are folded under "N razones más".
    first.locator("details.more-reasons summary").filter(has_text="más").click()
    for reason in [
        "Ofrece sesiones en español",
        "Trabaja con autolesiones como enfoque principal",
        "Formación en DBT",
        "Dentro de la red de Aetna",
    ]:
        assert first.get_by_text(reason).is_visible()
    page.get_by_label("Solicitar a Lucia Ramos, LICSW").check()
    page.get_by_role("button", name="Solicitar a los terapeutas que elegí").click()
    go_on(page)

    assert page.url == page.site_url + "/es/get-matched/done/"
    assert page.get_by_role("heading", name="Recibimos su solicitud").is_visible()
    request = MatchRequest.objects.get()
    assert request.site_language == "es"
    assert request.language.slug == "spanish"
    code = page.locator(".reference-code").inner_text().strip()
    assert REFERENCE.fullmatch(code) and code == request.reference
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
