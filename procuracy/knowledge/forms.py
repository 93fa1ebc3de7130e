"""Forms of the case database pages: the search filters and the sentencing calculator.

Both read GET parameters, so anything a user can type into the address bar arrives here; every
refusal becomes an error beside the field it concerns, never an exception.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from procuracy.knowledge import sentencing_law
from procuracy.knowledge.choices import DocumentType, JudgmentKind
from procuracy.knowledge.fulltext import Filters
from procuracy.knowledge.queries import sentencing_guidance
from procuracy.knowledge.recommend import Recommendation
from procuracy.knowledge.search import SearchError, build_filters, charge_filter
from procuracy.procedure.forms import DateInput, MoneyFormField

__all__ = [
    "CIRCUMSTANCE_LABELS", "ROLE_LABELS", "SearchForm", "SentencingForm", "amount_required", "calculator_url",
]

# The names sentencing_law accepts, in words a prosecutor recognises (the law module keeps the
# articles they come from).
CIRCUMSTANCE_LABELS: dict[str, Any] = {
    "special_funds": _("special-purpose funds (disaster relief, poverty alleviation …)"),
    "prior_discipline": _("disciplined before for corruption"),
    "prior_conviction": _("prosecuted before for an intentional crime"),
    "illegal_use": _("proceeds used for illegal activities"),
    "refused_disclosure": _("refused to say where the proceeds went"),
    "bad_impact": _("bad impact or other serious consequences"),
    "repeated_solicitation": _("solicited bribes repeatedly"),
    "improper_benefit_loss": _("improper benefit causing public loss"),
    "promotion_seeking": _("sought a promotion for others"),
    "multiple_persons": _("bribed three or more persons"),
    "illegal_gains": _("bribes paid from illegal gains"),
    "promotion": _("bribed for a promotion"),
    "regulator": _("bribed a supervising official (food, drugs, safety, environment …)"),
    "judicial_staff": _("bribed judicial staff"),
    "state_functionary": _("the briber is a state functionary"),
    "key_project": _("bribery in a key state project"),
    "key_field": _("bribery in a key field (environment, finance, safety …)"),
    "illegal_activities": _("funds used for illegal activities"),
    "profit_or_unreturned": _("funds used for profit or not returned within three months"),
    "not_returned": _("funds not returned"),
    "casualties": _("deaths or injuries"),
    "mass_casualties": _("deaths or injuries three times the threshold"),
    "especially_bad_impact": _("especially bad social impact"),
    "cover_up": _("report withheld, delayed or falsified"),
    "personal_gain": _("for personal gain (徇私舞弊)"),
    "surrender": _("voluntary surrender"),
    "confession": _("confession"),
    "restitution": _("restitution of the proceeds"),
    "guilty_plea": _("guilty plea accepting the penalty"),
    "meritorious_service": _("meritorious service"),
}
ROLE_LABELS: dict[str, Any] = {
    "leader": _("organizer or leader"),
    "active": _("active participant"),
    "member": _("other participant"),
}

MAX_SENTENCE_MONTHS = 600  # longer than any fixed term; keeps the filter's numbers sane


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words"), max_length=200, required=False, strip=True,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    charge = forms.CharField(
        label=_("Charge"), max_length=100, required=False, strip=True,
        widget=forms.TextInput(attrs={"list": "knowledge-charges"}),
    )
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("all")), *DocumentType.choices]
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("all")), *JudgmentKind.choices])
    min_months = forms.IntegerField(
        label=_("Sentence from (months)"), required=False, min_value=0, max_value=MAX_SENTENCE_MONTHS
    )
    max_months = forms.IntegerField(
        label=_("Sentence to (months)"), required=False, min_value=0, max_value=MAX_SENTENCE_MONTHS
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters: Filters | None = None  # set when the form is valid

    def clean_charge(self) -> str:
        charge = self.cleaned_data["charge"]
        if charge:
            try:
                charge_filter(charge)
            except SearchError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return charge

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors:
            try:
                self.filters = self._filters(data)
            except SearchError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return data

    @staticmethod
    def _filters(data: dict[str, Any]) -> Filters:
        return build_filters(
            charge=data.get("charge") or None, kind=data.get("kind") or None, doc_type=data.get("type") or None,
            min_months=data.get("min_months"), max_months=data.get("max_months"),
        )


def _circumstance_choices(charge: str) -> list[tuple[str, Any]]:
    return [(name, CIRCUMSTANCE_LABELS.get(name, name)) for name in sentencing_law.circumstances_for(charge)]


class SentencingForm(forms.Form):
    """The statutory bracket and the evidence-based recommendation for one offence.

    The circumstances offered are those of the chosen charge; a page without script cannot change
    them as the charge changes, so a combination that does not fit is refused beside the field.
    """

    charge = forms.ChoiceField(label=_("Charge"), choices=[(c, c) for c in sentencing_law.CHARGES])
    amount = MoneyFormField(
        label=_("Amount involved (yuan)"), required=False,
        help_text=_("For abuse of power and dereliction of duty: the loss caused."),
    )
    circumstances = forms.MultipleChoiceField(
        label=_("Circumstances"), required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("“%(value)s” does not apply to this charge.")},
    )
    role = forms.ChoiceField(
        label=_("Role in the organization"), required=False,
        choices=[("", "—"), *((r, ROLE_LABELS[r]) for r in reversed(sentencing_law.ROLES))],
        help_text=_("Mafia-type organization (art. 294) only."),
    )
    offence_date = forms.DateField(
        label=_("Offence date"), required=False, widget=DateInput(format="%Y-%m-%d"),
        help_text=_("Picks the version of the law in force then; empty: today's."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.result: Recommendation | None = None
        charge = sentencing_law.CHARGES[0]
        if self.is_bound:
            try:
                charge = sentencing_law.normalise_charge(self.data.get("charge") or "")
            except sentencing_law.UnknownCharge:
                pass  # the charge field says so
            else:
                # Links may name the charge as judgments do (受贿罪, 组织、领导黑社会性质组织).
                self.data = self.data.copy()
                self.data["charge"] = charge
        self.fields["circumstances"].choices = _circumstance_choices(charge)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        charge: str = data["charge"]
        amount: Decimal | None = data.get("amount")
        offence_date: dt.date | None = data.get("offence_date")
        role = data.get("role") or None
        if amount is None and amount_required(charge, offence_date):
            self.add_error("amount", _("The brackets of this charge depend on the amount."))
            return data
        try:
            self.result = sentencing_guidance(
                charge, amount, data.get("circumstances") or (), offence_date=offence_date, role=role
            )
        except sentencing_law.UnknownRole:
            self.add_error("role", _("Choose the role in the organization."))
        except sentencing_law.UnknownCircumstance as exc:
            self.add_error("circumstances", _("“%(name)s” does not apply to %(charge)s.") % {
                "name": exc.circumstance, "charge": exc.charge})
        except sentencing_law.SentencingLawError as exc:
            self.add_error("circumstances", str(exc))
        return data


def amount_required(charge: str, offence_date: dt.date | None = None) -> bool:
    """True when no bracket of the charge can be reached without an amount (贪污, 受贿, 行贿, 挪用公款)."""
    return all(t.amount is not None for t in sentencing_law.rule_for(charge, offence_date).thresholds)


def calculator_url(charge: str, amount: Decimal | None = None, circumstances: Collection[str] = ()) -> str:
    """The calculator, filled in and run (a GET form: the link is the request)."""
    query = QueryDict(mutable=True)
    query["charge"] = charge
    if amount is not None:
        query["amount"] = f"{amount:f}"
    query.setlist("circumstances", list(circumstances))
    return f"{reverse('knowledge:sentencing')}?{query.urlencode()}"
