from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from procuracy.core.models import AccessLog
from procuracy.core.testing import make_user, run_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def examples(shared_dir: Path) -> None:
    assert run_command("import", str(shared_dir / "spec" / "examples" / "all.jsonl")).code == 0


def test_json_has_exactly_the_documented_shape(examples) -> None:
    run = run_command("report", "duty-crime", start="2019-01-01", end="2019-12-31", format="json")
    assert run.code == 0, run.stderr
    data = json.loads(run.stdout)
    assert set(data) == {"report", "from", "to", "scope", "metrics"}
    assert (data["report"], data["from"], data["to"], data["scope"]) == ("duty-crime", "2019-01-01", "2019-12-31", "SPP")
    assert data["metrics"]["persons_accepted"] == 1
    assert data["metrics"]["confiscation_recovered_yuan"] == "88600000.00"
    assert AccessLog.objects.filter(action="report", target="duty-crime").count() == 1


def test_xlsx_opens_with_its_charts(examples, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "duty.xlsx"
    run = run_command("report", "duty-crime", start="2019-01-01", end="2019-12-31", format="xlsx", output=str(out))
    assert run.code == 0, run.stderr
    book = load_workbook(io.BytesIO(out.read_bytes()))
    figures = book.worksheets[0]
    values = [c.value for row in figures.iter_rows() for c in row]
    assert "persons_accepted" in values and "受理审查起诉人数" in values
    assert any(sheet._charts for sheet in book.worksheets[1:])


def test_pdf_renders_chinese(examples, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "gang.pdf"
    run = run_command("report", "organized-crime", start="2021-01-01", end="2021-12-31", format="pdf",
                      output=str(out))
    assert run.code == 0, run.stderr
    text = "".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert "扫黑除恶" in text and "30,000.00" in text


def test_table_and_csv(examples) -> None:
    table = run_command("report", "duty-crime", start="2019-01-01", end="2019-12-31", format="table")
    assert table.code == 0 and "88,600,000.00" in table.stdout
    csv_run = run_command("report", "duty-crime", start="2019-01-01", end="2019-12-31", format="csv")
    assert "persons_accepted_by_year.2019" in csv_run.stdout


def test_scope_outside_jurisdiction_and_bad_input(examples) -> None:
    make_user("hp", "210102")
    run = run_command("report", "duty-crime", start="2019-01-01", end="2019-12-31", scope="420000",
                      acting_user="hp")
    assert run.code == 1 and "420000" in run.stderr
    run = run_command("report", "duty-crime", start="2019-02-30", end="2019-12-31")
    assert run.code == 1 and "2019-02-30" in run.stderr
    run = run_command("report", "duty-crime", start="2019-12-31", end="2019-01-01")
    assert run.code == 1 and "before it starts" in run.stderr


def test_deadline_command(tmp_path: Path) -> None:
    run = run_command("deadline", "review", start="2026-04-02", format="json")
    assert json.loads(run.stdout) == {"rule": "review", "from": "2026-04-02", "due": "2026-05-06",
                                      "unrolled_due": "2026-05-02", "in_custody": False, "provisional": False,
                                      "basis": "CPL art. 172"}
    run = run_command("deadline", "review", start="2026-04-02", in_custody=True, format="json")
    assert json.loads(run.stdout)["due"] == "2026-05-02"
    run = run_command("deadline", "review", start="2029-04-30", format="json")
    assert json.loads(run.stdout)["provisional"] is True and "Provisional" in run.stderr
    schedule = tmp_path / "2029.json"
    schedule.write_text(json.dumps({"year": 2029, "source": "test schedule (not official)",
                                    "holidays": ["2029-05-01", "2029-05-02", "2029-05-03"], "workdays": []}))
    make_user("admin", "SPP", "administrator")
    assert run_command("holidays", "load", str(schedule), acting_user="admin").code == 0
    run = run_command("deadline", "review", start="2029-04-02", format="json")
    assert json.loads(run.stdout)["provisional"] is False
    assert run_command("deadline", "reviw", start="2026-04-02").code == 1
    make_user("hp", "210102")
    assert run_command("holidays", "load", str(schedule), acting_user="hp").code == 1


def test_deadlines_command(examples) -> None:
    run = run_command("deadlines", due_within=7, format="json")
    assert run.code == 0
    data = json.loads(run.stdout)
    assert data["scope"] == "SPP"
    assert [d["rule"] for d in data["overdue"]] == ["recommendation_reply"]
