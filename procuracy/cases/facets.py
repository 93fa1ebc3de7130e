"""The values the case list filters cases by, kept per case (see models.CaseFacet)."""

# ruff: noqa: S608 - the SQL is assembled from fixed table and column names

from __future__ import annotations

import string
from typing import Any

from django.db import connection

from procuracy.cases.models import Case, CaseFacet, CaseField, ChargeCount, Person

# The person values the list filters by; a charge is written by its catalogue id.
PERSON_KINDS = ("rank", "category", "stage")
# Every two adjacent characters of a case's title and of its persons' names ("text:受贿"): the
# search finds the cases holding a word's pairs, then compares the word itself. Chinese is
# written without spaces, so pairs of characters, not words, are what a search can rely on.
TEXT = "text"
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def facet(kind: str, value: Any) -> str:
    """A case's value as the list looks it up: "rank:county_division", "charge:12" (rebuild_facets
    writes the same form in SQL)."""
    return f"{kind}:{value}"


def fold(text: str) -> str:
    """Text as the search compares it: ASCII letters in lower case, everything else as written
    (what SQLite's lower() does, and PostgreSQL's translate() in rebuild_facets)."""
    return text.translate(_ASCII_LOWER)


def text_facets(text: str) -> set[str]:
    """The facets of a title or a name: each pair of adjacent characters."""
    folded = fold(text)
    return {facet(TEXT, folded[i:i + 2]) for i in range(len(folded) - 1)}


def word_facets(word: str) -> list[str]:
    """Pairs enough to find the cases holding a (folded) word: every other pair and the last, so
    that each character is covered; the word itself is compared afterwards."""
    starts = [*range(0, len(word) - 1, 2), len(word) - 2] if len(word) >= 2 else []
    return list(dict.fromkeys(facet(TEXT, word[i:i + 2]) for i in starts))


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
    """Every case's values from its persons, fields, title and names, in a few statements (a
    migration, a repair)."""
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
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql" and conn.in_atomic_block:
            cursor.execute("SET LOCAL work_mem = '128MB'")  # the DISTINCTs hashed in memory
        # A new, empty table on PostgreSQL rather than millions of dead rows left for vacuum.
        cursor.execute(f"{'TRUNCATE' if conn.vendor == 'postgresql' else 'DELETE FROM'} {target}")
        for prefix, value in [("", v) for v in values] + [_text_pairs(conn, cursor)]:
            cursor.execute(f"{prefix}INSERT INTO {target} {columns} SELECT d.case_id, d.facet, c.received_on,"
                           f" c.procuratorate_id FROM ({value}) d JOIN {case} c ON c.id = d.case_id")


def _text_pairs(conn: Any, cursor: Any) -> tuple[str, str]:
    """Each case's distinct pairs of adjacent characters of its title and its persons' names, as
    text_facets forms them: (a WITH clause the statement needs, the SELECT)."""
    qn = conn.ops.quote_name
    case, person = qn(Case._meta.db_table), qn(Person._meta.db_table)
    prefix = ""
    if conn.vendor == "postgresql":
        # lower() would fold every alphabet; fold() and SQLite's lower() fold ASCII letters only.
        upper, lower = string.ascii_uppercase, string.ascii_lowercase
        folded = f"translate({{}}, '{upper}', '{lower}')"
        positions = "CROSS JOIN LATERAL generate_series(1, length(t.body) - 1) AS n(i)"
    else:
        # SQLite has no series function: the positions 1 … longest text - 1 as a table.
        cursor.execute(f"SELECT MAX(n) FROM (SELECT MAX(length(title)) AS n FROM {case}"
                       f" UNION ALL SELECT MAX(length(name)) FROM {person}) m")
        longest = int(cursor.fetchone()[0] or 0)
        prefix = f"WITH RECURSIVE positions(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM positions WHERE i < {longest}) "
        folded = "lower({})"
        positions = "JOIN positions n ON n.i < length(t.body)"
    texts = (f"SELECT id AS case_id, {folded.format('title')} AS body FROM {case} WHERE length(title) > 1"
             f" UNION ALL SELECT case_id, {folded.format('name')} FROM {person} WHERE length(name) > 1")
    return prefix, f"SELECT DISTINCT t.case_id, '{TEXT}:' || substr(t.body, n.i, 2) AS facet FROM ({texts}) t {positions}"
