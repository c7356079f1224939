from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("get-matched/", views.get_matched, name="get_matched"),
    path("get-matched/results/", views.results, name="results"),
    path("get-matched/done/", views.done, name="done"),
    path("get-matched/forget/", views.forget, name="forget"),
]
