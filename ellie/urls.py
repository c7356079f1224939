from django.contrib import admin
from django.urls import include, path

from ellie import views

urlpatterns = [
    path("", views.home, name="home"),
    path("crisis/", views.crisis, name="crisis"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("ellie.accounts")),
    path("conditions/", include("conditions.urls")),
    path("clinicians/", include("matching.urls")),
    path("", include("intake.urls")),
    path("staff/", include("intake.staff_urls")),
    path("admin/", admin.site.urls),
]

handler400 = "ellie.views.bad_request"
