"""Procedural rules of a person's procedure, each with the article it encodes.

One implementation serves the import (which replays a package's events) and the actions
a prosecutor takes (which check one new step against the state so far). A rule whose
source changed is a new version with the date it took effect, never an edit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from procuracy.cases.choices import ABSENT_STATUSES, Source
from procuracy.procedure.choices import MAY_PRECEDE_RECEIPT, EventType

E = EventType


@dataclass(frozen=True)
class RuleVersion:
    code: str
    effective_from: dt.date
    basis: str
    basis_zh: str
    message: Promise | str

    def text(self, **params: Any) -> str:
        return str(self.message) % params if params else str(self.message)


def _versions(*versions: RuleVersion) -> tuple[RuleVersion, ...]:
    return tuple(sorted(versions, key=lambda v: v.effective_from))


PACKAGE_SPEC = "procuracy.case/1"
CPL_2018 = dt.date(2018, 10, 26)
RULES_2019 = dt.date(2019, 12, 30)
SUPERVISION_LAW_2018 = dt.date(2018, 3, 20)
SUPERVISION_LAW_2024 = dt.date(2025, 6, 1)
ORIGIN = dt.date(1979, 1, 1)

RULES: dict[str, tuple[RuleVersion, ...]] = {
    "accepted_once": _versions(
        RuleVersion("accepted_once", ORIGIN, PACKAGE_SPEC, "案件包规范",
                    _("a person is accepted for review for prosecution only once")),
    ),
    "decision_exclusive": _versions(
        RuleVersion("decision_exclusive", CPL_2018, "CPL arts. 176, 177", "《刑事诉讼法》第一百七十六条、第一百七十七条",
                    _("a person cannot be both prosecuted and not prosecuted")),
    ),
    "returns_at_most_twice": _versions(
        RuleVersion("returns_at_most_twice", SUPERVISION_LAW_2018,
                    "CPL art. 175; Supervision Law (2018) art. 47",
                    "《刑事诉讼法》第一百七十五条；《监察法》（2018）第四十七条",
                    _("a case may be returned for supplementary investigation at most twice")),
        RuleVersion("returns_at_most_twice", SUPERVISION_LAW_2024,
                    "CPL art. 175; Supervision Law (2024) art. 54",
                    "《刑事诉讼法》第一百七十五条；《监察法》（2024）第五十四条",
                    _("a case may be returned for supplementary investigation at most twice")),
    ),
    "resubmitted_after_return": _versions(
        RuleVersion("resubmitted_after_return", CPL_2018, "CPL art. 175", "《刑事诉讼法》第一百七十五条",
                    _("a case can only be re-transferred after it was returned for supplementary investigation")),
    ),
    "judgment_after_prosecution": _versions(
        RuleVersion("judgment_after_prosecution", CPL_2018, "CPL arts. 176, 186", "《刑事诉讼法》第一百七十六条、第一百八十六条",
                    _("a judgment can only follow a public prosecution")),
    ),
    "confiscation_absent_only": _versions(
        RuleVersion("confiscation_absent_only", CPL_2018, "CPL art. 298", "《刑事诉讼法》第二百九十八条",
                    _("confiscation of illegal gains without conviction applies only to a suspect who has fled, "
                      "is abroad or has died")),
    ),
    "non_prosecution_approval": _versions(
        RuleVersion("non_prosecution_approval", RULES_2019,
                    "Procuratorate Rules 2019 art. 371; Supervision Law (2018) art. 47(4)",
                    "《人民检察院刑事诉讼规则》第三百七十一条；《监察法》（2018）第四十七条第四款",
                    _("not prosecuting a case transferred by a supervisory commission needs the approval of the "
                      "procuratorate one level up")),
        RuleVersion("non_prosecution_approval", SUPERVISION_LAW_2024,
                    "Procuratorate Rules 2019 art. 371; Supervision Law (2024) art. 54(4)",
                    "《人民检察院刑事诉讼规则》第三百七十一条；《监察法》（2024）第五十四条第四款",
                    _("not prosecuting a case transferred by a supervisory commission needs the approval of the "
                      "procuratorate one level up")),
    ),
    "not_before_receipt": _versions(
        RuleVersion("not_before_receipt", ORIGIN, PACKAGE_SPEC, "案件包规范",
                    _("this step cannot be dated before the case was received (%(received)s)")),
    ),
    "not_in_future": _versions(
        RuleVersion("not_in_future", ORIGIN, PACKAGE_SPEC, "案件包规范",
                    _("the date %(date)s is in the future")),
    ),
    # Rules of the actions a prosecutor takes (stricter than what a package may record).
    "must_be_accepted": _versions(
        RuleVersion("must_be_accepted", CPL_2018, "CPL arts. 169, 172", "《刑事诉讼法》第一百六十九条、第一百七十二条",
                    _("the person has not been accepted for review for prosecution")),
    ),
    "already_decided": _versions(
        RuleVersion("already_decided", CPL_2018, "CPL arts. 176, 177", "《刑事诉讼法》第一百七十六条、第一百七十七条",
                    _("the decision on prosecution has already been made")),
    ),
    "open_return": _versions(
        RuleVersion("open_return", CPL_2018, "CPL art. 175", "《刑事诉讼法》第一百七十五条",
                    _("the case is out for supplementary investigation and has not been re-transferred")),
    ),
    "extension_once": _versions(
        RuleVersion("extension_once", CPL_2018, "CPL art. 172", "《刑事诉讼法》第一百七十二条",
                    _("the review period can be extended once, by fifteen days")),
    ),
    "arrest_needs_request": _versions(
        RuleVersion("arrest_needs_request", CPL_2018, "CPL arts. 87, 91", "《刑事诉讼法》第八十七条、第九十一条",
                    _("there is no pending request for approval of arrest")),
    ),
    "arrest_decision_source": _versions(
        RuleVersion("arrest_decision_source", CPL_2018, "CPL arts. 165, 170", "《刑事诉讼法》第一百六十五条、第一百七十条",
                    _("the procuratorate decides on arrest only in cases it investigates or a supervisory "
                      "commission transferred; the police request approval")),
    ),
    "ruling_needs_application": _versions(
        RuleVersion("ruling_needs_application", CPL_2018, "CPL arts. 298, 300", "《刑事诉讼法》第二百九十八条、第三百条",
                    _("a ruling on confiscation needs an application to confiscate")),
    ),
    "judgment_once": _versions(
        RuleVersion("judgment_once", CPL_2018, "CPL art. 200", "《刑事诉讼法》第二百条",
                    _("the first-instance judgment has already been recorded")),
    ),
    "protest_needs_judgment": _versions(
        RuleVersion("protest_needs_judgment", CPL_2018, "CPL art. 228", "《刑事诉讼法》第二百二十八条",
                    _("a protest needs a judgment to protest against")),
    ),
    "approval_required": _versions(
        RuleVersion("approval_required", RULES_2019, "Procuratorate Rules 2019 art. 371",
                    "《人民检察院刑事诉讼规则》第三百七十一条",
                    _("the procuratorate one level up has not approved not prosecuting this person")),
    ),
    "meritorious_needs_spp": _versions(
        RuleVersion("meritorious_needs_spp", CPL_2018, "CPL art. 182", "《刑事诉讼法》第一百八十二条",
                    _("not prosecuting for major meritorious service needs the approval of the Supreme People's "
                      "Procuratorate")),
    ),
    "chronological": _versions(
        RuleVersion("chronological", ORIGIN, PACKAGE_SPEC, "案件包规范",
                    _("events are listed oldest first, but this one (%(date)s) is earlier than the one before "
                      "(%(previous)s)")),
    ),
}


def rule(code: str, on: dt.date | None = None) -> RuleVersion:
    """The version of a rule in force on a date (the earliest one for dates before all)."""
    versions = RULES[code]
    if on is None:
        return versions[-1]
    chosen = versions[0]
    for version in versions:
        if version.effective_from <= on:
            chosen = version
    return chosen


@dataclass(frozen=True)
class CaseFacts:
    source: str
    procuratorate: str
    received_on: dt.date
    # The procuratorate one level above the handling one (None for the SPP).
    approving_procuratorate: str | None


@dataclass(frozen=True)
class Step:
    type: str
    date: dt.date
    approved_by: str | None = None


@dataclass(frozen=True)
class Violation:
    rule: RuleVersion
    message: str
    field: str | None = None

    def __str__(self) -> str:
        return f"{self.message} — {self.rule.basis}"


@dataclass
class PersonState:
    status: str = "present"
    accepted: bool = False
    returns: int = 0
    open_returns: int = 0
    prosecuted_on: dt.date | None = None
    not_prosecuted_on: dt.date | None = None
    last_date: dt.date | None = None
    types: list[str] = field(default_factory=list)
    extended_since_receipt: bool = False
    pending_arrest_request: bool = False
    confiscation_applied: bool = False
    judged: bool = False

    @property
    def decided(self) -> bool:
        return self.prosecuted_on is not None or self.not_prosecuted_on is not None

    @property
    def stage(self) -> str:
        return stage_of(self)


def check_step(state: PersonState, case: CaseFacts, step: Step, today: dt.date) -> list[Violation]:
    """Every package rule the new step would break, given the person's procedure so far."""
    found: list[Violation] = []

    def add(code: str, field_name: str | None = None, **params: Any) -> None:
        version = rule(code, step.date)
        found.append(Violation(version, version.text(**params), field_name))

    if step.date > today:
        add("not_in_future", "date", date=step.date.isoformat())
    if state.last_date is not None and step.date < state.last_date:
        add("chronological", "date", date=step.date.isoformat(), previous=state.last_date.isoformat())
    if step.date < case.received_on and step.type not in MAY_PRECEDE_RECEIPT:
        add("not_before_receipt", "date", received=case.received_on.isoformat())

    t = step.type
    if t == E.ACCEPTED and state.accepted:
        add("accepted_once", "type")
    elif t == E.RETURNED and state.returns >= 2:
        add("returns_at_most_twice", "type")
    elif t == E.RESUBMITTED and state.open_returns == 0:
        add("resubmitted_after_return", "type")
    elif t == E.PROSECUTED and state.not_prosecuted_on is not None:
        add("decision_exclusive", "type")
    elif t == E.NOT_PROSECUTED:
        if state.prosecuted_on is not None:
            add("decision_exclusive", "type")
        if case.source == Source.SUPERVISORY_COMMISSION and step.approved_by != case.approving_procuratorate:
            add("non_prosecution_approval", "approved_by")
    elif t == E.JUDGMENT and state.prosecuted_on is None:
        add("judgment_after_prosecution", "type")
    elif t in (E.CONFISCATION_APPLIED, E.CONFISCATION_RULED) and state.status not in ABSENT_STATUSES:
        add("confiscation_absent_only", "type")
    return found


