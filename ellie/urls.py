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

urlpatterns = [
    path("", views.home, name="home"),
    path("crisis/", views.crisis, name="crisis"),
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
    path("conditions/", include("conditions.urls")),
    path("clinicians/", include("matching.urls")),
    path("for-clinicians/", include("clinicians.urls")),
    path("", include("intake.urls")),
    path("staff/clinicians/", include("clinicians.staff_urls")),
    path("staff/", include("intake.staff.urls")),
    path("admin/", admin.site.urls),
    path("", include("practice.urls")),
]

handler400 = "ellie.views.bad_request"
handler500 = "ellie.views.server_error"
