"""The compact ZIP code file answers exactly what the `zipcodes` package would, and the
package's own table never enters an app process."""

import os
import subprocess
import sys

import pytest
import zipcodes
from django.conf import settings

from matching import zipdata
from matching.places import locate


def test_every_zip_code_of_the_package_is_found_with_its_state_city_and_place():
    rows = zipcodes.list_all()
    assert len(rows) > 40_000
    for row in rows:
        found = zipdata.find(row["zip_code"])
        assert found is not None, row["zip_code"]
        assert (found.state, found.city) == (row["state"], row["city"])
        assert (found.latitude, found.longitude) == (float(row["lat"]), float(row["long"]))


@pytest.mark.parametrize("zip_code", ["00000", "00499", "55499", "99999", "12345"])
def test_the_file_and_the_package_agree_on_whether_a_code_exists(zip_code):
    assert bool(zipcodes.matching(zip_code)) is (zip_code == "12345")
    assert (zipdata.find(zip_code) is not None) is (zip_code == "12345")


@pytest.mark.parametrize("text", ["", "5540", "554011", "5540a", "５５４０１", "٥٥٤٠١", " 5540"])
def test_anything_but_five_ascii_digits_is_not_found(text):
    assert zipdata.find(text) is None


def test_a_place_keeps_the_title_cased_city_and_the_coordinates():
    place = locate("55401")
    assert (place.city, place.state) == ("Minneapolis", "MN")
    assert (place.latitude, place.longitude) == (44.9835, -93.2683)


def test_a_damaged_file_is_written_again(tmp_path, settings):
    path = tmp_path / "zip.bin"
    path.write_bytes(b"ELLIEZIP2 truncated")
    settings.ZIP_DATA_FILE = str(path)
    table = zipdata._Table()
    assert table.find("55401").state == "MN"
    assert path.stat().st_size > 1_000_000


def test_an_app_process_never_loads_the_package_s_table(tmp_path):
    """The file is written by a child process: the package stays out of the app's memory."""
    code = (
        "import sys, django; django.setup(); "
        "from matching import zipdata; assert zipdata.find('55401').state == 'MN'; "
        "assert 'zipcodes' not in sys.modules, 'the package was imported'"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ellie.settings",
        "ZIP_DATA_FILE": str(tmp_path / "zip.bin"),
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert (tmp_path / "zip.bin").exists()


def test_without_a_usable_file_the_package_answers_in_the_process(settings, caplog):
    settings.ZIP_DATA_FILE = "/proc/no-such-folder/zip.bin"  # cannot be written
    table = zipdata._Table()
    assert table.find("55401").state == "MN"
    assert table.find("00000") is None
    assert "ZIP code file unusable" in caplog.text


def test_a_link_in_place_of_the_file_is_not_followed(tmp_path, settings):
    elsewhere = tmp_path / "elsewhere.bin"
    zipdata.write(str(elsewhere))
    link = tmp_path / "zip.bin"
    link.symlink_to(elsewhere)
    settings.ZIP_DATA_FILE = str(link)
    table = zipdata._Table()
    assert table.find("55401").state == "MN"
    assert not link.is_symlink(), "written again as a file of its own"
