"""Everything the case page shows, fetched in a fixed number of queries whatever the case's size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import get_language

from procuracy.accounts.models import Assignment
from procuracy.cases.models import Case, Person
from procuracy.core.models import ObjectChange
from procuracy.knowledge import store
from procuracy.knowledge.panels import person_guidance
from procuracy.procedure.calendar import official_calendar
from procuracy.procedure.choices import OPEN_STAGES
from procuracy.procedure.deadlines import Deadline, compute_deadline
from procuracy.procedure.labels import deadline_label
from procuracy.procedure.live import person_deadlines
from procuracy.procedure.models import ApprovalRequest, Event, SupervisionNote

if TYPE_CHECKING:
    from procuracy.accounts.models import User

DUE_SOON_DAYS = 5
GUIDANCE_PERSONS = 8
HISTORY_LIMIT = 100


def deadline_state(days_left: int) -> str:
    """How a deadline is marked on the pages: overdue, due within DUE_SOON_DAYS, or running."""
    if days_left < 0:
        return "overdue"
    return "due" if days_left <= DUE_SOON_DAYS else "ok"


@dataclass
class DeadlineView:
    rule: str
    deadline: Deadline
    today: dt.date

    @property
    def label(self) -> str:
        return deadline_label(self.rule)

    @property
    def days_left(self) -> int:
        return (self.deadline.due - self.today).days

    @property
    def days_overdue(self) -> int:
        return -self.days_left

    @property
    def state(self) -> str:
        return deadline_state(self.days_left)

    @property
    def basis(self) -> str:
        zh = (get_language() or "").startswith("zh")
        return self.deadline.basis_zh if zh else self.deadline.basis


@dataclass
class PersonView:
    person: Person
    events: list[Event] = field(default_factory=list)
    deadlines: list[DeadlineView] = field(default_factory=list)
    approvals: list[ApprovalRequest] = field(default_factory=list)
    guidance: Any = None

    @property
    def is_open(self) -> bool:
        return self.person.stage in OPEN_STAGES


def case_page_context(case: Case, user: User) -> dict[str, Any]:
    today = timezone.localdate()
    calendar = official_calendar()
    persons = list(case.persons.select_related("principal_charge").prefetch_related("charge_counts__charge"))
    views = {p.pk: PersonView(p) for p in persons}
    for event in Event.objects.filter(case=case).select_related("approved_by").order_by("person_id", "seq"):
        if event.person_id in views:
            views[event.person_id].events.append(event)
    for request in ApprovalRequest.objects.filter(person__case=case).select_related(
            "approver", "requested_by", "decided_by").order_by("requested"):
        views[request.person_id].approvals.append(request)
    for view in views.values():
        if view.is_open:
            pairs = [(e.type, e.date) for e in view.events]
            view.deadlines = [DeadlineView(rule, d, today) for rule, d in person_deadlines(pairs, calendar)]
    # Similar judgments and sentencing guidance for the first persons (a large gang case links to
    # the calculator for the rest rather than making the page slow).
    loaded = store.current()
    for view in list(views.values())[:GUIDANCE_PERSONS]:
        view.guidance = person_guidance(view.person, loaded)
    recommendations = list(case.recommendations.all())
    rec_deadlines = {
        r.pk: DeadlineView("recommendation_reply",
                           compute_deadline("recommendation_reply", r.issued_on, calendar=calendar), today)
        for r in recommendations if r.replied_on is None
    }
    relations = list(case.relations.all())
    targets = {c.case_id: c for c in Case.objects.restrict(user).filter(
        case_id__in=[r.target_case_id for r in relations]).only("case_id", "title", "procuratorate_id")}
    # Cases that point at this one (e.g. the protective umbrella of this gang case).
    incoming = list(Case.objects.restrict(user).filter(relations__target_case_id=case.case_id).only(
        "case_id", "title").values("case_id", "title", "relations__relation"))
    events_by_date: dict[dt.date, list[tuple[Person, Event]]] = defaultdict(list)
    for view in views.values():
        for event in view.events:
            events_by_date[event.date].append((view.person, event))
    timeline = [(day, events_by_date[day]) for day in sorted(events_by_date)]
    assignment = Assignment.objects.filter(case=case).select_related("handler").first()
    return {
        "case": case,
        "persons": list(views.values()),
        "timeline": timeline,
        "fields": list(case.field_rows.all()),
        "relations": [(r, targets.get(r.target_case_id)) for r in relations],
        "incoming": incoming,
        "victims": list(case.victims.all()),
        "recommendations": [(r, rec_deadlines.get(r.pk)) for r in recommendations],
        "notes": list(SupervisionNote.objects.filter(case=case).select_related("author").order_by("-written")),
        "history": list(ObjectChange.objects.filter(case_ref=case.case_id).select_related(
            "changed_object_type").order_by("-time")[:HISTORY_LIMIT]),
        "assignment": assignment,
        "today": today,
        "is_listed": bool(case.supervision_listed_on and not case.supervision_delisted_on),
    }
