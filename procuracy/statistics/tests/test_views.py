from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from procuracy.accounts.models import system_user
from procuracy.core.models import AccessLog
from procuracy.core.testing import make_user
from procuracy.interchange.actions import do_import
from procuracy.interchange.synthetic import generate
from procuracy.statistics.render.common import figure_rows, format_value
from procuracy.statistics.reports import build_report

pytestmark = pytest.mark.django_db
D = dt.date
DASHBOARD = reverse("reports:dashboard")
DOWNLOAD = reverse("reports:download")
DUTY = {"report": "duty-crime", "from": "2020-01-01", "to": "2021-12-31", "scope": "SPP"}
GANG = {"report": "organized-crime", "from": "2020-01-01", "to": "2021-12-31", "scope": "SPP"}


@pytest.fixture
def dataset(tmp_path: Path, example_packages: list[dict[str, Any]]) -> None:
    """The spec's examples and a few hundred synthetic persons over 2020 and 2021."""
    packages = [*example_packages, *generate(300, seed=11, start=D(2020, 1, 1), end=D(2021, 12, 31))]
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in packages), encoding="utf-8")
    result = do_import([path], actor=system_user())
    assert result.ok, [str(p) for p in result.problems[:5]]


def reader(client: Client, procuratorate: str = "SPP", role: str = "statistician", name: str = "reader",
           language: str = "en") -> Any:
    user = make_user(name, procuratorate, role)
    client.force_login(user)
    # The page speaks the language of the request (Chinese by default), not of the test process.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return user


def chart_data(html: str) -> dict[str, Any]:
    found = re.search(r'<script id="report-charts" type="application/json">(.*?)</script>', html, re.S)
    assert found, "the chart data is embedded with json_script"
    return json.loads(found.group(1))


def field_errors(html: str, name: str) -> str:
    """The markup of one field of the filter form, with its errors."""
    found = re.search(rf'<div class="field[^"]*" data-field="{name}">(.*?)</div>', html, re.S)
    assert found, name
    return found.group(1)


def test_dashboard_shows_every_figure_of_the_report(client: Client, dataset: None) -> None:
    reader(client)
    response = client.get(DASHBOARD, DUTY)
    assert response.status_code == 200
    html = response.content.decode()
    expected = build_report("duty-crime", D(2020, 1, 1), D(2021, 12, 31), "SPP")
    assert response.context["report"].metrics() == expected.metrics()
    assert expected.metrics()["persons_accepted"] > 0
    # Every figure, with its English label and its value as the other outputs format it.
    for row in figure_rows(expected.figures):
        marker = f'data-key="{row.key}"'
        assert marker in html, row.key
        assert row.label_en in html or row.short_en in html, row.key
        if not row.group:
            assert format_value(row.value, row.unit) in html, row.key
    cards = {card.key: card.value for card in response.context["cards"]}
    assert cards["persons_accepted"] == f"{expected.metrics()['persons_accepted']:,}"
    assert cards["confiscation_recovered_yuan"].endswith(".00") or "." in cards["confiscation_recovered_yuan"]
    assert "Persons accepted for review for prosecution" in html


def test_chart_data_is_embedded_for_each_chart(client: Client, dataset: None) -> None:
    reader(client)
    html = client.get(DASHBOARD, DUTY).content.decode()
    data = chart_data(html)
    metrics = build_report("duty-crime", D(2020, 1, 1), D(2021, 12, 31), "SPP").metrics()
    charts = {c["name"]: c for c in data["charts"]}
    assert set(charts) == {"by_month", "by_year", "by_category", "by_rank", "by_field", "by_region", "by_charge"}
    assert data["font"] == "Noto Sans SC" and data["lang"] == "en"
    for name in charts:
        assert '<div class="chart' in html and f'data-chart="{name}"' in html
    month = charts["by_month"]
    assert month["kind"] == "line" and len(month["categories"]) == 24
    assert sum(month["series"][0]["values"]) == metrics["persons_accepted"]
    assert month["series"][0]["name"] == "Accepted"
    assert charts["by_year"]["series"][0]["values"] == list(metrics["persons_accepted_by_year"].values())
    assert charts["by_category"]["kind"] == "pie" and charts["by_category"]["percent"] is True
    assert charts["by_category"]["categories"] == ["corruption and bribery", "malfeasance and rights infringement",
                                                   "other"]
    assert charts["by_rank"]["series"][0]["values"] == list(metrics["rank_counts"].values())
    assert sum(charts["by_region"]["series"][0]["values"]) == metrics["persons_accepted"]
    # The page loads the vendored library and its own script, both from the site.
    assert "/static/statistics/vendor/echarts-6.1.0.min.js" in html
    assert "/static/statistics/dashboard.js" in html


