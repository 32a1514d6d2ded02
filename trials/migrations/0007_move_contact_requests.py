"""Contact requests move to the `contact` app: the tables are renamed here, and the models are
created in `contact`'s state by its first migration, so every stored request is kept."""

from django.db import migrations

MOVED = ("contactrequest", "historicalcontactrequest", "contactrequestaccess")


class Migration(migrations.Migration):
    dependencies = [
        ("trials", "0006_status_not_stated"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                *(migrations.AlterModelTable(name, f"contact_{name}") for name in MOVED),
                migrations.RenameIndex(
                    model_name="contactrequest",
                    new_name="contact_con_status_5febac_idx",
                    old_name="trials_cont_status_865356_idx",
                ),
            ],
            state_operations=[
                migrations.DeleteModel("contactrequestaccess"),
                migrations.DeleteModel("historicalcontactrequest"),
                migrations.DeleteModel("contactrequest"),
            ],
        )
    ]
