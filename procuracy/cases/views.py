"""The case list (filters, search, export) and the case page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from procuracy.cases import tables
from procuracy.cases.access import access_case
from procuracy.cases.filtersets import CaseFilterSet
from procuracy.cases.models import Case
from procuracy.core.audit import record_access
from procuracy.core.models import AccessAction
from procuracy.web.pagination import CappedPaginator
from procuracy.web.permissions import HANDLERS, SUPERVISORS, reader_required

PAGE_SIZE = 50
FILTER_KEYS = ("q", "procuratorate", "source", "charge", "category", "rank", "field", "stage", "received_from",
               "received_to", "gang", "listed")


def _filtered(request: HttpRequest) -> tuple[CaseFilterSet, object]:
    filterset = CaseFilterSet(request.GET or None, user=request.user)
    cases = Case.objects.restrict(request.user)
    if filterset.is_bound:
        filterset.is_valid()
        cases = filterset.filter(cases)
    return filterset, cases


def _filter_detail(filterset: CaseFilterSet) -> dict[str, str]:
    data = filterset.data
    return {k: str(data.get(k)) for k in FILTER_KEYS if data.get(k)}


@reader_required
def case_list(request: HttpRequest) -> HttpResponse:
    filterset, cases = _filtered(request)
    number = request.GET.get("page")
    deep = filterset.is_bound and filterset.is_deep
    requested = int(number) if number and number.isdigit() and int(number) < 10_000 else 1
    order = filterset.order if filterset.is_bound else "cases"
    # The page's procuratorates are read afterwards (prefetch): joined, they would make the planner
    # walk every procuratorate's cases instead of the filter's index.
    paginator = CappedPaginator(cases.prefetch_related("procuratorate").newest_first(order), PAGE_SIZE,
                                count_to_page=requested if deep else None)
    page = paginator.get_page(number)
    detail = _filter_detail(filterset)
    if detail:
        record_access(actor=request.user, action=AccessAction.SEARCH, target=detail.get("q", "")[:200],
                      detail={"filters": detail, "count": page.paginator.count})
    rows = tables.CaseTable(page.object_list).rows()
    return render(request, "cases/case_list.html", {
        "filterset": filterset, "page": page, "rows": rows,
        "rows_html": tables.CaseTable.html(rows, filterset.words if filterset.is_bound else ()),
    })


@reader_required
def case_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404(fmt)
    filterset, cases = _filtered(request)
    if filterset.is_bound and filterset.errors:
        return case_list(request)
    record_access(actor=request.user, action=AccessAction.EXPORT, target=f"cases.{fmt}",
                  detail={"filters": _filter_detail(filterset), "format": fmt})
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = StreamingHttpResponse(tables.csv_lines(cases), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(tables.xlsx_bytes(cases),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="cases-{stamp}.{fmt}"'
    return response


@reader_required
def case_detail(request: HttpRequest, case_id: str) -> HttpResponse:
    from procuracy.cases.detail import case_page_context

    case = access_case(request.user, case_id)
    context = case_page_context(case, request.user)
    context["can_handle"] = request.user.has_role(*HANDLERS)
    context["can_supervise"] = request.user.has_role(*SUPERVISORS) and request.user.procuratorate_id != \
        case.procuratorate_id
    return render(request, "cases/case_detail.html", context)
