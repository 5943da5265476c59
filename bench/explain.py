"""Run inside the benchmark's environment: for each address, the SQL a cold request runs.

Requests each address once with Django's test client (cache cleared first, so nothing is
served from it), captures the SQL, runs EXPLAIN ANALYZE on every SELECT and prints JSON:
the number of queries and the database's own execution time, summed.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobboard.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def explain(sql: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Execution Time"]


def measure(path: str) -> dict:
    cache.clear()
    client = Client(HTTP_HOST="127.0.0.1")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    timings = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.lstrip().upper().startswith("SELECT"):
            timings.append((explain(sql), sql))
    timings.sort(reverse=True)
    return {
        "status": response.status_code,
        "queries": len(captured.captured_queries),
        "sql_ms": round(sum(ms for ms, _ in timings), 2),
        "slowest_ms": round(timings[0][0], 2) if timings else 0,
        "slowest_sql": timings[0][1][:300] if timings else "",
    }


if __name__ == "__main__":
    print(json.dumps({path: measure(path) for path in sys.argv[1:]}))
