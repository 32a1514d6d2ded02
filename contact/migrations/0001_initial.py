"""Contact requests, their history and the access log, moved here from `trials` with their
tables (renamed by trials 0007); their content types follow, so permissions and admin history
keep pointing at them. Then the Coordinators group is created or completed."""

import django.db.models.deletion
import phonenumber_field.modelfields
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from contact.coordinators import setup_coordinators_group

MOVED = ("contactrequest", "historicalcontactrequest", "contactrequestaccess")


def move_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    content_type.objects.using(db).filter(app_label="trials", model__in=MOVED).update(
        app_label="contact"
    )


def move_content_types_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    content_type.objects.using(db).filter(app_label="contact", model__in=MOVED).update(
        app_label="trials"
    )


def create_group(apps, schema_editor):
    setup_coordinators_group(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('trials', '0007_move_contact_requests'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='ContactRequest',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('first_name', models.CharField(max_length=100, verbose_name='first name')),
                    ('last_name', models.CharField(max_length=100, verbose_name='last name')),
                    ('email', models.EmailField(max_length=254, verbose_name='email')),
                    ('phone', phonenumber_field.modelfields.PhoneNumberField(max_length=128, region=None, verbose_name='phone number')),
                    ('other_language', models.CharField(blank=True, choices=[('mandarin', 'Mandarin'), ('cantonese', 'Cantonese'), ('english', 'English'), ('malay', 'Malay'), ('vietnamese', 'Vietnamese'), ('other', 'Another language')], max_length=16, verbose_name='other language')),
                    ('location', models.CharField(blank=True, max_length=120, verbose_name='where they live')),
                    ('message', models.TextField(blank=True, verbose_name='message')),
                    ('consent_text', models.TextField(help_text='The consent sentence exactly as the person ticked it.', verbose_name='consent given')),
                    ('consented_at', models.DateTimeField(verbose_name='consent given at')),
                    ('prescreen_summary', models.JSONField(blank=True, help_text='Questionnaire answers and results, stored only when the person chose to.', null=True, verbose_name='pre-screen summary')),
                    ('language', models.CharField(help_text='Emails to the person use it.', max_length=16, verbose_name='language of the site')),
                    ('source', models.CharField(choices=[('trial_page', 'Trial page'), ('result', 'Questionnaire result')], default='trial_page', max_length=16, verbose_name='sent from')),
                    ('form_token', models.UUIDField(editable=False, unique=True, verbose_name='form token')),
                    ('status', models.CharField(choices=[('new', 'New'), ('contacted', 'Contacted'), ('prescreened', 'Pre-screened'), ('referred', 'Referred to investigator'), ('enrolled', 'Enrolled'), ('not_eligible', 'Not eligible'), ('withdrawn', 'Withdrawn')], default='new', max_length=16, verbose_name='status')),
                    ('closing_reason', models.TextField(blank=True, help_text='Required when the request is enrolled, not eligible or withdrawn.', verbose_name='reason for closing')),
                    ('internal_notes', models.TextField(blank=True, help_text="Seen only by the site's coordinators.", verbose_name='internal notes')),
                    ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='received')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('status_changed_at', models.DateTimeField(blank=True, null=True, verbose_name='status changed')),
                    ('coordinator_notified_at', models.DateTimeField(blank=True, null=True, verbose_name='coordinators notified')),
                    ('coordinator_email_attempts', models.PositiveSmallIntegerField(default=0, verbose_name='notification attempts')),
                    ('copy_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='copy sent to the person')),
                    ('copy_email_attempts', models.PositiveSmallIntegerField(default=0, verbose_name='copy attempts')),
                    ('email_last_error', models.TextField(blank=True, verbose_name='last email error')),
                    ('email_last_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='last email attempt')),
                    ('site', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contact_requests', to='trials.site', verbose_name='site')),
                    ('trial', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contact_requests', to='trials.trial', verbose_name='trial')),
                ],
                options={
                    'verbose_name': 'contact request',
                    'verbose_name_plural': 'contact requests',
                    'ordering': ['-created_at'],
                },
            ),
            migrations.CreateModel(
                name='ContactRequestAccess',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('viewed_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='viewed at')),
                    ('contact_request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='accesses', to='contact.contactrequest', verbose_name='contact request')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contact_request_accesses', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                ],
                options={
                    'verbose_name': 'access to a contact request',
                    'verbose_name_plural': 'accesses to contact requests',
                    'ordering': ['-viewed_at'],
                },
            ),
            migrations.CreateModel(
                name='HistoricalContactRequest',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('first_name', models.CharField(max_length=100, verbose_name='first name')),
                    ('last_name', models.CharField(max_length=100, verbose_name='last name')),
                    ('email', models.EmailField(max_length=254, verbose_name='email')),
                    ('phone', phonenumber_field.modelfields.PhoneNumberField(max_length=128, region=None, verbose_name='phone number')),
                    ('other_language', models.CharField(blank=True, choices=[('mandarin', 'Mandarin'), ('cantonese', 'Cantonese'), ('english', 'English'), ('malay', 'Malay'), ('vietnamese', 'Vietnamese'), ('other', 'Another language')], max_length=16, verbose_name='other language')),
                    ('location', models.CharField(blank=True, max_length=120, verbose_name='where they live')),
                    ('message', models.TextField(blank=True, verbose_name='message')),
                    ('consent_text', models.TextField(help_text='The consent sentence exactly as the person ticked it.', verbose_name='consent given')),
                    ('consented_at', models.DateTimeField(verbose_name='consent given at')),
                    ('prescreen_summary', models.JSONField(blank=True, help_text='Questionnaire answers and results, stored only when the person chose to.', null=True, verbose_name='pre-screen summary')),
                    ('language', models.CharField(help_text='Emails to the person use it.', max_length=16, verbose_name='language of the site')),
                    ('source', models.CharField(choices=[('trial_page', 'Trial page'), ('result', 'Questionnaire result')], default='trial_page', max_length=16, verbose_name='sent from')),
                    ('form_token', models.UUIDField(db_index=True, editable=False, verbose_name='form token')),
                    ('status', models.CharField(choices=[('new', 'New'), ('contacted', 'Contacted'), ('prescreened', 'Pre-screened'), ('referred', 'Referred to investigator'), ('enrolled', 'Enrolled'), ('not_eligible', 'Not eligible'), ('withdrawn', 'Withdrawn')], default='new', max_length=16, verbose_name='status')),
                    ('closing_reason', models.TextField(blank=True, help_text='Required when the request is enrolled, not eligible or withdrawn.', verbose_name='reason for closing')),
                    ('internal_notes', models.TextField(blank=True, help_text="Seen only by the site's coordinators.", verbose_name='internal notes')),
                    ('created_at', models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name='received')),
                    ('status_changed_at', models.DateTimeField(blank=True, null=True, verbose_name='status changed')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('site', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='trials.site', verbose_name='site')),
                    ('trial', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='trials.trial', verbose_name='trial')),
                ],
                options={
                    'verbose_name': 'historical contact request',
                    'verbose_name_plural': 'historical contact requests',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.AddIndex(
                model_name='contactrequest',
                index=models.Index(fields=['status', 'created_at'], name='contact_con_status_5febac_idx'),
            ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.RunPython(create_group, migrations.RunPython.noop),
    ]
