"""Load the condition tree and the general FAQ entries."""

from django.db import migrations

from trials.reference import load_reference_data


def load(apps, schema_editor):
    load_reference_data(apps.get_model("trials", "Condition"), apps.get_model("trials", "FAQ"))


def unload(apps, schema_editor):
    apps.get_model("trials", "FAQ").objects.filter(trial__isnull=True).delete()
    apps.get_model("trials", "Condition").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("trials", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
