"""Two users deciding the same person at the same moment: exactly one succeeds, the other is told why."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from procuracy.accounts.models import system_user
from procuracy.cases.actions import do_store_packages
from procuracy.cases.models import Person
from procuracy.core.testing import make_user
from procuracy.interchange.validation import Catalogue
from procuracy.procedure.actions import ActionRefused, do_record_event
from procuracy.procedure.models import Event


def _open_person() -> int:
    pkg = {"schema": "procuracy.case/1", "case_id": "C-RACE", "source": "supervisory_commission",
           "procuratorate": "210102", "received_on": "2026-03-02",
           "persons": [{"person_id": "P1", "name": "某乙", "rank": "township_section",
                        "charges": [{"charge": "贪污", "amount_yuan": "80000"}],
                        "events": [{"type": "accepted", "date": "2026-03-02"}]}]}
    do_store_packages([pkg], actor=system_user(), charges=Catalogue.load().charges)
    return Person.objects.get(case__case_id="C-RACE").pk


@pytest.mark.django_db(transaction=True)
def test_two_connections_prosecute_the_same_person_at_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks across connections: this runs in the PostgreSQL pass of the suite")
    person = _open_person()
    users = [make_user("hp1", "210102"), make_user("hp2", "210102")]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(user) -> None:  # type: ignore[no-untyped-def]
        from django.utils import translation

        translation.activate("en")  # the active language belongs to each thread
        try:
            barrier.wait()
            do_record_event(actor=user, person_pk=person, event_type="prosecuted", date=dt.date(2026, 3, 30))
            outcomes.append("ok")
        except ActionRefused as refused:
            outcomes.append(f"refused: {refused}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(o.split(":")[0] for o in outcomes) == ["ok", "refused"], outcomes
    refusal = next(o for o in outcomes if o.startswith("refused"))
    assert "already been made" in refusal and "CPL arts. 176, 177" in refusal
    assert Event.objects.filter(person_id=person, type="prosecuted").count() == 1
    assert Person.objects.get(pk=person).stage == "prosecuted"


@pytest.mark.django_db
def test_the_second_decision_is_refused_in_turn() -> None:
    """The same outcome where writes are serialised by the database (SQLite): the second sees the first."""
    person = _open_person()
    first, second = make_user("hp1", "210102"), make_user("hp2", "210102")
    do_record_event(actor=first, person_pk=person, event_type="prosecuted", date=dt.date(2026, 3, 30))
    with pytest.raises(ActionRefused, match="already been made"):
        do_record_event(actor=second, person_pk=person, event_type="prosecuted", date=dt.date(2026, 3, 30))
    assert Event.objects.filter(person_id=person, type="prosecuted").count() == 1
