"""The Coordinators group, with the permissions to review and update contact requests."""

from django.db import migrations

from trials.coordinators import setup_coordinators_group


def create_group(apps, schema_editor):
    setup_coordinators_group(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("trials", "0003_contact_requests"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
