import django.db.models.deletion
import django.db.models.functions.comparison
import django.db.models.functions.text
from django.db import migrations, models

from jobboard.lib.migrations import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("roles", "0004_survey_moves_to_salaries"),
    ]

    operations = [
        # The tables stay as the roles app made them (db_table); only Django's idea of which
        # app owns each model changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportBatch",
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
                        ("source", models.CharField(max_length=200, unique=True)),
                        ("location", models.CharField(max_length=1000, verbose_name="file or URL")),
                        ("imported", models.PositiveIntegerField(default=0)),
                        ("skipped", models.PositiveIntegerField(default=0)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        "verbose_name_plural": "import batches",
                        "db_table": "roles_importbatch",
                        "ordering": ["-updated_at"],
                    },
                ),
                migrations.CreateModel(
                    name="SalaryReport",
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
                        ("year", models.PositiveSmallIntegerField()),
                        (
                            "level",
                            models.CharField(
                                choices=[
                                    ("entry", "Entry"),
                                    ("mid", "Mid-level"),
                                    ("senior", "Senior"),
                                    ("executive", "Executive"),
                                ],
                                max_length=9,
                            ),
                        ),
                        (
                            "employment_type",
                            models.CharField(
                                choices=[
                                    ("full-time", "Full-time"),
                                    ("part-time", "Part-time"),
                                    ("contract", "Contract"),
                                    ("freelance", "Freelance"),
                                ],
                                max_length=9,
                            ),
                        ),
                        ("job_title", models.CharField(max_length=200)),
                        (
                            "amount",
                            models.BigIntegerField(
                                help_text="In the currency the respondent reported."
                            ),
                        ),
                        ("currency", models.CharField(max_length=3)),
                        ("amount_usd", models.PositiveIntegerField(verbose_name="amount in USD")),
                        (
                            "residence_country",
                            models.CharField(help_text="ISO 3166-1 alpha-2.", max_length=2),
                        ),
                        (
                            "company_country",
                            models.CharField(help_text="ISO 3166-1 alpha-2.", max_length=2),
                        ),
                        (
                            "remote",
                            models.CharField(
                                choices=[
                                    ("onsite", "On-site"),
                                    ("hybrid", "Hybrid"),
                                    ("remote", "Remote"),
                                ],
                                max_length=6,
                            ),
                        ),
                        (
                            "company_size",
                            models.CharField(
                                choices=[("S", "Small"), ("M", "Medium"), ("L", "Large")],
                                max_length=1,
                            ),
                        ),
                        (
                            "batch",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reports",
                                to="salaries.importbatch",
                            ),
                        ),
                        (
                            "role",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="salary_reports",
                                to="roles.role",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "roles_salaryreport",
                        "indexes": [
                            models.Index(
                                fields=["role", "level", "residence_country", "amount_usd"],
                                name="salaryreport_role_level_ctry",
                            ),
                            models.Index(
                                django.db.models.functions.text.Upper("job_title"),
                                name="salaryreport_title_ci",
                            ),
                            models.Index(
                                fields=["level", "residence_country"],
                                name="salaryreport_level_ctry",
                            ),
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("amount__gt", 0)),
                                name="salaryreport_amount_positive",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("amount_usd__gt", 0)),
                                name="salaryreport_amount_usd_positive",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("level__in", ["entry", "mid", "senior", "executive"])
                                ),
                                name="salaryreport_level_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("remote__in", ["onsite", "hybrid", "remote"])),
                                name="salaryreport_remote_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    (
                                        "employment_type__in",
                                        ["full-time", "part-time", "contract", "freelance"],
                                    )
                                ),
                                name="salaryreport_employment_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("company_size__in", ["S", "M", "L"])),
                                name="salaryreport_company_size_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("currency__regex", "^[A-Z]{3}$")),
                                name="salaryreport_currency_code",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("residence_country__regex", "^[A-Z]{2}$"),
                                    ("company_country__regex", "^[A-Z]{2}$"),
                                ),
                                name="salaryreport_country_codes",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("year__gte", 2000), ("year__lte", 2100)),
                                name="salaryreport_year_range",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="SalarySummary",
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
                            "level",
                            models.CharField(
                                choices=[
                                    ("entry", "Entry"),
                                    ("mid", "Mid-level"),
                                    ("senior", "Senior"),
                                    ("executive", "Executive"),
                                ],
                                max_length=9,
                                null=True,
                            ),
                        ),
                        ("country", models.CharField(max_length=2, null=True)),
                        (
                            "remote",
                            models.CharField(
                                choices=[
                                    ("onsite", "On-site"),
                                    ("hybrid", "Hybrid"),
                                    ("remote", "Remote"),
                                ],
                                max_length=6,
                                null=True,
                            ),
                        ),
                        ("year", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("count", models.PositiveIntegerField()),
                        ("p10", models.FloatField(blank=True, null=True)),
                        ("p25", models.FloatField(blank=True, null=True)),
                        ("p50", models.FloatField(blank=True, null=True)),
                        ("p75", models.FloatField(blank=True, null=True)),
                        ("p90", models.FloatField(blank=True, null=True)),
                        (
                            "role",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="salary_summaries",
                                to="roles.role",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "salary summaries",
                        "db_table": "roles_salarysummary",
                        "indexes": [
                            models.Index(
                                fields=["role", "level", "country", "remote", "year"],
                                name="salarysummary_group",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                django.db.models.functions.comparison.Coalesce(
                                    "role", models.Value(0)
                                ),
                                django.db.models.functions.comparison.Coalesce(
                                    "level", models.Value("")
                                ),
                                django.db.models.functions.comparison.Coalesce(
                                    "country", models.Value("")
                                ),
                                django.db.models.functions.comparison.Coalesce(
                                    "remote", models.Value("")
                                ),
                                django.db.models.functions.comparison.Coalesce(
                                    "year", models.Value(0)
                                ),
                                name="salarysummary_group_unique",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("count__gt", 0)),
                                name="salarysummary_count_positive",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="TitleAlias",
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
                        ("title", models.CharField(max_length=200)),
                        (
                            "role",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="title_aliases",
                                to="roles.role",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "title aliases",
                        "db_table": "roles_titlealias",
                        "ordering": ["title"],
                        "constraints": [
                            models.UniqueConstraint(
                                django.db.models.functions.text.Lower("title"),
                                name="titlealias_title_unique_ci",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("title", ""), _negated=True),
                                name="titlealias_title_not_empty",
                            ),
                        ],
                    },
                ),
            ],
        ),
        move_content_types(
            "roles", "salaries", ["importbatch", "salaryreport", "salarysummary", "titlealias"]
        ),
    ]
