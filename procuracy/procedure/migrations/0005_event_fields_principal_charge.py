from django.db import migrations, models
import django.db.models.deletion


def copy_facts(apps, schema_editor):
    """Each stored event gets the principal charge of its person and the fields of its case (the
    report indexes are built afterwards)."""
    from procuracy.cases.choices import FIELD_BITS

    event = apps.get_model("procedure", "Event")._meta.db_table
    person = apps.get_model("cases", "Person")._meta.db_table
    case_field = apps.get_model("cases", "CaseField")._meta.db_table
    bits = " ".join(f"WHEN '{code}' THEN {bit}" for code, bit in FIELD_BITS.items())
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {event} SET"
            f" principal_charge_id = (SELECT p.principal_charge_id FROM {person} p WHERE p.id = {event}.person_id),"
            f" fields = COALESCE((SELECT SUM(CASE f.field {bits} ELSE 0 END) FROM {case_field} f"
            f" WHERE f.case_id = {event}.case_id), 0)")


def refresh_statistics(apps, schema_editor):
    # Planner statistics for the rebuilt indexes of a database that holds events.
    from procuracy.core.bulk import analyse_if_filled

    analyse_if_filled([apps.get_model("procedure", "Event")._meta.db_table], schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0009_case_facets'),
        ('procedure', '0004_report_indexes'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='event',
            name='event_duty_by_day',
        ),
        migrations.RemoveIndex(
            model_name='event',
            name='event_duty_by_person',
        ),
        migrations.RemoveIndex(
            model_name='event',
            name='event_gang_by_day',
        ),
        migrations.AddField(
            model_name='event',
            name='fields',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='event',
            name='principal_charge',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True,
                                    on_delete=django.db.models.deletion.DO_NOTHING, related_name='+',
                                    to='cases.charge'),
        ),
        migrations.RunPython(copy_facts, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='event',
            name='principal_charge',
            field=models.ForeignKey(db_constraint=False, db_index=False,
                                    on_delete=django.db.models.deletion.DO_NOTHING, related_name='+',
                                    to='cases.charge'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(condition=models.Q(('duty', True)), fields=['type', 'date', 'rank', 'category', 'procuratorate', 'person', 'case', 'in_absentia', 'recommendation_adopted', 'amount', 'fields', 'principal_charge', 'duty'], name='event_duty_by_day'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(condition=models.Q(('duty', True)), fields=['type', 'procuratorate', 'person', 'date', 'duty'], name='event_duty_by_person'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(condition=models.Q(('gang', True)), fields=['type', 'date', 'procuratorate', 'case', 'person', 'gang'], name='event_gang_by_day'),
        ),
        migrations.RunPython(refresh_statistics, migrations.RunPython.noop),
    ]
