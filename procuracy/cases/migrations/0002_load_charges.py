from django.db import migrations


def load(apps, schema_editor):
    from procuracy.cases.loading import load_charges

    load_charges(apps.get_model("cases", "Charge"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
