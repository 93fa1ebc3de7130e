"""What every `procuracy` command shares: the acting user, the language, progress bars."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from procuracy.core.context import action_context


class ProcuracyCommand(BaseCommand):
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--as", dest="acting_user", metavar="USER", default=None,
            help="act as this user (default: the system user); what they may touch is their jurisdiction",
        )
        return parser

    def execute(self, *args: Any, **options: Any) -> Any:
        language = os.environ.get("PROCURACY_LANGUAGE") or os.environ.get("LANGUAGE", "").split(":")[0]
        translation.activate("en" if language.lower().startswith("en") else "zh-hans")
        with action_context(channel="cli"):
            return super().execute(*args, **options)

    def actor(self, options: dict[str, Any]) -> Any:
        from procuracy.accounts.models import User, system_user

        name = options.get("acting_user")
        if not name:
            return system_user()
        try:
            user = User.objects.select_related("procuratorate").get(username=name)
        except User.DoesNotExist as exc:
            raise CommandError(_("there is no user “%(name)s”") % {"name": name}, returncode=1) from exc
        if not user.is_active:
            raise CommandError(_("the account “%(name)s” is disabled") % {"name": name}, returncode=1)
        return user

    def progress_bar(self, total: int | None = None, unit: str = "it", desc: str = "") -> Any:
        """A progress bar on a terminal, and nothing when output is not a terminal."""
        from tqdm import tqdm

        return tqdm(total=total, unit=unit, desc=desc, disable=not sys.stderr.isatty(), file=sys.stderr,
                    leave=False)

    def emit_json(self, document: Any) -> None:
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, default=str))

    def fail(self, lines: list[str], summary: str) -> None:
        for line in lines:
            self.stderr.write(line)
        self.stderr.write(summary)
        raise SystemExit(1)
