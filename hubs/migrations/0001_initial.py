import django.db.models.deletion
import django.db.models.expressions
import django.db.models.lookups
from django.db import migrations, models

from jobboard.lib.migrations import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("postings", "0006_posting_published_role_hub"),
        ("roles", "0003_salary_survey"),
    ]

    operations = [
        # The tables stay as the postings app made them (db_table); only Django's idea of which
        # app owns each model changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Hub",
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
                        ("name", models.CharField(max_length=120)),
                        ("slug", models.SlugField(max_length=120, unique=True)),
                        (
                            "region",
                            models.CharField(
                                blank=True, help_text="State or province.", max_length=60
                            ),
                        ),
                        (
                            "country",
                            models.CharField(
                                blank=True, help_text="ISO 3166-1 alpha-2 code.", max_length=2
                            ),
                        ),
                        (
                            "is_remote",
                            models.BooleanField(
                                default=False,
                                help_text="The remote market as the sources report it, not a city.",
                            ),
                        ),
                        (
                            "reported_postings",
                            models.PositiveIntegerField(
                                blank=True,
                                help_text="AI job postings the source reports.",
                                null=True,
                            ),
                        ),
                        (
                            "growth_pct",
                            models.IntegerField(
                                blank=True,
                                help_text="Reported growth in AI postings.",
                                null=True,
                                verbose_name="two-year growth (%)",
                            ),
                        ),
                        (
                            "avg_salary",
                            models.PositiveIntegerField(
                                blank=True,
                                help_text="A year.",
                                null=True,
                                verbose_name="average AI base salary",
                            ),
                        ),
                        ("avg_salary_currency", models.CharField(blank=True, max_length=3)),
                        (
                            "cost_of_living_index",
                            models.PositiveSmallIntegerField(
                                blank=True, help_text="San Francisco = 100.", null=True
                            ),
                        ),
                        (
                            "cost_of_living_low",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                help_text="When the source gives a range instead of one index.",
                                null=True,
                            ),
                        ),
                        (
                            "cost_of_living_high",
                            models.PositiveSmallIntegerField(blank=True, null=True),
                        ),
                        (
                            "net_income_advantage_pct",
                            models.SmallIntegerField(
                                blank=True,
                                help_text="Against San Francisco.",
                                null=True,
                                verbose_name="net income advantage (%)",
                            ),
                        ),
                        (
                            "net_income_advantage_low",
                            models.SmallIntegerField(blank=True, null=True),
                        ),
                        (
                            "net_income_advantage_high",
                            models.SmallIntegerField(blank=True, null=True),
                        ),
                        (
                            "description",
                            models.TextField(blank=True, help_text="In our own words."),
                        ),
                        (
                            "source",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="roles.source",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "postings_hub",
                        "ordering": ["name"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("cost_of_living_index__isnull", True),
                                    ("cost_of_living_index__gt", 0),
                                    _connector="OR",
                                ),
                                name="hub_cost_index_positive",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("cost_of_living_low__isnull", True),
                                    ("cost_of_living_high__isnull", True),
                                    ("cost_of_living_low__lte", models.F("cost_of_living_high")),
                                    _connector="OR",
                                ),
                                name="hub_cost_range_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("net_income_advantage_low__isnull", True),
                                    ("net_income_advantage_high__isnull", True),
                                    (
                                        "net_income_advantage_low__lte",
                                        models.F("net_income_advantage_high"),
                                    ),
                                    _connector="OR",
                                ),
                                name="hub_advantage_range_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("avg_salary__isnull", True),
                                    models.Q(("avg_salary_currency", ""), _negated=True),
                                    _connector="OR",
                                ),
                                name="hub_salary_has_currency",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ReportedWorkSplit",
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
                        ("remote_pct", models.PositiveSmallIntegerField()),
                        ("hybrid_pct", models.PositiveSmallIntegerField()),
                        ("onsite_pct", models.PositiveSmallIntegerField()),
                        (
                            "source",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="roles.source",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "postings_reportedworksplit",
                        "constraints": [
                            models.CheckConstraint(
                                condition=django.db.models.lookups.Exact(
                                    django.db.models.expressions.CombinedExpression(
                                        django.db.models.expressions.CombinedExpression(
                                            models.F("remote_pct"), "+", models.F("hybrid_pct")
                                        ),
                                        "+",
                                        models.F("onsite_pct"),
                                    ),
                                    100,
                                ),
                                name="reportedworksplit_sums_to_100",
                                violation_error_message="The remote, hybrid and on-site shares must add up to 100.",
                            )
                        ],
                    },
                ),
            ],
        ),
        move_content_types("postings", "hubs", ["hub", "reportedworksplit"]),
    ]