def check_action(state: PersonState, case: CaseFacts, step: Step, today: dt.date, *,
                 approved: bool = False, meritorious: bool = False, spp_approved: bool = False) -> list[Violation]:
    """The rules of a step a prosecutor takes now: the package rules and the order of the procedure.

    `approved` says the procuratorate one level up approved not prosecuting (Rules art. 371);
    `meritorious` marks non-prosecution for major meritorious service, `spp_approved` its approval.
    """
    found = check_step(state, case, step, today)

    def add(code: str, field_name: str | None = "type") -> None:
        version = rule(code, step.date)
        found.append(Violation(version, version.text(), field_name))

    t = step.type
    review_steps = (E.RETURNED, E.REVIEW_EXTENDED, E.PROSECUTED, E.NOT_PROSECUTED)
    if t in review_steps and not state.accepted:
        add("must_be_accepted")
    if t in (*review_steps, E.RESUBMITTED, E.ACCEPTED) and state.decided and not any(
        v.rule.code == "decision_exclusive" for v in found
    ):
        add("already_decided")
    if t in review_steps and state.open_returns:
        add("open_return")
    if t == E.REVIEW_EXTENDED and state.extended_since_receipt:
        add("extension_once")
    if t in (E.ARREST_APPROVED, E.ARREST_DENIED) and not state.pending_arrest_request:
        add("arrest_needs_request")
    if t == E.ARREST_DECIDED and case.source == Source.PUBLIC_SECURITY:
        add("arrest_decision_source")
    if t == E.CONFISCATION_RULED and not state.confiscation_applied:
        add("ruling_needs_application")
    if t == E.JUDGMENT and state.judged:
        add("judgment_once")
    if t == E.PROTESTED and not state.judged:
        add("protest_needs_judgment")
    if t == E.NOT_PROSECUTED:
        if meritorious and not spp_approved:
            add("meritorious_needs_spp", "approved_by")
        elif case.source == Source.SUPERVISORY_COMMISSION and not approved:
            add("approval_required", "approved_by")
    return found


