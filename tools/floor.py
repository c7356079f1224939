"""The floor for `make bench-pages`: Django answering "Hello, world" and nothing else.

No middleware, no templates, no database: what one Django request costs served by gunicorn
on this machine. The app's pages are measured as a fraction of it, side by side in one run,
so a busy machine slows both alike (docs/performance.md). Served as
`gunicorn tools.floor:application`.
"""

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="floor-only-not-a-secret-0123456789-abcdefghijklmnop",  # noqa: S106
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_I18N=False,
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def hello(request):
    return HttpResponse("Hello, world\n", content_type="text/plain")


urlpatterns = [path("", hello)]

application = get_wsgi_application()
