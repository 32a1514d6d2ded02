"""A stored recruitment rank per trial (0 recruiting, 1 not yet, 2 the rest) and an index in the
trial list's order: published, rank, title, id."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('trials', '0014_faq_seed_texts'),
    ]

    operations = [
        migrations.AddField(
            model_name='trial',
            name='recruitment_rank',
            field=models.GeneratedField(db_persist=True, expression=models.Case(models.When(overall_status='RECRUITING', then=models.Value(0)), models.When(overall_status='NOT_YET_RECRUITING', then=models.Value(1)), default=models.Value(2), output_field=models.IntegerField()), output_field=models.PositiveSmallIntegerField()),
        ),
        migrations.AddIndex(
            model_name='trial',
            index=models.Index(fields=['published', 'recruitment_rank', 'brief_title', 'id'], name='trial_recruiting_first'),
        ),
    ]
