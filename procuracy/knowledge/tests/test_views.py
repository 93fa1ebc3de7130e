"""The case database pages: who may open them, the search log, escaping, bad parameters, the
calculator against the law tables, and the person panel of the case page."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client

from procuracy.cases.models import Person
from procuracy.core.models import AccessLog
from procuracy.core.testing import make_user, run_command
from procuracy.knowledge import sentencing_law
from procuracy.knowledge.models import Judgment
from procuracy.knowledge.panels import SIMILAR, person_guidance
from procuracy.knowledge.tests.conftest import LoadedCorpus
from procuracy.knowledge.views import MAX_PAGES, PER_PAGE, highlighted

SHENYANG = "210100"
GUIDING = "检例第72号"
PAGES = [
    "/knowledge/",
    "/knowledge/?q=受贿+工程款&kind=duty",
    "/knowledge/judgments/J02066/",
    f"/knowledge/guiding/{quote(GUIDING)}/",
    "/knowledge/sentencing/",
    "/knowledge/sentencing/?charge=受贿&amount=300000&circumstances=surrender",
]


@pytest.fixture
def loaded(corpus: LoadedCorpus) -> LoadedCorpus:
    """The corpus, for tests that need it in the database but do not read it."""
    return corpus


@pytest.fixture
def reader(loaded: LoadedCorpus) -> Any:
    return make_user("reader", SHENYANG)


@pytest.fixture
def browser(client: Client, reader: Any) -> Client:
    client.force_login(reader)
    # Pages speak the language of the request (Chinese by default), not that of the test process.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _field_html(html: str, name: str) -> str:
    """The markup of one field of a stacked form, from its wrapper to the next one."""
    match = re.search(
        rf'<(div|fieldset) class="field[^"]*">(?:(?!<(?:div|fieldset) class="field).)*?name="{name}".*?</\1>',
        html, re.S,
    )
    assert match, f"no field {name}"
    return match.group(0)


# -- access ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_for_a_reader(browser: Client, url: str) -> None:
    response = browser.get(url)
    assert response.status_code == 200
    assert "<script" not in response.content.decode()  # the pages need none (CSP: script-src 'self')


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_is_sent_to_the_login(client: Client, loaded: LoadedCorpus, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", PAGES)
def test_a_user_without_a_role_is_refused(client: Client, loaded: LoadedCorpus, url: str) -> None:
    client.force_login(make_user("nobody", SHENYANG, role=""))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ["/knowledge/judgments/J99999/", f"/knowledge/guiding/{quote('检例第9999号')}/"])
def test_unknown_documents_are_404(browser: Client, url: str) -> None:
    assert browser.get(url).status_code == 404


# -- search ------------------------------------------------------------------------------------------


def test_search_lists_ranked_hits_linking_to_the_records(browser: Client) -> None:
    response = browser.get("/knowledge/", {"q": "暂予监外执行", "type": "guiding_case"})
    html = response.content.decode()
    assert response.context["response"].total >= 3
    first = response.context["page"][0]
    assert first.url == f"/knowledge/guiding/{quote(first.id)}/"
    assert f'href="{first.url}"' in html and "<mark>暂予监外执行</mark>" in html
    assert browser.get(first.url).status_code == 200


def test_search_is_logged(browser: Client, reader: Any) -> None:
    browser.get("/knowledge/", {"q": "受贿 工程款", "kind": "duty", "charge": "受贿罪"})
    log = AccessLog.objects.get(action="search")
    assert (log.user, log.target) == (reader, "受贿 工程款")
    assert log.detail["scope"] == "knowledge"
    assert log.detail["filters"] == {"kind": "duty", "charges": ["受贿"]}
    assert len(log.detail["results"]) == PER_PAGE


def test_an_empty_query_searches_nothing(browser: Client) -> None:
    response = browser.get("/knowledge/", {"q": "  ", "kind": "duty"})
    assert response.status_code == 200 and "page" not in response.context
    assert not AccessLog.objects.exists()


def test_snippets_escape_the_document_text(browser: Client) -> None:
    # J02066 ranks for 扶贫资金 among 贪污 judgments; its text now carries markup.
    Judgment.objects.filter(judgment_id="J02066").update(
        fact='<script>alert("x")</script>扶贫资金<img src=x onerror=alert(1)>', full_text=""
    )
    response = browser.get("/knowledge/", {"q": "扶贫资金 <b>", "charge": "贪污"})
    html = response.content.decode()
    assert "J02066" in [hit.id for hit in response.context["page"]]
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<mark>扶贫资金</mark>&lt;img" in html


def test_highlighted_marks_spans_and_escapes_the_rest() -> None:
    assert highlighted("a<b>受贿&c", [(4, 6)]) == "a&lt;b&gt;<mark>受贿</mark>&amp;c"
    assert highlighted("<i>", []) == "&lt;i&gt;"


def test_pages_keep_the_filters(browser: Client) -> None:
    response = browser.get("/knowledge/", {"q": "盗窃", "min_months": "6", "page": "2"})
    page = response.context["page"]
    assert page.number == 2 and len(page) == PER_PAGE
    assert page.start_index() == PER_PAGE + 1
    assert all(h.term_months is None or h.term_months >= 6 for h in page)
    html = response.content.decode()
    assert 'href="?q=%E7%9B%97%E7%AA%83&amp;min_months=6&amp;page=3"' in html


def test_consecutive_pages_neither_repeat_nor_skip_a_hit(browser: Client) -> None:
    # Each page ranks afresh for its own depth (page n asks for the n × 20 best); 盗窃 from six months
    # has hits tied on their score across the boundary of the first two pages, which must be cut in
    # the same order whatever the depth.
    params = {"q": "盗窃", "min_months": "6"}
    first = browser.get("/knowledge/", params).context["page"]
    total = first.paginator.count
    assert first.paginator.num_pages >= 3
    seen: list[str] = []
    for number in range(1, first.paginator.num_pages + 1):
        page = browser.get("/knowledge/", {**params, "page": str(number)}).context["page"]
        assert page.number == number
        seen += [hit.id for hit in page]
    assert len(seen) == len(set(seen)) == total
    # The deepest ranking lists the same hits in the same order as the pages one after the other.
    deepest = browser.get("/knowledge/", {**params, "page": str(first.paginator.num_pages)})
    assert [hit.id for hit in deepest.context["response"].hits] == seen


@pytest.mark.parametrize(("params", "page"), [
    ({"page": "abc"}, 1), ({"page": "-4"}, 1), ({"page": "0"}, 1), ({"page": "99999"}, None),
    ({"page": "2.5"}, 1), ({"page": ""}, 1),
])
def test_bad_page_numbers_give_a_page(browser: Client, params: dict[str, str], page: int | None) -> None:
    response = browser.get("/knowledge/", {"q": "受贿", **params})
    assert response.status_code == 200
    shown = response.context["page"]
    assert shown.number == (page or shown.paginator.num_pages)
    assert shown.paginator.num_pages <= MAX_PAGES and len(shown) > 0


def test_a_query_past_the_pages_shown_says_so(browser: Client) -> None:
    response = browser.get("/knowledge/", {"q": "被告人"})
    assert response.context["response"].total > PER_PAGE * MAX_PAGES
    assert response.context["capped"] and response.context["page"].paginator.num_pages == MAX_PAGES


@pytest.mark.parametrize(("params", "field"), [
    ({"charge": "不存在的罪名"}, "charge"),
    ({"min_months": "abc"}, "min_months"),
    ({"max_months": "-1"}, "max_months"),
    ({"type": "bogus"}, "type"),
    ({"kind": "<script>"}, "kind"),
    ({"q": "受" * 201}, "q"),
])
def test_bad_filters_are_errors_beside_the_field(browser: Client, params: dict[str, str], field: str) -> None:
    response = browser.get("/knowledge/", {"q": "受贿", **params})
    assert response.status_code == 200
    assert field in response.context["form"].errors and "page" not in response.context
    html = response.content.decode()
    assert 'class="errorlist' in _field_html(html, field)
    assert "<script>" not in html
    assert not AccessLog.objects.exists()


def test_an_upside_down_sentence_range_is_an_error(browser: Client) -> None:
    response = browser.get("/knowledge/", {"q": "盗窃", "min_months": "36", "max_months": "12"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()


# -- full records ---------------------------------------------------------------------------------------


def test_a_judgment_reads_in_full(browser: Client) -> None:
    judgment = Judgment.objects.get(judgment_id="J02066")
    html = browser.get("/knowledge/judgments/J02066/").content.decode()
    assert judgment.fact[:50] in html or judgment.full_text[:50] in html
    assert "贪污" in html and judgment.source in html
    if judgment.term_months is not None:
        assert f"{judgment.term_months} months" in html


def test_a_guiding_case_reads_in_full(browser: Client) -> None:
    from procuracy.knowledge.models import GuidingCase

    case = GuidingCase.objects.get(number=GUIDING)
    html = browser.get(f"/knowledge/guiding/{quote(GUIDING)}/").content.decode()
    assert case.title in html and case.facts.splitlines()[0][:40] in html and case.source in html


# -- sentencing calculator --------------------------------------------------------------------------------


def test_the_calculator_agrees_with_the_law_tables(browser: Client) -> None:
    response = browser.get("/knowledge/sentencing/", {"charge": "受贿", "amount": "300000"})
    expected = sentencing_law.assess("受贿", Decimal(300000))
    assessment = response.context["assessment"]
    assert (assessment.tier, assessment.months_min, assessment.months_max) == (2, 36, 120)
    assert (assessment.tier, assessment.fine_min, assessment.fine_max) == (
        expected.tier, expected.fine_min, expected.fine_max)
    html = response.content.decode()
    assert "Tier 2" in html and "36 to 120 months" in html
    assert "Criminal Law art. 383(1)(二)" in html
    references = response.context["references"]
    assert references and all(f'href="/knowledge/judgments/{r["judgment_id"]}/"' in html for r in references)


def test_below_the_threshold_is_said_in_words(browser: Client) -> None:
    html = browser.get("/knowledge/sentencing/", {"charge": "受贿", "amount": "9999"}).content.decode()
    assert "Below the threshold for prosecution" in html and "Tier 0" not in html


def test_the_circumstances_offered_are_the_charges_own(browser: Client) -> None:
    form = browser.get("/knowledge/sentencing/", {"charge": "受贿", "amount": "100000",
                                                   "circumstances": "repeated_solicitation"}).context["form"]
    offered = [value for value, _label in form.fields["circumstances"].choices]
    assert offered == list(sentencing_law.circumstances_for("受贿"))
    assert form.result.assessment.tier == 2  # art. 1 para 3 lowers the bar to 100,000


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"charge": "受贿", "amount": "-5"}, "amount", "cannot be negative"),
    ({"charge": "受贿", "amount": "1.234"}, "amount", "at most two decimals"),
    ({"charge": "受贿", "amount": "xyz"}, "amount", "not an amount"),
    ({"charge": "受贿", "amount": "NaN"}, "amount", "not an amount"),
    ({"charge": "受贿"}, "amount", "depend on the amount"),
    ({"charge": "盗窃", "amount": "5000"}, "charge", "valid choice"),
    ({"charge": "受贿", "amount": "50000", "circumstances": "special_funds"}, "circumstances", "does not apply"),
    ({"charge": "受贿", "amount": "50000", "circumstances": "flying"}, "circumstances", "does not apply"),
    ({"charge": "挪用公款", "amount": "50000", "circumstances": ["illegal_activities", "profit_or_unreturned"]},
     "circumstances", "not both"),
    ({"charge": "组织、领导、参加黑社会性质组织"}, "role", "Choose the role"),
    ({"charge": "受贿", "amount": "50000", "role": "king"}, "role", "valid choice"),
    ({"charge": "受贿", "amount": "50000", "offence_date": "31/10/2015"}, "offence_date", "valid date"),
])
def test_calculator_errors_stand_beside_the_field(
    browser: Client, params: dict[str, Any], field: str, message: str
) -> None:
    response = browser.get("/knowledge/sentencing/", params)
    assert response.status_code == 200 and response.context["result"] is None
    assert field in response.context["form"].errors
    assert message in _field_html(response.content.decode(), field)


def test_calculator_takes_the_charge_as_judgments_write_it(browser: Client) -> None:
    response = browser.get("/knowledge/sentencing/", {"charge": "组织、领导黑社会性质组织罪", "role": "leader"})
    assert response.context["assessment"].tier == 3


def test_the_law_in_force_on_the_offence_date(browser: Client) -> None:
    response = browser.get("/knowledge/sentencing/", {"charge": "受贿", "amount": "100000",
                                                       "offence_date": "2015-10-31"})
    assert (response.context["assessment"].tier, response.context["assessment"].months_min) == (3, 120)


# -- the person panel of the case page ---------------------------------------------------------------------


@pytest.fixture
def bribe_taker(loaded: LoadedCorpus, shared_dir: Path) -> Person:
    imported = run_command("import", str(shared_dir / "spec" / "examples" / "all.jsonl"))
    assert imported.code == 0, imported.stderr
    # LN-JW-2019-0042 P1: 受贿 of 2,356,000 yuan and 滥用职权.
    return Person.objects.get(case__case_id="LN-JW-2019-0042", person_id="P1")


def test_person_guidance_finds_judgments_of_the_same_charge(bribe_taker: Person) -> None:
    guidance = person_guidance(bribe_taker)
    assert guidance is not None and guidance["charge"] == "受贿"
    similar = guidance["similar"]
    assert len(similar) == SIMILAR
    assert all("受贿" in case["charges"] and "受贿" in case["shared_charges"] for case in similar)
    assert any(case["same_bracket"] for case in similar)
    assert all(case["url"] == f"/knowledge/judgments/{case['id']}/" for case in similar)
    sentencing = guidance["sentencing"]
    expected = sentencing_law.assess("受贿", Decimal("2356000"))
    assert sentencing["amount"] == Decimal("2356000.00")
    assert (sentencing["tier"], sentencing["months_min"], sentencing["months_max"]) == (
        expected.tier, expected.months_min, expected.months_max) == (2, 36, 120)
    assert 36 <= sentencing["months_low"] <= sentencing["months"] <= sentencing["months_high"] <= 120


def test_person_guidance_is_cheap(bribe_taker: Person, django_assert_max_num_queries: Any) -> None:
    person = Person.objects.get(pk=bribe_taker.pk)  # nothing cached
    with django_assert_max_num_queries(3):
        person_guidance(person)


def test_the_panel_renders_and_its_calculator_link_works(browser: Client, bribe_taker: Person) -> None:
    guidance = person_guidance(bribe_taker)
    html = render_to_string("knowledge/_person_guidance.html", {"guidance": guidance})
    assert "Similar cases" in html and "Sentencing guidance" in html and "same charge: 受贿" in html
    assert all(f'href="{case["url"]}"' in html for case in guidance["similar"])
    assert "Tier 2" in html and "Criminal Law art. 383(1)(二)" in html
    link = guidance["calculator_url"]
    assert link.replace("&", "&amp;") in html
    response = browser.get(link)
    assert response.context["assessment"].tier == 2
    assert response.context["form"]["amount"].value() == "2356000.00"
    assert render_to_string("knowledge/_person_guidance.html", {"guidance": None}).strip() == ""


def test_a_charge_without_sentencing_rules_still_gets_similar_cases(bribe_taker: Person) -> None:
    from procuracy.cases.models import Charge

    theft = Charge.objects.get(name="盗窃")
    bribe_taker.charge_counts.update(charge=theft, amount=None)
    guidance = person_guidance(bribe_taker)
    assert guidance is not None and guidance["sentencing"] is None
    assert all("盗窃" in case["charges"] for case in guidance["similar"])
    assert guidance["calculator_url"] == "/knowledge/sentencing/"


# -- query counts ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "most"), [
    ("/knowledge/?q=受贿+工程款", 10),
    ("/knowledge/judgments/J02066/", 6),
    (f"/knowledge/guiding/{quote(GUIDING)}/", 6),
    ("/knowledge/sentencing/?charge=受贿&amount=300000", 6),
])
def test_pages_make_few_queries(browser: Client, django_assert_max_num_queries: Any, url: str, most: int) -> None:
    with django_assert_max_num_queries(most):
        assert browser.get(url).status_code == 200


# -- the sentencing command's text output ------------------------------------------------------------------


def test_the_command_says_below_the_threshold_in_words(loaded: LoadedCorpus) -> None:
    run = run_command("sentencing", "--charge", "受贿", "--amount", "9999")
    assert run.code == 0 and run.stdout.splitlines()[0] == "受贿, below the threshold for prosecution"
    assert "tier 0" not in run.stdout
