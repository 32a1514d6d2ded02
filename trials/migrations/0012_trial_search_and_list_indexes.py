"""A stored full-text search document per trial (GIN-indexed on PostgreSQL), and indexes for
the trial list's order and the home page's count of recruiting trials."""

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
    dependencies = [("trials", "0011_sites_places_and_sync_runs")]

    operations = [
        migrations.AddField(
            model_name="trial",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True
            ),
        ),
        migrations.RunPython(create_index, drop_index),
        migrations.AddIndex(
            model_name="trial",
            index=models.Index(fields=["published", "brief_title"], name="trial_list_order"),
        ),
        migrations.AddIndex(
            model_name="trial",
            index=models.Index(
                fields=["published", "overall_status"], name="trial_published_status"
            ),
        ),
    ]
