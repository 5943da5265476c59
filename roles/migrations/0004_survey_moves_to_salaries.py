from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0003_salary_survey"),
    ]

    operations = [
        # The salary survey moves to the salaries app; its tables stay (db_table).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="salaryreport",
                    name="batch",
                ),
                migrations.RemoveField(
                    model_name="salaryreport",
                    name="role",
                ),
                migrations.RemoveField(
                    model_name="salarysummary",
                    name="role",
                ),
                migrations.RemoveField(
                    model_name="titlealias",
                    name="role",
                ),
                migrations.DeleteModel(
                    name="ImportBatch",
                ),
                migrations.DeleteModel(
                    name="SalaryReport",
                ),
                migrations.DeleteModel(
                    name="SalarySummary",
                ),
                migrations.DeleteModel(
                    name="TitleAlias",
                ),
            ],
        ),
    ]
