"""The figures of the reports, computed by aggregate queries in the database.

A person counts once per indicator however many qualifying events they have, and that is
what makes the figures costly at national scale: SQLite has no hash aggregation, and
PostgreSQL sorts the values of every COUNT(DISTINCT). The queries read the event table only
through partial indexes of one universe each (procuracy/procedure/models.py), which hold
every column the queries use, so that the table itself is never visited:

* duty crimes, ordered by (type, procuratorate, person): the distinct persons of one event
  type per handling procuratorate, counted while reading the index in order;
* duty crimes, ordered by (type, date, rank, category, …): events per day, rank and category,
  from which months, years, ranks, categories and flags follow, and persons per set of fields
  of the case and per principal charge (on PostgreSQL grouped in the same read as the days of
  the acceptances);
* gang crimes, ordered by (type, date, procuratorate, case, person): distinct persons per case.

A count of events is a count of persons when nobody has two events of that type in the
period, and comparing the two counts tells whether that holds. Where it does not (a person
returned twice, judged twice), the figures of that type are counted person by person
instead, by the slower queries marked so below; the result is the same either way.

A person's events all carry the same procuratorate, rank and category (they are written with
the person, and a case that changes is written anew), so persons partition by them and
distinct counts per procuratorate add up to the total.
"""

# ruff: noqa: S608 - the SQL is assembled from fixed table and column names; every value is a parameter

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection

from procuracy.cases.choices import FOUR_INDUSTRIES, Rank, Relation, Source, fields_in
from procuracy.cases.models import Case, CaseField, Charge, Person, Recommendation, RelatedCase, Victim
from procuracy.core.money import from_fen
from procuracy.organizations.codes import SPP_CODE, scope_code_range
from procuracy.procedure.choices import EventType as E
from procuracy.procedure.models import Event
from procuracy.statistics.readers import side_by_side

EVENT = Event._meta.db_table
PERSON = Person._meta.db_table
CASE = Case._meta.db_table
CASE_FIELD = CaseField._meta.db_table
RECOMMENDATION = Recommendation._meta.db_table
RELATED = RelatedCase._meta.db_table
VICTIM = Victim._meta.db_table

Month = tuple[int, int]


def _rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _scope(scope: str, column: str) -> tuple[str, list[str]]:
    """A procuratorate and those below it, as a range of codes on `column` (an index prefix)."""
    if scope == SPP_CODE:
        return "", []
    bounds = scope_code_range(scope)
    if bounds is None:
        return f" AND {column} = %s", [scope]
    return f" AND {column} >= %s AND {column} < %s", list(bounds)


def _unindexed(column: str) -> str:
    """The column in a condition SQLite must not serve from an index on it (a unary plus).

    The period condition of the person-ordered reads is one: with an index on the date the
    planner would read that one and then sort and deduplicate. It also compares without the
    numeric affinity of a DATE column, a third of the cost of reading an index entry.
    """
    return f"+{column}" if connection.vendor == "sqlite" else column


def _day(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _flag(condition: str) -> str:
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


def _buckets(column: str, ends: Sequence[dt.date]) -> tuple[str, list[dt.date]]:
    """A CASE numbering the consecutive periods that end on `ends` (the dates are already in the period)."""
    whens = " ".join(f"WHEN {column} <= %s THEN {i}" for i in range(len(ends)))
    return f"CASE {whens} END", list(ends)


def months_of(start: dt.date, end: dt.date) -> list[Month]:
    months, (year, month) = [], (start.year, start.month)
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    ends = []
    for year, month in months_of(start, end):
        following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
        ends.append(min(end, following - dt.timedelta(days=1)))
    return ends


def _year_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    return [min(end, dt.date(year, 12, 31)) for year in range(start.year, end.year + 1)]


# --- duty-crime -------------------------------------------------------------------------

@dataclass
class DutyTypeCounts:
    """What the report needs of one event type: persons overall and in each of its groups."""

    persons: int = 0
    events: int = 0
    by_procuratorate: dict[str, int] = field(default_factory=dict)
    by_rank_category: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_month: Counter[Month] = field(default_factory=Counter)
    by_year: Counter[int] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)  # persons with an event marked so
    amount_fen: int = 0  # summed over events, not persons

    @property
    def one_event_each(self) -> bool:
        return self.events == self.persons


