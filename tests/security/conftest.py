import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Many sign-ins here; the real hasher's cost is tested by Django, not by us."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
