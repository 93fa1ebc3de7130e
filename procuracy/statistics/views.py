"""The statistics pages: a report's dashboard (figures and charts) and its downloads.

The pages compute no figure themselves: they call build_report as `procuracy report` does and show
its ReportResult, so the page, the workbook and the PDF always agree with `--format json`. The
downloads are the renderers of the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from procuracy.cases.models import Charge
from procuracy.core.audit import record_access
from procuracy.core.models import AccessAction
from procuracy.statistics.definitions import DUTY_CRIME, INDICATORS
from procuracy.statistics.forms import (
    DOWNLOAD_FORMATS,
    ReportDownloadForm,
    ReportForm,
    default_parameters,
    scope_options,
)
from procuracy.statistics.render import render_pdf, render_xlsx
from procuracy.statistics.render.common import (
    FigureRow,
    Lang,
    breakdown_title,
    chart_column,
    column_label,
    figure_rows,
    format_value,
    generated_text,
    normalize_lang,
    period_text,
    pick,
    scope_text,
    title,
    unit_label,
    word,
)
from procuracy.statistics.reports import ReportError, build_report
from procuracy.statistics.results import Breakdown, ReportResult
from procuracy.web.permissions import reader_required

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
# Figures that are distributions rather than single numbers: their charts show them better than
# a row of cards would (the figures table still lists every item).
DISTRIBUTIONS = frozenset({
    "persons_accepted_by_year", "yoy_growth_pct", "category_share_pct", "rank_counts", "field_counts",
})
# The font the site's stylesheet loads; the charts draw their text in it so that Chinese labels look
# the same on every machine, with or without Chinese system fonts.
CHART_FONT = "Noto Sans SC"
# Up to this many regions the region chart shows every measure side by side; past it, one bar per
# region, lying down so that every name gets its own line.
REGION_BARS_GROUPED = 8


# --- what the page shows ------------------------------------------------------------------------

@dataclass(frozen=True)
class FigureView:
    """A figure as the page shows it: label, formatted value and unit in the active language."""

    key: str
    label: str  # the full label, for a card
    short: str  # the last part of the label, for an indented table row
    value: str
    unit: str
    depth: int
    group: bool


def figure_view(row: FigureRow, lang: Lang) -> FigureView:
    return FigureView(
        key=row.key, label=row.label(lang), short=row.short(lang),
        value=format_value(row.value, row.unit), unit=unit_label(row.unit, lang) if row.value is not None else "",
        depth=row.depth, group=row.group,
    )


@dataclass(frozen=True)
class Chart:
    """One chart of the dashboard: what dashboard.js draws, and the table a reader without
    the chart (a screen reader, a printout) reads instead."""

    name: str
    title: str
    kind: str  # "line", "bar" (vertical bars), "hbar" (horizontal bars) or "pie"
    categories: list[str]
    series: list[tuple[str, list[Any]]]
    unit: str = ""  # the unit of the figure: "%", "persons", …
    unit_label: str = ""
    tall: bool = False  # many categories: the container gets more height
    dimension: str = ""  # heading of the category column in the data table

    @property
    def empty(self) -> bool:
        return not any(value for _name, values in self.series for value in values)

    def data(self) -> dict[str, Any]:
        return {
            "name": self.name, "title": self.title, "kind": self.kind, "categories": self.categories,
            "series": [{"name": name, "values": values} for name, values in self.series],
            "unit": self.unit_label, "percent": self.unit == "%", "empty": self.empty,
        }

    def table_rows(self) -> list[tuple[str, list[str]]]:
        return [(category, [format_value(values[i], self.unit) for _name, values in self.series])
                for i, category in enumerate(self.categories)]


@dataclass
class Dashboard:
    """What the page shows of a computed report: cards, the figures table and the charts."""

    result: ReportResult
    lang: Lang
    rows: list[FigureRow] = field(init=False)
    values: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.rows = figure_rows(self.result.figures)
        self.values = self.result.metrics()

    def label(self, key: str) -> str:
        indicator = next(i for i in INDICATORS[self.result.name] if i.key == key)
        return pick(self.lang, indicator.label_zh, indicator.label_en)

    def items(self, key: str) -> tuple[list[str], list[Any]]:
        """Labels and values of a dict-valued figure, labelled as the figures table labels them."""
        prefix = key + "."
        items = [r for r in self.rows if r.key.startswith(prefix) and r.depth == 1]
        return [r.short(self.lang) for r in items], [r.value for r in items]

    def breakdown(self, key: str) -> Breakdown | None:
        return next((b for b in self.result.breakdowns if b.key == key), None)

    def cards(self) -> list[FigureView]:
        return [figure_view(r, self.lang) for r in self.rows
                if not r.group and r.key.split(".")[0] not in DISTRIBUTIONS]

    def table(self) -> list[FigureView]:
        return [figure_view(r, self.lang) for r in self.rows]

    def charts(self) -> list[Chart]:
        if self.result.name == DUTY_CRIME:
            return self._duty_crime_charts()
        return self._organized_crime_charts()

    def _from_breakdown(self, key: str, kind: str, *, tall: bool = False, every_measure: bool = True,
                        names: dict[str, str] | None = None) -> Chart | None:
        """A breakdown as a chart: its dimension along one axis, one series per measure; or only the
        measure the breakdown names for charts (as the workbook and the PDF draw it) where many
        categories would leave grouped bars too thin to read."""
        breakdown = self.breakdown(key)
        if breakdown is None:
            return None
        dimension, *measures = breakdown.columns
        if not every_measure:
            measures = [c for c in measures if c[0] == chart_column(breakdown)]
        categories = [str(row[dimension[0]]) for row in breakdown.rows]
        if names:
            categories = [names.get(c) or c for c in categories]
        series = [(column_label(column, self.lang), [row.get(column[0]) for row in breakdown.rows])
                  for column in measures]
        return Chart(key, breakdown_title(breakdown, self.lang), kind, categories, series,
                     unit="persons", unit_label=unit_label("persons", self.lang), tall=tall,
                     dimension=column_label(dimension, self.lang))

    def _from_figure(self, name: str, key: str, kind: str, unit: str = "persons", *, series_name: str = "",
                     tall: bool = False) -> Chart:
        categories, values = self.items(key)
        label = self.label(key)
        return Chart(name, label, kind, categories, [(series_name or label, values)], unit=unit,
                     unit_label=unit_label(unit, self.lang), tall=tall, dimension=label)

    def _duty_crime_charts(self) -> list[Chart]:
        charts = [self._from_breakdown("by_month", "line")]
        if len(self.values["persons_accepted_by_year"]) > 1:
            charts.append(self._from_figure("by_year", "persons_accepted_by_year", "bar",
                                            series_name=self.label("persons_accepted")))
        charts += [
            self._from_figure("by_category", "category_share_pct", "pie", "%"),
            self._from_figure("by_rank", "rank_counts", "hbar", series_name=self.label("persons_accepted")),
            self._from_figure("by_field", "field_counts", "hbar", series_name=self.label("persons_accepted"),
                              tall=len(self.values["field_counts"]) > 10),
            self._region_chart(),
            self._from_breakdown("by_charge", "hbar", tall=True, names=self._charge_names()),
        ]
        return [c for c in charts if c is not None]

    def _organized_crime_charts(self) -> list[Chart]:
        values = self.values
        types = ("arrests_approved", "prosecuted")
        persons = unit_label("persons", self.lang)
        industries = Chart(
            "four_industries", _("Persons: all cases and the four key industries"), "bar",
            [self.label(t) for t in types],
            [(_("All cases"), [values[t]["persons"] for t in types]),
             (self.label("four_industries"), [values["four_industries"][t]["persons"] for t in types])],
            unit="persons", unit_label=persons, dimension=_("Figure"),
        )
        relief = self.items("relief")[0][0]
        victims = Chart(
            "victims", _("Victims"), "bar",
            [self.label("victims_identified"), self.label("victims_visited"),
             f"{self.label('relief')} · {relief}"],
            [(_("Victims"), [values["victims_identified"], values["victims_visited"], values["relief"]["persons"]])],
            unit="persons", unit_label=persons, dimension=_("Figure"),
        )
        charts = [self._from_breakdown("by_month", "line"), industries, victims, self._region_chart()]
        return [c for c in charts if c is not None]

    def _region_chart(self) -> Chart | None:
        breakdown = self.breakdown("by_region")
        if breakdown is None:
            return None
        many = len(breakdown.rows) > REGION_BARS_GROUPED
        return self._from_breakdown("by_region", "hbar" if many else "bar", tall=many, every_measure=not many)

    def _charge_names(self) -> dict[str, str]:
        """English names of the charges in the breakdown; Chinese pages keep the official names."""
        breakdown = self.breakdown("by_charge")
        if self.lang != "en" or breakdown is None or not breakdown.rows:
            return {}
        names = [row["charge"] for row in breakdown.rows]
        return {name: en for name, en in Charge.objects.filter(name__in=names).values_list("name", "name_en") if en}


def chart_payload(charts: list[Chart], lang: Lang) -> dict[str, Any]:
    return {"lang": lang, "font": CHART_FONT, "noData": word(lang, "no_data"),
            "charts": [c.data() for c in charts]}


# --- views ------------------------------------------------------------------------------------

def _form_data(request: HttpRequest) -> dict[str, str]:
    """The query string over the defaults: the page opens on the user's own procuratorate and the
    current year to date, and a link may set only what it changes."""
    return {**default_parameters(request.user), **request.GET.dict()}


def _report(form: ReportForm) -> ReportResult | None:
    data = form.cleaned_data
    try:
        return build_report(data["report"], data["from"], data["to"], data["scope"])
    except ReportError as exc:
        # The form checks what build_report checks; this is only reached if the two ever disagree.
        form.add_error(None, str(exc))
        return None


def _audit(request: HttpRequest, action: str, form: ReportForm, fmt: str) -> None:
    data = form.cleaned_data
    record_access(actor=request.user, action=action, target=data["report"],
                  detail={"from": data["from"], "to": data["to"], "scope": data["scope"], "format": fmt})


def _page(request: HttpRequest, form: ReportForm, result: ReportResult | None, status: int = 200) -> HttpResponse:
    lang = normalize_lang(get_language())
    context: dict[str, Any] = {"form": form, "scope_options": scope_options(request.user), "report": None}
    if result is not None:
        board = Dashboard(result, lang)
        charts = board.charts()
        download_url = reverse("reports:download")
        context.update({
            "report": result,
            "report_title": title(result, lang),
            "period": period_text(result, lang),
            "scope": scope_text(result, lang),
            "generated": generated_text(result),
            "cards": board.cards(),
            "figures": board.table(),
            "charts": charts,
            "chart_data": chart_payload(charts, lang),
            "downloads": [(label, f"{download_url}?{urlencode({**form.parameters(), 'format': fmt})}")
                          for fmt, label in DOWNLOAD_FORMATS],
        })
    return render(request, "statistics/dashboard.html", context, status=status)


@require_GET
@reader_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form = ReportForm(_form_data(request), user=request.user)
    result = _report(form) if form.is_valid() else None
    if result is not None:
        _audit(request, AccessAction.REPORT, form, "html")
    return _page(request, form, result)


@require_GET
@reader_required
def download(request: HttpRequest) -> HttpResponse:
    form = ReportDownloadForm(_form_data(request), user=request.user)
    result = _report(form) if form.is_valid() else None
    if result is None:
        # The page again, with the errors beside the fields, rather than a file of nothing.
        return _page(request, form, None, status=400)
    fmt = form.cleaned_data["format"]
    lang = get_language() or "zh-hans"
    content = render_xlsx(result, lang) if fmt == "xlsx" else render_pdf(result, lang)
    _audit(request, AccessAction.DOWNLOAD, form, fmt)
    params = form.parameters()
    filename = f"{params['report']}_{params['scope']}_{params['from']}_{params['to']}.{fmt}"
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
