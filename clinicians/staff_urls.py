"""Staff pages about clinicians, under /staff/clinicians/ (Intake staff only)."""

from django.urls import path

from clinicians import staff_views as views

app_name = "staff_clinicians"

urlpatterns = [
    path("", views.needs_confirming, name="needs_confirming"),
    path("requests/<int:pk>/refer/", views.refer, name="refer"),
]
