"""Full-text search for postings on SQLite: an FTS5 index and the triggers that keep it
current (postings/search_sqlite.py). Runs only on SQLite; PostgreSQL keeps the tsvector
column and GIN index of migration 0002."""

from django.db import migrations

from postings import search_sqlite


def forwards(apps, schema_editor) -> None:
    search_sqlite.ensure_index(schema_editor.connection)


def backwards(apps, schema_editor) -> None:
    search_sqlite.drop_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("postings", "0007_models_move_to_their_apps"),
        ("roles", "0004_survey_moves_to_salaries"),
        ("companies", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
