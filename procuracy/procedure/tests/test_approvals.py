from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from procuracy.accounts.models import system_user
from procuracy.cases.actions import do_store_packages
from procuracy.cases.models import Person
from procuracy.core.testing import make_user
from procuracy.interchange.validation import Catalogue
from procuracy.procedure.actions import (
    ActionRefused,
    EventDetails,
    do_decide_approval,
    do_record_event,
    do_request_non_prosecution,
)

pytestmark = pytest.mark.django_db


def _person(source: str = "supervisory_commission", code: str = "210102") -> int:
    pkg = {"schema": "procuracy.case/1", "case_id": f"A-{source}-{code}", "source": source, "procuratorate": code,
           "received_on": "2026-03-02",
           "persons": [{"person_id": "P1", "name": "某甲", "rank": "township_section",
                        "charges": [{"charge": "受贿", "amount_yuan": "50000"}],
                        "events": [{"type": "accepted", "date": "2026-03-02"}]}]}
    do_store_packages([pkg], actor=system_user(), charges=Catalogue.load().charges)
    return Person.objects.get(case__case_id=pkg["case_id"]).pk


def test_non_prosecution_needs_the_approval_of_the_procuratorate_one_level_up() -> None:
    person = _person()
    prosecutor = make_user("hp", "210102")
    details = EventDetails(kind="discretionary")
    with pytest.raises(ActionRefused, match=r"art\. 371"):
        do_record_event(actor=prosecutor, person_pk=person, event_type="not_prosecuted", date=dt.date(2026, 4, 1),
                        details=details)
    request = do_request_non_prosecution(actor=prosecutor, person_pk=person, proposed_kind="discretionary",
                                         reason="情节轻微，退赃退赔，认罪认罚")
    assert request.approver_id == "210100"
    with pytest.raises(ActionRefused, match="already waiting"):
        do_request_non_prosecution(actor=prosecutor, person_pk=person, proposed_kind="discretionary", reason="再次")
    # A head of the wrong procuratorate, a prosecutor of the right one, the handling one itself: no.
    with pytest.raises(Http404):
        do_decide_approval(actor=make_user("wh_head", "420100", "department_head"), request_pk=request.pk,
                           approve=True)
    with pytest.raises(ActionRefused, match="role"):
        do_decide_approval(actor=make_user("sy_pros", "210100"), request_pk=request.pk, approve=True)
    with pytest.raises(ActionRefused, match="210100"):
        do_decide_approval(actor=make_user("ln_head", "210000", "department_head"), request_pk=request.pk,
                           approve=True)
    # Still pending: the decision cannot be recorded yet.
    with pytest.raises(ActionRefused, match=r"art\. 371"):
        do_record_event(actor=prosecutor, person_pk=person, event_type="not_prosecuted", date=dt.date(2026, 4, 1),
                        details=details)
    decided = do_decide_approval(actor=make_user("sy_head", "210100", "department_head"), request_pk=request.pk,
                                 approve=True, note="同意")
    assert decided.status == "approved"
    with pytest.raises(ActionRefused, match="already been decided"):
        do_decide_approval(actor=make_user("sy_head2", "210100", "department_head"), request_pk=request.pk,
                           approve=False)
    event = do_record_event(actor=prosecutor, person_pk=person, event_type="not_prosecuted", date=dt.date(2026, 4, 1),
                            details=details)
    assert event.approved_by_id == "210100" and event.kind == "discretionary"
    assert Person.objects.get(pk=person).stage == "not_prosecuted"


def test_refused_request_keeps_the_decision_blocked() -> None:
    person = _person()
    prosecutor = make_user("hp", "210102")
    request = do_request_non_prosecution(actor=prosecutor, person_pk=person, proposed_kind="evidentiary",
                                         reason="证据不足")
    do_decide_approval(actor=make_user("sy_head", "210100", "department_head"), request_pk=request.pk,
                       approve=False, note="证据可补强")
    with pytest.raises(ActionRefused, match=r"art\. 371"):
        do_record_event(actor=prosecutor, person_pk=person, event_type="not_prosecuted",
                        date=dt.date(2026, 4, 1), details=EventDetails(kind="evidentiary"))


def test_meritorious_service_needs_the_spp() -> None:
    person = _person(source="public_security", code="420100")
    prosecutor = make_user("wh", "420100")
    details = EventDetails(kind="statutory", meritorious=True)
    with pytest.raises(ActionRefused, match=r"CPL art\. 182"):
        do_record_event(actor=prosecutor, person_pk=person, event_type="not_prosecuted", date=dt.date(2026, 4, 1),
                        details=details)
    request = do_request_non_prosecution(actor=prosecutor, person_pk=person, proposed_kind="statutory",
                                         reason="重大立功", meritorious=True)
    assert request.approver_id == "SPP"
    with pytest.raises(ActionRefused, match="SPP"):
        do_decide_approval(actor=make_user("hb_head", "420000", "department_head"), request_pk=request.pk,
                           approve=True)
    do_decide_approval(actor=make_user("spp_head", "SPP", "department_head"), request_pk=request.pk, approve=True)
    event = do_record_event(actor=prosecutor, person_pk=person, event_type="not_prosecuted", date=dt.date(2026, 4, 1),
                            details=details)
    assert event.approved_by_id == "SPP"


def test_police_case_needs_no_approval_from_above() -> None:
    person = _person(source="public_security", code="420100")
    prosecutor = make_user("wh", "420100")
    with pytest.raises(ActionRefused, match="needs no approval"):
        do_request_non_prosecution(actor=prosecutor, person_pk=person, proposed_kind="discretionary", reason="轻微")
    event = do_record_event(actor=prosecutor, person_pk=person, event_type="not_prosecuted", date=dt.date(2026, 4, 1),
                            details=EventDetails(kind="discretionary"))
    assert event.approved_by_id is None
