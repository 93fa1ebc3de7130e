from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from procuracy.cases.models import Case, Person
from procuracy.core.models import AccessLog, ObjectChange
from procuracy.procedure.models import ApprovalRequest, Event

pytestmark = pytest.mark.django_db

HP = "/cases/HP-2026-001/"


def _text(response: Any) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")


def test_case_page_shows_running_deadlines_with_basis_and_countdown(client: Any, cases: Any, users: Any) -> None:
    client.force_login(users["hp_prosecutor"])
    response = client.get(HP, HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert response.status_code == 200
    person = response.context["persons"][0]
    rules = [d.rule for d in person.deadlines]
    assert rules == ["review"]
    review = person.deadlines[0]
    # Accepted 20 days ago, in custody: one month, roll-forward over holidays (CPL art. 172).
    assert review.deadline.in_custody and review.days_left == (review.deadline.due - timezone.localdate()).days
    assert "CPL art. 172" in text and 'data-rule="review"' in text
    assert AccessLog.objects.filter(action="view", target="HP-2026-001", user=users["hp_prosecutor"]).exists()


def test_case_page_in_chinese_cites_the_law_in_chinese(client: Any, cases: Any, users: Any) -> None:
    client.force_login(users["hp_prosecutor"])
    text = client.get(HP, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "《刑事诉讼法》第一百七十二条" in text and "审查起诉" in text


def test_recording_a_decision_changes_timeline_and_stops_the_deadline(client: Any, cases: Any, users: Any) -> None:
    client.force_login(users["hp_prosecutor"])
    today = timezone.localdate().isoformat()
    response = client.post(HP + "act/event/?person=P1", {
        "type": "prosecuted", "date": today, "sentence_kind": "fixed_term", "months": "36", "months_max": "48",
        "fine": "200000"})
    assert response.status_code == 302 and response["Location"] == HP
    event = Event.objects.get(person__case__case_id="HP-2026-001", type="prosecuted")
    assert event.sentence == {"kind": "fixed_term", "months": 36, "months_max": 48, "fine_yuan": "200000.00"}
    page = client.get(HP, HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["persons"][0].deadlines == []
    assert 'data-type="prosecuted"' in page.content.decode()
    assert Person.objects.get(case__case_id="HP-2026-001").stage == "prosecuted"
    change = ObjectChange.objects.filter(case_ref="HP-2026-001", user=users["hp_prosecutor"]).get()
    assert change.postchange_data["type"] == "prosecuted"


def test_refused_step_names_the_article_beside_the_field(client: Any, cases: Any, users: Any) -> None:
    client.force_login(users["hp_prosecutor"])
    response = client.post(HP + "act/event/?person=P1", {"type": "judgment", "date": timezone.localdate()},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    form = response.context["form"]
    assert any("judgment" in e and "CPL" in e for e in form.errors["type"])
    assert 'id="field-type"' in response.content.decode() and "invalid" in response.content.decode()
    assert not Event.objects.filter(type="judgment").exists()


@pytest.mark.parametrize(("data", "field"), [
    ({"type": "prosecuted", "date": "2026-02-30"}, "date"),
    ({"type": "prosecuted", "date": "2999-01-01"}, "date"),
    ({"type": "no-such-step", "date": "2026-01-05"}, "type"),
    ({"type": "confiscation_applied", "date": "2026-01-05", "amount": "-5"}, "amount"),
    ({"type": "confiscation_applied", "date": "2026-01-05", "amount": "1.234"}, "amount"),
    ({"type": "judgment", "date": "2026-01-05", "months": "x"}, "months"),
    ({"type": "prosecuted", "date": "2026-01-05", "months": "40", "months_max": "30", "sentence_kind": "fixed_term"},
     "months_max"),
])
def test_bad_input_is_an_error_beside_its_field(client: Any, cases: Any, users: Any, data: dict, field: str) -> None:
    client.force_login(users["hp_prosecutor"])
    before = Event.objects.count()
    response = client.post(HP + "act/event/?person=P1", data)
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert Event.objects.count() == before


def test_non_prosecution_goes_through_the_approval_inbox(client: Any, cases: Any, users: Any) -> None:
    client.force_login(users["hp_prosecutor"])
    # Without approval the refusal cites the Procuratorate Rules.
    refused = client.post(HP + "act/event/?person=P1", {"type": "not_prosecuted", "kind": "discretionary",
                                                        "date": timezone.localdate()}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 422 and "art. 371" in " ".join(refused.context["form"].errors["type"])
    asked = client.post(HP + "act/request-non-prosecution/?person=P1",
                        {"proposed_kind": "discretionary", "reason": "情节轻微，认罪认罚，积极退赃"})
    assert asked.status_code == 302
    approval = ApprovalRequest.objects.get()
    assert approval.approver_id == "210100"
    client.force_login(users["sy_head"])
    inbox = client.get("/approvals/")
    assert approval in inbox.context["waiting"]
    assert client.post(f"/approvals/{approval.pk}/", {"decision": "approve", "note": "同意"}).status_code == 302
    client.force_login(users["hp_prosecutor"])
    done = client.post(HP + "act/event/?person=P1", {"type": "not_prosecuted", "kind": "discretionary",
                                                     "date": timezone.localdate()})
    assert done.status_code == 302
    event = Event.objects.get(type="not_prosecuted")
    assert event.approved_by_id == "210100"


def test_only_the_approving_procuratorate_decides(client: Any, cases: Any, users: Any) -> None:
    client.force_login(users["hp_prosecutor"])
    client.post(HP + "act/request-non-prosecution/?person=P1", {"proposed_kind": "statutory", "reason": "不构成犯罪"})
    approval = ApprovalRequest.objects.get()
    client.force_login(users["ln_head"])  # above Shenyang, but not the procuratorate asked
    assert client.get(f"/approvals/{approval.pk}/").status_code == 404
    assert approval not in client.get("/approvals/").context["waiting"]


def test_supervision_listing_shows_on_the_board(client: Any, cases: Any, users: Any) -> None:
    client.force_login(users["ln_head"])
    today = timezone.localdate()
    assert client.post("/cases/SY-2026-009/act/list/", {"listed_on": today}).status_code == 302
    board = client.get("/supervision/")
    assert [r["case"].case_id for r in board.context["rows"]] == ["SY-2026-009"]
    again = client.post("/cases/SY-2026-009/act/list/", {"listed_on": today})
    assert again.status_code == 422 and again.context["form"].non_field_errors()
    client.force_login(users["sy_prosecutor"])
    assert client.post("/cases/SY-2026-009/act/note/", {"text": "已开庭"}).status_code == 302
    assert client.get("/supervision/").context["rows"][0]["note"].text == "已开庭"
    # A procuratorate does not list its own case.
    client.force_login(users["sy_head"])
    own = client.post("/cases/SY-2026-009/act/delist/", {"delisted_on": today + dt.timedelta(days=1)})
    assert own.status_code == 422 and "delisted_on" in own.context["form"].errors


def test_relief_recommendation_reply_and_link(client: Any, cases: Any, users: Any) -> None:
    client.force_login(users["sy_prosecutor"])
    today = timezone.localdate()
    sy = "/cases/SY-2026-009/"
    assert client.post(sy + "act/relief/?victim=V1", {"decided_on": today, "amount": "20000.50"}).status_code == 302
    bad = client.post(sy + "act/relief/?victim=V1", {"decided_on": today, "amount": "0"})
    assert bad.status_code == 422 and "amount" in bad.context["form"].errors
    assert client.post(sy + "act/reply/?recommendation=R1", {"replied_on": today, "adopted": "yes"}).status_code == 302
    assert client.post(sy + "act/link/", {"target_case_id": "HP-2026-001", "relation": "related"}).status_code == 302
    page = client.get(sy, HTTP_ACCEPT_LANGUAGE="en")
    assert str(page.context["victims"][0].relief_amount) == "20000.50"
    assert page.context["relations"][0][1].case_id == "HP-2026-001"
    # The linked case is outside Wuhan's jurisdiction: a Wuhan user linking to it learns nothing.
    assert client.get(sy + "act/reply/?recommendation=R9").status_code == 404


def test_assignment_puts_the_case_in_the_work_queue(client: Any, cases: Any, users: Any) -> None:
    client.force_login(users["hp_prosecutor"])
    assert client.post(HP + "act/assign/", {"handler": users["hp_prosecutor"].pk}).status_code == 302
    queue = client.get("/queue/")
    assert [a.case.case_id for a in queue.context["mine"]] == ["HP-2026-001"]
    assert [d["d"].rule for d in queue.context["my_deadlines"]] == ["review"]
    # A prosecutor cannot hand a case to a colleague elsewhere.
    refused = client.post(HP + "act/assign/", {"handler": users["wh_prosecutor"].pk})
    assert refused.status_code == 422 and "handler" in refused.context["form"].errors


def test_case_list_filters_search_and_logs(client: Any, cases: Any, users: Any) -> None:
    client.force_login(users["ln_head"])
    everything = client.get("/cases/")
    assert {r.case.case_id for r in everything.context["rows"]} == {"HP-2026-001", "SY-2026-009"}
    assert [r.case.case_id for r in client.get("/cases/?gang=any_gang").context["rows"]] == ["SY-2026-009"]
    assert [r.case.case_id for r in client.get("/cases/?q=张某某").context["rows"]] == ["HP-2026-001"]
    assert [r.case.case_id for r in client.get("/cases/?charge=受贿&rank=county_division").context["rows"]] == [
        "HP-2026-001"]
    assert [r.case.case_id for r in client.get("/cases/?procuratorate=210102").context["rows"]] == ["HP-2026-001"]
    assert [r.case.case_id for r in client.get("/cases/?field=engineering_construction").context["rows"]] == [
        "SY-2026-009"]
    assert AccessLog.objects.filter(action="search", user=users["ln_head"], target="张某某").exists()


@pytest.mark.parametrize("query", ["procuratorate=420100", "procuratorate=999999", "charge=不存在的罪名",
                                   "received_from=2026-13-01", "received_from=2026-05-01&received_to=2026-01-01",
                                   "stage=nonsense", "page=abc", "page=99999", "q=" + "长" * 300])
def test_bad_filters_are_errors_not_failures(client: Any, cases: Any, users: Any, query: str) -> None:
    client.force_login(users["ln_head"])
    response = client.get("/cases/?" + query)
    assert response.status_code == 200
    assert "WH-2026-003" not in response.content.decode()


def test_exports_hold_the_filtered_cases_and_are_logged(client: Any, cases: Any, users: Any) -> None:
    client.force_login(users["ln_head"])
    csv_text = _text(client.get("/cases/export.csv?gang=none"))
    assert "HP-2026-001" in csv_text and "SY-2026-009" not in csv_text
    book = load_workbook(io.BytesIO(client.get("/cases/export.xlsx").content))
    ids = {row[0] for row in book.active.iter_rows(min_row=2, values_only=True)}
    assert ids == {"HP-2026-001", "SY-2026-009"}
    assert AccessLog.objects.filter(action="export", user=users["ln_head"]).count() == 2
    assert client.get("/cases/export.pdf").status_code == 404


def test_case_list_and_page_use_a_fixed_number_of_queries(client: Any, cases: Any, users: Any,
                                                          django_assert_max_num_queries: Any) -> None:
    client.force_login(users["spp_admin"])
    for n in range(3):
        Case.objects.filter(case_id="SY-2026-009").update(title=f"案{n}")
    with django_assert_max_num_queries(12):
        client.get("/cases/")
    with django_assert_max_num_queries(22):
        client.get("/cases/SY-2026-009/")
    with django_assert_max_num_queries(16):
        client.get("/queue/")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_page_renders_in_both_languages(client: Any, cases: Any, users: Any, language: str) -> None:
    client.force_login(users["sy_prosecutor"])
    for url in ("/queue/", "/cases/", "/cases/SY-2026-009/", "/supervision/", "/approvals/",
                "/cases/SY-2026-009/act/event/?person=P1", "/cases/SY-2026-009/act/recommend/"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.content.decode()


def test_a_long_list_counts_only_up_to_a_limit(client: Any, cases: Any, users: Any,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from procuracy.web.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "limit", 1)
    client.force_login(users["ln_head"])
    response = client.get("/cases/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["page"].paginator.capped
    assert "more than 1 cases" in response.content.decode()
    assert len(response.context["rows"]) == 2


def test_search_needs_two_characters_and_matches_words_anywhere(client: Any, cases: Any, users: Any) -> None:
    from procuracy.cases.models import Case

    client.force_login(users["ln_head"])
    short = client.get("/cases/?q=张")
    assert "q" in short.context["filterset"].errors
    assert [r.case.case_id for r in client.get("/cases/?q=李某").context["rows"]] == ["SY-2026-009"]
    assert [r.case.case_id for r in client.get("/cases/?q=HP-2026-001").context["rows"]] == ["HP-2026-001"]
    # Inside a title, not only at its beginning.
    mine = Case.objects.restrict(users["ln_head"])
    within = {r.case.case_id for r in client.get("/cases/?q=某某").context["rows"]}
    assert within == set(mine.filter(title__contains="某某").values_list("case_id", flat=True)) != set()
    assert client.get("/cases/?q=某某某某").context["rows"] == []
