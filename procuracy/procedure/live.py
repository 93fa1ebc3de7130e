"""The deadlines running now for each person, and the overdue and due-soon lists of a procuratorate.

A person's live deadlines follow from their events: the custody decision after a detention
(CPL art. 170), the review for prosecution from acceptance or the last re-transfer (art. 172,
restarted by art. 175, fifteen days more once extended), a supplementary investigation
while a case is out (art. 175), a pending request for approval of arrest (art. 91); and for
a case, the reply due to each procuratorial recommendation (two months).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from procuracy.cases.models import Person, Recommendation
from procuracy.organizations.querysets import filter_scope
from procuracy.procedure.calendar import official_calendar
from procuracy.procedure.choices import OPEN_STAGES
from procuracy.procedure.choices import EventType as E
from procuracy.procedure.deadlines import Deadline, HolidayCalendar, compute_deadline
from procuracy.procedure.models import Event

CUSTODY_ON = {E.DETAINED, E.ARREST_DECIDED, E.ARREST_APPROVED}
CUSTODY_OFF = {E.BAIL, E.RESIDENTIAL_SURVEILLANCE}


@dataclass(frozen=True)
class LiveDeadline:
    rule: str
    deadline: Deadline
    case_id: str
    case_title: str
    procuratorate: str
    person_pk: int | None = None
    person_name: str = ""
    recipient: str = ""

    @property
    def due(self) -> dt.date:
        return self.deadline.due

    def days_left(self, today: dt.date) -> int:
        return (self.due - today).days


def person_deadlines(events: Sequence[tuple[str, dt.date]], calendar: HolidayCalendar) -> list[tuple[str, Deadline]]:
    """The deadlines running after a person's events (type and date, oldest first)."""
    in_custody = False
    detained_on: dt.date | None = None
    requested_on: dt.date | None = None
    review_from: dt.date | None = None
    extended = False
    returned_on: dt.date | None = None
    decided = False
    for event_type, day in events:
        if event_type in CUSTODY_ON:
            in_custody = True
        elif event_type in CUSTODY_OFF:
            in_custody = False
        if event_type == E.DETAINED:
            detained_on = day
        elif event_type in (E.ARREST_DECIDED, E.BAIL, E.RESIDENTIAL_SURVEILLANCE, E.ARREST_APPROVED):
            detained_on = None
        if event_type == E.ARREST_REQUESTED:
            requested_on = day
        elif event_type in (E.ARREST_APPROVED, E.ARREST_DENIED):
            requested_on = None
        if event_type in (E.ACCEPTED, E.RESUBMITTED):
            review_from, extended, returned_on = day, False, None
        elif event_type == E.REVIEW_EXTENDED:
            extended = True
        elif event_type == E.RETURNED:
            returned_on, review_from = day, None
        elif event_type in (E.PROSECUTED, E.NOT_PROSECUTED, E.CONFISCATION_APPLIED):
            decided = True
    found: list[tuple[str, Deadline]] = []
    if decided:
        return found
    if detained_on is not None:
        found.append(("custody_decision", compute_deadline("custody_decision", detained_on, calendar=calendar)))
    if requested_on is not None:
        found.append(("arrest_review", compute_deadline("arrest_review", requested_on, calendar=calendar)))
    if review_from is not None:
        rule = "review_extended" if extended else "review"
        found.append((rule, compute_deadline(rule, review_from, in_custody=in_custody, calendar=calendar)))
    if returned_on is not None:
        found.append(("supplementary_investigation",
                      compute_deadline("supplementary_investigation", returned_on, calendar=calendar)))
    return found


def _open_persons(scope: str) -> list[dict[str, object]]:
    persons = filter_scope(Person.objects.filter(stage__in=OPEN_STAGES), scope, "case__procuratorate_id")
    return list(persons.order_by().values("pk", "name", "case__case_id", "case__title", "case__procuratorate_id"))


def live_deadlines(scope: str, *, calendar: HolidayCalendar | None = None,
                   person_pks: Iterable[int] | None = None) -> list[LiveDeadline]:
    """Every deadline running in a procuratorate and those below it (or for the given persons)."""
    calendar = calendar or official_calendar()
    persons = _open_persons(scope)
    if person_pks is not None:
        wanted = set(person_pks)
        persons = [p for p in persons if p["pk"] in wanted]
    by_person: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    # Measured on the demo data: SQLite walks the (person, seq) index fastest for a literal list
    # of ids, PostgreSQL plans a long literal list as a scan but joins a subquery well.
    if connection.vendor == "postgresql":
        open_ids = filter_scope(Person.objects.filter(stage__in=OPEN_STAGES), scope, "case__procuratorate_id")
        batches: list[Any] = [open_ids.values("id")]
    else:
        pks = [p["pk"] for p in persons]
        batches = [pks[i:i + 20_000] for i in range(0, len(pks), 20_000)]
    for batch in batches:
        events = Event.objects.filter(person_id__in=batch).order_by("person_id", "seq")
        for person_id, event_type, day in events.values_list("person_id", "type", "date"):
            by_person[person_id].append((event_type, day))
    found = []
    for p in persons:
        for rule, deadline in person_deadlines(by_person[p["pk"]], calendar):  # type: ignore[index]
            found.append(LiveDeadline(rule, deadline, str(p["case__case_id"]), str(p["case__title"]),
                                      str(p["case__procuratorate_id"]), int(p["pk"]), str(p["name"])))  # type: ignore[arg-type]
    if person_pks is None:
        recs = filter_scope(Recommendation.objects.filter(replied_on__isnull=True), scope, "case__procuratorate_id")
        for rec in recs.values("issued_on", "recipient", "case__case_id", "case__title", "case__procuratorate_id"):
            deadline = compute_deadline("recommendation_reply", rec["issued_on"], calendar=calendar)
            found.append(LiveDeadline("recommendation_reply", deadline, rec["case__case_id"], rec["case__title"],
                                      rec["case__procuratorate_id"], recipient=rec["recipient"]))
    found.sort(key=lambda d: (d.due, d.case_id, d.person_name))
    return found


def deadline_board(scope: str, today: dt.date, due_within: int,
                   calendar: HolidayCalendar | None = None) -> tuple[list[LiveDeadline], list[LiveDeadline]]:
    """(overdue, due within `due_within` days) for the morning list."""
    horizon = today + dt.timedelta(days=due_within)
    running = live_deadlines(scope, calendar=calendar)
    overdue = [d for d in running if d.due < today]
    due_soon = [d for d in running if today <= d.due <= horizon]
    return overdue, due_soon
