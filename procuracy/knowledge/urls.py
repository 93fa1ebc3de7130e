from django.urls import path

from procuracy.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("judgments/<str:judgment_id>/", views.judgment_detail, name="judgment"),
    path("guiding/<str:number>/", views.guiding_case_detail, name="guiding-case"),
    path("sentencing/", views.sentencing_page, name="sentencing"),
]
