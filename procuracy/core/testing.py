"""Helpers for tests: users of a procuratorate with a role, and running commands."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.core.management import call_command


@dataclass
class CommandRun:
    code: int
    stdout: str
    stderr: str


def run_command(name: str, *args: Any, **options: Any) -> CommandRun:
    """Run a procuracy command in-process and capture its exit status and output."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(name, *args, stdout=out, stderr=err, **options)
    except SystemExit as exc:
        code = int(exc.code or 0)
    except Exception as exc:
        from django.core.management import CommandError

        if not isinstance(exc, CommandError):
            raise
        err.write(str(exc))
        code = exc.returncode
    return CommandRun(code, out.getvalue(), err.getvalue())


def make_user(username: str, procuratorate: str, role: str = "prosecutor", password: str = "pw-Test-1234") -> Any:  # noqa: S107
    from procuracy.accounts.models import User

    return User.objects.create_user(username=username, password=password, procuratorate_id=procuratorate, role=role)
