from django.db import migrations, models

import procuracy.core.fields


def finer_statistics(apps, schema_editor):
    # The pairs of characters are most of the rows and thousands of values: with PostgreSQL's default
    # sample the filter values (ranks, stages, charges) drop out of the column's list of common
    # values, and the planner, taking a common rank for a rare one, sorts where it should walk an
    # index. A larger sample keeps them in (a second's ANALYZE for a national registry).
    if schema_editor.connection.vendor == "postgresql":
        table = schema_editor.quote_name(apps.get_model("cases", "CaseFacet")._meta.db_table)
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN facet SET STATISTICS 1000,"
                              " ALTER COLUMN procuratorate_code SET STATISTICS 1000")


def rebuild(apps, schema_editor):
    from django.db import transaction

    from procuracy.cases.facets import rebuild_facets

    with transaction.atomic(using=schema_editor.connection.alias):
        rebuild_facets(schema_editor)


def settle(apps, schema_editor):
    # Rebuilt with their indexes, the facets are read from those indexes alone once PostgreSQL's
    # visibility map marks the new rows: vacuumed now rather than at autovacuum's next pass.
    from procuracy.core.bulk import analyse_if_filled

    connection = schema_editor.connection
    table = apps.get_model("cases", "CaseFacet")._meta.db_table
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {schema_editor.quote_name(table)}")
    else:
        analyse_if_filled([table], connection)


FACET_INDEXES = [
    models.Index(fields=['case', 'facet'], name='case_facet_case'),
    models.Index(fields=['facet', 'received_on', 'case'], include=('procuratorate_code',), name='case_facet_newest'),
    models.Index(fields=['facet', 'procuratorate_code', 'received_on', 'case'], name='case_facet_scope'),
]


class Migration(migrations.Migration):
    """The search reads pairs of characters of titles and names from the case list's facets; the
    indexes of the prefix search it replaces go. The facets compare by code point, and are derived
    again with their indexes set aside, each built once afterwards from all the rows. Not one
    transaction: the last step vacuums, which PostgreSQL cannot do inside one."""

    atomic = False

    dependencies = [
        ('cases', '0009_case_facets'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='case',
            name='case_title',
        ),
        migrations.RemoveIndex(
            model_name='person',
            name='cases_perso_name_0b3ae0_idx',
        ),
        *[migrations.RemoveIndex(model_name='casefacet', name=index.name) for index in FACET_INDEXES],
        migrations.AlterField(
            model_name='casefacet',
            name='facet',
            field=procuracy.core.fields.CodePointCharField(max_length=60, verbose_name='facet'),
        ),
        migrations.AlterField(
            model_name='casefacet',
            name='procuratorate_code',
            field=procuracy.core.fields.CodePointCharField(max_length=12, verbose_name='procuratorate code'),
        ),
        migrations.RunPython(finer_statistics, migrations.RunPython.noop),
        migrations.RunPython(rebuild, migrations.RunPython.noop),
        *[migrations.AddIndex(model_name='casefacet', index=index) for index in FACET_INDEXES],
        migrations.RunPython(settle, migrations.RunPython.noop),
    ]
