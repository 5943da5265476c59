"""Helpers for migrations that move models between apps without touching their tables."""

from django.db import migrations


def move_content_types(old_app: str, new_app: str, models: list[str]) -> migrations.RunPython:
    """Relabel the models' content types from `old_app` to `new_app` (and back when
    unapplied), so their permissions, the groups holding them and the admin's history
    follow the models instead of being made anew, empty, for the new app."""

    def relabel(apps, from_app: str, to_app: str) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        for model in models:
            old = content_type.objects.filter(app_label=from_app, model=model).first()
            if old is None:
                continue  # a database made after the move: nothing to carry over
            # A content type made for the new label in the meantime holds nothing worth
            # keeping beside the old one, which the groups' permissions point to.
            content_type.objects.filter(app_label=to_app, model=model).delete()
            old.app_label = to_app
            old.save(update_fields=["app_label"])

    def forwards(apps, schema_editor) -> None:
        relabel(apps, old_app, new_app)

    def backwards(apps, schema_editor) -> None:
        relabel(apps, new_app, old_app)

    return migrations.RunPython(forwards, backwards)
