from django.db import migrations, models

import procuracy.core.fields


def rebuild(apps, schema_editor):
    from procuracy.cases.facets import rebuild_facets
    from procuracy.core.bulk import analyse_if_filled

    rebuild_facets(schema_editor)
    analyse_if_filled([apps.get_model("cases", "CaseFacet")._meta.db_table], schema_editor.connection)


FACET_INDEXES = [
    models.Index(fields=['case', 'facet'], name='case_facet_case'),
    models.Index(fields=['facet', 'received_on', 'case'], include=('procuratorate_code',), name='case_facet_newest'),
    models.Index(fields=['facet', 'procuratorate_code', 'received_on', 'case'], name='case_facet_scope'),
]


class Migration(migrations.Migration):
    """The search reads pairs of characters of titles and names from the case list's facets; the
    indexes of the prefix search it replaces go. The facets compare by code point, and are derived
    again with their indexes set aside, each built once afterwards from all the rows."""

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
        migrations.RunPython(rebuild, migrations.RunPython.noop),
        *[migrations.AddIndex(model_name='casefacet', index=index) for index in FACET_INDEXES],
    ]
