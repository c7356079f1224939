"""
WSGI config for ellie project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ellie.settings")

application = get_wsgi_application()

# Map the ZIP code file now, as each server process starts (writing it first if this machine
# has none: about a second), rather than during the first person's request that needs it
# (matching/zipdata.py, docs/performance.md).
from matching.places import locate  # noqa: E402

locate("55401")
