from django.contrib.auth import views as auth_views
from django.urls import path

from tousu.web import views

app_name = "web"
urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/emergencies", views.emergency_queue, name="emergencies"),
    path("staff/emergencies/<int:complaint_id>/take", views.take, name="take"),
    path("staff/emergencies/<int:complaint_id>/casefile", views.casefile, name="casefile"),
    path("staff/collective", views.collective_suggestions, name="collective"),
    path("staff/collective/<int:suggestion_id>/decide", views.collective_decide,
         name="collective_decide"),
]
