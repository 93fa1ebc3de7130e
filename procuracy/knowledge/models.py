"""The case database: real judgments, the SPP's guiding cases, and the index that searches them.

Every field of the source records is kept (``extra`` holds fields a newer source adds), beside
what the import derives from them: the charges mapped to the charge catalogue (the raw labels
stay in ``charges_raw``), the amount involved read from the text, its statutory bracket under the
rules in force today, and the sentencing circumstances the text states.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from procuracy.cases.models import Charge
from procuracy.core.money import MoneyField
from procuracy.knowledge.choices import GuidingTopic, JudgmentKind


class Judgment(models.Model):
    judgment_id = models.CharField(_("judgment ID"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=JudgmentKind.choices)
    charges_raw = models.JSONField(_("charges as labelled"), default=list)
    fact = models.TextField(_("facts"), blank=True)
    full_text = models.TextField(_("full text"), blank=True)  # "" where the source has none
    term_months = models.PositiveIntegerField(_("fixed-term imprisonment (months)"), null=True, blank=True)
    life_imprisonment = models.BooleanField(_("life imprisonment"), default=False)
    death_penalty = models.BooleanField(_("death penalty"), default=False)
    # The record gave no sentence: the one above was read from the judgment's operative part.
    sentence_from_text = models.BooleanField(_("sentence read from the judgment's text"), default=False)
    fine_yuan = MoneyField(_("fine (yuan)"), null=True, blank=True)
    articles = models.JSONField(_("articles applied"), default=list)
    source = models.CharField(_("source"), max_length=400, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    # Derived at import.
    charges = models.ManyToManyField(
        Charge, through="JudgmentCharge", related_name="+", verbose_name=_("charges")
    )
    unmapped_charges = models.JSONField(_("labels that name no charge"), default=list)
    amount_yuan = MoneyField(_("amount involved (yuan)"), null=True, blank=True)
    amount_charge = models.CharField(_("charge of the amount"), max_length=100, blank=True)
    tier = models.PositiveSmallIntegerField(_("statutory bracket"), null=True, blank=True)
    statutory_months_min = models.PositiveSmallIntegerField(_("statutory minimum (months)"), null=True, blank=True)
    statutory_months_max = models.PositiveSmallIntegerField(_("statutory maximum (months)"), null=True, blank=True)
    statutory_life = models.BooleanField(_("life imprisonment possible"), null=True, blank=True)
    circumstances = models.JSONField(_("circumstances stated"), default=list)
    digest = models.CharField(max_length=64)  # of the source record: an identical re-import changes nothing
    text_digest = models.CharField(max_length=16)  # of the indexed text: its word counts can be reused

    class Meta:
        ordering = ["judgment_id"]
        verbose_name = _("judgment")
        verbose_name_plural = _("judgments")
        indexes = [models.Index(fields=["kind", "judgment_id"]), models.Index(fields=["amount_charge", "tier"])]

    def __str__(self) -> str:
        return self.judgment_id

    def get_absolute_url(self) -> str:
        try:
            return reverse("knowledge:judgment", kwargs={"judgment_id": self.judgment_id})
        except NoReverseMatch:
            return ""


class JudgmentCharge(models.Model):
    """A charge of a judgment, mapped to the catalogue (the labels as read stay in ``charges_raw``)."""

    judgment = models.ForeignKey(Judgment, on_delete=models.CASCADE, related_name="charge_rows")
    charge = models.ForeignKey(Charge, on_delete=models.PROTECT, related_name="+", verbose_name=_("charge"))
    seq = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["judgment", "seq"]
        constraints = [models.UniqueConstraint(fields=["judgment", "charge"], name="judgment_charge_unique")]
        indexes = [models.Index(fields=["charge", "judgment"])]

    def __str__(self) -> str:
        return f"{self.judgment_id} {self.charge_id}"


class GuidingCase(models.Model):
    """A guiding case of the Supreme People's Procuratorate (检察指导性案例)."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    seq = models.PositiveIntegerField(_("sequence"))
    title = models.CharField(_("title"), max_length=300)
    batch = models.PositiveIntegerField(_("batch"), null=True, blank=True)
    issued = models.DateField(_("issued"), null=True, blank=True)
    keywords = models.JSONField(_("keywords"), default=list)
    gist = models.TextField(_("gist"), blank=True)
    facts = models.TextField(_("facts"), blank=True)
    process = models.TextField(_("process"), blank=True)
    process_heading = models.JSONField(_("process heading"), default=list)
    significance = models.TextField(_("guiding significance"), blank=True)  # "" where the source has none
    laws = models.TextField(_("related provisions"), blank=True)
    charges_raw = models.JSONField(_("charges named"), default=list)
    topic = models.CharField(_("topic"), max_length=20, choices=GuidingTopic.choices)
    subtopics = models.JSONField(_("further topics"), default=list)
    credits = models.TextField(_("credits"), blank=True)
    decided = models.CharField(_("adopted by"), max_length=300, blank=True)
    page_date = models.DateField(_("date of the copy"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=400, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    charges = models.ManyToManyField(
        Charge, through="GuidingCaseCharge", related_name="+", verbose_name=_("charges")
    )
    unmapped_charges = models.JSONField(_("labels that name no charge"), default=list)
    amount_yuan = MoneyField(_("amount involved (yuan)"), null=True, blank=True)
    amount_charge = models.CharField(_("charge of the amount"), max_length=100, blank=True)
    tier = models.PositiveSmallIntegerField(_("statutory bracket"), null=True, blank=True)
    circumstances = models.JSONField(_("circumstances stated"), default=list)
    digest = models.CharField(max_length=64)
    text_digest = models.CharField(max_length=16)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("guiding case")
        verbose_name_plural = _("guiding cases")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        try:
            return reverse("knowledge:guiding-case", kwargs={"number": self.number})
        except NoReverseMatch:
            return ""


class GuidingCaseCharge(models.Model):
    guiding_case = models.ForeignKey(GuidingCase, on_delete=models.CASCADE, related_name="charge_rows")
    charge = models.ForeignKey(Charge, on_delete=models.PROTECT, related_name="+", verbose_name=_("charge"))
    seq = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["guiding_case", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["guiding_case", "charge"], name="guiding_case_charge_unique")
        ]

    def __str__(self) -> str:
        return f"{self.guiding_case_id} {self.charge_id}"


class SearchIndex(models.Model):
    """The serialized search index of all judgments and guiding cases (see ``index.py``).

    Stored with the rows it describes, so that an import replaces both in one transaction and
    every process loads the same index, on SQLite and PostgreSQL alike.
    """

    name = models.CharField(max_length=40, unique=True, default="corpus")
    digest = models.CharField(max_length=64)
    built = models.DateTimeField(_("built"))
    documents = models.PositiveIntegerField(_("documents"))
    tokenizer = models.CharField(max_length=100)
    data = models.BinaryField()

    class Meta:
        verbose_name = _("search index")
        verbose_name_plural = _("search indexes")

    def __str__(self) -> str:
        return f"{self.name} ({self.documents})"


class CorpusImport(models.Model):
    """One import of judgments or guiding cases: who, when, which files, and what changed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started = models.DateTimeField(_("started"))
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    files = models.JSONField(_("files"), default=list)
    counts = models.JSONField(_("counts"), default=dict)

    class Meta:
        ordering = ["-started"]
        verbose_name = _("case database import")
        verbose_name_plural = _("case database imports")

    def __str__(self) -> str:
        return ", ".join(f["name"] for f in self.files)
