"""The data step of a migration, run over stored cases."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from procuracy.accounts.models import system_user
from procuracy.cases.choices import fields_mask
from procuracy.interchange.actions import do_import
from procuracy.procedure.models import Event

pytestmark = pytest.mark.django_db


def test_stored_events_get_the_fields_of_their_case_and_principal_charge(shared_dir: Path) -> None:
    do_import([shared_dir / "spec" / "examples" / "all.jsonl"], actor=system_user())
    written = {e.pk: (e.fields, e.principal_charge_id) for e in Event.objects.all()}
    other_charge = Event.objects.exclude(principal_charge_id=written[min(written)][1]).first().principal_charge_id
    Event.objects.update(fields=0, principal_charge_id=other_charge)

    migration = importlib.import_module("procuracy.procedure.migrations.0005_event_fields_principal_charge")
    migration.copy_facts(apps, SimpleNamespace(connection=connection))

    assert {e.pk: (e.fields, e.principal_charge_id) for e in Event.objects.all()} == written
    assert Event.objects.filter(case__case_id="ZJ-JW-2019-0007").first().fields == fields_mask(
        ["state_owned_enterprise"])
