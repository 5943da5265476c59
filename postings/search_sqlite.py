"""Full-text search for postings on SQLite: an FTS5 index kept current by triggers.

The index holds, per posting (its rowid is the posting's id), the title, the role and
company names and the description, tokenised with the Porter stemmer, so `engineers`
finds `engineer` as PostgreSQL's English configuration does. Triggers keep it current
whatever writes the rows (bulk inserts, queryset updates, a renamed role or company).

Django rebuilds a SQLite table to alter it (a new table is filled and renamed over the
old one). That drops the triggers on the table, and the rename fails outright while a
trigger on another table (a renamed role or company) still names the dropped one. So the
triggers live outside migrations: `drop_triggers()` runs before every `migrate` and
`ensure_index()` after it (PostingsConfig.ready), which makes the triggers again and
refills the index from the postings, since rows may have changed while they were away.
Migration 0008 makes the index itself.
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


def _ready(connection) -> bool:
    if connection.vendor != "sqlite":
        return False
    tables = set(connection.introspection.table_names())
    return {"postings_posting", "roles_role", "postings_company"} <= tables


def create_index(connection) -> None:
    """Make the index and fill it (migration 0008)."""
    if _ready(connection):
        with connection.cursor() as cursor:
            cursor.execute(CREATE_TABLE)
            cursor.execute("DELETE FROM postings_posting_fts")
            cursor.execute(REFILL)


def ensure_index(connection) -> None:
    """Make the index and its triggers where missing; refill the index when a trigger was
    missing (writes may have passed unseen) or it does not hold exactly the postings.
    Does nothing on other databases, or before the tables exist."""
    if not _ready(connection):
        return
    with connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE)
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        complete = set(TRIGGERS) <= {name for (name,) in cursor.fetchall()}
        for sql in TRIGGERS.values():
            cursor.execute(sql)
        cursor.execute(IN_STEP)
        if not complete or not cursor.fetchone()[0]:
            cursor.execute("DELETE FROM postings_posting_fts")
            cursor.execute(REFILL)


def drop_triggers(connection) -> None:
    """Before a migrate: nothing may name a table that the migration rebuilds."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for sql in DROP_TRIGGERS:
                cursor.execute(sql)


def drop_index(connection) -> None:
    if connection.vendor != "sqlite":
        return
    drop_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS postings_posting_fts")
