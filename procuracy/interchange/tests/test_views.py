from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from procuracy.cases.models import Case, Person, Recommendation, Victim
from procuracy.core.models import AccessLog, ObjectChange
from procuracy.core.testing import make_user
from procuracy.interchange import views
from procuracy.interchange.models import ImportRecord
from procuracy.interchange.staging import load_staged, staging_dir

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/import/"


@pytest.fixture(autouse=True)
def staging(settings, tmp_path: Path) -> Path:
    settings.PROCURACY_STAGING_DIR = str(tmp_path / "staging")
    return tmp_path / "staging"


def _client(user: Any = None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def head() -> Any:
    """A department head of the Supreme People's Procuratorate: every example case is within scope."""
    return make_user("head", "SPP", role="department_head")


@pytest.fixture
def examples(shared_dir: Path) -> bytes:
    return (shared_dir / "spec" / "examples" / "all.jsonl").read_bytes()


def _jsonl(*packages: Any) -> bytes:
    return ("\n".join(json.dumps(p, ensure_ascii=False) for p in packages) + "\n").encode()


def _upload(client: Client, content: bytes, name: str = "cases.jsonl", update: bool = False) -> Any:
    data: dict[str, Any] = {"file": SimpleUploadedFile(name, content, content_type="application/octet-stream")}
    if update:
        data["update"] = "on"
    return client.post(UPLOAD_URL, data)


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _nothing_stored() -> bool:
    return not Case.objects.exists() and not ImportRecord.objects.exists() and not ObjectChange.objects.exists()


def test_upload_page_shows_the_form(head) -> None:
    response = _client(head).get(UPLOAD_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'enctype="multipart/form-data"' in body and 'name="file"' in body and 'name="update"' in body
    assert "<script" not in body and "style=" not in body


def test_upload_page_query_count(head, django_assert_max_num_queries) -> None:
    client = _client(head)
    # The session, the user and the procuratorate in the header; the rest is the shared menu's allowance.
    with django_assert_max_num_queries(6):
        assert client.get(UPLOAD_URL).status_code == 200


def test_valid_file_shows_a_preview_and_stores_nothing(head, examples: bytes, staging: Path) -> None:
    response = _upload(_client(head), examples, name="all.jsonl")
    assert response.status_code == 200
    assert response.templates[0].name == "interchange/preview.html"
    result, preview, staged = response.context["result"], response.context["preview"], response.context["staged"]
    assert (result.cases, result.cases_created, result.cases_updated, result.persons) == (4, 4, 0, 5)
    assert (preview.victims, preview.recommendations) == (1, 2)
    assert [c["case_id"] for c in preview.cases] == ["LN-JW-2019-0042", "HB-GA-2021-0107", "HB-JW-2021-0311",
                                                     "ZJ-JW-2019-0007"]
    body = response.content.decode()
    assert "受贿" in body and "18,000,000.00" in body and "LN-JW-2019-0042" in body
    assert reverse("interchange:confirm", args=[staged.token]) in body
    assert staged.sha256 == hashlib.sha256(examples).hexdigest()
    assert staged.path.read_bytes() == examples and staged.path.parent == staging
    assert staged.path.stat().st_mode & 0o077 == 0
    assert _nothing_stored()


def test_confirm_stores_everything_as_the_user(head, examples: bytes) -> None:
    client = _client(head)
    staged = _upload(client, examples, name="all.jsonl").context["staged"]
    response = client.post(reverse("interchange:confirm", args=[staged.token]))
    assert response.status_code == 302 and response.url == reverse("web:case-list")
    assert Case.objects.count() == 4 and Person.objects.count() == 5
    assert Victim.objects.count() == 1 and Recommendation.objects.count() == 2
    record = ImportRecord.objects.get()
    assert record.user == head and record.files[0]["name"] == "all.jsonl"
    assert record.files[0]["sha256"] == hashlib.sha256(examples).hexdigest()
    changes = ObjectChange.objects.filter(action="create")
    assert changes.count() == 4
    assert {c.user_id for c in changes} == {head.pk} and {c.user_name for c in changes} == {"head"}
    assert all(c.message.startswith(f"import {record.pk}:") for c in changes)
    access = AccessLog.objects.get(action="import")
    assert access.user == head and access.target == f"import {record.pk}" and access.channel == "web"
    assert any(f"Import {record.pk} (all.jsonl)" in m and "4 cases" in m for m in _messages(response))
    assert not staged.path.exists() and not staged.meta_path.exists() and not staged.claimed_path.exists()


def test_confirm_twice_imports_once(head, examples: bytes) -> None:
    client = _client(head)
    staged = _upload(client, examples).context["staged"]
    url = reverse("interchange:confirm", args=[staged.token])
    assert client.post(url).status_code == 302
    second = client.post(url)
    assert second.status_code in (302, 404)
    assert ImportRecord.objects.count() == 1 and Case.objects.count() == 4


def test_every_problem_is_listed_with_its_line_and_nothing_stored(head, package) -> None:
    first = package("LN-JW-2019-0042")
    first["persons"][0]["charges"].append({"charge": "不存在的罪名"})
    second = package("HB-GA-2021-0107")
    second["received_on"] = "2021-02-30"
    client = _client(head)
    response = _upload(client, _jsonl(first, second), name="bad.jsonl")
    assert response.status_code == 200
    rows = response.context["problems"]
    assert response.context["problems_total"] == len(rows) >= 2
    charge = next(r for r in rows if "不存在的罪名" in r["message"])
    assert (charge["file"], charge["line"], charge["case_id"], charge["person_id"]) == (
        "bad.jsonl", 1, "LN-JW-2019-0042", "P1")
    assert charge["field"] == "charges[3].charge"
    date = next(r for r in rows if "2021-02-30" in r["message"])
    assert (date["line"], date["case_id"], date["field"]) == (2, "HB-GA-2021-0107", "received_on")
    body = response.content.decode()
    assert "不存在的罪名" in body and "2021-02-30" in body and "nothing was stored" in body
    assert _nothing_stored()
    # The uploaded bytes are gone; only the list of problems waits for the user.
    staged = response.context["staged"]
    assert not staged.path.exists()
    download = client.get(reverse("interchange:problems", args=[staged.token]))
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    content = b"".join(download.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert table[0] == ["File", "Line", "Case", "Person", "Event", "Field", "Problem", "Rule"]
    assert len(table) - 1 == len(rows)
    # A problem confirmed by nobody cannot be imported.
    assert client.post(reverse("interchange:confirm", args=[staged.token])).status_code == 302
    assert _nothing_stored()


def test_procedural_problems_cite_their_rule(head, package) -> None:
    bad = package("HB-JW-2021-0311")
    bad["persons"][0]["events"][1]["approved_by"] = "SPP"
    rows = _upload(_client(head), _jsonl(bad)).context["problems"]
    row = next(r for r in rows if r["field"] == "approved_by")
    assert "art. 371" in row["rule"] and row["event"].startswith("2 (")


def test_problem_table_is_cut_but_the_csv_holds_all(head, package, monkeypatch) -> None:
    monkeypatch.setattr(views, "PROBLEMS_SHOWN", 2)
    lines = [json.dumps({"schema": "procuracy.case/1", "case_id": f"X{i}"}) for i in range(3)]
    client = _client(head)
    response = _upload(client, ("\n".join(lines) + "\n").encode())
    assert response.context["problems_cut"] and len(response.context["problems"]) == 2
    total = response.context["problems_total"]
    assert total > 2
    assert "The table shows the first 2 of" in response.content.decode()
    token = response.context["staged"].token
    content = b"".join(client.get(reverse("interchange:problems", args=[token])).streaming_content)
    assert len(list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))) == total + 1


def test_csv_cells_never_start_a_formula() -> None:
    assert views._csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert views._csv_cell("@x") == "'@x" and views._csv_cell("受贿") == "受贿" and views._csv_cell(None) == ""


def test_another_user_cannot_use_the_token(head, examples: bytes, package) -> None:
    staged = _upload(_client(head), examples).context["staged"]
    other = _client(make_user("other", "SPP", role="department_head"))
    assert other.post(reverse("interchange:confirm", args=[staged.token])).status_code == 404
    assert other.post(reverse("interchange:discard", args=[staged.token])).status_code == 404
    assert _nothing_stored() and staged.path.exists()
    refused = _upload(_client(head), _jsonl({"schema": "procuracy.case/1"})).context["staged"]
    assert other.get(reverse("interchange:problems", args=[refused.token])).status_code == 404
    # The owner still can.
    assert _client(head).post(reverse("interchange:confirm", args=[staged.token])).status_code == 302
    assert Case.objects.count() == 4


@pytest.mark.parametrize("token", ["x" * 43, "../../etc/passwd", "a" * 200])
def test_unknown_or_malformed_token_is_404(head, token: str) -> None:
    assert _client(head).post(f"/import/{token}/confirm/").status_code == 404


def test_case_outside_the_jurisdiction_is_refused(package) -> None:
    wuhan = make_user("wh", "420100")
    client = _client(wuhan)
    # Two cases of Wuhan and one of Shenyang: the whole file is refused, the Shenyang line named.
    content = _jsonl(package("HB-GA-2021-0107"), package("HB-JW-2021-0311"), package("LN-JW-2019-0042"))
    response = _upload(client, content)
    rows = response.context["problems"]
    assert [(r["line"], r["case_id"], r["field"]) for r in rows] == [(3, "LN-JW-2019-0042", "procuratorate")]
    assert "210100" in rows[0]["message"] and "jurisdiction" in rows[0]["message"]
    assert _nothing_stored()
    # Within the scope the same user may import.
    staged = _upload(client, _jsonl(package("HB-GA-2021-0107"))).context["staged"]
    assert client.post(reverse("interchange:confirm", args=[staged.token])).status_code == 302
    assert list(Case.objects.values_list("case_id", flat=True)) == ["HB-GA-2021-0107"]


def test_update_replaces_only_when_asked(head, examples: bytes) -> None:
    client = _client(head)
    staged = _upload(client, examples).context["staged"]
    client.post(reverse("interchange:confirm", args=[staged.token]))
    again = _upload(client, examples)
    assert again.context["problems_total"] == 4
    assert all(r["field"] == "case_id" for r in again.context["problems"])
    update = _upload(client, examples, update=True)
    assert (update.context["result"].cases_created, update.context["result"].cases_updated) == (0, 4)
    assert all(c["replaces"] for c in update.context["preview"].cases)
    client.post(reverse("interchange:confirm", args=[update.context["staged"].token]))
    assert ImportRecord.objects.filter(update=True, cases_updated=4).count() == 1
    assert ObjectChange.objects.filter(action="update", user_name="head").count() == 4


def test_confirm_checks_again_against_the_database(head, examples: bytes, package) -> None:
    client = _client(head)
    staged = _upload(client, examples).context["staged"]
    # Someone stores one of the cases between the check and the confirmation.
    other = _client(make_user("other", "SPP", role="prosecutor"))
    first = _upload(other, _jsonl(package("ZJ-JW-2019-0007"))).context["staged"]
    other.post(reverse("interchange:confirm", args=[first.token]))
    response = client.post(reverse("interchange:confirm", args=[staged.token]))
    assert response.status_code == 200
    assert [(r["line"], r["case_id"]) for r in response.context["problems"]] == [(4, "ZJ-JW-2019-0007")]
    assert list(Case.objects.values_list("case_id", flat=True)) == ["ZJ-JW-2019-0007"]
    assert ImportRecord.objects.count() == 1
    assert not staged.path.exists() and not staged.claimed_path.exists()


def test_changed_staged_file_is_refused_at_confirm(head, examples: bytes) -> None:
    client = _client(head)
    staged = _upload(client, examples).context["staged"]
    staged.path.write_bytes(examples.replace(b"LN-JW-2019-0042", b"LN-JW-2019-0043"))
    response = client.post(reverse("interchange:confirm", args=[staged.token]))
    assert response.status_code == 302 and response.url == UPLOAD_URL
    assert any("changed" in m for m in _messages(response))
    assert _nothing_stored() and not staged.claimed_path.exists()


def test_expired_upload_is_refused(head, examples: bytes) -> None:
    client = _client(head)
    staged = _upload(client, examples).context["staged"]
    meta = json.loads(staged.meta_path.read_text())
    meta["staged_at"] = (timezone.now() - dt.timedelta(hours=2)).isoformat()
    staged.meta_path.write_text(json.dumps(meta))
    response = client.post(reverse("interchange:confirm", args=[staged.token]))
    assert response.status_code == 302 and any("expired" in m for m in _messages(response))
    assert _nothing_stored() and not staged.path.exists()
    assert load_staged(staged.token, owner_id=head.pk) is None


def test_discard_removes_the_upload(head, examples: bytes) -> None:
    client = _client(head)
    staged = _upload(client, examples).context["staged"]
    assert client.post(reverse("interchange:discard", args=[staged.token])).status_code == 302
    assert not staged.path.exists() and not staged.meta_path.exists()
    assert client.post(reverse("interchange:confirm", args=[staged.token])).status_code == 404
    assert _nothing_stored()


def test_confirm_needs_post(head, examples: bytes) -> None:
    client = _client(head)
    staged = _upload(client, examples).context["staged"]
    assert client.get(reverse("interchange:confirm", args=[staged.token])).status_code == 405
    assert _nothing_stored()


@pytest.mark.parametrize("role", ["statistician", ""])
def test_statisticians_and_users_without_a_role_are_forbidden(role: str, examples: bytes) -> None:
    client = _client(make_user("u", "SPP", role=role))
    assert client.get(UPLOAD_URL).status_code == 403
    assert _upload(client, examples).status_code == 403
    assert client.post(f"/import/{'a' * 43}/confirm/").status_code == 403
    assert _nothing_stored()


@pytest.mark.parametrize("role", ["prosecutor", "department_head", "administrator"])
def test_handlers_may_open_the_page(role: str) -> None:
    assert _client(make_user("u", "210100", role=role)).get(UPLOAD_URL).status_code == 200


def test_anonymous_is_sent_to_the_login(examples: bytes) -> None:
    client = _client()
    response = client.get(UPLOAD_URL)
    assert response.status_code == 302 and response.url.startswith(settings.LOGIN_URL)
    response = _upload(client, examples)
    assert response.status_code == 302 and response.url.startswith(settings.LOGIN_URL)
    response = client.post(f"/import/{'a' * 43}/confirm/")
    assert response.status_code == 302 and response.url.startswith(settings.LOGIN_URL)
    assert _nothing_stored()


BAD_FILES = [
    ("empty", b"", "empty"),
    ("blank lines", b"\n \n\t\n", "no case"),
    ("binary", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4, "binary"),
    ("GBK text", "{\"title\": \"张某某受贿案\"}\n".encode("gbk"), "not UTF-8"),
    ("UTF-16", "{\"schema\": 1}".encode("utf-16"), "UTF-16"),
    ("CSV", "case_id,name\nX,张三\n".encode(), "not a case package"),
    ("JSON array", b'[{"schema": "procuracy.case/1"}]', "JSON array"),
    ("PDF", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "not a case package"),
]


@pytest.mark.parametrize(("label", "content", "needle"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_unusable_file_is_an_error_beside_the_field(head, label: str, content: bytes, needle: str,
                                                     staging: Path) -> None:
    response = _upload(_client(head), content)
    assert response.status_code == 200, label
    errors = response.context["form"].errors
    assert list(errors) == ["file"], label
    assert needle in " ".join(errors["file"]), errors
    body = response.content.decode()
    assert 'class="field invalid"' in body and 'class="errorlist' in body
    assert _nothing_stored()
    assert not staging.exists() or not any(staging.iterdir())


def test_missing_file_is_an_error_beside_the_field(head) -> None:
    response = _client(head).post(UPLOAD_URL, {"update": "on"})
    assert response.status_code == 200 and "file" in response.context["form"].errors


def test_file_over_the_limit_is_refused(head, examples: bytes, settings) -> None:
    settings.PROCURACY_IMPORT_MAX_BYTES = 1000
    response = _upload(_client(head), examples)
    assert "procuracy import" in " ".join(response.context["form"].errors["file"])
    assert _nothing_stored()


def test_invalid_utf8_after_the_first_lines_is_a_problem_of_its_line(head, package) -> None:
    content = _jsonl(package("LN-JW-2019-0042")) + "{\"title\": \"张\"}\n".encode("gbk")
    rows = _upload(_client(head), content).context["problems"]
    assert [(r["line"], r["message"]) for r in rows] == [(2, "the text is not UTF-8")]
    assert _nothing_stored()


def test_huge_line_is_a_problem_not_a_crash(head, package) -> None:
    huge = b'{"schema": "procuracy.case/1", "title": "' + b"x" * (3 * 2**20)  # never closed
    rows = _upload(_client(head), _jsonl(package("LN-JW-2019-0042")) + huge + b"\n").context["problems"]
    assert len(rows) == 1 and rows[0]["line"] == 2 and "JSON" in rows[0]["message"]
    assert _nothing_stored()


def test_deeply_nested_json_is_an_error_not_a_crash(head, staging: Path) -> None:
    content = b'{"schema": "procuracy.case/1", "persons": ' + b"[" * 100_000 + b"\n"
    response = _upload(_client(head), content)
    assert response.status_code == 200
    assert "nested too deeply" in " ".join(response.context["form"].errors["file"])
    assert _nothing_stored() and not any(staging.iterdir())


def test_single_pretty_printed_case(head, shared_dir: Path) -> None:
    content = (shared_dir / "spec" / "examples" / "gang-case.json").read_bytes()
    response = _upload(_client(head), content, name="gang-case.json")
    assert response.context["result"].persons == 2


def test_staging_directory_is_private(settings, tmp_path: Path) -> None:
    open_dir = tmp_path / "open"
    open_dir.mkdir(mode=0o777)
    open_dir.chmod(0o777)
    settings.PROCURACY_STAGING_DIR = str(open_dir)
    assert staging_dir() == open_dir and open_dir.stat().st_mode & 0o077 == 0
    link = tmp_path / "link"
    link.symlink_to(open_dir)
    settings.PROCURACY_STAGING_DIR = str(link)
    with pytest.raises(ImproperlyConfigured):
        staging_dir()


def test_expired_files_are_swept(head, examples: bytes) -> None:
    client = _client(head)
    old = _upload(client, examples).context["staged"]
    past = time.time() - 2 * 3600
    for path in (old.path, old.meta_path):
        os.utime(path, (past, past))
    fresh = _upload(client, examples).context["staged"]
    assert not old.path.exists() and not old.meta_path.exists()
    assert fresh.path.exists() and fresh.meta_path.exists()
