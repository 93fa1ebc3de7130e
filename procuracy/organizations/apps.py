from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "procuracy.organizations"
    label = "organizations"
