from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    # An account that may log in but has been given no work yet (or had it withdrawn).
    NONE = "", _("no role")
    PROSECUTOR = "prosecutor", _("prosecutor")
    DEPARTMENT_HEAD = "department_head", _("department head")
    STATISTICIAN = "statistician", _("statistician")
    ADMINISTRATOR = "administrator", _("administrator")