def test_organized_crime_dashboard(client: Client, dataset: None) -> None:
    reader(client)
    response = client.get(DASHBOARD, GANG)
    assert response.status_code == 200
    html = response.content.decode()
    metrics = build_report("organized-crime", D(2020, 1, 1), D(2021, 12, 31), "SPP").metrics()
    assert response.context["report"].metrics() == metrics
    charts = {c["name"]: c for c in chart_data(html)["charts"]}
    assert set(charts) == {"by_month", "by_region", "four_industries", "victims"}
    assert charts["four_industries"]["series"][0]["values"] == [
        metrics["arrests_approved"]["persons"], metrics["prosecuted"]["persons"]]
    assert sum(charts["by_month"]["series"][1]["values"]) == metrics["prosecuted"]["persons"]
    assert 'data-key="relief.amount_yuan"' in html
    assert format_value(metrics["relief"]["amount_yuan"]) in html


def test_chinese_page_has_chinese_labels_in_cards_and_charts(client: Client, dataset: None) -> None:
    reader(client, language="zh-hans")
    html = client.get(DASHBOARD, DUTY).content.decode()
    data = chart_data(html)
    assert data["lang"] == "zh"
    charts = {c["name"]: c for c in data["charts"]}
    assert charts["by_month"]["title"] == "分月份" and charts["by_month"]["series"][0]["name"] == "受理人数"
    assert charts["by_category"]["categories"][0] == "贪污贿赂"
    assert "受理审查起诉人数" in html and "职务犯罪检察统计报告" in html


def test_default_is_own_procuratorate_year_to_date(client: Client, dataset: None) -> None:
    reader(client, "420000")
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    today = timezone.localdate()
    result = response.context["report"]
    assert (result.name, result.scope) == ("duty-crime", "420000")
    assert (result.date_from, result.date_to) == (D(today.year, 1, 1), today)
    # A link may set only what it changes.
    result = client.get(DASHBOARD, {"report": "organized-crime"}).context["report"]
    assert (result.name, result.scope, result.date_to) == ("organized-crime", "420000", today)


def test_scope_below_own_procuratorate_is_allowed(client: Client, dataset: None) -> None:
    reader(client, "420000")
    response = client.get(DASHBOARD, {**DUTY, "scope": "420100"})
    assert response.status_code == 200
    expected = build_report("duty-crime", D(2020, 1, 1), D(2021, 12, 31), "420100").metrics()
    assert response.context["report"].metrics() == expected


@pytest.mark.parametrize("scope", ["SPP", "210000", "210100", "999999", "42"])
def test_scope_outside_jurisdiction_is_refused_without_data(client: Client, dataset: None, scope: str) -> None:
    reader(client, "420000")
    response = client.get(DASHBOARD, {**DUTY, "scope": scope})
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["report"] is None
    assert "within your jurisdiction" in field_errors(html, "scope")
    assert "report-charts" not in html and 'class="figure"' not in html
    # Nothing about the other jurisdiction: neither its figures nor the name of the procuratorate.
    assert "辽宁" not in html.split("<datalist")[0]
    assert not AccessLog.objects.filter(action="report").exists()
    download = client.get(DOWNLOAD, {**DUTY, "scope": scope, "format": "xlsx"})
    assert download.status_code == 400 and download["Content-Type"].startswith("text/html")
    assert not AccessLog.objects.filter(action="download").exists()


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"from": "2021-02-30"}, "from", "YYYY-MM-DD"),
    ({"from": "yesterday"}, "from", "YYYY-MM-DD"),
    ({"to": ""}, "to", "required"),
    ({"from": "2021-12-31", "to": "2021-01-01"}, "to", "must not end before it starts"),
    ({"from": "1900-01-01", "to": "2021-01-01"}, "to", "at most 20 years"),
    ({"report": "budget"}, "report", "Select a valid choice"),
])
def test_bad_parameters_give_an_error_beside_the_field(client: Client, params: dict[str, str], field: str,
                                                         message: str) -> None:
    reader(client)
    response = client.get(DASHBOARD, {**DUTY, **params})
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["report"] is None
    errors = field_errors(html, field)
    assert 'class="errorlist' in errors and message in errors
    assert "report-charts" not in html


