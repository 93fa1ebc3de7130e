from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JudgmentKind(models.TextChoices):
    DUTY = "duty", _("duty crime")
    ORGANIZED = "organized", _("organized crime")
    OTHER = "other", _("other crime")


class GuidingTopic(models.TextChoices):
    DUTY_CRIME = "duty_crime", _("duty crime")
    ORGANIZED_CRIME = "organized_crime", _("organized crime")
    CONFISCATION = "confiscation", _("confiscation of illegal gains")
    RECOMMENDATION = "recommendation", _("procuratorial recommendation")
    RELIEF = "relief", _("judicial relief")
    OTHER = "other", _("other")


class DocumentType(models.TextChoices):
    JUDGMENT = "judgment", _("judgment")
    GUIDING_CASE = "guiding_case", _("guiding case")
