from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from procuracy.core.commands import ProcuracyCommand


class Command(ProcuracyCommand):
    help = "Serve the web application (a production WSGI server; static files served by the application)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve

        from procuracy.config.wsgi import application

        host, port = options["host"], options["port"]
        self.stdout.write(_("Serving on http://%(host)s:%(port)s/ (Ctrl-C to stop)") % {"host": host, "port": port})
        self.stdout.flush()
        serve(application, host=host, port=port, threads=options["threads"], ident="procuracy")
