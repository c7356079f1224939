from django.urls import path

from practice import views
from practice.models import PageSlug

app_name = "practice"

# One fixed address per page (printed material and search engines link to them).
urlpatterns = [
    path(f"{slug}/", views.page_detail, {"slug": slug}, name=slug.replace("-", "_"))
    for slug in PageSlug.values
]