def stage_of(state: PersonState) -> str:
    """Where the person's procedure stands, for lists, filters and live deadlines."""
    if state.judged:
        return "judged"
    if state.prosecuted_on is not None:
        return "prosecuted"
    if state.not_prosecuted_on is not None:
        return "not_prosecuted"
    if state.confiscation_applied:
        return "confiscation"
    if state.open_returns:
        return "returned"
    if state.accepted:
        return "under_review"
    return "received"


def advance(state: PersonState, step: Step) -> None:
    t = step.type
    if t == E.ACCEPTED:
        state.accepted = True
        state.extended_since_receipt = False
    elif t == E.RETURNED:
        state.returns += 1
        state.open_returns += 1
    elif t == E.RESUBMITTED and state.open_returns:
        state.open_returns -= 1
        state.extended_since_receipt = False  # the review period restarts (CPL art. 175)
    elif t == E.REVIEW_EXTENDED:
        state.extended_since_receipt = True
    elif t == E.ARREST_REQUESTED:
        state.pending_arrest_request = True
    elif t in (E.ARREST_APPROVED, E.ARREST_DENIED):
        state.pending_arrest_request = False
    elif t == E.CONFISCATION_APPLIED:
        state.confiscation_applied = True
    elif t == E.JUDGMENT:
        state.judged = True
    elif t == E.PROSECUTED and state.prosecuted_on is None:
        state.prosecuted_on = step.date
    elif t == E.NOT_PROSECUTED and state.not_prosecuted_on is None:
        state.not_prosecuted_on = step.date
    state.last_date = step.date if state.last_date is None else max(state.last_date, step.date)
    state.types.append(t)


