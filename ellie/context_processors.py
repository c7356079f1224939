from django.conf import settings


def site(request):
    staff_page = request.path.startswith(settings.STAFF_PATH_PREFIXES)
    return {
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        # Error pages pick the layout of the part of the site they are in.
        "base_template": "staff_base.html" if staff_page else "base.html",
    }
