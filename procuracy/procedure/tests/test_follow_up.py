from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404

from procuracy.cases.models import Case, Victim
from procuracy.core.models import ObjectChange
from procuracy.core.testing import make_user, run_command
from procuracy.procedure.actions import (
    ActionRefused,
    do_add_supervision_note,
    do_decide_relief,
    do_delist_case,
    do_issue_recommendation,
    do_link_cases,
    do_list_case,
    do_record_reply,
)
from procuracy.procedure.live import live_deadlines

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(shared_dir) -> dict[str, Case]:
    assert run_command("import", str(shared_dir / "spec" / "examples" / "all.jsonl")).code == 0
    return {c.case_id: c for c in Case.objects.all()}


def test_listing_for_supervision(cases) -> None:
    duty = cases["LN-JW-2019-0042"]  # handled by 210100
    with pytest.raises(ActionRefused, match="above"):
        do_list_case(actor=make_user("sy_head", "210100", "department_head"), case_pk=duty.pk,
                     listed_on=dt.date(2019, 4, 1))
    with pytest.raises(ActionRefused, match="role"):
        do_list_case(actor=make_user("ln_pros", "210000"), case_pk=duty.pk, listed_on=dt.date(2019, 4, 1))
    with pytest.raises(Http404):
        do_list_case(actor=make_user("hb_head", "420000", "department_head"), case_pk=duty.pk,
                     listed_on=dt.date(2019, 4, 1))
    head = make_user("ln_head", "210000", "department_head")
    do_list_case(actor=head, case_pk=duty.pk, listed_on=dt.date(2019, 4, 1))
    with pytest.raises(ActionRefused, match="already listed"):
        do_list_case(actor=head, case_pk=duty.pk, listed_on=dt.date(2019, 4, 2))
    note = do_add_supervision_note(actor=head, case_pk=duty.pk, text="已督促补充证据，拟于5月提起公诉")
    assert note.case_id == duty.pk
    with pytest.raises(ActionRefused, match="before it was listed"):
        do_delist_case(actor=head, case_pk=duty.pk, delisted_on=dt.date(2019, 3, 1))
    do_delist_case(actor=head, case_pk=duty.pk, delisted_on=dt.date(2019, 10, 1))
    duty.refresh_from_db()
    assert (duty.supervision_listed_by_id, str(duty.supervision_delisted_on)) == ("210000", "2019-10-01")
    assert ObjectChange.objects.filter(case_ref=duty.case_id, user_name="ln_head").count() == 3


def test_recommendation_reply_and_its_deadline(cases) -> None:
    gang = cases["HB-GA-2021-0107"]
    prosecutor = make_user("wh", "420100")
    rec = do_issue_recommendation(actor=prosecutor, case_pk=gang.pk, recipient="某区交通运输局",
                                  subject="客运线路经营许可管理", issued_on=dt.date(2021, 9, 30))
    assert rec.recommendation_id == "R2"
    due = {d.recipient: d.due.isoformat() for d in live_deadlines("420100") if d.rule == "recommendation_reply"}
    # Two months from 30 Sep 2021 is 30 Nov 2021, a Tuesday.
    assert due["某区交通运输局"] == "2021-11-30"
    with pytest.raises(ActionRefused, match="cannot precede"):
        do_record_reply(actor=prosecutor, recommendation_pk=rec.pk, replied_on=dt.date(2021, 9, 1), adopted=True)
    do_record_reply(actor=prosecutor, recommendation_pk=rec.pk, replied_on=dt.date(2021, 11, 20), adopted=True)
    assert "某区交通运输局" not in {d.recipient for d in live_deadlines("420100")}


def test_judicial_relief(cases) -> None:
    victim = Victim.objects.get(case__case_id="HB-GA-2021-0107")
    prosecutor = make_user("wh", "420100")
    for bad in ("-5", "1.234", "0"):
        with pytest.raises(ActionRefused):
            do_decide_relief(actor=prosecutor, victim_pk=victim.pk, decided_on=dt.date(2021, 9, 1), amount=bad)
    do_decide_relief(actor=prosecutor, victim_pk=victim.pk, decided_on=dt.date(2021, 9, 1), amount="45000.50")
    victim.refresh_from_db()
    assert victim.relief_amount == Decimal("45000.50")
    with pytest.raises(Http404):
        do_decide_relief(actor=make_user("sy", "210100"), victim_pk=victim.pk, decided_on=dt.date(2021, 9, 1),
                         amount="1000")


def test_linking_cases(cases) -> None:
    prosecutor = make_user("wh", "420100")
    umbrella = cases["HB-JW-2021-0311"]
    with pytest.raises(ActionRefused, match="already linked"):
        do_link_cases(actor=prosecutor, case_pk=umbrella.pk, target_case_id="HB-GA-2021-0107",
                      relation="protective_umbrella")
    with pytest.raises(ActionRefused, match="not one"):
        do_link_cases(actor=make_user("sy", "210100"), case_pk=cases["LN-JW-2019-0042"].pk,
                      target_case_id="HB-JW-2021-0311", relation="protective_umbrella")
    link = do_link_cases(actor=prosecutor, case_pk=umbrella.pk, target_case_id="HB-GA-2021-0107", relation="related")
    assert link.seq == 1
