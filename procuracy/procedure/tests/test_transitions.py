"""Every procedural step tried from every state: allowed where the law allows it, refused with
the rule (and its article) named everywhere else."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from procuracy.accounts.models import system_user
from procuracy.cases.actions import do_store_packages
from procuracy.cases.choices import fields_mask
from procuracy.cases.models import Person
from procuracy.core.testing import make_user
from procuracy.interchange.validation import Catalogue
from procuracy.procedure.actions import ActionRefused, EventDetails, do_record_event
from procuracy.procedure.choices import EventType as E
from procuracy.procedure.rules import RULES

pytestmark = pytest.mark.django_db

HISTORIES: dict[str, list[str]] = {
    "received": [],
    "detained": ["detained"],
    "under_review": ["accepted"],
    "extended": ["accepted", "review_extended"],
    "returned": ["accepted", "returned"],
    "resubmitted": ["accepted", "returned", "resubmitted"],
    "returned_twice": ["accepted", "returned", "resubmitted", "returned", "resubmitted"],
    "prosecuted": ["accepted", "prosecuted"],
    "not_prosecuted": ["accepted", "not_prosecuted"],
    "judged": ["accepted", "prosecuted", "judgment"],
}
ANYWHERE = {"detained", "arrest_requested", "arrest_decided", "bail", "residential_surveillance"}
UNDECIDED_OPEN = {"under_review", "extended", "resubmitted", "returned_twice"}
# Allowed steps per state, worked out from CPL arts. 169-177, 200, 228, 298 and Rules art. 371.
ALLOWED: dict[str, set[str]] = {
    "received": ANYWHERE | {"accepted"},
    "detained": ANYWHERE | {"accepted"},
    "under_review": ANYWHERE | {"review_extended", "returned", "prosecuted"},
    "extended": ANYWHERE | {"returned", "prosecuted"},
    "returned": ANYWHERE | {"resubmitted"},
    "resubmitted": ANYWHERE | {"review_extended", "returned", "prosecuted"},
    "returned_twice": ANYWHERE | {"review_extended", "prosecuted"},
    "prosecuted": ANYWHERE | {"judgment"},
    "not_prosecuted": ANYWHERE,
    "judged": ANYWHERE | {"protested"},
}
# What a refusal names, for the refusals the table implies (one representative rule each).
EXPECTED_RULE = {
    ("received", "prosecuted"): "must_be_accepted",
    ("returned", "prosecuted"): "open_return",
    ("returned_twice", "returned"): "returns_at_most_twice",
    ("extended", "review_extended"): "extension_once",
    ("under_review", "resubmitted"): "resubmitted_after_return",
    ("under_review", "judgment"): "judgment_after_prosecution",
    ("judged", "judgment"): "judgment_once",
    ("prosecuted", "protested"): "protest_needs_judgment",
    ("under_review", "confiscation_applied"): "confiscation_absent_only",
    ("under_review", "arrest_approved"): "arrest_needs_request",
    ("under_review", "not_prosecuted"): "approval_required",
    ("prosecuted", "not_prosecuted"): "decision_exclusive",
    ("not_prosecuted", "prosecuted"): "decision_exclusive",
    ("prosecuted", "prosecuted"): "already_decided",
    ("under_review", "accepted"): "accepted_once",
}


def _package(state: str) -> dict:
    day = dt.date(2026, 1, 5)
    events = []
    for i, event_type in enumerate(HISTORIES[state]):
        event: dict = {"type": event_type, "date": (day + dt.timedelta(days=7 * i)).isoformat()}
        if event_type == "not_prosecuted":
            event |= {"kind": "discretionary", "approved_by": "210100"}
        if event_type == "judgment":
            event |= {"sentence": {"kind": "fixed_term", "months": 36}}
        events.append(event)
    return {
        "schema": "procuracy.case/1", "case_id": f"T-{state}", "source": "supervisory_commission",
        "procuratorate": "210102", "received_on": day.isoformat(), "fields": ["education", "finance"],
        "persons": [{"person_id": "P1", "name": "测试人", "rank": "township_section", "status": "present",
                     "charges": [{"charge": "受贿", "amount_yuan": "300000.00"}], "events": events}],
    }


@pytest.fixture
def persons() -> dict[str, int]:
    catalogue = Catalogue.load()
    do_store_packages([_package(s) for s in HISTORIES], actor=system_user(), charges=catalogue.charges)
    return {s: Person.objects.get(case__case_id=f"T-{s}").pk for s in HISTORIES}


DETAILS = {
    "not_prosecuted": EventDetails(kind="discretionary"),
    "confiscation_applied": EventDetails(amount=Decimal("100000")),
    "confiscation_ruled": EventDetails(amount=Decimal("100000")),
    "judgment": EventDetails(sentence={"kind": "fixed_term", "months": 36}, recommendation_adopted=True),
}


def test_every_state_and_action(persons: dict[str, int]) -> None:
    actor = make_user("hp", "210102")
    outcomes: dict[tuple[str, str], str | None] = {}
    for state, person_pk in persons.items():
        for action in E.values:
            with transaction.atomic():
                try:
                    do_record_event(actor=actor, person_pk=person_pk, event_type=action,
                                    date=dt.date(2026, 6, 1), details=DETAILS.get(action))
                    outcomes[(state, action)] = None
                except ActionRefused as refused:
                    assert refused.violations, (state, action, str(refused))
                    for violation in refused.violations:
                        # Every refusal names its rule's article.
                        assert violation.rule.basis in str(refused)
                    outcomes[(state, action)] = ",".join(v.rule.code for v in refused.violations)
                transaction.set_rollback(True)
    for state in HISTORIES:
        for action in E.values:
            allowed = action in ALLOWED[state]
            assert (outcomes[(state, action)] is None) == allowed, (state, action, outcomes[(state, action)])
    for (state, action), code in EXPECTED_RULE.items():
        assert code in (outcomes[(state, action)] or ""), (state, action, outcomes[(state, action)])
        assert code in RULES


def test_refusal_message_names_the_rule(persons: dict[str, int]) -> None:
    actor = make_user("hp", "210102")
    with pytest.raises(ActionRefused) as refused:
        do_record_event(actor=actor, person_pk=persons["returned_twice"], event_type="returned",
                        date=dt.date(2026, 6, 1))
    assert "at most twice" in str(refused.value) and "CPL art. 175" in str(refused.value)


def test_recorded_step_carries_the_facts_the_statistics_group_by(persons: dict[str, int]) -> None:
    event = do_record_event(actor=make_user("hp", "210102"), person_pk=persons["under_review"],
                            event_type=E.PROSECUTED, date=dt.date(2026, 6, 1))
    event.refresh_from_db()
    assert (event.procuratorate_id, event.duty, event.gang) == ("210102", True, False)
    assert (event.rank, event.category) == ("township_section", "corruption_bribery")
    assert event.principal_charge.name == "受贿"
    assert event.fields == fields_mask(["education", "finance"])


def test_recorded_step_moves_the_stage_and_is_logged(persons: dict[str, int]) -> None:
    from procuracy.core.models import ObjectChange

    actor = make_user("hp", "210102")
    do_record_event(actor=actor, person_pk=persons["under_review"], event_type="returned", date=dt.date(2026, 6, 1))
    person = Person.objects.get(pk=persons["under_review"])
    assert person.stage == "returned"
    assert list(person.events.values_list("type", flat=True)) == ["accepted", "returned"]
    change = ObjectChange.objects.filter(case_ref="T-under_review").latest("time")
    assert change.user_name == "hp" and change.postchange_data["type"] == "returned"


@pytest.mark.parametrize(("username", "code", "role"), [
    ("wh", "420100", "prosecutor"),  # another jurisdiction: the person does not exist for them
    ("stats", "210102", "statistician"),  # a statistician makes no procedural decisions
])
def test_only_case_workers_of_the_jurisdiction_act(persons: dict[str, int], username: str, code: str,
                                                     role: str) -> None:
    from django.http import Http404

    actor = make_user(username, code, role)
    expected = Http404 if code != "210102" else ActionRefused
    with pytest.raises(expected):
        do_record_event(actor=actor, person_pk=persons["under_review"], event_type="prosecuted",
                        date=dt.date(2026, 6, 1))
