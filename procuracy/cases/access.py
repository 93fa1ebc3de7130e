"""Permission-checked reads: an object outside the user's jurisdiction does not exist for them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from procuracy.cases.models import Case
from procuracy.core.audit import record_access
from procuracy.core.models import AccessAction

if TYPE_CHECKING:
    from procuracy.accounts.models import User


def access_case(user: User, case_id: str, action: str = AccessAction.VIEW) -> Case:
    try:
        case = Case.objects.restrict(user).select_related(
            "procuratorate", "supervision_listed_by"
        ).get(case_id=case_id)
    except Case.DoesNotExist as exc:
        raise Http404(case_id) from exc
    record_access(actor=user, action=action, target=case.case_id)
    return case
