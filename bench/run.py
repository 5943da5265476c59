"""`make bench`: fill PostgreSQL, serve it with gunicorn, load it with wrk, write RESULTS.md.

Everything runs on this machine over loopback and every loop is bounded. Settings come from
the environment:

    BENCH_DATABASE   database to (re)create, default jobboard_bench (dropped at the end)
    PGHOST, PGPORT, PGUSER   where PostgreSQL is, default 127.0.0.1:5432 as postgres
    BENCH_SIZES      e.g. "1000,10000" to run fewer sizes
    BENCH_OUTPUT     file to write, default bench/RESULTS.md (the part between the markers)
    BENCH_KEEP_DATABASE  set to keep the filled database afterwards, to profile it
    SALARY_CSV       the salary survey to import (relative to the repository), if present
    BENCH_REDIS_URL  the cache, as production has it: default redis://127.0.0.1:6379/0, used
                     when it answers (keys prefixed per run); "none" keeps each worker's memory
    POSTING_COUNTS_CACHE_SECONDS  passed through: 0 measures without cached counts
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

import config

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
START, END = "<!-- results:start -->", "<!-- results:end -->"


def log(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def ensure_wrk() -> str:
    if shutil.which("wrk"):
        return shutil.which("wrk")
    log("wrk is missing; installing it from the Debian packages")
    subprocess.run(["apt-get", "update", "-qq"], check=True, timeout=300)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, timeout=300)
    return shutil.which("wrk") or sys.exit("could not install wrk")


class Database:
    def __init__(self) -> None:
        self.name = os.environ.get("BENCH_DATABASE", "jobboard_bench")
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", self.name):
            sys.exit(f"BENCH_DATABASE must be a plain lower-case name, not {self.name!r}")
        host = os.environ.get("PGHOST", "127.0.0.1")
        port = os.environ.get("PGPORT", "5432")
        user = os.environ.get("PGUSER", "postgres")
        self.server = f"postgres://{user}@{host}:{port}"
        self.url = f"{self.server}/{self.name}"

    def admin(self, sql: str) -> None:
        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as conn:
            conn.execute(sql)

    def create(self) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.admin(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def vacuum(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")


def redis_url() -> str:
    """The Redis the board will share between its workers, as in production, if it answers."""
    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    if url == "none":
        return ""
    where = urlsplit(url)
    try:
        socket.create_connection((where.hostname, where.port or 6379), timeout=2).close()
    except OSError:
        log(f"no Redis at {url}: each worker keeps its own cache in memory")
        return ""
    return url


def environment(database: Database) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    if url := redis_url():
        # A prefix of its own, so nothing cached by an earlier run or another user is read.
        env.update(REDIS_URL=url, CACHE_KEY_PREFIX=f"bench-{secrets.token_hex(4)}")
    env.update(
        DATABASE_URL=database.url,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        BENCH_QUERY_COUNT="true",
        DATABASE_CONN_MAX_AGE="600",
        WEB_CONCURRENCY=str(config.WORKERS),
        GUNICORN_BIND=f"127.0.0.1:{config.PORT}",
        GUNICORN_ACCESSLOG="",
        GUNICORN_MAX_REQUESTS="0",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=900)


class Server:
    """gunicorn with the project's config file, started and stopped within bounded waits."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.base = f"http://127.0.0.1:{config.PORT}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        self.process = subprocess.Popen(
            [GUNICORN, "-c", "jobboard/gunicorn.conf.py"], cwd=ROOT, env=self.env
        )
        for _ in range(60):
            time.sleep(0.5)
            try:
                if self.get("/healthz")[0] == 200 and len(self.workers()) == config.WORKERS:
                    return self
            except OSError:
                continue
        self.__exit__()
        sys.exit("gunicorn did not come up within 30 seconds")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as response:  # noqa: S310
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def workers(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in children]

    def peak_memory_mb(self) -> list[float]:
        peaks = []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            kb = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))
            peaks.append(round(kb / 1024, 1))
        return peaks


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output: str) -> dict:
    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return round(float(match.group(1)) * UNITS[match.group(2)], 2)

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)
    if not re.search(r"^\s+50%", output, re.M):  # every request timed out: no distribution
        return {
            "rps": 0.0,
            "p50": None,
            "p99": None,
            "requests": 0,
            "errors": 0,
            "timeouts": int(timeouts.group(1)) if timeouts else 0,
        }
    return {
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
    }


