"""Pages go out gzip-compressed, and a repeat visit with the ETag is still a 304."""

import gzip

import pytest

pytestmark = pytest.mark.django_db

GZIP = {"accept-encoding": "gzip, deflate, br"}


@pytest.mark.parametrize("path", ["/", "/conditions/", "/conditions/self-harm/", "/crisis/"])
def test_public_pages_are_compressed_for_browsers_that_ask(client, path):
    response = client.get(path, headers=GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert "988" in html


def test_a_client_that_does_not_ask_gets_plain_html(client):
    response = client.get("/crisis/")
    assert "Content-Encoding" not in response
    assert b"988" in response.content


def test_the_form_is_compressed_too(client):
    response = client.get("/get-matched/", headers=GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert b"csrfmiddlewaretoken" in gzip.decompress(response.content)


@pytest.mark.parametrize("path", ["/", "/conditions/", "/conditions/self-harm/", "/crisis/"])
def test_a_compressed_page_keeps_its_etag_and_answers_304(client, path):
    first = client.get(path, headers=GZIP)
    assert first["ETag"]
    again = client.get(path, headers={**GZIP, "if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_photos_are_not_compressed_again(client, tmp_path, settings):
    from django.core.files.storage import storages

    name = "clinicians/" + "a" * 20 + "-160.webp"
    storages["default"].save(name, __import__("io").BytesIO(b"RIFF" + b"\0" * 400))
    response = client.get(f"/media/{name}", headers=GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
