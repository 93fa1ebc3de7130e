from django.contrib.auth import views as auth_views
from django.urls import path

from procuracy.web import views

app_name = "web"

urlpatterns = [
    path("", views.case_list, name="home"),
    path("cases/", views.case_list, name="case-list"),
    path("cases/<str:case_id>/", views.case_detail, name="case-detail"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
