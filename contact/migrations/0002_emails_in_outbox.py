"""A contact request's two emails move to the outbox: each request's delivery state becomes
two outbox messages (sent, failed, or queued to be sent by the next worker), then the old
fields go."""

from django.db import migrations


MAX_ATTEMPTS = 10  # what the contact emails allowed when these fields were written


def to_outbox(apps, schema_editor):
    contact_request = apps.get_model("contact", "ContactRequest")
    message = apps.get_model("outbox", "Message")
    db = schema_editor.connection.alias
    rows = []
    for row in contact_request.objects.using(db).iterator():
        topic = f"contact-request:{row.pk}"
        for name, kind, sent_at, attempts in (
            ("coordinators", "contact.coordinators", row.coordinator_notified_at,
             row.coordinator_email_attempts),
            ("copy", "contact.copy", row.copy_sent_at, row.copy_email_attempts),
        ):
            status = "sent" if sent_at else "failed" if attempts >= MAX_ATTEMPTS else "queued"
            rows.append(
                message(
                    key=f"{topic}:{name}",
                    kind=kind,
                    args={"contact_request": row.pk},
                    topic=topic,
                    status=status,
                    attempts=attempts,
                    last_error="" if sent_at else row.email_last_error,
                    last_attempt_at=row.email_last_attempt_at,
                    sent_at=sent_at,
                )
            )
    message.objects.using(db).bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ('contact', '0001_initial'),
        ('outbox', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(to_outbox, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='contactrequest',
            name='coordinator_email_attempts',
        ),
        migrations.RemoveField(
            model_name='contactrequest',
            name='coordinator_notified_at',
        ),
        migrations.RemoveField(
            model_name='contactrequest',
            name='copy_email_attempts',
        ),
        migrations.RemoveField(
            model_name='contactrequest',
            name='copy_sent_at',
        ),
        migrations.RemoveField(
            model_name='contactrequest',
            name='email_last_attempt_at',
        ),
        migrations.RemoveField(
            model_name='contactrequest',
            name='email_last_error',
        ),
    ]
