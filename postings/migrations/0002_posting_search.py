"""Full-text search for postings on PostgreSQL.

The search vector mixes the posting's own text with the names of its role and company,
which live in other tables, so neither a generated column nor Posting.save() can keep it
current on its own: bulk_create (seed_demo), queryset.update() and a renamed role or
company would all leave it stale. Triggers can, whatever writes the rows:

- before a posting is inserted, or its title, description, role, company or vector is
  written, the vector is recomputed from the row and the two names;
- after a role or company is renamed, the vectors of its postings are recomputed.

On SQLite the column stays NULL and every operation below does nothing; search there
falls back to matching words (see PostingFilter.filter_keyword).
"""

import django.contrib.postgres.search
from django.db import migrations

FORWARDS = """
CREATE FUNCTION postings_search_vector(
    p_title text, p_description text, p_role_id bigint, p_company_id bigint
) RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('english', coalesce(p_title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(
            (SELECT name FROM roles_role WHERE id = p_role_id), '')), 'B')
        || setweight(to_tsvector('english', coalesce(
            (SELECT name FROM postings_company WHERE id = p_company_id), '')), 'B')
        || setweight(to_tsvector('english', coalesce(p_description, '')), 'C')
$$;

CREATE FUNCTION postings_posting_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := postings_search_vector(
        NEW.title, NEW.description, NEW.role_id, NEW.company_id);
    RETURN NEW;
END
$$;

CREATE TRIGGER postings_posting_search
    BEFORE INSERT OR UPDATE OF title, description, role_id, company_id, search_vector
    ON postings_posting
    FOR EACH ROW EXECUTE FUNCTION postings_posting_search_trigger();

CREATE FUNCTION postings_role_renamed_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE postings_posting
       SET search_vector = postings_search_vector(title, description, role_id, company_id)
     WHERE role_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER postings_role_renamed
    AFTER UPDATE OF name ON roles_role
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION postings_role_renamed_trigger();

CREATE FUNCTION postings_company_renamed_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE postings_posting
       SET search_vector = postings_search_vector(title, description, role_id, company_id)
     WHERE company_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER postings_company_renamed
    AFTER UPDATE OF name ON postings_company
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION postings_company_renamed_trigger();

-- Rows that existed before this migration.
UPDATE postings_posting
   SET search_vector = postings_search_vector(title, description, role_id, company_id);

-- Kept out of Meta.indexes: SQLite cannot build a GIN index, and Django rebuilds a SQLite
-- table's indexes from the model state whenever a later migration remakes the table.
CREATE INDEX posting_search_gin ON postings_posting USING gin (search_vector);
"""

BACKWARDS = """
DROP INDEX IF EXISTS posting_search_gin;
DROP TRIGGER IF EXISTS postings_company_renamed ON postings_company;
DROP TRIGGER IF EXISTS postings_role_renamed ON roles_role;
DROP TRIGGER IF EXISTS postings_posting_search ON postings_posting;
DROP FUNCTION IF EXISTS postings_company_renamed_trigger();
DROP FUNCTION IF EXISTS postings_role_renamed_trigger();
DROP FUNCTION IF EXISTS postings_posting_search_trigger();
DROP FUNCTION IF EXISTS postings_search_vector(text, text, bigint, bigint);
"""


def on_postgresql(sql: str):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("postings", "0001_initial"),
        ("roles", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="posting",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(on_postgresql(FORWARDS), on_postgresql(BACKWARDS)),
    ]
