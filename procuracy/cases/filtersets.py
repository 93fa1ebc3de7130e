"""The filters of the case list: a form, so that a bad value is an error beside its field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from procuracy.cases.choices import ChargeCategory, FieldCode, GangNature, Rank, Source
from procuracy.cases.facets import facet
from procuracy.cases.models import Case, CaseFacet, Charge, ChargeCount, Person
from procuracy.organizations.codes import code_in_scope
from procuracy.organizations.models import Procuratorate
from procuracy.organizations.querysets import filter_scope, scope_lookups
from procuracy.procedure.choices import Stage
from procuracy.procedure.forms import DateInput

if TYPE_CHECKING:
    from procuracy.accounts.models import User

ANY = [("", _("any"))]
YES_NO = [("", _("any")), ("yes", _("yes")), ("no", _("no"))]

# A search naming at most this many cases has them sorted by date once found; one naming more is
# tested case by case, newest first. Among several person or field values, the rarest leads
# (counted up to this many), read newest first from its own index.
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

    def facet_values(self) -> list[str]:
        """The person and field values asked for, as the list's facets (models.CaseFacet)."""
        data = getattr(self, "cleaned_data", {})
        values = [facet(name, data[name]) for name in ("category", "rank", "stage") if data.get(name)]
        if data.get("charge"):
            values.append(facet("charge", data["charge"].pk))
        if data.get("field"):
            values.append(facet("field", data["field"]))
        return values

    def leading_facet(self, values: list[str]) -> str | None:
        """The value whose cases the list reads newest first: the rarest of those asked for
        (each counted only up to RARE + 1 index entries, cheap whatever the value)."""
        if len(values) < 2:
            return values[0] if values else None
        return min(values, key=lambda v: CaseFacet.objects.filter(facet=v).values("pk")[:RARE + 1].count())

    def search_ids(self, query: str) -> list[int] | None:
        """The cases a search names when they are few (at most RARE), else None."""
        found = [next(iter(row.values())) for row in matching_case_ids(query)[:RARE + 1]]
        return found if len(found) <= RARE else None

    @property
    def order(self) -> str:
        """How the filtered list is best read newest first (CaseQuerySet.newest_first)."""
        return getattr(self, "_order", "cases")

    def _facet_conditions(self, value: str) -> dict[str, object]:
        """The leading value's rows within the scope and period asked for, all on one join."""
        data = getattr(self, "cleaned_data", {})
        scope = data["procuratorate"].code if data.get("procuratorate") else self.user.procuratorate_id
        conditions: dict[str, object] = {"facets__facet": value, **scope_lookups(scope, "facets__procuratorate_code")}
        if data.get("received_from"):
            conditions["facets__received_on__gte"] = data["received_from"]
        if data.get("received_to"):
            conditions["facets__received_on__lte"] = data["received_to"]
        return conditions

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
        # Where to start: the few cases a search names, or the cases of the rarest person or
        # field value by date; otherwise every case by date, each tested until a page is full.
        query = (data.get("q") or "").strip()
        facets_asked = self.facet_values()
        few = self.search_ids(query) if query else None
        leading = self.leading_facet(facets_asked) if few is None else None
        if few is not None:
            cases, self._order = cases.filter(pk__in=few), "few"
        elif leading is not None:
            cases, self._order = cases.filter(**self._facet_conditions(leading)), "facet"
        else:
            self._order = "cases"
        if query and few is None:
            cases = cases.filter(pk__in=matching_case_ids(query))
        # Every condition exactly as asked. The leading value's rows are exact for it; the other
        # values are first looked up among the case's facets (one index probe each), and the
        # person values asked together must belong to one person.
        for value in facets_asked:
            if value != leading:
                cases = cases.filter(Exists(CaseFacet.objects.filter(case=OuterRef("pk"), facet=value)))
        person_values = [v for v in facets_asked if not v.startswith("field:")]
        if len(person_values) > 1 or (person_values and person_values[0] != leading):
            persons = Person.objects.filter(case=OuterRef("pk"))
            for name in ("category", "rank", "stage"):
                if data.get(name):
                    persons = persons.filter(**{name: data[name]})
            if data.get("charge"):
                persons = persons.filter(Exists(ChargeCount.objects.filter(person=OuterRef("pk"),
                                                                           charge=data["charge"])))
            cases = cases.filter(Exists(persons))
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
