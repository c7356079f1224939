"""What search engines read: /sitemap.xml and /robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from conditions.models import Condition, ConditionTranslation
from practice.models import PracticePage
from tests.factories import ConditionFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_urls(client) -> dict[str, str | None]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


def test_the_sitemap_lists_the_public_pages_and_published_conditions(client):
    urls = sitemap_urls(client)
    expected = {"http://testserver/", "http://testserver/crisis/", "http://testserver/conditions/"}
    expected |= {
        f"http://testserver{page.get_absolute_url()}" for page in Condition.objects.published()
    }
    expected |= {
        f"http://testserver{page.get_absolute_url()}" for page in PracticePage.objects.published()
    }
    # The fixed pages in Spanish too, and each condition whose Spanish version is published
    # (tests/ellie/test_languages.py, tests/conditions/test_translations.py).
    expected |= {
        "http://testserver/es/",
        "http://testserver/es/crisis/",
        "http://testserver/es/conditions/",
    }
    expected |= {
        f"http://testserver/es{t.condition.get_absolute_url()}"
        for t in ConditionTranslation.objects.published().select_related("condition")
    }
    assert set(urls) == expected
    assert "http://testserver/conditions/self-harm/" in urls
    assert {"http://testserver/about/", "http://testserver/locations/"} <= set(urls)


def test_the_sitemap_leaves_out_drafts(client):
    ConditionFactory(slug="not-yet", is_published=False)
    PracticePage.objects.filter(slug="privacy").update(is_published=False)
    urls = sitemap_urls(client)
    assert "http://testserver/conditions/not-yet/" not in urls
    assert "http://testserver/privacy/" not in urls


def test_the_sitemap_dates_each_condition_by_its_last_change(client):
    page = Condition.objects.get(slug="anxiety")
    lastmod = sitemap_urls(client)["http://testserver/conditions/anxiety/"]
    # The sitemap writes the date in the practice's time zone.
    assert lastmod == timezone.localdate(page.updated_at).isoformat()


def test_robots_txt_allows_public_pages_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for rule in [
        "Disallow: /admin/",
        "Disallow: /staff/",
        "Disallow: /get-matched/",
        "Allow: /get-matched/$",
        "Allow: /",
        "Sitemap: http://testserver/sitemap.xml",
    ]:
        assert rule in lines
    assert "Disallow: /conditions/" not in lines
    assert "Disallow: /" not in lines
