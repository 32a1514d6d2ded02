"""Formerly created the Coordinators group; contact requests now live in the `contact` app,
whose first migration creates (or completes) the group. Kept so the migration graph is intact."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("trials", "0003_contact_requests"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = []
