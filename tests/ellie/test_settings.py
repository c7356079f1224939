"""The settings file reads the environment and refuses unsafe combinations."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_settings(env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import ellie.settings as s; {code}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = run_settings({}, "print(s.DEBUG)")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = run_settings({"SECRET_KEY": "x" * 50}, "print(s.DEBUG)")
    assert result.stdout.strip() == "False"


def test_sqlite_when_database_url_is_unset():
    result = run_settings({"DEBUG": "1"}, "print(s.DATABASES['default']['ENGINE'])")
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_postgresql_with_persistent_checked_connections_when_database_url_is_set():
    result = run_settings(
        {"DEBUG": "1", "DATABASE_URL": "postgres://u@db.example:5432/ellie"},
        "d = s.DATABASES['default'];"
        "print(d['ENGINE'], d['CONN_MAX_AGE'] > 0, d['CONN_HEALTH_CHECKS'])",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "True", "True"]


def test_production_style_environment_passes_check_deploy():
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECURE_SSL_REDIRECT",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "REQUIRE_2FA",
        }
    }
    env.update(
        {
            "SECRET_KEY": "a-production-style-secret-key-" + "k3y9" * 10,
            "ALLOWED_HOSTS": "ellie.example.org",
            "STATICFILES_MANIFEST": "1",
            "SITE_URL": "https://ellie.example.org",
            "EMAIL_HOST": "smtp.example.org",
            "DEFAULT_FROM_EMAIL": "Ellie Mental Health <intake@ellie.example.org>",
            "INTAKE_NOTIFY_EMAILS": "intake@ellie.example.org",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# Where uploaded photos are stored.


def test_photos_are_local_files_served_by_this_site_by_default(tmp_path):
    result = run_settings(
        {"DEBUG": "1", "MEDIA_ROOT": str(tmp_path)},
        "print(s.STORAGES['default']['BACKEND'], s.MEDIA_ROOT, s.MEDIA_URL);"
        "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])",
    )
    first, second = result.stdout.splitlines()
    backend, root, url = first.split()
    assert (backend, root, url) == (
        "django.core.files.storage.FileSystemStorage",
        str(tmp_path),
        "/media/",
    )
    assert second == "[\"'self'\", 'data:']"


STORAGE_PROBE = (
    "import json, django; django.setup();"
    "from django.core.files.storage import storages;"
    "st = storages['default'];"
    "print(json.dumps([type(st).__module__ + '.' + type(st).__name__,"
    " s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], st.bucket_name,"
    " st.url('clinicians/0123456789abcdef0123-128.webp')]))"
)


@pytest.mark.parametrize(
    ("env", "origin", "url"),
    [
        (
            {"MEDIA_BUCKET": "ellie-photos", "MEDIA_BUCKET_REGION": "us-east-2"},
            "https://ellie-photos.s3.us-east-2.amazonaws.com",
            "https://ellie-photos.s3.us-east-2.amazonaws.com/clinicians/",
        ),
        (
            {"MEDIA_BUCKET": "ellie-photos", "MEDIA_BUCKET_DOMAIN": "photos.ellie.example.org"},
            "https://photos.ellie.example.org",
            "https://photos.ellie.example.org/clinicians/",
        ),
        (
            {
                "MEDIA_BUCKET": "ellie-photos",
                "MEDIA_BUCKET_ENDPOINT_URL": "https://objects.example.net/",
                "AWS_ACCESS_KEY_ID": "test-key-id",
                "AWS_SECRET_ACCESS_KEY": "test-secret",
            },
            "https://objects.example.net",
            "https://objects.example.net/ellie-photos/clinicians/",
        ),
    ],
    ids=["aws", "a cdn in front", "an s3-compatible service"],
)
def test_a_bucket_is_used_when_configured_and_only_its_origin_is_allowed(env, origin, url):
    result = run_settings(
        {"DEBUG": "1", "AWS_EC2_METADATA_DISABLED": "true", **env},
        f"import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'ellie.settings'; {STORAGE_PROBE}",
    )
    assert result.returncode == 0, result.stderr
    backend, img_src, bucket, link = json.loads(result.stdout.splitlines()[-1])
    assert backend == "storages.backends.s3.S3Storage"
    assert bucket == "ellie-photos"
    assert img_src == ["'self'", "data:", origin]
    assert link == f"{url}0123456789abcdef0123-128.webp", "unsigned, on the allowed origin"
