"""Editors keep clinicians current in the admin, and the ranking's copy follows."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from matching.models import Carrier, Clinician, Modality, SearchRow, Specialty
from matching.ranking import Preferences, rank
from tests.factories import ClinicianFactory
from tests.matching.helpers import assert_search_rows_current
from tests.matching.test_roster import GOOD, roster

pytestmark = pytest.mark.django_db


def change_form_data(clinician: Clinician, **overrides) -> dict:
    data = {
        "first_name": clinician.first_name,
        "last_name": clinician.last_name,
        "slug": clinician.slug,
        "npi": clinician.npi,
        "email": clinician.email,
        "phone": clinician.phone,
        "credentials": clinician.credentials,
        "pronouns": clinician.pronouns,
        "gender": clinician.gender,
        "bio": clinician.bio,
        "languages": [str(pk) for pk in clinician.languages.values_list("pk", flat=True)],
        "licensed_states": clinician.licensed_states,
        "telehealth": "on" if clinician.telehealth else "",
        "in_person": "on" if clinician.in_person else "",
        "age_groups": clinician.age_groups,
        "modalities": [str(pk) for pk in clinician.modalities.values_list("pk", flat=True)],
        "carriers": [str(pk) for pk in clinician.carriers.values_list("pk", flat=True)],
        "self_pay_rate": clinician.self_pay_rate or "",
        "sliding_scale": "on" if clinician.sliding_scale else "",
        "is_active": "on" if clinician.is_active else "",
        "accepting_new_clients": "on" if clinician.accepting_new_clients else "",
        "availability_confirmed_on": clinician.availability_confirmed_on or "",
        "waitlist_weeks": clinician.waitlist_weeks or "",
        "clinician_specialties-TOTAL_FORMS": "0",
        "clinician_specialties-INITIAL_FORMS": "0",
        "offices-TOTAL_FORMS": "0",
        "offices-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value != ""}


def test_content_editors_can_manage_clinicians(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:matching_clinician_changelist")).status_code == 200
    assert client.get(reverse("admin:matching_clinician_add")).status_code == 200
    for codename in ("add_clinician", "change_clinician", "delete_clinician", "view_office"):
        assert editor.has_perm(f"matching.{codename}")


def test_an_edit_in_the_admin_changes_what_the_ranking_sees(client, editor):
    clinician = ClinicianFactory(licensed_states=["MN"], carriers=["aetna"])
    cigna = Carrier.objects.get(slug="cigna")
    self_harm = Specialty.objects.get(slug="self-harm")
    client.force_login(editor)
    url = reverse("admin:matching_clinician_change", args=[clinician.pk])
    response = client.post(
        url,
        change_form_data(
            clinician,
            licensed_states=["WI"],
            carriers=[str(cigna.pk)],
            **{
                "clinician_specialties-TOTAL_FORMS": "1",
                "clinician_specialties-0-specialty": str(self_harm.pk),
                "clinician_specialties-0-level": "primary",
                "offices-TOTAL_FORMS": "1",
                "offices-0-zip_code": "53703",
            },
        ),
    )
    assert response.status_code == 302, response.context["errors"]
    row = SearchRow.objects.get(clinician=clinician)
    assert (row.state, row.carriers, row.primary_specialties) == ("WI", cigna.mask, self_harm.mask)
    assert clinician.offices.get().city == "Madison"
    assert not rank(Preferences(state="MN", carrier="aetna", seed="a")).matches
    found = rank(Preferences(state="WI", carrier="cigna", concerns=("self-harm",), seed="a"))
    assert [m.clinician for m in found.matches] == [clinician]
    assert "Works with self-harm as a primary focus" in found.matches[0].reasons
    assert_search_rows_current()


def test_a_clinician_added_in_the_admin_is_matched_at_once(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:matching_clinician_add"),
        {
            "first_name": "Rosa",
            "last_name": "Berg",
            "slug": "rosa-berg",
            "npi": "1234567893",
            "email": "rosa.berg@example.org",
            "licensed_states": ["MN"],
            "age_groups": ["adult"],
            "in_person": "on",
            "is_active": "on",
            "accepting_new_clients": "on",
            # Never-confirmed availability is not offered as a match (docs/matching.md).
            "availability_confirmed_on": timezone.localdate().isoformat(),
            "carriers": [str(Carrier.objects.get(slug="aetna").pk)],
            "clinician_specialties-TOTAL_FORMS": "1",
            "clinician_specialties-INITIAL_FORMS": "0",
            "clinician_specialties-0-specialty": str(Specialty.objects.get(slug="anxiety").pk),
            "clinician_specialties-0-level": "primary",
            "offices-TOTAL_FORMS": "1",
            "offices-INITIAL_FORMS": "0",
            "offices-0-zip_code": "55403",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    clinician = Clinician.objects.get(slug="rosa-berg")
    assert clinician.offices.get().city == "Minneapolis"
    prefs = Preferences(
        state="MN", format="in_person", zip_code="55401", concerns=("anxiety",), seed="a"
    )
    match = rank(prefs).matches[0]
    assert match.clinician == clinician
    assert "Works with anxiety as a primary focus" in match.reasons
    assert_search_rows_current()


def test_deleting_a_clinician_in_the_admin_takes_their_search_rows(client, editor):
    clinician, other = ClinicianFactory(), ClinicianFactory()
    client.force_login(editor)
    url = reverse("admin:matching_clinician_delete", args=[clinician.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert list(SearchRow.objects.values_list("clinician", flat=True)) == [other.pk]
    assert_search_rows_current()


def test_stopping_new_clients_in_the_admin_removes_a_clinician_from_matches(client, editor):
    clinician = ClinicianFactory()
    client.force_login(editor)
    url = reverse("admin:matching_clinician_change", args=[clinician.pk])
    data = change_form_data(clinician)
    del data["accepting_new_clients"]
    assert client.post(url, data).status_code == 302
    assert not rank(Preferences(state="MN", seed="a")).matches
    assert_search_rows_current()


def test_an_unknown_office_zip_is_a_clear_form_error(client, editor):
    clinician = ClinicianFactory()
    client.force_login(editor)
    url = reverse("admin:matching_clinician_change", args=[clinician.pk])
    response = client.post(
        url,
        change_form_data(
            clinician,
            in_person="on",
            **{"offices-TOTAL_FORMS": "1", "offices-0-zip_code": "00000"},
        ),
    )
    assert response.status_code == 200
    assert "We don&#x27;t know the ZIP code" in response.content.decode()
    assert not clinician.offices.exists()


def test_confirming_availability_from_the_list_refreshes_the_ranking(client, editor):
    clinician = ClinicianFactory(availability_confirmed_on=None)
    client.force_login(editor)
    response = client.post(
        reverse("admin:matching_clinician_changelist"),
        {"action": "confirm_availability_today", "_selected_action": [clinician.pk]},
    )
    assert response.status_code == 302
    match = rank(Preferences(state="MN", seed="a")).matches[0]
    assert "Availability confirmed today" in match.reasons
    assert_search_rows_current()


def test_renaming_a_specialty_slug_keeps_its_clinicians_matched(client, editor):
    clinician = ClinicianFactory(specialties=["grief:primary"])
    grief = Specialty.objects.get(slug="grief")
    client.force_login(editor)
    url = reverse("admin:matching_specialty_change", args=[grief.pk])
    response = client.post(url, {"name": "Grief and loss", "slug": "grief-loss"})
    assert response.status_code == 302
    match = rank(Preferences(state="MN", concerns=("grief-loss",), seed="a")).matches[0]
    assert match.clinician == clinician
    assert "Works with grief and loss as a primary focus" in match.reasons
    assert_search_rows_current()


def test_deleting_a_carrier_refreshes_linked_clinicians(client, admin_user):
    clinician = ClinicianFactory(carriers=["medica", "aetna"])
    medica = Carrier.objects.get(slug="medica")
    client.force_login(admin_user)
    url = reverse("admin:matching_carrier_delete", args=[medica.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    aetna = Carrier.objects.get(slug="aetna")
    assert SearchRow.objects.get(clinician=clinician).carriers == aetna.mask
    assert_search_rows_current()


def test_deleting_several_reference_items_from_the_list_refreshes_linked_clinicians(
    client, admin_user
):
    clinician = ClinicianFactory(modalities=["dbt", "emdr", "cbt"])
    gone = Modality.objects.filter(slug__in=["dbt", "emdr"])
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:matching_modality_changelist"),
        {"action": "delete_selected", "_selected_action": [m.pk for m in gone], "post": "yes"},
    )
    assert response.status_code == 302
    cbt = Modality.objects.get(slug="cbt")
    assert SearchRow.objects.get(clinician=clinician).modalities == cbt.mask
    assert_search_rows_current()


def test_a_new_reference_item_gets_a_bit_of_its_own(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:matching_carrier_add"), {"name": "UCare", "slug": "ucare"}
    )
    assert response.status_code == 302
    bits = list(Carrier.objects.values_list("bit", flat=True))
    assert None not in bits and len(set(bits)) == len(bits)
    clinician = ClinicianFactory(carriers=["ucare"])
    assert [
        m.clinician for m in rank(Preferences(state="MN", carrier="ucare", seed="a")).matches
    ] == [clinician]
    assert_search_rows_current()


class TestRosterImportPage:
    url = "/admin/matching/clinician/import/"

    def test_the_changelist_links_to_it(self, client, editor):
        client.force_login(editor)
        response = client.get(reverse("admin:matching_clinician_changelist"))
        assert self.url in response.content.decode()

    def test_a_good_file_imports_and_returns_to_the_list(self, client, editor):
        client.force_login(editor)
        upload = roster(GOOD)
        upload.name = "roster.csv"
        response = client.post(self.url, {"file": upload}, follow=True)
        assert "1 created, 0 updated, 0 unchanged" in response.content.decode()
        assert Clinician.objects.filter(npi=GOOD["npi"]).exists()
        assert_search_rows_current()

    def test_a_bad_file_shows_every_problem_in_a_table(self, client, editor):
        client.force_login(editor)
        upload = roster({**GOOD, "npi": "1234567890", "telehealth": "perhaps"})
        upload.name = "roster.csv"
        response = client.post(self.url, {"file": upload})
        page = response.content.decode()
        assert response.status_code == 200
        assert 'id="import-errors"' in page
        assert "<td>2</td><td>npi</td>" in page
        assert "<td>2</td><td>telehealth</td>" in page
        assert not Clinician.objects.exists()

    def test_staff_without_add_and_change_permission_cannot_import(self, client, django_user_model):
        viewer = django_user_model.objects.create_user(
            "viewer", password="x-long-pass-1", is_staff=True
        )
        viewer.user_permissions.add(
            Permission.objects.get(codename="view_clinician"),
            Permission.objects.get(codename="change_clinician"),
        )
        client.force_login(viewer)
        assert client.get(self.url).status_code == 403
        changelist = client.get(reverse("admin:matching_clinician_changelist"))
        assert self.url not in changelist.content.decode()

    def test_people_who_are_not_staff_are_refused(self, client, stranger):
        client.force_login(stranger)
        response = client.get(self.url)
        assert response.status_code == 403

    def test_anonymous_people_are_sent_to_log_in(self, client):
        response = client.get(self.url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_a_kind_of_reference_data_holds_at_most_63_items(client, editor):
    from matching.models import MAX_BITS

    for n in range(MAX_BITS - Carrier.objects.count()):
        Carrier.objects.create(slug=f"plan-{n}", name=f"Plan {n}")
    assert sorted(Carrier.objects.values_list("bit", flat=True)) == list(range(MAX_BITS))
    client.force_login(editor)
    response = client.post(
        reverse("admin:matching_carrier_add"), {"name": "One too many", "slug": "one-too-many"}
    )
    assert response.status_code == 200
    assert "There can be at most 63 carriers" in response.content.decode()
    assert not Carrier.objects.filter(slug="one-too-many").exists()


# Photos.


def upload(name: str, data: bytes, content_type: str = "image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def test_an_editor_uploads_a_photo_and_it_is_stored_without_its_exif(client, editor, media):
    from PIL import Image

    from tests.images import jpeg_bytes

    clinician = ClinicianFactory()
    client.force_login(editor)
    url = reverse("admin:matching_clinician_change", args=[clinician.pk])
    assert 'enctype="multipart/form-data"' in client.get(url).content.decode()

    data = change_form_data(clinician, photo_upload=upload("me.jpg", jpeg_bytes(gps=True)))
    response = client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    clinician.refresh_from_db()
    assert clinician.photo_key and clinician.photo_width == 512
    stored = sorted(p.name for p in (media / "clinicians").iterdir())
    assert len(stored) == 6 and all(name.startswith(clinician.photo_key) for name in stored)
    for path in (media / "clinicians").iterdir():
        assert not Image.open(path).getexif(), path.name
    page = client.get(url).content.decode()
    assert f'src="/media/clinicians/{clinician.photo_key}-128.jpg"' in page
    assert f"Photo of {clinician.full_name}" in page


def test_a_photo_can_come_with_a_new_clinician(client, editor, media):
    from tests.images import png_bytes

    client.force_login(editor)
    data = change_form_data(
        ClinicianFactory(),
        npi="1234567893",
        slug="new-person",
        email="new.person@example.org",
        photo_upload=upload("me.png", png_bytes(), "image/png"),
    )
    response = client.post(reverse("admin:matching_clinician_add"), data)
    assert response.status_code == 302, response.context["errors"]
    assert Clinician.objects.get(slug="new-person").photo_width == 512


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("bio.jpg", lambda: b"I help people find steadier ground.\n" * 50, "not a photo we can"),
        ("bomb.png", "decompression_bomb_png", "too large"),
        ("moving.webp", "animated_webp", "animated"),
    ],
    ids=["a text file renamed .jpg", "a decompression bomb", "an animated image"],
)
def test_a_file_that_is_not_a_usable_photo_is_a_clear_form_error(
    client, editor, media, name, make, message
):
    import tests.images

    data_bytes = make() if callable(make) else getattr(tests.images, make)()
    clinician = ClinicianFactory()
    client.force_login(editor)
    url = reverse("admin:matching_clinician_change", args=[clinician.pk])
    response = client.post(url, change_form_data(clinician, photo_upload=upload(name, data_bytes)))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["photo_upload"]
    assert len(errors) == 1 and message in errors[0]
    assert "Please correct the error below." in response.content.decode()
    clinician.refresh_from_db()
    assert clinician.photo_key == ""
    assert not (media / "clinicians").exists()


def test_an_editor_removes_a_photo_and_initials_are_shown_again(
    client, editor, media, django_capture_on_commit_callbacks
):
    from matching.photos import read_photo, set_clinician_photo
    from tests.images import jpeg_bytes

    clinician = ClinicianFactory()
    set_clinician_photo(clinician=clinician, photo=read_photo(jpeg_bytes()))
    client.force_login(editor)
    url = reverse("admin:matching_clinician_change", args=[clinician.pk])

    both = change_form_data(
        clinician, remove_photo="on", photo_upload=upload("me.jpg", jpeg_bytes(900, 900))
    )
    response = client.post(url, both)
    assert response.status_code == 200
    assert "not both" in response.context["adminform"].form.errors["remove_photo"][0]

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, change_form_data(clinician, remove_photo="on")).status_code == 302
    clinician.refresh_from_db()
    assert (clinician.photo_key, clinician.photo_width) == ("", None)
    assert not list((media / "clinicians").iterdir())


def test_the_admin_refuses_an_active_clinician_without_an_address(client, editor):
    clinician = ClinicianFactory()
    client.force_login(editor)
    url = reverse("admin:matching_clinician_change", args=[clinician.pk])
    response = client.post(url, change_form_data(clinician, email=""))
    assert response.status_code == 200
    assert "needs an email address" in response.content.decode()
    clinician.refresh_from_db()
    assert clinician.email


def test_the_admin_refuses_an_address_another_clinician_has(client, editor):
    ClinicianFactory(email="taken@example.org")
    clinician = ClinicianFactory()
    client.force_login(editor)
    url = reverse("admin:matching_clinician_change", args=[clinician.pk])
    response = client.post(url, change_form_data(clinician, email="Taken@Example.org"))
    assert response.status_code == 200
    assert "already has this address" in response.content.decode()


def test_the_admin_stores_an_address_lower_case(client, editor):
    clinician = ClinicianFactory()
    client.force_login(editor)
    url = reverse("admin:matching_clinician_change", args=[clinician.pk])
    response = client.post(url, change_form_data(clinician, email=" New@Example.org "))
    assert response.status_code == 302
    clinician.refresh_from_db()
    assert clinician.email == "new@example.org"
