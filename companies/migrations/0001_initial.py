import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import companies.models
from jobboard.lib.migrations import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("postings", "0006_posting_published_role_hub"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay as the postings app made them (db_table); only Django's idea of which
        # app owns each model changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Company",
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
                        ("name", models.CharField(max_length=160)),
                        ("slug", models.SlugField(max_length=160, unique=True)),
                        ("website", models.URLField(blank=True)),
                        ("description", models.TextField(blank=True, max_length=1000)),
                        (
                            "logo",
                            models.ImageField(
                                blank=True,
                                help_text="PNG, JPEG, GIF or WebP, at most LOGO_MAX_BYTES.",
                                upload_to="logos/",
                                validators=[companies.models.validate_logo],
                            ),
                        ),
                        (
                            "verified",
                            models.BooleanField(
                                default=False,
                                help_text="Set by an admin: postings from a verified company skip the review queue.",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "companies",
                        "db_table": "postings_company",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="Membership",
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
                        (
                            "role",
                            models.CharField(
                                choices=[("owner", "Owner"), ("member", "Member")],
                                default="member",
                                max_length=6,
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "company",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="memberships",
                                to="companies.company",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="memberships",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "postings_membership",
                        "ordering": ["company__name"],
                    },
                ),
                migrations.AddField(
                    model_name="company",
                    name="members",
                    field=models.ManyToManyField(
                        related_name="companies",
                        through="companies.Membership",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AddConstraint(
                    model_name="membership",
                    constraint=models.UniqueConstraint(
                        fields=("user", "company"), name="membership_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="membership",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("role__in", ["owner", "member"])),
                        name="membership_role_valid",
                    ),
                ),
            ],
        ),
        move_content_types("postings", "companies", ["company", "membership"]),
    ]
