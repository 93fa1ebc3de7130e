from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from procuracy.cases.choices import (
    ChargeCategory,
    FieldCode,
    GangNature,
    Gender,
    PersonStatus,
    Rank,
    Relation,
    Source,
)
from procuracy.cases.querysets import CaseQuerySet
from procuracy.core.fields import CodePointCharField
from procuracy.core.money import MoneyField
from procuracy.procedure.choices import Stage


class Charge(models.Model):
    """An official charge name (罪名) of the Criminal Law, with where it comes from."""

    name = models.CharField(_("charge"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    article = models.CharField(_("article"), max_length=20)
    chapter = models.PositiveSmallIntegerField(_("chapter"))
    category = models.CharField(_("category"), max_length=30, choices=ChargeCategory.choices)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("superseded by"),
    )

    class Meta:
        ordering = ["chapter", "article", "name"]
        verbose_name = _("charge")
        verbose_name_plural = _("charges")

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    case_id = models.CharField(_("case ID"), max_length=100, unique=True)
    source = models.CharField(_("source"), max_length=30, choices=Source.choices)
    transferring_organ = models.CharField(_("transferring organ"), max_length=200, blank=True)
    # Indexed by (procuratorate, received_on) below.
    procuratorate = models.ForeignKey(
        "organizations.Procuratorate", on_delete=models.PROTECT, related_name="cases",
        verbose_name=_("procuratorate"), db_index=False,
    )
    received_on = models.DateField(_("received on"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    early_intervention_on = models.DateField(_("early involvement on"), null=True, blank=True)
    gang_nature = models.CharField(
        _("gang nature"), max_length=20, choices=GangNature.choices, blank=True
    )
    enterprise_involved = models.BooleanField(_("enterprise involved"), null=True, blank=True)
    supervision_listed_by = models.ForeignKey(
        "organizations.Procuratorate", on_delete=models.PROTECT, null=True, blank=True,
        related_name="listed_cases", verbose_name=_("listed for supervision by"), db_index=False,
    )
    supervision_listed_on = models.DateField(_("listed on"), null=True, blank=True)
    supervision_delisted_on = models.DateField(_("delisted on"), null=True, blank=True)
    # Fields a sender added beyond version 1 of the package, kept so an export loses nothing.
    extra = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_updated = models.DateTimeField(_("last updated"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "case_id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["procuratorate", "received_on"]),
            models.Index(fields=["source", "received_on"]),
            models.Index(fields=["supervision_listed_on"]),
            # The case list's order (newest first), walked backwards page by page.
            models.Index(fields=["received_on", "id"], name="case_received_order"),
            # Cases with early involvement, counted by the duty-crime report from the index alone.
            models.Index(fields=["source", "early_intervention_on", "procuratorate"], name="case_early_intervention"),
            # The few listed cases by who listed them (the code compared as a whole: no pattern index).
            models.Index(fields=["supervision_listed_by"], condition=models.Q(supervision_listed_by__isnull=False),
                         name="case_listed_by"),
        ]

    def __str__(self) -> str:
        return self.title or self.case_id

    def get_absolute_url(self) -> str:
        return reverse("web:case-detail", kwargs={"case_id": self.case_id})

    @property
    def is_duty_crime(self) -> bool:
        return self.source == Source.SUPERVISORY_COMMISSION

    @property
    def is_gang(self) -> bool:
        return bool(self.gang_nature)


class CaseField(models.Model):
    # Here and below, the unique constraint that starts with the case is the case's index.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="field_rows", db_index=False)
    field = models.CharField(_("field"), max_length=30, choices=FieldCode.choices)
    seq = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["case", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "field"], name="case_field_unique")]
        indexes = [models.Index(fields=["field", "case"])]

    def __str__(self) -> str:
        return self.field


class RelatedCase(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="relations")
    # The other case by its id: it may be handled elsewhere and not (yet) be in this database.
    target_case_id = models.CharField(_("related case"), max_length=100)
    relation = models.CharField(_("relation"), max_length=30, choices=Relation.choices)
    seq = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["case", "seq"]
        # Looked up by the whole id, never by pattern.
        indexes = [models.Index(fields=["target_case_id"], name="related_target")]

    def __str__(self) -> str:
        return f"{self.relation} {self.target_case_id}"


class Person(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="persons", db_index=False)
    person_id = models.CharField(_("person ID"), max_length=100)
    seq = models.PositiveIntegerField(default=0)
    name = models.CharField(_("name"), max_length=100)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    rank = models.CharField(_("rank"), max_length=30, choices=Rank.choices)
    position = models.CharField(_("position"), max_length=200, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PersonStatus.choices, default=PersonStatus.PRESENT)
    # Derived from the charges when they are written, for lists and statistics.
    # A copy of the first charge count's charge (constrained there).
    principal_charge = models.ForeignKey(
        Charge, on_delete=models.PROTECT, related_name="+", verbose_name=_("principal charge"), db_constraint=False
    )
    category = models.CharField(_("category"), max_length=30, choices=ChargeCategory.choices)
    total_amount = MoneyField(_("total amount (yuan)"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.RECEIVED)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["case", "seq"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [models.UniqueConstraint(fields=["case", "person_id"], name="person_unique_in_case")]
        indexes = [
            models.Index(fields=["stage"], name="person_stage"),
            # The largest amount among the persons of a report is found from the top down.
            models.Index(fields=["total_amount"], condition=models.Q(total_amount__isnull=False),
                         name="person_total_amount"),
        ]

    def __str__(self) -> str:
        return self.name


class ChargeCount(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="charge_counts")
    # The catalogue is reference data that only grows (rows are never deleted: PROTECT), and
    # every write checks the name against it; a per-row database check would cost imports
    # a fifth of their time at national scale.
    charge = models.ForeignKey(
        Charge, on_delete=models.PROTECT, related_name="counts", verbose_name=_("charge"), db_constraint=False
    )
    seq = models.PositiveSmallIntegerField(default=0)
    amount = MoneyField(_("amount (yuan)"), null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["person", "seq"]
        verbose_name = _("charge count")
        verbose_name_plural = _("charge counts")

    def __str__(self) -> str:
        return f"{self.charge_id}"


class Victim(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="victims", db_index=False)
    victim_id = models.CharField(_("victim ID"), max_length=100)
    seq = models.PositiveIntegerField(default=0)
    name = models.CharField(_("name"), max_length=100)
    identified_on = models.DateField(_("identified on"))
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    relief_decided_on = models.DateField(_("judicial relief decided on"), null=True, blank=True)
    relief_amount = MoneyField(_("judicial relief (yuan)"), null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["case", "seq"]
        verbose_name = _("victim")
        verbose_name_plural = _("victims")
        constraints = [models.UniqueConstraint(fields=["case", "victim_id"], name="victim_unique_in_case")]

    def __str__(self) -> str:
        return self.name


class Recommendation(models.Model):
    """A procuratorial recommendation (检察建议); the recipient replies within two months."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recommendations", db_index=False)
    recommendation_id = models.CharField(_("recommendation ID"), max_length=100)
    seq = models.PositiveIntegerField(default=0)
    issued_on = models.DateField(_("issued on"))
    recipient = models.CharField(_("recipient"), max_length=200)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    adopted = models.BooleanField(_("adopted"), null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["case", "seq"]
        verbose_name = _("procuratorial recommendation")
        verbose_name_plural = _("procuratorial recommendations")
        constraints = [
            models.UniqueConstraint(fields=["case", "recommendation_id"], name="recommendation_unique_in_case")
        ]
        indexes = [models.Index(fields=["issued_on"])]

    def __str__(self) -> str:
        return f"{self.recipient} {self.issued_on}"


class CaseFacet(models.Model):
    """One value the case list filters a case by (a rank, category, stage or charge of one of its
    persons, one of its fields, or a pair of adjacent characters of its title or of a person's
    name, which the search looks up), with the case's date and procuratorate.

    Derived, never entered: written with the case (cases.writer) and when a person's stage
    changes (procedure.actions), rebuilt by `facets.rebuild_facets`. The list reads the cases of
    a value newest first from one index, however rare the value and whatever else is asked,
    instead of testing case after case until a page is full.
    """

    # Derived rows, written only beside their case and removed with it: a database check of the
    # key per row would double the cost of deriving them for a national load.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="facets", db_index=False,
                             db_constraint=False)
    facet = CodePointCharField(_("facet"), max_length=60)  # "rank:county_division", "charge:12", "text:受贿", …
    received_on = models.DateField(_("received on"))
    procuratorate_code = CodePointCharField(_("procuratorate code"), max_length=12)

    class Meta:
        indexes = [
            # A case's values (one row each, written so); removed with the case.
            models.Index(fields=["case", "facet"], name="case_facet_case"),
            # Newest first, the country or a province (the code read from the index alone).
            models.Index(fields=["facet", "received_on", "case"], include=["procuratorate_code"],
                         name="case_facet_newest"),
            # A city's or a district's cases of the value, then sorted.
            models.Index(fields=["facet", "procuratorate_code", "received_on", "case"], name="case_facet_scope"),
        ]

    def __str__(self) -> str:
        return self.facet
