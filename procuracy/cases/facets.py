"""The values the case list filters cases by, kept per case (see models.CaseFacet)."""

# ruff: noqa: S608 - the SQL is assembled from fixed table and column names

from __future__ import annotations

from typing import Any

from django.db import connection

from procuracy.cases.models import Case, CaseFacet, CaseField, ChargeCount, Person

# The person values the list filters by; a charge is written by its catalogue id.
PERSON_KINDS = ("rank", "category", "stage")


def facet(kind: str, value: Any) -> str:
    """A case's value as the list looks it up: "rank:county_division", "charge:12" (rebuild_facets
    writes the same form in SQL)."""
    return f"{kind}:{value}"


def refresh_stage_facets(case: Case) -> None:
    """After a person's stage changed: the case's stage values are those of its persons now."""
    stages = {facet("stage", stage) for stage in Person.objects.filter(case=case).values_list("stage", flat=True)}
    current = set(CaseFacet.objects.filter(case=case, facet__startswith="stage:").values_list("facet", flat=True))
    CaseFacet.objects.filter(case=case, facet__in=current - stages).delete()
    CaseFacet.objects.bulk_create([
        CaseFacet(case=case, facet=value, received_on=case.received_on, procuratorate_code=case.procuratorate_id)
        for value in sorted(stages - current)
    ])


def rebuild_facets(schema_editor: Any = None) -> None:
    """Every case's values from its persons and fields, in a few statements (a migration, a repair)."""
    conn = schema_editor.connection if schema_editor is not None else connection
    qn = conn.ops.quote_name
    target = qn(CaseFacet._meta.db_table)
    case, person = qn(Case._meta.db_table), qn(Person._meta.db_table)
    counts, fields = qn(ChargeCount._meta.db_table), qn(CaseField._meta.db_table)
    columns = "(case_id, facet, received_on, procuratorate_code)"
    # Each case's distinct values first, then its date and procuratorate joined once per value:
    # the person values of all three kinds from one reading of the persons.
    kinds = " ".join(f"WHEN {i} THEN '{kind}:' || p.{kind}" for i, kind in enumerate(PERSON_KINDS))
    numbers = " UNION ALL ".join(f"SELECT {i} AS n" for i in range(len(PERSON_KINDS)))
    values = [
        f"SELECT DISTINCT p.case_id, CASE k.n {kinds} END AS facet FROM {person} p CROSS JOIN ({numbers}) k",
        f"SELECT DISTINCT p.case_id, 'charge:' || CAST(n.charge_id AS VARCHAR(20)) AS facet"
        f" FROM {counts} n JOIN {person} p ON p.id = n.person_id",
        f"SELECT DISTINCT case_id, 'field:' || field AS facet FROM {fields}",
    ]
    selects = [f"SELECT d.case_id, d.facet, c.received_on, c.procuratorate_id FROM ({v}) d JOIN {case} c ON c.id = d.case_id"
               for v in values]
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql" and conn.in_atomic_block:
            cursor.execute("SET LOCAL work_mem = '128MB'")  # the DISTINCTs hashed in memory
        cursor.execute(f"DELETE FROM {target}")
        for select in selects:
            cursor.execute(f"INSERT INTO {target} {columns} {select}")
