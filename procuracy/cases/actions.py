"""Writes of whole cases. Every caller (import, demo, tests) goes through these."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from procuracy.cases.models import (
    Case,
    CaseFacet,
    CaseField,
    ChargeCount,
    Person,
    Recommendation,
    RelatedCase,
    Victim,
)
from procuracy.cases.writer import CHANGE_COLUMNS, PreparedCases, prepare_rows, write_rows, write_stamp
from procuracy.core.bulk import BulkInserter, db_datetime, db_json
from procuracy.core.context import current_context
from procuracy.core.models import ChangeAction, ObjectChange, content_type_for
from procuracy.procedure.models import Event

if TYPE_CHECKING:
    from procuracy.accounts.models import User


def _delete_cases(case_pks: Sequence[int]) -> None:
    # Children first, table by table: one statement each instead of collecting objects.
    for model, lookup in (
        (Event, "person__case_id__in"), (ChargeCount, "person__case_id__in"), (Person, "case_id__in"),
        (CaseField, "case_id__in"), (CaseFacet, "case_id__in"), (RelatedCase, "case_id__in"), (Victim, "case_id__in"),
        (Recommendation, "case_id__in"),
    ):
        model.objects.filter(**{lookup: case_pks})._raw_delete(model.objects.db)  # type: ignore[attr-defined]
    Case.objects.filter(pk__in=case_pks)._raw_delete(Case.objects.db)  # type: ignore[attr-defined]


def do_delete_cases(case_pks: Sequence[int], *, actor: User, message: str = "") -> int:
    """Delete whole cases, each with a change-log record holding the form it had."""

    from procuracy.interchange.export import packages_for

    with transaction.atomic():
        stamp = db_datetime(timezone.now())
        request_id = ObjectChange._meta.get_field("request_id").get_db_prep_value(
            current_context().request_id, connection)
        case_type = content_type_for(Case).pk
        deleted = 0
        for start in range(0, len(case_pks), 2000):
            chunk = list(case_pks[start:start + 2000])
            before = dict(zip(chunk, packages_for(chunk), strict=True))
            _delete_cases(chunk)
            BulkInserter(ObjectChange, CHANGE_COLUMNS).insert([
                (stamp, actor.pk, actor.get_username(), request_id, ChangeAction.DELETE, case_type, str(pk),
                 (pkg.get("title") or pkg["case_id"])[:200], pkg["case_id"], db_json(pkg), None, message[:500])
                for pk, pkg in before.items()
            ])
            deleted += len(chunk)
        return deleted


def do_store_prepared(
    prepared: PreparedCases,
    *,
    actor: User,
    stamp: Any,
    replace: dict[str, int] | None = None,
    message: str = "",
    sources: Sequence[str] | None = None,
) -> None:
    """Store prepared rows of validated packages; `replace` maps case ids to the cases they replace.

    The previous form of a replaced case goes into the change log beside the new one;
    `sources` ("file:line" per case) say where each case came from.
    """
    from procuracy.interchange.export import packages_for

    replace = replace or {}
    with transaction.atomic():
        before: dict[str, dict[str, Any]] = {}
        if replace:
            pks = list(replace.values())
            before = {pkg["case_id"]: pkg for pkg in packages_for(pks)}
            _delete_cases(pks)
        write_rows(prepared, actor=actor, stamp=stamp, message=message, before=before, sources=sources)


def do_store_packages(
    packages: Sequence[dict[str, Any]],
    *,
    actor: User,
    charges: dict[str, tuple[int, str]],
    replace: dict[str, int] | None = None,
    message: str = "",
) -> PreparedCases:
    """Store validated canonical packages (see do_store_prepared)."""
    _now, stamp = write_stamp()
    prepared = prepare_rows(packages, charges, stamp)
    do_store_prepared(prepared, actor=actor, stamp=stamp, replace=replace, message=message)
    return prepared
