from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "procuracy.core"
    label = "core"