def rows_shown(body: bytes, headers: dict[str, str]) -> int:
    """How many postings a page lists: a page's cost follows it, so sizes compare alike."""
    if headers.get("Content-Type", "").startswith("application/json"):
        return len(json.loads(body).get("results", []))
    return body.count(b'<li class="posting-row">')


def run_size(size: int, env: dict[str, str], wrk: str) -> dict:
    results: dict = {"size": size, "pages": {}}
    with Server(env) as server:
        # A posting in a US city, so the page runs the same queries at every size: the
        # salary-survey placement is asked only for a posting with a country (a city's, or
        # the one country a remote job is open to), and the newest posting may have none.
        status, _, body = server.get(f"/api/v1/postings/?city={config.CITY}&page_size=1")
        posting = json.loads(body)["results"][0]["url"].split("://", 1)[1].split("/", 1)[1]
        for name, template, kind in config.PAGES:
            path = template.replace("{posting}", "/" + posting)
            status, headers, body = server.get(path)
            cold_queries = headers.get("X-Query-Count")
            if status == 404:
                results["pages"][name] = {"path": path, "skipped": "404: page not built yet"}
                log(f"{size:>7,} {name}: 404, skipped")
                continue
            # Warm every worker (templates compiled, connection open, counts cached) with a
            # second of the same load, so the measured window sees the steady state.
            subprocess.run(
                [wrk, "-t1", "-c4", "-d1s", server.base + path], capture_output=True, timeout=30
            )
            status, headers, _ = server.get(path)
            run = subprocess.run(
                [wrk, *config.WRK_ARGS, server.base + path],
                capture_output=True,
                text=True,
                timeout=60,
            )
            measured = parse_wrk(run.stdout)
            measured.update(
                path=path,
                kind=kind,
                status=status,
                queries=int(headers.get("X-Query-Count", -1)),
                cold_queries=int(cold_queries or -1),
                rows=rows_shown(body, headers),
            )
            results["pages"][name] = measured
            log(
                f"{size:>7,} {name}: {measured['rps']:.0f} req/s, p50 {measured['p50']} ms, "
                f"{measured['timeouts']} over 2 s, "
                f"p99 {measured['p99']} ms, {measured['queries']} queries"
            )
        results["memory_mb"] = server.peak_memory_mb()
    paths = [page["path"] for page in results["pages"].values() if "skipped" not in page]
    explained = subprocess.run(
        [PYTHON, str(BENCH / "explain.py"), *paths],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    sql = json.loads(explained.stdout.strip().splitlines()[-1])
    for page in results["pages"].values():
        if "skipped" not in page:
            page["sql"] = sql[page["path"]]
    return results


def verdicts(runs: list[dict]) -> list[str]:
    first, last = runs[0], runs[-1]
    lines = []
    for name, page in last["pages"].items():
        if "skipped" in page:
            continue
        target = config.P50_TARGET[page["kind"]]
        small = first["pages"][name]
        if page["p50"] is None:
            lines.append(f"| {name} | MISSED: every request took over 2 s |")
            continue
        growth = page["p50"] / small["p50"] if small.get("p50") else float("nan")
        rows = f"; rows listed {small['rows']} and {page['rows']}"
        rows = rows if small.get("rows") != page.get("rows") else ""
        counts = {run["pages"][name].get("queries") for run in runs}
        checks = [
            ("p50", page["p50"] < target, f"{page['p50']} ms < {target}"),
            ("p99", page["p99"] < config.P99_TARGET, f"{page['p99']} ms < {config.P99_TARGET}"),
            (
                "growth",
                growth <= config.GROWTH_LIMIT,
                f"x{growth:.2f} <= {config.GROWTH_LIMIT}{rows}",
            ),
            ("queries", len(counts) == 1, "same at every size" if len(counts) == 1 else counts),
        ]
        marks = "; ".join(
            f"{label} {'met' if ok else 'MISSED'} ({detail})" for label, ok, detail in checks
        )
        lines.append(f"| {name} | {marks} |")
    return lines


def report(runs: list[dict], started: datetime, seconds: float) -> str:
    env_note = "Redis" if runs[0].get("redis") else "local memory (per worker)"
    counts_cache = os.environ.get("POSTING_COUNTS_CACHE_SECONDS", "30 (default)")
    out = [
        START,
        f"Run {started:%Y-%m-%d %H:%M} UTC, {seconds / 60:.1f} minutes; {os.cpu_count()} cores, "
        f"{config.WORKERS} gunicorn sync workers, DEBUG off, PostgreSQL on the same machine; "
        f"cache: {env_note}; POSTING_COUNTS_CACHE_SECONDS={counts_cache}; "
        f"wrk {' '.join(config.WRK_ARGS)} per page, after one second of the same load "
        "to warm every worker.",
        "",
        "Columns: postings the page lists (its cost follows them: a filter that matches "
        "nothing on a small board is cheaper to show); requests per second; p50 and p99 "
        "latency in ms as wrk measured them; SQL "
        "queries per request once warm (and on a cold request, nothing cached); the database's "
        "own time for the cold request's queries from EXPLAIN ANALYZE (ms), beside the request "
        "time, so what is spent above the database shows.",
        "",
    ]
    for run in runs:
        out += [
            f"### {run['size']:,} live postings",
            "",
            "Load average (1, 5, 15 min) just before this size: "
            + ", ".join(f"{value:.2f}" for value in run.get("load", ())),
            "",
            "| page | rows | req/s | p50 ms | p99 ms | queries warm (cold) "
            "| SQL ms, cold (slowest) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, page in run["pages"].items():
            if "skipped" in page:
                out.append(f"| {name} `{page['path']}` | {page['skipped']} | | | | | |")
                continue
            sql = page["sql"]
            errors = f" ({page['errors']} non-2xx)" if page["errors"] else ""
            if page["timeouts"]:
                errors += f" ({page['timeouts']} over 2 s)"
            out.append(
                f"| {name} `{page['path'][:60]}` | {page['rows']} | {page['rps']:.0f}{errors} | "
                f"{page['p50']} | "
                f"{page['p99']} | {page['queries']} ({sql['queries']}) | "
                f"{sql['sql_ms']} ({sql['slowest_ms']}) |"
            )
        memory = ", ".join(f"{mb} MB" for mb in run["memory_mb"])
        out += ["", f"Peak memory of each worker (VmHWM): {memory}.", ""]
    out += [
        f"### Targets at {runs[-1]['size']:,} postings",
        "",
        "| page | verdict |",
        "| --- | --- |",
        *verdicts(runs),
        END,
    ]
    return "\n".join(out)


def write(text: str) -> Path:
    target = Path(os.environ.get("BENCH_OUTPUT", BENCH / "RESULTS.md"))
    old = target.read_text() if target.exists() else f"# Benchmark results\n\n{START}\n{END}\n"
    if START in old and END in old:
        head, rest = old.split(START, 1)
        new = head + text + rest.split(END, 1)[1]
    else:
        new = old.rstrip() + "\n\n" + text + "\n"
    target.write_text(new)
    return target


def main() -> None:
    started, clock = datetime.now(UTC), time.monotonic()
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "").split(",") if s] or config.SIZES
    wrk = ensure_wrk()
    database = Database()
    env = environment(database)
    log(f"database {database.name}: creating, migrating, loading the catalogue")
    database.create()
    runs = []
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_catalogue")
        manage(env, "collectstatic", "--noinput", "-v0")
        survey = ROOT / config.SALARY_CSV
        if survey.is_file():
            log(f"importing the salary survey from {survey}")
            manage(env, "import_salaries", str(survey), "--source", survey.stem)
        else:
            log(f"no salary survey at {survey}: the salary index page will show no figures")
        have = 0
        for size in sorted(sizes):
            log(f"seeding up to {size:,} live postings")
            manage(env, "seed_demo", "--count", str(size - have), "--seed", str(config.SEED + size))
            have = size
            database.vacuum()
            load = os.getloadavg()
            log(f"load average before {size:,}: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
            run = run_size(size, env, wrk)
            run["load"] = load
            run["redis"] = bool(env.get("REDIS_URL"))
            runs.append(run)
    finally:
        if os.environ.get("BENCH_KEEP_DATABASE"):
            log(f"keeping database {database.name} (BENCH_KEEP_DATABASE is set): drop it yourself")
        else:
            database.drop()
    target = write(report(runs, started, time.monotonic() - clock))
    log(f"wrote {target} in {(time.monotonic() - clock) / 60:.1f} minutes")


if __name__ == "__main__":
    main()
