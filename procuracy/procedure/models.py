from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from procuracy.cases.choices import ChargeCategory, Rank
from procuracy.core.money import MoneyField
from procuracy.procedure.choices import ApprovalKind, ApprovalStatus, EventType, NonProsecutionKind


class Event(models.Model):
    """One step of a person's procedure, in the order it happened.

    Besides its own fields an event carries copies of the facts the statistics group by
    (handling procuratorate, universe and fields of the case, rank, category and principal
    charge of the person), so that each figure family is one indexed aggregate over this table.
    Actions keep them in step: they are written with the event, and a case that changes is
    written anew.
    """

    # A copy of person.case, kept for one-join reads; the person's key is the constraint.
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="events", db_constraint=False)
    # Indexed by (person, seq) below, which also serves lookups by person alone. Events are
    # written only with their person (same action, same transaction) and deleted before it,
    # and the ORM cascades; a database check per event would take a WAL-logged lock on the
    # person row five times per person, a sixth of the time of a national-scale import.
    person = models.ForeignKey(
        "cases.Person", on_delete=models.CASCADE, related_name="events", db_index=False, db_constraint=False
    )
    seq = models.PositiveSmallIntegerField(default=0)
    type = models.CharField(_("event"), max_length=30, choices=EventType.choices)
    date = models.DateField(_("date"))
    in_absentia = models.BooleanField(_("in absentia"), null=True, blank=True)
    kind = models.CharField(
        _("kind of non-prosecution"), max_length=20, choices=NonProsecutionKind.choices, blank=True
    )
    approved_by = models.ForeignKey(
        "organizations.Procuratorate", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("approved by"), db_index=False,
        # Checked against the procuratorate list by every write, like the catalogue references.
        db_constraint=False,
    )
    amount = MoneyField(_("amount (yuan)"), null=True, blank=True)
    # The sentencing recommendation of `prosecuted`, or the sentence of `judgment`.
    sentence = models.JSONField(_("sentence"), null=True, blank=True)
    recommendation_adopted = models.BooleanField(_("recommendation adopted"), null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    # Copies of facts of the case and person (constrained there), written by the same actions.
    procuratorate = models.ForeignKey(
        "organizations.Procuratorate", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
        db_index=False,
    )
    duty = models.BooleanField(default=False)
    gang = models.BooleanField(default=False)
    rank = models.CharField(max_length=30, choices=Rank.choices)
    category = models.CharField(max_length=30, choices=ChargeCategory.choices)
    principal_charge = models.ForeignKey(
        "cases.Charge", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False,
    )
    # The fields of the case, one bit each (cases.choices.FIELD_BITS).
    fields = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["person", "seq"]
        verbose_name = _("procedural event")
        verbose_name_plural = _("procedural events")
        indexes = [
            # The reports read events of one universe (duty crimes, gang crimes) only through
            # these partial indexes, which hold every column their queries use, so the table
            # itself is never read (procuracy/statistics/queries.py says how each is used). The
            # universe's own flag is the last column: SQLite reads the table for a column of the
            # index's condition that the index does not hold, and the queries name it.
            # Duty crimes by day: events per day, rank and category, and per field and charge.
            models.Index(
                fields=["type", "date", "rank", "category", "procuratorate", "person", "case", "in_absentia",
                        "recommendation_adopted", "amount", "fields", "principal_charge", "duty"],
                condition=models.Q(duty=True), name="event_duty_by_day",
            ),
            # Duty crimes by person: distinct persons per procuratorate, counted in index order.
            models.Index(fields=["type", "procuratorate", "person", "date", "duty"], condition=models.Q(duty=True),
                         name="event_duty_by_person"),
            # Gang crimes: distinct persons per case, and events per day.
            models.Index(fields=["type", "date", "procuratorate", "case", "person", "gang"],
                         condition=models.Q(gang=True), name="event_gang_by_day"),
            models.Index(fields=["person", "seq"], name="event_person_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.date}"


class HolidaySchedule(models.Model):
    """A year's official schedule of holidays and make-up working days, loaded by an administrator
    for a year the shipped calendar does not hold yet (the State Council publishes it late in the
    year before)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    holidays = models.JSONField(_("holidays"), default=list)
    workdays = models.JSONField(_("make-up working days"), default=list)
    source = models.CharField(_("source"), max_length=300)
    loaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    loaded = models.DateTimeField(_("loaded"))

    class Meta:
        ordering = ["year"]
        verbose_name = _("holiday schedule")
        verbose_name_plural = _("holiday schedules")

    def __str__(self) -> str:
        return str(self.year)


class ApprovalRequest(models.Model):
    """A request to the procuratorate one level up (or the SPP) to approve not prosecuting a person."""

    person = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="approval_requests")
    kind = models.CharField(_("kind"), max_length=20, choices=ApprovalKind.choices)
    proposed_kind = models.CharField(_("kind of non-prosecution"), max_length=20, choices=NonProsecutionKind.choices)
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    requested = models.DateTimeField(_("requested"))
    approver = models.ForeignKey("organizations.Procuratorate", on_delete=models.PROTECT, related_name="approvals",
                                 verbose_name=_("approving procuratorate"))
    status = models.CharField(_("status"), max_length=10, choices=ApprovalStatus.choices,
                              default=ApprovalStatus.PENDING, db_index=True)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-requested"]
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.person}"


class SupervisionNote(models.Model):
    """Progress of a case listed for supervision (挂牌督办), noted by the supervising procuratorate."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="supervision_notes")
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    written = models.DateTimeField(_("written"))
    text = models.TextField(_("progress"))

    class Meta:
        ordering = ["-written"]
        verbose_name = _("supervision note")
        verbose_name_plural = _("supervision notes")

    def __str__(self) -> str:
        return self.text[:50]
