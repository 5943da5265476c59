#!/usr/bin/env bash
# Time `import_salaries` on the real survey, several runs, on the database in DATABASE_URL.
# Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/DB bench/import.sh [CSV] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
csv="${1:-../shared/data/aijobs-salaries-2025-01-19.csv}"
runs="${2:-5}"
.venv/bin/python manage.py migrate --noinput >/dev/null
.venv/bin/python manage.py load_catalogue >/dev/null
echo "cpus: $(nproc); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  .venv/bin/python manage.py import_salaries "$csv" --source bench-aijobs >/dev/null
  end=$(date +%s.%N)
  printf 'run %d: %.2f s (load %s)\n' "$i" "$(echo "$end - $start" | bc)" "$(cut -d' ' -f1 /proc/loadavg)"
done
