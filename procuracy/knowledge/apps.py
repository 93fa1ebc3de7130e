from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "procuracy.knowledge"
    label = "knowledge"
