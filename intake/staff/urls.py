"""Staff review at /staff/: for members of Intake staff only (see intake.staff.access)."""

from django.urls import path

from intake.staff import views

app_name = "staff"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("requests/<int:pk>/", views.review, name="review"),
    path("requests/<int:pk>/assign/", views.assign, name="assign"),
    path("requests/<int:pk>/clinician/", views.assign_clinician, name="assign_clinician"),
    path("requests/<int:pk>/status/", views.change_status, name="change_status"),
    path("requests/<int:pk>/close/", views.close, name="close"),
    path("requests/<int:pk>/contact-attempts/", views.contact_attempt, name="contact_attempt"),
    path("requests/<int:pk>/notes/", views.add_note, name="add_note"),
    path("requests/<int:pk>/coverage/", views.coverage_check, name="coverage_check"),
]
