"""What `make bench` measures. To benchmark a new page, add one line to PAGES."""

import os

SIZES = [1_000, 10_000, 100_000]
SEED = 6

# Filters used by the filtered list, the search and the API, chosen to match a fair share of
# the demo board: one role of about twenty, hybrid (a quarter), one city of eleven.
ROLE = "machine-learning-engineer"
REMOTE = "hybrid"
CITY = "san-francisco"
HUB = "austin"
QUERY = "pytorch"
FILTERS = f"role={ROLE}&remote={REMOTE}&city={CITY}"
SALARIES = f"role={ROLE}&level=senior&country=US"
# The real salary survey, imported into the bench database when the file is there (a few
# seconds); without it the salary index page is skipped.
# `make bench` passes the Makefile's SALARY_CSV (relative to the repository).
SALARY_CSV = os.environ.get("SALARY_CSV", "../shared/data/aijobs-salaries-2025-01-19.csv")

# (name, address, kind). "{posting}" becomes the address of a live posting. The kind picks
# the latency target: "list" (lists and the API) or "detail" (one posting).
PAGES = [
    ("home", "/", "list"),
    ("jobs, unfiltered", "/jobs/", "list"),
    ("jobs, role+remote+city", f"/jobs/?{FILTERS}", "list"),
    ("jobs, keyword", f"/jobs/?q={QUERY}", "list"),
    ("posting page", "{posting}", "detail"),
    ("role page", f"/roles/{ROLE}/", "list"),
    ("hub page", f"/hubs/{HUB}/", "list"),
    ("salary index", f"/salaries/?{SALARIES}", "list"),
    ("API, unfiltered", "/api/v1/postings/", "list"),
    ("API, role+remote+city", f"/api/v1/postings/?{FILTERS}", "list"),
    ("API, keyword", f"/api/v1/postings/?q={QUERY}", "list"),
]

# Targets at the largest size (milliseconds).
P50_TARGET = {"list": 30, "detail": 15}
P99_TARGET = 150
GROWTH_LIMIT = 1.5  # p50 at the largest size over p50 at the smallest

# Load: one wrk thread, four connections, five seconds per page. Workers as
# jobboard/gunicorn.conf.py would choose on this machine: two per core plus one.
WRK_ARGS = ["-t1", "-c4", "-d5s", "--timeout", "2s", "--latency"]
WORKERS = 2 * os.cpu_count() + 1
PORT = 8765
