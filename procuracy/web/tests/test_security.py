from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import RequestFactory

pytestmark = pytest.mark.django_db

MANAGE = Path(settings.BASE_DIR).parent / "manage.py"


def test_deployment_checks_are_clean_in_production_settings() -> None:
    env = {**os.environ, "PROCURACY_PRODUCTION": "1", "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(60),
           "ALLOWED_HOSTS": "procuracy.example.org", "DJANGO_SETTINGS_MODULE": "procuracy.config.settings"}
    run = subprocess.run([sys.executable, str(MANAGE), "check", "--deploy", "--fail-level", "WARNING"],
                         env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues" in run.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"PROCURACY_PRODUCTION": "1", "DJANGO_SETTINGS_MODULE": "procuracy.config.settings"})
    run = subprocess.run([sys.executable, str(MANAGE), "check"], env=env, capture_output=True, text=True,
                         check=False)
    assert run.returncode != 0 and "SECRET_KEY must be set" in run.stderr


def test_passwords_are_hashed_with_argon2() -> None:
    from procuracy.config import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_pages_carry_a_strict_content_security_policy(client: Any, cases: Any, users: Any) -> None:
    client.force_login(users["sy_prosecutor"])
    for url in ("/accounts/login/", "/queue/", "/cases/", "/cases/SY-2026-009/", "/reports/", "/knowledge/",
                "/knowledge/sentencing/", "/import/", "/supervision/"):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
        html = response.content.decode()
        # No inline code the policy would block: every script has a source or carries JSON data.
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
        assert " style=" not in html, url
        assert response["X-Frame-Options"] == "DENY"


def test_login_is_throttled_after_repeated_failures(client: Any, users: Any) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "hp_prosecutor", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "hp_prosecutor", "password": "pw-Test-1234"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_server_error_shows_no_traceback() -> None:
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Traceback" not in response.content and b"<main>" in response.content


def test_unknown_pages_and_methods_are_not_failures(client: Any, users: Any) -> None:
    client.force_login(users["hp_prosecutor"])
    assert client.get("/cases/NO-SUCH-CASE/").status_code == 404
    assert client.get("/cases/HP-2026-001/act/no-such-action/").status_code == 404
    assert client.get("/no/such/page/").status_code == 404
    assert client.post("/reports/").status_code == 405
