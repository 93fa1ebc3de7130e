"""Writes of user accounts."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from procuracy.accounts.choices import Role
from procuracy.accounts.models import Assignment, User
from procuracy.core.audit import record_change
from procuracy.core.models import ChangeAction
from procuracy.organizations.codes import code_in_scope


def _snapshot(user: User) -> dict[str, object]:
    return {"username": user.username, "name": user.get_full_name(), "procuratorate": user.procuratorate_id,
            "role": user.role, "is_active": user.is_active}


def do_save_user(*, actor: User, username: str, procuratorate: str, role: str, full_name: str = "",
                 password: str | None = None) -> User:
    """Create or update an account; a password given here is set as is (demo and administrators)."""
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        before = _snapshot(user) if user else None
        if user is None:
            user = User(username=username)
        user.procuratorate_id = procuratorate
        user.role = role
        user.first_name = full_name
        user.is_active = True
        if password is not None:
            user.set_password(password)
        user.save()
        after = _snapshot(user)
        if before != after or password is not None:
            record_change(actor=actor, action=ChangeAction.UPDATE if before else ChangeAction.CREATE, obj=user,
                          before=before, after=after)
        return user


def do_assign_case(*, actor: User, case_pk: int, handler: User) -> Assignment:
    """Give a case to the prosecutor who will handle it.

    A prosecutor may take a case of their own procuratorate; a department head assigns the cases
    of their procuratorate and those below it to the prosecutors of the case's procuratorate.
    """
    from procuracy.cases.models import Case

    if not actor.has_role(Role.PROSECUTOR, Role.DEPARTMENT_HEAD):
        raise PermissionDenied
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(pk=case_pk).first()
        if case is None or not code_in_scope(case.procuratorate_id, actor.procuratorate_id):
            raise Http404(str(case_pk))
        if not handler.has_role(Role.PROSECUTOR, Role.DEPARTMENT_HEAD) or \
                handler.procuratorate_id != case.procuratorate_id:
            raise ValidationError({"handler": _("the handler must be a prosecutor of the procuratorate that "
                                                "handles the case (%(code)s)") % {"code": case.procuratorate_id}})
        if handler != actor and not actor.has_role(Role.DEPARTMENT_HEAD):
            raise ValidationError({"handler": _("only a department head assigns a case to someone else")})
        assignment = Assignment.objects.select_for_update().filter(case=case).first()
        before = {"handler": assignment.handler.username} if assignment else None
        if assignment is None:
            assignment = Assignment(case=case)
        assignment.handler = handler
        assignment.assigned_by = actor
        assignment.assigned = timezone.now()
        assignment.save()
        record_change(actor=actor, action=ChangeAction.UPDATE if before else ChangeAction.CREATE, obj=assignment,
                      case_ref=case.case_id, before=before, after={"handler": handler.username})
        return assignment
