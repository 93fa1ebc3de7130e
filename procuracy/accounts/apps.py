from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "procuracy.accounts"
    label = "accounts"
