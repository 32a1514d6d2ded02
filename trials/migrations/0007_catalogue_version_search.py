"""A one-row catalogue version counter, and a stored full-text search document per trial."""

import django.contrib.postgres.search
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

INDEX = "trials_trial_search_gin"
FILL = """
UPDATE trials_trial t SET search_document =
  setweight(to_tsvector('english', coalesce(t.brief_title, '')), 'A')
  || setweight(to_tsvector('english', concat_ws(' ', t.nct_id, t.official_title, t.sponsor,
       t.brief_summary,
       (SELECT string_agg(concat_ws(' ', c.code, c.name, c.name_zh_hans), ' ')
          FROM trials_trial_conditions tc JOIN trials_condition c ON c.id = tc.condition_id
         WHERE tc.trial_id = t.id))), 'B')
"""


def first_version(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("trials", "CatalogueVersion").objects.get_or_create(pk=1)


def create_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """A GIN index on PostgreSQL; SQLite searches by substring and needs none."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON trials_trial USING gin (search_document)"
        )
        # Existing trials get their document now; later changes keep it up to date.
        schema_editor.execute(FILL)


def drop_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("trials", "0006_status_not_stated")]

    operations = [
        migrations.CreateModel(
            name="CatalogueVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.PositiveBigIntegerField(default=0, verbose_name="version")),
            ],
            options={
                "verbose_name": "catalogue version",
                "verbose_name_plural": "catalogue versions",
            },
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
        migrations.AddField(
            model_name="trial",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True
            ),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
