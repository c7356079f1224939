"""Staff review at /staff/: for members of Intake staff only (see intake.staff.access)."""

from django.urls import path

from intake.staff import views

app_name = "staff"


def action(segment: str, name: str):
    return path(f"requests/<int:pk>/{segment}/", views.act, {"action": name}, name=name)


urlpatterns = [
    path("", views.queue, name="queue"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("requests/<int:pk>/", views.review, name="review"),
    # The changes staff make: one view, driven by views.ACTIONS; each name is its action.
    action("assign", "assign"),
    action("clinician", "assign_clinician"),
    action("status", "change_status"),
    action("close", "close"),
    action("contact-attempts", "contact_attempt"),
    action("notes", "add_note"),
    action("coverage", "coverage_check"),
]
