from django.urls import path

from clinicians import views

app_name = "clinicians"

urlpatterns = [
    path("", views.start, name="start"),
    path("sign-in/<str:token>/", views.sign_in, name="sign_in"),
    path("check-in/<str:token>/", views.check_in, name="check_in"),
    path("home/", views.home, name="home"),
    path("referrals/<int:pk>/", views.referral, name="referral"),
    path("sign-out/", views.sign_out, name="sign_out"),
]
