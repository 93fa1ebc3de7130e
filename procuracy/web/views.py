"""The start page: each user's work queue."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from procuracy.accounts.models import Assignment
from procuracy.cases.detail import deadline_state
from procuracy.cases.models import Person
from procuracy.procedure.calendar import official_calendar
from procuracy.procedure.choices import OPEN_STAGES, ApprovalStatus
from procuracy.procedure.labels import deadline_label
from procuracy.procedure.live import deadline_board, live_deadlines
from procuracy.procedure.models import ApprovalRequest
from procuracy.web.permissions import HANDLERS, READERS, SUPERVISORS, handler_required

DUE_WITHIN_DAYS = 7
BOARD_ROWS = 100


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect("web:login")
    if user.has_role(*HANDLERS):
        return redirect("web:queue")
    if user.has_role(*READERS):
        return redirect("reports:dashboard")
    raise PermissionDenied


@handler_required
def queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    calendar = official_calendar()
    mine = list(Assignment.objects.filter(handler=user, case__persons__stage__in=OPEN_STAGES).select_related(
        "case__procuratorate").distinct().order_by("case__received_on"))
    my_person_pks = list(Person.objects.filter(case__assignment__handler=user, stage__in=OPEN_STAGES)
                         .values_list("pk", flat=True))
    my_deadlines = live_deadlines(user.procuratorate_id, calendar=calendar, person_pks=my_person_pks) \
        if my_person_pks else []
    overdue, due_soon = deadline_board(user.procuratorate_id, today, DUE_WITHIN_DAYS, calendar=calendar)
    waiting = []
    if user.has_role(*SUPERVISORS):
        waiting = list(ApprovalRequest.objects.filter(approver_id=user.procuratorate_id,
                                                      status=ApprovalStatus.PENDING)
                       .select_related("person__case__procuratorate").order_by("requested")[:50])

    def rows(deadlines: list) -> list[dict]:
        return [{"d": d, "label": deadline_label(d.rule), "days": d.days_left(today),
                 "state": deadline_state(d.days_left(today))} for d in deadlines]

    return render(request, "web/queue.html", {
        "mine": mine, "my_deadlines": rows(my_deadlines), "overdue": rows(overdue[:BOARD_ROWS]),
        "overdue_total": len(overdue), "due_soon": rows(due_soon[:BOARD_ROWS]), "due_total": len(due_soon),
        "waiting": waiting, "today": today, "due_within": DUE_WITHIN_DAYS,
    })
