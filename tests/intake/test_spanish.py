"""Asking in Spanish: the form, the results with Spanish reasons, the choice, the email."""

import re

import pytest

from intake.models import MatchRequest
from outbox.models import OutboxMessage
from tests.factories import ClinicianFactory

pytestmark = pytest.mark.django_db

URL = "/es/get-matched/"
RESULTS = "/es/get-matched/results/"
DONE = "/es/get-matched/done/"


@pytest.fixture
def spanish_speaker(clinicians):
    """One more clinician who fits, and who offers sessions in Spanish."""
    return ClinicianFactory(
        first_name="Lucia",
        last_name="Ramos",
        specialties=["self-harm:primary"],
        modalities=["dbt"],
        carriers=["aetna"],
        languages=["english", "spanish"],
    )


def selected_language(html: str) -> str:
    select = re.search(r'<select name="language".*?</select>', html, re.S).group(0)
    found = re.search(r'<option value="([^"]*)"[^>]*selected', select)
    return found.group(1) if found else ""


def test_the_spanish_form_prefers_spanish_speaking_clinicians_by_default(client):
    html = client.get(URL).content.decode()
    assert '<html lang="es">' in html
    assert selected_language(html) == "spanish"
    assert "Idioma de las sesiones" in html
    assert "Una pregunta" not in html
    assert "Ver mis terapeutas sugeridos" in html  # the submit button


def test_the_english_form_has_no_language_preference_by_default(client):
    assert selected_language(client.get("/get-matched/").content.decode()) == ""


def test_a_request_made_in_spanish_ranks_spanish_speakers_first_with_the_reason_in_spanish(
    client, post_data, spanish_speaker
):
    response = client.post(URL, post_data(language="spanish"))
    assert response.status_code == 302
    assert response["Location"] == RESULTS
    request = MatchRequest.objects.get()
    assert request.site_language == "es"
    first = request.matches.order_by("rank").first()
    assert first.clinician == spanish_speaker
    assert "Ofrece sesiones en español" in first.reasons
    assert "Trabaja con autolesiones como enfoque principal" in first.reasons
    assert "Formación en DBT" in first.reasons
    html = client.get(RESULTS).content.decode()
    assert '<html lang="es">' in html
    assert "Ofrece sesiones en español" in html
    assert "Por qué se lo sugerimos" in html
    assert request.reference in html


def test_the_person_may_drop_the_spanish_preference(client, post_data, spanish_speaker):
    client.post(URL, post_data(language=""))
    request = MatchRequest.objects.get()
    assert request.language is None
    assert request.site_language == "es", "the pages were still in Spanish"
    reasons = [r for m in request.matches.all() for r in m.reasons]
    assert "Ofrece sesiones en español" not in reasons


def test_a_stale_availability_caution_reads_in_spanish_with_its_plural(client, post_data):
    from datetime import timedelta

    from django.utils import timezone

    ClinicianFactory(
        specialties=["self-harm:primary"],
        carriers=["aetna"],
        availability_confirmed_on=timezone.localdate() - timedelta(days=35),
    )
    client.post(URL, post_data())
    cautions = [c for m in MatchRequest.objects.get().matches.all() for c in m.cautions]
    assert "Disponibilidad confirmada por última vez hace 5 semanas" in cautions


def test_choosing_and_the_confirmation_work_in_spanish_without_javascript(
    client, post_data, clinicians
):
    client.post(URL, post_data(email_confirmation="on", email="sam@example.org"))
    maya = clinicians[0]
    response = client.post(RESULTS, {"action": "choose", "clinicians": [maya.pk]})
    assert (response.status_code, response["Location"]) == (302, DONE)
    done = client.get(DONE).content.decode()
    assert '<html lang="es">' in done
    assert "Recibimos su solicitud" in done
    assert "Qué pasa ahora" in done
    assert "Maya Okafor" in done


def test_a_spanish_choice_error_is_in_spanish(client, post_data, clinicians):
    client.post(URL, post_data())
    response = client.post(RESULTS, {"action": "choose"})
    assert "Elija de uno a tres terapeutas" in response.content.decode()


def test_form_errors_are_in_spanish_and_keep_the_answers(client, post_data):
    response = client.post(URL, post_data(zip_code="1234", first_name=""))
    html = response.content.decode()
    assert "Escriba un código postal de 5 dígitos" in html
    assert "Díganos cómo llamarle." in html
    assert "Revise 2 respuestas" in html
    assert 'value="1234"' in html


