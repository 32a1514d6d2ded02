"""Saved results, share links, subscriptions and trial notifications, moved here from `matcher`
with their tables (renamed by matcher 0002); their content types follow."""

import django.db.models.deletion
import keep.models
from django.db import migrations, models


MOVED = ("savedresult", "sharelink", "subscription", "trialnotification")


def move_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    content_type.objects.using(db).filter(app_label="matcher", model__in=MOVED).update(
        app_label="keep"
    )


def move_content_types_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    content_type.objects.using(db).filter(app_label="keep", model__in=MOVED).update(
        app_label="matcher"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('trials', '0007_move_contact_requests'),
        ('matcher', '0002_move_kept_results'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='SavedResult',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('owner_token_hash', models.CharField(editable=False, max_length=64, unique=True)),
                    ('mode', models.CharField(choices=[('patient', 'Patient or carer'), ('clinician', 'Clinician')], default='patient', max_length=16, verbose_name='mode')),
                    ('language', models.CharField(max_length=16, verbose_name='language')),
                    ('answers', models.JSONField(default=dict, verbose_name='answers')),
                    ('answered_on', models.JSONField(default=dict, help_text='The date each answer was given.', verbose_name='answered on')),
                    ('note', models.TextField(blank=True, verbose_name='private note')),
                    ('consent_text', models.TextField(verbose_name='consent given')),
                    ('saved_on', models.DateField(verbose_name='saved on')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ],
                options={
                    'verbose_name': 'saved result',
                    'verbose_name_plural': 'saved results',
                    'ordering': ['-created_at'],
                },
            ),
            migrations.CreateModel(
                name='Subscription',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('key', models.CharField(default=keep.models.new_token, editable=False, max_length=64, unique=True)),
                    ('email', models.EmailField(max_length=254, verbose_name='email')),
                    ('language', models.CharField(max_length=16, verbose_name='language')),
                    ('mode', models.CharField(choices=[('patient', 'Patient or carer'), ('clinician', 'Clinician')], default='patient', max_length=16, verbose_name='mode')),
                    ('answers', models.JSONField(default=dict, verbose_name='answers')),
                    ('answered_on', models.JSONField(default=dict, verbose_name='answered on')),
                    ('consent_text', models.TextField(verbose_name='consent given')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmed')),
                    ('confirmation_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmation sent')),
                    ('email_attempts', models.PositiveSmallIntegerField(default=0, verbose_name='confirmation attempts')),
                    ('email_last_error', models.TextField(blank=True, verbose_name='last email error')),
                ],
                options={
                    'verbose_name': 'notification subscription',
                    'verbose_name_plural': 'notification subscriptions',
                    'ordering': ['-created_at'],
                },
            ),
            migrations.CreateModel(
                name='ShareLink',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('token_hash', models.CharField(editable=False, max_length=64, unique=True)),
                    ('passcode_hash', models.CharField(editable=False, max_length=256)),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('expires_at', models.DateTimeField(verbose_name='expires')),
                    ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='withdrawn')),
                    ('failed_attempts', models.PositiveSmallIntegerField(default=0, verbose_name='wrong passcodes')),
                    ('locked_at', models.DateTimeField(blank=True, null=True, verbose_name='locked')),
                    ('last_opened_at', models.DateTimeField(blank=True, null=True, verbose_name='last opened')),
                    ('saved_result', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='share_links', to='keep.savedresult')),
                ],
                options={
                    'verbose_name': 'share link',
                    'verbose_name_plural': 'share links',
                    'ordering': ['-created_at'],
                },
            ),
            migrations.CreateModel(
                name='TrialNotification',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('shown', 'Already on their results at sign-up'), ('email', 'Emailed')], max_length=8, verbose_name='kind')),
                    ('verdict', models.CharField(max_length=32, verbose_name='verdict')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent')),
                    ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                    ('last_error', models.TextField(blank=True, verbose_name='last error')),
                    ('subscription', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='keep.subscription')),
                    ('trial', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='trials.trial', verbose_name='trial')),
                ],
                options={
                    'verbose_name': 'trial notification',
                    'verbose_name_plural': 'trial notifications',
                    'ordering': ['-created_at'],
                    'constraints': [models.UniqueConstraint(fields=('subscription', 'trial'), name='one_notification_per_trial')],
                },
            ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
