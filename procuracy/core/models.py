"""The audit streams every app writes to: the change log and the access log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    DELETE = "delete", _("deleted")


class ObjectChange(models.Model):
    """Who changed what, when, from what to what, and why."""

    time = models.DateTimeField(_("time"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="changes",
        verbose_name=_("user"),
    )
    # Kept beside the foreign key so the record survives the deletion of the account.
    user_name = models.CharField(_("user name"), max_length=150)
    request_id = models.UUIDField(_("request"), null=True, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=ChangeAction.choices)
    changed_object_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    changed_object_id = models.CharField(max_length=100)
    object_repr = models.CharField(_("object"), max_length=200)
    # The case a change belongs to, so a case's history is one indexed read.
    case_ref = models.CharField(_("case"), max_length=100, blank=True, db_index=True)
    prechange_data = models.JSONField(null=True, blank=True)
    postchange_data = models.JSONField(null=True, blank=True)
    message = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["changed_object_type", "changed_object_id"])]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self) -> str:
        return f"{self.user_name} {self.action} {self.object_repr}"


class AccessAction(models.TextChoices):
    VIEW = "view", _("viewed")
    SEARCH = "search", _("searched")
    EXPORT = "export", _("exported")
    DOWNLOAD = "download", _("downloaded")
    REPORT = "report", _("ran a report")
    IMPORT = "import", _("imported")


class AccessLog(models.Model):
    """Reads that matter: views of a case, searches, exports and reports."""

    time = models.DateTimeField(_("time"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="accesses",
        verbose_name=_("user"),
    )
    user_name = models.CharField(_("user name"), max_length=150)
    action = models.CharField(_("action"), max_length=10, choices=AccessAction.choices)
    target = models.CharField(_("target"), max_length=200, blank=True, db_index=True)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=10, default="web")

    class Meta:
        ordering = ["-time", "-id"]
        verbose_name = _("access")
        verbose_name_plural = _("accesses")

    def __str__(self) -> str:
        return f"{self.user_name} {self.action} {self.target}"


def content_type_for(model: type[models.Model] | models.Model) -> ContentType:
    return ContentType.objects.get_for_model(model)


def jsonable(value: Any) -> Any:
    """Plain JSON for change-log snapshots (dates and decimals as strings)."""
    import datetime
    from decimal import Decimal

    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