def test_views_and_downloads_are_logged(client: Client, dataset: None) -> None:
    user = reader(client)
    client.get(DASHBOARD, DUTY)
    view = AccessLog.objects.get(action="report")
    assert (view.user, view.target) == (user, "duty-crime")
    assert view.detail == {"from": "2020-01-01", "to": "2021-12-31", "scope": "SPP", "format": "html"}
    client.get(DOWNLOAD, {**GANG, "format": "pdf"})
    download = AccessLog.objects.get(action="download")
    assert (download.user, download.target, download.detail["format"]) == (user, "organized-crime", "pdf")
    assert AccessLog.objects.filter(action="report").count() == 1


def test_xlsx_download(client: Client, dataset: None) -> None:
    from openpyxl import load_workbook

    reader(client)
    response = client.get(DOWNLOAD, {**DUTY, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="duty-crime_SPP_2020-01-01_2021-12-31.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    figures = book.worksheets[0]
    values = {row[0].value: row[3].value for row in figures.iter_rows(min_row=6)}
    metrics = build_report("duty-crime", D(2020, 1, 1), D(2021, 12, 31), "SPP").metrics()
    assert values["persons_accepted"] == metrics["persons_accepted"]
    assert any(sheet._charts for sheet in book.worksheets[1:])


def test_pdf_download(client: Client, dataset: None) -> None:
    from pypdf import PdfReader

    reader(client, "420000")
    response = client.get(DOWNLOAD, {**GANG, "scope": "420100", "format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="organized-crime_420100_2020-01-01_2021-12-31.pdf"'
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Anti-gang prosecution statistics" in text


def test_download_links_carry_the_parameters(client: Client, dataset: None) -> None:
    reader(client)
    html = client.get(DASHBOARD, {**DUTY, "scope": "spp"}).content.decode()
    for fmt in ("xlsx", "pdf"):
        link = f'href="{DOWNLOAD}?report=duty-crime&amp;from=2020-01-01&amp;to=2021-12-31&amp;scope=SPP&amp;format={fmt}"'
        assert link in html


def test_unknown_download_format(client: Client) -> None:
    reader(client)
    response = client.get(DOWNLOAD, {**DUTY, "format": "docx"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("url", [DASHBOARD, DOWNLOAD])
def test_anonymous_goes_to_login(client: Client, url: str) -> None:
    response = client.get(url, {**DUTY, "format": "xlsx"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login") + "?next=")


@pytest.mark.parametrize("url", [DASHBOARD, DOWNLOAD])
def test_user_without_a_role_is_forbidden(client: Client, url: str) -> None:
    reader(client, role="")
    assert client.get(url, {**DUTY, "format": "xlsx"}).status_code == 403
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("params", [DUTY, GANG])
def test_dashboard_query_count(client: Client, dataset: None, django_assert_max_num_queries: Any,
                               params: dict[str, str]) -> None:
    reader(client)
    client.get(DASHBOARD, params)
    with django_assert_max_num_queries(30):
        assert client.get(DASHBOARD, params).status_code == 200


def test_empty_period_draws_empty_charts(client: Client) -> None:
    reader(client)
    response = client.get(DASHBOARD, {**DUTY, "from": "2010-01-01", "to": "2010-12-31"})
    assert response.status_code == 200
    charts = {c["name"]: c for c in chart_data(response.content.decode())["charts"]}
    assert charts["by_category"]["empty"] and charts["by_month"]["empty"]
    assert "by_year" not in charts
    assert {card.key: card.value for card in response.context["cards"]}["prosecution_rate_pct"] == "—"


def test_page_obeys_the_content_security_policy(client: Client, dataset: None) -> None:
    reader(client)
    response = client.get(DASHBOARD, DUTY)
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "style=" not in html and "<style" not in html
    for tag in re.findall(r"<script[^>]*>", html):
        assert " src=" in tag or 'type="application/json"' in tag, tag


def test_echarts_is_vendored_with_its_licence() -> None:
    script = finders.find("statistics/vendor/echarts-6.1.0.min.js")
    assert script and "Apache" in Path(script).read_text(encoding="utf-8")[:2000]
    for name in ("LICENSE", "NOTICE", "LICENSE-d3"):
        assert finders.find(f"statistics/vendor/{name}"), name
    assert finders.find("statistics/dashboard.js") and finders.find("statistics/dashboard.css")
