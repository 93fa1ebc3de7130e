from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRecord(models.Model):
    """One successful import: who, when, which files (with their SHA-256) and what it stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="imports")
    started = models.DateTimeField(_("started"))
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    files = models.JSONField(_("files"), default=list)
    update = models.BooleanField(_("update existing cases"), default=False)
    cases_created = models.PositiveIntegerField(_("cases created"), default=0)
    cases_updated = models.PositiveIntegerField(_("cases updated"), default=0)
    persons = models.PositiveIntegerField(_("persons"), default=0)
    events = models.PositiveIntegerField(_("events"), default=0)

    class Meta:
        ordering = ["-started"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        names = ", ".join(f["name"] for f in self.files)
        return f"{names} ({self.started:%Y-%m-%d %H:%M})"
