"""Every page and action, for four kinds of visitor: anonymous, no role, another jurisdiction, own.

Anonymous visitors are sent to the login page; a user without a role gets 403; an object of
another jurisdiction does not exist (404); the user of the right jurisdiction and role succeeds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone

from procuracy.cases.models import Case
from procuracy.core.testing import make_user
from procuracy.procedure.actions import do_list_case, do_request_non_prosecution
from procuracy.procedure.models import ApprovalRequest

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@dataclass(frozen=True)
class Entry:
    name: str
    url: str
    own: str  # the user of the right jurisdiction and role
    other: str | None  # a user of the same role elsewhere, for whom the object does not exist
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)
    ok: tuple[int, ...] = (200,)


def entries() -> list[Entry]:
    today = TODAY().isoformat()
    hp, sy = "/cases/HP-2026-001", "/cases/SY-2026-009"
    return [
        Entry("queue", "/queue/", "hp_prosecutor", None),
        Entry("case list", "/cases/", "hp_prosecutor", None),
        Entry("case list csv", "/cases/export.csv", "hp_prosecutor", None),
        Entry("case list xlsx", "/cases/export.xlsx", "hp_prosecutor", None),
        Entry("case page", f"{hp}/", "hp_prosecutor", "wh_prosecutor"),
        Entry("approvals", "/approvals/", "ln_head", None),
        Entry("supervision board", "/supervision/", "ln_head", None),
        Entry("decide form", "/approvals/{approval}/", "sy_head", "hb_head"),
        Entry("decide", "/approvals/{approval}/", "sy_head", "hb_head", "post", {"decision": "approve"}, (302,)),
        Entry("record step form", f"{hp}/act/event/?person=P1", "hp_prosecutor", "wh_prosecutor"),
        Entry("record step", f"{hp}/act/event/?person=P1", "hp_prosecutor", "wh_prosecutor", "post",
              {"type": "review_extended", "date": today}, (302,)),
        Entry("request approval", f"{hp}/act/request-non-prosecution/?person=P1", "hp_prosecutor", "wh_prosecutor",
              "post", {"proposed_kind": "discretionary", "reason": "情节轻微，认罪认罚"}, (302,)),
        Entry("assign", f"{hp}/act/assign/", "hp_prosecutor", "wh_prosecutor", "post",
              {"handler": "{hp_prosecutor_pk}"}, (302,)),
        Entry("list", f"{hp}/act/list/", "ln_head", "hb_head", "post", {"listed_on": today}, (302,)),
        Entry("delist", f"{sy}/act/delist/", "ln_head", "hb_head", "post", {"delisted_on": today}, (302,)),
        Entry("note", f"{sy}/act/note/", "sy_prosecutor", "wh_prosecutor", "post", {"text": "已开庭审理"}, (302,)),
        Entry("recommend", f"{sy}/act/recommend/", "sy_prosecutor", "wh_prosecutor", "post",
              {"recipient": "某区市场监督管理局", "subject": "行业监管", "issued_on": today}, (302,)),
        Entry("reply", f"{sy}/act/reply/?recommendation=R1", "sy_prosecutor", "wh_prosecutor", "post",
              {"replied_on": today, "adopted": "yes"}, (302,)),
        Entry("relief", f"{sy}/act/relief/?victim=V1", "sy_prosecutor", "wh_prosecutor", "post",
              {"decided_on": today, "amount": "20000"}, (302,)),
        Entry("link", f"{sy}/act/link/", "sy_prosecutor", "wh_prosecutor", "post",
              {"target_case_id": "HP-2026-001", "relation": "related"}, (302,)),
        Entry("dashboard", "/reports/?scope=210100", "sy_prosecutor", None),
        Entry("report download", "/reports/download/?format=xlsx&scope=210100", "sy_prosecutor", None),
        Entry("case database search", "/knowledge/?q=受贿", "sy_prosecutor", None),
        Entry("sentencing calculator", "/knowledge/sentencing/?charge=受贿&amount=300000", "sy_prosecutor", None),
        Entry("import page", "/import/", "sy_prosecutor", None),
    ]


@pytest.fixture
def world(cases: dict[str, str], users: dict[str, Any]) -> dict[str, Any]:
    users["hb_head"] = make_user("hb_head", "420000", role="department_head")
    sy = Case.objects.get(case_id="SY-2026-009")
    do_list_case(actor=users["ln_head"], case_pk=sy.pk, listed_on=TODAY())
    # Not prosecuting Heping's commission case needs Shenyang's approval (one level up).
    hp_person = Case.objects.get(case_id="HP-2026-001").persons.get()
    approval = do_request_non_prosecution(actor=users["hp_prosecutor"], person_pk=hp_person.pk,
                                          proposed_kind="discretionary", reason="情节轻微")
    assert approval.approver_id == "210100"
    return {"users": users, "approval": approval}


def _prepare(entry: Entry, world: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    url = entry.url.replace("{approval}", str(world["approval"].pk))
    data = {k: (str(world["users"]["hp_prosecutor"].pk) if v == "{hp_prosecutor_pk}" else v)
            for k, v in entry.data.items()}
    if entry.name == "request approval":
        ApprovalRequest.objects.all().delete()
    return url, data


def _call(client: Any, entry: Entry, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data) if entry.method == "post" else client.get(url)


@pytest.mark.parametrize("entry", entries(), ids=lambda e: e.name)
def test_anonymous_is_sent_to_login(client: Any, world: dict[str, Any], entry: Entry) -> None:
    url, data = _prepare(entry, world)
    response = _call(client, entry, url, data)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("entry", entries(), ids=lambda e: e.name)
def test_user_without_role_is_refused(client: Any, world: dict[str, Any], entry: Entry) -> None:
    url, data = _prepare(entry, world)
    client.force_login(world["users"]["no_role"])
    assert _call(client, entry, url, data).status_code == 403


@pytest.mark.parametrize("entry", [e for e in entries() if e.other], ids=lambda e: e.name)
def test_other_jurisdiction_sees_nothing(client: Any, world: dict[str, Any], entry: Entry) -> None:
    url, data = _prepare(entry, world)
    client.force_login(world["users"][entry.other])
    assert _call(client, entry, url, data).status_code == 404


@pytest.mark.parametrize("entry", entries(), ids=lambda e: e.name)
def test_own_jurisdiction_succeeds(client: Any, world: dict[str, Any], entry: Entry) -> None:
    url, data = _prepare(entry, world)
    client.force_login(world["users"][entry.own])
    response = _call(client, entry, url, data)
    assert response.status_code in entry.ok, response.content.decode()[:2000]


def test_statistician_reads_but_never_changes(client: Any, world: dict[str, Any]) -> None:
    client.force_login(world["users"]["spp_stats"])
    assert client.get("/cases/HP-2026-001/").status_code == 200
    for entry in entries():
        if entry.method == "post" and entry.name != "decide":
            url, data = _prepare(entry, world)
            assert _call(client, entry, url, data).status_code == 403, entry.name


def test_lists_hold_nothing_of_another_jurisdiction(client: Any, world: dict[str, Any]) -> None:
    client.force_login(world["users"]["wh_prosecutor"])
    for url in ("/cases/", "/cases/export.csv", "/queue/", "/supervision/", "/approvals/"):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8-sig")
        assert "HP-2026-001" not in text and "SY-2026-009" not in text, url
    assert "WH-2026-003" in client.get("/cases/").content.decode()


def test_reports_of_another_jurisdiction_show_no_figures(client: Any, world: dict[str, Any]) -> None:
    client.force_login(world["users"]["wh_prosecutor"])
    page = client.get("/reports/?scope=210100")
    assert page.status_code == 200 and "scope" in page.context["form"].errors
    assert client.get("/reports/download/?format=xlsx&scope=210100").status_code == 400


def test_import_of_another_jurisdiction_is_refused(client: Any, world: dict[str, Any], tmp_path: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from procuracy.web.tests.factories import commission_case

    line = json.dumps(commission_case("SY-2026-777", "210100"), ensure_ascii=False) + "\n"
    client.force_login(world["users"]["wh_prosecutor"])
    response = client.post("/import/", {"file": SimpleUploadedFile("cases.jsonl", line.encode())})
    assert response.status_code == 200
    assert not Case.objects.filter(case_id="SY-2026-777").exists()
    assert "210100" in response.content.decode()
