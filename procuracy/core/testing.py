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


def ensure_reference_data() -> None:
    """Put back the rows the data migrations load (procuratorates, charges) if a transactional
    test emptied the database before this one."""
    from procuracy.cases.loading import load_charges
    from procuracy.cases.models import Charge
    from procuracy.organizations.loading import load_procuratorates
    from procuracy.organizations.models import Procuratorate

    if not Procuratorate.objects.filter(code="SPP").exists():
        load_procuratorates(Procuratorate)
    if not Charge.objects.exists():
        load_charges(Charge)
