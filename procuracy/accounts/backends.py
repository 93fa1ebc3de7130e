"""Authentication against the user table, reading the user's procuratorate with the user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    """Django's model backend, except that the user of each request comes with their
    procuratorate: every page names it and scopes by it, and reading it with the user spares a
    query per request."""

    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user = model._default_manager.select_related("procuratorate").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
