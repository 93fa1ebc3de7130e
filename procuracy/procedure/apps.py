from django.apps import AppConfig


class ProcedureConfig(AppConfig):
    name = "procuracy.procedure"
    label = "procedure"
