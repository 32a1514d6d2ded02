"""Remember which closing of a trial each subscriber was emailed about."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("keep", "0002_emails_in_outbox"),
    ]

    operations = [
        migrations.AddField(
            model_name="trialnotification",
            name="closed_notice_on",
            field=models.DateField(
                blank=True,
                help_text=(
                    "The closing date (the trial's own) that the subscriber was emailed about, "
                    "once the trial closed upstream and was unpublished."
                ),
                null=True,
                verbose_name="told of the closing of",
            ),
        ),
    ]
