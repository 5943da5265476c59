import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from jobboard.lib.migrations import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("postings", "0007_models_move_to_their_apps"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay as the postings app made them (db_table); only Django's idea of which
        # app owns each model changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="JobAlert",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("email", models.EmailField(max_length=254, verbose_name="e-mail address")),
                        ("query", models.TextField(blank=True)),
                        (
                            "frequency",
                            models.CharField(
                                choices=[("daily", "Daily"), ("weekly", "Weekly")],
                                default="daily",
                                max_length=6,
                            ),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("confirmed_at", models.DateTimeField(blank=True, null=True)),
                        ("last_run_at", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        "db_table": "postings_jobalert",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [
                            models.Index(
                                condition=models.Q(("confirmed_at__isnull", False)),
                                fields=["frequency", "last_run_at"],
                                name="job_alert_due",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("email", "query"), name="job_alert_once_per_search"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("frequency__in", ["daily", "weekly"])),
                                name="job_alert_frequency_valid",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="AlertDelivery",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("sent_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "posting",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="alert_deliveries",
                                to="postings.posting",
                            ),
                        ),
                        (
                            "alert",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="deliveries",
                                to="candidates.jobalert",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "alert deliveries",
                        "db_table": "postings_alertdelivery",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("alert", "posting"), name="alert_delivery_once"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="SavedPosting",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("saved_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "posting",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="saves",
                                to="postings.posting",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="saved_postings",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "postings_savedposting",
                        "ordering": ["-saved_at", "-id"],
                        "indexes": [
                            models.Index(
                                models.F("user"),
                                models.OrderBy(models.F("saved_at"), descending=True),
                                name="saved_posting_user_recent",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "posting"), name="saved_posting_once_per_user"
                            )
                        ],
                    },
                ),
            ],
        ),
        move_content_types("postings", "candidates", ["savedposting", "jobalert", "alertdelivery"]),
    ]
