"""Writes of the procedure: each step a prosecutor takes, checked against the law and recorded.

Every action runs in one transaction, takes a row lock on what it decides about (the person,
the request, the case) and checks the rules again under that lock, so that of two users
deciding the same person at once exactly one succeeds and the other is told why. On SQLite
the transaction takes the database's write lock at its start (IMMEDIATE), with the same
outcome.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from procuracy.accounts.choices import Role
from procuracy.cases.choices import Relation, Source, fields_mask
from procuracy.cases.facets import refresh_stage_facets
from procuracy.cases.models import Case, Person, Recommendation, RelatedCase, Victim
from procuracy.core.audit import record_change
from procuracy.core.models import ChangeAction
from procuracy.core.money import MoneyError, parse_money
from procuracy.organizations.codes import SPP_CODE, code_in_scope
from procuracy.procedure.choices import ApprovalKind, ApprovalStatus, EventType, NonProsecutionKind
from procuracy.procedure.deadlines import YearSchedule
from procuracy.procedure.models import ApprovalRequest, Event, HolidaySchedule, SupervisionNote
from procuracy.procedure.rules import CaseFacts, PersonState, Step, Violation, advance, check_action

if TYPE_CHECKING:
    from procuracy.accounts.models import User

CASE_WORKERS = (Role.PROSECUTOR, Role.DEPARTMENT_HEAD)
APPROVERS = (Role.DEPARTMENT_HEAD,)


class ActionRefused(Exception):
    """An action the law or the user's role does not allow; `violations` name the rules."""

    def __init__(self, message: str, violations: list[Violation] | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.violations = violations or []
        self.field = field

    @classmethod
    def from_violations(cls, violations: list[Violation]) -> ActionRefused:
        return cls("；".join(str(v) for v in violations), violations, violations[0].field)


def _require_role(actor: User, roles: tuple[str, ...]) -> None:
    if not actor.has_role(*roles):
        raise ActionRefused(_("your role does not allow this action"))


def _locked_person(actor: User, person_pk: int) -> Person:
    person = Person.objects.select_for_update().select_related("case").filter(pk=person_pk).first()
    if person is None or not code_in_scope(person.case.procuratorate_id, actor.procuratorate_id):
        raise Http404(str(person_pk))
    return person


def case_facts(case: Case) -> CaseFacts:
    return CaseFacts(source=case.source, procuratorate=case.procuratorate_id, received_on=case.received_on,
                     approving_procuratorate=case.procuratorate.parent_id)


def person_state(person: Person) -> PersonState:
    state = PersonState(status=person.status)
    for event_type, day in person.events.order_by("seq").values_list("type", "date"):
        advance(state, Step(event_type, day))
    return state


@dataclass(frozen=True)
class EventDetails:
    in_absentia: bool | None = None
    kind: str = ""  # kind of non-prosecution
    amount: Decimal | None = None
    sentence: dict[str, Any] | None = None
    recommendation_adopted: bool | None = None
    meritorious: bool = False  # non-prosecution for major meritorious service (CPL art. 182)


def do_record_event(*, actor: User, person_pk: int, event_type: str, date: dt.date,
                    details: EventDetails | None = None) -> Event:
    """Record one step of a person's procedure, or refuse it naming the rule it would break."""
    details = details or EventDetails()
    _require_role(actor, CASE_WORKERS)
    if event_type not in EventType.values:
        raise ActionRefused(_("“%(value)s” is not a procedural step") % {"value": event_type}, field="type")
    today = timezone.localdate()
    with transaction.atomic():
        person = _locked_person(actor, person_pk)
        case = Case.objects.select_related("procuratorate").get(pk=person.case_id)
        state = person_state(person)
        approval = None
        if event_type == EventType.NOT_PROSECUTED:
            if details.kind not in NonProsecutionKind.values:
                raise ActionRefused(_("choose the kind of non-prosecution"), field="kind")
            wanted = ApprovalKind.MERITORIOUS if details.meritorious else ApprovalKind.NON_PROSECUTION
            approval = ApprovalRequest.objects.filter(
                person=person, kind=wanted, status=ApprovalStatus.APPROVED).order_by("-decided").first()
        step = Step(event_type, date, approval.approver_id if approval else None)
        violations = check_action(
            state, case_facts(case), step, today,
            approved=approval is not None and approval.kind == ApprovalKind.NON_PROSECUTION,
            meritorious=details.meritorious,
            spp_approved=approval is not None and approval.kind == ApprovalKind.MERITORIOUS,
        )
        # The law first: a step that may not be taken at all is refused before its details are asked for.
        if violations:
            raise ActionRefused.from_violations(violations)
        if event_type in (EventType.CONFISCATION_APPLIED, EventType.CONFISCATION_RULED) and details.amount is None:
            raise ActionRefused(_("give the amount in yuan"), field="amount")
        if event_type == EventType.JUDGMENT and not details.sentence:
            raise ActionRefused(_("give the sentence"), field="sentence")
        seq = (person.events.aggregate(m=Max("seq"))["m"] or -1) + 1
        event = Event.objects.create(
            case=case, person=person, seq=seq, type=event_type, date=date, in_absentia=details.in_absentia,
            kind=details.kind if event_type == EventType.NOT_PROSECUTED else "",
            approved_by_id=step.approved_by, amount=details.amount, sentence=details.sentence,
            recommendation_adopted=details.recommendation_adopted,
            procuratorate_id=case.procuratorate_id, duty=case.source == Source.SUPERVISORY_COMMISSION,
            gang=bool(case.gang_nature), rank=person.rank, category=person.category,
            principal_charge_id=person.principal_charge_id,
            fields=fields_mask(case.field_rows.values_list("field", flat=True)),
        )
        advance(state, step)
        if person.stage != state.stage:
            person.stage = state.stage
            person.save(update_fields=["stage"])
            refresh_stage_facets(case)
        Case.objects.filter(pk=case.pk).update(last_updated=timezone.now())
        record_change(actor=actor, action=ChangeAction.CREATE, obj=event, case_ref=case.case_id,
                      after={"person": person.person_id, "type": event_type, "date": date,
                             "approved_by": step.approved_by, "kind": event.kind, "amount": details.amount})
        return event


# --- approvals (Procuratorate Rules 2019 art. 371; CPL art. 182) ---------------------------------

def do_request_non_prosecution(*, actor: User, person_pk: int, proposed_kind: str, reason: str,
                               meritorious: bool = False) -> ApprovalRequest:
    _require_role(actor, CASE_WORKERS)
    if proposed_kind not in NonProsecutionKind.values:
        raise ActionRefused(_("choose the kind of non-prosecution"), field="proposed_kind")
    if not reason.strip():
        raise ActionRefused(_("give the reasons for not prosecuting"), field="reason")
    with transaction.atomic():
        person = _locked_person(actor, person_pk)
        case = Case.objects.select_related("procuratorate").get(pk=person.case_id)
        state = person_state(person)
        if not state.accepted or state.decided or state.open_returns:
            rule_code = "must_be_accepted" if not state.accepted else (
                "already_decided" if state.decided else "open_return")
            from procuracy.procedure.rules import rule

            version = rule(rule_code)
            raise ActionRefused.from_violations([Violation(version, version.text(), "type")])
        if meritorious:
            kind, approver = ApprovalKind.MERITORIOUS, SPP_CODE
        elif case.source == Source.SUPERVISORY_COMMISSION:
            kind, approver = ApprovalKind.NON_PROSECUTION, case.procuratorate.parent_id
            if approver is None:
                raise ActionRefused(_("the Supreme People's Procuratorate has no procuratorate above it to approve "
                                      "this"))
        else:
            raise ActionRefused(_("this case needs no approval from above to not prosecute"))
        if ApprovalRequest.objects.filter(person=person, kind=kind, status=ApprovalStatus.PENDING).exists():
            raise ActionRefused(_("a request for approval is already waiting for a decision"))
        request = ApprovalRequest.objects.create(
            person=person, kind=kind, proposed_kind=proposed_kind, reason=reason.strip(), requested_by=actor,
            requested=timezone.now(), approver_id=approver)
        record_change(actor=actor, action=ChangeAction.CREATE, obj=request, case_ref=case.case_id,
                      after={"person": person.person_id, "kind": kind, "approver": approver,
                             "proposed_kind": proposed_kind, "reason": reason})
        return request


def do_decide_approval(*, actor: User, request_pk: int, approve: bool, note: str = "") -> ApprovalRequest:
    """Approve or refuse: only a department head of the approving procuratorate may."""
    _require_role(actor, APPROVERS)
    with transaction.atomic():
        request = ApprovalRequest.objects.select_for_update().select_related("person__case").filter(
            pk=request_pk).first()
        # Visible to the approving procuratorate and to those over the case; decided only by the former.
        if request is None or not (code_in_scope(request.approver_id, actor.procuratorate_id)
                                   or code_in_scope(request.person.case.procuratorate_id, actor.procuratorate_id)):
            raise Http404(str(request_pk))
        if actor.procuratorate_id != request.approver_id:
            raise ActionRefused(_("only the procuratorate asked for approval (%(code)s) decides this request") % {
                "code": request.approver_id})
        if request.status != ApprovalStatus.PENDING:
            raise ActionRefused(_("this request has already been decided (%(status)s)") % {
                "status": request.get_status_display()})
        request.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REFUSED
        request.decided_by = actor
        request.decided = timezone.now()
        request.decision_note = note.strip()
        request.save()
        record_change(actor=actor, action=ChangeAction.UPDATE, obj=request, case_ref=request.person.case.case_id,
                      before={"status": ApprovalStatus.PENDING},
                      after={"status": request.status, "note": request.decision_note})
        return request


# --- supervision, recommendations, relief, links ---------------------------------------------------

def _locked_case(actor: User, case_pk: int) -> Case:
    case = Case.objects.select_for_update().filter(pk=case_pk).first()
    if case is None or not code_in_scope(case.procuratorate_id, actor.procuratorate_id):
        raise Http404(str(case_pk))
    return case


def do_list_case(*, actor: User, case_pk: int, listed_on: dt.date) -> Case:
    """An upper procuratorate lists a case for supervision (挂牌督办)."""
    _require_role(actor, APPROVERS)
    with transaction.atomic():
        case = _locked_case(actor, case_pk)
        if actor.procuratorate_id == case.procuratorate_id:
            raise ActionRefused(_("a case is listed for supervision by a procuratorate above the one handling it"))
        if case.supervision_listed_on and not case.supervision_delisted_on:
            raise ActionRefused(_("the case is already listed for supervision"))
        if listed_on > timezone.localdate():
            raise ActionRefused(_("the date %(date)s is in the future") % {"date": listed_on}, field="listed_on")
        before = {"listed_by": case.supervision_listed_by_id, "listed_on": case.supervision_listed_on}
        case.supervision_listed_by_id = actor.procuratorate_id
        case.supervision_listed_on = listed_on
        case.supervision_delisted_on = None
        case.save(update_fields=["supervision_listed_by", "supervision_listed_on", "supervision_delisted_on",
                                 "last_updated"])
        record_change(actor=actor, action=ChangeAction.UPDATE, obj=case, case_ref=case.case_id, before=before,
                      after={"listed_by": actor.procuratorate_id, "listed_on": listed_on})
        return case


def do_delist_case(*, actor: User, case_pk: int, delisted_on: dt.date) -> Case:
    _require_role(actor, APPROVERS)
    if delisted_on > timezone.localdate():
        raise ActionRefused(_("the date %(date)s is in the future") % {"date": delisted_on}, field="delisted_on")
    with transaction.atomic():
        case = _locked_case(actor, case_pk)
        if not case.supervision_listed_on or case.supervision_delisted_on:
            raise ActionRefused(_("the case is not listed for supervision"))
        if not code_in_scope(case.supervision_listed_by_id or "", actor.procuratorate_id) and \
                actor.procuratorate_id != case.supervision_listed_by_id:
            raise ActionRefused(_("only the procuratorate that listed the case, or one above it, delists it"))
        if delisted_on < case.supervision_listed_on:
            raise ActionRefused(_("a case cannot be delisted before it was listed"), field="delisted_on")
        case.supervision_delisted_on = delisted_on
        case.save(update_fields=["supervision_delisted_on", "last_updated"])
        record_change(actor=actor, action=ChangeAction.UPDATE, obj=case, case_ref=case.case_id,
                      before={"delisted_on": None}, after={"delisted_on": delisted_on})
        return case


def do_add_supervision_note(*, actor: User, case_pk: int, text: str) -> SupervisionNote:
    if not text.strip():
        raise ActionRefused(_("write the progress to note"), field="text")
    with transaction.atomic():
        case = _locked_case(actor, case_pk)
        if not case.supervision_listed_on:
            raise ActionRefused(_("the case is not listed for supervision"))
        note = SupervisionNote.objects.create(case=case, author=actor, written=timezone.now(), text=text.strip())
        record_change(actor=actor, action=ChangeAction.CREATE, obj=note, case_ref=case.case_id,
                      after={"text": note.text})
        return note


def do_issue_recommendation(*, actor: User, case_pk: int, recipient: str, subject: str,
                            issued_on: dt.date) -> Recommendation:
    _require_role(actor, CASE_WORKERS)
    if not recipient.strip():
        raise ActionRefused(_("name the recipient"), field="recipient")
    if issued_on > timezone.localdate():
        raise ActionRefused(_("the date %(date)s is in the future") % {"date": issued_on}, field="issued_on")
    with transaction.atomic():
        case = _locked_case(actor, case_pk)
        seq = case.recommendations.count()
        rec = Recommendation.objects.create(case=case, recommendation_id=f"R{seq + 1}", seq=seq, issued_on=issued_on,
                                            recipient=recipient.strip(), subject=subject.strip())
        record_change(actor=actor, action=ChangeAction.CREATE, obj=rec, case_ref=case.case_id,
                      after={"recipient": rec.recipient, "subject": rec.subject, "issued_on": issued_on})
        return rec


def do_record_reply(*, actor: User, recommendation_pk: int, replied_on: dt.date, adopted: bool) -> Recommendation:
    _require_role(actor, CASE_WORKERS)
    with transaction.atomic():
        rec = Recommendation.objects.select_for_update().select_related("case").filter(pk=recommendation_pk).first()
        if rec is None or not code_in_scope(rec.case.procuratorate_id, actor.procuratorate_id):
            raise Http404(str(recommendation_pk))
        if replied_on < rec.issued_on:
            raise ActionRefused(_("the reply (%(replied)s) cannot precede the recommendation (%(issued)s)") % {
                "replied": replied_on, "issued": rec.issued_on}, field="replied_on")
        if replied_on > timezone.localdate():
            raise ActionRefused(_("the date %(date)s is in the future") % {"date": replied_on}, field="replied_on")
        before = {"replied_on": rec.replied_on, "adopted": rec.adopted}
        rec.replied_on, rec.adopted = replied_on, adopted
        rec.save(update_fields=["replied_on", "adopted"])
        record_change(actor=actor, action=ChangeAction.UPDATE, obj=rec, case_ref=rec.case.case_id, before=before,
                      after={"replied_on": replied_on, "adopted": adopted})
        return rec


def do_decide_relief(*, actor: User, victim_pk: int, decided_on: dt.date, amount: Any) -> Victim:
    """Judicial relief (司法救助) for a victim."""
    _require_role(actor, CASE_WORKERS)
    try:
        value = parse_money(amount)
    except MoneyError as exc:
        raise ActionRefused(str(exc), field="amount") from exc
    if value <= 0:
        raise ActionRefused(_("the relief must be a positive amount"), field="amount")
    with transaction.atomic():
        victim = Victim.objects.select_for_update().select_related("case").filter(pk=victim_pk).first()
        if victim is None or not code_in_scope(victim.case.procuratorate_id, actor.procuratorate_id):
            raise Http404(str(victim_pk))
        if decided_on < victim.identified_on or decided_on > timezone.localdate():
            raise ActionRefused(_("the decision date must lie between the victim's identification and today"),
                                field="decided_on")
        before = {"decided_on": victim.relief_decided_on, "amount": victim.relief_amount}
        victim.relief_decided_on, victim.relief_amount = decided_on, value
        victim.save(update_fields=["relief_decided_on", "relief_amount"])
        record_change(actor=actor, action=ChangeAction.UPDATE, obj=victim, case_ref=victim.case.case_id,
                      before=before, after={"decided_on": decided_on, "amount": value})
        return victim


def do_link_cases(*, actor: User, case_pk: int, target_case_id: str, relation: str) -> RelatedCase:
    _require_role(actor, CASE_WORKERS)
    if relation not in Relation.values:
        raise ActionRefused(_("choose the relation"), field="relation")
    with transaction.atomic():
        case = _locked_case(actor, case_pk)
        if target_case_id == case.case_id:
            raise ActionRefused(_("a case cannot be linked to itself"), field="target_case_id")
        if case.relations.filter(target_case_id=target_case_id, relation=relation).exists():
            raise ActionRefused(_("the cases are already linked"), field="target_case_id")
        if relation == Relation.PROTECTIVE_UMBRELLA:
            target = Case.objects.filter(case_id=target_case_id).first()
            if target is not None and not target.gang_nature:
                raise ActionRefused(_("a protective umbrella shields a gang case; %(id)s is not one") % {
                    "id": target_case_id}, field="target_case_id")
        link = RelatedCase.objects.create(case=case, target_case_id=target_case_id, relation=relation,
                                          seq=case.relations.count())
        record_change(actor=actor, action=ChangeAction.CREATE, obj=link, case_ref=case.case_id,
                      after={"case_id": target_case_id, "relation": relation})
        return link


def do_load_holiday_schedule(schedule: YearSchedule, *, actor: User) -> HolidaySchedule:
    """Store (or replace) the official schedule of one year."""
    if actor.role != Role.ADMINISTRATOR:
        raise ActionRefused(_("only an administrator may load holiday schedules"))
    with transaction.atomic():
        current = HolidaySchedule.objects.select_for_update().filter(year=schedule.year).first()
        before = None if current is None else {"holidays": current.holidays, "workdays": current.workdays,
                                               "source": current.source}
        row = current or HolidaySchedule(year=schedule.year)
        row.holidays = sorted(d.isoformat() for d in schedule.holidays)
        row.workdays = sorted(d.isoformat() for d in schedule.workdays)
        row.source = schedule.source
        row.loaded_by = actor
        row.loaded = timezone.now()
        row.save()
        record_change(actor=actor, action=ChangeAction.UPDATE if current else ChangeAction.CREATE, obj=row,
                      before=before, after={"holidays": row.holidays, "workdays": row.workdays, "source": row.source})
        return row

