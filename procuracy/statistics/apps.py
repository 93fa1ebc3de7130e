from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "procuracy.statistics"
    label = "statistics"
