"""The filters of the case list: a form, so that a bad value is an error beside its field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from procuracy.cases.choices import ChargeCategory, FieldCode, GangNature, Rank, Source
from procuracy.cases.facets import facet, fold, word_facets
from procuracy.cases.models import Case, CaseFacet, Charge, ChargeCount, Person
from procuracy.cases.querysets import Probe
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
# The pairs of characters of a search looked up in the index at most (the words are compared whole).
MAX_TEXT_FACETS = 8


class CaseFilterSet(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, min_length=2, max_length=100,
                        help_text=_("a case ID or its beginning, or words of a title or of a person's name"))
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
        self.words: list[str] = []  # the words searched for in titles and names, once filtered

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

    def clean_q(self) -> str:
        query = " ".join(self.cleaned_data["q"].split())
        if query and not any(len(word) >= 2 for word in query.split()):
            raise forms.ValidationError(_("a word of at least two characters is needed"))
        return query

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

    def cases_by_id(self, cases: QuerySet[Case], query: str) -> tuple[dict[str, str], list[int]] | None:
        """A search for case IDs: the lookups of the IDs that begin with the query and, when they
        are few (at most RARE), those cases; None if no case of the list has such an ID."""
        if " " in query:
            return None
        lookups = {"case_id__gte": query, "case_id__lt": query + "\U0010ffff"}
        found = list(cases.filter(**lookups).values_list("pk", flat=True)[:RARE + 1])
        return (lookups, found) if found else None

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
        # Where to start: the cases whose IDs a search names, when few; or the cases of the rarest
        # person, field or text value by date; otherwise every case by date, each tested until a
        # page is full.
        query = data.get("q") or ""
        by_id = self.cases_by_id(cases, query) if query else None
        words = self.words = list(dict.fromkeys(fold(word) for word in query.split())) if by_id is None else []
        facets_asked = self.facet_values()
        texts = list(dict.fromkeys(v for word in words for v in word_facets(word)))[:MAX_TEXT_FACETS]
        leading = None
        if by_id is not None:
            lookups, found = by_id
            if len(found) <= RARE:
                cases, self._order = cases.filter(pk__in=found), "few"
            else:
                cases, self._order = cases.filter(**lookups), "cases"
        elif (leading := self.leading_facet(facets_asked + texts)) is not None:
            cases, self._order = cases.filter(**self._facet_conditions(leading)), "facet"
        else:
            self._order = "cases"
        # Every condition exactly as asked. The leading value's rows are exact for it; the other
        # values are first looked up among the case's facets (one index probe each), and the
        # person values asked together must belong to one person.
        for value in facets_asked + texts:
            if value != leading:
                cases = cases.filter(Probe(CaseFacet.objects.filter(case=OuterRef("pk"), facet=value)))
        # A case holding a word's pairs may hold them apart: the word itself is in its title or
        # in one person's name.
        for word in words:
            cases = cases.filter(Q(title__icontains=word) | Probe(
                Person.objects.filter(case=OuterRef("pk"), name__icontains=word)))
        person_values = [v for v in facets_asked if not v.startswith("field:")]
        if len(person_values) > 1 or (person_values and person_values[0] != leading):
            persons = Person.objects.filter(case=OuterRef("pk"))
            for name in ("category", "rank", "stage"):
                if data.get(name):
                    persons = persons.filter(**{name: data[name]})
            if data.get("charge"):
                persons = persons.filter(Exists(ChargeCount.objects.filter(person=OuterRef("pk"),
                                                                           charge=data["charge"])))
            cases = cases.filter(Probe(persons))
        return cases
