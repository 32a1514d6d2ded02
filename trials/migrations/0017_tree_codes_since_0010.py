"""The condition tree has grown since 0010 (melanoma subtypes, astrocytoma, CNS embryonal
tumour, seminoma, high-grade serous ovarian cancer and more, and NHL as DLBCL's parent): add the
missing codes to existing catalogues and move the moved ones, so the questionnaire offers them
before the next import. Existing rows are otherwise kept as they are."""

from django.db import migrations

from trials.reference import load_conditions


def load(apps, schema_editor):
    load_conditions(apps.get_model("trials", "Condition"))


class Migration(migrations.Migration):
    dependencies = [
        ("trials", "0016_catalogueversion_pages"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
