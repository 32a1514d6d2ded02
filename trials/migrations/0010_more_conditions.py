"""The condition tree grows (lung, breast, digestive, urological and other solid tumours, and
lymphomas, leukaemias and myeloma outside SOLID): add the new codes to existing catalogues, so
the questionnaire offers them before the next import. Existing rows are kept as they are."""

from django.db import migrations

from trials.reference import load_conditions


def load(apps, schema_editor):
    load_conditions(apps.get_model("trials", "Condition"))


class Migration(migrations.Migration):
    dependencies = [
        ("trials", "0009_criterion_scope_and_coverage"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
