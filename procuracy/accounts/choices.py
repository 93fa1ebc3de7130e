from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROSECUTOR = "prosecutor", _("prosecutor")
    DEPARTMENT_HEAD = "department_head", _("department head")
    STATISTICIAN = "statistician", _("statistician")
    ADMINISTRATOR = "administrator", _("administrator")
