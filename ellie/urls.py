from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from conditions.sitemaps import ConditionSitemap
from ellie import views
from ellie.sitemaps import PublicPagesSitemap
from practice.sitemaps import PracticePageSitemap

sitemaps = {
    "pages": PublicPagesSitemap,
    "practice": PracticePageSitemap,
    "conditions": ConditionSitemap,
}

# Staff, sign-in, the admin and the machine-facing addresses: one address each, in English.
urlpatterns = [
    path("leave/", views.leave, name="leave"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("media/<path:name>", views.media_file, name="media_file"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("accounts/", include("ellie.accounts")),
    path("for-clinicians/", include("clinicians.urls")),
    path("staff/clinicians/", include("clinicians.staff_urls")),
    path("staff/", include("intake.staff.urls")),
    path("admin/", admin.site.urls),
]

# The public pages: English with no prefix, Spanish under /es/ with the same slugs.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("crisis/", views.crisis, name="crisis"),
    path("conditions/", include("conditions.urls")),
    path("clinicians/", include("matching.urls")),
    path("", include("intake.urls")),
    path("", include("practice.urls")),
    prefix_default_language=False,
)

handler400 = "ellie.views.bad_request"
handler500 = "ellie.views.server_error"
