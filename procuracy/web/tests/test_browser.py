"""The application in Debian's Chromium, driven by Playwright, against a running server.

Screenshots of the main pages are written to build/screenshots (or $PROCURACY_SCREENSHOTS).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("PROCURACY_CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(os.environ.get("PROCURACY_SCREENSHOTS", Path(settings.BASE_DIR).parent / "build" / "screenshots"))
PASSWORD = "pw-Test-1234"  # noqa: S105 - make_user's test password


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is expected at {CHROMIUM}: the test set-up installs Debian's chromium package")
    # Playwright's synchronous API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are ordinary blocking calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    tab = context.new_page()
    tab.errors = []  # type: ignore[attr-defined]
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.on("console", lambda msg: tab.errors.append(msg.text) if msg.type == "error" else None)
    tab.base = live_server.url  # type: ignore[attr-defined]
    yield tab
    context.close()


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _login(page: Any, username: str) -> None:
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_prosecutor_records_a_decision_and_sees_timeline_and_deadlines_change(
        page: Any, cases: dict[str, str], users: dict[str, Any]) -> None:
    _login(page, "hp_prosecutor")
    _shot(page, "queue")
    page.goto(page.base + "/cases/HP-2026-001/")
    assert page.locator("tr.deadline[data-rule='review']").count() == 1
    assert "第一百七十二条" in page.locator("tr.deadline .basis").inner_text()
    _shot(page, "case-before")
    page.click("a[href*='/act/event/']")
    page.select_option("#id_type", "prosecuted")
    page.fill("#id_date", timezone.localdate().isoformat())
    page.select_option("#id_sentence_kind", "fixed_term")
    page.fill("#id_months", "36")
    page.fill("#id_months_max", "48")
    _shot(page, "record-step")
    page.click("button[type=submit]")
    page.wait_for_url(f"{page.base}/cases/HP-2026-001/")
    assert page.locator("ol.timeline li[data-type='prosecuted']").count() == 1
    assert page.locator("tr.deadline").count() == 0
    assert page.locator("ul.messages").inner_text()
    _shot(page, "case-after")
    assert page.errors == []


def test_a_refused_step_shows_the_law_beside_the_field(page: Any, cases: Any, users: Any) -> None:
    _login(page, "hp_prosecutor")
    page.goto(page.base + "/cases/HP-2026-001/act/event/?person=P1")
    page.select_option("#id_type", "judgment")
    page.click("button[type=submit]")
    _shot(page, "refused-step")
    error = page.locator("#field-type .errorlist").inner_text(timeout=5000)
    assert "刑事诉讼法" in error or "起诉" in error
    _shot(page, "refused-step")


def test_another_jurisdiction_gets_not_found(page: Any, cases: Any, users: Any) -> None:
    _login(page, "wh_prosecutor")
    response = page.goto(page.base + "/cases/HP-2026-001/")
    assert response.status == 404
    assert "HP-2026-001" not in page.locator("main").inner_text()
    _shot(page, "not-found")


def test_every_page_renders_in_both_languages(page: Any, cases: Any, users: Any) -> None:
    _login(page, "sy_prosecutor")
    pages = {"queue": "/queue/", "cases": "/cases/", "case": "/cases/SY-2026-009/", "supervision": "/supervision/",
             "approvals": "/approvals/", "import": "/import/", "reports": "/reports/", "knowledge": "/knowledge/",
             "sentencing": "/knowledge/sentencing/"}
    for url in pages.values():
        page.goto(page.base + url)
        assert page.locator("html").get_attribute("lang") == "zh-hans", url
        assert page.locator("h1").first.inner_text().strip(), url
    page.goto(page.base + "/cases/")
    page.click("form.language button[value=en]")
    page.wait_for_load_state()
    for name, url in pages.items():
        response = page.goto(page.base + url)
        assert response.status == 200, url
        assert page.locator("html").get_attribute("lang") == "en", url
        _shot(page, f"en-{name}")
    assert page.locator("h1").first.inner_text().startswith("Sentencing")
    assert page.errors == []


def test_login_is_throttled_after_repeated_failures(page: Any, cases: Any, users: Any) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        page.goto(page.base + "/accounts/login/")
        page.fill("#id_username", "hp_prosecutor")
        page.fill("#id_password", "wrong password")
        page.click("button[type=submit]")
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", "hp_prosecutor")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    assert page.url.endswith("/accounts/login/")
    assert "15" in page.locator("main").inner_text()


def _wait_for_charts(page: Any) -> None:
    """Until every chart has finished drawing, its animation included (a selector, not a script:
    the page's Content Security Policy forbids evaluating strings)."""
    page.wait_for_selector(".chart[data-chart]:not([data-rendered])", state="detached", timeout=20000)
    assert page.locator(".chart[data-rendered='error']").count() == 0


def test_dashboard_draws_its_charts(page: Any, cases: Any, users: Any) -> None:
    _login(page, "spp_stats")
    start = (timezone.localdate() - dt.timedelta(days=90)).isoformat()
    page.goto(f"{page.base}/reports/?report=duty-crime&from={start}&to={timezone.localdate().isoformat()}")
    _wait_for_charts(page)
    charts = page.eval_on_selector_all(".chart[data-chart]", "nodes => nodes.map(n => n.dataset.chart)")
    assert {"by_month", "by_category", "by_rank", "by_region"} <= set(charts)
    assert page.eval_on_selector_all(".chart canvas", "nodes => nodes.length") >= len(charts)
    assert page.evaluate("""document.fonts.check('12px "Noto Sans SC"', '统计')""")
    _shot(page, "dashboard-duty-crime")
    today = timezone.localdate().isoformat()
    page.goto(f"{page.base}/reports/?report=organized-crime&from={start}&to={today}")
    _wait_for_charts(page)
    _shot(page, "dashboard-organized-crime")
    assert page.errors == []
