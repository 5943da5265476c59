"""Full-text search for postings on SQLite: an FTS5 index kept current by triggers.

The index holds, per posting (its rowid is the posting's id), the title, the role and
company names and the description, tokenised with the Porter stemmer, so `engineers`
finds `engineer` as PostgreSQL's English configuration does. Triggers keep it current
whatever writes the rows (bulk inserts, queryset updates, a renamed role or company).

Django rebuilds a SQLite table to alter it (a new table is filled and renamed over the
old one), which drops the triggers on it. `ensure_index()` therefore runs after every
`migrate` (PostingsConfig.ready) as well as in migration 0008: it makes whatever is
missing and refills the index when it does not hold exactly the postings there are.
"""

TABLE = "postings_posting_fts"

CREATE_TABLE = """
CREATE VIRTUAL TABLE IF NOT EXISTS postings_posting_fts USING fts5(
    title, role_name, company_name, description,
    tokenize = 'porter unicode61 remove_diacritics 2'
)
"""

TRIGGERS = {
    "postings_posting_fts_insert": """
        CREATE TRIGGER IF NOT EXISTS postings_posting_fts_insert
        AFTER INSERT ON postings_posting BEGIN
            INSERT INTO postings_posting_fts(rowid, title, role_name, company_name, description)
            VALUES (
                new.id, new.title,
                coalesce((SELECT name FROM roles_role WHERE id = new.role_id), ''),
                coalesce((SELECT name FROM postings_company WHERE id = new.company_id), ''),
                new.description);
        END
    """,
    "postings_posting_fts_update": """
        CREATE TRIGGER IF NOT EXISTS postings_posting_fts_update
        AFTER UPDATE OF title, description, role_id, company_id ON postings_posting BEGIN
            DELETE FROM postings_posting_fts WHERE rowid = old.id;
            INSERT INTO postings_posting_fts(rowid, title, role_name, company_name, description)
            VALUES (
                new.id, new.title,
                coalesce((SELECT name FROM roles_role WHERE id = new.role_id), ''),
                coalesce((SELECT name FROM postings_company WHERE id = new.company_id), ''),
                new.description);
        END
    """,
    "postings_posting_fts_delete": """
        CREATE TRIGGER IF NOT EXISTS postings_posting_fts_delete
        AFTER DELETE ON postings_posting BEGIN
            DELETE FROM postings_posting_fts WHERE rowid = old.id;
        END
    """,
    "postings_role_fts_renamed": """
        CREATE TRIGGER IF NOT EXISTS postings_role_fts_renamed
        AFTER UPDATE OF name ON roles_role WHEN old.name IS NOT new.name BEGIN
            UPDATE postings_posting_fts SET role_name = new.name
             WHERE rowid IN (SELECT id FROM postings_posting WHERE role_id = new.id);
        END
    """,
    "postings_company_fts_renamed": """
        CREATE TRIGGER IF NOT EXISTS postings_company_fts_renamed
        AFTER UPDATE OF name ON postings_company WHEN old.name IS NOT new.name BEGIN
            UPDATE postings_posting_fts SET company_name = new.name
             WHERE rowid IN (SELECT id FROM postings_posting WHERE company_id = new.id);
        END
    """,
}

REFILL = """
INSERT INTO postings_posting_fts(rowid, title, role_name, company_name, description)
SELECT p.id, p.title, coalesce(r.name, ''), coalesce(c.name, ''), p.description
  FROM postings_posting p
  LEFT JOIN roles_role r ON r.id = p.role_id
  LEFT JOIN postings_company c ON c.id = p.company_id
"""

# The index is in step when it holds one row per posting and none for a posting that is gone.
IN_STEP = """
SELECT (SELECT count(*) FROM postings_posting_fts) = (SELECT count(*) FROM postings_posting)
   AND NOT EXISTS (
       SELECT 1 FROM postings_posting_fts f LEFT JOIN postings_posting p ON p.id = f.rowid
        WHERE p.id IS NULL)
"""


DROP_TRIGGERS = [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS]


def ensure_index(connection) -> None:
    """Make the index and its triggers where missing, and refill the index if it is not in
    step with the postings. Does nothing on other databases, or before the tables exist."""
    if connection.vendor != "sqlite":
        return
    tables = set(connection.introspection.table_names())
    if not {"postings_posting", "roles_role", "postings_company"} <= tables:
        return
    with connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE)
        for sql in TRIGGERS.values():
            cursor.execute(sql)
        cursor.execute(IN_STEP)
        if not cursor.fetchone()[0]:
            cursor.execute("DELETE FROM postings_posting_fts")
            cursor.execute(REFILL)


def drop_index(connection) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for sql in DROP_TRIGGERS:
            cursor.execute(sql)
        cursor.execute("DROP TABLE IF EXISTS postings_posting_fts")
