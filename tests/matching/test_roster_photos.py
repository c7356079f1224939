"""The roster's photo column: photos in a ZIP with the CSV, or beside it for the command."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from PIL import Image

from matching.models import Clinician
from matching.roster import import_roster
from tests.factories import ClinicianFactory
from tests.images import jpeg_bytes, png_bytes
from tests.matching.test_roster import GOOD, HEADER, SECOND, roster

pytestmark = pytest.mark.django_db

WITH_PHOTO = [*HEADER, "photo"]


def zipped(files: dict[str, bytes]) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    out.seek(0)
    return out


def roster_zip(*rows: dict, photos: dict[str, bytes], extra: dict | None = None) -> io.BytesIO:
    table = roster(*rows, header=WITH_PHOTO).getvalue()
    return zipped({"roster.csv": table, **photos, **(extra or {})})


def stored_files(media) -> list[str]:
    folder = media / "clinicians"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_zip_of_the_roster_and_its_photos_imports_both(media):
    rows = [{**GOOD, "photo": "photos/rosa.jpg"}, {**SECOND, "photo": "Omar.PNG"}]
    photos = {"photos/Rosa.JPG": jpeg_bytes(gps=True), "omar.png": png_bytes(400, 400)}

    result = import_roster(file=roster_zip(*rows, photos=photos))

    assert result.ok, result.errors
    rosa, omar = Clinician.objects.order_by("first_name").reverse()
    assert (rosa.first_name, rosa.photo_width) == ("Rosa", 512)
    assert (omar.first_name, omar.photo_width) == ("Omar", 256)
    assert len(stored_files(media)) == 6 + 4
    for name in stored_files(media):
        assert not Image.open(media / "clinicians" / name).getexif(), name


def test_importing_the_same_zip_twice_changes_nothing_the_second_time(media):
    rows = [{**GOOD, "photo": "rosa.jpg"}]
    photos = {"rosa.jpg": jpeg_bytes()}
    assert import_roster(file=roster_zip(*rows, photos=photos)).created == 1
    before = Clinician.objects.values_list("photo_key", "updated_at").get()

    again = import_roster(file=roster_zip(*rows, photos=photos))

    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert Clinician.objects.values_list("photo_key", "updated_at").get() == before


def test_a_new_photo_in_the_file_replaces_the_old_one(media):
    import_roster(file=roster_zip({**GOOD, "photo": "rosa.jpg"}, photos={"rosa.jpg": jpeg_bytes()}))
    first_key = Clinician.objects.get().photo_key
    result = import_roster(
        file=roster_zip({**GOOD, "photo": "rosa.jpg"}, photos={"rosa.jpg": png_bytes()})
    )
    assert (result.updated, result.unchanged) == (1, 0)
    assert Clinician.objects.get().photo_key not in ("", first_key)


def test_an_empty_photo_cell_leaves_the_photo_alone(media):
    import_roster(file=roster_zip({**GOOD, "photo": "rosa.jpg"}, photos={"rosa.jpg": jpeg_bytes()}))
    key = Clinician.objects.get().photo_key
    result = import_roster(file=roster_zip({**GOOD, "photo": ""}, photos={}))
    assert result.unchanged == 1
    assert Clinician.objects.get().photo_key == key


@pytest.mark.parametrize(
    ("photo", "files", "reason"),
    [
        ("rosa.jpg", {}, "no file 'rosa.jpg' in the ZIP"),
        ("rosa.jpg", {"rosa.jpg": b"Rosa's bio, not a photo." * 20}, "not a photo we can read"),
        ("rosa.jpg", {"rosa.jpg": png_bytes(120, 120)}, "too small"),
        ("../rosa.jpg", {}, "no file '../rosa.jpg' in the ZIP"),
    ],
    ids=["missing", "a text file renamed .jpg", "too small", "outside the zip"],
)
def test_a_photo_problem_is_reported_on_its_line_and_nothing_is_written(
    media, photo, files, reason
):
    rows = [{**SECOND, "photo": ""}, {**GOOD, "photo": photo}]

    result = import_roster(file=roster_zip(*rows, photos=files))

    assert not result.ok
    (error,) = result.errors
    assert (error.line, error.column) == (3, "photo")
    assert reason in error.reason
    assert not Clinician.objects.exists()
    assert stored_files(media) == []


def test_a_csv_naming_photos_without_them_asks_for_a_zip(media):
    result = import_roster(file=roster({**GOOD, "photo": "rosa.jpg"}, header=WITH_PHOTO))
    (error,) = result.errors
    assert error.column == "photo" and "upload a ZIP holding the CSV and its photos" in str(error)


@pytest.mark.parametrize(
    ("archive", "reason"),
    [
        (zipped({"rosa.jpg": b"x"}), "exactly one roster CSV; it holds no CSV file"),
        (zipped({"a.csv": b"npi\n", "b.csv": b"npi\n"}), "it holds 2 CSV files"),
        (io.BytesIO(b"PK\x03\x04 and then nothing a ZIP needs"), "the ZIP file is damaged"),
    ],
    ids=["no csv", "two csvs", "damaged"],
)
def test_a_zip_that_is_not_a_roster_says_why(media, archive, reason):
    (error,) = import_roster(file=archive).errors
    assert reason in error.reason


def test_files_a_mac_adds_to_a_zip_are_not_taken_for_the_roster(media):
    archive = roster_zip(
        {**GOOD, "photo": "rosa.jpg"},
        photos={"rosa.jpg": jpeg_bytes()},
        extra={"__MACOSX/._roster.csv": b"\0\5\26\7", "._roster.csv": b"\0\5\26\7"},
    )
    assert import_roster(file=archive).ok


def test_the_command_finds_photos_beside_the_csv_and_nothing_outside_its_folder(media, tmp_path):
    folder = tmp_path / "roster"
    (folder / "photos").mkdir(parents=True)
    (folder / "photos" / "rosa.jpg").write_bytes(jpeg_bytes())
    (tmp_path / "elsewhere.jpg").write_bytes(jpeg_bytes())
    good = folder / "roster.csv"
    good.write_bytes(roster({**GOOD, "photo": "photos/rosa.jpg"}, header=WITH_PHOTO).getvalue())

    call_command("import_clinicians", str(good), stdout=io.StringIO())
    assert Clinician.objects.get().photo_width == 512

    escape = folder / "escape.csv"
    escape.write_bytes(
        roster({**SECOND, "photo": "../elsewhere.jpg"}, header=WITH_PHOTO).getvalue()
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_clinicians", str(escape), stderr=err)
    assert "no file '../elsewhere.jpg' beside the CSV" in err.getvalue()


def test_the_command_imports_a_zip(media, tmp_path):
    path = tmp_path / "roster.zip"
    path.write_bytes(
        roster_zip({**GOOD, "photo": "rosa.jpg"}, photos={"rosa.jpg": jpeg_bytes()}).getvalue()
    )
    call_command("import_clinicians", str(path), stdout=io.StringIO())
    assert Clinician.objects.get().photo_key


def test_the_admin_imports_a_zip_with_photos(client, editor, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ClinicianFactory()  # someone already there: untouched
    client.force_login(editor)
    archive = roster_zip({**GOOD, "photo": "rosa.jpg"}, photos={"rosa.jpg": jpeg_bytes()})
    upload = SimpleUploadedFile("roster.zip", archive.getvalue(), "application/zip")

    response = client.post(reverse("admin:matching_clinician_import"), {"file": upload})

    assert response.status_code == 302
    assert Clinician.objects.get(npi=GOOD["npi"]).photo_width == 512


def test_the_admin_shows_a_photo_problem_with_its_line(client, editor, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    archive = roster_zip({**GOOD, "photo": "rosa.jpg"}, photos={"rosa.jpg": b"not a photo"})
    upload = SimpleUploadedFile("roster.zip", archive.getvalue(), "application/zip")

    response = client.post(reverse("admin:matching_clinician_import"), {"file": upload})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<td>2</td><td>photo</td>" in page and "not a photo we can read" in page
    assert not Clinician.objects.exists()
