from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "procuracy.interchange"
    label = "interchange"
