from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from procuracy.core.commands import ProcuracyCommand
from procuracy.core.money import MoneyError, parse_money
from procuracy.knowledge import sentencing_law
from procuracy.knowledge.amounts import parse_amount
from procuracy.knowledge.output import sentencing_document
from procuracy.knowledge.queries import sentencing_guidance


class Command(ProcuracyCommand):
    help = (
        "Statutory bracket, range, fine range and legal basis for a duty crime or art. 294, with a "
        "recommendation from the sentences of similar real judgments."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--charge", required=True,
                            help=" | ".join(sentencing_law.CHARGES))
        parser.add_argument("--amount", default=None, metavar="YUAN",
                            help="the amount involved in yuan (53900, 5万); for 滥用职权 and 玩忽职守 the loss caused")
        parser.add_argument("--circumstance", action="append", default=[], metavar="NAME",
                            help="a circumstance (repeatable): e.g. special_funds, surrender, restitution")
        parser.add_argument("--offence-date", default=None, metavar="YYYY-MM-DD",
                            help="picks the version of the law in force then (default: today's)")
        parser.add_argument("--role", default=None, choices=sentencing_law.ROLES,
                            help="art. 294 only: leader, active or member")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        amount = self._amount(options["amount"])
        offence_date = self._date(options["offence_date"])
        try:
            result = sentencing_guidance(options["charge"], amount, options["circumstance"],
                                         offence_date=offence_date, role=options["role"])
        except sentencing_law.UnknownCharge as exc:
            raise CommandError(_("unknown charge “%(charge)s”; the sentencing rules cover: %(known)s") % {
                "charge": exc.charge, "known": ", ".join(sentencing_law.CHARGES)}, returncode=1) from exc
        except sentencing_law.UnknownCircumstance as exc:
            raise CommandError(_("unknown circumstance “%(name)s” for %(charge)s; valid: %(valid)s") % {
                "name": exc.circumstance, "charge": exc.charge, "valid": ", ".join(exc.valid)},
                returncode=1) from exc
        except sentencing_law.SentencingLawError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        document = sentencing_document(result, amount)
        if options["format"] == "json":
            self.emit_json(document)
            return
        self._print(document, result.notes)

    @staticmethod
    def _amount(raw: str | None) -> Decimal | None:
        if raw is None:
            return None
        try:
            return parse_money(raw)
        except MoneyError:
            value = parse_amount(raw)
            if value is None:
                raise CommandError(_("“%(value)s” is not an amount of yuan") % {"value": raw}, returncode=1) from None
            try:
                return parse_money(value)
            except MoneyError as exc:
                raise CommandError(str(exc), returncode=1) from exc

    @staticmethod
    def _date(raw: str | None) -> dt.date | None:
        if raw is None:
            return None
        try:
            return dt.date.fromisoformat(raw)
        except ValueError as exc:
            raise CommandError(_("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": raw}, returncode=1) from exc

    def _print(self, document: dict[str, Any], notes: list[str]) -> None:
        statutory = document["statutory"]
        write = self.stdout.write
        if not document["tier"] and document["amount_yuan"] is None:
            write(_("%(charge)s, no bracket without an amount") % {"charge": document["charge"]})
        elif not document["tier"]:
            write(_("%(charge)s, below the threshold for prosecution") % {"charge": document["charge"]})
        else:
            write(_("%(charge)s, tier %(tier)d") % {"charge": document["charge"], "tier": document["tier"]})
            span = _("%(low)d to %(high)d months") % {"low": statutory["months_min"], "high": statutory["months_max"]}
            if statutory["life"]:
                span += _(", or life imprisonment")
            if statutory["death"]:
                span += _(", or death")
            write(_("Statutory range: %(span)s") % {"span": span})
        fine = document["fine_yuan"]
        if fine:
            top = _("twice the amount") if fine["max"] is None else f"{fine['max']:,}"
            write(_("Fine: %(min)s to %(max)s yuan") % {"min": f"{fine['min']:,}", "max": top})
        recommendation = document["recommendation"]
        write(_("Recommendation: %(months)d months (%(low)d-%(high)d)") % {
            "months": recommendation["months"], "low": recommendation["months_low"],
            "high": recommendation["months_high"]})
        if recommendation["similar"]:
            # Looked up once, outside the f-string: xgettext does not read calls inside one.
            life = _("life imprisonment")
            write(_("Similar judgments: %(list)s") % {"list": ", ".join(
                f"{s['id']} ({s['term_months'] if s['term_months'] is not None else life})"
                for s in recommendation["similar"])})
        write(_("Basis:"))
        for item in document["basis"]:
            write(f"  - {item}")
        for note in notes:
            write(f"  * {note}")
