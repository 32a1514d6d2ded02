"""Saved results, share links and subscriptions move to the `keep` app: the tables are renamed
here, and the models are created in `keep`'s state by its first migration, so nothing is lost."""

from django.db import migrations

MOVED = ("savedresult", "sharelink", "subscription", "trialnotification")


class Migration(migrations.Migration):
    dependencies = [
        ("matcher", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name, f"keep_{name}") for name in MOVED
            ],
            state_operations=[
                migrations.DeleteModel("sharelink"),
                migrations.DeleteModel("trialnotification"),
                migrations.DeleteModel("savedresult"),
                migrations.DeleteModel("subscription"),
            ],
        )
    ]
