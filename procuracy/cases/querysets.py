from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from procuracy.organizations.querysets import filter_scope

if TYPE_CHECKING:
    from procuracy.accounts.models import User


class CaseQuerySet(models.QuerySet):
    def restrict(self, user: User) -> CaseQuerySet:
        """Only the cases of the user's procuratorate and those below it."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return filter_scope(self, user.procuratorate_id)