@dataclass
class DutyCounts:
    types: dict[str, DutyTypeCounts]
    fields: dict[str, int]
    max_amount: Decimal | None
    early_intervention_cases: int
    by_charge: list[tuple[str, int]] | None = None


def duty_persons(types: Iterable[str], start: dt.date, end: dt.date, scope: str) -> dict[str, dict[str, int]]:
    """{type: {procuratorate: distinct persons}} of duty crimes, one ordered index read per type."""
    where, params = _scope(scope, "procuratorate_id")
    parts, all_params = [], []
    for event_type in types:
        # COUNT(DISTINCT …) must stay the only aggregate: SQLite then counts in index order.
        parts.append(
            f"SELECT %s, procuratorate_id, COUNT(DISTINCT person_id) FROM {EVENT}"
            f" WHERE duty AND type = %s AND {_unindexed('date')} BETWEEN %s AND %s{where} GROUP BY procuratorate_id")
        all_params += [event_type, event_type, start, end, *params]
    out: dict[str, dict[str, int]] = {t: {} for t in types}
    for event_type, code, n in _rows(" UNION ALL ".join(parts), all_params):
        out[event_type][code] = n
    return out


# Per type: the columns of its day rows, the counts it needs, and its grouping (the index order).
_DUTY_DAY_ARMS = (
    (E.ACCEPTED, "rank, category", "0, 0, 0, 0, 0", "date, rank, category"),
    (E.PROSECUTED, "'', ''", f"COUNT(*) FILTER (WHERE rank = '{Rank.PROVINCIAL_MINISTERIAL}'),"
                             " COUNT(*) FILTER (WHERE in_absentia), 0, 0, 0", "date"),
    (E.JUDGMENT, "'', ''", "0, 0, COUNT(*) FILTER (WHERE recommendation_adopted),"
                           " COUNT(*) FILTER (WHERE recommendation_adopted IS NOT NULL), 0", "date"),
    (E.CONFISCATION_RULED, "'', ''", "0, 0, 0, 0, SUM(amount)", "date"),
)
FLAGS = ("provincial_ministerial", "in_absentia", "adopted", "adoption_known")


def _duty_days(types: Sequence[str], start: dt.date, end: dt.date, scope: str) -> dict[str, DutyTypeCounts]:
    """Events of each type per day (and rank and category for acceptances), read in index order
    and summed into months, years, ranks, categories and flags."""
    where, scope_params = _scope(scope, "procuratorate_id")
    parts, params = [], []
    for event_type, keys, sums, group in _DUTY_DAY_ARMS:
        if event_type in types:
            parts.append(f"SELECT %s, date, {keys}, COUNT(*), {sums} FROM {EVENT}"
                         f" WHERE duty AND type = %s AND date BETWEEN %s AND %s{where} GROUP BY {group}")
            params += [event_type, event_type, start, end, *scope_params]
    return _fold_days(types, _rows(" UNION ALL ".join(parts), params))


