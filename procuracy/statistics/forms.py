"""The parameters of a report page and of its downloads: which report, which period, which scope.

The query string uses the names of the command line and of the JSON output (``report``, ``from``,
``to``, ``scope``), so a dashboard address reads like the command that gives the same figures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from procuracy.organizations.codes import SPP_CODE, code_in_scope
from procuracy.organizations.models import Procuratorate
from procuracy.organizations.querysets import filter_scope
from procuracy.statistics.definitions import DUTY_CRIME, REPORTS, TITLES
from procuracy.statistics.render.common import normalize_lang, pick

# A month breakdown has one row per month of the period: a period of centuries (a mistyped
# year) would make a page of thousands of rows and gain nobody anything.
MAX_YEARS = 20

DOWNLOAD_FORMATS = (("xlsx", "XLSX"), ("pdf", "PDF"))


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The current year to date, on the procuratorate's clock."""
    today = today or timezone.localdate()
    return dt.date(today.year, 1, 1), today


def default_parameters(user: Any) -> dict[str, str]:
    start, end = default_period()
    return {"report": DUTY_CRIME, "from": start.isoformat(), "to": end.isoformat(), "scope": user.procuratorate_id}


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date of the form YYYY-MM-DD.")},
    )


class ReportForm(forms.Form):
    """A report over a period and a scope inside the user's jurisdiction.

    A scope outside the jurisdiction gets the same message as a code that names no procuratorate,
    so the form does not tell which codes exist elsewhere.
    """

    def __init__(self, data: Any, *, user: Any) -> None:
        super().__init__(data)
        self.user = user
        self.scope_org: Procuratorate | None = None
        lang = normalize_lang(get_language())
        # "from" is a Python keyword, so the fields are set here rather than declared on the class.
        self.fields["report"] = forms.ChoiceField(
            label=_("Report"), choices=[(name, pick(lang, *TITLES[name])) for name in REPORTS])
        self.fields["from"] = _date_field(_("From"))
        self.fields["to"] = _date_field(_("To"))
        self.fields["scope"] = forms.CharField(
            label=_("Scope"), max_length=6,
            help_text=_("Code of a procuratorate in your jurisdiction; the report covers it and those below it."),
            widget=forms.TextInput(attrs={"list": "scope-options", "size": 8, "autocomplete": "off"}),
        )

    def clean_scope(self) -> str:
        code = self.cleaned_data["scope"].strip()
        if code.upper() == SPP_CODE:
            code = SPP_CODE
        org = None
        if code_in_scope(code, self.user.procuratorate_id):
            org = Procuratorate.objects.filter(code=code).first()
        if org is None:
            raise forms.ValidationError(
                _("No procuratorate with code “%(code)s” lies within your jurisdiction."),
                code="scope", params={"code": code})
        self.scope_org = org
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end:
            if end < start:
                self.add_error("to", forms.ValidationError(
                    _("The period must not end before it starts."), code="order"))
            elif end.year - start.year >= MAX_YEARS:
                self.add_error("to", forms.ValidationError(
                    _("A period may span at most %(years)d years."), code="too_long", params={"years": MAX_YEARS}))
        return data

    def parameters(self) -> dict[str, str]:
        """The cleaned parameters as a query string takes them (for the download links)."""
        data = self.cleaned_data
        return {"report": data["report"], "from": data["from"].isoformat(), "to": data["to"].isoformat(),
                "scope": data["scope"]}


class ReportDownloadForm(ReportForm):
    def __init__(self, data: Any, *, user: Any) -> None:
        super().__init__(data, user=user)
        # Hidden: the download links set it, and the page shown again on an error is the dashboard's form.
        self.fields["format"] = forms.ChoiceField(label=_("Format"), choices=DOWNLOAD_FORMATS,
                                                  widget=forms.HiddenInput)


def scope_options(user: Any) -> list[Procuratorate]:
    """Suggestions for the scope field: the user's procuratorate and the two levels below it.

    Deeper procuratorates (a county under a province, every county of the country for the
    Supreme People's Procuratorate) are typed by code; listing all of them would send thousands
    of options with every page.
    """
    own = user.procuratorate
    below = filter_scope(Procuratorate.objects.filter(level__lte=own.level + 2), own.code, field="code")
    # The user's own procuratorate first, then the others in code order, which keeps each under its parent.
    return sorted(below.only("code", "name"), key=lambda org: (org.code != own.code, org.code))
