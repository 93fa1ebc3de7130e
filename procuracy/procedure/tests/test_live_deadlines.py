"""Live deadlines worked out by hand from CPL arts. 91, 105, 170, 172, 175 and the 2026 schedule."""

from __future__ import annotations

import datetime as dt

import pytest

from procuracy.procedure.deadlines import OfficialCalendar
from procuracy.procedure.live import person_deadlines

D = dt.date.fromisoformat
CAL = OfficialCalendar()


def _due(events: list[tuple[str, str]]) -> dict[str, str]:
    return {rule: d.due.isoformat() for rule, d in person_deadlines([(t, D(x)) for t, x in events], CAL)}


@pytest.mark.parametrize(("events", "expected"), [
    # Accepted on Tue 10 March 2026, not in custody: one month, to Fri 10 April.
    ([("accepted", "2026-03-10")], {"review": "2026-04-10"}),
    # Detained when accepted: the custody decision is due in 10 days, on Fri 20 March, and the
    # review period does not roll forward while in custody.
    ([("accepted", "2026-03-10"), ("detained", "2026-03-10")],
     {"custody_decision": "2026-03-20", "review": "2026-04-10"}),
    # Arrest decided on 16 March: the custody decision is made; review still to 10 April.
    ([("accepted", "2026-03-10"), ("detained", "2026-03-10"), ("arrest_decided", "2026-03-16")],
     {"review": "2026-04-10"}),
    # Accepted 2 April: one month ends Sat 2 May (Labour Day holiday, 1-5 May 2026) → Wed 6 May.
    ([("accepted", "2026-04-02")], {"review": "2026-05-06"}),
    # In custody the same period never moves: Sat 2 May.
    ([("accepted", "2026-04-02"), ("arrest_decided", "2026-04-08")], {"review": "2026-05-02"}),
    # Extended: one month to 10 April, fifteen days more to Sat 25 April → Mon 27 April.
    ([("accepted", "2026-03-10"), ("review_extended", "2026-04-08")], {"review_extended": "2026-04-27"}),
    # Returned on 20 March: the commission has one month, to Mon 20 April; no review runs.
    ([("accepted", "2026-03-10"), ("returned", "2026-03-20")], {"supplementary_investigation": "2026-04-20"}),
    # Re-transferred on 15 April: the review restarts for a month, to Fri 15 May.
    ([("accepted", "2026-03-10"), ("returned", "2026-03-20"), ("resubmitted", "2026-04-15")],
     {"review": "2026-05-15"}),
    # Police ask for approval of arrest on Mon 28 Sep 2026: 7 days, Mon 5 Oct, a custody
    # period: it does not roll past National Day.
    ([("arrest_requested", "2026-09-28")], {"arrest_review": "2026-10-05"}),
    ([("arrest_requested", "2026-09-28"), ("arrest_approved", "2026-10-02")], {}),
    # Decided: nothing runs.
    ([("accepted", "2026-03-10"), ("prosecuted", "2026-04-01")], {}),
])
def test_person_deadlines(events: list[tuple[str, str]], expected: dict[str, str]) -> None:
    assert _due(events) == expected


@pytest.mark.django_db
def test_board_lists_overdue_and_due_soon(example_packages, tmp_path) -> None:
    import json

    from procuracy.accounts.models import system_user
    from procuracy.interchange.actions import do_import
    from procuracy.procedure.live import deadline_board

    pkg = dict(example_packages[0])
    pkg["case_id"] = "OPEN-1"
    person = dict(pkg["persons"][0])
    person["events"] = [{"type": "accepted", "date": "2026-03-10"}]
    pkg["persons"] = [person]
    pkg.pop("recommendations")
    rec_case = dict(example_packages[1])
    path = tmp_path / "open.jsonl"
    path.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in (pkg, rec_case)), encoding="utf-8")
    assert do_import([path], actor=system_user()).ok
    overdue, soon = deadline_board("SPP", dt.date(2026, 4, 13), 7)
    assert [(d.rule, d.due.isoformat(), d.case_id) for d in overdue] == [
        ("recommendation_reply", "2021-10-15", "HB-GA-2021-0107"),  # issued 2021-08-15, never answered
        ("review", "2026-04-10", "OPEN-1"),
    ]
    assert soon == []
    overdue, soon = deadline_board("210000", dt.date(2026, 4, 3), 7)
    assert overdue == [] and [(d.rule, d.due.isoformat()) for d in soon] == [("review", "2026-04-10")]
    assert deadline_board("420100", dt.date(2026, 4, 3), 7)[1] == []
