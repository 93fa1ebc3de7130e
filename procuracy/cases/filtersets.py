"""The filters of the case list: a form, so that a bad value is an error beside its field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from procuracy.cases.choices import ChargeCategory, FieldCode, GangNature, Rank, Source
from procuracy.cases.models import Case, CaseField, Charge, ChargeCount, Person
from procuracy.organizations.codes import code_in_scope
from procuracy.organizations.models import Procuratorate
from procuracy.organizations.querysets import filter_scope
from procuracy.procedure.choices import Stage
from procuracy.procedure.forms import DateInput

if TYPE_CHECKING:
    from procuracy.accounts.models import User

ANY = [("", _("any"))]
YES_NO = [("", _("any")), ("yes", _("yes")), ("no", _("no"))]

# A person or field value at most this frequent (in the whole country) is looked up in its own
# index first: its few cases are then sorted by date. A commoner one is found by reading the
# cases newest first until a page is full, a few cases per match; the rare one would have the
# list read years of cases for a page, or all of them for a value no case has.
RARE = 3000


class CaseFilterSet(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, min_length=2, max_length=100,
                        help_text=_("a case ID, or the beginning of a title or of a person's name"))
    procuratorate = forms.CharField(label=_("Procuratorate code"), required=False, max_length=12)
    source = forms.ChoiceField(label=_("Source"), required=False, choices=ANY + list(Source.choices))
    charge = forms.CharField(label=_("Charge"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Category"), required=False, choices=ANY + list(ChargeCategory.choices))
    rank = forms.ChoiceField(label=_("Rank"), required=False, choices=ANY + list(Rank.choices))
    field = forms.ChoiceField(label=_("Field"), required=False, choices=ANY + list(FieldCode.choices))
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=ANY + list(Stage.choices))
    received_from = forms.DateField(label=_("Received from"), required=False,
                                    widget=DateInput)
    received_to = forms.DateField(label=_("Received to"), required=False,
                                  widget=DateInput)
    gang = forms.ChoiceField(label=_("Gang nature"), required=False,
                             choices=[("", _("any")), ("any_gang", _("any gang nature")), *GangNature.choices,
                                      ("none", _("none"))])
    listed = forms.ChoiceField(label=_("Listed for supervision"), required=False, choices=YES_NO)

    def __init__(self, *args, user: User, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_procuratorate(self) -> Procuratorate | None:
        code = self.cleaned_data["procuratorate"].strip()
        if not code:
            return None
        found = Procuratorate.objects.filter(code=code).first()
        if found is None or not code_in_scope(found.code, self.user.procuratorate_id):
            raise forms.ValidationError(_("no procuratorate %(code)s in your jurisdiction") % {"code": code})
        return found

    def clean_charge(self) -> Charge | None:
        name = self.cleaned_data["charge"].strip()
        if not name:
            return None
        charge = Charge.objects.filter(name=name).first()
        if charge is None:
            raise forms.ValidationError(_("unknown charge “%(name)s”") % {"name": name})
        return charge

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", _("the end of the period is before its start"))
        return data

    # Filters on the persons or fields of a case: matching them means looking into other tables
    # case by case, so the list counts only as far as the page shown (see CappedPaginator).
    DEEP_FILTERS = ("category", "rank", "stage", "charge", "field", "q")

    @property
    def is_deep(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in self.DEEP_FILTERS)

    def rare_case_ids(self) -> list[int] | None:
        """The cases a rare person or field value names (a superset of the filtered list, which
        applies every condition on top), or None when every such value is common."""
        data = getattr(self, "cleaned_data", {})
        probes: list[tuple[QuerySet, str]] = [
            (Person.objects.filter(**{name: data[name]}), "case_id")
            for name in ("category", "rank", "stage") if data.get(name)
        ]
        if data.get("charge"):
            probes.append((ChargeCount.objects.filter(charge=data["charge"]), "person__case_id"))
        if data.get("field"):
            probes.append((CaseField.objects.filter(field=data["field"]), "case_id"))
        for rows, case_column in probes:
            # Counting stops after RARE + 1 index entries: cheap whatever the value.
            if rows.order_by().values("pk")[:RARE + 1].count() <= RARE:
                return sorted(set(rows.order_by().values_list(case_column, flat=True)))
        return None

    @property
    def is_rare(self) -> bool:
        """Whether the list is best sorted from the set of cases a rare value names."""
        return getattr(self, "_rare", False)

    def filter(self, cases: QuerySet[Case]) -> QuerySet[Case]:
        """Apply the valid filters; call after is_valid() (invalid fields are left out)."""
        data = getattr(self, "cleaned_data", {})
        if data.get("procuratorate"):
            cases = filter_scope(cases, data["procuratorate"].code)
        if data.get("source"):
            cases = cases.filter(source=data["source"])
        if data.get("received_from"):
            cases = cases.filter(received_on__gte=data["received_from"])
        if data.get("received_to"):
            cases = cases.filter(received_on__lte=data["received_to"])
        gang = data.get("gang")
        if gang == "any_gang":
            cases = cases.exclude(gang_nature="")
        elif gang == "none":
            cases = cases.filter(gang_nature="")
        elif gang:
            cases = cases.filter(gang_nature=gang)
        if data.get("listed") == "yes":
            cases = cases.filter(supervision_listed_on__isnull=False, supervision_delisted_on__isnull=True)
        elif data.get("listed") == "no":
            cases = cases.filter(Q(supervision_listed_on__isnull=True) | Q(supervision_delisted_on__isnull=False))
        rare = self.rare_case_ids()
        self._rare = rare is not None
        if rare is not None:
            cases = cases.filter(pk__in=rare)
        if data.get("field"):
            cases = cases.filter(Exists(CaseField.objects.filter(case=OuterRef("pk"), field=data["field"])))
        persons = Person.objects.filter(case=OuterRef("pk"))
        person_filtered = False
        for name in ("category", "rank", "stage"):
            if data.get(name):
                persons = persons.filter(**{name: data[name]})
                person_filtered = True
        if data.get("charge"):
            persons = persons.filter(Exists(ChargeCount.objects.filter(person=OuterRef("pk"), charge=data["charge"])))
            person_filtered = True
        if person_filtered:
            cases = cases.filter(Exists(persons))
        query = (data.get("q") or "").strip()
        if query:
            cases = cases.filter(pk__in=matching_case_ids(query))
        return cases


def matching_case_ids(query: str) -> QuerySet:
    """Cases whose ID is the query, or whose title or one of whose persons' names begins with it.

    Each part is a range over an index (the names and titles are compared as strings, the range
    ending below the highest code point), so that a name is found among a million persons at
    once instead of by reading every row.
    """
    high = query + "\U0010ffff"
    return (
        Person.objects.order_by().filter(name__gte=query, name__lt=high).values("case_id")
        .union(Case.objects.order_by().filter(title__gte=query, title__lt=high).values("id"),
               Case.objects.order_by().filter(case_id=query).values("id"))
    )
