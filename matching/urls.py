from django.urls import path

from matching import views

app_name = "matching"

urlpatterns = [
    path("", views.clinician_list, name="clinician_list"),
    path("<slug:slug>/", views.clinician_detail, name="clinician_detail"),
]
