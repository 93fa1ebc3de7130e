"""Forms of the procedural actions: each cleans its input, calls one action and puts a refusal
(with the article it cites) beside the field it concerns."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from procuracy.cases.choices import Relation
from procuracy.core.money import MoneyError, parse_money
from procuracy.procedure import actions
from procuracy.procedure.choices import EventType, NonProsecutionKind, SentenceKind
from procuracy.procedure.rules import Violation

if TYPE_CHECKING:
    from procuracy.accounts.models import User
    from procuracy.cases.models import Case


def violation_text(violation: Violation) -> str:
    """The refusal and the article it cites, in the user's language."""
    if (get_language() or "").startswith("zh"):
        return f"{violation.message}（{violation.rule.basis_zh}）"
    return f"{violation.message} ({violation.rule.basis})"


class DateInput(forms.DateInput):
    """A browser date picker; its value is always ISO 8601 whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=format or "%Y-%m-%d")


class MoneyFormField(forms.CharField):
    """Yuan as Decimal, with the same rules as the import (no negatives, at most two decimals)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def clean(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().clean(value)
        if text in ("", None):
            return None
        try:
            return parse_money(text.replace(",", "").replace("，", ""))
        except MoneyError as exc:
            raise forms.ValidationError(str(exc)) from exc


class ActionForm(forms.Form):
    """Base: `perform` runs the action; a refusal becomes an error on the form, never an exception."""

    def __init__(self, *args: Any, actor: User, case: Case, target: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor, self.case, self.target = actor, case, target

    def run(self) -> Any:
        raise NotImplementedError

    def perform(self) -> Any | None:
        """The action's result, or None with the refusal recorded on the form."""
        if not self.is_valid():
            return None
        try:
            return self.run()
        except actions.ActionRefused as refusal:
            if refusal.violations:
                for violation in refusal.violations:
                    self._add(violation.field, violation_text(violation))
            else:
                self._add(refusal.field, str(refusal))
        except forms.ValidationError as error:
            self.add_error(None, error)
        return None

    def _add(self, field: str | None, message: str) -> None:
        aliases = {"approved_by": "type", "sentence": "sentence_kind", "amount_yuan": "amount"}
        name = aliases.get(field or "", field)
        self.add_error(name if name in self.fields else None, message)


class EventForm(ActionForm):
    type = forms.ChoiceField(label=_("Step"))
    date = forms.DateField(label=_("Date"), widget=DateInput)
    kind = forms.ChoiceField(label=_("Kind of non-prosecution"), required=False,
                             choices=[("", "—"), *NonProsecutionKind.choices])
    meritorious = forms.BooleanField(label=_("For major meritorious service (CPL art. 182)"), required=False)
    in_absentia = forms.BooleanField(label=_("Trial in absentia"), required=False)
    amount = MoneyFormField(label=_("Amount (yuan)"), required=False,
                            help_text=_("for confiscation: the illegal gains applied for or confiscated"))
    sentence_kind = forms.ChoiceField(label=_("Sentence or recommended sentence"), required=False,
                                      choices=[("", "—"), *SentenceKind.choices])
    months = forms.IntegerField(label=_("Term in months (lower end)"), required=False, min_value=0, max_value=600)
    months_max = forms.IntegerField(label=_("Upper end in months"), required=False, min_value=0, max_value=600)
    probation_months = forms.IntegerField(label=_("Probation in months"), required=False, min_value=0,
                                          max_value=120)
    fine = MoneyFormField(label=_("Fine (yuan)"), required=False)
    recommendation_adopted = forms.ChoiceField(
        label=_("Sentencing recommendation adopted"), required=False,
        choices=[("", "—"), ("yes", _("yes")), ("no", _("no"))])

    def __init__(self, *args: Any, possible: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        possible = possible or []
        others = [(v, label) for v, label in EventType.choices if v not in possible]
        first = [(v, label) for v, label in EventType.choices if v in possible]
        self.fields["type"].choices = [("", "—"), (_("Possible now"), first), (_("Other steps"), others)]
        self.fields["date"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("months"), data.get("months_max")
        if low is not None and high is not None and high < low:
            self.add_error("months_max", _("the upper end is below the lower end"))
        if data.get("type") in (EventType.PROSECUTED, EventType.JUDGMENT) and (low is not None or high is not None
                                                                             or data.get("fine")) \
                and not data.get("sentence_kind"):
            self.add_error("sentence_kind", _("choose the kind of sentence"))
        return data

    def sentence(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data.get("sentence_kind"):
            return None
        sentence: dict[str, Any] = {"kind": data["sentence_kind"]}
        for key in ("months", "months_max", "probation_months"):
            if data.get(key) is not None:
                sentence[key] = data[key]
        if data.get("fine") is not None:
            sentence["fine_yuan"] = f"{data['fine']:.2f}"
        return sentence

    def run(self) -> Any:
        data = self.cleaned_data
        event_type = data["type"]
        adopted = {"yes": True, "no": False}.get(data.get("recommendation_adopted") or "")
        details = actions.EventDetails(
            in_absentia=data.get("in_absentia") if event_type == EventType.PROSECUTED else None,
            kind=data.get("kind") or "",
            amount=data.get("amount"),
            sentence=self.sentence() if event_type in (EventType.PROSECUTED, EventType.JUDGMENT) else None,
            recommendation_adopted=adopted if event_type == EventType.JUDGMENT else None,
            meritorious=bool(data.get("meritorious")),
        )
        return actions.do_record_event(actor=self.actor, person_pk=self.target.pk, event_type=event_type,
                                       date=data["date"], details=details)


class NonProsecutionRequestForm(ActionForm):
    proposed_kind = forms.ChoiceField(label=_("Kind of non-prosecution"), choices=NonProsecutionKind.choices)
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    meritorious = forms.BooleanField(label=_("For major meritorious service (CPL art. 182)"), required=False)

    def run(self) -> Any:
        data = self.cleaned_data
        return actions.do_request_non_prosecution(actor=self.actor, person_pk=self.target.pk,
                                                  proposed_kind=data["proposed_kind"], reason=data["reason"],
                                                  meritorious=data["meritorious"])


class DecisionForm(ActionForm):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                 choices=[("approve", _("approve")), ("refuse", _("refuse"))])
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=4000)

    def run(self) -> Any:
        return actions.do_decide_approval(actor=self.actor, request_pk=self.target.pk,
                                          approve=self.cleaned_data["decision"] == "approve",
                                          note=self.cleaned_data["note"])


class ListForm(ActionForm):
    listed_on = forms.DateField(label=_("Listed on"), widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["listed_on"].initial = timezone.localdate()

    def run(self) -> Any:
        return actions.do_list_case(actor=self.actor, case_pk=self.case.pk, listed_on=self.cleaned_data["listed_on"])


class DelistForm(ActionForm):
    delisted_on = forms.DateField(label=_("Delisted on"), widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delisted_on"].initial = timezone.localdate()

    def run(self) -> Any:
        return actions.do_delist_case(actor=self.actor, case_pk=self.case.pk,
                                      delisted_on=self.cleaned_data["delisted_on"])


class NoteForm(ActionForm):
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)

    def run(self) -> Any:
        return actions.do_add_supervision_note(actor=self.actor, case_pk=self.case.pk, text=self.cleaned_data["text"])


class RecommendationForm(ActionForm):
    recipient = forms.CharField(label=_("Recipient"), max_length=200)
    subject = forms.CharField(label=_("Subject"), max_length=300, required=False)
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput)

    def run(self) -> Any:
        data = self.cleaned_data
        return actions.do_issue_recommendation(actor=self.actor, case_pk=self.case.pk, recipient=data["recipient"],
                                               subject=data["subject"], issued_on=data["issued_on"])


class ReplyForm(ActionForm):
    replied_on = forms.DateField(label=_("Replied on"), widget=DateInput)
    adopted = forms.ChoiceField(label=_("Adopted"), widget=forms.RadioSelect,
                                choices=[("yes", _("yes")), ("no", _("no"))])

    def run(self) -> Any:
        return actions.do_record_reply(actor=self.actor, recommendation_pk=self.target.pk,
                                       replied_on=self.cleaned_data["replied_on"],
                                       adopted=self.cleaned_data["adopted"] == "yes")


class ReliefForm(ActionForm):
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput)
    amount = MoneyFormField(label=_("Relief (yuan)"))

    def run(self) -> Any:
        return actions.do_decide_relief(actor=self.actor, victim_pk=self.target.pk,
                                        decided_on=self.cleaned_data["decided_on"], amount=self.cleaned_data["amount"])


class LinkForm(ActionForm):
    target_case_id = forms.CharField(label=_("Related case ID"), max_length=100)
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)

    def run(self) -> Any:
        return actions.do_link_cases(actor=self.actor, case_pk=self.case.pk,
                                     target_case_id=self.cleaned_data["target_case_id"].strip(),
                                     relation=self.cleaned_data["relation"])


class AssignForm(ActionForm):
    handler = forms.ModelChoiceField(label=_("Handled by"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from procuracy.accounts.choices import Role
        from procuracy.accounts.models import User

        self.fields["handler"].queryset = User.objects.filter(
            procuratorate_id=self.case.procuratorate_id, is_active=True,
            role__in=[Role.PROSECUTOR, Role.DEPARTMENT_HEAD]).order_by("username")
        if self.actor.procuratorate_id == self.case.procuratorate_id:
            self.fields["handler"].initial = self.actor.pk

    def run(self) -> Any:
        from procuracy.accounts.actions import do_assign_case

        return do_assign_case(actor=self.actor, case_pk=self.case.pk, handler=self.cleaned_data["handler"])
