"""Subscription emails move to the outbox: each confirmation and trial email becomes an outbox
message (sent, or queued to be sent by the next worker), then the old fields go. Also the one
row that remembers which catalogue version subscribers were last matched against."""

from django.db import migrations, models


def to_outbox(apps, schema_editor):
    subscription = apps.get_model("keep", "Subscription")
    notification = apps.get_model("keep", "TrialNotification")
    message = apps.get_model("outbox", "Message")
    db = schema_editor.connection.alias
    rows = []
    for row in subscription.objects.using(db).iterator():
        if row.confirmation_sent_at or row.confirmed_at is None:
            rows.append(
                message(
                    key=f"subscription:{row.key}:confirmation",
                    kind="keep.confirmation",
                    args={"subscription": row.pk},
                    topic=f"subscription:{row.pk}",
                    status="sent" if row.confirmation_sent_at else "queued",
                    attempts=row.email_attempts,
                    last_error=row.email_last_error,
                    sent_at=row.confirmation_sent_at,
                )
            )
    for row in notification.objects.using(db).filter(kind="email").iterator():
        rows.append(
            message(
                key=f"trial-notification:{row.pk}",
                kind="keep.trial",
                args={"notification": row.pk},
                topic=f"subscription:{row.subscription_id}",
                status="sent" if row.sent_at else "queued",
                attempts=row.attempts,
                last_error=row.last_error,
                sent_at=row.sent_at,
            )
        )
    message.objects.using(db).bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ('keep', '0001_initial'),
        ('outbox', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(to_outbox, migrations.RunPython.noop),
        migrations.CreateModel(
            name='MatchState',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('catalogue_version', models.PositiveBigIntegerField(default=0)),
                ('matched_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 're-matching state',
            },
        ),
        migrations.RemoveField(
            model_name='subscription',
            name='confirmation_sent_at',
        ),
        migrations.RemoveField(
            model_name='subscription',
            name='email_attempts',
        ),
        migrations.RemoveField(
            model_name='subscription',
            name='email_last_error',
        ),
        migrations.RemoveField(
            model_name='trialnotification',
            name='attempts',
        ),
        migrations.RemoveField(
            model_name='trialnotification',
            name='last_error',
        ),
        migrations.RemoveField(
            model_name='trialnotification',
            name='sent_at',
        ),
    ]