def replay(
    case: CaseFacts, status: str, steps: list[Step], today: dt.date
) -> tuple[PersonState, list[tuple[int, Violation]]]:
    """Run a person's events through the rules; violations come with the event's index."""
    state = PersonState(status=status)
    violations: list[tuple[int, Violation]] = []
    for index, step in enumerate(steps):
        violations.extend((index, v) for v in check_step(state, case, step, today))
        advance(state, step)
    return state, violations


def stage_for(events: list[dict[str, Any]]) -> str:
    """The stage after a package's events (in order), as stage_of after replaying them:
    dates do not change the stage, so the types alone decide it (a hot path of imports)."""
    types = [event["type"] for event in events]
    present = set(types)
    if E.JUDGMENT in present:
        return "judged"
    if E.PROSECUTED in present:
        return "prosecuted"
    if E.NOT_PROSECUTED in present:
        return "not_prosecuted"
    if E.CONFISCATION_APPLIED in present:
        return "confiscation"
    if E.RETURNED in present:
        open_returns = 0
        for t in types:
            if t == E.RETURNED:
                open_returns += 1
            elif t == E.RESUBMITTED and open_returns:
                open_returns -= 1
        if open_returns:
            return "returned"
    if E.ACCEPTED in present:
        return "under_review"
    return "received"
