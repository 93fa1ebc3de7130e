"""Writes of user accounts."""

from __future__ import annotations

from django.db import transaction

from procuracy.accounts.models import User
from procuracy.core.audit import record_change
from procuracy.core.models import ChangeAction


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
