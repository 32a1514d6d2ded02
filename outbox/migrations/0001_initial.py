"""The outbox: one table of outgoing email."""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Message',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(editable=False, max_length=200, unique=True, verbose_name='idempotency key')),
                ('kind', models.CharField(max_length=64, verbose_name='kind')),
                ('args', models.JSONField(default=dict, verbose_name='arguments')),
                ('topic', models.CharField(db_index=True, help_text='What the message is about, e.g. a contact request.', max_length=100, verbose_name='about')),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('sending', 'Being sent'), ('sent', 'Sent'), ('failed', 'Failed: gave up'), ('cancelled', 'Not needed any more')], default='queued', max_length=16, verbose_name='status')),
                ('recipients', models.JSONField(blank=True, default=list, verbose_name='recipients')),
                ('subject', models.CharField(blank=True, max_length=300, verbose_name='subject')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                ('last_error', models.TextField(blank=True, verbose_name='last error')),
                ('last_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='last attempt')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='queued at')),
            ],
            options={
                'verbose_name': 'outgoing email',
                'verbose_name_plural': 'outgoing emails',
                'ordering': ['-created_at', '-pk'],
            },
        ),
    ]