def test_the_confirmation_email_is_in_the_persons_language_and_the_staff_notice_in_english(
    client, post_data, clinicians
):
    client.post(URL, post_data(email_confirmation="on", email="sam@example.org"))
    confirmation = OutboxMessage.objects.get(kind="confirmation")
    request = MatchRequest.objects.get()
    assert confirmation.subject == f"Su código de referencia: {request.reference}"
    assert "Gracias por comunicarse con" in confirmation.body
    assert "marque 2" in confirmation.body and "AYUDA" in confirmation.body
    staff = OutboxMessage.objects.get(kind="staff_new_request")
    assert "waiting" in staff.subject
    assert "Su " not in staff.body


def test_an_english_request_gets_an_english_email(client, post_data, clinicians):
    client.post("/get-matched/", post_data(email_confirmation="on", email="sam@example.org"))
    confirmation = OutboxMessage.objects.get(kind="confirmation")
    assert MatchRequest.objects.get().site_language == "en"
    assert confirmation.subject.startswith("Your reference code")


def test_staff_see_the_language_the_person_used_in_english(
    client, post_data, clinicians, intake_staff
):
    from django.test import Client
    from django.urls import reverse

    client.post(URL, post_data())
    request = MatchRequest.objects.get()
    staff = Client()
    staff.force_login(intake_staff)
    html = staff.get(reverse("staff:review", kwargs={"pk": request.pk})).content.decode()
    assert '<html lang="en">' in html
    assert "Language they used" in html
    assert "Spanish (their results and emails are in Spanish)" in html


def test_the_results_cookies_are_session_cookies_for_both_languages(client, post_data, clinicians):
    response = client.post(URL, post_data())
    for name, path in (("intake_results", "/get-matched/"), ("intake_results_es", URL)):
        cookie = response.cookies[name]
        assert cookie["path"] == path
        assert cookie["httponly"] and cookie["samesite"] == "Lax"
        assert not cookie["max-age"] and not cookie["expires"], "ends with the browser"


def test_the_spanish_results_say_when_in_spanish(client, post_data, clinicians):
    client.post(URL, post_data())
    phrase = MatchRequest.objects.get().first_contact_phrase()
    html = client.get(RESULTS).content.decode()
    assert "Alguien de nuestro equipo de admisión se comunicará con usted" in html
    assert f'<strong class="first-contact">{phrase}</strong>' in html
    assert phrase not in ("today", "tomorrow", "by tomorrow")
    assert "Olvidar esto en este dispositivo" in html


def test_forget_this_on_this_device_works_in_spanish_and_clears_both_cookies(
    client, post_data, clinicians
):
    client.post(URL, post_data())
    for page in (client.get(RESULTS), client.get(DONE)):
        assert 'action="/es/get-matched/forget/"' in page.content.decode()
    response = client.post("/es/get-matched/forget/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "Este dispositivo olvidó sus terapeutas sugeridos" in html
    for name, path in (("intake_results", "/get-matched/"), ("intake_results_es", URL)):
        gone = response.cookies[name]
        assert (gone.value, gone["path"], gone["max-age"]) == ("", path, 0)
    assert client.get(RESULTS).status_code == 404
    assert client.get("/get-matched/results/").status_code == 404
    assert MatchRequest.objects.count() == 1


def test_the_screen_offers_rather_not_say_in_spanish(client, post_data):
    html = client.get(URL).content.decode()
    assert "Prefiero no responder" in html
    assert "menor de 18 años" in html
    response = client.post(URL, post_data(asq_right_now="declined", first_name=""))
    html = response.content.decode()
    assert "Su solicitud todavía no se ha enviado." in html
    assert "Por favor, pida ayuda ahora mismo" in html


def test_the_empty_form_is_kept_once_per_language(client):
    """The empty form's markup is rendered once per version; English and Spanish apart."""
    for _ in range(2):
        english = client.get("/get-matched/").content.decode()
        spanish = client.get(URL).content.decode()
        assert selected_language(english) == "" and "Idioma de las sesiones" not in english
        assert selected_language(spanish) == "spanish" and "Idioma de las sesiones" in spanish
