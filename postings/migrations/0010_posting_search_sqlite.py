"""Full-text search for postings on SQLite: the FTS5 index (postings/search_sqlite.py).

Runs only on SQLite; PostgreSQL keeps the tsvector column and GIN index of migration 0002.
The triggers that keep the index current are made after every migrate instead
(PostingsConfig.ready): SQLite cannot rebuild a table for a later migration while a
trigger on another table names it."""

from django.db import migrations

from postings import search_sqlite


def forwards(apps, schema_editor) -> None:
    search_sqlite.create_index(schema_editor.connection)


def backwards(apps, schema_editor) -> None:
    search_sqlite.drop_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("postings", "0009_reserved_slugs"),
        ("roles", "0004_survey_moves_to_salaries"),
        ("companies", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
