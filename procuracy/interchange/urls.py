from django.urls import path

from procuracy.interchange import views

app_name = "interchange"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<str:token>/confirm/", views.confirm, name="confirm"),
    path("<str:token>/discard/", views.discard, name="discard"),
    path("<str:token>/problems.csv", views.problems_csv, name="problems"),
]
