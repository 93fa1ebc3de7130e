from django.urls import include, path

urlpatterns = [
    path("", include("procuracy.web.urls")),
]
