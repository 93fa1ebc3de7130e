"""Writing the change log and the access log.

Actions call these explicitly inside their transaction; nothing is recorded by signals, so
a bulk write records exactly what it did and a read never writes a change record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone

from procuracy.core.context import current_context
from procuracy.core.models import AccessLog, ChangeAction, ObjectChange, content_type_for, jsonable

if TYPE_CHECKING:
    from procuracy.accounts.models import User


def record_change(
    *,
    actor: User,
    action: ChangeAction | str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    message: str = "",
    case_ref: str = "",
) -> ObjectChange:
    return ObjectChange.objects.create(
        time=timezone.now(),
        user=actor,
        user_name=actor.get_username(),
        request_id=current_context().request_id,
        action=action,
        changed_object_type=content_type_for(obj),
        changed_object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        case_ref=case_ref,
        prechange_data=jsonable(before) if before is not None else None,
        postchange_data=jsonable(after) if after is not None else None,
        message=message[:500],
    )


def record_access(
    *, actor: User, action: str, target: str = "", detail: dict[str, Any] | None = None
) -> AccessLog:
    ctx = current_context()
    return AccessLog.objects.create(
        time=timezone.now(),
        user=actor if actor.pk else None,
        user_name=actor.get_username(),
        action=action,
        target=target[:200],
        detail=jsonable(detail or {}),
        ip_address=ctx.ip_address,
        channel=ctx.channel,
    )
