from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from procuracy.accounts.backends import UserBackend
from procuracy.core.testing import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Test-1234"  # noqa: S105 - make_user's password


def test_the_user_comes_with_the_procuratorate(django_assert_num_queries: Any) -> None:
    user = make_user("hp", "210102")
    with django_assert_num_queries(1):
        found = UserBackend().get_user(user.pk)
        assert found == user
        assert found.procuratorate.name  # read with the user


def test_an_inactive_or_unknown_user_is_nobody() -> None:
    user = make_user("gone", "210102")
    user.is_active = False
    user.save()
    assert UserBackend().get_user(user.pk) is None
    assert UserBackend().get_user(10**9) is None


def test_a_login_through_the_form_keeps_this_backend() -> None:
    make_user("sy", "210100")
    client = Client()
    response = client.post("/accounts/login/", {"username": "sy", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == "procuracy.accounts.backends.UserBackend"
    page = client.get("/cases/")
    assert page.status_code == 200
    assert page.context["user"].procuratorate.name in page.content.decode()
