"""Pay in 64-bit columns, and currencies always three capital letters.

An hourly rate above about a million overflowed the yearly figure computed from the 32-bit
maximum. The yearly figure is a generated column that depends on the maximum, so it (and
its index) are dropped while the columns widen, then made again from the same expression.
"""

import django.core.validators
import django.db.models.expressions
from django.db import migrations, models


def currencies_in_capitals(apps, schema_editor):
    """The API used to store a currency as typed; the new constraint wants ISO codes. A
    value that is no code at all becomes XXX, ISO 4217's "no currency"."""
    posting = apps.get_model("postings", "Posting")
    for pk, currency in posting.objects.values_list("pk", "salary_currency"):
        fixed = currency.strip().upper()
        if not (len(fixed) == 3 and fixed.isascii() and fixed.isalpha()):
            fixed = "XXX"
        if fixed != currency:
            posting.objects.filter(pk=pk).update(salary_currency=fixed)


def yearly_maximum() -> models.GeneratedField:
    return models.GeneratedField(
        db_persist=True,
        expression=models.Case(
            models.When(
                salary_period="month",
                then=django.db.models.expressions.CombinedExpression(
                    models.F("salary_max"), "*", models.Value(12)
                ),
            ),
            models.When(
                salary_period="hour",
                then=django.db.models.expressions.CombinedExpression(
                    models.F("salary_max"), "*", models.Value(2080)
                ),
            ),
            default=models.F("salary_max"),
            output_field=models.BigIntegerField(),
        ),
        output_field=models.BigIntegerField(),
    )


SALARY_INDEX = models.Index(
    models.OrderBy(models.F("salary_max_annual"), descending=True),
    condition=models.Q(("status", "published")),
    name="posting_published_salary",
)


class Migration(migrations.Migration):
    dependencies = [
        ("postings", "0007_models_move_to_their_apps"),
    ]

    operations = [
        migrations.RunPython(currencies_in_capitals, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="posting", name="posting_published_salary"),
        migrations.RemoveField(model_name="posting", name="salary_max_annual"),
        migrations.AlterField(
            model_name="posting",
            name="salary_min",
            field=models.PositiveBigIntegerField(verbose_name="minimum salary"),
        ),
        migrations.AlterField(
            model_name="posting",
            name="salary_max",
            field=models.PositiveBigIntegerField(verbose_name="maximum salary"),
        ),
        migrations.AddField(model_name="posting", name="salary_max_annual", field=yearly_maximum()),
        migrations.AddIndex(model_name="posting", index=SALARY_INDEX),
        migrations.AlterField(
            model_name="posting",
            name="salary_currency",
            field=models.CharField(
                default="USD",
                max_length=3,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[A-Z]{3}$",
                        "Give a three-letter currency code such as USD.",
                        code="invalid_currency",
                    )
                ],
            ),
        ),
        migrations.AddConstraint(
            model_name="posting",
            constraint=models.CheckConstraint(
                condition=models.Q(("salary_currency__regex", "^[A-Z]{3}$")),
                name="posting_salary_currency_code",
            ),
        ),
    ]