def _fold_days(types: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> dict[str, DutyTypeCounts]:
    out = {t: DutyTypeCounts() for t in types}
    for event_type, day, rank, category, n, *flags, amount in rows:
        c = out[event_type]
        day = _day(day)
        c.events += n
        c.by_rank_category[(rank, category)] += n
        c.by_month[(day.year, day.month)] += n
        c.by_year[day.year] += n
        for name, value in zip(FLAGS, flags, strict=True):
            if value:
                c.flags[name] += value
        c.amount_fen += int(amount or 0)
    return out


def _accepted_days_fields_and_charges(start: dt.date, end: dt.date,
                                      scope: str) -> tuple[dict[str, DutyTypeCounts], list[tuple[int, int, int]]]:
    """PostgreSQL: the acceptances per day, rank and category and per set of fields and charge,
    both grouped in one read of the index (GROUPING SETS)."""
    where, scope_params = _scope(scope, "procuratorate_id")
    days, by_field_and_charge = [], []
    for by_day, day, rank, category, fields, charge, n in _rows(
            f"SELECT GROUPING(fields), date, rank, category, fields, principal_charge_id, COUNT(*) FROM {EVENT}"
            f" WHERE duty AND type = %s AND date BETWEEN %s AND %s{where}"
            f" GROUP BY GROUPING SETS ((date, rank, category), (fields, principal_charge_id))",
            [E.ACCEPTED, start, end, *scope_params]):
        if by_day:
            days.append((E.ACCEPTED, day, rank, category, n, 0, 0, 0, 0, None))
        else:
            by_field_and_charge.append((fields, charge, n))
    return _fold_days((E.ACCEPTED,), days), by_field_and_charge


def _duty_by_person(event_type: str, c: DutyTypeCounts, start: dt.date, end: dt.date, scope: str) -> None:
    """The figures of one type counted person by person, for a period where someone has two
    such events (events then overcount persons)."""
    where, scope_params = _scope(scope, "procuratorate_id")
    base = f"FROM {EVENT} WHERE duty AND type = %s AND date BETWEEN %s AND %s{where}"
    base_params = [event_type, start, end, *scope_params]
    flags = (f"rank = '{Rank.PROVINCIAL_MINISTERIAL}'", "in_absentia", "recommendation_adopted",
             "recommendation_adopted IS NOT NULL")
    per_person = ", ".join(f"MAX({_flag(f)}) AS f{i}" for i, f in enumerate(flags))
    c.by_rank_category.clear()
    c.flags.clear()
    sums = ", ".join(f"SUM(f{i})" for i in range(len(flags)))
    for rank, category, n, *values in _rows(
            f"SELECT rank, category, COUNT(*), {sums} FROM (SELECT person_id, rank, category, {per_person} "
            f"{base} GROUP BY person_id, rank, category) per_person GROUP BY rank, category", base_params):
        c.by_rank_category[(rank, category)] += n
        for name, value in zip(FLAGS, values, strict=True):
            c.flags[name] += value or 0
    for target, labels, ends in ((c.by_month, months_of(start, end), _month_ends(start, end)),
                                 (c.by_year, list(range(start.year, end.year + 1)), _year_ends(start, end))):
        bucket, bucket_params = _buckets("date", ends)
        target.clear()
        for index, n in _rows(f"SELECT bucket, COUNT(*) FROM (SELECT DISTINCT person_id, {bucket} AS bucket "
                              f"{base}) per_person GROUP BY bucket", [*bucket_params, *base_params]):
            target[labels[index]] = n  # type: ignore[index]


def _accepted_by_field_and_charge(start: dt.date, end: dt.date, scope: str,
                                  distinct: bool) -> list[tuple[int, int, int]]:
    """Accepted persons per set of fields of the case and principal charge, both of which every
    event of a person shares, read from the day index like the other counts: one pass for
    both breakdowns (a person has one set and one charge, so either sums over the other)."""
    where, scope_params = _scope(scope, "procuratorate_id")
    persons = "COUNT(DISTINCT person_id)" if distinct else "COUNT(*)"
    return _rows(
        f"SELECT fields, principal_charge_id, {persons} FROM {EVENT}"
        f" WHERE duty AND type = %s AND date BETWEEN %s AND %s{where} GROUP BY fields, principal_charge_id",
        [E.ACCEPTED, start, end, *scope_params])


def fields_of(rows: Iterable[tuple[int, int, int]]) -> dict[str, int]:
    """Persons per field (a case with two fields counts under both)."""
    per_set: Counter[int] = Counter()
    for mask, _, n in rows:
        per_set[mask] += n
    out: Counter[str] = Counter()
    for mask, n in per_set.items():
        for code in fields_in(mask):
            out[code] += n
    return dict(out)


def charges_of(rows: Iterable[tuple[int, int, int]], limit: int = 20) -> list[tuple[str, int]]:
    """The principal charges with the most persons, by name."""
    per_charge: Counter[int] = Counter()
    for _, pk, n in rows:
        per_charge[pk] += n
    names = dict(Charge.objects.filter(pk__in=list(per_charge)).values_list("pk", "name"))
    return sorted(((names[pk], n) for pk, n in per_charge.items()), key=lambda item: (-item[1], item[0]))[:limit]


# The largest amounts are tried first: the person holding one of them is almost always in the
# report, which spares joining every accepted person to their amount.
MAX_AMOUNT_CANDIDATES = 50


def max_person_amount(start: dt.date, end: dt.date, scope: str) -> Decimal | None:
    where, scope_params = _scope(scope, "e.procuratorate_id")
    accepted = (f"EXISTS (SELECT 1 FROM {EVENT} e WHERE e.person_id = p.id AND e.duty AND e.type = %s"
                f" AND e.date BETWEEN %s AND %s{where})")
    params = [E.ACCEPTED, start, end, *scope_params]
    [(found,)] = _rows(
        f"SELECT MAX(p.total_amount) FROM (SELECT id, total_amount FROM {PERSON} WHERE total_amount IS NOT NULL"
        f" ORDER BY total_amount DESC LIMIT {MAX_AMOUNT_CANDIDATES}) p WHERE {accepted}", params)
    if found is None:
        # None of the largest amounts is in the report: join each of its persons to theirs.
        [(found,)] = _rows(
            f"SELECT MAX(p.total_amount) FROM {EVENT} e JOIN {PERSON} p ON p.id = e.person_id"
            f" WHERE e.duty AND e.type = %s AND e.date BETWEEN %s AND %s{where}", params)
    return None if found is None else from_fen(found)


def early_intervention_cases(start: dt.date, end: dt.date, scope: str) -> int:
    where, params = _scope(scope, "procuratorate_id")
    [(n,)] = _rows(f"SELECT COUNT(*) FROM {CASE} WHERE source = %s"
                   f" AND early_intervention_on BETWEEN %s AND %s{where}",
                   [Source.SUPERVISORY_COMMISSION, start, end, *params])
    return n


def duty_counts(start: dt.date, end: dt.date, scope: str, *, charges: bool = False) -> DutyCounts:
    # Each read is a task of its own, so that the connections share the work evenly (longest
    # first). The acceptances per field and charge are counted as events, which are persons
    # unless someone was accepted twice in the period; that is known only from the other
    # results, so they are counted again, person by person, in the rare case that it matters.
    days = ((E.ACCEPTED,), (E.PROSECUTED,), (E.JUDGMENT, E.CONFISCATION_RULED))
    persons = ((E.ACCEPTED,), (E.PROSECUTED,), (E.JUDGMENT,), (E.NOT_PROSECUTED, E.RETURNED, E.CONFISCATION_APPLIED))
    tasks: dict[Any, Any] = {}
    if connection.vendor == "postgresql":
        tasks["accepted"] = lambda: _accepted_days_fields_and_charges(start, end, scope)
    else:
        # A grouping of all acceptances that no index orders: SQLite sorts them, its longest read.
        tasks["fields and charges"] = lambda: _accepted_by_field_and_charge(start, end, scope, distinct=False)
        tasks["days", days[0]] = lambda: _duty_days(days[0], start, end, scope)
    tasks |= {
        ("persons", persons[0]): lambda: duty_persons(persons[0], start, end, scope),
        ("days", days[1]): lambda: _duty_days(days[1], start, end, scope),
        ("days", days[2]): lambda: _duty_days(days[2], start, end, scope),
        **{("persons", group): (lambda group=group: duty_persons(group, start, end, scope)) for group in persons[1:]},
        "max_amount": lambda: max_person_amount(start, end, scope),
        "early": lambda: early_intervention_cases(start, end, scope),
    }
    results = dict(zip(tasks, side_by_side(list(tasks.values())), strict=True))
    if "accepted" in results:
        results["days", days[0]], results["fields and charges"] = results["accepted"]
    counts: dict[str, DutyTypeCounts] = {}
    for group in days:
        counts.update(results["days", group])
    for group in persons:
        for event_type, by_code in results["persons", group].items():
            c = counts.setdefault(event_type, DutyTypeCounts())
            c.persons, c.by_procuratorate = sum(by_code.values()), by_code
    accepted = results["fields and charges"]
    for event_type in (E.ACCEPTED, E.PROSECUTED, E.JUDGMENT):
        if not counts[event_type].one_event_each:
            _duty_by_person(event_type, counts[event_type], start, end, scope)
    if not counts[E.ACCEPTED].one_event_each:
        accepted = _accepted_by_field_and_charge(start, end, scope, distinct=True)
    return DutyCounts(
        types=counts,
        fields=fields_of(accepted),
        max_amount=results["max_amount"],
        early_intervention_cases=results["early"],
        by_charge=charges_of(accepted) if charges else None,
    )


# --- organized crime ----------------------------------------------------------------------

GANG_TYPES = (E.ARREST_APPROVED, E.PROSECUTED)


@dataclass
class GangTypeCounts:
    persons: int = 0
    cases: int = 0
    events: int = 0
    four_persons: int = 0
    four_cases: int = 0
    enterprise_cases: int = 0
    by_procuratorate: dict[str, int] = field(default_factory=dict)
    by_month: Counter[Month] = field(default_factory=Counter)


@dataclass
class GangFigures:
    types: dict[str, GangTypeCounts]
    recommendations: dict[str, int]
    listed: dict[str, int]
    victims: dict[str, Any]
    umbrella_cases: int


def _four_industries(case_column: str) -> tuple[str, list[str]]:
    """Whether a case is of the four key industries: one look-up of its fields by case."""
    marks = ", ".join(["%s"] * len(FOUR_INDUSTRIES))
    return (f"EXISTS (SELECT 1 FROM {CASE_FIELD} f WHERE f.case_id = {case_column}"
            f" AND {_unindexed('f.field')} IN ({marks}))", [str(f) for f in FOUR_INDUSTRIES])


def _gang_type_rows(event_type: str, start: dt.date, end: dt.date, scope: str) -> list[tuple[Any, ...]]:
    """Persons and cases of one event type per procuratorate, with the four-industry and
    enterprise cases among them: distinct persons per case first, then cases per procuratorate."""
    where, scope_params = _scope(scope, "procuratorate_id")
    if connection.vendor == "postgresql":
        # PostgreSQL sorts the rows of a COUNT(DISTINCT …); grouping twice hashes them instead.
        per_case = (f"SELECT procuratorate_id, case_id, COUNT(*) AS persons, SUM(events) AS events"
                    f" FROM (SELECT procuratorate_id, case_id, person_id, COUNT(*) AS events FROM {EVENT}"
                    f" WHERE gang AND type = %s AND date BETWEEN %s AND %s{where}"
                    f" GROUP BY procuratorate_id, case_id, person_id) per_person"
                    f" GROUP BY procuratorate_id, case_id")
    else:
        per_case = (f"SELECT procuratorate_id, case_id, COUNT(DISTINCT person_id) AS persons,"
                    f" COUNT(*) AS events FROM {EVENT} WHERE gang AND type = %s"
                    f" AND date BETWEEN %s AND %s{where} GROUP BY procuratorate_id, case_id")
    # Each case is marked by joining it to the cases of the four industries and to the gang cases
    # of the scope with an enterprise involved, each set read once, rather than by a look-up per
    # case (a case's events carry its procuratorate, so the scope is the same).
    marks_four = ", ".join(["%s"] * len(FOUR_INDUSTRIES))
    return _rows(
        f"WITH per_case AS MATERIALIZED ({per_case}),"
        f" four AS MATERIALIZED (SELECT DISTINCT case_id FROM {CASE_FIELD} WHERE field IN ({marks_four})),"
        f" enterprise AS MATERIALIZED (SELECT id FROM {CASE} WHERE enterprise_involved AND gang_nature <> ''{where})"
        f" SELECT p.procuratorate_id, COUNT(*), SUM(p.persons), SUM(p.events), COUNT(f.case_id),"
        f" SUM(p.persons) FILTER (WHERE f.case_id IS NOT NULL), COUNT(e.id) FROM per_case p"
        f" LEFT JOIN four f ON f.case_id = p.case_id LEFT JOIN enterprise e ON e.id = p.case_id"
        f" GROUP BY p.procuratorate_id",
        [event_type, start, end, *scope_params, *(str(f) for f in FOUR_INDUSTRIES), *scope_params],
    )


def _gang_type_counts(rows: Iterable[tuple[Any, ...]]) -> GangTypeCounts:
    c = GangTypeCounts()
    for code, cases, persons, events, four_cases, four_persons, enterprise in rows:
        # PostgreSQL sums integers as numerics.
        c.cases += cases
        c.persons += int(persons)
        c.events += int(events)
        c.four_cases += four_cases
        c.four_persons += int(four_persons or 0)
        c.enterprise_cases += enterprise
        c.by_procuratorate[code] = int(persons)
    return c


def gang_figures(start: dt.date, end: dt.date, scope: str, *, months: bool = False) -> GangFigures:
    """Everything the organized-crime report counts, its aggregates run side by side."""
    tasks: dict[str, Any] = {  # longest first
        **{t: (lambda t=t: _gang_type_rows(t, start, end, scope)) for t in GANG_TYPES},
        "victims": lambda: victim_figures(start, end, scope),
        "recommendations": lambda: recommendations_issued(start, end, scope),
        "months": lambda: _gang_day_rows(start, end, scope),
        "umbrella": lambda: protective_umbrella_cases(start, end, scope),
        "listed": lambda: listed_cases(start, end, scope),
    }
    if not months:
        del tasks["months"]
    results = dict(zip(tasks, side_by_side(list(tasks.values())), strict=True))
    counts = {t: _gang_type_counts(results[t]) for t in GANG_TYPES}
    if months:
        _gang_months(counts, results["months"], start, end, scope)
    return GangFigures(types=counts, recommendations=results["recommendations"], listed=results["listed"],
                       victims=results["victims"], umbrella_cases=results["umbrella"])


def _gang_day_rows(start: dt.date, end: dt.date, scope: str) -> list[tuple[Any, ...]]:
    """Events per type and day, in index order."""
    where, scope_params = _scope(scope, "procuratorate_id")
    marks = ", ".join(["%s"] * len(GANG_TYPES))
    return _rows(f"SELECT type, date, COUNT(*) FROM {EVENT} WHERE gang AND type IN ({marks})"
                 f" AND date BETWEEN %s AND %s{where} GROUP BY type, date", [*GANG_TYPES, start, end, *scope_params])


def _gang_months(counts: dict[str, GangTypeCounts], day_rows: Iterable[tuple[Any, ...]], start: dt.date,
                 end: dt.date, scope: str) -> None:
    """Persons per month: events per day, or person by person (slower) where someone has two
    events of the type in the period."""
    for event_type, day, n in day_rows:
        day = _day(day)
        counts[event_type].by_month[(day.year, day.month)] += n
    where, scope_params = _scope(scope, "procuratorate_id")
    for event_type, c in counts.items():
        if c.events != c.persons:
            bucket, bucket_params = _buckets("date", _month_ends(start, end))
            labels = months_of(start, end)
            c.by_month.clear()
            for index, n in _rows(
                    f"SELECT bucket, COUNT(*) FROM (SELECT DISTINCT person_id, {bucket} AS bucket FROM {EVENT}"
                    f" WHERE gang AND type = %s AND date BETWEEN %s AND %s{where}) per_person GROUP BY bucket",
                    [*bucket_params, event_type, start, end, *scope_params]):
                c.by_month[labels[index]] = n


def _gang_case_filter(scope: str, alias: str = "c") -> tuple[str, list[str]]:
    where, params = _scope(scope, f"{alias}.procuratorate_id")
    return f"{alias}.gang_nature <> ''{where}", params


def recommendations_issued(start: dt.date, end: dt.date, scope: str) -> dict[str, int]:
    gang, params = _gang_case_filter(scope)
    four, four_params = _four_industries("r.case_id")
    [(everything, in_four)] = _rows(
        f"SELECT COUNT(*), COUNT(*) FILTER (WHERE {four}) FROM {RECOMMENDATION} r"
        f" JOIN {CASE} c ON c.id = r.case_id WHERE r.issued_on BETWEEN %s AND %s AND {gang}",
        [*four_params, start, end, *params])
    return {"all": everything, "four": in_four}


def listed_cases(start: dt.date, end: dt.date, scope: str) -> dict[str, int]:
    gang, params = _gang_case_filter(scope)
    # Few cases are listed: each is checked through its own events (by the case index).
    prosecuted = (f"EXISTS (SELECT 1 FROM {EVENT} e WHERE e.case_id = c.id AND e.gang AND e.type = %s"
                  f" AND e.date <= %s)")
    [(listed, with_prosecution)] = _rows(
        f"SELECT COUNT(*), COUNT(*) FILTER (WHERE {prosecuted}) FROM {CASE} c"
        f" WHERE c.supervision_listed_on BETWEEN %s AND %s AND {gang}",
        [E.PROSECUTED, end, start, end, *params])
    return {"listed": listed, "prosecuted": with_prosecution}


def victim_figures(start: dt.date, end: dt.date, scope: str) -> dict[str, Any]:
    gang, params = _gang_case_filter(scope)
    in_relief = "v.relief_decided_on BETWEEN %s AND %s"
    [(identified, visited, relief_persons, relief_cases, relief_amount)] = _rows(
        f"SELECT COUNT(*) FILTER (WHERE v.identified_on BETWEEN %s AND %s),"
        f" COUNT(*) FILTER (WHERE v.visited_on BETWEEN %s AND %s), COUNT(*) FILTER (WHERE {in_relief}),"
        f" COUNT(DISTINCT CASE WHEN {in_relief} THEN v.case_id END), SUM(CASE WHEN {in_relief} THEN v.relief_amount END)"
        f" FROM {VICTIM} v JOIN {CASE} c ON c.id = v.case_id WHERE {gang}",
        [start, end] * 5 + params)
    return {"identified": identified, "visited": visited, "relief_persons": relief_persons,
            "relief_cases": relief_cases, "relief_amount": None if relief_amount is None else from_fen(relief_amount)}


def protective_umbrella_cases(start: dt.date, end: dt.date, scope: str) -> int:
    where, params = _scope(scope, "c.procuratorate_id")
    # From the links, which are few, rather than from every case received in the period.
    [(n,)] = _rows(
        f"SELECT COUNT(DISTINCT r.case_id) FROM {RELATED} r JOIN {CASE} c ON c.id = r.case_id"
        f" JOIN {CASE} t ON t.case_id = r.target_case_id"
        f" WHERE r.relation = %s AND t.gang_nature <> '' AND c.received_on BETWEEN %s AND %s{where}",
        [Relation.PROTECTIVE_UMBRELLA, start, end, *params])
    return n


def money_text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"
