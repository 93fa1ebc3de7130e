from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("knowledge/", include("procuracy.knowledge.urls")),
    path("reports/", include("procuracy.statistics.urls")),
    path("import/", include("procuracy.interchange.urls")),
    path("", include("procuracy.web.urls")),
]
