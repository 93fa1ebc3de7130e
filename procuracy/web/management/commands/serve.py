from __future__ import annotations

import contextlib
import os
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from procuracy.core.commands import ProcuracyCommand


def default_workers() -> int:
    # Python runs one thread at a time per process, and a thread back from the database waits for
    # the one computing a page: processes rather than threads, two per core so that a core is
    # never idle while its worker waits on the database, and one more.
    return 2 * (os.cpu_count() or 1) + 1


def warm_up() -> None:
    from django.db import DatabaseError, connections

    from procuracy.knowledge import store
    from procuracy.knowledge.tokens import tokenize

    with contextlib.suppress(DatabaseError):  # a database not migrated yet: the pages will say so
        store.current()
    tokenize("受贿罪")
    # Connections must not cross the fork into the workers.
    connections.close_all()


class Command(ProcuracyCommand):
    help = "Serve the web application (gunicorn, a production WSGI server; static files served by the application)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=default_workers(), help="processes")
        parser.add_argument("--threads", type=int, default=2, help="threads per process")

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.base import BaseApplication

        from procuracy.config.wsgi import application

        host, port = options["host"], options["port"]

        class Server(BaseApplication):
            def load_config(self) -> None:
                self.cfg.set("bind", f"{host}:{port}")
                self.cfg.set("workers", options["workers"])
                self.cfg.set("threads", options["threads"])
                self.cfg.set("worker_class", "gthread")
                self.cfg.set("timeout", 120)
                self.cfg.set("accesslog", None)
                self.cfg.set("loglevel", "warning")
                self.cfg.set("proc_name", "procuracy")
                # Load the case database's index and the tokenizer's dictionary once, before the
                # workers fork, so that every worker shares them and none pays for them on a request.
                self.cfg.set("preload_app", True)

            def load(self) -> Any:
                warm_up()
                return application

        self.stdout.write(_("Serving on http://%(host)s:%(port)s/ (Ctrl-C to stop)") % {"host": host, "port": port})
        self.stdout.flush()
        Server().run()
