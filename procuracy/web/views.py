from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from procuracy.cases.access import access_case
from procuracy.cases.models import Case
from procuracy.core.models import ObjectChange


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    cases = Case.objects.restrict(request.user).select_related("procuratorate").order_by("-received_on", "case_id")
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(request, "web/case_list.html", {"page": page})


@login_required
def case_detail(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access_case(request.user, case_id)
    persons = case.persons.select_related("principal_charge").prefetch_related(
        "charge_counts__charge", "events"
    )
    history = ObjectChange.objects.filter(case_ref=case.case_id).select_related("user")[:50]
    return render(request, "web/case_detail.html", {
        "case": case, "persons": persons, "history": history,
        "fields": case.field_rows.all(), "relations": case.relations.all(),
        "victims": case.victims.all(), "recommendations": case.recommendations.all(),
    })
