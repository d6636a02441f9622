from django.contrib import admin
from django.urls import include, path

from tousu.api.main import api
from tousu.web.views.common import landing

urlpatterns = [
    path("", landing, name="landing"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("tousu.web.urls")),
]
