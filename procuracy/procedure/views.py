"""Pages of the procedure: one form page per action, the approval inbox, the supervision board."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from procuracy.cases.access import access_case
from procuracy.cases.models import Case, Person, Recommendation, Victim
from procuracy.organizations.querysets import filter_scope
from procuracy.procedure import forms as action_forms
from procuracy.procedure.actions import case_facts, person_state
from procuracy.procedure.choices import OPEN_STAGES, ApprovalStatus, EventType
from procuracy.procedure.models import ApprovalRequest, SupervisionNote
from procuracy.procedure.rules import Step, check_action
from procuracy.web.permissions import HANDLERS, READERS, SUPERVISORS, reader_required, supervisor_required


@dataclass(frozen=True)
class ActionSpec:
    name: str
    label: str | Promise
    form: type[action_forms.ActionForm]
    roles: tuple[str, ...]
    target: str = ""  # "person", "recommendation", "victim" or "" for the case itself


ACTIONS = {spec.name: spec for spec in (
    ActionSpec("event", _("Record a procedural step"), action_forms.EventForm, HANDLERS, "person"),
    ActionSpec("request-non-prosecution", _("Ask for approval not to prosecute"),
               action_forms.NonProsecutionRequestForm, HANDLERS, "person"),
    ActionSpec("assign", _("Assign the case"), action_forms.AssignForm, HANDLERS),
    ActionSpec("list", _("List for supervision"), action_forms.ListForm, SUPERVISORS),
    ActionSpec("delist", _("Delist"), action_forms.DelistForm, SUPERVISORS),
    ActionSpec("note", _("Note supervision progress"), action_forms.NoteForm, HANDLERS),
    ActionSpec("recommend", _("Issue a procuratorial recommendation"), action_forms.RecommendationForm, HANDLERS),
    ActionSpec("reply", _("Record the reply to a recommendation"), action_forms.ReplyForm, HANDLERS,
               "recommendation"),
    ActionSpec("relief", _("Decide judicial relief"), action_forms.ReliefForm, HANDLERS, "victim"),
    ActionSpec("link", _("Link a related case"), action_forms.LinkForm, HANDLERS),
)}


def possible_steps(person: Person, case: Case) -> list[str]:
    """The steps the rules allow for the person today (the form offers these first)."""
    state = person_state(person)
    today = timezone.localdate()
    facts = case_facts(case)
    allowed = []
    for value in EventType.values:
        # Approvals are looked up when the step is recorded; here a pending approval counts as given.
        violations = check_action(state, facts, Step(value, today, facts.approving_procuratorate), today,
                                  approved=True, spp_approved=True)
        if not violations:
            allowed.append(value)
    return allowed


def _target(spec: ActionSpec, case: Case, request: HttpRequest) -> Any:
    key = request.GET.get(spec.target) or request.POST.get(spec.target) or ""
    if not spec.target:
        return None
    model = {"person": Person, "recommendation": Recommendation, "victim": Victim}[spec.target]
    lookup = {"person": "person_id", "recommendation": "recommendation_id", "victim": "victim_id"}[spec.target]
    found = model.objects.filter(case=case, **{lookup: key}).first()
    if found is None:
        raise Http404(key)
    return found


@reader_required
def case_action(request: HttpRequest, case_id: str, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404(action)
    case = access_case(request.user, case_id)
    if not request.user.has_role(*spec.roles):
        raise PermissionDenied
    target = _target(spec, case, request)
    extra: dict[str, Any] = {}
    if spec.form is action_forms.EventForm:
        extra["possible"] = possible_steps(target, case)
    data = request.POST if request.method == "POST" else None
    form = spec.form(data, actor=request.user, case=case, target=target, **extra)
    if request.method == "POST":
        result = form.perform()
        if result is not None:
            messages.success(request, _("%(action)s: done.") % {"action": spec.label})
            return redirect(case.get_absolute_url())
    return render(request, "procedure/action.html", {
        "case": case, "spec": spec, "form": form, "target": target,
    }, status=422 if request.method == "POST" else 200)


@reader_required
def approvals(request: HttpRequest) -> HttpResponse:
    """Requests waiting for this procuratorate's decision, and those sent from its jurisdiction."""
    user = request.user
    base = ApprovalRequest.objects.select_related("person__case__procuratorate", "approver", "requested_by",
                                                  "decided_by")
    waiting = base.filter(approver_id=user.procuratorate_id, status=ApprovalStatus.PENDING).order_by("requested")
    sent = filter_scope(base, user.procuratorate_id, "person__case__procuratorate_id").order_by("-requested")
    page = Paginator(sent, 50).get_page(request.GET.get("page"))
    return render(request, "procedure/approvals.html", {
        "waiting": list(waiting[:200]), "sent": page, "can_decide": user.has_role(*SUPERVISORS),
    })


@supervisor_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    approval = ApprovalRequest.objects.select_related("person__case__procuratorate", "approver",
                                                      "requested_by").filter(pk=pk).first()
    user = request.user
    if approval is None or approval.approver_id != user.procuratorate_id:
        raise Http404(str(pk))
    case = approval.person.case
    data = request.POST if request.method == "POST" else None
    form = action_forms.DecisionForm(data, actor=user, case=case, target=approval)
    if request.method == "POST" and form.perform() is not None:
        messages.success(request, _("The request about %(name)s is decided.") % {"name": approval.person.name})
        return redirect("web:approvals")
    return render(request, "procedure/decide.html", {"approval": approval, "case": case, "form": form},
                  status=422 if request.method == "POST" else 200)


@reader_required
def supervision_board(request: HttpRequest) -> HttpResponse:
    """Cases listed for supervision in the user's jurisdiction, and those this procuratorate listed."""
    user = request.user
    listed = Case.objects.restrict(user).filter(
        supervision_listed_on__isnull=False, supervision_delisted_on__isnull=True,
    ).select_related("procuratorate", "supervision_listed_by").order_by("supervision_listed_on", "case_id")
    page = Paginator(listed, 50).get_page(request.GET.get("page"))
    cases = list(page.object_list)
    open_counts: dict[int, int] = {}
    for case_pk in Person.objects.filter(case__in=cases, stage__in=OPEN_STAGES).values_list("case_id", flat=True):
        open_counts[case_pk] = open_counts.get(case_pk, 0) + 1
    last_notes: dict[int, SupervisionNote] = {}
    for note in SupervisionNote.objects.filter(case__in=cases).order_by("case_id", "-written"):
        last_notes.setdefault(note.case_id, note)
    today = timezone.localdate()
    rows = [{"case": c, "days": (today - c.supervision_listed_on).days, "open": open_counts.get(c.pk, 0),
             "note": last_notes.get(c.pk)} for c in cases]
    return render(request, "procedure/supervision.html", {"page": page, "rows": rows,
                                                          "can_note": user.has_role(*READERS)})
