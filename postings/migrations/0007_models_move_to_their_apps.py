import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0001_initial"),
        ("hubs", "0001_initial"),
        ("postings", "0006_posting_published_role_hub"),
    ]

    operations = [
        # Hubs, companies and the candidates' rows move to apps of their own; their tables stay.
        # Only Django's record of the models changes here, and the posting's foreign keys follow.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="alertdelivery",
                    name="alert",
                ),
                migrations.RemoveField(
                    model_name="alertdelivery",
                    name="posting",
                ),
                migrations.RemoveField(
                    model_name="company",
                    name="members",
                ),
                migrations.RemoveField(
                    model_name="membership",
                    name="company",
                ),
                migrations.AlterField(
                    model_name="posting",
                    name="company",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="postings",
                        to="companies.company",
                    ),
                ),
                migrations.RemoveField(
                    model_name="hub",
                    name="source",
                ),
                migrations.AlterField(
                    model_name="posting",
                    name="hub",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Where the work is. Leave empty only for a remote job open anywhere.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="postings",
                        to="hubs.hub",
                    ),
                ),
                migrations.RemoveField(
                    model_name="membership",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="reportedworksplit",
                    name="source",
                ),
                migrations.RemoveField(
                    model_name="savedposting",
                    name="posting",
                ),
                migrations.RemoveField(
                    model_name="savedposting",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="JobAlert",
                ),
                migrations.DeleteModel(
                    name="AlertDelivery",
                ),
                migrations.DeleteModel(
                    name="Company",
                ),
                migrations.DeleteModel(
                    name="Hub",
                ),
                migrations.DeleteModel(
                    name="Membership",
                ),
                migrations.DeleteModel(
                    name="ReportedWorkSplit",
                ),
                migrations.DeleteModel(
                    name="SavedPosting",
                ),
            ],
        ),
    ]
