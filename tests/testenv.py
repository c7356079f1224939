"""Loaded by pytest before Django starts: test-only environment defaults."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-real-deployment-000000")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Tests run over plain HTTP.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# Staff tests sign in with force_login; the tests of the second factor itself (and the URL
# walk) turn REQUIRE_2FA on with the `settings` fixture. Production has it on.
os.environ.setdefault("REQUIRE_2FA", "0")
# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make around it are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Every request reads the pages' version row, so query counts do not depend on the clock;
# tests/ellie/test_pagecache.py checks the production setting (the shared file, read in between).
os.environ.setdefault("PAGE_VERSION_RECHECK_MS", "0")
# Hashed static names need collectstatic; tests serve the source files instead
# (tests/test_static.py runs collectstatic itself and checks the manifest).
os.environ.setdefault("STATICFILES_MANIFEST", "0")
os.environ.setdefault("WHITENOISE_USE_FINDERS", "1")
# Uploaded photos go to a folder of their own for the run, never to the checkout's media/.
_media = tempfile.mkdtemp(prefix="ellie-test-media-")
atexit.register(shutil.rmtree, _media, ignore_errors=True)
os.environ.setdefault("MEDIA_ROOT", _media)
# A second database for the backup round trip (tests/ellie/test_backup.py); created only
# when that test runs.
os.environ.setdefault("RESTORE_TEST_DATABASE", "1")
