from django.db import migrations


def load(apps, schema_editor):
    from procuracy.organizations.loading import load_procuratorates

    load_procuratorates(apps.get_model("organizations", "Procuratorate"))


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
