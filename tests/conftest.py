"""Shared fixtures: a few named people (healthchecks' alice/bob/charlie)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import translation


@pytest.fixture
def stranger(django_user_model):
    """Logged in, but in no group."""
    return django_user_model.objects.create_user("stranger", password="a-long-test-password-1")


@pytest.fixture
def editor(django_user_model):
    """A member of Content editors (admin content only)."""
    user = django_user_model.objects.create_user(
        "editor", password="a-long-test-password-2", is_staff=True
    )
    group, _ = Group.objects.get_or_create(name="Content editors")
    user.groups.add(group)
    return user


@pytest.fixture
def intake_staff(django_user_model):
    """A member of Intake staff (works requests)."""
    user = django_user_model.objects.create_user("ivy", password="a-long-test-password-3")
    group, _ = Group.objects.get_or_create(name="Intake staff")
    user.groups.add(group)
    return user


@pytest.fixture(autouse=True)
def _forget_the_cached_practice_and_pages():
    """Each test reads the practice and the pages from its own database (the memory cache
    outlives rollbacks, and a rolled-back version number comes round again)."""
    from django.core.cache import cache

    from ellie import pagecache

    cache.clear()
    pagecache._recent.clear()
    yield
    cache.clear()
    pagecache._recent.clear()


@pytest.fixture
def practice(db):
    """The practice as every page reads it, already cached (query budgets leave it out)."""
    from practice.models import Practice

    return Practice.current()


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files (photos) in local storage, in a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request to /es/ leaves its thread in Spanish (LocaleMiddleware sets the language per
    request and does not reset it); the next test starts in the default language."""
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """collectstatic with the production storage (hashed names, gzip copies) into a
    temporary folder, once per run."""
    root = tmp_path_factory.mktemp("static")
    env = dict(os.environ, STATICFILES_MANIFEST="1", DEBUG="0")
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','ellie.settings');"
        "from django.conf import settings; django.setup();"
        "from django.core.management import call_command;"
        f"settings.STATIC_ROOT = {str(root)!r};"
        "call_command('collectstatic', interactive=False, verbosity=0)"
    )
    base = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", code], cwd=base, env=env, check=True, timeout=300)
    return root
