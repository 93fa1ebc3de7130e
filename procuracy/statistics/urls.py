from django.urls import path

from procuracy.statistics import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("download/", views.download, name="download"),
]
