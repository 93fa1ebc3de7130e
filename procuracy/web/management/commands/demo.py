from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from procuracy.accounts.actions import do_assign_case, do_save_user
from procuracy.accounts.choices import Role
from procuracy.accounts.models import Assignment, User, system_user
from procuracy.cases.actions import do_delete_cases
from procuracy.cases.choices import Source
from procuracy.cases.models import Case
from procuracy.core.commands import ProcuracyCommand
from procuracy.interchange.actions import do_import
from procuracy.interchange.demo import demo_today, write_demo_files
from procuracy.procedure.actions import ActionRefused, do_request_non_prosecution
from procuracy.procedure.choices import OPEN_STAGES, ApprovalStatus, EventType, Stage
from procuracy.procedure.models import ApprovalRequest

DEMO_PASSWORD = "demo"  # noqa: S105 - the published password of the demo accounts
DEMO_ACCOUNTS = (
    ("spp_admin", "SPP", Role.ADMINISTRATOR, "演示管理员"),
    ("spp_stats", "SPP", Role.STATISTICIAN, "演示统计员"),
    ("ln_head", "210000", Role.DEPARTMENT_HEAD, "演示部门负责人"),
    ("sy_prosecutor", "210100", Role.PROSECUTOR, "沈阳市检察官"),
    ("hp_prosecutor", "210102", Role.PROSECUTOR, "和平区检察官"),
    ("wh_prosecutor", "420100", Role.PROSECUTOR, "武汉市检察官"),
)


# Open cases given to each demo prosecutor.
DEMO_CASELOAD = 8


class Command(ProcuracyCommand):
    help = "Build the national demo database (every published figure reproduced) and serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, default=1, help="multiply the volume (for benchmarks)")
        parser.add_argument("--no-serve", action="store_true", help="build the database and stop")
        parser.add_argument("--rebuild", action="store_true", help="remove the cases and build them anew")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["scale"] < 1:
            raise CommandError(_("the scale is a whole number of at least 1"), returncode=1)
        call_command("migrate", verbosity=0)
        actor = system_user()
        present = Case.objects.filter(case_id__startswith="DEMO-").exists()
        if present and options["rebuild"]:
            self.stdout.write(_("Removing the cases stored so far…"))
            do_delete_cases(list(Case.objects.values_list("pk", flat=True)), actor=actor,
                            message=_("demo rebuilt"))
            present = False
        if present:
            self.stdout.write(_("The demo data are already in this database (use --rebuild to build them anew)."))
        else:
            self.build(actor, options["scale"])
        self.load_knowledge()
        for username, code, role, name in DEMO_ACCOUNTS:
            do_save_user(actor=actor, username=username, procuratorate=code, role=role, full_name=name,
                         password=DEMO_PASSWORD)
        self.prepare_work()
        address = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(_("Demo accounts (password “%(password)s”):") % {"password": DEMO_PASSWORD})
        for username, code, role, name in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<14} {Role(role).label} · {code} · {name}")
        if options["no_serve"]:
            self.stdout.write(_("The demo database is ready. Serve it with: procuracy serve"))
            return
        self.stdout.write(_("Open %(address)s and log in at %(address)saccounts/login/") % {"address": address})
        call_command("serve", host=options["host"], port=options["port"])

    def prepare_work(self) -> None:
        """Give each demo prosecutor the open cases of their procuratorate and leave one request
        for the Liaoning department head to decide, so that every work queue has work in it."""
        for user in User.objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS], role=Role.PROSECUTOR):
            if Assignment.objects.filter(handler=user).exists():
                continue
            open_cases = (Case.objects.filter(procuratorate_id=user.procuratorate_id, persons__stage__in=OPEN_STAGES,
                                              assignment__isnull=True)
                          .order_by("-received_on", "case_id").values_list("pk", flat=True).distinct()[:DEMO_CASELOAD])
            for case_pk in open_cases:
                do_assign_case(actor=user, case_pk=case_pk, handler=user)
        head = User.objects.filter(username="ln_head").first()
        asker = User.objects.filter(username="sy_prosecutor").first()
        if head is None or asker is None or ApprovalRequest.objects.filter(
                approver_id=head.procuratorate_id, status=ApprovalStatus.PENDING).exists():
            return
        candidates = Case.objects.filter(procuratorate_id=asker.procuratorate_id, source=Source.SUPERVISORY_COMMISSION,
                                         persons__stage=Stage.UNDER_REVIEW).order_by("-received_on").distinct()[:20]
        for case in candidates:
            for person in case.persons.filter(stage=Stage.UNDER_REVIEW).exclude(events__type=EventType.RETURNED):
                try:
                    do_request_non_prosecution(actor=asker, person_pk=person.pk, proposed_kind="discretionary",
                                               reason="犯罪情节轻微，认罪认罚，积极退缴全部违法所得，依法可以不起诉。")
                except ActionRefused:
                    continue
                return

    def build(self, actor: Any, scale: int) -> None:
        today = demo_today()
        with tempfile.TemporaryDirectory(prefix="procuracy-demo-") as tmp:
            with self.progress_bar(unit=_("cases"), desc=_("generating")) as bar:
                paths = write_demo_files(Path(tmp), today=today, scale=scale, progress=bar.update)
            with self.progress_bar(unit=_("cases"), desc=_("importing")) as bar:
                result = do_import(paths, actor=actor, progress=bar.update)
        if not result.ok:
            for problem in result.problems[:50]:
                self.stderr.write(str(problem))
            raise CommandError(_("the demo data did not pass the import checks"), returncode=1)
        self.stdout.write(_("Built the demo database: %(cases)d cases, %(persons)d persons, %(events)d events.") % {
            "cases": result.cases, "persons": result.persons, "events": result.events})

    def load_knowledge(self) -> None:
        from django.core.management import get_commands

        if "knowledge" in get_commands():
            call_command("knowledge", "import", "--shipped", stdout=self.stdout, stderr=self.stderr)
