from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path

from tousu.api.main import api


def home(request: HttpRequest) -> HttpResponse:
    # The web UI arrives later; until then the API docs are the front door.
    return redirect("/api/docs")


urlpatterns = [
    path("", home),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("tousu.web.urls")),
]
