from django.contrib.auth import views as auth_views
from django.urls import path

from procuracy.cases import views as case_views
from procuracy.procedure import views as procedure_views
from procuracy.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("queue/", views.queue, name="queue"),
    path("cases/", case_views.case_list, name="case-list"),
    path("cases/export.<str:fmt>", case_views.case_export, name="case-export"),
    path("cases/<str:case_id>/", case_views.case_detail, name="case-detail"),
    path("cases/<str:case_id>/act/<slug:action>/", procedure_views.case_action, name="case-action"),
    path("approvals/", procedure_views.approvals, name="approvals"),
    path("approvals/<int:pk>/", procedure_views.decide, name="decide"),
    path("supervision/", procedure_views.supervision_board, name="supervision"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
